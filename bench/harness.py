"""Shared set-up: a PostgreSQL database of its own, timing, and a result table."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/{name}"


def django_setup(database: str = "credit_portal_bench") -> None:
    """Configure Django against a bench database of its own (created and migrated here)."""
    os.environ.setdefault("DATABASE_URL", DEFAULT_URL.format(name=database))
    os.environ.setdefault("SECRET_KEY", "bench-only-key")
    os.environ.setdefault("HTTPS_ONLY", "false")  # wrk and the clients speak plain HTTP
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "credit_portal.settings.base")
    # Tasks are sent for real (no worker consumes this queue); `purge_queue` empties it after.
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    os.environ.setdefault("CELERY_TASK_DEFAULT_QUEUE", "bench")
    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Benchmarks run on PostgreSQL: set DATABASE_URL=postgres://...")
    _ensure_database()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _ensure_database() -> None:
    import psycopg2
    from django.db import connection

    s = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres",
        user=s["USER"],
        host=s["HOST"],
        port=s["PORT"],
        password=s["PASSWORD"] or None,
    )
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [s["NAME"]])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{s["NAME"]}"')
    conn.close()


@dataclass
class Result:
    name: str
    baseline: str
    value_s: float
    baseline_s: float
    target: float  # minimum acceptable ratio (baseline time / measured time)
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.baseline_s / self.value_s

    def line(self) -> str:
        verdict = "meets" if self.ratio >= self.target else "MISSES"
        return (
            f"{self.name:<44} {self.value_s:8.3f} s  vs {self.baseline:<28} "
            f"{self.baseline_s:8.3f} s  ratio {self.ratio:5.2f}x "
            f"(target >= {self.target}x: {verdict}) {self.note}"
        )


def timed(fn: Callable[[], object], *, repeat: int = 3, reset: Callable[[], None]) -> float:
    """Median wall time of `fn` over `repeat` runs, calling `reset` before each."""
    times = []
    for _ in range(repeat):
        reset()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def purge_queue() -> None:
    from credit_portal.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)


def run_main(run: Callable[[], list[Result]], database: str) -> None:
    django_setup(database)
    try:
        results = run()
    finally:
        purge_queue()
    for result in results:
        print(result.line(), flush=True)
