"""Forms of the console's list pages: the abnormal-operations list and listing proposals."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lists.models import AbnormalGround


class AbnormalListForm(forms.Form):
    uscc = forms.CharField(label=_("Enterprise code"), max_length=18, min_length=18)
    ground = forms.ChoiceField(label=_("Ground"), choices=AbnormalGround.choices)


class ProposalForm(forms.Form):
    uscc = forms.CharField(widget=forms.HiddenInput, max_length=18)
    grounds = forms.CharField(
        label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
