from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import ProductCategory, ProductRisk
from enterprises.report_sections import SECTION_MAX, SECTIONS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class SignupForm(forms.Form):
    uscc = forms.CharField(label=_("Unified social credit code"), max_length=30)
    legal_representative = forms.CharField(
        label=_("Legal representative (full name)"), max_length=64
    )
    code = forms.CharField(label=_("Invitation code"), max_length=32)
    username = forms.CharField(label=_("User name"), max_length=150)
    email = forms.EmailField(label=_("Email (for notifications)"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput, strip=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year reported"), min_value=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in SECTIONS:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                max_length=SECTION_MAX,
                widget=forms.Textarea(attrs={"rows": 5}),
            )

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key, "") for key, _label in SECTIONS}


class CommitmentForm(forms.Form):
    text_version = forms.CharField(widget=forms.HiddenInput)
    signatory = forms.CharField(
        label=_("Signed by (full name of the person in charge)"), max_length=64
    )
    agree = forms.BooleanField(
        label=_("I have read the commitment and sign it for the enterprise.")
    )


class ObjectionForm(forms.Form):
    grounds = forms.CharField(
        label=_("Why the record is wrong"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    # Declared fields leave the class for base_fields, so this does not hide Form.files.
    files = MultipleFileField(label=_("Evidence (PDF, JPEG or PNG; up to 5 files)"))  # type: ignore[assignment]


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement and defence"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
    )
    hearing_requested = forms.BooleanField(label=_("We ask for a hearing."), required=False)
    files = MultipleFileField(label=_("Evidence (PDF, JPEG or PNG; up to 5 files)"))  # type: ignore[assignment]


class RepairForm(forms.Form):
    obligations_met = forms.BooleanField(
        label=_("The obligations of the decision are met (fine paid, orders carried out)."),
        required=False,
    )
    harm_remedied = forms.BooleanField(
        label=_("The harm caused has been remedied."), required=False
    )
    commitment_signed = forms.BooleanField(
        label=_("We have signed a public credit commitment."), required=False
    )
    signatory = forms.CharField(
        label=_("Commitment signed by (name)"), max_length=64, required=False
    )
    statement = forms.CharField(
        label=_("Statement"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    # Declared fields leave the class for base_fields, so this does not hide Form.files.
    files = MultipleFileField(label=_("Evidence (PDF, JPEG or PNG; up to 5 files)"))  # type: ignore[assignment]


class AbnormalRemovalForm(forms.Form):
    statement = forms.CharField(
        label=_("How the ground was corrected"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    # Declared fields leave the class for base_fields, so this does not hide Form.files.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Evidence of the correction (PDF, JPEG or PNG; 1 to 5 files)")
    )


class CompanyPrefixForm(forms.Form):
    company_prefix = forms.CharField(
        label=_("GS1 company prefix (厂商识别代码)"),
        max_length=20,
        help_text=_("As on your GS1 China (中国物品编码中心) certificate."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ProductForm(forms.Form):
    gtin = forms.CharField(
        label=_("Barcode number (GTIN)"),
        max_length=20,
        help_text=_("8, 12, 13 or 14 digits, check digit included."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Product name"), max_length=200)
    brand = forms.CharField(label=_("Brand"), max_length=100, required=False)
    standard = forms.CharField(label=_("Standard followed"), max_length=100, required=False)
    product_risk = forms.ChoiceField(
        label=_("Product risk category"), choices=ProductRisk.choices, required=False
    )
    category = forms.ChoiceField(
        label=_("Product category"), choices=ProductCategory.choices, required=False
    )
