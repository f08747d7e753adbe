"""What the public may see of one firm: a fixed number of queries, whatever its file holds.

Penalties go through the Order 45 windows (publicity.rules); removed list entries,
withdrawn records and revoked decisions never appear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from core.dates import window_start, within
from disclosure.policy_text import penalty_publicity_explained
from dueprocess.models import Objection, RepairCommitment, RepairStatus
from dueprocess.rules import objection_open_q, records_under
from enterprises.models import (
    Enterprise,
    HonourRecord,
    InspectionRecord,
    IntegrityCommitment,
    LicenceRecord,
    PenaltyRecord,
    QualityReport,
    RecallRecord,
    ReportStatus,
)
from enterprises.rules import commitment_current_q
from lists.models import AbnormalListing, BlacklistEntry
from lists.rules import abnormal_current_q, entry_in_force_q
from publicity.rules import PublicityRules, public_penalties, publicity_rules
from ratings.licences import licence_valid_q

# Inspection results are shown for the grading look-back (DOMAIN.md section 4: 3 years).
INSPECTIONS_SHOWN_MONTHS = 36
RECORDS_SHOWN = 100  # per kind, newest first


@dataclass
class PublicProfile:
    enterprise: Enterprise
    blacklist: list[BlacklistEntry]
    abnormal: list[AbnormalListing]
    penalties: list[PenaltyRecord]
    inspections: list[InspectionRecord]
    honours: list[HonourRecord]
    licences: list[LicenceRecord]
    report: QualityReport | None
    commitment: IntegrityCommitment | None
    objections: list[Objection]
    # (record kind, record id) pairs under an open objection, for marking rows.
    under_objection: set[tuple[str, int]] = field(default_factory=set)
    publicity: PublicityRules | None = None  # the windows the penalties were chosen by
    # Public credit commitments signed with credit-repair applications not rejected.
    repair_commitments: list[RepairCommitment] = field(default_factory=list)

    @property
    def publicity_note(self) -> str:
        """How long penalties are shown, in the numbers they were chosen by."""
        return penalty_publicity_explained(self.publicity) if self.publicity else ""

    @property
    def inspections_shown_years(self) -> int:
        return INSPECTIONS_SHOWN_MONTHS // 12

    @property
    def objected_inspections(self) -> set[int]:
        return {pk for kind, pk in self.under_objection if kind == "inspections"}

    @property
    def objected_penalties(self) -> set[int]:
        return {pk for kind, pk in self.under_objection if kind == "penalties"}


def inspection_public_q(*, today: dt.date) -> Q:
    """Inspections the public sees on `today`: not withdrawn, within the shown look-back (the
    profile's and the product page's one rule)."""
    return Q(
        withdrawn_on__isnull=True,
        inspected_on__gte=window_start(today, months=INSPECTIONS_SHOWN_MONTHS),
        inspected_on__lte=today,
    )


def licence_public_q(*, today: dt.date) -> Q:
    """Licences the public sees on `today`: not withdrawn and valid (ratings.licences' rule);
    the profile's and the public licence list's one rule."""
    return Q(withdrawn_on__isnull=True) & licence_valid_q(today=today)


def recall_public_q(*, today: dt.date) -> Q:
    """Recalls the public sees on `today`: the publication rule of inspections (not withdrawn,
    started within the shown look-back and not in the future), for the profile's products,
    the product lookup and the open-data recall list."""
    return Q(
        withdrawn_on__isnull=True,
        recalled_on__gte=window_start(today, months=INSPECTIONS_SHOWN_MONTHS),
        recalled_on__lte=today,
    )


def recall_public(recall: RecallRecord, *, today: dt.date) -> bool:
    """The same in Python (core.dates.within: through the look-back's last day)."""
    return (
        recall.withdrawn_on is None
        and recall.recalled_on <= today
        and within(recall.recalled_on, today=today, months=INSPECTIONS_SHOWN_MONTHS)
    )


def public_enterprise(*, uscc: str) -> Enterprise | None:
    return (
        Enterprise.objects.select_related("region__parent__parent", "grade__policy")
        .filter(uscc=uscc)
        .first()
    )


def public_profile(*, enterprise: Enterprise, today: dt.date | None = None) -> PublicProfile:
    today = today or timezone.localdate()
    firm = enterprise.pk
    publicity = publicity_rules()
    objections = list(
        Objection.objects.filter(objection_open_q(), enterprise_id=firm).order_by(
            "answer_due", "pk"
        )
    )
    return PublicProfile(
        enterprise=enterprise,
        blacklist=list(
            BlacklistEntry.objects.filter(entry_in_force_q(today=today), enterprise_id=firm)
            .select_related("department")
            .order_by("-listed_on")
        ),
        abnormal=list(
            AbnormalListing.objects.filter(abnormal_current_q(), enterprise_id=firm)
            .select_related("department")
            .order_by("-listed_on")
        ),
        penalties=list(
            public_penalties(today=today, rules=publicity)
            .filter(enterprise_id=firm)
            .select_related("source_department")
            .order_by("-decided_on", "-pk")[:RECORDS_SHOWN]
        ),
        inspections=list(
            InspectionRecord.objects.filter(inspection_public_q(today=today), enterprise_id=firm)
            .select_related("source_department")
            .order_by("-inspected_on", "-pk")[:RECORDS_SHOWN]
        ),
        honours=list(
            HonourRecord.objects.filter(
                enterprise_id=firm, withdrawn=False, withdrawn_on__isnull=True
            )
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .order_by("-awarded_on")[:RECORDS_SHOWN]
        ),
        licences=list(
            LicenceRecord.objects.filter(
                licence_public_q(today=today), enterprise_id=firm
            ).order_by("-issued_on")[:RECORDS_SHOWN]
        ),
        report=QualityReport.objects.filter(
            enterprise_id=firm, status=ReportStatus.PUBLISHED, published_on__lte=today
        )
        .order_by("-published_on", "-year")
        .first(),
        commitment=IntegrityCommitment.objects.filter(
            commitment_current_q(today=today), enterprise_id=firm
        )
        .order_by("-signed_at")
        .first(),
        objections=objections,
        under_objection=records_under(objections),
        publicity=publicity,
        repair_commitments=list(
            RepairCommitment.objects.filter(enterprise_id=firm)
            .exclude(application__status=RepairStatus.REJECTED)
            .order_by("-signed_on", "-pk")[:RECORDS_SHOWN]
        ),
    )
