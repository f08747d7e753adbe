"""Run the benchmarks: `python -m bench [intake] [grading]` (or `make bench`).

Each runs in a process of its own against a PostgreSQL database of its own and prints its
results as ratios against a baseline measured in the same run. Not part of CI.
"""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = ("intake", "grading", "disclosure")


def main() -> int:
    chosen = sys.argv[1:] or list(BENCHMARKS)
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        print(f"unknown benchmark(s): {', '.join(sorted(unknown))}; choose from {BENCHMARKS}")
        return 2
    print("ratio = baseline time / measured time; higher is better", flush=True)
    failed = 0
    for name in chosen:
        print(f"== {name}", flush=True)
        done = subprocess.run([sys.executable, "-m", f"bench.{name}"], check=False)
        failed += done.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
