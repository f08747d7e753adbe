from django.urls import path

from disclosure import views

app_name = "disclosure"
urlpatterns = [path("", views.home, name="home")]
