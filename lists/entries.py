"""Due process for blacklist entries: an explicit table of allowed transitions, each audited."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Action, in_jurisdiction, regulator_can
from core.actions import AuditAction
from core.audit import audit_record
from core.dates import add_working_days
from core.errors import IllegalTransitionError
from enterprises.models import Enterprise, InspectionRecord, PenaltyRecord
from enterprises.services.notifications import notify_firm
from enterprises.services.outbox import credit_file_changed
from lists.basis import is_department_or_superior, proposal_basis_check
from lists.models import (
    AbnormalListing,
    BlacklistEntry,
    EntryStatement,
    EntryStatus,
    EntryTransition,
    ResponsiblePerson,
)
from lists.persons import person_id_error, person_id_hash, person_id_normalise
from lists.rules import (
    list_rules,
    listing_ends_on,
    repair_possible_from,
)

if TYPE_CHECKING:
    from accounts.models import User

S = EntryStatus
ALLOWED: dict[str, set[str]] = {
    S.PROPOSED: {S.NOTIFIED, S.WITHDRAWN},
    S.NOTIFIED: {S.APPROVED, S.WITHDRAWN},
    S.APPROVED: {S.LISTED, S.WITHDRAWN},
    S.LISTED: {S.REMOVED},
    S.REMOVED: set(),
    S.WITHDRAWN: set(),
}


def entry_move(
    *,
    entry: BlacklistEntry,
    to: str,
    actor: User | None,
    reason: str,
    legal_basis: str = "",
    data: dict[str, object] | None = None,
    **fields: object,
) -> BlacklistEntry:
    if to not in ALLOWED[entry.status]:
        raise IllegalTransitionError(
            _("An entry cannot move from “%(now)s” to “%(to)s”.")
            % {"now": EntryStatus(entry.status).label, "to": EntryStatus(to).label}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("A reason is required.")})
    changed = BlacklistEntry.objects.filter(pk=entry.pk, status=entry.status).update(
        status=to, **fields
    )
    if changed != 1:  # someone else moved it first
        raise IllegalTransitionError(_("The entry changed meanwhile; reload and try again."))
    EntryTransition.objects.create(
        entry=entry,
        from_status=entry.status,
        to_status=to,
        actor=actor,
        reason=reason.strip(),
        legal_basis=legal_basis,
    )
    audit_record(
        actor=actor,
        action=AuditAction.entry_moved(to),
        enterprise=entry.enterprise,
        department=entry.department,
        data={"entry": entry.pk, "from": entry.status, "reason": reason.strip(), **(data or {})},
    )
    entry.refresh_from_db()
    return entry


def list_role(actor: User) -> bool:
    return regulator_can(actor, Action.LIST_PROPOSE) or regulator_can(actor, Action.LIST_APPROVE)


def _require(actor: User, action: Action, firm: Enterprise) -> None:
    if not regulator_can(actor, action) or not in_jurisdiction(actor, firm.region_id):
        raise PermissionDenied(_("Your role or jurisdiction does not allow this."))


@transaction.atomic
def blacklist_entry_propose(
    *,
    actor: User,
    enterprise: Enterprise,
    grounds: str,
    legal_basis: str,
    penalty: PenaltyRecord | None = None,
    inspections: Sequence[InspectionRecord] = (),
    abnormal_listing: AbnormalListing | None = None,
    persons: Sequence[tuple[str, str, str]] = (),
) -> BlacklistEntry:
    """Propose listing a firm on its basis (a penalty, seriously failed samplings or a 3-year
    abnormal listing) of the proposer's department or one below it (谁处罚谁列入); persons
    are (name, role, ID number), the number kept hashed."""
    _require(actor, Action.LIST_PROPOSE, enterprise)
    if actor.department is None:
        raise PermissionDenied(_("Only a regulator of a department may propose a listing."))
    if not grounds.strip() or not legal_basis.strip():
        raise ValidationError(_("Grounds and legal basis are required."))
    for _name, _role, number in persons:
        if (error := person_id_error(person_id_normalise(number))) is not None:
            raise ValidationError({"persons": error})
    proposal_basis_check(
        actor=actor,
        enterprise=enterprise,
        penalty=penalty,
        inspections=inspections,
        abnormal_listing=abnormal_listing,
    )
    entry = BlacklistEntry.objects.create(
        enterprise=enterprise,
        department=actor.department,
        grounds=grounds.strip(),
        legal_basis=legal_basis.strip(),
        penalty=penalty,
        created_by=actor,
    )
    if inspections:
        entry.inspections.set(inspections)
    if abnormal_listing is not None:
        # Conditional: of two officers escalating the same listing, the second one fails.
        escalated = AbnormalListing.objects.filter(
            pk=abnormal_listing.pk, escalated_to__isnull=True
        ).update(escalated_to=entry)
        if escalated != 1:
            raise IllegalTransitionError(_("This listing is not due for escalation."))
    ResponsiblePerson.objects.bulk_create(
        ResponsiblePerson(entry=entry, name=name, role=role, id_hash=person_id_hash(number))
        for name, role, number in persons
    )
    EntryTransition.objects.create(
        entry=entry,
        to_status=S.PROPOSED,
        actor=actor,
        reason=grounds.strip(),
        legal_basis=legal_basis.strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.ENTRY_PROPOSED,
        enterprise=enterprise,
        department=actor.department,
        data={
            "entry": entry.pk,
            "penalty": penalty.pk if penalty else None,
            "inspections": [r.pk for r in inspections],
            "abnormal_listing": abnormal_listing.pk if abnormal_listing else None,
        },
    )
    return entry


@transaction.atomic
def blacklist_entry_notify(*, actor: User, entry: BlacklistEntry, reason: str) -> BlacklistEntry:
    """Send the notice with reasons; the firm may state its case until the hearing deadline."""
    _require(actor, Action.LIST_PROPOSE, entry.enterprise)
    if actor.department_id != entry.department_id:
        raise PermissionDenied(_("The listing department sends the notice."))
    deadline = add_working_days(timezone.localdate(), list_rules().hearing_working_days)
    entry = entry_move(
        entry=entry, to=S.NOTIFIED, actor=actor, reason=reason, hearing_deadline=deadline
    )
    notify_firm(
        enterprise=entry.enterprise,
        subject=_("Notice: proposed listing on the blacklist of serious violations"),
        body=_(
            "Grounds: %(grounds)s\nLegal basis: %(basis)s\nReasons: %(reason)s\n"
            "You may state your case or ask for a hearing until %(deadline)s."
        )
        % {
            "grounds": entry.grounds,
            "basis": entry.legal_basis,
            "reason": reason,
            "deadline": deadline.isoformat(),
        },
        link=reverse("selfservice:entry_statement", args=[entry.pk]),
    )
    return entry


def approver_check(*, actor: User, entry: BlacklistEntry) -> None:
    """PermissionDenied unless the actor may approve this entry (and answer its statement)."""
    _require(actor, Action.LIST_APPROVE, entry.enterprise)
    own = entry.department
    # County and city listings: a department above the listing one (by the department tree,
    # not by jurisdiction length); province and national listings: that department itself.
    needs_upper = list_rules().approval_from_upper_level and len(own.jurisdiction) > 2
    allowed = (
        own.parent is not None and is_department_or_superior(actor, own.parent)
        if needs_upper
        else is_department_or_superior(actor, own)
    )
    if not allowed:
        raise PermissionDenied(_("This listing is approved by the upper-level department."))


@transaction.atomic
def blacklist_entry_approve(*, actor: User, entry: BlacklistEntry, reason: str) -> BlacklistEntry:
    """Approve once the firm's statement is answered, or, when it sent none, after the hearing
    window; county and city listings need the upper level."""
    approver_check(actor=actor, entry=entry)
    # Locked, so a statement sent meanwhile waits for this decision instead of crossing it.
    BlacklistEntry.objects.select_for_update().filter(pk=entry.pk).first()
    statement = EntryStatement.objects.filter(entry=entry).first()
    if statement is not None:
        if not statement.answered:
            raise IllegalTransitionError(
                _("The firm's statement and defence must be answered before approval.")
            )
    elif entry.hearing_deadline and timezone.localdate() <= entry.hearing_deadline:
        raise IllegalTransitionError(
            _("The hearing window is open until %(date)s.")
            % {"date": f"{entry.hearing_deadline:%Y-%m-%d}"}
        )
    return entry_move(entry=entry, to=S.APPROVED, actor=actor, reason=reason)


@transaction.atomic
def blacklist_entry_publish(*, actor: User, entry: BlacklistEntry, reason: str) -> BlacklistEntry:
    """Put an approved entry on the public list for the policy's duration."""
    if not is_department_or_superior(actor, entry.department) or not (
        regulator_can(actor, Action.LIST_PROPOSE) or regulator_can(actor, Action.LIST_APPROVE)
    ):
        raise PermissionDenied(_("The listing department or its superior publishes the entry."))
    today = timezone.localdate()
    entry = entry_move(
        entry=entry,
        to=S.LISTED,
        actor=actor,
        reason=reason,
        listed_on=today,
        ends_on=listing_ends_on(today, list_rules()),
    )
    credit_file_changed(
        enterprise_ids=[entry.enterprise_id], kind="blacklist", record_id=entry.pk, channel="lists"
    )
    notify_firm(
        enterprise=entry.enterprise,
        subject=_("Listed on the blacklist of serious violations"),
        body=_(
            "Grounds: %(grounds)s\nLegal basis: %(basis)s\nListed from %(listed)s until "
            "%(ends)s. Credit repair may be applied for from %(repair)s."
        )
        % {
            "grounds": entry.grounds,
            "basis": entry.legal_basis,
            "listed": f"{entry.listed_on:%Y-%m-%d}",
            "ends": f"{entry.ends_on:%Y-%m-%d}" if entry.ends_on else "-",
            "repair": f"{repair_possible_from(today, list_rules()):%Y-%m-%d}",
        },
    )
    return entry


@transaction.atomic
def blacklist_entry_withdraw(*, actor: User, entry: BlacklistEntry, reason: str) -> BlacklistEntry:
    if not list_role(actor) or not is_department_or_superior(actor, entry.department):
        raise PermissionDenied(_("Only the listing department or its superior may withdraw."))
    return entry_move(entry=entry, to=S.WITHDRAWN, actor=actor, reason=reason)
