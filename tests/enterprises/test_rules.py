"""Current commitment and live penalty: query, Python and SQL forms agree on the same rows, at
the day before, of and after a commitment's last day."""

from __future__ import annotations

import datetime as dt

import pytest

from enterprises.models import IntegrityCommitment, PenaltyRecord
from enterprises.rules import (
    commitment_current,
    commitment_current_q,
    commitment_current_sql,
    penalty_live,
    penalty_live_q,
    penalty_live_sql,
)
from tests.factories import EnterpriseFactory, PenaltyFactory
from tests.sql import ids_where

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
DAY = dt.timedelta(days=1)
SIGNED = dt.datetime(2025, 11, 27, 9, tzinfo=dt.UTC)


@pytest.fixture
def commitments() -> list[IntegrityCommitment]:
    firm = EnterpriseFactory()
    return [
        IntegrityCommitment.objects.create(
            enterprise=firm,
            text_version="1",
            signatory="李四",
            signed_at=SIGNED,
            valid_until=until,
            withdrawn_at=withdrawn,
        )
        for until in (TODAY - DAY, TODAY, TODAY + DAY)
        for withdrawn in (None, SIGNED + dt.timedelta(days=30))
    ]


@pytest.mark.parametrize("today", [TODAY - DAY, TODAY, TODAY + DAY])
def test_current_commitment_forms_agree(
    commitments: list[IntegrityCommitment], today: dt.date
) -> None:
    python = {c.pk for c in commitments if commitment_current(c, today=today)}
    query = set(
        IntegrityCommitment.objects.filter(commitment_current_q(today=today)).values_list(
            "pk", flat=True
        )
    )
    sql = ids_where(
        "enterprises_integritycommitment", "c", commitment_current_sql("c"), today=today
    )
    assert python == query == sql


def test_a_commitment_is_current_through_its_last_day(
    commitments: list[IntegrityCommitment],
) -> None:
    last_day = next(c for c in commitments if c.valid_until == TODAY and c.withdrawn_at is None)
    assert commitment_current(last_day, today=TODAY)
    assert not commitment_current(last_day, today=TODAY + DAY)
    withdrawn = next(c for c in commitments if c.valid_until == TODAY + DAY and c.withdrawn_at)
    assert not commitment_current(withdrawn, today=TODAY)


def test_live_penalty_forms_agree() -> None:
    made = [
        PenaltyFactory(decided_on=TODAY, revoked=revoked, withdrawn_on=withdrawn)
        for revoked in (False, True)
        for withdrawn in (None, TODAY)
    ]
    python = {p.pk for p in made if penalty_live(p)}
    query = set(PenaltyRecord.objects.filter(penalty_live_q()).values_list("pk", flat=True))
    sql = ids_where("enterprises_penaltyrecord", "p", penalty_live_sql("p"))
    assert python == query == sql
    assert len(python) == 1  # neither revoked nor withdrawn
