from django.urls import path

from bulk import views

app_name = "bulk"
urlpatterns = [
    path("bulk/<str:day>/<str:filename>", views.download, name="download"),
]
