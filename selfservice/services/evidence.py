"""Objections, credit-repair applications, statements on a listing notice and requests for
removal from the abnormal-operations list filed with their evidence: both or neither."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from dueprocess.models import Objection, RepairApplication
from dueprocess.objections import objection_raise
from dueprocess.repair import repair_apply
from enterprises.models import PenaltyRecord
from lists.abnormal import abnormal_removal_request
from lists.models import AbnormalListing, BlacklistEntry, EntryStatement
from lists.statements import entry_statement_submit
from selfservice.models import Attachment, AttachmentPurpose
from selfservice.services.attachments import MAX_FILES, attachments_check, attachments_save


@transaction.atomic
def objection_raise_with_evidence(
    *, actor: User, record_kind: str, record_id: int, grounds: str, uploads: list[UploadedFile]
) -> Objection:
    """Raise an objection and store its files; a bad file or a refused objection writes nothing."""
    # Files first: a wrong file is named even when the objection would be refused too.
    attachments_check(uploads)
    objection = objection_raise(
        actor=actor, record_kind=record_kind, record_id=record_id, grounds=grounds
    )
    attachments_save(
        actor=actor,
        purpose=AttachmentPurpose.OBJECTION,
        owner_id=objection.pk,
        enterprise_id=objection.enterprise_id,
        uploads=uploads,
    )
    return objection


@transaction.atomic
def repair_apply_with_evidence(
    *,
    actor: User,
    target: str,
    entry: BlacklistEntry | None = None,
    penalty: PenaltyRecord | None = None,
    abnormal_listing: AbnormalListing | None = None,
    obligations_met: bool,
    harm_remedied: bool,
    commitment_signed: bool,
    statement: str,
    uploads: list[UploadedFile],
    signatory: str = "",
) -> RepairApplication:
    """Apply for credit repair and store the files; a bad file or a refusal writes nothing."""
    attachments_check(uploads)
    application = repair_apply(
        actor=actor,
        target=target,
        entry=entry,
        penalty=penalty,
        abnormal_listing=abnormal_listing,
        obligations_met=obligations_met,
        harm_remedied=harm_remedied,
        commitment_signed=commitment_signed,
        statement=statement,
        signatory=signatory,
    )
    attachments_save(
        actor=actor,
        purpose=AttachmentPurpose.REPAIR,
        owner_id=application.pk,
        enterprise_id=application.enterprise_id,
        uploads=uploads,
    )
    return application


@transaction.atomic
def entry_statement_submit_with_evidence(
    *,
    actor: User,
    entry: BlacklistEntry,
    text: str,
    hearing_requested: bool,
    uploads: list[UploadedFile],
) -> EntryStatement:
    """Send the firm's statement on a notified entry with its files; a resubmission replaces
    the text and the hearing request and adds its files, at most MAX_FILES in all."""
    attachments_check(uploads)
    statement = entry_statement_submit(
        actor=actor, entry=entry, text=text, hearing_requested=hearing_requested
    )
    held = Attachment.objects.filter(
        purpose=AttachmentPurpose.STATEMENT, owner_id=statement.pk
    ).count()
    if held + len(uploads) > MAX_FILES:
        raise ValidationError(
            {
                "files": _("At most %(n)d files in all; %(held)d are sent already.")
                % {"n": MAX_FILES, "held": held}
            }
        )
    attachments_save(
        actor=actor,
        purpose=AttachmentPurpose.STATEMENT,
        owner_id=statement.pk,
        enterprise_id=entry.enterprise_id,
        uploads=uploads,
    )
    return statement


@transaction.atomic
def abnormal_removal_request_with_evidence(
    *, actor: User, listing: AbnormalListing, statement: str, uploads: list[UploadedFile]
) -> AbnormalListing:
    """Ask for removal after correcting, with the evidence of the correction; a bad file or a
    refused request writes nothing."""
    attachments_check(uploads)
    if not uploads:
        raise ValidationError({"files": _("Attach the evidence of the correction.")})
    listing = abnormal_removal_request(actor=actor, listing=listing, statement=statement)
    attachments_save(
        actor=actor,
        purpose=AttachmentPurpose.ABNORMAL,
        owner_id=listing.pk,
        enterprise_id=listing.enterprise_id,
        uploads=uploads,
    )
    return listing
