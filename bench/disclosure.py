"""Public disclosure at scale (BENCH_FIRMS seeded and graded firms, shared with the grading
benchmark), each against a baseline measured in the same run:

- two-character Chinese search, time in SQL: p95 over up to 300 bigrams taken from real names,
  vs one hand-written indexed lookup of the same bigram (a page of firm ids);
- HTTP throughput under gunicorn (2 sync workers) with wrk on loopback, all in one run: the
  search API and the exact-code profile API vs a bare Django view doing one ORM query; the
  red-list and blacklist pages vs a trivial Django JSON view served the same way.

BENCH_WRK_SECONDS sets each wrk run (default 10; CI's smoke run uses 1).
"""

from __future__ import annotations

import contextlib
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
from collections.abc import Iterator
from pathlib import Path

from bench.harness import PUBLIC, Result, django_setup, figures_record, seeded_and_graded

PORT = 8097
DURATION = f"{int(os.environ.get('BENCH_WRK_SECONDS', '10'))}s"
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


def sql_baseline(bigrams: list[str]) -> list[float]:
    """Milliseconds of one hand-written lookup per bigram: the first page of firm ids."""
    from django.db import connection

    from enterprises.models import NameBigram

    table = connection.ops.quote_name(NameBigram._meta.db_table)
    out = []
    with connection.cursor() as cursor:
        for q in bigrams:
            started = time.perf_counter()
            cursor.execute(
                f"SELECT enterprise_id FROM {table} WHERE term = %s "
                "ORDER BY enterprise_id LIMIT 20",
                [q],
            )
            cursor.fetchall()
            out.append((time.perf_counter() - started) * 1000)
    return out


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def _wrk(paths: list[str], seconds: str = DURATION) -> float:
    """Requests per second for `paths` (one chosen at random per request). A run that completed
    no request (a machine far too busy for a short run) is run again four times as long."""
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
            f"-d{seconds}",
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
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    if rps == 0 and seconds == DURATION:
        return _wrk(paths, f"{int(seconds.removesuffix('s')) * 4}s")
    if rps == 0:
        raise SystemExit(f"wrk completed no request in {seconds}:\n{out}")
    return rps


def run() -> list[Result]:

    seeded_and_graded()
    bigrams, codes = public_sample()
    sql_search(bigrams[:30])  # warm the cache
    sql_baseline(bigrams[:30])
    timings, overall = sql_search(bigrams)
    base = sql_baseline(bigrams)
    p95 = _p95(timings)
    figures_record(search_sql_p95_ms=round(p95, 3))
    results = [
        Result(
            "2-char search p95, time in SQL",
            "hand-written bigram lookup p95",
            p95 / 1000,
            _p95(base) / 1000,
            0.5,
            f"median {statistics.median(timings):.2f} ms; with Python and ORM: p95 "
            f"{_p95(overall):.1f} ms, median {statistics.median(overall):.1f} ms",
        )
    ]
    print(results[0].line(), flush=True)  # the SQL part stands even if HTTP fails
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    with bench_server(PORT):
        search, profile, lists = public_paths(bigrams, codes)
        orm = ["/bench/orm/"]
        trivial_paths = ["/bench/trivial/"]
        for paths in (profile, search, lists, orm, trivial_paths):
            _wrk(paths[:5])  # warm every worker
        trivial = _wrk(trivial_paths)
        orm_rps = _wrk(orm)
        profile_rps = _wrk(profile)
        search_rps = _wrk(search)
        lists_rps = _wrk(lists)
    figures_record(
        search_api_rps=round(search_rps),
        profile_api_rps=round(profile_rps),
        orm_view_rps=round(orm_rps),
        list_page_rps=round(lists_rps),
        trivial_view_rps=round(trivial),
    )
    results += [
        Result(
            "search API, 2 Chinese characters",
            "bare Django view, one ORM query",
            1 / search_rps,
            1 / orm_rps,
            0.5,
            f"{search_rps:.0f} vs {orm_rps:.0f} req/s",
        ),
        Result(
            "profile API, exact code",
            "bare Django view, one ORM query",
            1 / profile_rps,
            1 / orm_rps,
            0.5,
            f"{profile_rps:.0f} vs {orm_rps:.0f} req/s",
        ),
        Result(
            "red-list and blacklist pages",
            "trivial Django JSON view",
            1 / lists_rps,
            1 / trivial,
            0.5,
            f"{lists_rps:.0f} vs {trivial:.0f} req/s",
        ),
    ]
    return results


def public_sample() -> tuple[list[str], list[str]]:
    """Up to 300 two-character queries taken from real names, and the codes of those firms."""
    from django.db import connection

    rng = random.Random(7)
    with connection.cursor() as cursor:
        # About 300 firms at any size (TABLESAMPLE would find none in a small table).
        cursor.execute(
            "SELECT name, uscc FROM enterprises_enterprise WHERE random() < %s LIMIT 300",
            [min(1.0, 600 / max(1, _firm_count()))],
        )
        sample = cursor.fetchall()
    # Two characters from the middle of each name: the trade name, what people type.
    bigrams = [name[2 + rng.randrange(2) : 4 + rng.randrange(2)][:2] for name, _c in sample]
    return [b for b in bigrams if len(b) == 2], [c for _n, c in sample]


def public_paths(bigrams: list[str], codes: list[str]) -> tuple[list[str], list[str], list[str]]:
    """The public reads: search API, exact-code profile API, red-list and blacklist pages."""
    search = [f"/api/v1/enterprises/?search={urllib.parse.quote(b)}" for b in bigrams]
    profile = [f"/api/v1/enterprises/{c}/" for c in codes]
    lists = (
        [f"/red-list/?page={p}" for p in range(1, 6)]
        + [f"/blacklist/?page={p}" for p in range(1, 6)]
        + ["/red-list/?region=340000", "/blacklist/?region=440000"]
    )
    return search, profile, lists


def _firm_count() -> int:
    from enterprises.models import Enterprise

    return Enterprise.objects.count()


@contextlib.contextmanager
def bench_server(port: int) -> Iterator[None]:
    """gunicorn with 2 sync workers on loopback, serving the portal plus the baseline views
    (bench.urls), throttles lifted: what wrk measures is the cost of a request."""
    from django.core.management import call_command

    call_command("collectstatic", "--noinput", verbosity=0)  # pages need the manifest
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PUBLIC_API_RATE": "100000000/min",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "false",
    }
    log = Path(tempfile.gettempdir()) / f"bench-web-{port}.log"
    with log.open("wb") as out:
        web = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "bench.wsgi_app",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/trivial/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"the bench server never answered; see {log}")
        yield
    finally:
        web.terminate()
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            web.kill()
            web.wait(timeout=10)


if __name__ == "__main__":
    django_setup(PUBLIC)
    try:
        for result in run()[1:]:
            print(result.line(), flush=True)
    finally:
        from bench.harness import purge_queue

        purge_queue()
