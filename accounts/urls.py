from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import two_factor, views
from accounts.throttle import ThrottledAuthenticationForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            redirect_authenticated_user=True,
            authentication_form=ThrottledAuthenticationForm,
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.home, name="home"),
    path("2fa/setup/", two_factor.setup, name="2fa_setup"),
    path("2fa/verify/", two_factor.verify, name="2fa_verify"),
]
