"""Per-file counts, computed set-based: a handful of grouped queries per chunk of firms."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import Count, Max, Q
from django.utils import timezone

from enterprises.dates import years_before
from enterprises.models import (
    Complaint,
    ComplaintStatus,
    CreditFileSummary,
    DefectSeverity,
    Enterprise,
    HonourRecord,
    InspectionRecord,
    InspectionResult,
    LicenceRecord,
    LicenceStatus,
    PenaltyKind,
    PenaltyRecord,
)

# DOMAIN.md section 4: sampling and penalty signals look back 3 years.
WINDOW_YEARS = 3
CHUNK = 5000
COUNTED = [
    "inspections_3y",
    "failed_inspections_3y",
    "serious_failures_3y",
    "penalties_3y",
    "valid_licences",
    "honours",
    "open_complaints",
    "last_record_on",
]


def _chunks(ids: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _summaries(ids: list[int], today: dt.date) -> dict[int, dict[str, object]]:
    since = years_before(today, WINDOW_YEARS)
    rows: dict[int, dict[str, object]] = defaultdict(dict)
    for row in (
        InspectionRecord.objects.filter(enterprise_id__in=ids, inspected_on__gte=since)
        .values("enterprise_id")
        .annotate(
            n=Count("id"),
            failed=Count("id", filter=Q(result=InspectionResult.FAIL)),
            serious=Count(
                "id", filter=Q(result=InspectionResult.FAIL, defect_severity=DefectSeverity.SERIOUS)
            ),
            last=Max("inspected_on"),
        )
    ):
        rows[row["enterprise_id"]].update(
            inspections_3y=row["n"],
            failed_inspections_3y=row["failed"],
            serious_failures_3y=row["serious"],
            last_record_on=row["last"],
        )
    for row in (
        PenaltyRecord.objects.filter(enterprise_id__in=ids, decided_on__gte=since, revoked=False)
        .exclude(kind=PenaltyKind.WARNING)
        .values("enterprise_id")
        .annotate(n=Count("id"), last=Max("decided_on"))
    ):
        entry = rows[row["enterprise_id"]]
        entry["penalties_3y"] = row["n"]
        entry["last_record_on"] = max(filter(None, [entry.get("last_record_on"), row["last"]]))
    for row in (
        LicenceRecord.objects.filter(enterprise_id__in=ids, status=LicenceStatus.VALID)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values("enterprise_id")
        .annotate(n=Count("id"))
    ):
        rows[row["enterprise_id"]]["valid_licences"] = row["n"]
    for row in (
        HonourRecord.objects.filter(enterprise_id__in=ids, withdrawn=False)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values("enterprise_id")
        .annotate(n=Count("id"))
    ):
        rows[row["enterprise_id"]]["honours"] = row["n"]
    for row in (
        Complaint.objects.filter(enterprise_id__in=ids, status=ComplaintStatus.OPEN)
        .values("enterprise_id")
        .annotate(n=Count("id"))
    ):
        rows[row["enterprise_id"]]["open_complaints"] = row["n"]
    return rows


def credit_file_summary_refresh(*, enterprise_ids: Iterable[int] | None = None) -> int:
    """Recompute the counts of the given firms (all when None); return how many were written.

    Idempotent: running it twice writes the same values.
    """
    today = timezone.localdate()
    now = timezone.now()
    if enterprise_ids is None:
        all_ids: list[int] = list(Enterprise.objects.order_by("id").values_list("id", flat=True))
    else:
        all_ids = sorted(set(enterprise_ids))
    written = 0
    for ids in _chunks(all_ids, CHUNK):
        existing_ids = set(Enterprise.objects.filter(id__in=ids).values_list("id", flat=True))
        counts = _summaries(ids, today)
        objs = [
            CreditFileSummary(
                enterprise_id=eid,
                computed_at=now,
                **{
                    f: counts.get(eid, {}).get(f, None if f == "last_record_on" else 0)
                    for f in COUNTED
                },
            )
            for eid in ids
            if eid in existing_ids
        ]
        CreditFileSummary.objects.bulk_create(
            objs,
            update_conflicts=True,
            unique_fields=["enterprise"],
            update_fields=[*COUNTED, "computed_at"],
            batch_size=1000,
        )
        written += len(objs)
    return written
