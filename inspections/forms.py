from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import DefectSeverity, Industry, InspectionResult, ProductCategory
from inspections.models import InspectionItem


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    region = forms.CharField(label=_("Region code (2, 4 or 6 digits)"), max_length=6)
    industry = forms.ChoiceField(
        label=_("Industry"), choices=[("", _("All")), *Industry.choices], required=False
    )
    # Categories a product can be confirmed in; "not yet classified" is no narrowing.
    product_category = forms.ChoiceField(
        label=_("Only firms making products of the category"),
        choices=[("", _("All")), *ProductCategory.choices[1:]],
        required=False,
    )
    period_start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    items = forms.ModelMultipleChoiceField(
        label=_("Inspection items"),
        queryset=InspectionItem.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    seed = forms.CharField(
        label=_("Random seed (leave empty for a fresh one; it is published with the plan)"),
        max_length=64,
        required=False,
    )


class ResultForm(forms.Form):
    product = forms.CharField(label=_("Product or matter checked"), max_length=200)
    inspected_on = forms.DateField(
        label=_("Inspected on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    result = forms.ChoiceField(label=_("Result"), choices=InspectionResult.choices)
    defect_severity = forms.ChoiceField(
        label=_("Defect severity"), choices=DefectSeverity.choices, required=False
    )
    lab = forms.CharField(label=_("Testing laboratory"), max_length=200, required=False)


class SupervisionFilterForm(forms.Form):
    """The supervision plan's filters (GET): a region within the jurisdiction and a year."""

    region = forms.CharField(
        label=_("Region code (2, 4 or 6 digits; empty: your jurisdiction)"),
        max_length=6,
        required=False,
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    under = forms.BooleanField(label=_("Only under-inspected firms"), required=False)
    unknown = forms.BooleanField(
        label=_("Only firms whose product risk is not set"), required=False
    )
