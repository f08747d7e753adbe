"""Firms the portal suggests for the blacklist; a regulator decides (DOMAIN.md section 5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone

from core.dates import window_start
from enterprises.models import Enterprise, InspectionRecord, PenaltyRecord
from enterprises.models.records import HEAVY_PENALTY_KINDS
from enterprises.rules import penalty_live_q
from enterprises.selectors import enterprise_scope
from lists.models import BlacklistEntry, EntryStatus

WINDOW_YEARS = 3
SERIOUS_FAILURES = 2  # seriously failed national or provincial samplings within 3 years


@dataclass(frozen=True)
class Suggestion:
    enterprise: Enterprise
    reasons: list[str]


def _consecutive_serious(results: list[tuple[dt.date, int, str, str]]) -> bool:
    run = 0
    for _on, _pk, result, severity in sorted(results):
        run = run + 1 if result == "fail" and severity == "serious" else 0
        if run >= 2:
            return True
    return False


def blacklist_suggestions(*, user: Any, today: dt.date | None = None) -> list[Suggestion]:
    """Firms in the user's jurisdiction that meet a listing condition and are not on (or
    proposed for) the list: a heavier penalty (Order 44 art. 2) or serious sampling failures."""
    today = today or timezone.localdate()
    since = window_start(today, years=WINDOW_YEARS)  # within 3 years (core.dates)
    scope = enterprise_scope(user=user)
    busy = BlacklistEntry.objects.exclude(
        status__in=[EntryStatus.REMOVED, EntryStatus.WITHDRAWN]
    ).values("enterprise_id")
    reasons: dict[int, list[str]] = {}
    heavy = PenaltyRecord.objects.filter(
        Q(kind__in=HEAVY_PENALTY_KINDS) | Q(kind="fine", aggravated=True),
        penalty_live_q(),
        enterprise__in=scope,
        decided_on__gte=since,
    ).exclude(enterprise_id__in=busy)
    for eid, decision in heavy.values_list("enterprise_id", "decision_no"):
        reasons.setdefault(eid, []).append(f"heavier penalty {decision}")
    # Every level counts for "2 consecutive serious failures"; only national and provincial
    # samplings count for "2 or more serious failures" (local quality rules, DOMAIN.md §5).
    samplings: dict[int, list[tuple[dt.date, int, str, str]]] = {}
    upper: dict[int, int] = {}
    for eid, on, pk, result, severity, level in (
        InspectionRecord.objects.filter(
            enterprise__in=scope, inspected_on__gte=since, withdrawn_on__isnull=True
        )
        .exclude(enterprise_id__in=busy)
        .values_list("enterprise_id", "inspected_on", "id", "result", "defect_severity", "level")
    ):
        samplings.setdefault(eid, []).append((on, pk, result, severity))
        if result == "fail" and severity == "serious" and level in ("national", "provincial"):
            upper[eid] = upper.get(eid, 0) + 1
    for eid, rows in samplings.items():
        if upper.get(eid, 0) >= SERIOUS_FAILURES:
            reasons.setdefault(eid, []).append(
                f"{upper[eid]} seriously failed national/provincial samplings in 3 years"
            )
        if _consecutive_serious(rows):
            reasons.setdefault(eid, []).append("2 consecutive seriously failed samplings")
    firms = Enterprise.objects.in_bulk(list(reasons))
    return [Suggestion(firms[eid], why) for eid, why in sorted(reasons.items())]
