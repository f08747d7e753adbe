"""Reads for the enterprise side; every query is bound to the signed-in user's firm."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Action, in_jurisdiction, regulator_can
from dueprocess.models import Objection, RepairApplication, RepairStatus
from dueprocess.rules import (
    objection_open_q,
    objection_window_closes,
    objection_window_open_q,
    records_under_objection,
)
from enterprises.models import (
    Enterprise,
    InspectionRecord,
    IntegrityCommitment,
    Notification,
    QualityReport,
    ReportStatus,
)
from enterprises.rules import commitment_current_q
from lists.abnormal_escalation import abnormal_escalation_possible_from
from lists.models import AbnormalListing, BlacklistEntry, EntryStatement, EntryStatus
from lists.rules import abnormal_current_q, entry_in_force_q, list_rules
from publicity.rules import public_penalties, publicity_rules
from ratings.policy import rules_from
from ratings.selectors import grade_explained, grade_for
from ratings.services.policy import grading_low_fine_threshold
from selfservice.advice import factor_advice
from selfservice.models import Attachment, AttachmentPurpose


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    text: str
    link: str


def firm_of(user: Any) -> Enterprise | None:
    if getattr(user, "kind", None) != "enterprise" or not user.enterprise_id:
        return None
    return Enterprise.objects.select_related("region").get(pk=user.enterprise_id)


def dashboard(*, enterprise: Enterprise) -> dict[str, Any]:
    grade = grade_for(enterprise=enterprise)
    factors = grade_explained(grade=grade) if grade else []
    advice = []
    if grade is not None:
        rules, lists = rules_from(grade.policy.rules), list_rules()
        low_fine = grading_low_fine_threshold()
        for f in factors:
            text = factor_advice(f.code, rules=rules, lists=lists, low_fine_threshold=low_fine)
            if f.effect != "ok" and text is not None:
                advice.append((f, text))
    return {
        "grade": grade,
        "factors": factors,
        "advice": advice,
        "deadlines": deadlines(enterprise=enterprise),
        "notifications": list(Notification.objects.filter(enterprise=enterprise)[:10]),
        "unread": Notification.objects.filter(enterprise=enterprise, read_at__isnull=True).count(),
        "commitment": current_commitment(enterprise=enterprise),
        "abnormal": list(
            AbnormalListing.objects.filter(abnormal_current_q(), enterprise=enterprise)
            .select_related("department")
            .order_by("listed_on", "pk")
        ),
    }


def current_commitment(*, enterprise: Enterprise) -> IntegrityCommitment | None:
    return (
        IntegrityCommitment.objects.filter(
            commitment_current_q(today=timezone.localdate()), enterprise=enterprise
        )
        .order_by("-signed_at")
        .first()
    )


def deadlines(*, enterprise: Enterprise) -> list[Deadline]:
    """Open deadlines of the firm, soonest first."""
    today = timezone.localdate()
    rules = list_rules()
    out: list[Deadline] = []
    for o in Objection.objects.filter(objection_open_q(), enterprise=enterprise):
        out.append(Deadline(o.answer_due, _("Answer to your objection due"), "objections"))
    for r in RepairApplication.objects.filter(enterprise=enterprise, status=RepairStatus.SUBMITTED):
        out.append(
            Deadline(r.answer_due, _("Answer to your credit-repair application due"), "repairs")
        )
    for e in BlacklistEntry.objects.filter(enterprise=enterprise, status=EntryStatus.NOTIFIED):
        if e.hearing_deadline:
            out.append(
                Deadline(
                    e.hearing_deadline,
                    _("Last day to state your case against a proposed listing"),
                    "records",
                )
            )
    for a in AbnormalListing.objects.filter(abnormal_current_q(), enterprise=enterprise):
        if a.removal_due:
            out.append(
                Deadline(
                    a.removal_due,
                    _("Removal from the abnormal-operations list due (%(g)s)")
                    % {"g": a.get_ground_display()},
                    "abnormal",
                )
            )
        elif (possible := abnormal_escalation_possible_from(a)) is not None:
            out.append(
                Deadline(
                    possible,
                    _("Correct the ground before the blacklist may be proposed (%(g)s)")
                    % {"g": a.get_ground_display()},
                    "abnormal",
                )
            )
    for i in InspectionRecord.objects.filter(
        objection_window_open_q(today=today, rules=rules), enterprise=enterprise
    ):
        out.append(
            Deadline(
                objection_window_closes(i, rules=rules),
                _("Last day to object to a failed sampling of %(p)s") % {"p": i.product},
                "records",
            )
        )
    commitment = current_commitment(enterprise=enterprise)
    if commitment is not None and commitment.valid_until <= today + dt.timedelta(days=60):
        out.append(
            Deadline(
                commitment.valid_until, _("Your integrity commitment ends; renew it"), "commitment"
            )
        )
    for report in QualityReport.objects.filter(enterprise=enterprise, status=ReportStatus.RETURNED):
        out.append(
            Deadline(
                today,
                _("Report for %(y)d returned with comments") % {"y": report.year},
                "reports",
            )
        )
    return sorted(out, key=lambda d: d.due)


def firm_reports(*, enterprise: Enterprise) -> QuerySet[QualityReport]:
    return QualityReport.objects.filter(enterprise=enterprise).order_by("-year")


def attachments_for(*, purpose: str, owner_ids: list[int]) -> dict[int, list[Attachment]]:
    found: dict[int, list[Attachment]] = {}
    for a in Attachment.objects.filter(purpose=purpose, owner_id__in=owner_ids):
        found.setdefault(a.owner_id, []).append(a)
    return found


def firm_members(*, enterprise: Enterprise) -> QuerySet[User]:
    return User.objects.filter(enterprise=enterprise).order_by("-is_firm_admin", "username")


def commitment_history(*, enterprise: Enterprise) -> QuerySet[IntegrityCommitment]:
    return IntegrityCommitment.objects.filter(enterprise=enterprise).order_by("-signed_at")


def firm_records(*, enterprise: Enterprise) -> dict[str, Any]:
    """The records the firm may object to or seek repair for, and those already objected to."""
    today = timezone.localdate()
    under = records_under_objection(enterprise_id=enterprise.pk)
    return {
        "inspections": InspectionRecord.objects.filter(
            enterprise=enterprise, withdrawn_on__isnull=True
        )
        .select_related("source_department")
        .order_by("-inspected_on")[:100],
        "penalties": public_penalties(today=today, rules=publicity_rules())
        .filter(enterprise=enterprise)
        .order_by("-decided_on")[:100],
        "entries": BlacklistEntry.objects.filter(
            entry_in_force_q(today=today), enterprise=enterprise
        ),
        # Notified entries: the firm may state its case until the hearing deadline.
        "notified": BlacklistEntry.objects.filter(
            enterprise=enterprise, status=EntryStatus.NOTIFIED
        ).order_by("hearing_deadline"),
        "objected_inspections": {pk for kind, pk in under if kind == "inspections"},
        "objected_penalties": {pk for kind, pk in under if kind == "penalties"},
        # An objection is offered only while the rule allows one: a failed result, in its
        # window (dueprocess.rules), never a passed one.
        "objectable_inspections": set(
            InspectionRecord.objects.filter(
                objection_window_open_q(today=today, rules=list_rules()), enterprise=enterprise
            ).values_list("pk", flat=True)
        ),
    }


def firm_objections(*, enterprise: Enterprise) -> list[tuple[Objection, list[Attachment]]]:
    items = list(Objection.objects.filter(enterprise=enterprise).order_by("-raised_on", "-pk"))
    files = attachments_for(purpose=AttachmentPurpose.OBJECTION, owner_ids=[o.pk for o in items])
    return [(o, files.get(o.pk, [])) for o in items]


def firm_repairs(*, enterprise: Enterprise) -> list[tuple[RepairApplication, list[Attachment]]]:
    items = list(RepairApplication.objects.filter(enterprise=enterprise).order_by("-submitted_at"))
    files = attachments_for(purpose=AttachmentPurpose.REPAIR, owner_ids=[a.pk for a in items])
    return [(a, files.get(a.pk, [])) for a in items]


def firm_statement(*, entry: BlacklistEntry) -> tuple[EntryStatement | None, list[Attachment]]:
    """The firm's statement on an entry, if sent, and its files."""
    statement = EntryStatement.objects.filter(entry=entry).first()
    if statement is None:
        return None, []
    files = attachments_for(purpose=AttachmentPurpose.STATEMENT, owner_ids=[statement.pk])
    return statement, files.get(statement.pk, [])


def attachment_for(*, user: Any, pk: int) -> Attachment | None:
    """An attachment its firm's users and the regulators of its area may read; else None."""
    item = Attachment.objects.select_related("enterprise").filter(pk=pk).first()
    if item is None:
        return None
    own = getattr(user, "enterprise_id", None) == item.enterprise_id
    regulator = regulator_can(user, Action.FILE_VIEW) and in_jurisdiction(
        user, item.enterprise.region_id
    )
    return item if own or regulator else None


def firm_abnormal(*, enterprise: Enterprise) -> list[tuple[AbnormalListing, list[Attachment]]]:
    """The firm's abnormal-operations listings, current first then removed, each with the
    evidence it sent with its removal request (two queries)."""
    items = list(
        AbnormalListing.objects.filter(enterprise=enterprise)
        .select_related("department")
        .order_by("-listed_on", "-pk")
    )
    items.sort(key=lambda a: a.removed_on is not None)  # current ones first, on every backend
    files = attachments_for(purpose=AttachmentPurpose.ABNORMAL, owner_ids=[a.pk for a in items])
    return [(a, files.get(a.pk, [])) for a in items]
