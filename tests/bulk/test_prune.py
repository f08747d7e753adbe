"""Dumps are kept BULK_RETENTION_DAYS days after their own and pruned the day after, files and
index rows together, by the same nightly run that writes the new one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bulk.models import BulkFile
from bulk.services import bulk_dumps_prune, bulk_nightly
from tests.clock import noon

pytestmark = pytest.mark.django_db
DUMPED = dt.date(2026, 11, 1)
DAY = dt.timedelta(days=1)


def nightly(time_machine: Any, capture: Any, day: dt.date) -> None:
    time_machine.move_to(noon(day), tick=False)
    with capture(execute=True):
        bulk_nightly()


@pytest.mark.parametrize(("days_after", "kept"), [(29, True), (30, True), (31, False)])
def test_a_dump_is_kept_for_the_retention_and_pruned_the_day_after(
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
    bulk_folder: Path,
    days_after: int,
    kept: bool,
) -> None:
    nightly(time_machine, django_capture_on_commit_callbacks, DUMPED)
    old_files = [bulk_folder / f.path for f in BulkFile.objects.filter(day=DUMPED)]

    nightly(time_machine, django_capture_on_commit_callbacks, DUMPED + days_after * DAY)

    assert BulkFile.objects.filter(day=DUMPED).exists() is kept
    assert all(p.exists() is kept for p in old_files)
    assert (bulk_folder / DUMPED.isoformat()).exists() is kept
    # The new day's dump is there in every case.
    assert BulkFile.objects.filter(day=DUMPED + days_after * DAY).count() == 16


def test_the_retention_is_a_setting(
    settings: Any, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.BULK_RETENTION_DAYS = 7
    nightly(time_machine, django_capture_on_commit_callbacks, DUMPED)

    nightly(time_machine, django_capture_on_commit_callbacks, DUMPED + 7 * DAY)
    assert BulkFile.objects.filter(day=DUMPED).exists()
    nightly(time_machine, django_capture_on_commit_callbacks, DUMPED + 8 * DAY)
    assert not BulkFile.objects.filter(day=DUMPED).exists()


def test_pruning_removes_leftovers_of_an_interrupted_run_but_nothing_else(
    bulk_folder: Path, django_capture_on_commit_callbacks: Any
) -> None:
    stale = bulk_folder / "2026-10-01"
    stale.mkdir(parents=True)
    (stale / ".firms.csv.abc.tmp").write_text("half")
    unrelated = bulk_folder / "README"
    unrelated.write_text("kept")
    recent = bulk_folder / "2026-11-20"
    recent.mkdir()

    with django_capture_on_commit_callbacks(execute=True):
        assert bulk_dumps_prune(today=dt.date(2026, 11, 26)) == 0

    assert not stale.exists()
    assert unrelated.exists()
    assert recent.exists()
