"""Shared set-up: a PostgreSQL database of its own, the size, timing, figures and a result table.

Every benchmark runs in a process of its own (bench/__main__.py). It prints ratios against a
baseline measured in the same run and hands its figures (the JSON keys of `python -m bench
--json`) back through the file named by BENCH_FIGURES_FILE.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# The size of every benchmark; CI's smoke run sets 2,000.
FIRMS = int(os.environ.get("BENCH_FIRMS", "1000000"))
_DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def bench_database_url(purpose: str) -> str:
    """The URL of the bench database for `purpose`: on the PostgreSQL server of BENCH_DATABASE_URL
    or DATABASE_URL (else local), named after that URL's database, the purpose and the size.

    Never the URL itself: CI's DATABASE_URL is the database the test suite derives its own from,
    and a benchmark truncates tables.
    """
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        parts = urllib.parse.urlsplit(f"{_DEFAULT_SERVER}/credit_portal")
    stem = parts.path.lstrip("/") or "credit_portal"
    return urllib.parse.urlunsplit(
        parts._replace(path=f"/{stem}_bench_{purpose}_{FIRMS}", query=parts.query)
    )


def django_setup(purpose: str) -> None:
    """Configure Django against the bench database of `purpose` (created and migrated here)."""
    os.environ["DATABASE_URL"] = bench_database_url(purpose)
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


PUBLIC = "public"  # the database the grading and disclosure benchmarks share


def seeded() -> None:
    """FIRMS demo firms with their records: the data of the grading and disclosure benchmarks,
    seeded once and kept for later runs of the same size."""
    from django.core.management import call_command
    from django.db import connection

    from enterprises.models import Enterprise

    have = Enterprise.objects.count()
    if have >= FIRMS:
        return
    if have:
        # A seed that stopped half way; flush would also drop the migrations' policy data.
        name = connection.settings_dict["NAME"]
        raise SystemExit(f"{name} holds {have:,} of {FIRMS:,} firms: drop it and run again")
    print(f"seeding {FIRMS:,} firms (once; kept for later runs) ...", flush=True)
    call_command("load_regions", verbosity=0)
    call_command("seed_demo", "--enterprises", str(FIRMS), "--seed", "11", verbosity=0)


def seeded_and_graded() -> None:
    """The seeded firms, every one graded (the grading benchmark leaves them so)."""
    from enterprises.models import Enterprise
    from ratings.models import EnterpriseGrade
    from ratings.services.recompute import grades_recompute_all

    seeded()
    if EnterpriseGrade.objects.count() < Enterprise.objects.count():
        grades_recompute_all()


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
        return self.baseline_s / self.value_s if self.value_s else float("inf")

    def line(self) -> str:
        verdict = "meets" if self.ratio >= self.target else "MISSES"
        return (
            f"{self.name:<44} {self.value_s:8.3f} s  vs {self.baseline:<28} "
            f"{self.baseline_s:8.3f} s  ratio {self.ratio:5.2f}x "
            f"(target >= {self.target:.2f}x: {verdict}) {self.note}"
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


def figures_record(**figures: float | int | None) -> None:
    """Hand figures to `python -m bench` (merged into its JSON); a no-op when run alone."""
    target = os.environ.get("BENCH_FIGURES_FILE")
    if not target:
        return
    path = Path(target)
    known = json.loads(path.read_text()) if path.exists() and path.stat().st_size else {}
    known.update(figures)
    path.write_text(json.dumps(known))


def purge_queue() -> None:
    from credit_portal.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)


def run_main(run: Callable[[], list[Result]], purpose: str) -> None:
    django_setup(purpose)
    try:
        results = run()
    finally:
        purge_queue()
    for result in results:
        print(result.line(), flush=True)


def sweep_done(*, after: object) -> bool:
    """Whether the newest regrade sweep started after `after` has every range done."""
    from ratings.models import GradeSweep

    sweep = GradeSweep.objects.filter(started_at__gte=after).order_by("-started_at").first()
    return sweep is not None and not sweep.ranges.filter(done_at__isnull=True).exists()
