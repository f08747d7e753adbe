"""One seeding run: how much to write, its random source and dates, and the firms written."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SeedCounts:
    enterprises: int
    inspections: float = 5.0  # per firm, the proportions of issue 4's benchmark
    penalties: float = 0.5
    licences: float = 0.4
    honours: float = 0.03
    complaints: float = 0.1
    commitments: float = 0.1  # share of firms
    reports: float = 0.05


@dataclass(frozen=True)
class DemoFirm:
    """What the record tables need of a firm written earlier in the run."""

    id: int
    region_code: str
    business: int  # index into words.BUSINESSES
    city: str


@dataclass
class SeedRun:
    """Shared by the row generators, which draw from one random source in table order."""

    counts: SeedCounts
    rng: random.Random
    today: dt.date
    now: dt.datetime
    senders: list[tuple[str, int]]  # (jurisdiction, department id) of every department
    firms: list[DemoFirm] = field(default_factory=list)
    honoured: set[int] = field(default_factory=set)  # firms with an honour sign more often
    _by_region: dict[str, list[int]] = field(default_factory=dict)

    def sender(self, region_code: str) -> int:
        """A department whose jurisdiction covers the region: the record's sender."""
        pool = self._by_region.get(region_code)
        if pool is None:
            pool = self._by_region[region_code] = [
                pk for prefix, pk in self.senders if region_code.startswith(prefix)
            ]
        return self.rng.choice(pool)

    def day_within(self, years: float) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(0, int(365 * years)))

    def record_count(self, mean: float) -> int:
        """A geometric count with the given mean: most firms have few records, some many."""
        if mean <= 0:
            return 0
        p = 1 / (mean + 1)
        return int(math.log(1 - self.rng.random()) / math.log(1 - p))

    def weighted(self, pairs: Sequence[tuple[Any, int]]) -> Any:
        return self.rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]
