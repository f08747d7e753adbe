"""The console's subscription form: the same fields as the API, for a department the
regulator manages; the service validates them."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from sharing.models import EventType


class SubscriptionForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    url = forms.CharField(label=_("Receiving URL (https)"), max_length=500)
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )
    enterprises = forms.CharField(
        label=_("Watch-list of codes (optional; one per line; empty: the whole jurisdiction)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  # narrows the type
        field.queryset = departments

    def clean_enterprises(self) -> list[str]:
        return [c for c in re.split(r"[\s,，;；]+", self.cleaned_data["enterprises"]) if c]
