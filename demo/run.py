"""One seeding run: how much to write, its random source and dates, and the firms written."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# The level a market regulator works at, by the length of its jurisdiction prefix.
LEVEL_OF_PREFIX = {0: "national", 2: "provincial", 4: "municipal", 6: "county"}


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
    # (jurisdiction, department id) of the market regulators: the departments that sample,
    # penalise, licence and take complaints. The health and housing departments of the demo
    # ask restriction questions; they send none of these records.
    senders: list[tuple[str, int]]
    firms: list[DemoFirm] = field(default_factory=list)
    honoured: set[int] = field(default_factory=set)  # firms with an honour sign more often
    _by_region: dict[str, list[tuple[int, str]]] = field(default_factory=dict)

    def sender(self, region_code: str) -> int:
        """A market regulator whose jurisdiction covers the region: the record's sender."""
        return self.sender_with_level(region_code)[0]

    def sender_with_level(self, region_code: str) -> tuple[int, str]:
        """A covering market regulator and the level it works at (a national sampling comes
        from the national administration, a county one from the county bureau)."""
        pool = self._by_region.get(region_code)
        if pool is None:
            pool = self._by_region[region_code] = [
                (pk, LEVEL_OF_PREFIX[len(prefix)])
                for prefix, pk in self.senders
                if region_code.startswith(prefix)
            ]
        return self.rng.choice(pool)

    def received(self, day: dt.date) -> dt.datetime:
        """When a record dated `day` reached the portal: a few days later, never after now."""
        at = dt.datetime.combine(
            day + dt.timedelta(days=self.rng.randint(1, 7)), dt.time(10), tzinfo=self.now.tzinfo
        )
        return min(at, self.now)

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
