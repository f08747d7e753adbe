"""Attachments to objections and repair applications: few types, bounded size, checked bytes."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from accounts.models import User
from selfservice.models import Attachment

# Extension -> (content type, magic bytes): the bytes must match, whatever the browser says.
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
MAX_FILES = 5


def attachment_check(upload: UploadedFile) -> str:
    """The content type of an acceptable upload, or ValidationError saying why not."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ALLOWED:
        raise ValidationError(_("Only PDF, JPEG or PNG files are accepted."))
    if upload.size is None or upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("A file may be at most %(mb)d MB.") % {"mb": settings.ATTACHMENT_MAX_BYTES // 2**20}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    content_type, magics = ALLOWED[ext]
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(m) for m in magics):
        raise ValidationError(_("The file's contents do not match its type."))
    return content_type


def attachments_check(uploads: list[UploadedFile]) -> list[str]:
    """Content types of the uploads; a ValidationError on `files` names the first problem."""
    if len(uploads) > MAX_FILES:
        raise ValidationError({"files": _("At most %(n)d files.") % {"n": MAX_FILES}})
    try:
        return [attachment_check(u) for u in uploads]
    except ValidationError as exc:
        raise ValidationError({"files": exc.messages}) from exc


def attachments_save(
    *, actor: User, purpose: str, owner_id: int, enterprise_id: int, uploads: list[UploadedFile]
) -> list[Attachment]:
    """Store checked uploads (call attachments_check first, in the same transaction)."""
    types = attachments_check(uploads)
    return [
        Attachment.objects.create(
            enterprise_id=enterprise_id,
            purpose=purpose,
            owner_id=owner_id,
            file=upload,
            original_name=(upload.name or "file")[:200],
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor,
        )
        for upload, content_type in zip(uploads, types, strict=True)
    ]
