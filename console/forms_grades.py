from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ratings.models import Grade
from ratings.services.overrides import MIN_REASON


class OverrideForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    reason = forms.CharField(
        label=_("Written reason"),
        min_length=MIN_REASON,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expires_on = forms.DateField(
        label=_("Expires on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class OverrideRevokeForm(forms.Form):
    reason = forms.CharField(label=_("Why it ends early"), min_length=MIN_REASON, max_length=2000)
