from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DueProcessConfig(AppConfig):
    """A firm's objections to records and its credit-repair applications."""

    name = "dueprocess"
    verbose_name = _("Objections and credit repair")
    default_auto_field = "django.db.models.BigAutoField"
