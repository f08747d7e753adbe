"""Filters shared by the public pages and the open-data API (django-filter)."""

from __future__ import annotations

from typing import Any

import django_filters as df
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Department
from core.dates import iso_day
from disclosure.search import SearchQueryError, firm_match_q, search_query_clean
from enterprises.models import (
    Enterprise,
    Industry,
    LicenceRecord,
    PenaltyRecord,
    Product,
    ProductCategory,
    RecallMode,
    RecallRecord,
    RecallStatus,
)
from enterprises.models.region import region_prefix_clean
from enterprises.uscc import normalise, uscc_error
from lists.models import AbnormalListing, BlacklistEntry
from lists.rules import abnormal_current_q, entry_in_force_q
from ratings.models import Grade
from ratings.red_list import red_list_q


class DayField(forms.DateField):
    """A day only as YYYY-MM-DD (core.dates.iso_day, intake's reading; what a date input sends
    and the API schema states), not the locale's other forms (10/25/2006, 2006/10/25)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        day = iso_day(value)
        if day is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return day


class DayFilter(df.DateFilter):
    field_class = DayField


class RegionCodeField(forms.CharField):
    """A GB/T 2260 code of 2, 4 or 6 digits (440000, 4403, 440305); cleans to its prefix."""

    def clean(self, value: Any) -> str:
        value = (super().clean(value) or "").strip()
        return region_prefix_clean(value) if value else ""


class RegionFilter(df.Filter):
    field_class = RegionCodeField

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        return qs.filter(**{f"{self.field_name}__startswith": value}) if value else qs


class ListKind:
    RED = "red"
    BLACK = "black"
    ABNORMAL = "abnormal"
    CHOICES = (
        (RED, _("Red list")),
        (BLACK, _("Blacklist")),
        (ABNORMAL, _("Abnormal-operations list")),
    )


def on_blacklist() -> Exists:
    return Exists(
        BlacklistEntry.objects.filter(
            entry_in_force_q(today=timezone.localdate()), enterprise_id=OuterRef("pk")
        )
    )


def on_abnormal_list() -> Exists:
    return Exists(
        AbnormalListing.objects.filter(abnormal_current_q(), enterprise_id=OuterRef("pk"))
    )


class EnterpriseFilter(df.FilterSet):
    region = RegionFilter(field_name="region__code", label=_("Region"))
    industry = df.ChoiceFilter(choices=Industry.choices, label=_("Industry"))
    grade = df.ChoiceFilter(field_name="grade__grade", choices=Grade.choices, label=_("Grade"))
    list = df.ChoiceFilter(choices=ListKind.CHOICES, method="filter_list", label=_("List"))

    class Meta:
        model = Enterprise
        fields: list[str] = []

    def filter_list(self, qs: QuerySet[Enterprise], name: str, value: str) -> QuerySet[Enterprise]:
        if value == ListKind.RED:
            return qs.filter(red_list_q(prefix="grade__"))
        if value == ListKind.BLACK:
            return qs.filter(on_blacklist())
        if value == ListKind.ABNORMAL:
            return qs.filter(on_abnormal_list())
        return qs


class RedListFilter(df.FilterSet):
    region = RegionFilter(field_name="region__code", label=_("Region"))
    industry = df.ChoiceFilter(choices=Industry.choices, label=_("Industry"))
    grade = df.ChoiceFilter(field_name="grade__grade", choices=Grade.choices, label=_("Grade"))
    since_from = DayFilter(
        field_name="grade__grade_since",
        lookup_expr="gte",
        label=_("Grade held since (from)"),
    )
    since_to = DayFilter(
        field_name="grade__grade_since",
        lookup_expr="lte",
        label=_("Grade held since (to)"),
    )

    class Meta:
        model = Enterprise
        fields: list[str] = []


class BlacklistFilter(df.FilterSet):
    region = RegionFilter(field_name="enterprise__region__code", label=_("Region"))
    industry = df.ChoiceFilter(
        field_name="enterprise__industry", choices=Industry.choices, label=_("Industry")
    )
    grade = df.ChoiceFilter(
        field_name="enterprise__grade__grade", choices=Grade.choices, label=_("Grade")
    )
    listed_from = DayFilter(field_name="listed_on", lookup_expr="gte", label=_("Listed from"))
    listed_to = DayFilter(field_name="listed_on", lookup_expr="lte", label=_("Listed until"))

    class Meta:
        model = BlacklistEntry
        fields: list[str] = []


class SearchTextField(forms.CharField):
    """Firm name or code as the public search reads it (folded, bounded)."""

    def clean(self, value: Any) -> str:
        try:
            return search_query_clean(super().clean(value) or "")
        except SearchQueryError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


class SearchTextFilter(df.Filter):
    field_class = SearchTextField

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        return (
            qs.filter(firm_match_q(value, field=self.field_name or "enterprise_id"))
            if value
            else qs
        )


def _departments() -> QuerySet[Department]:
    return Department.objects.order_by("code")


class _DualPublicityFilter(df.FilterSet):
    """双公示: the filters the licence and penalty lists share (their records' fields)."""

    q = SearchTextFilter(field_name="enterprise_id", label=_("Name or code"))
    region = RegionFilter(field_name="enterprise__region__code", label=_("Region"))
    industry = df.ChoiceFilter(
        field_name="enterprise__industry", choices=Industry.choices, label=_("Industry")
    )
    department = df.ModelChoiceFilter(
        field_name="source_department",
        queryset=_departments(),
        to_field_name="code",
        label=_("Department"),
    )


class LicenceFilter(_DualPublicityFilter):
    decided_from = DayFilter(field_name="issued_on", lookup_expr="gte", label=_("Issued from"))
    decided_to = DayFilter(field_name="issued_on", lookup_expr="lte", label=_("Issued until"))

    class Meta:
        model = LicenceRecord
        fields: list[str] = []


class PenaltyFilter(_DualPublicityFilter):
    decided_from = DayFilter(field_name="decided_on", lookup_expr="gte", label=_("Decided from"))
    decided_to = DayFilter(field_name="decided_on", lookup_expr="lte", label=_("Decided until"))

    class Meta:
        model = PenaltyRecord
        fields: list[str] = []


def filter_errors(filterset: Any) -> list[str]:
    """The messages of an invalid filter set, for a page or a plain-text answer."""
    return [str(e) for errors in filterset.errors.values() for e in errors]


class UsccField(forms.CharField):
    """A unified social credit code, normalised (full-width, case, spaces) and check-verified;
    a malformed one is refused with the check that failed."""

    def clean(self, value: Any) -> str:
        code = normalise((super().clean(value) or "").strip())
        if not code:
            return ""
        problem = uscc_error(code)
        if problem is not None:
            raise ValidationError(problem.message, code=problem.check)
        return code


class UsccFilter(df.Filter):
    field_class = UsccField

    def filter(self, qs: QuerySet[Any], value: str) -> QuerySet[Any]:
        return qs.filter(**{str(self.field_name): value}) if value else qs


class ProductFilter(df.FilterSet):
    enterprise = UsccFilter(field_name="enterprise__uscc", label=_("Maker's code"))
    category = df.ChoiceFilter(choices=ProductCategory.choices[1:], label=_("Product category"))

    class Meta:
        model = Product
        fields: list[str] = []


class RecallFilter(df.FilterSet):
    enterprise = UsccFilter(field_name="enterprise__uscc", label=_("Firm's code"))
    status = df.ChoiceFilter(choices=RecallStatus.choices, label=_("Status"))
    mode = df.ChoiceFilter(choices=RecallMode.choices, label=_("Voluntary or ordered"))
    recalled_from = DayFilter(field_name="recalled_on", lookup_expr="gte", label=_("Started from"))
    recalled_to = DayFilter(field_name="recalled_on", lookup_expr="lte", label=_("Started until"))

    class Meta:
        model = RecallRecord
        fields: list[str] = []
