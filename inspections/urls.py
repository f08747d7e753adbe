from django.urls import path

from inspections import views

app_name = "inspections"
urlpatterns = [
    path("console/plans/", views.plans, name="plans"),
    path("console/plans/<int:pk>/", views.plan, name="plan"),
    path("console/targets/<int:pk>/result/", views.result, name="result"),
    path("random-inspections/", views.public_plans, name="public_plans"),
    path("random-inspections/<int:pk>/", views.public_plan, name="public_plan"),
]
