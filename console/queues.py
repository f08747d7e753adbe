"""Work queues of the console: what waits for this regulator, with its due date in working
days (State Council holiday calendar), soonest first. Scoped by role and jurisdiction.

Each queue is a query over the whole of it (`queue_rows`), so its count is a SQL COUNT and its
pages are slices of one ordered query; a queue page costs the same few statements whatever the
queue holds. The deadlines the rules leave to practice are policy numbers: the grading policy's
`report_review_working_days` and `interview_working_days`, the list policy's
`publicity_late_flagged_months`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import Action, covers_q, jurisdiction_q, regulator_can
from console.interviews import interviews_due
from console.queue_due import (
    NO_FILTERS,
    Due,
    EscalationDue,
    FieldDue,
    MissedDue,
    QueueFilters,
    WorkingDaysDue,
)
from core.dates import window_start
from dueprocess.models import Objection, RepairApplication, RepairStatus
from dueprocess.rules import objection_open_q
from enterprises.models import PenaltyRecord, QualityReport, ReportStatus
from lists.basis import departments_at_or_below
from lists.models import AbnormalListing, BlacklistEntry, EntryStatus
from lists.rules import ListRules, abnormal_current_q, abnormal_escalation_due_q, list_rules
from publicity.rules import penalty_publishable_q, publication_late_q, withdrawal_late_q
from ratings.policy import PolicyRules
from ratings.services.policy import grading_rules_active
from selfservice.models import AttachmentPurpose
from selfservice.selectors import attachments_for


@dataclass
class QueueItem:
    kind: str
    obj: Any
    enterprise: Any
    due: dt.date | None
    overdue: bool = False
    files: list[Any] = field(default_factory=list)  # the firm's evidence, for the decision
    statement: Any = None  # the firm's statement on a notified entry, if it sent one


@dataclass
class Queue:
    key: str
    title: Any
    count: int  # the whole queue under the filters (COUNT), not the items shown
    items: list[QueueItem] = field(default_factory=list)
    url: str = ""  # its page with the same filters, set by the view


@dataclass(frozen=True)
class QueueSource:
    title: Promise | str
    rows: QuerySet[Any]  # the user's part of the queue, soonest first, one order for paging
    due: Due


class _Reading:
    """What one page reads: the user, today, and each policy once however many queues."""

    def __init__(self, user: Any, today: dt.date) -> None:
        self.user, self.today = user, today

    @cached_property
    def lists(self) -> ListRules:
        return list_rules()

    @cached_property
    def grading(self) -> PolicyRules:
        return grading_rules_active()

    @cached_property
    def departments_below(self) -> set[int]:
        return departments_at_or_below(self.user.department)

    def area(self, path: str = "enterprise__") -> Q:
        return jurisdiction_q(self.user, field=f"{path}region__code")


@dataclass(frozen=True)
class QueueKind:
    key: str
    kind: str  # what an item is (the item page's decision follows it)
    allowed: Callable[[Any], bool]
    source: Callable[[_Reading], QueueSource]


def _lists_keeper(user: Any) -> bool:
    return regulator_can(user, Action.LIST_PROPOSE) and bool(user.department_id)


def _approver(user: Any) -> bool:
    return regulator_can(user, Action.LIST_APPROVE) and bool(user.department_id)


def _can(action: Action) -> Callable[[Any], bool]:
    return lambda user: regulator_can(user, action)


def _own_entries(r: _Reading, status: str) -> QuerySet[BlacklistEntry]:
    return (
        BlacklistEntry.objects.filter(department_id=r.user.department_id, status=status)
        .select_related("enterprise")
        .order_by("created_at", "pk")
    )


def _notify(r: _Reading) -> QueueSource:
    return QueueSource(
        _("Listing proposals to notify"), _own_entries(r, EntryStatus.PROPOSED), Due()
    )


def _publish(r: _Reading) -> QueueSource:
    return QueueSource(
        _("Approved listings to publish"), _own_entries(r, EntryStatus.APPROVED), Due()
    )


def _approve(r: _Reading) -> QueueSource:
    # Over the hearing window, or with the firm's statement (陈述申辩) to answer first; the
    # upper level decides within the list policy's working days after the hearing.
    rows = (
        BlacklistEntry.objects.filter(
            Q(hearing_deadline__lt=r.today) | Q(statement__isnull=False),
            r.area(),
            status=EntryStatus.NOTIFIED,
            department__parent_id=r.user.department_id,
        )
        .select_related("enterprise", "statement")
        .order_by("hearing_deadline", "pk")
    )
    due = WorkingDaysDue(
        "hearing_deadline", lambda e: e.hearing_deadline, r.lists.approval_working_days
    )
    return QueueSource(
        _("Listings to approve (hearing window over or statement to answer)"), rows, due
    )


def _objections(r: _Reading) -> QueueSource:
    rows = (
        Objection.objects.filter(objection_open_q(), r.area())
        .select_related("enterprise")
        .order_by("answer_due", "pk")
    )
    return QueueSource(_("Objections to answer"), rows, FieldDue("answer_due"))


def _repairs(r: _Reading) -> QueueSource:
    rows = (
        RepairApplication.objects.filter(r.area(), status=RepairStatus.SUBMITTED)
        .select_related("enterprise")
        .order_by("answer_due", "pk")
    )
    return QueueSource(_("Credit-repair applications to decide"), rows, FieldDue("answer_due"))


def _kept(r: _Reading) -> QuerySet[AbnormalListing]:
    """The abnormal-operations listings of the user's department and those below it
    (谁列入谁移出) in the user's area, still on the list."""
    return AbnormalListing.objects.filter(
        abnormal_current_q(), r.area(), department_id__in=r.departments_below
    ).select_related("enterprise", "correction_requested_by")


def _escalation_due(r: _Reading) -> EscalationDue:
    return EscalationDue(r.lists.abnormal_escalation_years, r.lists.abnormal_warning_days)


def _abnormal_removals(r: _Reading) -> QueueSource:
    # Overdue past `removal_due` (lists.rules.abnormal_removal_overdue, the same reading).
    rows = _kept(r).filter(corrected_on__isnull=False).order_by("removal_due", "pk")
    return QueueSource(
        _("Removals from the abnormal-operations list to decide"), rows, FieldDue("removal_due")
    )


def _abnormal_escalations(r: _Reading) -> QueueSource:
    rows = _kept(r).filter(abnormal_escalation_due_q(today=r.today)).order_by("listed_on", "pk")
    title = _("Abnormal-operations listings due for a blacklist proposal (%(years)d years)") % {
        "years": r.lists.abnormal_escalation_years
    }
    return QueueSource(title, rows, _escalation_due(r))


def _abnormal_warned(r: _Reading) -> QueueSource:
    rows = (
        _kept(r)
        .filter(escalation_warned_on__isnull=False, escalated_to__isnull=True)
        .exclude(abnormal_escalation_due_q(today=r.today))
        .order_by("listed_on", "pk")
    )
    return QueueSource(
        _("Abnormal-operations listings warned before escalation"), rows, _escalation_due(r)
    )


def _late_since(r: _Reading) -> dt.date:
    # Late arrivals are flagged for the list policy's months after they were received.
    return window_start(r.today, months=r.lists.publicity_late_flagged_months)


def _late_publication(r: _Reading) -> QueueSource:
    """Order 45 deadlines the portal can only watch: decisions received more than 20 working
    days after the decision (published late); each item's due day has passed."""
    rules = r.lists
    rows = (
        PenaltyRecord.objects.filter(
            penalty_publishable_q(),
            r.area(),
            publication_late_q(since=_late_since(r), today=r.today, rules=rules),
        )
        .select_related("enterprise")
        .order_by("-received_at", "-pk")
    )
    days = rules.publicity_publication_working_days
    title = _("Penalties received more than %(days)d working days after the decision") % {
        "days": days
    }
    return QueueSource(title, rows, MissedDue("decided_on", lambda p: p.decided_on, days))


def _late_withdrawal(r: _Reading) -> QueueSource:
    """Revocations received more than 3 working days after the revocation (the portal hides a
    revoked decision at once, but late): received when the record first showed it revoked."""
    rules = r.lists
    first_revoked = (
        PenaltyRecord.history.filter(id=OuterRef("pk"), revoked=True)
        .order_by()
        .values("id")
        .annotate(at=Min("history_date"))
        .values("at")
    )
    rows = (
        PenaltyRecord.objects.filter(r.area(), revoked=True, revoked_on__isnull=False)
        .annotate(revocation_received_at=Subquery(first_revoked))
        .filter(withdrawal_late_q(since=_late_since(r), today=r.today, rules=rules))
        .select_related("enterprise")
        .order_by("-revocation_received_at", "-pk")
    )
    days = rules.publicity_withdrawal_working_days
    title = _("Revocations received more than %(days)d working days after the revocation") % {
        "days": days
    }
    return QueueSource(title, rows, MissedDue("revoked_on", lambda p: p.revoked_on, days))


def _submitted_on(report: QualityReport) -> dt.date | None:
    at = report.submitted_at
    return timezone.localtime(at).date() if at else None


def _reports(r: _Reading) -> QueueSource:
    rows = (
        QualityReport.objects.filter(r.area(), status=ReportStatus.SUBMITTED)
        .select_related("enterprise")
        .order_by("submitted_at", "pk")
    )
    due = WorkingDaysDue("submitted_at__date", _submitted_on, r.grading.report_review_working_days)
    return QueueSource(_("Quality-credit reports to review"), rows, due)


def _interviews(r: _Reading) -> QueueSource:
    due = WorkingDaysDue("grade_since", lambda g: g.grade_since, r.grading.interview_working_days)
    rows = interviews_due(region=r.user.jurisdiction)
    return QueueSource(_("C firms to interview (约谈)"), rows, due)


# In the order the console shows them.
QUEUE_KINDS: tuple[QueueKind, ...] = (
    QueueKind("notify", "notify", _lists_keeper, _notify),
    QueueKind("publish", "publish", _lists_keeper, _publish),
    QueueKind("abnormal_removals", "abnormal_removal", _lists_keeper, _abnormal_removals),
    QueueKind("abnormal_escalations", "abnormal_escalation", _lists_keeper, _abnormal_escalations),
    QueueKind("abnormal_warned", "abnormal_warned", _lists_keeper, _abnormal_warned),
    QueueKind("approve", "approve", _approver, _approve),
    QueueKind("objections", "objection", _can(Action.OBJECTION_DECIDE), _objections),
    QueueKind("repairs", "repair", _can(Action.OBJECTION_DECIDE), _repairs),
    QueueKind("late_publication", "late_publication", _can(Action.RECORD_WRITE), _late_publication),
    QueueKind("late_withdrawal", "late_withdrawal", _can(Action.RECORD_WRITE), _late_withdrawal),
    QueueKind("reports", "report", _can(Action.REPORT_REVIEW), _reports),
    QueueKind("interviews", "interview", _can(Action.GRADE_OVERRIDE), _interviews),
)
_BY_KEY = {k.key: k for k in QUEUE_KINDS}


def queue_kinds_for(*, user: Any) -> list[QueueKind]:
    """The queues this user's role works."""
    return [k for k in QUEUE_KINDS if k.allowed(user)]


def queue_kind_get(*, key: str) -> QueueKind | None:
    return _BY_KEY.get(key)


@dataclass(frozen=True)
class QueueRows:
    title: Promise | str
    rows: QuerySet[Any]
    due: Due
    kind: QueueKind
    today: dt.date

    def items(self, objs: Iterable[Any]) -> list[QueueItem]:
        """The shown rows as items, with their due day and overdue mark (no query)."""
        return [
            QueueItem(
                self.kind.kind,
                obj,
                obj.enterprise,
                self.due.of(obj),
                overdue=self.due.overdue(obj, today=self.today),
            )
            for obj in objs
        ]


def _rows(kind: QueueKind, reading: _Reading, filters: QueueFilters) -> QueueRows:
    source = kind.source(reading)
    rows = source.rows.filter(filters.q(source.due, today=reading.today))
    if filters.region:
        rows = rows.filter(covers_q(filters.region, field="enterprise__region__code"))
    return QueueRows(source.title, rows, source.due, kind, reading.today)


def queue_rows(*, user: Any, kind: QueueKind, filters: QueueFilters = NO_FILTERS) -> QueueRows:
    """One queue of this user under the filters (the caller checked `kind.allowed`)."""
    return _rows(kind, _Reading(user, timezone.localdate()), filters)


def work_queues(*, user: Any, filters: QueueFilters = NO_FILTERS, limit: int = 5) -> list[Queue]:
    """The queues this user's role works, each with its true count and its first `limit`
    items (two queries per queue)."""
    reading = _Reading(user, timezone.localdate())
    queues = []
    for kind in queue_kinds_for(user=user):
        found = _rows(kind, reading, filters)
        queues.append(
            Queue(kind.key, found.title, found.rows.count(), found.items(found.rows[:limit]))
        )
    return queues


# Where the firm's files on an item are kept: by the item itself, or by the firm's statement.
_FILES = {
    "objection": AttachmentPurpose.OBJECTION,
    "repair": AttachmentPurpose.REPAIR,
    "abnormal_removal": AttachmentPurpose.ABNORMAL,
}


def queue_item_get(*, user: Any, kind: QueueKind, pk: int) -> QueueItem | None:
    """One item of the user's queue with the firm's files and statement, or None when it is
    not (or no longer) in it."""
    found = queue_rows(user=user, kind=kind)
    obj = found.rows.filter(pk=pk).first()
    if obj is None:
        return None
    [item] = found.items([obj])
    if isinstance(obj, BlacklistEntry):
        item.statement = getattr(obj, "statement", None)
        if item.statement is not None:
            item.files = attachments_for(
                purpose=AttachmentPurpose.STATEMENT, owner_ids=[item.statement.pk]
            ).get(item.statement.pk, [])
    elif purpose := _FILES.get(kind.kind):
        item.files = attachments_for(purpose=purpose, owner_ids=[obj.pk]).get(obj.pk, [])
    return item
