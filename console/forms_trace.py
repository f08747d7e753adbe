from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import RecallMode, RecallStatus


class GtinSearchForm(forms.Form):
    """The console's barcode box: a GTIN's inspections at every firm that made it."""

    gtin = forms.CharField(
        label=_("Barcode number (GTIN)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class RecallFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *RecallStatus.choices], required=False
    )
    mode = forms.ChoiceField(
        label=_("Voluntary or ordered"),
        choices=[("", _("All")), *RecallMode.choices],
        required=False,
    )
