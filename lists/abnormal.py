"""The abnormal-operations list (经营异常名录): listing, removal after correction, and the
3-year escalation to the blacklist with a 60-day warning (DOMAIN.md section 5)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.roles import Action, in_jurisdiction, regulator_can
from core.actions import AuditAction
from core.audit import audit_record
from core.dates import add_working_days, period_over_from, window_start
from core.errors import IllegalTransitionError
from enterprises.models import Enterprise
from lists.basis import is_department_or_superior
from lists.entries import blacklist_entry_propose
from lists.models import AbnormalGround, AbnormalListing, BlacklistEntry
from lists.rules import abnormal_escalation_due_q, list_rules

if TYPE_CHECKING:
    from accounts.models import Department, User


def _check(actor: User, enterprise: Enterprise) -> Department:
    """The actor's department, if its role and jurisdiction allow keeping the list."""
    if (
        not regulator_can(actor, Action.LIST_PROPOSE)
        or not in_jurisdiction(actor, enterprise.region_id)
        or actor.department is None
    ):
        raise PermissionDenied("Your role or jurisdiction does not allow this.")
    return actor.department


@transaction.atomic
def abnormal_list(*, actor: User, enterprise: Enterprise, ground: str) -> AbnormalListing:
    department = _check(actor, enterprise)
    if ground not in AbnormalGround.values:
        raise ValidationError({"ground": f"one of {', '.join(AbnormalGround.values)}"})
    if AbnormalListing.objects.filter(
        enterprise=enterprise, ground=ground, removed_on__isnull=True
    ).exists():
        raise IllegalTransitionError("The firm is already listed on this ground.")
    listing = AbnormalListing.objects.create(
        enterprise=enterprise,
        department=department,
        ground=ground,
        listed_on=timezone.localdate(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ABNORMAL_LISTED,
        enterprise=enterprise,
        data={"listing": listing.pk, "ground": ground},
    )
    return listing


@transaction.atomic
def abnormal_correction_received(*, actor: User, listing: AbnormalListing) -> AbnormalListing:
    """The firm corrected the ground: removal is due within 5 working days."""
    _check(actor, listing.enterprise)
    today = timezone.localdate()
    changed = AbnormalListing.objects.filter(
        pk=listing.pk, removed_on__isnull=True, corrected_on__isnull=True
    ).update(
        corrected_on=today,
        removal_due=add_working_days(today, list_rules().abnormal_removal_working_days),
    )
    if changed != 1:
        raise IllegalTransitionError("The listing is removed or already corrected.")
    audit_record(
        actor=actor,
        action=AuditAction.ABNORMAL_CORRECTED,
        enterprise=listing.enterprise,
        data={"listing": listing.pk},
    )
    listing.refresh_from_db()
    return listing


@transaction.atomic
def abnormal_remove(*, actor: User, listing: AbnormalListing) -> AbnormalListing:
    """Remove a corrected listing (only the listing department or its superior)."""
    _check(actor, listing.enterprise)
    if not is_department_or_superior(actor, listing.department):
        raise PermissionDenied("Only the listing department or its superior removes.")
    if listing.corrected_on is None:
        raise IllegalTransitionError("A listing is removed after the firm has corrected it.")
    changed = AbnormalListing.objects.filter(pk=listing.pk, removed_on__isnull=True).update(
        removed_on=timezone.localdate()
    )
    if changed != 1:
        raise IllegalTransitionError("The listing is already removed.")
    audit_record(
        actor=actor,
        action=AuditAction.ABNORMAL_REMOVED,
        enterprise=listing.enterprise,
        data={"listing": listing.pk},
    )
    listing.refresh_from_db()
    return listing


def abnormal_removals_overdue(*, today: dt.date | None = None) -> QuerySet[AbnormalListing]:
    """Corrected listings whose removal deadline has passed: a work queue for regulators."""
    today = today or timezone.localdate()
    return AbnormalListing.objects.filter(removed_on__isnull=True, removal_due__lt=today)


@transaction.atomic
def abnormal_warn_due(*, today: dt.date | None = None) -> int:
    """Warn firms 60 days before they reach 3 years on the list; idempotent."""
    today = today or timezone.localdate()
    rules = list_rules()
    # Due for escalation in `abnormal_warning_days` days: no longer within the escalation years
    # on that day (core.dates.window_start).
    cutoff = window_start(
        today + dt.timedelta(days=rules.abnormal_warning_days),
        years=rules.abnormal_escalation_years,
    )
    due = AbnormalListing.objects.filter(
        removed_on__isnull=True, escalation_warned_on__isnull=True, listed_on__lt=cutoff
    )
    warned = 0
    for listing in due.select_related("enterprise"):
        AbnormalListing.objects.filter(pk=listing.pk).update(escalation_warned_on=today)
        audit_record(
            actor=None,
            action=AuditAction.ABNORMAL_WARNED,
            enterprise=listing.enterprise,
            data={
                "listing": listing.pk,
                "three_years_on": (
                    period_over_from(listing.listed_on, years=rules.abnormal_escalation_years)
                ).isoformat(),
            },
        )
        warned += 1
    return warned


def abnormal_escalations_due(*, today: dt.date | None = None) -> QuerySet[AbnormalListing]:
    """Listings 3 years old, warned at least 60 days ago, not yet escalated."""
    return AbnormalListing.objects.filter(
        abnormal_escalation_due_q(today=today or timezone.localdate())
    )


def abnormal_escalate(*, actor: User, listing: AbnormalListing) -> BlacklistEntry:
    """Propose the blacklist for a listing that is due, the listing as its basis; the normal
    due process follows."""
    return blacklist_entry_propose(
        actor=actor,
        enterprise=listing.enterprise,
        grounds=f"列入经营异常名录满三年未改正（{listing.get_ground_display()}，"
        f"{listing.listed_on:%Y-%m-%d} 列入）",
        legal_basis="《市场监督管理严重违法失信名单管理办法》第十三条",
        abnormal_listing=listing,
    )
