"""Credit repair (信用修复): the portal checks what it can, a regulator decides, the firm is
told, and the public view follows (blacklist removal, or the end of penalty publicity)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import UserKind
from accounts.roles import Action, in_jurisdiction, regulator_can
from core.actions import AuditAction
from core.audit import audit_record
from core.dates import add_working_days
from core.errors import IllegalTransitionError
from dueprocess.models import RepairApplication, RepairCommitment, RepairStatus, RepairTarget
from dueprocess.rules import penalty_repair_class, repair_class_possible_from
from enterprises.models import PenaltyKind, PenaltyRecord
from enterprises.rules import penalty_live_q
from enterprises.services.notifications import notify_firm
from lists.abnormal import abnormal_remove_repaired
from lists.models import AbnormalListing, BlacklistEntry, RemovalReason
from lists.removal import blacklist_entry_remove
from lists.rules import (
    abnormal_current,
    abnormal_current_q,
    entry_in_force,
    entry_in_force_q,
    list_rules,
    repair_possible_from,
)
from publicity.rules import early_stop_allowed, penalty_public, publicity_rules

if TYPE_CHECKING:
    from accounts.models import User

CLASS_NAMES = {
    "minor": gettext_lazy("minor"),
    "general": gettext_lazy("general"),
    "serious": gettext_lazy("serious"),
}


def _class_minimum_problems(penalty: PenaltyRecord, *, today: dt.date) -> list[str]:
    """The 2026 measures: the penalty's class (list policy) and its minimum publicity served."""
    lists = list_rules()
    cls = penalty_repair_class(penalty, rules=lists)
    possible_from = repair_class_possible_from(penalty, rules=lists)
    if possible_from is None:
        return [_("A minor penalty is not published; there is nothing to repair.")]
    if today < possible_from:
        months = lists.repair_min_months[cls]
        return [
            ngettext(
                "A %(cls)s penalty may be repaired after %(months)d month of publicity "
                "(from %(day)s).",
                "A %(cls)s penalty may be repaired after %(months)d months of publicity "
                "(from %(day)s).",
                months,
            )
            % {"cls": CLASS_NAMES.get(cls, cls), "months": months, "day": f"{possible_from}"}
        ]
    return []


def repair_problems(application: RepairApplication) -> list[str]:
    """The conditions the portal can check itself; an empty list means they hold."""
    today = timezone.localdate()
    problems = []
    if not (application.obligations_met and application.commitment_signed):
        problems.append(_("Obligations must be met and a public credit commitment signed."))
    if application.target == RepairTarget.ABNORMAL:
        # Removal from the abnormal-operations list once the ground is corrected: no minimum
        # time on the list (DOMAIN.md section 5), the obligations and the commitment above.
        listing = application.abnormal_listing
        if listing is None or not abnormal_current(listing):
            problems.append(_("The enterprise is not on the abnormal-operations list for this."))
    elif application.target == RepairTarget.BLACKLIST:
        entry = application.entry
        lists = list_rules()
        years = lists.repair_min_years
        if entry is None or not entry_in_force(entry, today=today):
            problems.append(_("The entry is not on the list."))
        elif today < repair_possible_from(entry.listed_on or today, lists):
            problems.append(
                ngettext(
                    "Repair is possible after %(years)d year on the list.",
                    "Repair is possible after %(years)d years on the list.",
                    years,
                )
                % {"years": years}
            )
        elif (
            PenaltyRecord.objects.filter(
                penalty_live_q(),
                enterprise_id=application.enterprise_id,
                decided_on__gt=entry.listed_on,
            )
            .exclude(kind=PenaltyKind.WARNING)
            .exists()
        ):
            problems.append(_("A new violation was penalised while listed."))
    else:
        penalty = application.penalty
        publicity = publicity_rules()
        if penalty is None or not penalty_public(penalty, today=today, rules=publicity):
            problems.append(_("The penalty is not publicised now."))
        elif not early_stop_allowed(penalty, on=today, rules=publicity):
            problems.append(
                _(
                    "The publicity of this penalty cannot end early yet (%(months)d months; "
                    "%(sensitive)d for food, drugs and special equipment), or never can."
                )
                % {
                    "months": publicity.early_stop_months,
                    "sensitive": publicity.early_stop_months_sensitive,
                }
            )
        if penalty is not None:
            problems += _class_minimum_problems(penalty, today=today)
        if not application.harm_remedied:
            problems.append(_("The harm must be remedied."))
        firm = application.enterprise_id
        if (
            BlacklistEntry.objects.filter(
                entry_in_force_q(today=today), enterprise_id=firm
            ).exists()
            or AbnormalListing.objects.filter(abnormal_current_q(), enterprise_id=firm).exists()
        ):
            problems.append(
                _("The enterprise is on the blacklist or the abnormal-operations list.")
            )
        # "No repeat of the same type" (Order 45 art. 20): a later decision for the same type of
        # violation. Only decisions that still stand repeat: one revoked, or withdrawn after an
        # upheld objection, is none (the same rule as the new-violation check above). Where
        # either type was not sent, the portal cannot tell them apart and counts it.
        if penalty is not None and (
            PenaltyRecord.objects.filter(
                penalty_live_q(), enterprise_id=firm, decided_on__gt=penalty.decided_on
            )
            .filter(same_violation_type_q(penalty.violation_type))
            .exists()
        ):
            problems.append(_("A penalty for the same type of violation came later."))
    return problems


def same_violation_type_q(violation_type: str) -> Q:
    """Penalties for `violation_type`, or of a type not known (either side blank)."""
    if not violation_type:
        return Q()
    return Q(violation_type=violation_type) | Q(violation_type="")


@transaction.atomic
def repair_apply(
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
    signatory: str = "",
) -> RepairApplication:
    """A user of the firm applies; conditions the portal can check are checked now."""
    expected: dict[str, tuple[bool, bool, bool]] = {
        RepairTarget.BLACKLIST: (True, False, False),
        RepairTarget.PENALTY: (False, True, False),
        RepairTarget.ABNORMAL: (False, False, True),
    }
    given = (entry is not None, penalty is not None, abnormal_listing is not None)
    if expected.get(target) != given:
        raise ValidationError(
            {
                "target": "blacklist with an entry, penalty with a penalty, or abnormal with an "
                "abnormal-operations listing"
            }
        )
    subject = entry or penalty or abnormal_listing
    firm = subject.enterprise if subject is not None else None
    if firm is None or actor.kind != UserKind.ENTERPRISE or actor.enterprise_id != firm.pk:
        raise PermissionDenied(_("Only a user of the firm may apply for its credit repair."))
    if RepairApplication.objects.filter(
        enterprise=firm,
        entry=entry,
        penalty=penalty,
        abnormal_listing=abnormal_listing,
        status=RepairStatus.SUBMITTED,
    ).exists():
        raise IllegalTransitionError(_("An application for this record is already open."))
    rules = list_rules()
    # An abnormal listing is removed within the working days of a removal after correction.
    answer_days = (
        rules.abnormal_removal_working_days
        if target == RepairTarget.ABNORMAL
        else rules.repair_answer_working_days
    )
    application = RepairApplication(
        enterprise=firm,
        target=target,
        entry=entry,
        penalty=penalty,
        abnormal_listing=abnormal_listing,
        obligations_met=obligations_met,
        harm_remedied=harm_remedied,
        commitment_signed=commitment_signed,
        statement=statement.strip(),
        submitted_by=actor,
        answer_due=add_working_days(timezone.localdate(), answer_days),
    )
    problems = repair_problems(application)
    if problems:
        raise ValidationError(problems)
    application.save()
    # The public credit commitment signed with it, as its own record (signer, text, date).
    RepairCommitment.objects.create(
        application=application,
        enterprise=firm,
        text_version=list_rules().repair_commitment_version,
        signatory=(signatory.strip() or actor.get_full_name() or actor.get_username())[:64],
        signed_on=timezone.localdate(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.REPAIR_APPLIED,
        enterprise=firm,
        data={"application": application.pk, "target": target},
    )
    return application


@transaction.atomic
def repair_decide(
    *, actor: User, application: RepairApplication, approve: bool, reason: str
) -> RepairApplication:
    """A regulator approves (the public view changes at once) or rejects with reasons."""
    firm = application.enterprise
    if not regulator_can(actor, Action.OBJECTION_DECIDE) or not in_jurisdiction(
        actor, firm.region_id
    ):
        raise PermissionDenied(_("Your role or jurisdiction does not allow this decision."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons of the decision.")})
    if approve and (problems := repair_problems(application)):
        raise ValidationError(problems)
    changed = RepairApplication.objects.filter(
        pk=application.pk, status=RepairStatus.SUBMITTED
    ).update(
        status=RepairStatus.APPROVED if approve else RepairStatus.REJECTED,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_reason=reason.strip(),
    )
    if changed != 1:
        raise IllegalTransitionError(_("The application is already decided."))
    if approve and application.entry is not None:
        blacklist_entry_remove(
            actor=actor,
            entry=application.entry,
            why=RemovalReason.REPAIRED,
            reason=reason,
            obligations_met=True,
            commitment_signed=True,
        )
    elif approve and application.abnormal_listing is not None:
        abnormal_remove_repaired(
            actor=actor, listing=application.abnormal_listing, application_id=application.pk
        )
    elif approve and application.penalty_id is not None:
        PenaltyRecord.objects.filter(pk=application.penalty_id).update(
            publicity_stopped_on=timezone.localdate(),
            updated_at=timezone.now(),  # a change for mirrors and the public data version
        )
    audit_record(
        actor=actor,
        action=AuditAction.REPAIR_APPROVED if approve else AuditAction.REPAIR_REJECTED,
        enterprise=firm,
        data={"application": application.pk, "reason": reason},
    )
    notify_firm(
        enterprise=firm,
        subject=_("Your credit-repair application was approved")
        if approve
        else _("Your credit-repair application was rejected"),
        body=reason.strip(),
        link=reverse("selfservice:repairs"),
    )
    application.refresh_from_db()
    return application
