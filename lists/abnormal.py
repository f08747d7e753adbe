"""The abnormal-operations list (经营异常名录): listing on one of the four grounds, the firm's
request for removal after correcting, removal within the list policy's working days, and
removal by credit repair (DOMAIN.md section 5). The 3-year escalation is in
lists/abnormal_escalation.py."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import UserKind
from accounts.roles import Action, in_jurisdiction, regulator_can
from core.actions import AuditAction
from core.audit import audit_record
from core.dates import add_working_days
from core.errors import IllegalTransitionError
from enterprises.models import Enterprise
from enterprises.services.notifications import notify_firm
from enterprises.services.outbox import credit_file_changed
from lists.basis import is_department_or_superior
from lists.entries import list_role
from lists.models import (
    ABNORMAL_GROUND_BASIS,
    AbnormalGround,
    AbnormalListing,
    AbnormalRemovalReason,
)
from lists.notices import department_notify
from lists.rules import abnormal_current_q, abnormal_removal_overdue_q, list_rules

if TYPE_CHECKING:
    from accounts.models import Department, User

FACTS_MAX = 4000


def _check(actor: User, enterprise: Enterprise) -> Department:
    """The actor's department, if its role and jurisdiction allow keeping the list."""
    if (
        not regulator_can(actor, Action.LIST_PROPOSE)
        or not in_jurisdiction(actor, enterprise.region_id)
        or actor.department is None
    ):
        raise PermissionDenied(_("Your role or jurisdiction does not allow this."))
    return actor.department


def _listing_changed(listing: AbnormalListing) -> None:
    # A listing is part of the credit file: the firm's grade and red-list standing follow it.
    credit_file_changed(
        enterprise_ids=[listing.enterprise_id], kind="abnormal", record_id=listing.pk
    )


@transaction.atomic
def abnormal_list(
    *, actor: User, enterprise: Enterprise, ground: str, facts: str, legal_basis: str = ""
) -> AbnormalListing:
    """Put a firm of the actor's area on the list on one ground, with the facts found; the
    legal basis defaults to the ground's article. The firm is notified."""
    department = _check(actor, enterprise)
    if ground not in AbnormalGround.values:
        raise ValidationError(
            {"ground": _("Choose one of: %(g)s.") % {"g": ", ".join(AbnormalGround.values)}}
        )
    facts = facts.strip()
    if not facts or len(facts) > FACTS_MAX:
        raise ValidationError(
            {"facts": _("State the facts found (up to %(n)d characters).") % {"n": FACTS_MAX}}
        )
    basis = legal_basis.strip() or ABNORMAL_GROUND_BASIS[AbnormalGround(ground)]
    if AbnormalListing.objects.filter(
        abnormal_current_q(), enterprise=enterprise, ground=ground
    ).exists():
        raise IllegalTransitionError(_("The firm is already listed on this ground."))
    listing = AbnormalListing.objects.create(
        enterprise=enterprise,
        department=department,
        ground=ground,
        facts=facts,
        legal_basis=basis,
        listed_on=timezone.localdate(),
        listed_at=timezone.now(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.ABNORMAL_LISTED,
        enterprise=enterprise,
        department=department,
        data={"listing": listing.pk, "ground": ground, "legal_basis": basis},
    )
    notify_firm(
        enterprise=enterprise,
        subject=_("Your enterprise was put on the abnormal-operations list"),
        body=_(
            "Ground: %(ground)s\nFacts: %(facts)s\nLegal basis: %(basis)s\nListed by: "
            "%(department)s\nOnce you have corrected it, ask for removal from your pages."
        )
        % {
            "ground": listing.get_ground_display(),
            "facts": facts,
            "basis": basis,
            "department": department.name,
        },
        link=reverse("selfservice:abnormal"),
    )
    _listing_changed(listing)
    return listing


def _correction_recorded(
    *, listing: AbnormalListing, statement: str = "", requested_by: User | None = None
) -> AbnormalListing:
    """Mark the correction received today: removal falls due in the list policy's working days
    (core.dates.add_working_days). Conditional, so a second request or click loses."""
    today = timezone.localdate()
    changed = AbnormalListing.objects.filter(
        abnormal_current_q(), pk=listing.pk, corrected_on__isnull=True
    ).update(
        corrected_on=today,
        removal_due=add_working_days(today, list_rules().abnormal_removal_working_days),
        correction_statement=statement,
        correction_requested_by=requested_by,
    )
    if changed != 1:
        raise IllegalTransitionError(_("The listing is removed or its correction is recorded."))
    listing.refresh_from_db()
    return listing


@transaction.atomic
def abnormal_correction_received(*, actor: User, listing: AbnormalListing) -> AbnormalListing:
    """A regulator records that the firm corrected the ground (e.g. filed the annual report)."""
    _check(actor, listing.enterprise)
    listing = _correction_recorded(listing=listing)
    audit_record(
        actor=actor,
        action=AuditAction.ABNORMAL_CORRECTED,
        enterprise=listing.enterprise,
        data={"listing": listing.pk, "removal_due": f"{listing.removal_due}"},
    )
    return listing


@transaction.atomic
def abnormal_removal_request(
    *, actor: User, listing: AbnormalListing, statement: str
) -> AbnormalListing:
    """A user of the firm says it has corrected the ground and asks for removal: the correction
    is recorded (removal due in the list policy's working days) and the listing department is
    told. Evidence files are stored by the caller in the same transaction."""
    if actor.kind != UserKind.ENTERPRISE or actor.enterprise_id != listing.enterprise_id:
        raise PermissionDenied(_("Only a user of the firm may ask for its removal."))
    statement = statement.strip()
    if not statement or len(statement) > FACTS_MAX:
        raise ValidationError(
            {
                "statement": _("Say how the ground was corrected (up to %(n)d characters).")
                % {"n": FACTS_MAX}
            }
        )
    listing = _correction_recorded(listing=listing, statement=statement, requested_by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.ABNORMAL_REMOVAL_REQUESTED,
        enterprise=listing.enterprise,
        department=listing.department,
        data={"listing": listing.pk, "removal_due": f"{listing.removal_due}"},
    )
    firm = listing.enterprise
    department_notify(
        department=listing.department,
        subject=_("Removal from the abnormal-operations list requested: %(firm)s")
        % {"firm": firm.name},
        body=_(
            "%(firm)s (%(uscc)s) says it corrected the ground (%(ground)s) and asks for "
            "removal; the decision is due by %(due)s.\n%(statement)s"
        )
        % {
            "firm": firm.name,
            "uscc": firm.uscc,
            "ground": listing.get_ground_display(),
            "due": f"{listing.removal_due}",
            "statement": statement,
        },
    )
    return listing


def _removed(
    *,
    actor: User,
    listing: AbnormalListing,
    reason: str,
    action: AuditAction,
    data: dict[str, object],
) -> AbnormalListing:
    changed = AbnormalListing.objects.filter(abnormal_current_q(), pk=listing.pk).update(
        removed_on=timezone.localdate(),
        removed_at=timezone.now(),
        removal_reason=reason,
        removed_by=actor,
    )
    if changed != 1:
        raise IllegalTransitionError(_("The listing is already removed."))
    listing.refresh_from_db()
    audit_record(
        actor=actor,
        action=action,
        enterprise=listing.enterprise,
        department=actor.department,
        data={"listing": listing.pk, "reason": reason, **data},
    )
    notify_firm(
        enterprise=listing.enterprise,
        subject=_("Your enterprise was removed from the abnormal-operations list"),
        body=_("Ground: %(ground)s\nListed on %(listed)s, removed on %(removed)s.")
        % {
            "ground": listing.get_ground_display(),
            "listed": f"{listing.listed_on}",
            "removed": f"{listing.removed_on}",
        },
        link=reverse("selfservice:abnormal"),
    )
    _listing_changed(listing)
    return listing


@transaction.atomic
def abnormal_remove(*, actor: User, listing: AbnormalListing) -> AbnormalListing:
    """Remove a corrected listing (the listing department or its superior, 谁列入谁移出)."""
    _check(actor, listing.enterprise)
    if not is_department_or_superior(actor, listing.department):
        raise PermissionDenied(_("Only the listing department or its superior removes."))
    if listing.corrected_on is None:
        raise IllegalTransitionError(
            _("A listing is removed after the firm has corrected the ground.")
        )
    return _removed(
        actor=actor,
        listing=listing,
        reason=AbnormalRemovalReason.CORRECTED,
        action=AuditAction.ABNORMAL_REMOVED,
        data={"removal_due": f"{listing.removal_due}"},
    )


@transaction.atomic
def abnormal_remove_repaired(
    *, actor: User, listing: AbnormalListing, application_id: int
) -> AbnormalListing:
    """Remove a listing on an approved credit-repair application (dueprocess.repair decides,
    with the same role and department rule as a removal)."""
    if (
        not list_role(actor)
        or not in_jurisdiction(actor, listing.enterprise.region_id)
        or not is_department_or_superior(actor, listing.department)
    ):
        raise PermissionDenied(_("Only the listing department or its superior removes."))
    return _removed(
        actor=actor,
        listing=listing,
        reason=AbnormalRemovalReason.REPAIRED,
        action=AuditAction.ABNORMAL_REMOVED,
        data={"application": application_id},
    )


def abnormal_removals_overdue(*, today: dt.date | None = None) -> QuerySet[AbnormalListing]:
    """Corrected listings still on the list after their removal was due (a work queue)."""
    return AbnormalListing.objects.filter(
        abnormal_removal_overdue_q(today=today or timezone.localdate())
    )
