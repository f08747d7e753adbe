"""Objections (异议) against records: raised by the firm within the window, decided by a
regulator in working days; an upheld objection withdraws the record and regrades the firm."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import TYPE_CHECKING, TypeGuard

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import UserKind
from accounts.roles import Action, in_jurisdiction, regulator_can
from core.actions import AuditAction
from core.audit import audit_record
from core.dates import add_working_days
from core.errors import IllegalTransitionError
from dueprocess.models import Objection, ObjectionStatus, RetestResult
from dueprocess.rules import objection_open_q, objection_window_closes, objection_window_open
from enterprises.models import RECORD_MODELS, CreditRecord, InspectionRecord
from enterprises.services.notifications import notify_firm
from enterprises.services.outbox import credit_file_changed
from enterprises.services.standing import FallCause, penalties_fell
from lists.rules import list_rules

if TYPE_CHECKING:
    from accounts.models import User


def _record(kind: str, record_id: int) -> CreditRecord:
    model = RECORD_MODELS.get(kind)
    if model is None:
        raise ValidationError(
            {"record_kind": _("must be one of: %(codes)s") % {"codes": ", ".join(RECORD_MODELS)}}
        )
    record = model._default_manager.filter(pk=record_id, withdrawn_on__isnull=True).first()
    if record is None:
        raise ValidationError({"record_id": _("No such record on file.")})
    return record


def _failed_sampling(record: CreditRecord) -> TypeGuard[InspectionRecord]:
    return isinstance(record, InspectionRecord) and record.result == "fail"


@transaction.atomic
def objection_raise(*, actor: User, record_kind: str, record_id: int, grounds: str) -> Objection:
    record = _record(record_kind, record_id)
    firm = record.enterprise
    if actor.kind != UserKind.ENTERPRISE or actor.enterprise_id != firm.pk:
        raise PermissionDenied(_("Only a user of the firm may object to its records."))
    if not grounds.strip():
        raise ValidationError({"grounds": _("Say why the record is wrong.")})
    today = timezone.localdate()
    rules = list_rules()  # windows: DOMAIN.md section 3 defaults
    if _failed_sampling(record):
        if not objection_window_open(record, today=today, rules=rules):
            closes = objection_window_closes(record, rules=rules)
            raise IllegalTransitionError(
                _("The objection window closed on %(day)s.") % {"day": f"{closes:%Y-%m-%d}"}
            )
        answer = add_working_days(today, rules.objection_answer_working_days)
    else:
        answer = add_working_days(today, rules.objection_other_answer_working_days)
    try:
        with transaction.atomic():
            objection = Objection.objects.create(
                enterprise=firm,
                record_kind=record_kind,
                record_id=record.pk,
                grounds=grounds.strip(),
                raised_by=actor,
                raised_on=today,
                answer_due=answer,
            )
    except IntegrityError as exc:
        raise IllegalTransitionError(_("An objection to this record is already open.")) from exc
    audit_record(
        actor=actor,
        action=AuditAction.OBJECTION_RAISED,
        enterprise=firm,
        data={"objection": objection.pk, "record": f"{record_kind}:{record.pk}"},
    )
    return objection


def _withdraw(*, actor: User, objection: Objection) -> None:
    """Withdraw the record objected to from grading and public view and regrade the firm: the
    one path for an upheld objection and a passed re-test."""
    model = RECORD_MODELS[objection.record_kind]
    changed = model._default_manager.filter(
        pk=objection.record_id, withdrawn_on__isnull=True
    ).update(
        withdrawn_on=timezone.localdate(),
        updated_at=timezone.now(),  # a change for mirrors and the public data version
    )
    if not changed:
        return  # already withdrawn (an upheld objection, then its passed re-test)
    if objection.record_kind == "penalties":
        # Through the credit file's hook, as intake's revocation: one path for what rests
        # on a penalty, whichever way it fell.
        penalties_fell(
            penalty_ids=[objection.record_id],
            cause=FallCause.WITHDRAWN,
            actor=actor,
            department=actor.department,
            source=f"objection:{objection.pk}",
        )
    credit_file_changed(
        enterprise_ids=[objection.enterprise_id],
        kind=objection.record_kind,
        record_id=objection.record_id,
        channel="objection",
    )


def _lab_key(lab: str) -> str:
    """A laboratory's name compared without case, spaces or full-width forms."""
    return "".join(unicodedata.normalize("NFKC", lab).casefold().split())


@transaction.atomic
def objection_decide(*, actor: User, objection: Objection, uphold: bool, reason: str) -> Objection:
    """Uphold (the record is withdrawn, the firm regraded) or reject, with reasons."""
    if not regulator_can(actor, Action.OBJECTION_DECIDE) or not in_jurisdiction(
        actor, objection.enterprise.region_id
    ):
        raise PermissionDenied(_("Your role or jurisdiction does not allow this decision."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons of the decision.")})
    changed = Objection.objects.filter(objection_open_q(), pk=objection.pk).update(
        status=ObjectionStatus.UPHELD if uphold else ObjectionStatus.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_reason=reason.strip(),
    )
    if changed != 1:
        raise IllegalTransitionError(_("The objection is already decided."))
    if uphold:
        _withdraw(actor=actor, objection=objection)
    audit_record(
        actor=actor,
        action=AuditAction.OBJECTION_UPHELD if uphold else AuditAction.OBJECTION_REJECTED,
        enterprise=objection.enterprise,
        data={"objection": objection.pk, "reason": reason.strip()},
    )
    notify_firm(
        enterprise=objection.enterprise,
        subject=_("Your objection was upheld") if uphold else _("Your objection was rejected"),
        body=reason.strip(),
        link=reverse("selfservice:objections"),
    )
    objection.refresh_from_db()
    return objection


@transaction.atomic
def objection_retest_record(
    *, actor: User, objection: Objection, lab: str, tested_on: dt.date, result: str
) -> Objection:
    """Record the re-test (复检) of a failed sampling objected to (open or upheld): by another
    laboratory, dated between the original test and today; a pass withdraws the record."""
    if not regulator_can(actor, Action.OBJECTION_DECIDE) or not in_jurisdiction(
        actor, objection.enterprise.region_id
    ):
        raise PermissionDenied(_("Your role or jurisdiction does not allow this decision."))
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status not in (ObjectionStatus.OPEN, ObjectionStatus.UPHELD):
        raise IllegalTransitionError(_("A re-test is recorded on an open or upheld objection."))
    record = InspectionRecord.objects.filter(pk=objection.record_id).first()
    if objection.record_kind != "inspections" or record is None or record.result != "fail":
        raise IllegalTransitionError(_("A re-test is recorded only against a failed sampling."))
    errors: dict[str, str] = {}
    if not _lab_key(lab):
        errors["lab"] = _("Name the laboratory that re-tested.")
    elif _lab_key(lab) == _lab_key(record.lab):
        errors["lab"] = _("A re-test goes to a different laboratory than the original test.")
    if tested_on < record.inspected_on or tested_on > timezone.localdate():
        errors["tested_on"] = _("The re-test date is before the original test or in the future.")
    if result not in RetestResult.values:
        errors["result"] = _("must be one of: %(codes)s") % {
            "codes": ", ".join(RetestResult.values)
        }
    if errors:
        raise ValidationError(errors)
    Objection.objects.filter(pk=objection.pk).update(
        retest_lab=lab.strip(), retest_on=tested_on, retest_result=result
    )
    if result == RetestResult.PASS:
        _withdraw(actor=actor, objection=objection)
    audit_record(
        actor=actor,
        action=AuditAction.OBJECTION_RETESTED,
        enterprise=objection.enterprise,
        data={
            "objection": objection.pk,
            "lab": lab.strip(),
            "tested_on": tested_on.isoformat(),
            "result": result,
        },
    )
    objection.refresh_from_db()
    return objection
