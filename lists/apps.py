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
        penalty_fall_listen(path="lists.removal.blacklist_entries_basis_fall")
        # Intake checks a penalty's type of violation against the list policy in force.
        from enterprises.intake_fields import codes_source  # the models are ready only now

        codes_source(name="violation_types", path="lists.rules.violation_types")
