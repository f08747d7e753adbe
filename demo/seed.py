"""Deterministic demo data: firms with valid codes in real regions, their records and lists.

PostgreSQL loads through COPY; other databases through executemany. History rows are not
written for a bulk seed; one audit entry records the load instead.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from core.actions import AuditAction
from core.audit import audit_record
from demo.bulk import TableWriter
from demo.departments import MARKET_REGULATORS, departments_ensure
from demo.firms import ENTERPRISE_COLUMNS, Counties, enterprise_rows
from demo.lists import demo_lists_seed
from demo.products import demo_products_seed
from demo.records import RECORD_TABLES
from demo.run import SeedCounts, SeedRun
from enterprises.models import Enterprise
from enterprises.services.search_terms import search_index_rebuild

Progress = Callable[[str, int], None]
Plan = Sequence[tuple[type[Model], Sequence[str], Callable[[SeedRun], Iterator[tuple[Any, ...]]]]]


def demo_seed(
    *,
    counts: SeedCounts,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, float]:
    """Seed firms and records; return rows written per table and rows/s."""
    today = today or timezone.localdate()
    started = time.perf_counter()
    run = SeedRun(
        counts=counts,
        rng=random.Random(seed),
        today=today,
        now=timezone.now(),
        senders=[
            (dep.jurisdiction, dep.pk)
            for dep in departments_ensure().values()
            if dep.code in MARKET_REGULATORS
        ],
    )
    start_id = (Enterprise.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    firms = functools.partial(enterprise_rows, start_id=start_id, counties=Counties.load())
    plan: Plan = [(Enterprise, ENTERPRISE_COLUMNS, firms), *RECORD_TABLES]
    with transaction.atomic():
        written = _tables_write(run, plan, progress)
        if connection.vendor == "postgresql":
            _tables_analyse([model for model, _c, _r in plan])
        # The public search index is derived data; one set-based rebuild after the load.
        search_index_rebuild()
        lists = demo_lists_seed(today=today, seed=seed) | demo_products_seed(
            today=today, first_id=start_id
        )
        if progress:
            for what, rows in lists.items():
                progress(what, rows)
        audit_record(
            actor=None,
            action=AuditAction.DEMO_SEEDED,
            enterprise=None,
            data={"seed": seed, "today": today.isoformat(), **written},
        )
    elapsed = time.perf_counter() - started
    written["seconds"] = round(elapsed, 2)
    written["rows_per_second"] = round(
        sum(v for k, v in written.items() if k != "seconds") / max(elapsed, 1e-9)
    )
    return written


def _tables_write(run: SeedRun, plan: Plan, progress: Progress | None) -> dict[str, float]:
    """Write the tables in plan order (the random draws follow it); rows per table."""
    written: dict[str, float] = {}
    for model, columns, rows in plan:
        writer = TableWriter(model, columns)
        writer.write(rows(run))
        written[str(model._meta.model_name)] = writer.rows
        if progress:
            progress(str(model._meta.verbose_name_plural), writer.rows)
    return written


def _tables_analyse(models: Sequence[type[Model]]) -> None:
    """PostgreSQL: move the firms' id sequence past the written ids; fresh planner stats."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            "(SELECT MAX(id) FROM enterprises_enterprise))",
            ["enterprises_enterprise"],
        )
        for model in models:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')
