from django.urls import path

from sharing import api

urlpatterns = [
    path("subscriptions/", api.SubscriptionsApi.as_view(), name="subscriptions"),
    path("subscriptions/<int:pk>/", api.SubscriptionApi.as_view(), name="subscription"),
]
