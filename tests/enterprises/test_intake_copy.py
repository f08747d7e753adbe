"""Intake's PostgreSQL write (COPY + one upsert, enterprises.services.intake_copy) and its
one-statement outbox give the same records, statuses, history, outbox and audit as the ORM
path SQLite runs: both are run over the same batches and compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Department
from core.models import AuditEntry
from enterprises.models import Enterprise, GradeRecomputeRequest
from enterprises.services import intake, outbox
from enterprises.services.intake import records_intake
from tests.clock import noon
from tests.enterprises.test_intake_api import MODELS, valid_item
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's"),
]
# Text COPY's format must carry through unchanged: tab, newline, carriage return, backslash.
AWKWARD = "第一行\n第二行\t制表 \\N 反斜杠\\ 回车\r结束"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(noon(dt.date(2026, 3, 10)), tick=False):
        yield


def _orm_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def write(*, spec: Any, department: Any, parsed: Any, actor: Any, channel: str, **_: Any):
        return intake._write(
            spec=spec, department=department, parsed=parsed, actor=actor, channel=channel
        )

    monkeypatch.setattr(intake, "records_write_copy", write)
    monkeypatch.setattr(outbox, "_requests_upsert", outbox._requests_bulk_create)


def _batches(kind: str, a: Enterprise, b: Enterprise) -> list[list[dict[str, Any]]]:
    text = "lab" if kind == "inspections" else "facts"
    first = [
        valid_item(kind, a.uscc, "R-1") | {text: AWKWARD},
        valid_item(kind, a.uscc, "R-2"),
        valid_item(kind, b.uscc, "R-3"),
    ]
    changed = dict(first[1]) | ({"product": "大米"} if kind == "inspections" else {"amount": "1"})
    moved = dict(first[2]) | {"uscc": a.uscc}  # the department corrects the firm
    return [
        first,
        first,  # resent as it was: nothing changes
        [first[0], changed, moved, valid_item(kind, b.uscc, "R-4")],
    ]


def _snapshot(kind: str, results: list[Any]) -> dict[str, Any]:
    model = MODELS[kind]
    refs = dict(model.objects.values_list("pk", "source_ref"))

    def named(trigger: dict[str, Any]) -> dict[str, Any]:
        out = dict(trigger)
        if "record_id" in out:
            out["record_id"] = refs[out["record_id"]]
        return out

    fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ("id",)]
    skip = {"received_at", "updated_at"}
    return {
        "results": [
            (
                [(i["index"], i["source_ref"], refs[i["id"]], i["status"]) for i in r.items],
                sorted(r.enterprise_ids),
                {eid: named(t) for eid, t in r.triggers.items()},
            )
            for r in results
        ],
        "records": sorted(
            tuple(v for k, v in row.items() if k not in skip)
            for row in model.objects.values(*fields)
        ),
        "history": sorted(
            (
                h.source_ref,
                h.history_type,
                h.enterprise_id,
                h.history_change_reason,
                h.history_user_id,
                getattr(h, "lab", None) or getattr(h, "facts", None),
            )
            for h in model.history.all()
        ),
        "outbox": {r.enterprise_id: named(r.trigger) for r in GradeRecomputeRequest.objects.all()},
        "audit": [(e.action, e.data) for e in AuditEntry.objects.order_by("pk")],
    }


def _run(kind: str, department: Department, a: Enterprise, b: Enterprise) -> dict[str, Any]:
    with transaction.atomic():
        results = [
            records_intake(kind=kind, department=department, items=batch, channel="api")
            for batch in _batches(kind, a, b)
        ]
        seen = _snapshot(kind, results)
        transaction.set_rollback(True)
    return seen


@pytest.mark.parametrize("kind", ["inspections", "penalties"])
def test_the_copy_path_writes_what_the_orm_path_writes(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    department = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    a = EnterpriseFactory(region_id="340802")
    b = EnterpriseFactory(region_id="340803")
    by_copy = _run(kind, department, a, b)
    _orm_path(monkeypatch)
    by_orm = _run(kind, department, a, b)
    assert by_copy == by_orm

    first, again, third = by_copy["results"]
    assert [s for *_x, s in first[0]] == ["created"] * 3
    assert [s for *_x, s in again[0]] == ["unchanged"] * 3
    assert again[1] == []  # and so no history row, no outbox change, no audit entry
    assert [s for *_x, s in third[0]] == ["unchanged", "updated", "updated", "created"]
    assert third[1] == sorted({a.pk, b.pk})  # the moved record changed both files
    assert [t for _r, t, *_x in by_copy["history"]].count("+") == 4
    assert [t for _r, t, *_x in by_copy["history"]].count("~") == 2
    assert AWKWARD in {row[-1] for row in by_copy["history"]}
    assert len(by_copy["audit"]) == 2


def test_a_batch_written_twice_in_one_transaction_reuses_the_staging_table(
    department: Department,
) -> None:
    firm = EnterpriseFactory(region_id="340802")
    with transaction.atomic():
        for ref in ("A", "B"):
            done = records_intake(
                kind="inspections",
                department=department,
                items=[valid_item("inspections", firm.uscc, ref)],
            )
            assert done.count("created") == 1
    assert set(MODELS["inspections"].objects.values_list("source_ref", flat=True)) == {"A", "B"}


def test_a_failing_statement_leaves_nothing_of_the_batch(
    department: Department, monkeypatch: pytest.MonkeyPatch
) -> None:
    firm = EnterpriseFactory(region_id="340802")
    real: Callable[..., Any] = outbox._requests_upsert

    def broken(**kwargs: Any) -> None:
        real(**kwargs)
        raise RuntimeError("the outbox write failed")

    monkeypatch.setattr(outbox, "_requests_upsert", broken)
    with pytest.raises(RuntimeError):
        records_intake(
            kind="inspections",
            department=department,
            items=[valid_item("inspections", firm.uscc, "X")],
        )
    model = MODELS["inspections"]
    assert not model.objects.exists()
    assert not model.history.exists()
    assert not GradeRecomputeRequest.objects.exists()


def test_a_batch_costs_the_same_statements_whatever_its_size(department: Department) -> None:
    firms = [EnterpriseFactory(region_id="340802") for _ in range(3)]

    def statements(n: int, prefix: str) -> int:
        items = [valid_item("inspections", firms[i % 3].uscc, f"{prefix}-{i}") for i in range(n)]
        with CaptureQueriesContext(connection) as seen:
            records_intake(kind="inspections", department=department, items=items)
        return len(seen.captured_queries)

    small = statements(3, "S")
    assert statements(300, "L") == small
    assert small <= 12  # lookup, policy, stage, upsert, outbox, audit, savepoints
