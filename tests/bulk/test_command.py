"""`manage.py export_bulk [--date]` and the nightly task: re-running a day replaces its files."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import translation

from bulk.models import BulkFile
from bulk.tasks import bulk_export_task
from tests.clock import noon
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY), tick=False)


def export(capture: Any, *args: str) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("export_bulk", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def files_on_disk(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_it_dumps_a_given_day_and_says_what_it_wrote(
    django_capture_on_commit_callbacks: Any,
) -> None:
    EnterpriseFactory.create_batch(2)

    out = export(django_capture_on_commit_callbacks, "--date", (TODAY - DAY).isoformat())

    assert "16 files written." in out
    firms = BulkFile.objects.get(day=TODAY - DAY, dataset="firms", format="csv")
    assert (firms.rows, firms.sha256) == (2, firms.sha256)
    assert firms.sha256 in out


def test_re_running_a_day_replaces_its_files(
    django_capture_on_commit_callbacks: Any, bulk_folder: Path
) -> None:
    EnterpriseFactory.create_batch(2)
    export(django_capture_on_commit_callbacks)
    first = {(f.dataset, f.format): f for f in BulkFile.objects.all()}
    EnterpriseFactory()

    export(django_capture_on_commit_callbacks)

    second = {(f.dataset, f.format): f for f in BulkFile.objects.all()}
    assert set(second) == set(first)
    assert BulkFile.objects.count() == 16
    assert second["firms", "csv"].rows == 3
    assert second["firms", "csv"].sha256 != first["firms", "csv"].sha256
    # Only the new files are left: the replaced ones went once the index moved.
    assert files_on_disk(bulk_folder) == sorted(f.path for f in second.values())


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2026-11-31", "not a date"),
        ("26/11/2026", "not a date"),
        ("2026-11-27", "after today"),
        ("2026-10-26", "older than 30 days"),
    ],
)
def test_it_refuses_a_day_it_cannot_dump(
    django_capture_on_commit_callbacks: Any, date: str, message: str
) -> None:
    with translation.override("en"), pytest.raises(CommandError, match=message):
        export(django_capture_on_commit_callbacks, "--date", date)
    assert not BulkFile.objects.exists()


def test_the_oldest_day_kept_can_still_be_dumped(django_capture_on_commit_callbacks: Any) -> None:
    export(django_capture_on_commit_callbacks, "--date", (TODAY - 30 * DAY).isoformat())

    assert BulkFile.objects.filter(day=TODAY - 30 * DAY).count() == 16


def test_the_nightly_task_dumps_today_and_prunes(
    django_capture_on_commit_callbacks: Any, time_machine: Any
) -> None:
    export(django_capture_on_commit_callbacks, "--date", (TODAY - 30 * DAY).isoformat())
    time_machine.move_to(noon(TODAY + DAY), tick=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert bulk_export_task.apply().get() == 16

    assert set(BulkFile.objects.values_list("day", flat=True)) == {TODAY + DAY}


def test_beat_runs_the_dump_nightly() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["bulk-export"]
    assert entry["task"] == bulk_export_task.name
    assert entry["schedule"].hour == {3}
