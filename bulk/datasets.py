"""The datasets of the nightly dump, one registry entry each: a name, the rows (the same query
and publication rules as the public page or API showing them) and the columns. The dump reads
every dataset in primary-key order (bulk.services), whatever order a query gives here.

A row is read as a model instance; a column takes it with the day's context and gives a plain
value (text, number, boolean, date, list or None; bulk.writer encodes it per format).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from disclosure.lists import public_blacklist, public_red_list
from disclosure.profiles import inspection_public_q
from disclosure.published import products_public, recalls_public
from dueprocess.rules import under_objection_q
from enterprises import gtin as gtins
from enterprises.models import Enterprise, InspectionRecord
from lists.models import AbnormalListing, BlacklistEntry
from lists.rules import abnormal_current_q, entry_in_force_q
from publicity.rules import PublicityRules, public_penalties, publicity_ends_on


@dataclass(frozen=True)
class DumpDay:
    """What every dataset of one dump reads by: the day and the publicity windows in force."""

    today: dt.date
    publicity: PublicityRules


Getter = Callable[[Any, DumpDay], Any]


@dataclass(frozen=True)
class Column:
    key: str  # the JSON key and the CSV header (stable names, the same in every language)
    value: Getter


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Promise
    rows: Callable[[DumpDay], QuerySet[Any]]
    columns: tuple[Column, ...]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def row(self, obj: Any, day: DumpDay) -> list[Any]:
        return [c.value(obj, day) for c in self.columns]


def _attr(path: str) -> Getter:
    get = attrgetter(path)
    return lambda obj, _day: get(obj)


def _cols(*spec: str | tuple[str, str | Getter]) -> tuple[Column, ...]:
    """Columns from `key` (the attribute of the same name), `(key, "attr.path")` or
    `(key, getter)`."""
    columns = []
    for item in spec:
        key, source = (item, item) if isinstance(item, str) else item
        columns.append(Column(key, _attr(source) if isinstance(source, str) else source))
    return tuple(columns)


def _firm_cols(prefix: str = "enterprise.") -> tuple[str | tuple[str, str | Getter], ...]:
    return (
        ("uscc", f"{prefix}uscc"),
        ("name", f"{prefix}name"),
        ("region", f"{prefix}region_id"),
    )


# Firms, with what the profile (GET /api/v1/enterprises/{uscc}/) says of their standing. The
# change feed announces every move of these columns, so dump + feed = the next dump
# (README "Bulk open data").
def _firms(day: DumpDay) -> QuerySet[Enterprise]:
    firm = OuterRef("pk")
    return (
        Enterprise.objects.select_related("region")
        .annotate(
            grade_letter=F("grade__grade"),
            supervision_mode=F("grade__supervision_mode"),
            grade_since=F("grade__grade_since"),
            on_red_list=F("grade__red_list"),
            on_blacklist=Exists(
                BlacklistEntry.objects.filter(entry_in_force_q(today=day.today), enterprise=firm)
            ),
            abnormal=Exists(AbnormalListing.objects.filter(abnormal_current_q(), enterprise=firm)),
        )
        .order_by("pk")
    )


FIRMS = Dataset(
    name="firms",
    title=_("Enterprises with grade, supervision mode and list status"),
    rows=_firms,
    columns=_cols(
        *_firm_cols(prefix=""),
        ("region_name", "region.name"),
        "industry",
        "status",
        ("grade", "grade_letter"),
        "supervision_mode",
        "grade_since",
        ("red_list", lambda f, _d: bool(f.on_red_list)),
        "on_blacklist",
        "abnormal",
    ),
)

RED_LIST = Dataset(
    name="red_list",
    title=_("Red list"),
    rows=lambda day: public_red_list(),
    columns=_cols(
        *_firm_cols(prefix=""),
        ("region_name", "region.name"),
        "industry",
        ("grade", "grade.grade"),
        ("grade_since", "grade.grade_since"),
        ("supervision_mode", "grade.supervision_mode"),
    ),
)

BLACKLIST = Dataset(
    name="blacklist",
    title=_("Blacklist (entries in force)"),
    rows=lambda day: public_blacklist(today=day.today),
    columns=_cols(
        *_firm_cols(),
        "grounds",
        "legal_basis",
        ("department", "department.name"),
        "listed_on",
        "ends_on",
    ),
)

ABNORMAL = Dataset(
    name="abnormal",
    title=_("Abnormal-operations list (current listings)"),
    rows=lambda day: (
        AbnormalListing.objects.filter(abnormal_current_q())
        .select_related("enterprise", "department")
        .order_by("listed_on", "pk")
    ),
    columns=_cols(*_firm_cols(), "ground", ("department", "department.name"), "listed_on"),
)

PENALTIES = Dataset(
    name="penalties",
    title=_("Administrative penalties in publicity"),
    rows=lambda day: (
        public_penalties(today=day.today, rules=day.publicity)
        .annotate(under_objection=under_objection_q(record_kind="penalties"))
        .select_related("enterprise", "source_department")
        .order_by("decided_on", "pk")
    ),
    columns=_cols(
        *_firm_cols(),
        "decision_no",
        "decided_on",
        ("publicity_starts_on", "publicity_start"),
        "kind",
        "amount",
        "legal_basis",
        ("department", "source_department.name"),
        ("publicity_ends_on", lambda p, day: publicity_ends_on(p, day.publicity)),
        "under_objection",
    ),
)

INSPECTIONS = Dataset(
    name="inspections",
    title=_("Published inspection results"),
    rows=lambda day: (
        InspectionRecord.objects.filter(inspection_public_q(today=day.today))
        .annotate(under_objection=under_objection_q(record_kind="inspections"))
        .select_related("enterprise", "source_department")
        .order_by("inspected_on", "pk")
    ),
    columns=_cols(
        *_firm_cols(),
        "inspected_on",
        "kind",
        "product",
        ("gtin", "gtin_code"),
        "batch",
        "level",
        "result",
        "defect_severity",
        ("department", "source_department.name"),
        "under_objection",
    ),
)

# Products and recalls as the open-data API shows them (disclosure/published.py): every product
# on file, with its maker; recalls under the inspections' publication rule.
PRODUCTS = Dataset(
    name="products",
    title=_("Products"),
    rows=lambda day: products_public(),
    columns=_cols(
        ("gtin", "code"),
        "name",
        "brand",
        "standard",
        "product_risk",
        "category",
        "confirmed",
        ("maker_uscc", "enterprise.uscc"),
        ("maker_name", "enterprise.name"),
    ),
)

RECALLS = Dataset(
    name="recalls",
    title=_("Defect product recalls"),
    rows=lambda day: recalls_public(today=day.today),
    columns=_cols(
        *_firm_cols(),
        "recalled_on",
        ("gtins", lambda r, _d: [gtins.display(g) for g in r.gtins]),
        "product",
        "batches",
        "reason",
        "mode",
        "status",
        ("department", "source_department.name"),
    ),
)

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (FIRMS, RED_LIST, BLACKLIST, ABNORMAL, PENALTIES, INSPECTIONS, PRODUCTS, RECALLS)
}
