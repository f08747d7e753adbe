"""Forms of the console's list pages: the abnormal-operations list and listing proposals."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from enterprises.models import PenaltyRecord
from lists.models import AbnormalGround


class AbnormalListForm(forms.Form):
    uscc = forms.CharField(label=_("Enterprise code"), max_length=18, min_length=18)
    ground = forms.ChoiceField(label=_("Ground"), choices=AbnormalGround.choices)
    facts = forms.CharField(
        label=_("Facts found"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=500,
        required=False,
        help_text=_("Leave empty for the ground's article of the abnormal-operations rules."),
    )


class IdListField(forms.Field):
    """Record ids sent as repeated hidden inputs; whose records they are, the service checks."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        values = value or []
        if not isinstance(values, list | tuple) or not all(str(v).isdigit() for v in values):
            raise forms.ValidationError(_("Record ids are whole numbers."), code="invalid")
        return [int(v) for v in values]


class ProposalForm(forms.Form):
    uscc = forms.CharField(widget=forms.HiddenInput, max_length=18)
    grounds = forms.CharField(
        label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    # The basis the suggestion found (谁处罚谁列入): a penalty, or the seriously failed samplings.
    penalty_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    inspection_ids = IdListField(required=False)


class PenaltyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PenaltyRecord) -> str:
        return (
            f"{obj.decision_no} · {obj.decided_on:%Y-%m-%d} · {obj.get_kind_display()} · "
            f"{obj.source_department.name}"
        )


class FileProposalForm(forms.Form):
    """Propose a listing from the credit file, on a penalty the user's department decided."""

    penalty = PenaltyChoiceField(
        label=_("Penalty decision the listing rests on"), queryset=PenaltyRecord.objects.none()
    )
    grounds = forms.CharField(
        label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)

    def __init__(self, *args: Any, penalties: QuerySet[PenaltyRecord], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(PenaltyChoiceField, self.fields["penalty"]).queryset = penalties
