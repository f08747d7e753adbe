"""Dumps written to a temporary folder, read back per dataset."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bulk.models import BulkFile
from bulk.services import bulk_dir, bulk_dump_write
from tests.clock import noon

Rows = dict[str, list[dict[str, Any]]]


@pytest.fixture(autouse=True)
def bulk_folder(settings: Any, tmp_path: Path) -> Path:
    settings.BULK_DIR = str(tmp_path / "bulk")
    settings.BULK_RETENTION_DAYS = 30
    return tmp_path / "bulk"


def jsonl_rows(file: BulkFile) -> list[dict[str, Any]]:
    with gzip.open(bulk_dir() / file.path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def csv_rows(file: BulkFile) -> list[list[str]]:
    text = (bulk_dir() / file.path).read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def dump(time_machine: Any, django_capture_on_commit_callbacks: Any) -> Callable[[dt.date], Rows]:
    """Dump `day` at its noon (the clock stays there) and return each dataset's JSON rows."""

    def run(day: dt.date) -> Rows:
        time_machine.move_to(noon(day), tick=False)
        with django_capture_on_commit_callbacks(execute=True):
            files = bulk_dump_write(day=day)
        return {f.dataset: jsonl_rows(f) for f in files if f.format == "jsonl.gz"}

    return run
