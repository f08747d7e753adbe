"""Red-list membership: the SQL text of the set-based path agrees with the Python predicate
for every combination, and every public read filters the stored column the same way."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.db import connection
from django.http import QueryDict

from disclosure.filters import EnterpriseFilter
from disclosure.lists import public_red_list
from disclosure.selectors import _overview
from enterprises.models import Enterprise
from ratings.red_list import (
    honoured_and_clean,
    honoured_and_clean_sql,
    on_red_list,
    on_red_list_sql,
    red_list_q,
)
from tests.disclosure.test_lists_and_api import graded
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def sql_value(expression: str, **values: Any) -> bool:
    """Evaluate `expression` over one row whose columns are `values`."""
    columns = ", ".join(f"%({k})s AS {k}" for k in values)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {expression} FROM (SELECT {columns}) t", values)  # noqa: S608
        return bool(cursor.fetchone()[0])


@pytest.mark.parametrize(("grade", "clean"), list(itertools.product(["AA", "A", "B", "C"], [1, 0])))
def test_on_red_list_sql_agrees(grade: str, clean: int) -> None:
    expected = on_red_list(grade=grade, honoured_and_clean=bool(clean))
    got = sql_value(
        on_red_list_sql(grade="t.grade", honoured_and_clean="t.clean"),
        grade=grade,
        clean=bool(clean),
    )
    assert got == expected
    assert expected == (grade == "AA" or (grade == "A" and bool(clean)))


def test_honoured_and_clean_sql_agrees_on_every_combination() -> None:
    expression = honoured_and_clean_sql(
        honour="t.h", failed_aa="t.f", penalties_aa="t.p", commitment="t.c", on_blacklist="t.b"
    )
    seen = set()
    for h, f, p, c, b in itertools.product(
        [True, False], [0, 1], [0, 2], [True, False], [True, False]
    ):
        expected = honoured_and_clean(
            honour=h, failed_aa=f, penalties_aa=p, commitment=c, on_blacklist=b
        )
        assert sql_value(expression, h=h, f=f, p=p, c=c, b=b) == expected
        seen.add(expected)
    assert seen == {True, False}


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
