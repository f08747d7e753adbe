"""Reading CSV and XLSX files of records for the import command and console uploads."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zipfile import BadZipFile

from django.db import transaction

from core.errors import DomainError

if TYPE_CHECKING:
    from accounts.models import Department, User


class ImportFileError(DomainError):
    http_status = 400
    code = "bad_file"


def _clean_header(names: list[Any]) -> list[str]:
    return [str(n or "").strip().lstrip("\ufeff") for n in names]


def rows_read(path: Path) -> Iterator[dict[str, Any]]:
    """Yield one dict per data row, keyed by the header row; blank rows are skipped."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            with path.open(encoding="utf-8-sig", newline="") as f:
                reader = csv.reader(f)
                header = _clean_header(next(reader, []))
                if not any(header):
                    raise ImportFileError("The file has no header row.")
                for row in reader:
                    if any(cell.strip() for cell in row):
                        yield dict(zip(header, row, strict=False))
        except UnicodeDecodeError as exc:
            raise ImportFileError("The CSV file is not UTF-8 encoded.") from exc
        except csv.Error as exc:  # a NUL byte, an oversized field
            raise ImportFileError(f"Cannot read the CSV file: {exc}") from exc
    elif suffix == ".xlsx":
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
            raise ImportFileError(f"Cannot read the workbook: {exc}") from exc
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = _clean_header(list(next(rows, ())))
        if not any(header):
            raise ImportFileError("The first sheet has no header row.")
        for values in rows:
            if any(v not in (None, "") for v in values):
                yield {
                    k: (v.date() if isinstance(v, dt.datetime) else v)
                    for k, v in zip(header, values, strict=False)
                    if k
                }
        book.close()
    else:
        raise ImportFileError("Only .csv and .xlsx files can be imported.")


CHUNK = 1000


@dataclass
class ImportCheck:
    """The outcome of checking a file: rows that can be written and, per file row, errors."""

    kind: str
    valid: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)  # {row, field, reason}
    total: int = 0

    @property
    def bad_rows(self) -> int:
        return len({e["row"] for e in self.errors})


def import_check(
    *,
    kind: str,
    department: Department,
    rows: list[dict[str, Any]],
    progress: Callable[[Iterable[int]], Iterable[int]] = lambda r: r,
) -> ImportCheck:
    """Validate every row as the intake API would, without writing; file rows count from 2."""
    from enterprises.intake_fields import SPECS
    from enterprises.services.intake import records_validate

    spec = SPECS[kind]
    check = ImportCheck(kind=kind, total=len(rows))
    first_row: dict[str, int] = {}  # source_ref -> the file row that first used it
    for start in progress(range(0, len(rows), CHUNK)):
        chunk = rows[start : start + CHUNK]
        _parsed, chunk_errors = records_validate(spec=spec, department=department, items=chunk)
        # A batch catches repeats inside itself; the file is checked across batches.
        for i, row in enumerate(chunk):
            ref = str(row.get("source_ref") or "").strip()
            if ref and ref in first_row and not any(e["index"] == i for e in chunk_errors):
                chunk_errors.append(
                    {"index": i, "field": "source_ref", "reason": f"repeats row {first_row[ref]}"}
                )
            first_row.setdefault(ref, start + i + 2)
        bad = {e["index"] for e in chunk_errors}
        check.errors.extend({**e, "row": start + e["index"] + 2} for e in chunk_errors)
        check.valid.extend(row for i, row in enumerate(chunk) if i not in bad)
    check.errors.sort(key=lambda e: e["row"])
    return check


def import_write(
    *,
    check: ImportCheck,
    department: Department,
    actor: User | None,
    progress: Callable[[Iterable[int]], Iterable[int]] = lambda r: r,
) -> dict[str, int]:
    """Write the checked valid rows in one transaction; returns created/updated/unchanged."""
    from enterprises.services.intake import records_intake

    totals = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for start in progress(range(0, len(check.valid), CHUNK)):
            result = records_intake(
                kind=check.kind,
                department=department,
                items=check.valid[start : start + CHUNK],
                actor=actor,
                channel="import",
            )
            for status in totals:
                totals[status] += result.count(status)
    return totals
