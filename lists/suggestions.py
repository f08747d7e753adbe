"""Firms the portal suggests for the blacklist; a regulator decides (DOMAIN.md section 5)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import window_start
from enterprises.models import Enterprise, InspectionRecord, PenaltyRecord
from enterprises.models.records import HEAVY_PENALTY_KINDS
from enterprises.rules import penalty_live_q
from enterprises.selectors import enterprise_scope
from lists.models import BlacklistEntry, EntryStatus
from lists.rules import list_rules

UPPER_LEVELS = ("national", "provincial")

# (inspected on, id, result, severity, level): one sampling of a firm, in date order.
Sampling = tuple[dt.date, int, str, str, str]


@dataclass(frozen=True)
class Suggestion:
    enterprise: Enterprise
    reasons: list[str]
    # The basis a proposal would rest on: the latest heavier penalty, or the samplings.
    penalty_id: int | None = None
    inspection_ids: tuple[int, ...] = ()


def _serious(row: Sampling) -> bool:
    return row[2] == "fail" and row[3] == "serious"


def _consecutive_pairs(rows: list[Sampling]) -> list[tuple[int, int]]:
    """Ids of two seriously failed samplings with no other sampling between them."""
    ordered = sorted(rows)
    return [(a[1], b[1]) for a, b in itertools.pairwise(ordered) if _serious(a) and _serious(b)]


def _samplings(*, enterprise_ids: Any, since: dt.date) -> dict[int, list[Sampling]]:
    rows: dict[int, list[Sampling]] = {}
    for eid, on, pk, result, severity, level in InspectionRecord.objects.filter(
        enterprise_id__in=enterprise_ids, inspected_on__gte=since, withdrawn_on__isnull=True
    ).values_list("enterprise_id", "inspected_on", "id", "result", "defect_severity", "level"):
        rows.setdefault(eid, []).append((on, pk, result, severity, level))
    return rows


def _upper_serious(rows: list[Sampling]) -> list[int]:
    return [r[1] for r in sorted(rows) if _serious(r) and r[4] in UPPER_LEVELS]


def sampling_basis_met(
    *, enterprise: Enterprise, inspection_ids: Collection[int], today: dt.date | None = None
) -> bool:
    """The chosen samplings of the firm make a listing condition on their own: 2 or more
    seriously failed national/provincial samplings within 3 years, or 2 consecutive serious
    failures (local quality rules, DOMAIN.md section 5)."""
    rules = list_rules()
    since = window_start(today or timezone.localdate(), years=rules.suggestion_window_years)
    rows = _samplings(enterprise_ids=[enterprise.pk], since=since).get(enterprise.pk, [])
    chosen = set(inspection_ids)
    if not chosen or not chosen <= {r[1] for r in rows if _serious(r)}:
        return False
    upper = [pk for pk in _upper_serious(rows) if pk in chosen]
    pairs = [p for p in _consecutive_pairs(rows) if set(p) <= chosen]
    return len(upper) >= rules.suggestion_serious_failures or bool(pairs)


def blacklist_suggestions(*, user: Any, today: dt.date | None = None) -> list[Suggestion]:
    """Firms in the user's jurisdiction that meet a listing condition and are not on (or
    proposed for) the list: a heavier penalty (Order 44 art. 2) or serious sampling failures."""
    today = today or timezone.localdate()
    rules = list_rules()
    years = rules.suggestion_window_years
    since = window_start(today, years=years)  # within N years (core.dates)
    scope = enterprise_scope(user=user)
    busy = BlacklistEntry.objects.exclude(
        status__in=[EntryStatus.REMOVED, EntryStatus.WITHDRAWN]
    ).values("enterprise_id")
    reasons: dict[int, list[str]] = {}
    penalty: dict[int, int] = {}
    heavy = PenaltyRecord.objects.filter(
        Q(kind__in=HEAVY_PENALTY_KINDS) | Q(kind="fine", aggravated=True),
        penalty_live_q(),
        enterprise__in=scope,
        decided_on__gte=since,
    ).exclude(enterprise_id__in=busy)
    for eid, pk, decision in heavy.order_by("decided_on", "id").values_list(
        "enterprise_id", "id", "decision_no"
    ):
        reasons.setdefault(eid, []).append(_("Heavier penalty %(no)s") % {"no": decision})
        penalty[eid] = pk  # the latest one
    # Every level counts for "2 consecutive serious failures"; only national and provincial
    # samplings count for "2 or more serious failures" (local quality rules, DOMAIN.md §5).
    samplings: dict[int, tuple[int, ...]] = {}
    for eid, rows in _samplings(
        enterprise_ids=scope.exclude(pk__in=busy).values("pk"), since=since
    ).items():
        upper = _upper_serious(rows)
        pairs = _consecutive_pairs(rows)
        if len(upper) >= rules.suggestion_serious_failures:
            reasons.setdefault(eid, []).append(
                _("%(n)d seriously failed national or provincial samplings within %(y)d years")
                % {"n": len(upper), "y": years}
            )
            samplings[eid] = tuple(upper)
        if pairs:
            reasons.setdefault(eid, []).append(_("2 consecutive seriously failed samplings"))
            samplings.setdefault(eid, pairs[-1])
    firms = Enterprise.objects.in_bulk(list(reasons))
    return [
        Suggestion(firms[eid], why, penalty.get(eid), samplings.get(eid, ()))
        for eid, why in sorted(reasons.items())
    ]
