from django.urls import path

from enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.file_list, name="file_list"),
    path("<str:uscc>/", views.file_detail, name="file_detail"),
]
