from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListsConfig(AppConfig):
    """The blacklist, the abnormal-operations list, restriction measures and the list rules."""

    name = "lists"
    # The label the tables, migrations and permissions were created under.
    label = "blacklist"
    verbose_name = _("Lists and restrictions")
