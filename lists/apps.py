from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from enterprises.services.standing import penalty_fall_listen


class ListsConfig(AppConfig):
    """The blacklist, the abnormal-operations list, restriction measures and the list rules."""

    name = "lists"
    # The label the tables, migrations and permissions were created under.
    label = "blacklist"
    verbose_name = _("Lists and restrictions")

    def ready(self) -> None:
        # Entries rest on penalties; the credit file below cannot call us, so it is told whom.
        penalty_fall_listen(path="lists.entries.blacklist_entries_basis_fall")
