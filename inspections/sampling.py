"""The draw itself, as pure functions: reproducible from the published seed and the pool.

A firm is drawn when a uniform number from the seeded generator falls below its sampling
ratio: the one written on its grade row for its grade and product-risk class (DOMAIN.md
section 4: AA 2 %, A 3 %, B 5 %, C 20 % by default; ratings.sampling reads it). The pool is
ordered by code, so the same seed and pool always give the same plan; inspectors are then
drawn for each firm, in the same order, from those with no conflict of interest.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PoolFirm:
    pk: int
    uscc: str
    grade: str
    risk: str
    ratio: float  # its sampling ratio (ratings.sampling)


@dataclass(frozen=True)
class Drawn:
    firm: PoolFirm
    probability: float


def firms_draw(pool: Iterable[PoolFirm], *, seed: str) -> list[Drawn]:
    rng = random.Random(f"firms:{seed}")  # noqa: S311 (reproducible by design, not secret)
    drawn = []
    for firm in sorted(pool, key=lambda f: f.uscc):
        if rng.random() < firm.ratio:
            drawn.append(Drawn(firm, firm.ratio))
    return drawn


def inspectors_draw(
    drawn: Sequence[Drawn],
    *,
    seed: str,
    inspectors: Sequence[tuple[int, str]],  # (pk, badge number)
    excluded: dict[int, set[int]],  # firm pk -> inspector pks with a conflict or recent visit
    per_firm: int = 2,
) -> dict[int, list[int]]:
    """Inspector pks per drawn firm; fewer than `per_firm` when too few are eligible."""
    rng = random.Random(f"inspectors:{seed}")  # noqa: S311
    ordered = sorted(inspectors, key=lambda i: i[1])
    chosen: dict[int, list[int]] = {}
    for d in drawn:
        eligible = [pk for pk, _badge in ordered if pk not in excluded.get(d.firm.pk, set())]
        chosen[d.firm.pk] = rng.sample(eligible, min(per_firm, len(eligible)))
    return chosen
