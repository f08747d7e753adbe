"""Grading's licence rules (ratings.licences): the Python and SQL forms agree on every row at the
boundaries, and "licence valid where one is required" decides A for the policy's industries."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.utils import translation

from enterprises.models import LicenceRecord
from lists.rules import RULES as LIST_RULES
from ratings.engine import Inspection, Licence, Signals, grade_compute
from ratings.licences import (
    licence_ended_within,
    licence_ended_within_sql,
    licence_ok,
    licence_ok_sql,
    licence_required,
    licence_required_sql,
    licence_valid,
    licence_valid_q,
    licence_valid_sql,
)
from ratings.policy import PolicyRules
from tests.factories import LicenceFactory
from tests.sql import ids_where

TODAY = dt.date(2026, 11, 26)
DAY = dt.timedelta(days=1)
SINCE = dt.date(2023, 11, 26)  # the first day of the default 3-year C window
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="= ANY(array) is the set-based path's PostgreSQL"
)


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The policy's problems are read here in English (the catalogue says them in Chinese)."""
    with translation.override("en"):
        yield


def sql_value(expression: str, **values: Any) -> bool:
    columns = ", ".join(f"%({k})s AS {k}" for k in values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression} FROM (SELECT {columns}) t", values)  # noqa: S608
        return bool(cursor.fetchone()[0])


@pytest.mark.django_db
def test_licence_valid_agrees_at_the_last_day() -> None:
    rows = {
        LicenceFactory(status=status, valid_until=until).pk: (status, until)
        for status, until in itertools.product(
            ["valid", "suspended", "revoked", "cancelled"],
            [None, TODAY - DAY, TODAY, TODAY + DAY],
        )
    }
    python = {
        pk
        for pk, (status, until) in rows.items()
        if licence_valid(status=status, valid_until=until, today=TODAY)
    }
    sql = ids_where("enterprises_licencerecord", "l", licence_valid_sql("l"), today=TODAY)
    query = set(
        LicenceRecord.objects.filter(licence_valid_q(today=TODAY)).values_list("pk", flat=True)
    )
    assert python == sql == query
    # Valid through its last day, not after; only status valid.
    assert {rows[pk] for pk in python} == {
        ("valid", None),
        ("valid", TODAY),
        ("valid", TODAY + DAY),
    }


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize("statuses", [["revoked"], ["revoked", "cancelled"], []])
def test_licence_ended_within_agrees_at_the_window_edge(statuses: list[str]) -> None:
    rows = {
        LicenceFactory(status=status, revoked_on=on).pk: (status, on)
        for status, on in itertools.product(
            ["valid", "revoked", "cancelled"], [None, SINCE - DAY, SINCE, SINCE + DAY]
        )
    }
    python = {
        pk
        for pk, (status, on) in rows.items()
        if licence_ended_within(status=status, revoked_on=on, statuses=statuses, since=SINCE)
    }
    sql = ids_where(
        "enterprises_licencerecord",
        "l",
        licence_ended_within_sql("l"),
        ended_statuses=statuses,
        c_since=SINCE,
    )
    assert python == sql
    assert all(rows[pk][1] is not None and rows[pk][1] >= SINCE for pk in python)


@pytest.mark.django_db
def test_licence_ok_agrees_on_every_combination() -> None:
    expression = licence_ok_sql(enforced="t.e", required="t.r", held="t.h", valid="t.v")
    for e, r, h, v in itertools.product([True, False], [True, False], [0, 2], [0, 1]):
        if v > h:
            continue
        expected = licence_ok(enforced=e, required=r, held=h, valid=v)
        assert sql_value(expression, e=e, r=r, h=h, v=v) == expected
    assert licence_ok(enforced=True, required=True, held=0, valid=0) is False
    assert licence_ok(enforced=True, required=False, held=0, valid=0) is True


@postgres_only
@pytest.mark.django_db
@pytest.mark.parametrize("industries", [["C"], ["C", "F"], []])
def test_licence_required_agrees(industries: list[str]) -> None:
    for industry in ("C", "F", "I"):
        expected = licence_required(industry=industry, industries=industries)
        got = sql_value(licence_required_sql("t.i"), i=industry, licence_industries=industries)
        assert got == expected


A_FIRM = [Inspection(on=TODAY - 30 * DAY, failed=False, serious=False)]


def grade(industry: str, licences: list[Licence], rules: PolicyRules | None = None) -> str:
    signals = Signals(inspections=list(A_FIRM), licences=licences, industry=industry)
    low = Decimal(LIST_RULES.publicity_low_fine_threshold)
    return grade_compute(signals, rules or PolicyRules(), TODAY, low_fine_threshold=low).grade


@pytest.mark.parametrize(
    ("industry", "licences", "expected"),
    [
        ("C", [], "B"),  # a manufacturer needs a production licence
        ("C", [Licence(valid=True)], "A"),
        ("C", [Licence(valid=False, status="suspended")], "B"),
        ("F", [], "A"),  # a retailer needs none
        ("F", [Licence(valid=False, status="suspended")], "B"),  # but holding one, it must be valid
        ("F", [Licence(valid=False), Licence(valid=True)], "A"),
    ],
)
def test_a_firm_of_a_licensed_industry_without_a_valid_licence_cannot_be_a(
    industry: str, licences: list[Licence], expected: str
) -> None:
    assert grade(industry, licences) == expected


def test_which_industries_need_a_licence_is_the_policys() -> None:
    assert grade("F", [], PolicyRules(a_licence_industries=["C", "F"])) == "B"
    assert grade("C", [], PolicyRules(a_licence_industries=[])) == "A"
    assert grade("C", [], PolicyRules(a_requires_valid_licence=False)) == "A"


def test_a_policy_naming_an_unknown_industry_or_status_is_refused() -> None:
    problems = PolicyRules(
        a_licence_industries=["Z"], c_licence_ended_statuses=["suspended"], c_accident_years=0
    ).validate()
    assert problems == [
        "unknown ended-licence statuses: suspended",
        "unknown industry sections: Z",
        "c_accident_years must be at least 1",
    ]
