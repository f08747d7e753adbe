"""Red-list membership: the SQL text of the set-based path agrees with the Python predicate
(and the query form, where there is one) for every combination and at the window's
boundaries, and every public read filters the stored column the same way."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.http import QueryDict

from core.dates import window_start
from disclosure.filters import EnterpriseFilter
from disclosure.lists import public_red_list
from disclosure.selectors import _overview
from enterprises.models import Enterprise
from lists.models import AbnormalListing, BlacklistEntry
from ratings.policy import PolicyRules
from ratings.red_list import (
    abnormal_negative,
    abnormal_negative_q,
    abnormal_negative_sql,
    blacklisting_negative,
    blacklisting_negative_q,
    blacklisting_negative_sql,
    on_red_list,
    on_red_list_sql,
    red_honour_kinds,
    red_list_clean,
    red_list_clean_sql,
    red_list_q,
)
from tests.disclosure.test_lists_and_api import graded
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory
from tests.sql import ids_where

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 26)
SINCE = window_start(TODAY, years=3)  # the default red-list window's first day


def sql_value(expression: str, **values: Any) -> bool:
    """Evaluate `expression` over one row whose columns are `values`."""
    columns = ", ".join(f"%({k})s AS {k}" for k in values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression} FROM (SELECT {columns}) t", values)  # noqa: S608
        return bool(cursor.fetchone()[0])


GRADES = ["AA", "A", "B", "C"]


@pytest.mark.parametrize(
    ("grade", "computed", "honour", "clean"),
    list(itertools.product(GRADES, GRADES, [True, False], [True, False])),
)
def test_on_red_list_sql_agrees(grade: str, computed: str, honour: bool, clean: bool) -> None:
    expected = on_red_list(grade=grade, computed_grade=computed, honour=honour, clean=clean)
    got = sql_value(
        on_red_list_sql(grade="t.g", computed_grade="t.cg", honour="t.h", clean="t.c"),
        g=grade,
        cg=computed,
        h=honour,
        c=clean,
    )
    assert got == expected


def test_an_override_never_puts_a_firm_on_the_red_list() -> None:
    # Overridden to AA, computed B: off, however clean; computed AA overridden to AA: on.
    assert not on_red_list(grade="AA", computed_grade="B", honour=True, clean=True)
    assert not on_red_list(grade="AA", computed_grade="A", honour=False, clean=True)
    assert on_red_list(grade="AA", computed_grade="AA", honour=False, clean=True)
    # A fall by override takes it off at once.
    assert not on_red_list(grade="B", computed_grade="AA", honour=True, clean=True)
    # An award winner graded A is on; without the award, A is not.
    assert on_red_list(grade="A", computed_grade="A", honour=True, clean=True)
    assert not on_red_list(grade="A", computed_grade="A", honour=False, clean=True)
    # Nothing puts an unclean firm on, not even AA.
    assert not on_red_list(grade="AA", computed_grade="AA", honour=True, clean=False)


def test_red_list_clean_sql_agrees_on_every_combination() -> None:
    expression = red_list_clean_sql(
        failed="t.f", penalties="t.p", abnormal="t.a", blacklisted="t.b", commitment="t.c"
    )
    seen = set()
    for f, p, a, b, c in itertools.product([0, 1], [0, 2], [0, 1], [0, 1], [True, False]):
        expected = red_list_clean(failed=f, penalties=p, abnormal=a, blacklisted=b, commitment=c)
        assert sql_value(expression, f=f, p=p, a=a, b=b, c=c) == expected
        seen.add(expected)
    assert seen == {True, False}


def test_a_famous_brand_is_a_red_list_honour_only_where_the_policy_says_so() -> None:
    assert red_honour_kinds(PolicyRules()) == ["quality_award"]
    assert red_honour_kinds(PolicyRules(red_list_famous_brand=True)) == [
        "quality_award",
        "famous_brand",
    ]


def _days(d: int) -> dt.date:
    return SINCE + dt.timedelta(days=d)


# Removal the day before, of and after the window's first day; still on the list; listed
# tomorrow (not yet).
ABNORMAL = [
    (_days(-400), _days(-1)),
    (_days(-400), _days(0)),
    (_days(-400), _days(1)),
    (_days(-400), None),
    (TODAY - dt.timedelta(days=5), None),
    (TODAY + dt.timedelta(days=1), None),
]


def test_the_abnormal_listing_rule_agrees_in_its_three_forms() -> None:
    firm = EnterpriseFactory()
    dep = DepartmentFactory()
    officer = RegulatorFactory()
    rows = {
        AbnormalListing.objects.create(
            enterprise=firm,
            department=dep,
            ground="unreachable",
            listed_on=listed,
            removed_on=removed,
            created_by=officer,
        ).pk: (listed, removed)
        for listed, removed in ABNORMAL
    }
    python = {
        pk
        for pk, (listed, removed) in rows.items()
        if abnormal_negative(listed_on=listed, removed_on=removed, since=SINCE, today=TODAY)
    }
    query = set(
        AbnormalListing.objects.filter(abnormal_negative_q(since=SINCE, today=TODAY)).values_list(
            "pk", flat=True
        )
    )
    sql = ids_where(
        "blacklist_abnormallisting",
        "a",
        abnormal_negative_sql("a"),
        red_since=SINCE,
        today=TODAY,
    )
    assert python == query == sql
    # Removed the day before the window opens: outside; on or after it, and current: inside.
    assert [pk in python for pk in rows] == [False, True, True, True, True, False]


# (status, listed_on, ends_on, removed_on, removal_reason, negative?)
BLACKLISTINGS = [
    ("listed", _days(-100), TODAY + dt.timedelta(days=30), None, "", True),
    ("removed", _days(-1000), _days(-1), _days(-1), "expired", False),
    ("removed", _days(-1000), _days(0), _days(0), "expired", True),
    ("removed", _days(-1000), _days(1), _days(1), "expired", True),
    ("removed", _days(-500), _days(400), _days(200), "repaired", True),
    ("removed", _days(-500), _days(400), _days(200), "revoked", False),
    ("removed", _days(-500), _days(400), _days(200), "basis_revoked", False),
    ("proposed", None, None, None, "", False),
    ("withdrawn", None, None, None, "", False),
]


def test_the_blacklisting_rule_agrees_in_its_three_forms() -> None:
    firm = EnterpriseFactory()
    dep = DepartmentFactory()
    officer = RegulatorFactory()
    rows = {}
    for status, listed, ends, removed, reason, expected in BLACKLISTINGS:
        entry = BlacklistEntry.objects.create(
            enterprise=firm,
            department=dep,
            status=status,
            grounds="g",
            legal_basis="b",
            listed_on=listed,
            ends_on=ends,
            removed_on=removed,
            removal_reason=reason,
            created_by=officer,
        )
        rows[entry.pk] = expected
        assert (
            blacklisting_negative(
                status=status,
                listed_on=listed,
                ends_on=ends,
                removed_on=removed,
                removal_reason=reason,
                since=SINCE,
                today=TODAY,
            )
            == expected
        )
    python = {pk for pk, expected in rows.items() if expected}
    query = set(
        BlacklistEntry.objects.filter(
            blacklisting_negative_q(since=SINCE, today=TODAY)
        ).values_list("pk", flat=True)
    )
    sql = ids_where(
        "blacklist_blacklistentry",
        "b",
        blacklisting_negative_sql("b"),
        red_since=SINCE,
        today=TODAY,
    )
    assert python == query == sql


def test_every_read_of_the_red_list_filters_the_stored_column() -> None:
    today = dt.date(2026, 11, 26)
    on = [EnterpriseFactory() for _ in range(2)]
    off = [EnterpriseFactory() for _ in range(3)]
    graded(on[0], "AA", red=True, since=today)
    graded(on[1], "A", red=True, since=today)
    graded(off[0], "A", red=False, since=today)
    graded(off[1], "B", red=False, since=today)  # off[2] is not graded at all
    expected = {f.pk for f in on}
    reads = {
        "red_list_q": set(
            Enterprise.objects.filter(red_list_q(prefix="grade__")).values_list("pk", flat=True)
        ),
        "public_red_list": {f.pk for f in public_red_list()},
        "list=red": {
            f.pk
            for f in EnterpriseFilter(QueryDict("list=red"), queryset=Enterprise.objects.all()).qs
        },
    }
    assert all(found == expected for found in reads.values()), reads
    assert _overview()["red_list"] == len(expected)
