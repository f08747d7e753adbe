"""Load test of the public reads (`make loadtest`; issue #16, deliverable 9).

1. Capacity: each of the search API, the exact-code profile API and the red-list/blacklist
   pages alone, as fast as gunicorn (2 sync workers, throttles lifted) answers wrk on loopback.
2. Hold: all three at once for LOADTEST_SECONDS (default 300), each by its own wrk with a third
   of the connections, none waiting between requests: together they keep both workers busy,
   i.e. the server at its capacity, the whole time (throughput is reported beside each
   endpoint's capacity alone). Every request must succeed: any socket error, timeout or
   status >= 400 fails the run. p50/p95/p99 are reported per endpoint.

LOADTEST_PROBE_SECONDS sets the capacity runs (default 10). CI runs a few seconds of each.
Same data and database as the disclosure benchmark (BENCH_FIRMS firms, seeded and graded).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.disclosure import bench_server, public_paths, public_sample
from bench.harness import PUBLIC, django_setup, seeded_and_graded

PORT = 8098
CONNECTIONS = 8
THREADS = 2
SCRIPT = Path(__file__).with_name("loadtest.lua")
HOLD_SECONDS = int(os.environ.get("LOADTEST_SECONDS", "300"))
PROBE_SECONDS = int(os.environ.get("LOADTEST_PROBE_SECONDS", "10"))


@dataclass
class Run:
    name: str
    figures: dict[str, float]

    @property
    def rps(self) -> float:
        return self.figures["requests"] / (self.figures["duration_us"] / 1e6)

    @property
    def errors(self) -> int:
        return int(sum(self.figures[k] for k in ("connect", "read", "write", "status", "timeout")))

    def line(self) -> str:
        f = self.figures
        return (
            f"{self.name:<34} {self.rps:8.0f} req/s  p50 {f['p50_ms']:7.2f} ms  "
            f"p95 {f['p95_ms']:7.2f} ms  p99 {f['p99_ms']:7.2f} ms  max {f['max_ms']:8.1f} ms  "
            f"{int(f['requests']):,} requests, {self.errors} errors"
        )


def _wrk(
    paths: list[str], seconds: int, delay_ms: float, connections: int
) -> subprocess.Popen[str]:
    handle = tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False)  # noqa: SIM115
    with handle:
        handle.write("\n".join(paths) + "\n")
    env = os.environ | {"LOADTEST_PATHS": handle.name, "LOADTEST_DELAY_MS": f"{delay_ms:.3f}"}
    return subprocess.Popen(
        [
            shutil.which("wrk") or "wrk",
            f"-t{min(THREADS, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(SCRIPT),
            f"http://127.0.0.1:{PORT}",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _figures(name: str, proc: subprocess.Popen[str]) -> Run:
    out, _err = proc.communicate()
    for line in out.splitlines():
        if line.startswith("LOADTEST "):
            return Run(name, json.loads(line.removeprefix("LOADTEST ")))
    raise SystemExit(f"wrk gave no figures for {name}:\n{out}")


def main() -> int:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    django_setup(PUBLIC)
    seeded_and_graded()
    search, profile, lists = public_paths(*public_sample())
    groups = {
        "search API (2 characters)": search,
        "profile API (exact code)": profile,
        "red-list and blacklist pages": lists,
    }
    with bench_server(PORT):
        for paths in groups.values():
            _figures("warm-up", _wrk(paths[:5], 1, 0, CONNECTIONS))
        print(f"capacity, each alone ({PROBE_SECONDS} s, {CONNECTIONS} connections):", flush=True)
        capacity = {}
        for name, paths in groups.items():
            run = _figures(name, _wrk(paths, PROBE_SECONDS, 0, CONNECTIONS))
            print("  " + run.line(), flush=True)
            capacity[name] = run.rps
        share = max(1, CONNECTIONS // len(groups))
        print(
            f"hold: all three at once for {HOLD_SECONDS} s, {share} connections each "
            f"(the server at its capacity):",
            flush=True,
        )
        procs = {name: _wrk(paths, HOLD_SECONDS, 0, share) for name, paths in groups.items()}
        failed = 0
        total = 0.0
        for name, proc in procs.items():
            run = _figures(name, proc)
            print(f"  {run.line()}", flush=True)
            failed += run.errors
            total += run.rps
        # Equal request shares at the capacities alone would give the harmonic mean; a probe
        # that completed nothing (a machine far too busy) leaves it unknown.
        if all(capacity.values()):
            mixed = len(groups) / sum(1 / capacity[name] for name in groups)
            together = f"  together {total:.0f} req/s (capacity of an equal mix: {mixed:.0f})"
            print(together, flush=True)
        else:
            print(f"  together {total:.0f} req/s (a probe completed no request)", flush=True)
    if failed:
        print(f"load test FAILED: {failed} errors", flush=True)
        return 1
    print("load test passed: zero errors", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
