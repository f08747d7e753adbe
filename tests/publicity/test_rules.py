"""Penalty publicity windows of SAMR Order 45 at every boundary, pure and set-based alike, under
the default numbers and a province's own; each predicate's query, Python and SQL forms agree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from core.dates import add_months
from enterprises.models import PenaltyRecord
from publicity.rules import (
    RULES,
    PublicityRules,
    early_stop_allowed,
    early_stop_from,
    low_fine,
    low_fine_q,
    low_fine_sql,
    penalty_public,
    penalty_publishable,
    penalty_publishable_q,
    penalty_publishable_sql,
    public_penalties,
    publicity_end,
    publicity_ends_on,
    publicity_starts_on,
)
from tests.factories import PenaltyFactory
from tests.sql import ids_where

DECIDED = dt.date(2026, 1, 15)
DAY = dt.timedelta(days=1)


def penalty(**kw: object) -> PenaltyRecord:
    base = {
        "decided_on": DECIDED,
        "kind": "fine",
        "amount": Decimal("200000"),
        "procedure": "ordinary",
        "revoked": False,
        "aggravated": False,
    }
    return PenaltyRecord(**(base | kw))


@pytest.mark.parametrize(
    ("kw", "end"),
    [
        ({"kind": "warning", "amount": None}, None),  # warnings are never published
        ({"procedure": "simplified"}, None),  # only the ordinary procedure is published
        ({"revoked": True}, None),  # revoked decisions are withdrawn
        # The first day no longer shown: the day after the last day within the window
        # (decided 15 Jan 2026: within 3 months through 15 Apr 2026, core.dates).
        ({"kind": "criticism", "amount": None}, dt.date(2026, 4, 16)),  # 3 months
        ({"amount": Decimal("50000")}, dt.date(2026, 4, 16)),  # low fine: 3 months
        ({"amount": Decimal("50000.01")}, dt.date(2029, 1, 16)),  # above: 3 years
        ({"amount": Decimal("30000"), "aggravated": True}, dt.date(2029, 1, 16)),
        ({"kind": "licence_revoked", "amount": None}, dt.date(2029, 1, 16)),
    ],
)
def test_each_kind_has_its_window(kw: dict[str, object], end: dt.date | None) -> None:
    assert publicity_end(penalty(**kw)) == end


@pytest.mark.parametrize(
    ("kw", "last_day"),
    [({"kind": "criticism", "amount": None}, dt.date(2026, 4, 15)), ({}, dt.date(2029, 1, 15))],
)
def test_shown_through_the_anniversary(
    kw: dict[str, object], last_day: dt.date
) -> None:
    p = penalty(**kw)
    assert not penalty_public(p, today=DECIDED - DAY)
    assert penalty_public(p, today=DECIDED)
    assert penalty_public(p, today=last_day)
    assert not penalty_public(p, today=last_day + DAY)


@pytest.mark.parametrize(
    ("kind", "sector", "published", "first_day"),
    [
        # The day after the 6 (12) months from publication are over (period_over_from).
        ("fine", "other", None, dt.date(2026, 7, 16)),
        ("fine", "food", None, dt.date(2027, 1, 16)),
        ("fine", "drugs", None, dt.date(2027, 1, 16)),
        ("fine", "special_equipment", None, dt.date(2027, 1, 16)),
        ("confiscation", "other", None, dt.date(2026, 7, 16)),
        ("fine", "other", dt.date(2026, 2, 10), dt.date(2026, 8, 11)),
        ("fine", "food", dt.date(2026, 2, 10), dt.date(2027, 2, 11)),
    ],
)
def test_early_stop_after_six_or_twelve_months_from_publication_by_sector(
    kind: str, sector: str, published: dt.date | None, first_day: dt.date
) -> None:
    p = penalty(kind=kind, sector=sector, published_on=published)
    assert early_stop_from(p) == first_day
    assert not early_stop_allowed(p, on=first_day - DAY)
    assert early_stop_allowed(p, on=first_day)
    assert early_stop_allowed(p, on=first_day + DAY)
    assert early_stop_allowed(p, on=first_day, rules=HUBEI) is False  # 9 (18) months there


@pytest.mark.parametrize(
    "kind",
    [
        "suspension",
        "restriction",
        "practice_ban",
        "qualification_lowered",
        "licence_revoked",
        "closure",
    ],
)
def test_never_early_for_the_heaviest_kinds(kind: str) -> None:
    assert not early_stop_allowed(penalty(kind=kind), on=dt.date(2028, 1, 1))


def test_month_ends_clamp() -> None:
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2026, 5, 31), -3) == dt.date(2026, 2, 28)


KINDS = [
    {"kind": "warning", "amount": None},
    {"kind": "criticism", "amount": None},
    {"kind": "fine", "amount": Decimal("50000")},
    {"kind": "fine", "amount": Decimal("80000")},
    {"kind": "fine", "amount": Decimal("100"), "aggravated": True},
    {"kind": "closure", "amount": None},
    {"kind": "fine", "amount": Decimal("10"), "procedure": "simplified"},
    {"kind": "fine", "amount": Decimal("90000"), "revoked": True},
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [
        dt.date(2026, 2, 28),
        dt.date(2026, 4, 14),
        dt.date(2026, 4, 15),
        dt.date(2026, 8, 31),
        dt.date(2028, 2, 29),
        dt.date(2029, 1, 14),
        dt.date(2029, 1, 15),
        dt.date(2029, 3, 1),
    ],
)
def test_the_public_query_shows_exactly_what_the_rules_allow(today: dt.date) -> None:
    made = []
    for decided in (
        dt.date(2025, 11, 30),
        dt.date(2025, 12, 31),
        DECIDED,
        dt.date(2026, 5, 31),
        dt.date(2026, 2, 28),
    ):
        for kw in KINDS:
            made.append(
                PenaltyFactory(
                    decided_on=decided, revoked_on=decided if kw.get("revoked") else None, **kw
                )
            )
    expected = {p.pk for p in made if penalty_public(p, today=today)}
    assert set(public_penalties(today=today).values_list("pk", flat=True)) == expected


# A province's own numbers: 6 months short, 5 years long, fines up to ¥100,000 low.
HUBEI = PublicityRules(
    short_months=6,
    long_years=5,
    low_fine_threshold=Decimal("100000"),
    early_stop_months=9,
    early_stop_months_sensitive=18,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    sorted(
        {
            edge + dt.timedelta(days=d)
            for decided in (DECIDED, dt.date(2025, 8, 31))
            for edge in (add_months(decided, 6), add_months(decided, 60))
            for d in (-1, 0, 1)
        }
    ),
)
def test_the_public_query_follows_a_provinces_own_windows(today: dt.date) -> None:
    made = [
        PenaltyFactory(decided_on=decided, **kw)
        for decided in (DECIDED, dt.date(2025, 8, 31))
        for kw in [*KINDS[:-1], {"kind": "fine", "amount": Decimal("100000")}]
    ]
    expected = {p.pk for p in made if penalty_public(p, today=today, rules=HUBEI)}
    got = set(public_penalties(today=today, rules=HUBEI).values_list("pk", flat=True))
    assert got == expected


def test_a_provinces_threshold_makes_a_fine_low() -> None:
    p = penalty(amount=Decimal("80000"))
    assert publicity_end(p) == dt.date(2029, 1, 16)  # ¥50,000 by default: 3 years
    assert publicity_end(p, HUBEI) == dt.date(2026, 7, 16)  # ¥100,000 in Hubei: 6 months


@pytest.mark.django_db
def test_publishable_forms_agree() -> None:
    made = [
        PenaltyFactory(kind=kind, procedure=procedure, amount=None)
        for kind in ("warning", "criticism", "fine", "licence_revoked")
        for procedure in ("ordinary", "simplified")
    ]
    python = {p.pk for p in made if penalty_publishable(p)}
    query = set(PenaltyRecord.objects.filter(penalty_publishable_q()).values_list("pk", flat=True))
    sql = ids_where("enterprises_penaltyrecord", "p", penalty_publishable_sql("p"))
    assert python == query == sql
    assert {(p.kind, p.procedure) for p in made if p.pk in python} == {
        ("criticism", "ordinary"),
        ("fine", "ordinary"),
        ("licence_revoked", "ordinary"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("threshold", [Decimal("50000"), Decimal("100000")])
def test_low_fine_forms_agree_at_the_threshold(threshold: Decimal) -> None:
    cent = Decimal("0.01")
    made = [
        PenaltyFactory(kind=kind, aggravated=aggravated, amount=amount)
        for kind in ("fine", "confiscation")
        for aggravated in (False, True)
        for amount in (None, threshold - cent, threshold, threshold + cent)
    ]
    python = {p.pk for p in made if low_fine(p, threshold=threshold)}
    query = set(
        PenaltyRecord.objects.filter(low_fine_q(threshold=threshold)).values_list("pk", flat=True)
    )
    sql = ids_where("enterprises_penaltyrecord", "p", low_fine_sql("p"), low_fine=threshold)
    assert python == query == sql
    assert sorted(p.amount for p in made if p.pk in python) == [threshold - cent, threshold]


@pytest.mark.parametrize(
    ("stopped", "end"),
    [
        (None, dt.date(2029, 1, 16)),
        (dt.date(2026, 9, 1), dt.date(2026, 9, 1)),
        (dt.date(2029, 1, 15), dt.date(2029, 1, 15)),
        (dt.date(2029, 1, 16), dt.date(2029, 1, 16)),
        (dt.date(2029, 1, 17), dt.date(2029, 1, 16)),  # a stop after the window changes nothing
    ],
)
def test_publicity_ends_on_an_early_stop_or_at_the_window(
    stopped: dt.date | None, end: dt.date
) -> None:
    p = penalty(publicity_stopped_on=stopped)
    assert publicity_ends_on(p) == end
    assert penalty_public(p, today=end - DAY)
    assert not penalty_public(p, today=end)


PUBLISHED = dt.date(2026, 2, 10)  # 26 days after the decision
RESTRICTED = dt.date(2031, 1, 14)  # a restriction lasting 5 years (its last day)


@pytest.mark.parametrize(
    ("kw", "end"),
    [
        # Every window counts from publication; without it, from the decision.
        ({"published_on": PUBLISHED, "kind": "criticism", "amount": None}, dt.date(2026, 5, 11)),
        ({"published_on": PUBLISHED, "amount": Decimal("50000")}, dt.date(2026, 5, 11)),
        ({"published_on": PUBLISHED}, dt.date(2029, 2, 11)),
        ({"published_on": DECIDED}, dt.date(2029, 1, 16)),
        # A restriction lasting longer keeps the long window open through its last day ...
        ({"restriction_ends_on": RESTRICTED}, RESTRICTED + DAY),
        ({"restriction_ends_on": RESTRICTED, "published_on": PUBLISHED}, RESTRICTED + DAY),
        # ... a shorter one changes nothing.
        ({"restriction_ends_on": dt.date(2027, 1, 14)}, dt.date(2029, 1, 16)),
        ({"restriction_ends_on": dt.date(2029, 1, 15)}, dt.date(2029, 1, 16)),
        ({"restriction_ends_on": dt.date(2029, 1, 16)}, dt.date(2029, 1, 17)),
    ],
)
def test_windows_count_from_publication_and_last_through_a_longer_restriction(
    kw: dict[str, object], end: dt.date
) -> None:
    p = penalty(**kw)
    assert publicity_end(p) == end
    start = publicity_starts_on(p)
    assert start == kw.get("published_on", DECIDED)
    assert not penalty_public(p, today=start - DAY)  # published, not merely decided
    assert penalty_public(p, today=start)
    assert penalty_public(p, today=end - DAY)
    assert not penalty_public(p, today=end)


VARIANTS = [
    {},
    {"published_on": DECIDED},
    {"published_on": PUBLISHED},
    {"restriction_ends_on": RESTRICTED},
    {"restriction_ends_on": RESTRICTED, "published_on": PUBLISHED},
    {"restriction_ends_on": dt.date(2027, 6, 30)},
]


def _edges() -> list[dt.date]:
    days = set()
    for start in (DECIDED, PUBLISHED):
        for edge in (start, add_months(start, 3), add_months(start, 36)):
            days |= {edge - DAY, edge, edge + DAY}
    for edge in (RESTRICTED, dt.date(2027, 6, 30)):
        days |= {edge - DAY, edge, edge + DAY}
    return sorted(days)


@pytest.mark.django_db
def test_the_public_query_agrees_from_publication_and_with_restrictions() -> None:
    """The day before, of and after each window's start and end, with and without
    `published_on`, a restriction lasting 5 years, and each sector."""
    made = [
        PenaltyFactory(decided_on=DECIDED, sector=sector, **(kw | variant))
        for kw in KINDS[:-1]
        for variant in VARIANTS
        for sector in ("food", "drugs", "special_equipment", "other")
    ]
    for today in _edges():
        for rules in (RULES, HUBEI):
            expected = {p.pk for p in made if penalty_public(p, today=today, rules=rules)}
            got = set(public_penalties(today=today, rules=rules).values_list("pk", flat=True))
            assert got == expected, today
    # On the restriction's last day only the long-window kinds restricted that long are shown:
    # 3 kinds (a fine above the threshold, an aggravated fine, closure) x 2 variants x 4 sectors.
    shown = [p for p in made if penalty_public(p, today=RESTRICTED)]
    assert len(shown) == 24
    assert {p.restriction_ends_on for p in shown} == {RESTRICTED}
