"""Penalty publicity windows (市场监督管理行政处罚信息公示规定, SAMR Order 45).

Every public read (pages, API, exports, the change feed) and grading's "published penalty"
read penalties through this module: which decisions are published at all
(`penalty_publishable`), which fines are low (`low_fine`), when publicity ends
(`publicity_ends_on`) and what is public on a day (`penalty_public` / `public_penalties`).
Each rule is a Python predicate beside its query (and SQL where the set-based grading needs it);
tests/publicity/test_rules.py holds the forms together at each boundary.
Every window counts from publication (自公示之日起, Order 45): `publicity_starts_on` is the
penalty's `published_on`, or its decision date when the department sent none, so the public
window is never longer than the law allows. A decision is shown from that day through the last
day within its window (core.dates: published on D, within 3 years through D + 3 years, Civil
Code arts. 200–204), and the long window lasts through a longer restriction's last day
(`restriction_ends_on`); `publicity_end` and `publicity_ends_on` are the first day it is no
longer shown (the day after). Early stop waits 6 months from publication, 12 where the decision
concerns food, drugs or special equipment (the penalty's `sector`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce

from core.dates import add_working_days, last_start_due_by, period_over_from, window_start
from enterprises.models import PenaltyKind, PenaltyProcedure, PenaltyRecord, PenaltySector
from enterprises.rules import penalty_live, penalty_live_q
from lists.rules import RULES as LIST_RULES
from lists.rules import ListRules, list_rules, list_rules_at

# Never stopped early (Order 45 art. 20): suspension, restriction of production or practice,
# lowered qualification, revoked licence, ordered closure.
NEVER_EARLY: tuple[str, ...] = (
    PenaltyKind.SUSPENSION,
    PenaltyKind.RESTRICTION,
    PenaltyKind.PRACTICE_BAN,
    PenaltyKind.QUALIFICATION_LOWERED,
    PenaltyKind.LICENCE_REVOKED,
    PenaltyKind.CLOSURE,
)
# Decisions concerning these sectors wait `early_stop_months_sensitive` (12) before an early stop.
SENSITIVE_SECTORS: tuple[str, ...] = (
    PenaltySector.FOOD,
    PenaltySector.DRUGS,
    PenaltySector.SPECIAL_EQUIPMENT,
)


def publication_due(decided_on: dt.date, *, rules: ListRules) -> dt.date:
    """The last day a decision may be published (received here) on time (Order 45 art. 12)."""
    return add_working_days(decided_on, rules.publicity_publication_working_days)


def withdrawal_due(revoked_on: dt.date, *, rules: ListRules) -> dt.date:
    """The last day a revoked decision may be withdrawn (its revocation received) on time
    (Order 45 art. 17)."""
    return add_working_days(revoked_on, rules.publicity_withdrawal_working_days)


def _received_late_q(
    *, received: str, started: str, working_days: int, since: dt.date, today: dt.date
) -> Q:
    """Rows whose `received` moment (its local date) falls in [since, today] and after the
    `working_days`-th working day after their `started` date: for each run of received days
    with the same latest on-time start (core.dates.last_start_due_by), one date range."""
    q = Q(pk__in=[])
    day = since
    while day <= today:
        bound = last_start_due_by(day - dt.timedelta(days=1), working_days)
        last = day
        # The next received day shares the bound while the day before it is not a working day.
        while last < today and last_start_due_by(last, working_days) == bound:
            last += dt.timedelta(days=1)
        q |= Q(**{f"{received}__date__range": (day, last), f"{started}__lte": bound})
        day = last + dt.timedelta(days=1)
    return q


def publication_late_q(*, since: dt.date, today: dt.date, rules: ListRules) -> Q:
    """The query form of "received after publication_due": penalties received between `since`
    and `today` more than the policy's working days after the decision."""
    return _received_late_q(
        received="received_at",
        started="decided_on",
        working_days=rules.publicity_publication_working_days,
        since=since,
        today=today,
    )


def withdrawal_late_q(
    *, since: dt.date, today: dt.date, rules: ListRules, received: str = "revocation_received_at"
) -> Q:
    """The query form of "revocation received after withdrawal_due", on the moment the
    revocation was received (`received`, annotated by the caller from the record's history)."""
    return _received_late_q(
        received=received,
        started="revoked_on",
        working_days=rules.publicity_withdrawal_working_days,
        since=since,
        today=today,
    )


@dataclass(frozen=True)
class PublicityRules:
    """The Order 45 numbers of a list policy version (lists.rules.ListRules holds them)."""

    short_months: int  # 通报批评 and low fines
    long_years: int  # every other published penalty
    low_fine_threshold: Decimal  # per province; grading's A condition reads the same number
    early_stop_months: int  # through an approved repair application
    early_stop_months_sensitive: int  # food, drugs, special equipment
    never_early: tuple[str, ...] = NEVER_EARLY


def publicity_rules_of(r: ListRules) -> PublicityRules:
    return PublicityRules(
        short_months=r.publicity_short_months,
        long_years=r.publicity_long_years,
        low_fine_threshold=Decimal(r.publicity_low_fine_threshold),
        early_stop_months=r.publicity_early_stop_months,
        early_stop_months_sensitive=r.publicity_early_stop_months_sensitive,
    )


RULES = publicity_rules_of(LIST_RULES)  # the defaults, for pure callers and tests


def publicity_rules() -> PublicityRules:
    """The windows of the active list policy (ListPolicy), for every public read."""
    return publicity_rules_of(list_rules())


def publicity_rules_at(at: dt.datetime) -> PublicityRules:
    """The windows of the list policy version in force at `at` (a past day rebuilt)."""
    return publicity_rules_of(list_rules_at(at))


class _Published(Protocol):
    @property
    def decided_on(self) -> dt.date: ...
    @property
    def published_on(self) -> dt.date | None: ...


def publicity_starts_on(penalty: _Published) -> dt.date:
    """The day every window counts from: publication, or the decision when none was sent."""
    return penalty.published_on or penalty.decided_on


def publicity_starts_on_expr() -> Coalesce:
    """The same day as a query expression (annotate it, then filter on it)."""
    return Coalesce(F("published_on"), F("decided_on"))


class _Decision(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def procedure(self) -> str: ...


class _Fine(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def aggravated(self) -> bool: ...
    @property
    def amount(self) -> Decimal | None: ...


# Published at all: only decisions of the ordinary procedure (普通程序), and never a warning.


def penalty_publishable_q(*, prefix: str = "") -> Q:
    return Q(**{f"{prefix}procedure": PenaltyProcedure.ORDINARY}) & ~Q(
        **{f"{prefix}kind": PenaltyKind.WARNING}
    )


def penalty_publishable(penalty: _Decision) -> bool:
    return penalty.procedure == PenaltyProcedure.ORDINARY and penalty.kind != PenaltyKind.WARNING


def penalty_publishable_sql(alias: str) -> str:
    """The same rule over enterprises_penaltyrecord as `alias` (constants only, no parameter)."""
    return (
        f"({alias}.procedure = '{PenaltyProcedure.ORDINARY.value}' "
        f"AND {alias}.kind <> '{PenaltyKind.WARNING.value}')"
    )


# A low fine: a fine not set by the 从重 principle, up to the province's threshold (inclusive).


def low_fine_q(*, threshold: Decimal, prefix: str = "") -> Q:
    return Q(
        **{
            f"{prefix}kind": PenaltyKind.FINE,
            f"{prefix}aggravated": False,
            f"{prefix}amount__isnull": False,
            f"{prefix}amount__lte": threshold,
        }
    )


def low_fine(penalty: _Fine, *, threshold: Decimal) -> bool:
    return (
        penalty.kind == PenaltyKind.FINE
        and not penalty.aggravated
        and penalty.amount is not None
        and penalty.amount <= threshold
    )


def low_fine_sql(alias: str) -> str:
    """The same rule over enterprises_penaltyrecord as `alias`; reads %(low_fine)s."""
    return (
        f"({alias}.kind = '{PenaltyKind.FINE.value}' AND NOT {alias}.aggravated "
        f"AND {alias}.amount IS NOT NULL AND {alias}.amount <= %(low_fine)s)"
    )


def _short_q(rules: PublicityRules) -> Q:
    return Q(kind=PenaltyKind.CIRCULATED_CRITICISM) | low_fine_q(threshold=rules.low_fine_threshold)


def _is_short(penalty: PenaltyRecord, rules: PublicityRules) -> bool:
    return penalty.kind == PenaltyKind.CIRCULATED_CRITICISM or low_fine(
        penalty, threshold=rules.low_fine_threshold
    )


def publicity_end(penalty: PenaltyRecord, rules: PublicityRules = RULES) -> dt.date | None:
    """The first day the decision's window is over (the day after its last day within the
    window, core.dates.period_over_from); None if it is never shown."""
    if not (penalty_publishable(penalty) and penalty_live(penalty)):
        return None  # revoked, or withdrawn after an upheld objection, counts as never shown
    start = publicity_starts_on(penalty)
    if _is_short(penalty, rules):
        return period_over_from(start, months=rules.short_months)
    end = period_over_from(start, years=rules.long_years)
    if penalty.restriction_ends_on is not None:
        # Shown through a longer restriction's last day.
        end = max(end, penalty.restriction_ends_on + dt.timedelta(days=1))
    return end


def publicity_ends_on(penalty: PenaltyRecord, rules: PublicityRules = RULES) -> dt.date | None:
    """The first day the decision is no longer shown: its window's end, or the day an approved
    repair stopped it early, whichever comes first; None if it is never shown."""
    end = publicity_end(penalty, rules)
    if end is not None and penalty.publicity_stopped_on is not None:
        end = min(end, penalty.publicity_stopped_on)
    return end


def sensitive_sector(penalty: PenaltyRecord) -> bool:
    """Whether the decision concerns food, drugs or special equipment (the longer early stop)."""
    return penalty.sector in SENSITIVE_SECTORS


def early_stop_months(penalty: PenaltyRecord, rules: PublicityRules = RULES) -> int:
    """The months from publication before publicity may stop early, by the decision's sector."""
    if sensitive_sector(penalty):
        return rules.early_stop_months_sensitive
    return rules.early_stop_months


def early_stop_allowed(
    penalty: PenaltyRecord, *, on: dt.date, rules: PublicityRules = RULES
) -> bool:
    """Whether publicity may stop on `on` through an approved credit-repair application."""
    if penalty.kind in rules.never_early:
        return False
    return on >= early_stop_from(penalty, rules=rules)


def early_stop_from(penalty: PenaltyRecord, *, rules: PublicityRules = RULES) -> dt.date:
    """The first day publicity may stop early (kinds in `never_early` never may): the day after
    the minimum months from publication are over (core.dates.period_over_from)."""
    return period_over_from(publicity_starts_on(penalty), months=early_stop_months(penalty, rules))


def penalty_public(
    penalty: PenaltyRecord, *, today: dt.date, rules: PublicityRules = RULES
) -> bool:
    end = publicity_ends_on(penalty, rules)
    return end is not None and publicity_starts_on(penalty) <= today < end


def public_penalties(*, today: dt.date, rules: PublicityRules = RULES) -> QuerySet[PenaltyRecord]:
    """Penalties the public may see on `today`, as one query (`publicity_start` annotated)."""
    return _with_start().filter(public_on_q(today=today, rules=rules))


def _with_start() -> QuerySet[PenaltyRecord]:
    return PenaltyRecord.objects.annotate(publicity_start=publicity_starts_on_expr())


def public_on_q(*, today: dt.date, rules: PublicityRules = RULES) -> Q:
    """`penalty_public` as a condition on a penalty annotated with `publicity_start`."""
    short = _short_q(rules)
    # start >= window_start  <=>  within(start, today=today)  <=>  today < end
    short_from = window_start(today, months=rules.short_months)
    long_from = window_start(today, years=rules.long_years)
    long_shown = Q(publicity_start__gte=long_from) | Q(restriction_ends_on__gte=today)
    return (
        penalty_publishable_q()
        & penalty_live_q()
        # Publication is never before the decision, so this bound holds too (and is indexed).
        & Q(decided_on__lte=today)
        & Q(publicity_start__lte=today)
        & (Q(publicity_stopped_on__isnull=True) | Q(publicity_stopped_on__gt=today))
        & ((short & Q(publicity_start__gte=short_from)) | (~short & long_shown))
    )


# Entering and leaving public view on a day. The window is one span of days, so a penalty
# enters on the day it is public and was not the day before, and leaves on the day it is no
# longer public and was the day before (`publicity_ends_on`). The query forms put both days'
# `public_on_q` on the same row (one scan, no self-join), the Python forms `penalty_public`.


def penalties_entering(*, on: dt.date, rules: PublicityRules = RULES) -> QuerySet[PenaltyRecord]:
    """Penalties whose publicity starts on `on` (`publicity_starts_on` is `on`)."""
    before = on - dt.timedelta(days=1)
    return (
        _with_start()
        .filter(public_on_q(today=on, rules=rules))
        .exclude(public_on_q(today=before, rules=rules))
    )


def penalty_enters_on(
    penalty: PenaltyRecord, *, on: dt.date, rules: PublicityRules = RULES
) -> bool:
    return penalty_public(penalty, today=on, rules=rules) and not penalty_public(
        penalty, today=on - dt.timedelta(days=1), rules=rules
    )


def penalties_leaving(*, on: dt.date, rules: PublicityRules = RULES) -> QuerySet[PenaltyRecord]:
    """Penalties shown the day before `on` and no longer on it (`publicity_ends_on` is `on`)."""
    before = on - dt.timedelta(days=1)
    return (
        _with_start()
        .filter(public_on_q(today=before, rules=rules))
        .exclude(public_on_q(today=on, rules=rules))
    )


def penalty_leaves_on(
    penalty: PenaltyRecord, *, on: dt.date, rules: PublicityRules = RULES
) -> bool:
    return penalty_public(
        penalty, today=on - dt.timedelta(days=1), rules=rules
    ) and not penalty_public(penalty, today=on, rules=rules)
