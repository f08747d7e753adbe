"""The nightly bulk dump: every dataset of bulk.datasets, both formats, from one consistent
snapshot; the index rows are written after the files are complete; dumps past the retention
are pruned in the same run."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bulk.datasets import DATASETS, DumpDay
from bulk.models import BulkFile
from bulk.writer import CHUNK_ROWS, Written, dataset_files_write
from disclosure.api import COMMIT_MARGIN
from publicity.rules import publicity_rules

logger = logging.getLogger(__name__)

Progress = Callable[[str, int], None]  # (dataset, rows just written)


def bulk_dir() -> Path:
    return Path(settings.BULK_DIR)


def bulk_retention_days() -> int:
    return int(settings.BULK_RETENTION_DAYS)


def bulk_kept_from(*, today: dt.date) -> dt.date:
    """The oldest dump day still kept on `today`: a dump is kept for the retention's days
    after its own, and pruned the day after that."""
    return today - dt.timedelta(days=bulk_retention_days())


@contextmanager
def _snapshot() -> Iterator[dt.datetime]:
    """One read transaction for the whole dump, so every dataset shows the same moment; on
    PostgreSQL a repeatable-read snapshot. Yields the time the snapshot began."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        taken_at = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")  # the snapshot starts with the first statement
        yield taken_at


# Not one atomic block on purpose: the long read runs in its own read-only snapshot, and the
# short write of the index (bulk_files_index) follows only once every file is complete.
def bulk_dump_write(*, day: dt.date, progress: Progress | None = None) -> list[BulkFile]:
    """Dump every dataset as of `day` in both formats and index the files, replacing `day`'s
    earlier dump (a re-run is safe: the index moves to the new files in one transaction)."""
    today = timezone.localdate()
    if day > today:
        raise ValidationError(_("A dump cannot be dated after today."))
    if day < bulk_kept_from(today=today):
        raise ValidationError(
            _("A dump older than %(n)d days would be pruned at once.")
            % {"n": bulk_retention_days()}
        )
    directory = bulk_dir() / day.isoformat()
    directory.mkdir(parents=True, exist_ok=True)
    # Each run writes files of its own names, so the index never points at one being replaced.
    run = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    written: dict[str, list[Written]] = {}
    try:
        with _snapshot() as taken_at:
            context = DumpDay(today=day, publicity=publicity_rules())
            for dataset in DATASETS.values():
                stem = directory / f"{dataset.name}.{run}"
                objects = _in_pk_chunks(dataset.rows(context), size=CHUNK_ROWS)
                written[dataset.name] = dataset_files_write(
                    keys=dataset.keys,
                    rows=(dataset.row(obj, context) for obj in objects),
                    jsonl_path=stem.with_name(f"{stem.name}.jsonl.gz"),
                    csv_path=stem.with_name(f"{stem.name}.csv"),
                    progress=_per_dataset(progress, dataset.name),
                )
    except BaseException:
        _unlink([w.path for files in written.values() for w in files])
        raise
    return bulk_files_index(day=day, written=written, taken_at=taken_at)


def _in_pk_chunks(qs: QuerySet[Any], *, size: int) -> Iterator[Any]:
    """The rows in primary-key order, one LIMITed statement per chunk (keyset paging), so
    memory stays bounded without server-side cursors: behind pgbouncer's transaction pooling
    (DATABASE_POOLED) Django disables them, and .iterator() would fetch everything at once.
    Inside the dump's snapshot every chunk reads the same moment."""
    qs = qs.order_by("pk")
    last: Any = None
    while True:
        chunk = list((qs if last is None else qs.filter(pk__gt=last))[:size])
        yield from chunk
        if len(chunk) < size:
            return
        last = chunk[-1].pk


def _per_dataset(progress: Progress | None, name: str) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda rows: progress(name, rows)


@transaction.atomic
def bulk_files_index(
    *, day: dt.date, written: dict[str, list[Written]], taken_at: dt.datetime
) -> list[BulkFile]:
    """Point `day`'s index rows at the complete files just written; the files they named
    before are deleted once this commits."""
    root = bulk_dir()
    before = {
        (f.dataset, f.format): f for f in BulkFile.objects.select_for_update().filter(day=day)
    }
    indexed: list[BulkFile] = []
    for dataset, files in written.items():
        for w in files:
            row, _created = BulkFile.objects.update_or_create(
                day=day,
                dataset=dataset,
                format=w.format,
                defaults={
                    "rows": w.rows,
                    "bytes": w.bytes,
                    "sha256": w.sha256,
                    "path": str(w.path.relative_to(root)),
                    "taken_at": taken_at,
                    "changes_since": taken_at - COMMIT_MARGIN,
                },
            )
            indexed.append(row)
    kept = {row.path for row in indexed}
    stale = [root / f.path for f in before.values() if f.path not in kept]
    # A dataset no longer in the registry leaves the index with its files.
    BulkFile.objects.filter(day=day).exclude(pk__in=[row.pk for row in indexed]).delete()
    transaction.on_commit(lambda: _unlink(stale))
    return indexed


@transaction.atomic
def bulk_dumps_prune(*, today: dt.date) -> int:
    """Delete the dumps older than the retention (index rows, then their day folders once
    this commits, leftovers of an interrupted run included); return the rows deleted."""
    kept_from = bulk_kept_from(today=today)
    deleted, _by_model = BulkFile.objects.filter(day__lt=kept_from).delete()
    transaction.on_commit(lambda: _day_dirs_remove(before=kept_from))
    return deleted


def bulk_nightly(*, day: dt.date | None = None, progress: Progress | None = None) -> list[BulkFile]:
    """The nightly run: dump `day` (default today), then prune what the retention let go."""
    files = bulk_dump_write(day=day or timezone.localdate(), progress=progress)
    bulk_dumps_prune(today=timezone.localdate())
    return files


def _day_dirs_remove(*, before: dt.date) -> None:
    root = bulk_dir()
    if not root.is_dir():
        return
    for child in root.iterdir():
        try:
            named = dt.date.fromisoformat(child.name)
        except ValueError:
            continue  # not a day folder: never ours to delete
        if child.is_dir() and named < before:
            shutil.rmtree(child)


def _unlink(paths: list[Path]) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            logger.exception("could not delete bulk file %s", path)
