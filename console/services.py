"""Console writes that have no other home: interviews of C firms."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Action, in_jurisdiction, regulator_can
from console.models import Interview
from core.actions import AuditAction
from core.audit import audit_record
from enterprises.models import Enterprise


@transaction.atomic
def interview_record(
    *, actor: User, enterprise: Enterprise, held_on: dt.date, person: str, notes: str
) -> Interview:
    if not regulator_can(actor, Action.GRADE_OVERRIDE) or not in_jurisdiction(
        actor, enterprise.region_id
    ):
        raise PermissionDenied(_("Your role or jurisdiction does not allow this."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("An interview cannot be recorded before it is held.")})
    if not person.strip() or not notes.strip():
        raise ValidationError(_("Name the person interviewed and write down what was agreed."))
    interview = Interview.objects.create(
        enterprise=enterprise,
        held_on=held_on,
        person=person.strip(),
        notes=notes.strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.INTERVIEW_HELD,
        enterprise=enterprise,
        data={"interview": interview.pk, "held_on": held_on.isoformat()},
    )
    return interview
