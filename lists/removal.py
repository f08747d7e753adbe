"""How a listing ends: removal (expiry, repair, revocation by the listing department, a fallen
basis), the fall of every entry resting on a penalty that no longer stands, and the nightly
expiry. Each step goes through the transition table of lists.entries and is audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import IllegalTransitionError
from enterprises.rules import penalty_live
from enterprises.services.notifications import notify_firm
from enterprises.services.outbox import credit_file_changed
from enterprises.services.standing import FallCause, PenaltyFall
from lists.basis import is_department_or_superior
from lists.entries import S, entry_move, list_role
from lists.models import BlacklistEntry, RemovalReason
from lists.rules import entry_in_force, entry_in_force_q, list_rules, repair_possible_from

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def blacklist_entry_remove(
    *,
    actor: User | None,
    entry: BlacklistEntry,
    why: str,
    reason: str,
    obligations_met: bool = False,
    commitment_signed: bool = False,
    today: dt.date | None = None,
) -> BlacklistEntry:
    """Remove a listed entry: expired (system), repaired or revoked (谁列入谁移出), or its
    basis revoked (the penalty it rests on no longer stands)."""
    today = today or timezone.localdate()
    extra: dict[str, object] = {}
    if why == RemovalReason.EXPIRED:
        if entry_in_force(entry, today=today):
            raise IllegalTransitionError(_("The listing period has not ended."))
    elif why == RemovalReason.BASIS_REVOKED:
        # By operation of law, whoever made the penalty fall: no role decides it.
        if entry.penalty is None or penalty_live(entry.penalty):
            raise IllegalTransitionError(_("The penalty this listing rests on still stands."))
        extra = {"penalty": entry.penalty_id, "decision_no": entry.penalty.decision_no}
    else:
        if (
            actor is None
            or not list_role(actor)
            or not is_department_or_superior(actor, entry.department)
        ):
            raise PermissionDenied(_("Only the listing department or its superior removes."))
        if why == RemovalReason.REPAIRED:
            rules = list_rules()
            years = rules.repair_min_years
            earliest = repair_possible_from(entry.listed_on or today, rules)
            if today < earliest:
                raise IllegalTransitionError(
                    ngettext(
                        "Credit repair is possible from %(date)s (%(years)d year listed).",
                        "Credit repair is possible from %(date)s (%(years)d years listed).",
                        years,
                    )
                    % {"date": f"{earliest:%Y-%m-%d}", "years": years}
                )
            if not (obligations_met and commitment_signed):
                raise ValidationError(
                    _("Repair needs the obligations met and a signed public credit commitment.")
                )
        elif why != RemovalReason.REVOKED:
            raise ValidationError(
                {
                    "why": _("must be one of: %(codes)s")
                    % {"codes": "expired, repaired, revoked, basis_revoked"}
                }
            )
    entry = entry_move(
        entry=entry,
        to=S.REMOVED,
        actor=actor,
        reason=reason,
        data=extra,
        removed_on=today,
        removal_reason=why,
    )
    credit_file_changed(
        enterprise_ids=[entry.enterprise_id], kind="blacklist", record_id=entry.pk, channel="lists"
    )
    # A fallen basis is told by blacklist_entries_basis_fall, with the penalty's cause.
    if why != RemovalReason.BASIS_REVOKED:
        notify_firm(
            enterprise=entry.enterprise,
            subject=_("Removed from the blacklist of serious violations"),
            body=_("Removed on %(date)s: %(why)s.")
            % {"date": today.isoformat(), "why": entry.get_removal_reason_display()},
        )
    return entry


OPEN = (S.PROPOSED, S.NOTIFIED, S.APPROVED, S.LISTED)  # every status an entry can leave


def _fall_sentence(cause: FallCause, decision_no: str) -> str:
    if cause == FallCause.REVOKED:
        return _("Penalty decision %(decision)s has been revoked.") % {"decision": decision_no}
    return _("Penalty decision %(decision)s has been withdrawn after an upheld objection.") % {
        "decision": decision_no
    }


def blacklist_entries_basis_fall(*, fall: PenaltyFall) -> int:
    """End every entry resting on a fallen penalty in the caller's transaction: a listed one is
    removed (basis revoked), any other withdrawn; each step audited, the firm told; idempotent.

    Registered with the credit file (`enterprises.services.standing`) by `ListsConfig.ready`.
    """
    today = timezone.localdate()
    done = 0
    # Locked, so a regulator's concurrent step waits for this one instead of failing it.
    entries = (
        BlacklistEntry.objects.select_for_update(of=("self",))
        .filter(penalty_id__in=fall.penalty_ids, status__in=OPEN)
        .select_related("penalty", "enterprise")
        .order_by("pk")
    )
    for entry in entries:
        penalty = entry.penalty
        if penalty is None:  # filtered on penalty_id; never
            continue
        reason = f"basis revoked: penalty {penalty.decision_no} {fall.cause} ({fall.source})"
        said = _fall_sentence(fall.cause, penalty.decision_no)
        told = entry.status != S.PROPOSED  # a proposal not yet notified was never sent to it
        if entry.status == S.LISTED:
            entry = blacklist_entry_remove(
                actor=fall.actor,
                entry=entry,
                why=RemovalReason.BASIS_REVOKED,
                reason=reason,
                today=today,
            )
            subject = _("Removed from the blacklist of serious violations")
            body = _("%(cause)s The listing resting on it is revoked; removed on %(date)s.")
        else:
            entry = entry_move(
                entry=entry,
                to=S.WITHDRAWN,
                actor=fall.actor,
                reason=reason,
                data={"penalty": penalty.pk, "decision_no": penalty.decision_no},
            )
            subject = _("Proposed blacklist listing withdrawn")
            body = _("%(cause)s The proposed listing resting on it is withdrawn on %(date)s.")
        if told:
            notify_firm(
                enterprise=entry.enterprise,
                subject=subject,
                body=body % {"cause": said, "date": today.isoformat()},
            )
        done += 1
    return done


def blacklist_expire_due(*, today: dt.date | None = None) -> int:
    """Remove every listed entry whose period has ended; safe to run repeatedly."""
    today = today or timezone.localdate()
    done = 0
    # Listed but no longer in force: the period's last day (ends_on) was before today.
    for entry in BlacklistEntry.objects.filter(status=S.LISTED).exclude(
        entry_in_force_q(today=today)
    ):
        with transaction.atomic():
            try:
                blacklist_entry_remove(
                    actor=None,
                    entry=entry,
                    why=RemovalReason.EXPIRED,
                    reason="listing period ended",
                    today=today,
                )
            except IllegalTransitionError:
                continue  # another worker removed it first
        done += 1
    return done
