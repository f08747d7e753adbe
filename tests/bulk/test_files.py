"""What a dump file holds: the row count and SHA-256 the index states, both formats the same
rows, CSV in UTF-8 with BOM and formula cells defused, files complete before they are indexed."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import itertools
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bulk import services
from bulk.models import BulkFile
from bulk.services import bulk_dir, bulk_dump_write
from tests.bulk.conftest import csv_rows, jsonl_rows
from tests.clock import noon
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY), tick=False)


def written(django_capture_on_commit_callbacks: Any) -> list[BulkFile]:
    with django_capture_on_commit_callbacks(execute=True):
        return bulk_dump_write(day=TODAY)


def test_each_file_has_the_rows_bytes_and_sha256_the_index_states(
    django_capture_on_commit_callbacks: Any,
) -> None:
    EnterpriseFactory.create_batch(5)

    files = written(django_capture_on_commit_callbacks)

    assert len(files) == 16  # 8 datasets x 2 formats
    for file in files:
        data = (bulk_dir() / file.path).read_bytes()
        assert file.bytes == len(data)
        assert file.sha256 == hashlib.sha256(data).hexdigest()
    firms = {f.format: f for f in files if f.dataset == "firms"}
    assert firms["jsonl.gz"].rows == firms["csv"].rows == 5
    raw = (bulk_dir() / firms["jsonl.gz"].path).read_bytes()
    assert len(gzip.decompress(raw).splitlines()) == 5
    assert len(csv_rows(firms["csv"])) == 1 + 5  # the header, then the rows


def test_both_formats_hold_the_same_rows_and_csv_defuses_formulas(
    django_capture_on_commit_callbacks: Any,
) -> None:
    EnterpriseFactory(name='=HYPERLINK("http://evil.example","点击")')
    EnterpriseFactory(name="@SUM(A1)有限公司")

    files = {(f.dataset, f.format): f for f in written(django_capture_on_commit_callbacks)}

    json_rows = jsonl_rows(files["firms", "jsonl.gz"])
    header, *rows = csv_rows(files["firms", "csv"])
    assert header == list(json_rows[0])
    names = [r[header.index("name")] for r in rows]
    # Spreadsheets would run these; the JSON keeps the name as registered.
    assert names == ['\'=HYPERLINK("http://evil.example","点击")', "'@SUM(A1)有限公司"]
    assert [r["name"] for r in json_rows] == [n[1:] for n in names]
    assert rows[0][header.index("grade")] == ""  # null: not graded
    assert rows[0][header.index("on_blacklist")] == "false"


def test_the_same_data_gives_the_same_bytes(django_capture_on_commit_callbacks: Any) -> None:
    EnterpriseFactory.create_batch(3)
    first = {(f.dataset, f.format): f.sha256 for f in written(django_capture_on_commit_callbacks)}

    second = {(f.dataset, f.format): f.sha256 for f in written(django_capture_on_commit_callbacks)}

    assert first == second


def test_a_failed_dump_leaves_no_file_and_no_index_row(
    monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    EnterpriseFactory.create_batch(3)

    real = services.dataset_files_write
    calls: list[str] = []

    def second_fails(**kwargs: Any) -> Any:
        # The second dataset breaks while its temporary files are open.
        calls.append(kwargs["csv_path"].name)
        if len(calls) == 2:
            rows = iter(kwargs["rows"])

            def failing() -> Any:
                yield from itertools.islice(rows, 1)
                raise RuntimeError("disk full")

            kwargs["rows"] = failing()
        return real(**kwargs)

    monkeypatch.setattr(services, "dataset_files_write", second_fails)

    with pytest.raises(RuntimeError, match="disk full"):
        written(django_capture_on_commit_callbacks)

    assert not BulkFile.objects.exists()
    assert [p for p in Path(bulk_dir()).rglob("*") if p.is_file()] == []


def test_a_file_is_renamed_into_place_only_when_complete(
    monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    EnterpriseFactory.create_batch(2)
    seen: list[list[str]] = []
    real_replace = services.dataset_files_write.__globals__["os"].replace

    def watching(src: Any, dst: Any) -> None:
        # At the rename the final name does not exist yet: nobody could read half a file.
        seen.append([Path(src).name, Path(dst).name, str(Path(dst).exists())])
        real_replace(src, dst)

    monkeypatch.setattr("bulk.writer.os.replace", watching)

    written(django_capture_on_commit_callbacks)

    assert len(seen) == 16
    assert all(src.startswith(".") and src.endswith(".tmp") for src, _dst, _e in seen)
    assert {exists for _s, _d, exists in seen} == {"False"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dump_outside_a_transaction_reads_one_snapshot_and_indexes_after() -> None:
    # As the nightly task runs it: its own read transaction (repeatable read on PostgreSQL),
    # then the index in a transaction of its own, then the replaced files' removal. The
    # migrations' rows (regions, policies) come back after (serialized_rollback).
    EnterpriseFactory.create_batch(3)

    files = bulk_dump_write(day=TODAY)

    firms = {f.format: f for f in files if f.dataset == "firms"}
    assert firms["csv"].rows == firms["jsonl.gz"].rows == 3
    assert BulkFile.objects.count() == 16
    assert all((bulk_dir() / f.path).exists() for f in files)


@pytest.mark.parametrize("firms", [4, 5])  # a last chunk full, and one short
def test_rows_are_read_in_bounded_chunks_each_once_in_code_order(
    monkeypatch: Any,
    django_capture_on_commit_callbacks: Any,
    firms: int,
) -> None:
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    made = EnterpriseFactory.create_batch(firms)

    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        files = bulk_dump_write(day=TODAY)

    rows = jsonl_rows(next(f for f in files if (f.dataset, f.format) == ("firms", "jsonl.gz")))
    assert [r["uscc"] for r in rows] == [f.uscc for f in sorted(made, key=lambda f: f.pk)]
    firm_reads = [
        q["sql"]
        for q in queries.captured_queries
        # The firms dataset's statements (the red list reads that table too, without EXISTS).
        if q["sql"].startswith("SELECT")
        and 'FROM "enterprises_enterprise"' in q["sql"]
        and "EXISTS" in q["sql"]
    ]
    # Two rows a statement: 2 + 2 + (0 or 1), the short chunk ending the read.
    assert len(firm_reads) == 3
    assert all("LIMIT 2" in sql for sql in firm_reads)
