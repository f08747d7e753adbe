"""Writing one dataset to its files in one pass over the rows: gzip JSON Lines and CSV (UTF-8
with BOM, formula cells defused as the list exports do), each to a temporary name in the target
directory, flushed to disk and renamed into place only when complete."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from disclosure.exports import CSV_BOM, csv_cell_defused

CHUNK_ROWS = 2000  # rows read per statement and written per flush
LIST_SEPARATOR = ";"  # a list (GTINs, batches) in one CSV cell


@dataclass(frozen=True)
class Written:
    format: str
    path: Path
    rows: int
    bytes: int
    sha256: str


class _Counted(io.RawIOBase):
    """A file that hashes and counts the bytes written through it."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data)
        self.raw.write(view)
        self.digest.update(view)
        self.size += view.nbytes
        return view.nbytes


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)  # exact, as the API gives amounts
    raise TypeError(type(value).__name__)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return csv_cell_defused(value)


class _Target:
    """One output file: a temporary name beside the final one until `finish`."""

    def __init__(self, final: Path) -> None:
        self.final = final
        self.temp = final.with_name(f".{final.name}.{uuid.uuid4().hex}.tmp")
        self.raw = self.temp.open("xb")
        self.counted = _Counted(self.raw)

    def finish(self) -> tuple[int, str]:
        self.raw.flush()
        os.fsync(self.raw.fileno())
        self.raw.close()
        os.replace(self.temp, self.final)
        return self.counted.size, self.counted.digest.hexdigest()

    def abandon(self) -> None:
        self.raw.close()
        self.temp.unlink(missing_ok=True)


def dataset_files_write(
    *,
    keys: list[str],
    rows: Iterable[list[Any]],
    jsonl_path: Path,
    csv_path: Path,
    progress: Callable[[int], None] | None = None,
) -> list[Written]:
    """Write `rows` (lists in `keys` order) to both files; return what each holds."""
    jsonl, csv_file = _Target(jsonl_path), _Target(csv_path)
    try:
        # mtime=0 and no file name in the header: the same rows give the same bytes (and hash).
        with gzip.GzipFile(filename="", mode="wb", fileobj=jsonl.counted, mtime=0) as gz:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            buffer.write(CSV_BOM)
            writer.writerow(keys)
            count = 0
            lines: list[str] = []
            for row in rows:
                record = dict(zip(keys, row, strict=True))
                lines.append(json.dumps(record, ensure_ascii=False, default=_json_value))
                writer.writerow([_csv_value(v) for v in row])
                count += 1
                if count % CHUNK_ROWS == 0:
                    _flush(gz, lines, buffer, csv_file)
                    if progress:
                        progress(CHUNK_ROWS)
            _flush(gz, lines, buffer, csv_file)
            if progress and count % CHUNK_ROWS:
                progress(count % CHUNK_ROWS)
    except BaseException:
        jsonl.abandon()
        csv_file.abandon()
        raise
    jsonl_bytes, jsonl_sha = jsonl.finish()
    csv_bytes, csv_sha = csv_file.finish()
    _sync_dir(jsonl_path.parent)
    return [
        Written("jsonl.gz", jsonl_path, count, jsonl_bytes, jsonl_sha),
        Written("csv", csv_path, count, csv_bytes, csv_sha),
    ]


def _flush(gz: gzip.GzipFile, lines: list[str], buffer: io.StringIO, csv_file: _Target) -> None:
    if lines:
        gz.write(("\n".join(lines) + "\n").encode())
        lines.clear()
    csv_file.counted.write(buffer.getvalue().encode())
    buffer.seek(0)
    buffer.truncate()


def _sync_dir(directory: Path) -> None:
    # The renames themselves reach the disk, not only the files' contents.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
