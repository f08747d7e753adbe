from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    """Penalty publicity (SAMR Order 45): its rules, and the days penalties enter or leave it."""

    name = "publicity"
    verbose_name = _("Penalty publicity")
