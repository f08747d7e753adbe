from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The department token's security scheme for the OpenAPI generator; the sign-in counter.
from accounts import login_counts, schema  # noqa: F401


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and departments")
