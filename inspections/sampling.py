"""The draw itself, as pure functions: reproducible from the published seed and the pool.

Plans are drawn by class (`firms_draw_stratified`): the sampling ratio is policy data per
grade x product-risk cell (DOMAIN.md section 4: AA 2 %, A 3 %, B 5 %, C 20 % by default; a
province may set it by risk too), so a class is a grade and the risk class a firm is planned
as (unknown risk counts as I, ratings.risk). Each class of the pool draws ceil(ratio x its
size) firms, at least one, so no class is ever left out by chance. The pool is ordered by
code, so the same seed and pool always give the same plan; inspectors are then drawn for each
firm, in the same order, from those with no conflict of interest.

`firms_draw`, each firm drawn independently at its ratio, is kept for comparison: its ratios
hold only on average, and small classes (Anqing's 7 AA firms) are often not drawn at all.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ratings.sampling import UNGRADED


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


GRADE_ORDER = {"AA": 0, "A": 1, "B": 2, "C": 3}
RISK_ORDER = {"I": 0, "II": 1, "III": 2}


@dataclass(frozen=True)
class Stratum:
    """One class of a plan's pool: how many firms it had, at what ratio, and how many drawn."""

    grade: str
    risk: str
    pool_size: int
    ratio: float
    drawn: int


def stratum_quota(*, pool_size: int, ratio: float) -> int:
    """ceil(ratio x pool_size), at least one wherever the class has firms, at most all of them.

    The product is taken in decimal: in binary floating point 0.07 x 100 is 7.000000000000001,
    which would round a 7 % class of 100 firms up to 8."""
    if pool_size <= 0:
        return 0
    exact = Decimal(repr(ratio)) * pool_size
    return min(pool_size, max(1, math.ceil(exact)))


def _class_key(firm: PoolFirm) -> tuple[int, int, str, str]:
    # A firm not graded yet is sampled as B (ratings.sampling), so it is drawn in B's class.
    grade = firm.grade or UNGRADED
    return (GRADE_ORDER.get(grade, 9), RISK_ORDER.get(firm.risk, 9), grade, firm.risk)


def firms_draw_stratified(
    pool: Iterable[PoolFirm], *, seed: str
) -> tuple[list[Drawn], list[Stratum]]:
    """Draw each class (grade x planned risk) of the pool apart; return the drawn firms in code
    order and each class's pool size, ratio and drawn count.

    Every firm of `pool` carries its grade and the risk class it is planned as. A class's
    ratio is the highest its firms carry (they agree unless a regrade is under way; the higher
    never samples a firm below its own ratio). Each class has its own generator from the seed,
    so adding a firm to one class moves no other class's draw.
    """
    classes: dict[tuple[int, int, str, str], list[PoolFirm]] = {}
    for firm in sorted(pool, key=lambda f: f.uscc):
        classes.setdefault(_class_key(firm), []).append(firm)
    drawn: list[Drawn] = []
    strata: list[Stratum] = []
    for key in sorted(classes):
        members = classes[key]
        _g, _r, grade, risk = key
        ratio = max(f.ratio for f in members)
        quota = stratum_quota(pool_size=len(members), ratio=ratio)
        rng = random.Random(f"firms:{seed}:{grade}:{risk}")  # noqa: S311 (reproducible by design)
        chosen = rng.sample(members, quota)
        probability = quota / len(members)
        drawn.extend(Drawn(f, probability) for f in chosen)
        strata.append(Stratum(grade, risk, len(members), ratio, quota))
    drawn.sort(key=lambda d: d.firm.uscc)
    return drawn, strata


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
