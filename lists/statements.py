"""The firm's statement and defence (陈述申辩) on a notified blacklist entry, and its answer.

One statement per entry. The firm may send it, with or without a hearing request, from the
notice until the hearing deadline (that day included); sending again before the deadline
replaces the text and the request, unless the statement is already answered: an answered
statement is final. The approver answers it; approval then waits for the answer
(`blacklist_entry_approve`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.actions import AuditAction
from core.audit import audit_record
from core.errors import IllegalTransitionError
from enterprises.services.notifications import notify_firm
from lists.entries import approver_check
from lists.models import BlacklistEntry, EntryStatement, EntryStatus

if TYPE_CHECKING:
    from accounts.models import User

MAX_TEXT = 10_000


def statement_open(entry: BlacklistEntry) -> bool:
    """Whether the firm may (re)send its statement today."""
    return (
        entry.status == EntryStatus.NOTIFIED
        and entry.hearing_deadline is not None
        and timezone.localdate() <= entry.hearing_deadline
    )


@transaction.atomic
def entry_statement_submit(
    *, actor: User, entry: BlacklistEntry, text: str, hearing_requested: bool
) -> EntryStatement:
    """Send (or, before the deadline and the answer, replace) the firm's statement."""
    if getattr(actor, "enterprise_id", None) != entry.enterprise_id:
        raise PermissionDenied(_("Only a user of the listed firm may state its case."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write your statement.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("At most %(n)d characters.") % {"n": MAX_TEXT}})
    # Locked, so the approver's answer or approval and this statement do not cross.
    entry = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
    if not statement_open(entry):
        raise IllegalTransitionError(_("The time to state your case has passed."))
    current = EntryStatement.objects.filter(entry=entry).first()
    if current is not None and current.answered:
        raise IllegalTransitionError(_("Your statement has been answered already."))
    statement, created = EntryStatement.objects.update_or_create(
        entry=entry,
        defaults={
            "text": text,
            "hearing_requested": hearing_requested,
            "submitted_by": actor,
            "submitted_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.STATEMENT_SUBMITTED,
        enterprise=entry.enterprise,
        department=entry.department,
        data={
            "entry": entry.pk,
            "statement": statement.pk,
            "hearing_requested": hearing_requested,
            "replaced": not created,
        },
    )
    return statement


@transaction.atomic
def entry_statement_answer(*, actor: User, entry: BlacklistEntry, answer: str) -> EntryStatement:
    """The approver's answer to the firm's statement, once; the firm is told."""
    approver_check(actor=actor, entry=entry)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    entry = BlacklistEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != EntryStatus.NOTIFIED:
        raise IllegalTransitionError(_("Only a statement on a notified entry is answered."))
    statement = EntryStatement.objects.filter(entry=entry).first()
    if statement is None:
        raise IllegalTransitionError(_("The firm has sent no statement."))
    changed = EntryStatement.objects.filter(pk=statement.pk, answered_at__isnull=True).update(
        answer=answer, answered_by=actor, answered_at=timezone.now()
    )
    if changed != 1:
        raise IllegalTransitionError(_("The statement is answered already."))
    audit_record(
        actor=actor,
        action=AuditAction.STATEMENT_ANSWERED,
        enterprise=entry.enterprise,
        department=entry.department,
        data={"entry": entry.pk, "statement": statement.pk},
    )
    notify_firm(
        enterprise=entry.enterprise,
        subject=_("Your statement and defence has been answered"),
        body=answer,
    )
    statement.refresh_from_db()
    return statement
