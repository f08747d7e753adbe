"""Run the benchmarks: `python -m bench [--json FILE] [BENCHMARK ...]` (`make bench` runs them
all; the names are the keys of FIGURES).

BENCH_FIRMS sets the size (default 1,000,000). Each benchmark runs in a process of its own
against a PostgreSQL database of its own and prints its results as ratios against a baseline
measured in the same run. With --json the figures are also written to FILE, with exactly the
keys of FIGURES; a figure whose benchmark could not run is null, and the output says why.
CI runs `BENCH_FIRMS=2000 python -m bench --json …` as a smoke test (.ci/run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import FIRMS

# Which benchmark measures which figure: the JSON's keys, in this order.
FIGURES: dict[str, tuple[str, ...]] = {
    "intake": ("intake_rows_per_s", "intake_copy_rows_per_s"),
    "grading": (
        "regrade_full_s",
        "regrade_unchanged_s",
        "regrade_unchanged_rows_written",
        "regrade_unchanged_wal_mb",
        "regrade_plus400_s",
        "post_to_grade_p95_ms",
    ),
    "disclosure": (
        "search_sql_p95_ms",
        "search_api_rps",
        "profile_api_rps",
        "orm_view_rps",
        "list_page_rps",
        "trivial_view_rps",
    ),
    "matching": ("match_p95_ms", "pinyin_search_p95_ms"),
    "fanout": ("regrade_fanout_1_s", "regrade_fanout_2_s", "regrade_fanout_4_s"),
    "replica": ("replica_lag_p95_ms", "replica_profile_api_rps"),
}
BENCHMARKS = tuple(FIGURES)
KEYS = ("firms", *(key for keys in FIGURES.values() for key in keys))


def figures_merge(
    measured: dict[str, dict[str, object]], *, firms: int
) -> tuple[dict[str, object], list[str]]:
    """The JSON document (exactly KEYS) and, for every null, a line saying why."""
    out: dict[str, object] = {"firms": firms}
    why: list[str] = []
    for name, keys in FIGURES.items():
        got = measured.get(name)
        for key in keys:
            value = None if got is None else got.get(key)
            out[key] = value
            if value is None:
                reason = "was not chosen" if got is None else "did not report it (see above)"
                why.append(f"{key}: null because benchmark '{name}' {reason}")
    return {key: out[key] for key in KEYS}, why


def _run_one(name: str) -> tuple[int, dict[str, object]]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        figures = Path(handle.name)
    try:
        env = os.environ | {"BENCH_FIGURES_FILE": str(figures)}
        done = subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False, env=env)
        text = figures.read_text()
        return done.returncode, json.loads(text) if text else {}
    finally:
        figures.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("benchmarks", nargs="*", help=f"any of {', '.join(BENCHMARKS)} (all)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    chosen = args.benchmarks or list(BENCHMARKS)
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    print(f"{FIRMS:,} firms; ratio = baseline time / measured time; higher is better", flush=True)
    failed: list[str] = []
    measured: dict[str, dict[str, object]] = {}
    for name in chosen:
        print(f"== {name}", flush=True)
        rc, figures = _run_one(name)
        measured[name] = figures
        if rc != 0:
            failed.append(name)
            print(f"== {name} failed (exit {rc}); its missing figures are null", flush=True)
    document, why = figures_merge(measured, firms=FIRMS)
    for line in why:
        print(line, flush=True)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(document, indent=2) + "\n")
        print(f"figures written to {args.json}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
