"""Loading the grading inputs (engine.Signals) of many firms at once: one query per record kind,
whatever the count."""

from __future__ import annotations

import datetime as dt

from django.db.models import Max, Q

from core.dates import window_start
from enterprises.models import (
    Complaint,
    Enterprise,
    HonourRecord,
    InspectionRecord,
    IntegrityCommitment,
    LicenceRecord,
    PenaltyRecord,
    QualityAccidentRecord,
    QualityReport,
    RecallRecord,
    ReportStatus,
    UnlicensedProductionRecord,
)
from enterprises.rules import commitment_current_q, penalty_live_q
from lists.models import AbnormalListing, BlacklistEntry
from lists.rules import entry_in_force_q
from ratings import engine
from ratings.licences import licence_valid
from ratings.policy import PolicyRules
from ratings.recalls import ordered_recall_q
from ratings.red_list import abnormal_negative_q, blacklisting_negative_q


def signals_load(
    *,
    enterprise_ids: list[int],
    rules: PolicyRules,
    today: dt.date,
    a_held_since: dict[int, dt.date | None],
) -> dict[int, engine.Signals]:
    """Signals for each firm, reading only the records the policy windows can see."""
    oldest = min(
        window_start(today, years=y)
        for y in (
            rules.c_window_years,
            rules.a_window_years,
            rules.aa_window_years,
            rules.red_list_window_years,
        )
    )
    red_since = window_start(today, years=rules.red_list_window_years)
    out = {eid: engine.Signals(a_held_since=a_held_since.get(eid)) for eid in enterprise_ids}
    ids = enterprise_ids
    for eid, industry in Enterprise.objects.filter(id__in=ids).values_list("id", "industry"):
        out[eid].industry = industry
    for eid, on, result, severity, pk in InspectionRecord.objects.filter(
        enterprise_id__in=ids, inspected_on__gte=oldest, withdrawn_on__isnull=True
    ).values_list("enterprise_id", "inspected_on", "result", "defect_severity", "id"):
        out[eid].inspections.append(
            engine.Inspection(on=on, failed=result == "fail", serious=severity == "serious", id=pk)
        )
    # Only decisions that still stand are loaded; the engine applies the same rule again.
    for eid, on, kind, aggravated, amount, procedure in PenaltyRecord.objects.filter(
        penalty_live_q(), enterprise_id__in=ids, decided_on__gte=oldest
    ).values_list("enterprise_id", "decided_on", "kind", "aggravated", "amount", "procedure"):
        out[eid].penalties.append(
            engine.Penalty(
                on=on,
                kind=kind,
                aggravated=aggravated,
                amount=amount,
                procedure=procedure,
                revoked=False,
            )
        )
    for eid, status, until, revoked_on in LicenceRecord.objects.filter(
        enterprise_id__in=ids, withdrawn_on__isnull=True
    ).values_list("enterprise_id", "status", "valid_until", "revoked_on"):
        out[eid].licences.append(
            engine.Licence(
                valid=licence_valid(status=status, valid_until=until, today=today),
                status=status,
                revoked_on=revoked_on,
            )
        )
    unlicensed_since = window_start(today, years=rules.c_unlicensed_years)
    for eid, on in UnlicensedProductionRecord.objects.filter(
        enterprise_id__in=ids, found_on__gte=unlicensed_since, withdrawn_on__isnull=True
    ).values_list("enterprise_id", "found_on"):
        out[eid].unlicensed_on.append(on)
    accident_since = window_start(today, years=rules.c_accident_years)
    for eid, on in QualityAccidentRecord.objects.filter(
        enterprise_id__in=ids, occurred_on__gte=accident_since, withdrawn_on__isnull=True
    ).values_list("enterprise_id", "occurred_on"):
        out[eid].accidents_on.append(on)
    recall_since = window_start(today, years=rules.a_ordered_recall_years)
    for eid, mode, on in RecallRecord.objects.filter(
        ordered_recall_q(since=recall_since), enterprise_id__in=ids, withdrawn_on__isnull=True
    ).values_list("enterprise_id", "mode", "recalled_on"):
        out[eid].recalls.append((mode, on))
    # Only listings the red-list window can see; the engine applies the same rule again.
    for eid, listed_on, removed_on in AbnormalListing.objects.filter(
        abnormal_negative_q(since=red_since, today=today), enterprise_id__in=ids
    ).values_list("enterprise_id", "listed_on", "removed_on"):
        out[eid].abnormal.append(engine.AbnormalListing(listed_on=listed_on, removed_on=removed_on))
    listings = BlacklistEntry.objects.filter(
        blacklisting_negative_q(since=red_since, today=today), enterprise_id__in=ids
    ).values_list("enterprise_id", "status", "listed_on", "ends_on", "removed_on", "removal_reason")
    for eid, status, entry_listed, ends_on, entry_removed, reason in listings:
        out[eid].blacklistings.append(
            engine.Blacklisting(
                status=status,
                listed_on=entry_listed,
                ends_on=ends_on,
                removed_on=entry_removed,
                removal_reason=reason,
            )
        )
    for eid, kind, withdrawn, until in HonourRecord.objects.filter(
        enterprise_id__in=ids, withdrawn_on__isnull=True
    ).values_list("enterprise_id", "kind", "withdrawn", "valid_until"):
        out[eid].honours.append(
            engine.Honour(kind=kind, current=not withdrawn and (until is None or until >= today))
        )
    for eid, on, status in Complaint.objects.filter(
        enterprise_id__in=ids, received_on__gte=oldest, withdrawn_on__isnull=True
    ).values_list("enterprise_id", "received_on", "status"):
        out[eid].complaints.append(engine.Complaint(on=on, upheld=status == "upheld"))
    for eid in (
        IntegrityCommitment.objects.filter(commitment_current_q(today=today), enterprise_id__in=ids)
        .values_list("enterprise_id", flat=True)
        .distinct()
    ):
        out[eid].commitment_current = True
    for eid in BlacklistEntry.objects.filter(
        entry_in_force_q(today=today), enterprise_id__in=ids
    ).values_list("enterprise_id", flat=True):
        out[eid].on_blacklist = True
    last_reports: dict[int, dt.date] = {}
    for row in (
        QualityReport.objects.filter(
            Q(enterprise_id__in=ids), status=ReportStatus.PUBLISHED, published_on__isnull=False
        )
        .values("enterprise_id")
        .annotate(last=Max("published_on"))
    ):
        last_reports[row["enterprise_id"]] = row["last"]
    for eid, last in last_reports.items():
        out[eid].last_report_on = last
    return out
