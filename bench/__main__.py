"""Run every benchmark: `python -m bench` (or `make bench`). PostgreSQL only; not part of CI."""

from __future__ import annotations

import sys

from bench.harness import django_setup, purge_queue


def main() -> int:
    django_setup()
    from bench import intake

    results = [intake.run()]
    purge_queue()
    print("\nbenchmark results (ratio = baseline time / measured time; higher is better)")
    for result in results:
        print(result.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
