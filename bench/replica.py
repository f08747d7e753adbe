"""Public reads from a real streaming standby (core/replicas.py), on the disclosure benchmark's
firms, against the same reads from the primary in the same run:

- replication lag: a committed row on the primary until it is visible on the standby, p50 and
  p95 over 50 commits, the standby streaming (`pg_basebackup -R`, bench/standby.py);
- the exact-code profile API under gunicorn (2 sync workers) with wrk, reading from the
  standby, vs the same server reading from the primary.

On one machine the standby shares the cores, so the throughput ratio shows the cost of the
routing, not the gain: a replica on a machine of its own adds its cores to the public reads.
Needs the primary to take replication connections from 127.0.0.1 (.ci/run allows it).
"""

from __future__ import annotations

import os
import statistics
import time

from bench.disclosure import PORT, _wrk, bench_server, public_paths, public_sample
from bench.harness import PUBLIC, Result, figures_record, run_main, seeded_and_graded
from bench.standby import Standby, standby_running, standby_unavailable

SAMPLES = 50
_MARKER = "bench_replica_marker"


def _lags(standby: Standby, dbname: str) -> list[float]:
    """Milliseconds from each commit on the primary until the standby shows it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {_MARKER} (n integer NOT NULL)")
        cursor.execute(f"TRUNCATE {_MARKER}")
    standby.caught_up(timeout=120)
    reader = standby.connect(dbname)
    lags = []
    try:
        with reader.cursor() as seen:
            for n in range(1, SAMPLES + 1):
                with connection.cursor() as cursor:
                    cursor.execute(f"INSERT INTO {_MARKER} (n) VALUES (%s)", [n])  # autocommit
                committed = time.perf_counter()
                while True:
                    seen.execute(f"SELECT 1 FROM {_MARKER} WHERE n = %s", [n])
                    if seen.fetchone():
                        break
                    if time.perf_counter() - committed > 10:
                        raise SystemExit(f"the standby did not show commit {n} within 10 s")
                lags.append((time.perf_counter() - committed) * 1000)
    finally:
        reader.close()
    return lags


def run() -> list[Result]:
    why = standby_unavailable()
    if why:
        raise SystemExit(f"no standby can start here: {why}")
    from django.conf import settings

    seeded_and_graded()
    _bigrams, codes = public_sample()
    _search, profile, _lists = public_paths(_bigrams, codes)
    db = settings.DATABASES["default"]
    with standby_running() as standby:
        lags = _lags(standby, db["NAME"])
        with bench_server(PORT):
            _wrk(profile[:5])
            primary_rps = _wrk(profile)
        os.environ["DATABASE_REPLICA_URLS"] = (
            f"postgres://{db['USER'] or 'postgres'}@127.0.0.1:{standby.port}/{db['NAME']}"
        )
        try:
            with bench_server(PORT):
                _wrk(profile[:5])
                replica_rps = _wrk(profile)
        finally:
            del os.environ["DATABASE_REPLICA_URLS"]
    p95 = statistics.quantiles(lags, n=20)[-1]
    figures_record(replica_lag_p95_ms=round(p95, 2), replica_profile_api_rps=round(replica_rps))
    return [
        Result(
            "profile API read from a standby",
            "the same server reading the primary",
            1 / replica_rps,
            1 / primary_rps,
            0.8,
            f"{replica_rps:.0f} vs {primary_rps:.0f} req/s; replication lag p50 "
            f"{statistics.median(lags):.1f} ms, p95 {p95:.1f} ms over {SAMPLES} commits",
        )
    ]


if __name__ == "__main__":
    run_main(run, PUBLIC)
