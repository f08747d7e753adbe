"""Work queues of the console: what waits for this regulator, with its due date in working
days (State Council holiday calendar), soonest first. Scoped by role and jurisdiction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import Action, jurisdiction_q, regulator_can
from console.interviews import interviews_due
from core.dates import add_working_days, window_start
from dueprocess.models import Objection, RepairApplication, RepairStatus
from dueprocess.rules import objection_open_q
from enterprises.models import PenaltyRecord, QualityReport, ReportStatus
from lists.abnormal_escalation import abnormal_escalation_possible_from
from lists.basis import departments_at_or_below
from lists.models import AbnormalListing, BlacklistEntry, EntryStatus
from lists.rules import (
    abnormal_current_q,
    abnormal_escalation_due_q,
    abnormal_removal_overdue,
    list_rules,
)
from publicity.rules import (
    penalty_publishable_q,
    publication_due,
    withdrawal_due,
)
from selfservice.models import AttachmentPurpose
from selfservice.selectors import attachments_for

# Late arrivals are flagged for this long after they were received.
LATE_FLAGGED_MONTHS = 3

# Deadlines the rules leave to practice: a submitted report is reviewed, and a C firm is
# interviewed, within 10 working days.
REPORT_REVIEW_WORKING_DAYS = 10
INTERVIEW_WORKING_DAYS = 10


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
    items: list[QueueItem] = field(default_factory=list)


def _item(kind: str, obj: Any, enterprise: Any, due: dt.date | None, today: dt.date) -> QueueItem:
    return QueueItem(kind, obj, enterprise, due, overdue=due is not None and due < today)


def _in_area(user: Any, path: str = "enterprise__") -> Q:
    return jurisdiction_q(user, field=f"{path}region__code")


def _attach(queue: Queue, purpose: str) -> None:
    """The attachments of every item of a queue, in one query."""
    files = attachments_for(purpose=purpose, owner_ids=[item.obj.pk for item in queue.items])
    for item in queue.items:
        item.files = files.get(item.obj.pk, [])


def work_queues(*, user: Any, limit: int = 50) -> list[Queue]:
    """The queues this user's role works, each with its items (a few queries per queue)."""
    today = timezone.localdate()
    queues: list[Queue] = []
    if regulator_can(user, Action.LIST_PROPOSE) and user.department_id:
        mine = BlacklistEntry.objects.filter(department_id=user.department_id).select_related(
            "enterprise"
        )
        notify = Queue("notify", _("Listing proposals to notify"))
        for e in mine.filter(status=EntryStatus.PROPOSED).order_by("created_at")[:limit]:
            notify.items.append(_item("notify", e, e.enterprise, None, today))
        publish = Queue("publish", _("Approved listings to publish"))
        for e in mine.filter(status=EntryStatus.APPROVED).order_by("created_at")[:limit]:
            publish.items.append(_item("publish", e, e.enterprise, None, today))
        queues += [notify, publish, *_abnormal_queues(user=user, today=today, limit=limit)]
    if regulator_can(user, Action.LIST_APPROVE) and user.department_id:
        approve = Queue(
            "approve", _("Listings to approve (hearing window over or statement to answer)")
        )
        # Over the hearing window, or with the firm's statement (陈述申辩) to answer first.
        waiting = (
            BlacklistEntry.objects.filter(
                Q(hearing_deadline__lt=today) | Q(statement__isnull=False),
                _in_area(user),
                status=EntryStatus.NOTIFIED,
                department__parent_id=user.department_id,
            )
            .select_related("enterprise", "statement")
            .order_by("hearing_deadline")
        )
        # The upper level decides within the list policy's working days after the hearing.
        days = list_rules().approval_working_days
        for e in waiting[:limit]:
            due = add_working_days(e.hearing_deadline, days) if e.hearing_deadline else None
            item = _item("approve", e, e.enterprise, due, today)
            item.statement = getattr(e, "statement", None)
            approve.items.append(item)
        files = attachments_for(
            purpose="statement",
            owner_ids=[i.statement.pk for i in approve.items if i.statement is not None],
        )
        for item in approve.items:
            if item.statement is not None:
                item.files = files.get(item.statement.pk, [])
        queues.append(approve)
    if regulator_can(user, Action.OBJECTION_DECIDE):
        objections = Queue("objections", _("Objections to answer"))
        for o in (
            Objection.objects.filter(objection_open_q(), _in_area(user))
            .select_related("enterprise")
            .order_by("answer_due")[:limit]
        ):
            objections.items.append(_item("objection", o, o.enterprise, o.answer_due, today))
        repairs = Queue("repairs", _("Credit-repair applications to decide"))
        for r in (
            RepairApplication.objects.filter(_in_area(user), status=RepairStatus.SUBMITTED)
            .select_related("enterprise")
            .order_by("answer_due")[:limit]
        ):
            repairs.items.append(_item("repair", r, r.enterprise, r.answer_due, today))
        _attach(objections, "objection")
        _attach(repairs, "repair")
        queues += [objections, repairs]
    if regulator_can(user, Action.RECORD_WRITE):
        queues += _late_penalty_queues(user=user, today=today, limit=limit)
    if regulator_can(user, Action.REPORT_REVIEW):
        reports = Queue("reports", _("Quality-credit reports to review"))
        for report in (
            QualityReport.objects.filter(_in_area(user), status=ReportStatus.SUBMITTED)
            .select_related("enterprise")
            .order_by("submitted_at")[:limit]
        ):
            at = report.submitted_at
            submitted = timezone.localtime(at).date() if at else today
            due = add_working_days(submitted, REPORT_REVIEW_WORKING_DAYS)
            reports.items.append(_item("report", report, report.enterprise, due, today))
        queues.append(reports)
    if regulator_can(user, Action.GRADE_OVERRIDE):
        interviews = Queue("interviews", _("C firms to interview (约谈)"))
        for g in interviews_due(region=user.jurisdiction)[:limit]:
            due = add_working_days(g.grade_since, INTERVIEW_WORKING_DAYS)
            interviews.items.append(_item("interview", g, g.enterprise, due, today))
        queues.append(interviews)
    return queues


def _abnormal_queues(*, user: Any, today: dt.date, limit: int) -> list[Queue]:
    """The abnormal-operations list of the user's department and those below it (谁列入谁移出):
    removal requests with their evidence, marked overdue past `removal_due`; listings warned
    before the escalation years end; and those due for a blacklist proposal."""
    kept = AbnormalListing.objects.filter(
        abnormal_current_q(),
        _in_area(user),
        department_id__in=departments_at_or_below(user.department),
    ).select_related("enterprise", "correction_requested_by")
    removals = Queue("abnormal_removals", _("Removals from the abnormal-operations list to decide"))
    for a in kept.filter(corrected_on__isnull=False).order_by("removal_due", "pk")[:limit]:
        item = _item("abnormal_removal", a, a.enterprise, a.removal_due, today)
        item.overdue = abnormal_removal_overdue(a, today=today)
        removals.items.append(item)
    _attach(removals, AttachmentPurpose.ABNORMAL)
    due_q = abnormal_escalation_due_q(today=today)
    escalations = Queue(
        "abnormal_escalations",
        _("Abnormal-operations listings due for a blacklist proposal (%(years)d years)")
        % {"years": list_rules().abnormal_escalation_years},
    )
    for a in kept.filter(due_q).order_by("listed_on", "pk")[:limit]:
        due = abnormal_escalation_possible_from(a)
        item = _item("abnormal_escalation", a, a.enterprise, due, today)
        item.overdue = False  # `due` is the day it became due; no deadline runs from it
        escalations.items.append(item)
    warned = Queue("abnormal_warned", _("Abnormal-operations listings warned before escalation"))
    for a in (
        kept.filter(escalation_warned_on__isnull=False, escalated_to__isnull=True)
        .exclude(due_q)
        .order_by("listed_on", "pk")[:limit]
    ):
        due = abnormal_escalation_possible_from(a)
        warned.items.append(_item("abnormal_warned", a, a.enterprise, due, today))
    return [removals, escalations, warned]


def _received_on(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def _late_penalty_queues(*, user: Any, today: dt.date, limit: int) -> list[Queue]:
    """Order 45 deadlines the portal can only watch: decisions received more than 20 working
    days after the decision (published late), and revocations received more than 3 working days
    after the revocation (the portal hides a revoked decision at once, but late). Received in
    the last 3 months; each item's `due` is the day it was due, so it shows as overdue."""
    since = window_start(today, months=LATE_FLAGGED_MONTHS)
    rules = list_rules()
    mine = PenaltyRecord.objects.filter(_in_area(user)).select_related("enterprise")
    late = Queue(
        "late_publication",
        _("Penalties received more than %(days)d working days after the decision")
        % {"days": rules.publicity_publication_working_days},
    )
    # Working days follow the holiday calendar, not SQL: each candidate is checked here.
    for p in mine.filter(penalty_publishable_q(), received_at__date__gte=since).order_by(
        "-received_at", "-pk"
    ):
        due = publication_due(p.decided_on, rules=rules)
        if _received_on(p.received_at) > due:
            late.items.append(_item("late_publication", p, p.enterprise, due, today))
            if len(late.items) >= limit:
                break
    # The revocation was received when the record first showed it revoked (its history).
    first_revoked = (
        PenaltyRecord.history.filter(id=OuterRef("pk"), revoked=True)
        .order_by()
        .values("id")
        .annotate(at=Min("history_date"))
        .values("at")
    )
    withdrawn = Queue(
        "late_withdrawal",
        _("Revocations received more than %(days)d working days after the revocation")
        % {"days": rules.publicity_withdrawal_working_days},
    )
    for p in (
        mine.filter(revoked=True, revoked_on__isnull=False)
        .annotate(revocation_received_at=Subquery(first_revoked))
        .filter(revocation_received_at__date__gte=since)
        .order_by("-revocation_received_at", "-pk")
    ):
        if p.revoked_on is None:  # filtered out above; for the type checker
            continue
        due = withdrawal_due(p.revoked_on, rules=rules)
        if _received_on(p.revocation_received_at) > due:
            withdrawn.items.append(_item("late_withdrawal", p, p.enterprise, due, today))
            if len(withdrawn.items) >= limit:
                break
    return [late, withdrawn]
