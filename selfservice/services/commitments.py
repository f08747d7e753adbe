"""Quality-integrity commitments: signed by a named person for a year, withdrawable."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, UserKind
from core.actions import AuditAction
from core.audit import audit_record
from core.dates import period_end
from core.errors import IllegalTransitionError
from enterprises.models import IntegrityCommitment
from enterprises.services.outbox import credit_file_changed
from selfservice.models import CommitmentText

VALID_MONTHS = 12  # renewed yearly


def commitment_text_active() -> CommitmentText | None:
    return CommitmentText.objects.filter(is_active=True).first()


@transaction.atomic
def commitment_sign(
    *, actor: User, enterprise_id: int, signatory: str, text_version: str
) -> IntegrityCommitment:
    """A user of the firm signs the commitment text in force, in a named person's name."""
    if actor.kind != UserKind.ENTERPRISE or actor.enterprise_id != enterprise_id:
        raise PermissionDenied(_("Only a user of the enterprise may sign its commitment."))
    text = commitment_text_active()
    if text is None:
        raise IllegalTransitionError(_("No commitment text is in force."))
    if text_version != text.version:
        raise ValidationError(
            {"text_version": _("The commitment text changed while you read it; read it again.")}
        )
    name = " ".join(signatory.split())
    if not 2 <= len(name) <= 64:
        raise ValidationError({"signatory": _("Give the full name of the person who signs.")})
    now = timezone.now()
    today = timezone.localdate()
    # A renewal replaces the commitment in force: withdrawing the new one must not leave
    # the old one counting.
    IntegrityCommitment.objects.filter(
        enterprise_id=enterprise_id, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    commitment = IntegrityCommitment.objects.create(
        enterprise_id=enterprise_id,
        text_version=text.version,
        signatory=name,
        signed_at=now,
        # Valid through the last day within VALID_MONTHS of signing (core.dates.period_end;
        # Civil Code art. 201: the period starts the day after).
        valid_until=period_end(today, months=VALID_MONTHS),
    )
    audit_record(
        actor=actor,
        action=AuditAction.COMMITMENT_SIGNED,
        enterprise=commitment.enterprise,
        data={"commitment": commitment.pk, "signatory": name, "version": text.version},
    )
    credit_file_changed(
        enterprise_ids=[enterprise_id], kind="commitment", record_id=commitment.pk, channel="firm"
    )
    return commitment


@transaction.atomic
def commitment_withdraw(*, actor: User, commitment: IntegrityCommitment) -> IntegrityCommitment:
    if actor.kind != UserKind.ENTERPRISE or actor.enterprise_id != commitment.enterprise_id:
        raise PermissionDenied(_("Only a user of the enterprise may withdraw its commitment."))
    changed = IntegrityCommitment.objects.filter(
        pk=commitment.pk, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    if changed != 1:
        raise IllegalTransitionError(_("This commitment is already withdrawn."))
    audit_record(
        actor=actor,
        action=AuditAction.COMMITMENT_WITHDRAWN,
        enterprise=commitment.enterprise,
        data={"commitment": commitment.pk},
    )
    credit_file_changed(
        enterprise_ids=[commitment.enterprise_id],
        kind="commitment",
        record_id=commitment.pk,
        channel="firm",
    )
    commitment.refresh_from_db()
    return commitment
