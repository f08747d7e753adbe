"""Regulators' overrides of a computed grade: written reason, expiry, audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Action, in_jurisdiction, regulator_can
from core.actions import AuditAction
from core.audit import audit_record
from enterprises.models import Enterprise
from ratings.models import Grade, GradeOverride
from ratings.services.recompute import enterprise_grade_recompute

if TYPE_CHECKING:
    from accounts.models import User

MIN_REASON = 10  # characters: a written reason, not a tick
MAX_DAYS = 366  # an override is temporary; the computed grade takes over again


def _check(actor: User, enterprise: Enterprise) -> None:
    if not regulator_can(actor, Action.GRADE_OVERRIDE) or not in_jurisdiction(
        actor, enterprise.region_id
    ):
        raise PermissionDenied(_("You may not override grades of this firm."))


@transaction.atomic
def grade_override_create(
    *, actor: User, enterprise: Enterprise, grade: str, reason: str, expires_on: dt.date
) -> GradeOverride:
    """Set a grade by hand until `expires_on`; the firm is regraded at once."""
    _check(actor, enterprise)
    errors: dict[str, str] = {}
    if grade not in Grade.values:
        errors["grade"] = f"Grade must be one of {', '.join(Grade.values)}."
    if len(reason.strip()) < MIN_REASON:
        errors["reason"] = f"Write the reason in at least {MIN_REASON} characters."
    today = timezone.localdate()
    if not today < expires_on <= today + dt.timedelta(days=MAX_DAYS):
        errors["expires_on"] = f"The override must end after today and within {MAX_DAYS} days."
    if errors:
        raise ValidationError(errors)
    override = GradeOverride.objects.create(
        enterprise=enterprise,
        grade=grade,
        reason=reason.strip(),
        created_by=actor,
        expires_on=expires_on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.GRADE_OVERRIDDEN,
        enterprise=enterprise,
        data={
            "grade": grade,
            "reason": override.reason,
            "expires_on": expires_on.isoformat(),
            "override": override.pk,
        },
    )
    enterprise_grade_recompute(
        enterprise_ids=[enterprise.pk],
        triggers={enterprise.pk: {"kind": "override", "override_id": override.pk}},
    )
    return override


@transaction.atomic
def grade_override_revoke(*, actor: User, override: GradeOverride, reason: str) -> bool:
    """End an override early; return False if it had already ended."""
    _check(actor, override.enterprise)
    if len(reason.strip()) < MIN_REASON:
        raise ValidationError(
            {"reason": _("Write the reason in at least %(n)d characters.") % {"n": MIN_REASON}}
        )
    changed = GradeOverride.objects.filter(pk=override.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.GRADE_OVERRIDE_REVOKED,
            enterprise=override.enterprise,
            data={"override": override.pk, "reason": reason.strip()},
        )
        enterprise_grade_recompute(
            enterprise_ids=[override.enterprise_id],
            triggers={
                override.enterprise_id: {"kind": "override_revoked", "override_id": override.pk}
            },
        )
    return bool(changed)
