"""Reads of the lists: what restricts a firm or person now, and what a listing may rest on."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Enterprise, InspectionRecord, PenaltyRecord
from enterprises.rules import penalty_live_q
from lists.basis import departments_at_or_below
from lists.models import AbnormalListing, BlacklistEntry, ResponsiblePerson
from lists.rules import abnormal_current_q, entry_in_force_q


def listed_entries(*, enterprise_ids: Collection[int]) -> QuerySet[BlacklistEntry]:
    """The firms' blacklist entries in force."""
    return BlacklistEntry.objects.filter(
        entry_in_force_q(today=timezone.localdate()), enterprise_id__in=list(enterprise_ids)
    ).select_related("department")


def abnormal_listings_current(*, enterprise_ids: Collection[int]) -> QuerySet[AbnormalListing]:
    """The firms' abnormal-operations listings not removed, oldest first."""
    return (
        AbnormalListing.objects.filter(abnormal_current_q(), enterprise_id__in=list(enterprise_ids))
        .select_related("department")
        .order_by("listed_on", "id")
    )


def person_entries(*, id_hash: str) -> list[BlacklistEntry]:
    ids = ResponsiblePerson.objects.filter(id_hash=id_hash).values("entry_id")
    return list(
        BlacklistEntry.objects.filter(
            entry_in_force_q(today=timezone.localdate()), pk__in=ids
        ).select_related("department")
    )


def penalties_to_list_on(*, user: Any, enterprise: Enterprise) -> QuerySet[PenaltyRecord]:
    """The firm's live penalties decided by the user's department or one below it: what the
    user may propose a listing on (谁处罚谁列入), newest first."""
    return (
        PenaltyRecord.objects.filter(
            penalty_live_q(),
            enterprise=enterprise,
            source_department_id__in=departments_at_or_below(user.department),
        )
        .select_related("source_department")
        .order_by("-decided_on", "-id")
    )


def proposal_basis_get(
    *, enterprise: Enterprise, penalty_id: int | None, inspection_ids: Collection[int]
) -> tuple[PenaltyRecord | None, list[InspectionRecord]]:
    """The records a proposal names, looked up on this firm only (no probing of other files):
    ValidationError when an id is not one of the firm's."""
    penalty = None
    if penalty_id is not None:
        penalty = (
            enterprise.penaltyrecords.filter(pk=penalty_id)
            .select_related("source_department__parent")
            .first()
        )
        if penalty is None:
            raise ValidationError({"penalty": _("No such penalty of this firm.")})
    ids = set(inspection_ids)
    inspections = list(
        enterprise.inspectionrecords.filter(pk__in=ids).select_related("source_department__parent")
    )
    if len(inspections) != len(ids):
        raise ValidationError({"inspections": _("No such sampling of this firm.")})
    return penalty, inspections
