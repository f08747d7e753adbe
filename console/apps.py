from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """The regulator console: work queues, a firm's timeline, the audit log, tokens, imports."""

    name = "console"
    verbose_name = _("Regulator console")
