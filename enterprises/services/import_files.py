"""Files of records: read, checked as the intake API would, then written through intake.

The import command checks and writes a file in one call (`import_file_run`). The console
does it in two requests: `import_stage` checks an upload and keeps it when every row passes,
`import_confirm` writes the kept file once the regulator has seen the report.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zipfile import BadZipFile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from accounts.roles import Action, regulator_can
from core.errors import DomainError
from enterprises.intake_fields import SPECS
from enterprises.services.intake import records_intake, records_validate

if TYPE_CHECKING:
    from accounts.models import Department, User

Progress = Callable[[Iterable[int]], Iterable[int]]


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
                    raise ImportFileError(_("The file has no header row."))
                for row in reader:
                    if any(cell.strip() for cell in row):
                        yield dict(zip(header, row, strict=False))
        except UnicodeDecodeError as exc:
            raise ImportFileError(_("The CSV file is not UTF-8 encoded.")) from exc
        except csv.Error as exc:  # a NUL byte, an oversized field
            raise ImportFileError(
                _("Cannot read the CSV file (a NUL byte or an oversized field).")
            ) from exc
    elif suffix == ".xlsx":
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
            raise ImportFileError(
                _("Cannot read the workbook: it is not an XLSX file, or it is damaged.")
            ) from exc
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = _clean_header(list(next(rows, ())))
        if not any(header):
            raise ImportFileError(_("The first sheet has no header row."))
        for values in rows:
            if any(v not in (None, "") for v in values):
                yield {
                    k: (v.date() if isinstance(v, dt.datetime) else v)
                    for k, v in zip(header, values, strict=False)
                    if k
                }
        book.close()
    else:
        raise ImportFileError(_("Only .csv and .xlsx files can be imported."))


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
    progress: Progress = lambda r: r,
) -> ImportCheck:
    """Validate every row as the intake API would, without writing; file rows count from 2."""
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
                reason = _("repeats row %(row)d") % {"row": first_row[ref]}
                chunk_errors.append({"index": i, "field": "source_ref", "reason": reason})
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
    progress: Progress = lambda r: r,
) -> dict[str, int]:
    """Write the checked valid rows in one transaction; returns created/updated/unchanged."""
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


def import_file_check(
    *, kind: str, department: Department, path: Path, progress: Progress = lambda r: r
) -> ImportCheck:
    """Read and check a whole file; ImportFileError if it cannot be read or has no data."""
    rows = list(rows_read(path))
    if not rows:
        raise ImportFileError(_("The file has no data rows."))
    return import_check(kind=kind, department=department, rows=rows, progress=progress)


@dataclass(frozen=True)
class ImportRun:
    check: ImportCheck
    totals: dict[str, int] | None  # None: nothing written (invalid rows and not partial)


@transaction.atomic
def import_file_run(
    *,
    kind: str,
    department: Department,
    path: Path,
    actor: User | None,
    partial: bool = False,
    checking: Progress = lambda r: r,
    importing: Progress = lambda r: r,
) -> ImportRun:
    """Check a file and write it: whole, or with `partial` its valid rows only."""
    check = import_file_check(kind=kind, department=department, path=path, progress=checking)
    if check.errors and not partial:
        return ImportRun(check=check, totals=None)
    totals = import_write(check=check, department=department, actor=actor, progress=importing)
    return ImportRun(check=check, totals=totals)


# The console's uploads: what a browser sends in one request, kept until confirmed.
STAGED_SUFFIXES = (".csv", ".xlsx")
STAGED_MAX_BYTES = 20 * 2**20
_STAGED_NAME = re.compile(r"^[0-9a-f]{32}\.(csv|xlsx)$")


@dataclass(frozen=True)
class StagedImport:
    check: ImportCheck
    token: str | None  # names the kept file; None when some rows fail (nothing is kept)


def _staging_dir() -> Path:
    folder = Path(settings.PRIVATE_MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _clerk_department(actor: User) -> Department:
    if not regulator_can(actor, Action.RECORD_WRITE) or actor.department is None:
        raise PermissionDenied(_("Importing needs the clerk role and a department."))
    return actor.department


def import_stage(*, actor: User, kind: str, upload: UploadedFile) -> StagedImport:
    """Check an upload as the import would and keep it for `import_confirm` if every row
    passes; ValidationError on `file` if it is not a readable CSV or XLSX file."""
    department = _clerk_department(actor)
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in STAGED_SUFFIXES or (upload.size or 0) > STAGED_MAX_BYTES:
        raise ValidationError({"file": _("A CSV or XLSX file of at most 20 MB.")})
    token = f"{secrets.token_hex(16)}{suffix}"
    path = _staging_dir() / token
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        check = import_file_check(kind=kind, department=department, path=path)
    except DomainError as exc:
        path.unlink(missing_ok=True)
        raise ValidationError({"file": exc.message}) from exc
    if check.errors:
        path.unlink(missing_ok=True)
        return StagedImport(check=check, token=None)
    return StagedImport(check=check, token=token)


@transaction.atomic
def import_confirm(*, actor: User, kind: str, token: str) -> dict[str, int]:
    """Write a staged file whole; it is checked again (firms and records may have changed
    since) and used once: read, then removed, whatever the outcome."""
    department = _clerk_department(actor)
    path = _staging_dir() / token if _STAGED_NAME.match(token) else None
    if path is None or not path.is_file():
        raise ValidationError(_("The file no longer passes the checks; upload it again."))
    try:
        check = import_file_check(kind=kind, department=department, path=path)
    except DomainError as exc:
        raise ValidationError(exc.message) from exc
    finally:
        path.unlink(missing_ok=True)
    if check.errors:
        raise ValidationError(_("The file no longer passes the checks; upload it again."))
    return import_write(check=check, department=department, actor=actor)
