"""The objection rules several rooms read: the window for objecting to a failed sampling, and
which records are under objection. Each as a query and as a Python predicate, side by side;
tests/dueprocess/test_rules.py holds them together at the boundaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dueprocess.models import Objection, ObjectionStatus
from enterprises.models import InspectionRecord, InspectionResult
from lists.rules import ListRules

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
