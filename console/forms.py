from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from dueprocess.models import RetestResult
from enterprises.intake_fields import SPECS


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=(("yes", _("Uphold / approve")), ("no", _("Reject"))),
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class RetestForm(forms.Form):
    """The re-test (复检) of a failed sampling objected to."""

    lab = forms.CharField(label=_("Re-test laboratory"), max_length=200)
    tested_on = forms.DateField(
        label=_("Re-tested on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    result = forms.ChoiceField(label=_("Re-test result"), choices=RetestResult.choices)


class StepForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class StatementAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the statement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    person = forms.CharField(label=_("Person in charge interviewed"), max_length=64)
    notes = forms.CharField(
        label=_("Notes and agreed corrections"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    firm = forms.CharField(label=_("Enterprise code"), required=False, max_length=18)
    action = forms.CharField(label=_("Action begins with"), required=False, max_length=64)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class TokenForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    name = forms.CharField(label=_("What the token is for"), max_length=80)

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101  # narrows the type
        field.queryset = departments


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Records"),
        choices=[(k, SPECS[k].model._meta.verbose_name_plural) for k in sorted(SPECS)],
    )
    file = forms.FileField(label=_("CSV or XLSX file (header row = the API's field names)"))
