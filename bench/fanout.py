"""The full regrade fanned out over Celery workers (ratings/services/sweeps.py), with 1, 2 and
4 worker processes, each run rewriting every grade (a new policy version), against the same
sweep run in one process in this run. Also prints the plan of one range's statement.

On this machine's 2 cores, 4 processes cannot beat 2: the figure that carries to N machines
is the 1 -> 2 step (each worker process brings its own core; PostgreSQL stays the shared part).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.harness import (
    FIRMS,
    PUBLIC,
    Result,
    figures_record,
    run_main,
    seeded_and_graded,
    sweep_done,
)

ROOT = Path(__file__).resolve().parent.parent
QUEUE = "bench-fanout"
PROCESSES = (1, 2, 4)
# Enough ranges for 4 processes to share at any size: 32 ranges, never under 100 firms.
RANGE_FIRMS = max(100, FIRMS // 32)


def _new_policy_version() -> None:
    """Every grade row then changes (its policy), so each run does the same full work."""
    from ratings.services.policy import grading_policy_active, grading_policy_publish

    active = grading_policy_active()
    grading_policy_publish(
        rules=active.rules,
        matrix=active.matrix,
        note="benchmark: fan-out",
        actor=None,
        recompute=False,
    )


def _plan() -> str:
    from django.db import connection
    from django.utils import timezone

    from ratings.bulk_sql import SQL, _params
    from ratings.services.policy import grading_policy_active

    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id) FROM enterprises_enterprise")
        first = cursor.fetchone()[0] or 0
        params = _params(
            lo=first,
            hi=first + RANGE_FIRMS - 1,
            policy=grading_policy_active(),
            today=timezone.localdate(),
        )
        cursor.execute("EXPLAIN (COSTS false) " + SQL, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _run_with(processes: int) -> float:
    from django.db import connection
    from django.utils import timezone

    from ratings.tasks import grades_recompute_all_task

    _new_policy_version()
    connection.close()
    env = {
        **os.environ,
        "CELERY_TASK_DEFAULT_QUEUE": QUEUE,
        "REGRADE_RANGE_FIRMS": str(RANGE_FIRMS),
        "DEBUG": "false",
    }
    log = ROOT / "var" / f"bench-fanout-{processes}.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "credit_portal", "worker",
                "--pool=prefork", f"--concurrency={processes}", "-Q", QUEUE,
                "--loglevel=INFO", "--without-gossip", "--without-mingle",
            ],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while b"ready." not in log.read_bytes():
            if time.monotonic() > deadline or worker.poll() is not None:
                raise SystemExit(f"the worker never started:\n{log.read_text()[-2000:]}")
            time.sleep(0.2)
        started_at = timezone.now()
        started = time.perf_counter()
        grades_recompute_all_task.apply_async(queue=QUEUE)
        while not sweep_done(after=started_at):
            if worker.poll() is not None:
                raise SystemExit(f"the worker died:\n{log.read_text()[-2000:]}")
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.kill()


def run() -> list[Result]:
    from ratings.services.sweeps import grades_sweep_range_run, grades_sweep_start

    seeded_and_graded()
    print(f"plan of one range ({RANGE_FIRMS:,} firm ids):\n{_plan()}", flush=True)
    _new_policy_version()
    started = time.perf_counter()
    ranges = grades_sweep_start(step=RANGE_FIRMS)
    for range_id in ranges:
        grades_sweep_range_run(range_id=range_id)
    in_process = time.perf_counter() - started
    times = {n: _run_with(n) for n in PROCESSES}
    figures_record(**{f"regrade_fanout_{n}_s": round(t, 3) for n, t in times.items()})
    return [
        Result(
            f"full regrade, {n} worker process{'es' if n > 1 else ''}",
            "the same sweep in one process",
            t,
            in_process,
            # One process pays the broker round trips; more should cut the time.
            0.9 if n == 1 else 1.0,
            f"{len(ranges)} ranges of {RANGE_FIRMS:,} ids; "
            f"speed-up over 1 process {times[1] / t:.2f}x",
        )
        for n, t in times.items()
    ]


if __name__ == "__main__":
    run_main(run, PUBLIC)
