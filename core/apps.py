from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground floor: building blocks every domain app may use; it imports none of them."""

    name = "core"
    verbose_name = _("Portal core")
    default_auto_field = "django.db.models.BigAutoField"
