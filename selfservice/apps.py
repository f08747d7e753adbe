from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfServiceConfig(AppConfig):
    """The enterprise side: sign-up, colleagues, reports, commitments, objections, repair."""

    name = "selfservice"
    verbose_name = _("Enterprise self-service")
