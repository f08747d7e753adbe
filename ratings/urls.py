from django.urls import path

from ratings import views

app_name = "ratings"
urlpatterns = [
    path("", views.distribution, name="distribution"),
    path("<str:uscc>/override/", views.override_create, name="override_create"),
    path("<str:uscc>/override/<int:pk>/revoke/", views.override_revoke, name="override_revoke"),
]
