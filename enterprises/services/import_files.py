"""Reading CSV and XLSX files of records for the import command and console uploads."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from enterprises.errors import DomainError


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
