"""Recomputing grades: per batch of firms (after records arrive) and for every firm (nightly)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from enterprises.models import Enterprise, GradeRecomputeRequest
from ratings import engine
from ratings.bulk_sql import grades_recompute_range
from ratings.grade_changes import public_changed
from ratings.inputs import signals_load
from ratings.models import EnterpriseGrade, GradeChange, GradeOverride
from ratings.policy import rules_from
from ratings.red_list import on_red_list
from ratings.risk import planning_risk
from ratings.services.policy import grading_low_fine_threshold, grading_policy_active

BATCH = 500
GOOD = ("A", "AA")
# Fields that make a grade row; a row whose values are all unchanged is not rewritten.
COMPARED = (
    "grade",
    "computed_grade",
    "supervision_mode",
    "inspections_min",
    "inspections_max",
    "interview_due",
    "sampling_ratio",
    "factors",
    "policy_id",
    "override_id",
    "grade_since",
    "a_held_since",
    "red_list",
)


def grades_drain(*, batch: int = BATCH, max_batches: int | None = None) -> int:
    """Regrade the firms waiting in the outbox, a batch per transaction; return how many."""
    done = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        with transaction.atomic():
            # SKIP LOCKED lets several workers drain side by side on PostgreSQL.
            claimed = list(
                GradeRecomputeRequest.objects.select_for_update(skip_locked=True)
                .order_by("requested_at")[:batch]
                .values_list("enterprise_id", "trigger")
            )
            if not claimed:
                break
            GradeRecomputeRequest.objects.filter(
                enterprise_id__in=[eid for eid, _t in claimed]
            ).delete()
            enterprise_grade_recompute(
                enterprise_ids=[eid for eid, _t in claimed], triggers=dict(claimed)
            )
        done += len(claimed)
        batches += 1
    return done


@transaction.atomic
def enterprise_grade_recompute(
    *,
    enterprise_ids: list[int],
    triggers: dict[int, dict[str, Any]] | None = None,
    today: dt.date | None = None,
) -> int:
    """Regrade the given firms from their current records; return how many grades changed in
    what the public sees (letter, red list or supervision mode: one GradeChange each).

    Idempotent: a second run with no new records writes nothing.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    triggers = triggers or {}
    policy = grading_policy_active()
    rules = rules_from(policy.rules)
    risks = dict(Enterprise.objects.filter(id__in=enterprise_ids).values_list("id", "product_risk"))
    ids = sorted(risks)
    # Lock the rows: a drain and an override on the same firm must not both record a change.
    old = {
        g.enterprise_id: g
        for g in EnterpriseGrade.objects.select_for_update().filter(enterprise_id__in=ids)
    }
    overrides: dict[int, GradeOverride] = {}
    for o in GradeOverride.objects.filter(
        enterprise_id__in=ids, revoked_at__isnull=True, expires_on__gte=today
    ).order_by("created_at", "id"):
        overrides[o.enterprise_id] = o  # the newest wins
    held = {eid: (g.a_held_since if g.computed_grade in GOOD else None) for eid, g in old.items()}
    signals = signals_load(enterprise_ids=ids, rules=rules, today=today, a_held_since=held)
    low_fine = grading_low_fine_threshold()

    to_write: list[EnterpriseGrade] = []
    changes: list[GradeChange] = []
    for eid in ids:
        outcome = engine.grade_compute(signals[eid], rules, today, low_fine_threshold=low_fine)
        override = overrides.get(eid)
        grade = override.grade if override else outcome.grade
        t = policy.matrix[grade][planning_risk(risks[eid])]
        before = old.get(eid)
        row = EnterpriseGrade(
            enterprise_id=eid,
            grade=grade,
            computed_grade=outcome.grade,
            supervision_mode=t["mode"],
            inspections_min=t["inspections_min"],
            inspections_max=t["inspections_max"],
            interview_due=t["interview"],
            sampling_ratio=t["sampling_ratio"],
            factors=outcome.factors,
            policy_id=policy.pk,
            override_id=override.pk if override else None,
            computed_on=today,
            computed_at=now,
            grade_since=(before.grade_since if before and before.grade == grade else today),
            a_held_since=(held.get(eid) or today) if outcome.grade in GOOD else None,
            red_list=on_red_list(
                grade=grade,
                computed_grade=outcome.grade,
                honour=outcome.red_honour,
                clean=outcome.red_clean,
            ),
        )
        if before is not None and all(getattr(before, f) == getattr(row, f) for f in COMPARED):
            continue
        to_write.append(row)
        if public_changed(before, row):
            changes.append(
                GradeChange(
                    enterprise_id=eid,
                    old_grade=before.grade if before else "",
                    new_grade=grade,
                    old_red_list=before.red_list if before else None,
                    new_red_list=row.red_list,
                    old_supervision_mode=before.supervision_mode if before else "",
                    new_supervision_mode=row.supervision_mode,
                    reason=decisive(outcome.factors, override),
                    trigger=triggers.get(eid, {}),
                    policy_id=policy.pk,
                    changed_at=now,
                )
            )
    EnterpriseGrade.objects.bulk_create(
        to_write,
        update_conflicts=True,
        unique_fields=["enterprise"],
        update_fields=[*COMPARED, "computed_on", "computed_at"],
        batch_size=1000,
    )
    GradeChange.objects.bulk_create(changes, batch_size=1000)
    return len(changes)


def decisive(factors: list[dict[str, Any]], override: GradeOverride | None = None) -> list[str]:
    """The codes of the factors that held the grade down (what a GradeChange records as why)."""
    codes = [f["code"] for f in factors if f["effect"] != engine.OK]
    return ["override", *codes] if override else codes


def enterprise_id_ranges(step: int) -> Iterator[tuple[int, int]]:
    """[lo, hi] id ranges of `step` ids covering every firm (a range may hold fewer firms)."""
    bounds = Enterprise.objects.aggregate(lo=Min("id"), hi=Max("id"))
    if bounds["lo"] is None:
        return
    for lo in range(bounds["lo"], bounds["hi"] + 1, step):
        yield lo, lo + step - 1


def grades_recompute_all(
    *,
    today: dt.date | None = None,
    chunk: int | None = None,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Regrade every firm; set-based SQL on PostgreSQL, batches of the pure path elsewhere.

    Each id range commits on its own, so memory stays flat and a crash loses one range.
    """
    today = today or timezone.localdate()
    changed = 0
    if connection.vendor == "postgresql":
        policy = grading_policy_active()
        for lo, hi in enterprise_id_ranges(chunk or settings.REGRADE_RANGE_FIRMS):
            with transaction.atomic():
                changed += grades_recompute_range(lo=lo, hi=hi, policy=policy, today=today)
            if progress:
                progress(Enterprise.objects.filter(id__range=(lo, hi)).count())
        return changed
    for lo, hi in enterprise_id_ranges(chunk or BATCH):
        ids = list(Enterprise.objects.filter(id__range=(lo, hi)).values_list("id", flat=True))
        if ids:
            changed += enterprise_grade_recompute(
                enterprise_ids=ids, today=today, triggers={i: {"kind": "sweep"} for i in ids}
            )
        if progress:
            progress(len(ids))
    return changed
