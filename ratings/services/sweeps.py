"""The regrade of every firm fanned out over the workers: a sweep fixes the policy and the
day, splits the firms into id ranges, and each range is regraded by whichever worker takes its
task (ratings.tasks). N worker processes, on one machine or many, take N ranges at a time."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ratings.bulk_sql import grades_recompute_range
from ratings.models import GradeSweep, GradeSweepRange
from ratings.services.policy import grading_policy_active
from ratings.services.recompute import enterprise_id_ranges


@transaction.atomic
def grades_sweep_start(*, today: dt.date | None = None, step: int | None = None) -> list[int]:
    """A sweep of every firm under the policy in force; the ids of its ranges, lowest first."""
    sweep = GradeSweep.objects.create(
        policy=grading_policy_active(),
        today=today or timezone.localdate(),
        started_at=timezone.now(),
    )
    parts = GradeSweepRange.objects.bulk_create(
        GradeSweepRange(sweep=sweep, lo=lo, hi=hi)
        for lo, hi in enterprise_id_ranges(step or settings.REGRADE_RANGE_FIRMS)
    )
    return [part.pk for part in parts]


@transaction.atomic
def grades_sweep_range_run(*, range_id: int) -> int:
    """Regrade one range of a sweep, once: a second delivery of the same task waits on the
    row lock and then finds the range done. Returns how many grades changed."""
    part = (
        GradeSweepRange.objects.select_for_update()
        .select_related("sweep__policy")
        .filter(pk=range_id)
        .first()
    )
    if part is None or part.done_at is not None:
        return 0
    part.changed = grades_recompute_range(
        lo=part.lo, hi=part.hi, policy=part.sweep.policy, today=part.sweep.today
    )
    part.done_at = timezone.now()
    part.save(update_fields=["changed", "done_at"])
    return part.changed
