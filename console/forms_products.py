from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import ProductCategory, ProductRisk


class ProductCorrectForm(forms.Form):
    """A regulator's correction of a product; its GTIN and maker stay as declared."""

    name = forms.CharField(label=_("Product name"), max_length=200)
    brand = forms.CharField(label=_("Brand"), max_length=100, required=False)
    standard = forms.CharField(label=_("Standard followed"), max_length=100, required=False)
    product_risk = forms.ChoiceField(
        label=_("Product risk category"), choices=ProductRisk.choices, required=False
    )
    category = forms.ChoiceField(
        label=_("Product category"), choices=ProductCategory.choices, required=False
    )
    confirmed = forms.BooleanField(label=_("Confirmed as the maker's product"), required=False)
