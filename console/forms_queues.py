"""The work queues' filters (GET): a region within the jurisdiction, a due-date range and
"overdue only"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.roles import covers
from console.queue_due import QueueFilters
from enterprises.models.region import region_prefix_clean


class QueueFilterForm(forms.Form):
    region = forms.CharField(
        label=_("Region code (2, 4 or 6 digits; empty: your jurisdiction)"),
        max_length=6,
        required=False,
    )
    due_from = forms.DateField(
        label=_("Due on or after"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    due_to = forms.DateField(
        label=_("Due on or before"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    overdue = forms.BooleanField(label=_("Only overdue items"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_region(self) -> str:
        value: str = self.cleaned_data["region"].strip()
        if not value:
            return ""
        region: str = region_prefix_clean(value)
        # covers() is the one reading of a jurisdiction; a prefix is inside when its region is.
        if not covers(self.user.jurisdiction, region):
            raise ValidationError(_("The region is outside your jurisdiction."))
        return region

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("due_from"), data.get("due_to")
        if start and end and start > end:
            self.add_error("due_to", _("The end of the range is before its start."))
        return data

    def filters(self) -> QueueFilters:
        """The valid filters (call after is_valid())."""
        d = self.cleaned_data
        return QueueFilters(
            region=d["region"], due_from=d["due_from"], due_to=d["due_to"], overdue=d["overdue"]
        )
