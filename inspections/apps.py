from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    """Random inspection planning (双随机一公开): one list of items, two pools (firms and
    inspectors), plans drawn with a published seed, results fed back into the credit files."""

    name = "inspections"
    verbose_name = _("Random inspections")
