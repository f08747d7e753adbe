from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=(("accept", _("Accept")), ("return", _("Return with comments"))),
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
