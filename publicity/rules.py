"""Penalty publicity windows (市场监督管理行政处罚信息公示规定, SAMR Order 45).

Every public read (pages, API, exports) filters penalties through `penalty_public` or the
equivalent set-based `public_penalties`; a test holds the two together at each boundary.
A decision is shown from its date until the day before its window ends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from core.dates import add_months
from enterprises.models import PenaltyKind, PenaltyProcedure, PenaltyRecord
from lists.rules import list_rules


@dataclass(frozen=True)
class PublicityRules:
    short_months: int = 3  # 通报批评 and low fines
    long_years: int = 3  # every other published penalty
    low_fine_threshold: Decimal = Decimal("50000")  # per province (Shanghai, a firm)
    early_stop_months: int = 6  # through an approved repair application
    early_stop_months_sensitive: int = 12  # food, drugs, special equipment
    # Never stopped early (Order 45 art. 20): suspension, restriction of production or
    # practice, lowered qualification, revoked licence.
    never_early: tuple[str, ...] = (
        PenaltyKind.SUSPENSION,
        PenaltyKind.RESTRICTION,
        PenaltyKind.PRACTICE_BAN,
        PenaltyKind.QUALIFICATION_LOWERED,
        PenaltyKind.LICENCE_REVOKED,
    )


RULES = PublicityRules()


def publicity_rules() -> PublicityRules:
    """The windows of the active list policy (ListPolicy), for every public read."""
    r = list_rules()
    return PublicityRules(
        short_months=r.publicity_short_months,
        long_years=r.publicity_long_years,
        low_fine_threshold=Decimal(r.publicity_low_fine_threshold),
        early_stop_months=r.publicity_early_stop_months,
        early_stop_months_sensitive=r.publicity_early_stop_months_sensitive,
    )


def _is_short(kind: str, amount: Decimal | None, aggravated: bool, rules: PublicityRules) -> bool:
    if kind == PenaltyKind.CIRCULATED_CRITICISM:
        return True
    return (
        kind == PenaltyKind.FINE
        and not aggravated
        and amount is not None
        and amount <= rules.low_fine_threshold
    )


def publicity_end(penalty: PenaltyRecord, rules: PublicityRules = RULES) -> dt.date | None:
    """The first day the decision is no longer shown; None if it is never shown."""
    if (
        penalty.procedure != PenaltyProcedure.ORDINARY
        or penalty.revoked
        or penalty.withdrawn_on is not None  # withdrawn after an upheld objection
        or penalty.kind == PenaltyKind.WARNING
    ):
        return None
    if _is_short(penalty.kind, penalty.amount, penalty.aggravated, rules):
        return add_months(penalty.decided_on, rules.short_months)
    return add_months(penalty.decided_on, 12 * rules.long_years)


def early_stop_allowed(
    penalty: PenaltyRecord, *, on: dt.date, sensitive: bool, rules: PublicityRules = RULES
) -> bool:
    """Whether publicity may stop on `on` through an approved credit-repair application."""
    if penalty.kind in rules.never_early:
        return False
    months = rules.early_stop_months_sensitive if sensitive else rules.early_stop_months
    return on >= add_months(penalty.decided_on, months)


def penalty_public(
    penalty: PenaltyRecord, *, today: dt.date, rules: PublicityRules = RULES
) -> bool:
    end = publicity_end(penalty, rules)
    if end is not None and penalty.publicity_stopped_on is not None:
        end = min(end, penalty.publicity_stopped_on)  # ended early by an approved repair
    return end is not None and penalty.decided_on <= today < end


def public_penalties(*, today: dt.date, rules: PublicityRules = RULES) -> QuerySet[PenaltyRecord]:
    """Penalties the public may see on `today`, as one query (indexed by decided_on)."""
    short = Q(kind=PenaltyKind.CIRCULATED_CRITICISM) | Q(
        kind=PenaltyKind.FINE,
        aggravated=False,
        amount__isnull=False,
        amount__lte=rules.low_fine_threshold,
    )
    # decided_on > today - period  <=>  today < decided_on + period (month ends clamp alike)
    short_from = _months_back(today, rules.short_months)
    long_from = _months_back(today, 12 * rules.long_years)
    return (
        PenaltyRecord.objects.filter(
            procedure=PenaltyProcedure.ORDINARY, revoked=False, decided_on__lte=today
        )
        .filter(
            Q(publicity_stopped_on__isnull=True) | Q(publicity_stopped_on__gt=today),
            withdrawn_on__isnull=True,
        )
        .exclude(kind=PenaltyKind.WARNING)
        .filter((short & Q(decided_on__gt=short_from)) | (~short & Q(decided_on__gt=long_from)))
    )


def _months_back(today: dt.date, months: int) -> dt.date:
    """The latest decision date whose window has already ended on `today`."""
    day = add_months(today, -months)
    # A decision on a later day may still end on or before today when month ends clamp
    # (decided 31 May + 3 months = 31 Aug; decided 30 Nov + 3 months = 28 Feb).
    while add_months(day + dt.timedelta(days=1), months) <= today:
        day += dt.timedelta(days=1)
    return day
