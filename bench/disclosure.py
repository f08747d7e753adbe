"""Public disclosure at scale (needs a database seeded with `seed_demo --enterprises 1000000`
and graded with `recompute_grades --all`; set DISCLOSURE_BENCH_DB, default
credit_portal_disclosure).

- two-character Chinese search in SQL: p95 over 300 bigrams taken from real names (target < 10 ms);
- HTTP throughput under gunicorn with wrk on loopback, all in one run:
  search by two characters vs search by exact code (target >= 0.5x);
  red-list and blacklist pages vs a trivial Django JSON view served the same way (>= 0.25x).
"""

from __future__ import annotations

import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from bench.harness import Result, django_setup

PORT = 8097
DURATION = "10s"
CONNECTIONS = 8


def sql_search(bigrams: list[str]) -> tuple[list[float], list[float]]:
    """Per query: milliseconds spent in SQL (every statement, round trip included) and in all
    (Python, ORM and SQL) for one page of search results."""
    from django.db import connection

    from disclosure.search import search_enterprises
    from enterprises.models import Enterprise

    in_sql: list[float] = []

    def timer(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            in_sql[-1] += (time.perf_counter() - started) * 1000

    overall = []
    with connection.execute_wrapper(timer):
        for q in bigrams:
            in_sql.append(0.0)
            started = time.perf_counter()
            search_enterprises(q=q, base=Enterprise.objects.all(), page=1)
            overall.append((time.perf_counter() - started) * 1000)
    connection.close()
    return in_sql, overall


def _wrk(paths: list[str]) -> float:
    """Requests per second for `paths` (one chosen at random per request)."""
    quoted = ",".join('"' + p.replace('"', '\\"') + '"' for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            f"local paths = {{{quoted}}}\n"
            "math.randomseed(42)\n"
            "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n"
        )
    out = subprocess.run(
        [
            shutil.which("wrk") or "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION}",
            "-s",
            script.name,
            f"http://127.0.0.1:{PORT}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"wrk saw {non2xx.group(1)} error responses:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


def run() -> list[Result]:
    from django.db import connection

    from enterprises.models import Enterprise

    if Enterprise.objects.count() < 900_000:
        raise SystemExit(
            "Seed first: manage.py seed_demo --enterprises 1000000 and recompute_grades --all"
        )
    rng = random.Random(7)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, uscc FROM enterprises_enterprise TABLESAMPLE SYSTEM (0.1) LIMIT 300"
        )
        sample = cursor.fetchall()
    # Two characters from the middle of each name: the trade name, what people type.
    bigrams = [name[2 + rng.randrange(2) : 4 + rng.randrange(2)][:2] for name, _c in sample]
    bigrams = [b for b in bigrams if len(b) == 2]
    codes = [c for _n, c in sample]
    sql_search(bigrams[:30])  # warm the cache
    timings, overall = sql_search(bigrams)
    p95 = statistics.quantiles(timings, n=20)[-1]
    results = [
        Result(
            "2-char search p95, time in SQL",
            "10 ms budget",
            p95 / 1000,
            0.010,
            1.0,
            f"median {statistics.median(timings):.2f} ms; with Python and ORM: p95 "
            f"{statistics.quantiles(overall, n=20)[-1]:.1f} ms, "
            f"median {statistics.median(overall):.1f} ms",
        )
    ]

    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # pages need the manifest
    for _name, result in [("sql", results[0])]:
        print(result.line(), flush=True)  # the SQL part stands even if HTTP fails
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PUBLIC_API_RATE": "100000000/min",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "false",
    }
    log = Path(tempfile.gettempdir()) / "bench-disclosure-web.log"
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "bench.wsgi_app",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/trivial/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        search = [f"/api/v1/enterprises/?search={urllib.parse.quote(b)}" for b in bigrams]
        exact = [f"/api/v1/enterprises/?search={c}" for c in codes]
        lists = (
            [f"/red-list/?page={p}" for p in range(1, 6)]
            + [f"/blacklist/?page={p}" for p in range(1, 6)]
            + ["/red-list/?region=340000", "/blacklist/?region=440000"]
        )
        for paths in (exact, search, lists, ["/bench/trivial/"]):
            _wrk(paths[:5])  # warm every worker
        trivial = _wrk(["/bench/trivial/"])
        exact_rps = _wrk(exact)
        search_rps = _wrk(search)
        lists_rps = _wrk(lists)
    finally:
        web.terminate()
        web.wait(timeout=10)
    results += [
        Result(
            "search API, 2 Chinese characters",
            "search API, exact code",
            1 / search_rps,
            1 / exact_rps,
            0.5,
            f"{search_rps:.0f} vs {exact_rps:.0f} req/s",
        ),
        Result(
            "red-list and blacklist pages",
            "trivial Django JSON view",
            1 / lists_rps,
            1 / trivial,
            0.25,
            f"{lists_rps:.0f} vs {trivial:.0f} req/s",
        ),
    ]
    return results


if __name__ == "__main__":
    django_setup(os.environ.get("DISCLOSURE_BENCH_DB", "credit_portal_disclosure"))
    for result in run()[1:]:
        print(result.line(), flush=True)
