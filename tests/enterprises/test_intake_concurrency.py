"""Concurrent intake batches over the same firms, in opposite orders: every one succeeds,
every record is stored once, and every firm is queued for regrading (no deadlock 500)."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import OperationalError, connection, connections

from accounts.models import Department
from core.retry import is_lost_race
from enterprises.models import Enterprise, GradeRecomputeRequest, InspectionRecord
from enterprises.services.intake import records_intake
from tests.factories import DepartmentFactory, EnterpriseFactory

FIRMS = 200
BATCHES = 8
# The load: 20 simultaneous batches of 1,000 new records over one city's 500 firms.
WIDE_FIRMS, WIDE_BATCHES, WIDE_SIZE = 500, 20, 1000


def _batch(firms: list[Enterprise], *, seed: int, size: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)  # noqa: S311
    chosen = (
        [rng.choice(firms) for _ in range(size)] if size > len(firms) else rng.sample(firms, size)
    )
    if seed % 2:
        chosen.reverse()  # opposite orders: the classic deadlock
    return [
        {
            "uscc": firm.uscc,
            "source_ref": f"B{seed}-{i}",
            "product": "小麦粉",
            "inspected_on": "2026-03-02",
            "level": "provincial",
            "result": "pass",
        }
        for i, firm in enumerate(chosen)
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_simultaneous_batches_of_a_thousand_over_one_citys_firms() -> None:
    department: Department = DepartmentFactory(code="qc", jurisdiction="34")
    firms = EnterpriseFactory.create_batch(WIDE_FIRMS, region_id="340802")
    batches = [_batch(firms, seed=s, size=WIDE_SIZE) for s in range(WIDE_BATCHES)]

    def send(items: list[dict[str, Any]]) -> int:
        try:
            return records_intake(kind="inspections", department=department, items=items).count(
                "created"
            )
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=WIDE_BATCHES) as pool:
        created = list(pool.map(send, batches))
    assert created == [WIDE_SIZE] * WIDE_BATCHES
    assert InspectionRecord.objects.count() == WIDE_SIZE * WIDE_BATCHES
    touched = {item["uscc"] for batch in batches for item in batch}
    queued = set(GradeRecomputeRequest.objects.values_list("enterprise__uscc", flat=True))
    assert touched <= queued | set(
        Enterprise.objects.filter(grade__isnull=False).values_list("uscc", flat=True)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_batches_over_the_same_firms_all_succeed() -> None:
    department: Department = DepartmentFactory(code="qc", jurisdiction="34")
    firms = [EnterpriseFactory(region_id="340802") for _ in range(FIRMS)]
    batches = [_batch(firms, seed=s, size=150) for s in range(BATCHES)]

    def send(items: list[dict[str, Any]]) -> int:
        try:
            result = records_intake(kind="inspections", department=department, items=items)
            return result.count("created")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=BATCHES) as pool:
        created = list(pool.map(send, batches))
    assert created == [150] * BATCHES
    assert InspectionRecord.objects.count() == 150 * BATCHES
    touched = {item["uscc"] for batch in batches for item in batch}
    queued = set(GradeRecomputeRequest.objects.values_list("enterprise__uscc", flat=True)) | set(
        Enterprise.objects.filter(grade__isnull=False).values_list("uscc", flat=True)
    )
    assert touched <= queued


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_resends_updating_the_same_records_in_opposite_orders_all_succeed() -> None:
    department: Department = DepartmentFactory(code="qc", jurisdiction="34")
    firms = [EnterpriseFactory(region_id="340802") for _ in range(FIRMS)]
    first = [
        {
            "uscc": firm.uscc,
            "source_ref": f"S-{i:04d}",
            "product": "小麦粉",
            "inspected_on": "2026-03-02",
            "level": "provincial",
            "result": "pass",
        }
        for i, firm in enumerate(firms)
    ]
    records_intake(kind="inspections", department=department, items=first)

    def resend(n: int) -> int:
        items = [item | {"product": f"小麦粉 第{n}版"} for item in first]
        if n % 2:
            items.reverse()
        try:
            result = records_intake(kind="inspections", department=department, items=items)
            return result.count("updated")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=BATCHES) as pool:
        updated = list(pool.map(resend, range(BATCHES)))
    assert updated == [FIRMS] * BATCHES
    assert InspectionRecord.objects.count() == FIRMS
    assert InspectionRecord.objects.filter(product__startswith="小麦粉 第").count() == FIRMS


def test_only_races_are_retried() -> None:
    class DeadlockError(Exception):
        pgcode = "40P01"

    deadlock = OperationalError("deadlock detected")
    deadlock.__cause__ = DeadlockError()
    assert is_lost_race(deadlock)
    assert not is_lost_race(OperationalError("could not connect to server"))
    assert not is_lost_race(ValueError("bad value"))
