from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Registers the department token's security scheme with the OpenAPI generator.
from accounts import schema  # noqa: F401


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and departments")
