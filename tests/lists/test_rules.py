"""A blacklist entry in force: its query, Python and SQL forms agree on the same rows, at the
day before, of and after its end date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lists.models import BlacklistEntry, EntryStatus
from lists.rules import entry_in_force, entry_in_force_q, entry_in_force_sql
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory
from tests.sql import ids_where

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
DAY = dt.timedelta(days=1)


@pytest.fixture
def entries() -> list[BlacklistEntry]:
    firm = EnterpriseFactory()
    dep = DepartmentFactory()
    officer = RegulatorFactory(role="list_officer")
    return [
        BlacklistEntry.objects.create(
            enterprise=firm,
            department=dep,
            status=status,
            grounds="g",
            legal_basis="b",
            listed_on=TODAY - 400 * DAY,
            ends_on=ends,
            created_by=officer,
        )
        for status in EntryStatus.values
        for ends in (None, TODAY - DAY, TODAY, TODAY + DAY)
    ]


@pytest.mark.parametrize("today", [TODAY - DAY, TODAY, TODAY + DAY])
def test_the_three_forms_agree(entries: list[BlacklistEntry], today: dt.date) -> None:
    python = {e.pk for e in entries if entry_in_force(e, today=today)}
    query = set(
        BlacklistEntry.objects.filter(entry_in_force_q(today=today)).values_list("pk", flat=True)
    )
    sql = ids_where("blacklist_blacklistentry", "b", entry_in_force_sql("b"), today=today)
    assert python == query == sql


@pytest.mark.parametrize(
    ("ends", "in_force"),
    # ends_on is the last day in force (core.dates.period_end of the listing).
    [(None, True), (TODAY + DAY, True), (TODAY, True), (TODAY - DAY, False)],
)
def test_an_entry_leaves_force_the_day_after_its_end_date(
    entries: Any, ends: Any, in_force: bool
) -> None:
    entry = next(e for e in entries if e.status == EntryStatus.LISTED and e.ends_on == ends)
    assert entry_in_force(entry, today=TODAY) is in_force
    assert all(
        not entry_in_force(e, today=TODAY) for e in entries if e.status != EntryStatus.LISTED
    )


def test_the_query_reaches_entries_through_a_relation(entries: list[BlacklistEntry]) -> None:
    from enterprises.models import Enterprise

    firm = entries[0].enterprise
    q = entry_in_force_q(today=TODAY, prefix="blacklist_entries__")
    assert list(Enterprise.objects.filter(q).distinct()) == [firm]
    # Only the open-ended entry keeps the firm on the list for ever.
    BlacklistEntry.objects.filter(status=EntryStatus.LISTED, ends_on__isnull=True).delete()
    assert Enterprise.objects.filter(q).exists()  # TODAY + 1 is still in force
    later = entry_in_force_q(today=TODAY + 2 * DAY, prefix="blacklist_entries__")
    assert not Enterprise.objects.filter(later).exists()


@pytest.mark.parametrize(
    "codes", [[], ["food_safety", "food_safety"], ["Food"], "food_safety", [1], ["x" * 33]]
)
def test_violation_types_must_be_distinct_short_codes(codes: object) -> None:
    from lists.rules import ListRules

    assert any("violation_types" in p for p in ListRules(violation_types=codes).problems())  # type: ignore[arg-type]


def test_the_default_violation_types_are_valid() -> None:
    from lists.rules import VIOLATION_TYPES, ListRules

    assert ListRules().problems() == []
    assert "other" in VIOLATION_TYPES
