"""The regrade of every firm as a sweep of id ranges (ratings/services/sweeps.py): ranges that
cover every firm, each regraded once under the sweep's policy and day, whichever worker and
whenever it runs. The set-based range statement is PostgreSQL's."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from ratings.models import EnterpriseGrade, GradeSweep, GradeSweepRange
from ratings.services.recompute import grades_recompute_all
from ratings.services.sweeps import grades_sweep_range_run, grades_sweep_start
from tests.factories import EnterpriseFactory, InspectionFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the range statement is SQL"),
]
TODAY = timezone.localdate()


def _files() -> list[int]:
    firms = EnterpriseFactory.create_batch(7)
    InspectionFactory(enterprise=firms[0], inspected_on=TODAY - dt.timedelta(days=5))
    InspectionFactory(
        enterprise=firms[3], inspected_on=TODAY, result="fail", defect_severity="serious"
    )
    return [f.pk for f in firms]


def test_the_ranges_cover_every_firm_once() -> None:
    ids = _files()
    ranges = grades_sweep_start(step=3)
    parts = list(GradeSweepRange.objects.filter(pk__in=ranges).order_by("lo"))
    covered = [i for i in ids if any(p.lo <= i <= p.hi for p in parts)]
    assert covered == ids
    assert all(a.hi < b.lo for a, b in itertools.pairwise(parts))
    assert len(parts) == 3  # 7 consecutive ids in steps of 3


@override_settings(REGRADE_RANGE_FIRMS=2)
def test_a_sweep_grades_as_the_one_pass_does() -> None:
    ids = _files()
    grades_recompute_all()
    one_pass = dict(EnterpriseGrade.objects.values_list("enterprise_id", "grade"))
    EnterpriseGrade.objects.all().delete()
    ranges = grades_sweep_start()
    assert len(ranges) == 4  # the setting's size: ranges of 2 ids
    for range_id in reversed(ranges):  # in any order, as workers take them
        grades_sweep_range_run(range_id=range_id)
    assert dict(EnterpriseGrade.objects.values_list("enterprise_id", "grade")) == one_pass
    assert set(one_pass) == set(ids)
    assert not GradeSweepRange.objects.filter(done_at__isnull=True).exists()


def test_a_range_delivered_twice_is_regraded_once() -> None:
    _files()
    (only,) = grades_sweep_start(step=100)
    assert grades_sweep_range_run(range_id=only) == 7
    done_at = GradeSweepRange.objects.get(pk=only).done_at
    assert grades_sweep_range_run(range_id=only) == 0
    part = GradeSweepRange.objects.get(pk=only)
    assert (part.done_at, part.changed) == (done_at, 7)


def test_a_range_grades_as_of_the_sweeps_day_not_the_day_it_runs() -> None:
    ids = _files()
    failing = ids[3]
    (now_range,) = grades_sweep_start(step=100)
    (later_range,) = grades_sweep_start(step=100, today=TODAY + dt.timedelta(days=5 * 365))
    grades_sweep_range_run(range_id=now_range)
    assert EnterpriseGrade.objects.get(enterprise_id=failing).grade == "C"
    grades_sweep_range_run(range_id=later_range)  # five years on the failure has aged out
    assert EnterpriseGrade.objects.get(enterprise_id=failing).grade != "C"
    assert GradeSweep.objects.count() == 2


def test_an_unknown_range_changes_nothing() -> None:
    assert grades_sweep_range_run(range_id=987654) == 0
