"""A list as it stood on a past day (the verified credit extract): the query and Python forms
agree at the day before, of and after each date, and for today they are the current rules."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from lists.models import AbnormalListing, BlacklistEntry, EntryStatus
from lists.rules import (
    abnormal_current,
    abnormal_was_current,
    abnormal_was_current_q,
    entry_in_force,
    entry_was_in_force,
    entry_was_in_force_q,
)
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 10)
ONE = dt.timedelta(days=1)
NEAR = [None, DAY - ONE, DAY, DAY + ONE]


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
            listed_on=listed,
            ends_on=ends,
            removed_on=removed,
            created_by=officer,
        )
        for status, listed, ends, removed in itertools.product(EntryStatus.values, NEAR, NEAR, NEAR)
    ]


@pytest.fixture
def listings() -> list[AbnormalListing]:
    firm = EnterpriseFactory()
    dep = DepartmentFactory()
    officer = RegulatorFactory(role="list_officer")
    return [
        AbnormalListing.objects.create(
            enterprise=firm,
            department=dep,
            ground="unreachable",
            listed_on=listed,
            removed_on=removed,
            created_by=officer,
        )
        for listed, removed in itertools.product(NEAR[1:], NEAR)
    ]


@pytest.mark.parametrize("day", [DAY - ONE, DAY, DAY + ONE])
def test_the_entry_forms_agree(entries: list[BlacklistEntry], day: dt.date) -> None:
    python = {e.pk for e in entries if entry_was_in_force(e, day=day)}
    query = set(
        BlacklistEntry.objects.filter(entry_was_in_force_q(day=day)).values_list("pk", flat=True)
    )
    assert python == query
    assert python  # the boundaries hold rows on both sides


def test_an_entry_counts_from_its_listing_through_its_last_day_until_removed(
    entries: list[BlacklistEntry],
) -> None:
    def was(status: str, listed: dt.date | None, ends: dt.date | None, removed: dt.date | None):
        entry = next(
            e
            for e in entries
            if (e.status, e.listed_on, e.ends_on, e.removed_on) == (status, listed, ends, removed)
        )
        return entry_was_in_force(entry, day=DAY)

    assert was("listed", DAY, None, None)  # the day of listing
    assert not was("listed", DAY + ONE, None, None)  # listed the day after
    assert was("listed", DAY - ONE, DAY, None)  # its last day
    assert not was("listed", DAY - ONE, DAY - ONE, None)  # over the day before
    assert was("removed", DAY - ONE, None, DAY + ONE)  # removed later: it stood that day
    assert not was("removed", DAY - ONE, None, DAY)  # the day of removal no longer counts
    assert not was("withdrawn", DAY - ONE, None, None)  # never listed
    assert not was("approved", DAY - ONE, None, None)


def test_for_a_listed_entry_today_it_is_the_current_rule(entries: list[BlacklistEntry]) -> None:
    # Entries as the lifecycle leaves them: listed ones listed by today and never removed.
    live = [e for e in entries if e.status == EntryStatus.LISTED and e.removed_on is None]
    live = [e for e in live if e.listed_on is not None and e.listed_on <= DAY]
    assert live
    for entry in live:
        assert entry_was_in_force(entry, day=DAY) == entry_in_force(entry, today=DAY)


@pytest.mark.parametrize("day", [DAY - ONE, DAY, DAY + ONE])
def test_the_abnormal_forms_agree(listings: list[AbnormalListing], day: dt.date) -> None:
    python = {a.pk for a in listings if abnormal_was_current(a, day=day)}
    query = set(
        AbnormalListing.objects.filter(abnormal_was_current_q(day=day)).values_list("pk", flat=True)
    )
    assert python == query


def test_an_abnormal_listing_stands_from_its_day_until_removed(
    listings: list[AbnormalListing],
) -> None:
    def was(listed: dt.date, removed: dt.date | None) -> bool:
        listing = next(a for a in listings if (a.listed_on, a.removed_on) == (listed, removed))
        return abnormal_was_current(listing, day=DAY)

    assert was(DAY, None)
    assert not was(DAY + ONE, None)
    assert was(DAY - ONE, DAY + ONE)
    assert not was(DAY - ONE, DAY)
    # Today, a listing not removed is current by both rules.
    listing = next(a for a in listings if (a.listed_on, a.removed_on) == (DAY, None))
    assert abnormal_current(listing)
