"""The objection rules several rooms read: the window for objecting to a failed sampling, and
which records are under objection. Each as a query and as a Python predicate, side by side;
tests/dueprocess/test_rules.py holds them together at the boundaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.dates import period_over_from
from dueprocess.models import Objection, ObjectionStatus
from enterprises.models import InspectionRecord, InspectionResult, PenaltyRecord
from lists.rules import ListRules
from publicity.rules import low_fine

# Objection window (DOMAIN.md section 3): a failed sampling may be objected to for
# `objection_window_days` calendar days after the day the file received it (local day,
# that day not counted); other records may be objected to at any time.


def objection_window_closes(record: InspectionRecord, *, rules: ListRules) -> dt.date:
    """The last day the firm may object to this failed sampling."""
    received = timezone.localtime(record.received_at).date()
    return received + dt.timedelta(days=rules.objection_window_days)


def objection_window_open(record: InspectionRecord, *, today: dt.date, rules: ListRules) -> bool:
    return (
        record.result == InspectionResult.FAIL
        and record.withdrawn_on is None
        and today <= objection_window_closes(record, rules=rules)
    )


def objection_window_open_q(*, today: dt.date, rules: ListRules) -> Q:
    """Failed samplings on file whose window is still open on `today`."""
    first_day = today - dt.timedelta(days=rules.objection_window_days)
    # Received on or after the local midnight that starts `first_day`.
    since = timezone.make_aware(dt.datetime.combine(first_day, dt.time.min))
    return Q(result=InspectionResult.FAIL, withdrawn_on__isnull=True, received_at__gte=since)


# Under objection: the firm has an open objection against the record; the public sees it marked.


def objection_open_q() -> Q:
    return Q(status=ObjectionStatus.OPEN)


def objection_open(objection: Objection) -> bool:
    return objection.status == ObjectionStatus.OPEN


def under_objection_q(*, record_kind: str) -> Exists:
    """For a queryset of `record_kind` records (a key of RECORD_MODELS): an open objection."""
    return Exists(
        Objection.objects.filter(
            objection_open_q(), record_kind=record_kind, record_id=OuterRef("pk")
        )
    )


def records_under(objections: Iterable[Objection]) -> set[tuple[str, int]]:
    """(record kind, record id) of the open ones among `objections`."""
    return {(o.record_kind, o.record_id) for o in objections if objection_open(o)}


def records_under_objection(*, enterprise_id: int) -> set[tuple[str, int]]:
    """(kind, id) of the firm's records with an open objection."""
    return set(
        Objection.objects.filter(objection_open_q(), enterprise_id=enterprise_id).values_list(
            "record_kind", "record_id"
        )
    )


# Credit repair by class (2026 measures): the list policy classifies a penalty minor / general /
# serious; a minor one is never published, the others may be repaired once the class's minimum
# months from the decision are over.


def penalty_repair_class(penalty: PenaltyRecord, *, rules: ListRules) -> str:
    if low_fine(penalty, threshold=Decimal(rules.publicity_low_fine_threshold)):
        return rules.repair_class_low_fine
    return rules.repair_class_of_kind.get(penalty.kind, "serious")


def repair_class_possible_from(penalty: PenaltyRecord, *, rules: ListRules) -> dt.date | None:
    """The first day the class's minimum is served (core.dates.period_over_from); None for a
    minor penalty, which is not published and so has nothing to repair."""
    months = rules.repair_min_months.get(penalty_repair_class(penalty, rules=rules))
    if months is None:
        return None
    return period_over_from(penalty.decided_on, months=months)
