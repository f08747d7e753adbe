"""Console reads: the audit log and a firm's timeline, scoped to the regulator's area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.roles import Action, covers_q, jurisdiction_q, regulator_can
from core.actions import GRADE_ACTIONS, AuditAction
from core.models import AuditEntry
from dueprocess.models import Objection, RepairApplication
from enterprises.intake_fields import SPECS
from enterprises.models import Enterprise
from lists.models import AbnormalListing, EntryStatus, EntryTransition
from ratings.models import GradeChange


def audit_entries(*, user: Any, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    """Entries about firms of the user's area, and the user's own; administrators also see
    account actions of users in their area."""
    area = jurisdiction_q(user, field="enterprise__region__code") | Q(actor=user)
    if regulator_can(user, Action.ACCOUNTS_MANAGE):
        # Account actions of the users of the area (a national administrator: of every user).
        area |= Q(enterprise__isnull=True) & covers_q(
            user.jurisdiction, field="actor__jurisdiction"
        )
    qs = AuditEntry.objects.filter(area).select_related("actor", "enterprise", "department")
    if filters.get("user"):
        qs = qs.filter(actor__username=filters["user"])
    if filters.get("firm"):
        qs = qs.filter(enterprise__uscc=filters["firm"])
    if filters.get("action"):
        # A topic (the code's first word) or one action.
        code = filters["action"]
        qs = qs.filter(Q(action=code) | Q(action__startswith=f"{code}."))
    if filters.get("date_from"):
        qs = qs.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(created_at__date__lte=filters["date_to"])
    return qs.order_by("-created_at", "-id")


@dataclass(frozen=True)
class TimelineEvent:
    at: dt.datetime
    kind: str
    text: str


def firm_timeline(*, enterprise: Enterprise, limit: int = 300) -> list[TimelineEvent]:
    """Every record, grade change, list event (blacklist and abnormal-operations list),
    objection and repair of a firm, newest first (one query per source)."""
    events: list[TimelineEvent] = []
    for kind, spec in SPECS.items():
        for r in (
            spec.model._default_manager.filter(enterprise=enterprise)
            .select_related("source_department")
            .order_by("-received_at")[:limit]
        ):
            withdrawn = (
                " · " + _("withdrawn on %(day)s") % {"day": r.withdrawn_on}
                if r.withdrawn_on
                else ""
            )
            events.append(
                TimelineEvent(r.received_at, kind, f"{r} — {r.source_department.name}{withdrawn}")
            )
    for g in GradeChange.objects.filter(enterprise=enterprise).order_by("-changed_at")[:limit]:
        events.append(TimelineEvent(g.changed_at, "grade", g.summary()))
    for t in (
        EntryTransition.objects.filter(entry__enterprise=enterprise)
        .select_related("actor")
        .order_by("-at")[:limit]
    ):
        who = t.actor.username if t.actor else "—"
        moved = f"{_status_label(t.from_status)} → {_status_label(t.to_status)}"
        events.append(TimelineEvent(t.at, "blacklist", f"{moved}: {t.reason} ({who})"))
    listings = AbnormalListing.objects.filter(enterprise=enterprise).order_by("-listed_at")
    for listing in listings[:limit]:
        ground = listing.get_ground_display()
        listed = str(AuditAction.ABNORMAL_LISTED.label)
        events.append(TimelineEvent(listing.listed_at, "abnormal", f"{listed}: {ground}"))
        if listing.removed_at is not None:
            removed = str(AuditAction.ABNORMAL_REMOVED.label)
            reason = listing.get_removal_reason_display()
            events.append(
                TimelineEvent(listing.removed_at, "abnormal", f"{removed}: {ground} ({reason})")
            )
    for o in Objection.objects.filter(enterprise=enterprise).order_by("-raised_on")[:limit]:
        at = o.decided_at or dt.datetime.combine(o.raised_on, dt.time.min, tzinfo=dt.UTC)
        events.append(
            TimelineEvent(
                at,
                "objection",
                f"{_record_kind_label(o.record_kind)} #{o.record_id}: {o.get_status_display()}",
            )
        )
    for a in RepairApplication.objects.filter(enterprise=enterprise).order_by("-submitted_at")[
        :limit
    ]:
        events.append(
            TimelineEvent(
                a.decided_at or a.submitted_at,
                "repair",
                f"{a.get_target_display()}: {a.get_status_display()}",
            )
        )
    # Overrides and interviews: the grade events that are decisions rather than records.
    for e in AuditEntry.objects.filter(enterprise=enterprise, action__in=GRADE_ACTIONS).order_by(
        "-created_at"
    )[:limit]:
        events.append(TimelineEvent(e.created_at, "audit", str(AuditAction(e.action).label)))
    return sorted(events, key=lambda e: e.at, reverse=True)[:limit]


def _status_label(status: str) -> str:
    return str(EntryStatus(status).label) if status in EntryStatus.values else status or "—"


def _record_kind_label(kind: str) -> str:
    spec = SPECS.get(kind)
    return str(spec.model._meta.verbose_name) if spec else kind


def abnormal_listings_open(*, user: Any) -> list[AbnormalListing]:
    """Open abnormal-operations listings of the user's area, oldest first."""
    return list(
        AbnormalListing.objects.filter(
            jurisdiction_q(user, field="enterprise__region__code"), removed_on__isnull=True
        )
        .select_related("enterprise", "department", "escalated_to")
        .order_by("listed_on", "id")
    )
