"""The basis of a blacklist proposal (谁处罚谁列入谁移出): whose decision a listing rests on,
and whether the proposing department may list on it (DOMAIN.md section 5)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Department
from core.errors import DomainPermissionError, IllegalTransitionError
from enterprises.models import Enterprise, InspectionRecord, PenaltyRecord
from enterprises.rules import penalty_live
from lists.models import AbnormalListing
from lists.rules import abnormal_escalation_due_q, list_rules
from lists.suggestions import sampling_basis_met

if TYPE_CHECKING:
    from accounts.models import User


def is_department_or_superior(actor: User, department: Department) -> bool:
    """The actor's department is `department` or one above it in the department tree."""
    mine = actor.department_id
    node: Department | None = department
    while node is not None:
        if node.pk == mine:
            return True
        node = node.parent
    return False


def departments_at_or_below(department: Department | None) -> set[int]:
    """Ids of `department` and every department below it in the tree (none for no department)."""
    found: set[int] = set()
    frontier = {department.pk} if department is not None else set()
    while frontier:
        found |= frontier
        frontier = (
            set(Department.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - found
        )
    return found


def proposal_basis_check(
    *,
    actor: User,
    enterprise: Enterprise,
    penalty: PenaltyRecord | None,
    inspections: Sequence[InspectionRecord],
    abnormal_listing: AbnormalListing | None,
) -> None:
    """谁处罚谁列入: the proposal rests on a live penalty, seriously failed samplings or a
    3-year abnormal listing of the firm, decided by the proposer's department or one below."""
    if penalty is None and not inspections and abnormal_listing is None:
        raise ValidationError(
            _(
                "A proposal names its basis: a penalty decision of the firm, its seriously "
                "failed samplings, or an abnormal-operations listing of 3 years."
            ),
            code="no_basis",
        )
    if penalty is not None:
        if penalty.enterprise_id != enterprise.pk:
            raise ValidationError({"penalty": _("The penalty belongs to another firm.")})
        if not penalty_live(penalty):
            raise ValidationError({"penalty": _("The penalty decision was revoked or withdrawn.")})
        if not is_department_or_superior(actor, penalty.source_department):
            raise DomainPermissionError(
                _(
                    "谁处罚谁列入: the penalty was decided by %(department)s, not by your "
                    "department or one below it."
                )
                % {"department": penalty.source_department.name},
                code="not_the_penalising_department",
            )
    if inspections:
        if any(r.enterprise_id != enterprise.pk for r in inspections):
            raise ValidationError({"inspections": _("A sampling belongs to another firm.")})
        ids = [r.pk for r in inspections]
        rules = list_rules()
        if not sampling_basis_met(enterprise=enterprise, inspection_ids=ids):
            raise ValidationError(
                {
                    "inspections": _(
                        "These samplings do not make a listing condition: %(count)d or more "
                        "seriously failed national or provincial samplings within %(years)d "
                        "years, or 2 consecutive serious failures."
                    )
                    % {
                        "count": rules.suggestion_serious_failures,
                        "years": rules.suggestion_window_years,
                    }
                }
            )
        for r in inspections:
            if not is_department_or_superior(actor, r.source_department):
                raise DomainPermissionError(
                    _(
                        "谁处罚谁列入: the sampling %(ref)s was made by %(department)s, not by "
                        "your department or one below it."
                    )
                    % {"ref": r.source_ref, "department": r.source_department.name},
                    code="not_the_sampling_department",
                )
    if abnormal_listing is not None:
        if abnormal_listing.enterprise_id != enterprise.pk:
            raise ValidationError(
                {"abnormal_listing": _("The abnormal listing belongs to another firm.")}
            )
        if not is_department_or_superior(actor, abnormal_listing.department):
            raise DomainPermissionError(
                _(
                    "谁处罚谁列入: the abnormal listing was made by %(department)s, not by your "
                    "department or one below it."
                )
                % {"department": abnormal_listing.department.name},
                code="not_the_listing_department",
            )
        due = abnormal_escalation_due_q(today=timezone.localdate())
        if not AbnormalListing.objects.filter(due, pk=abnormal_listing.pk).exists():
            raise IllegalTransitionError(_("This listing is not due for escalation."))
