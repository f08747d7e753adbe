"""Streams rows into a table: COPY on PostgreSQL, executemany elsewhere."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


class TableWriter:
    def __init__(self, model: type[Model], columns: Sequence[str]) -> None:
        self.table = model._meta.db_table
        self.columns = list(columns)
        self.rows = 0

    def write(self, rows: Iterable[Sequence[Any]], chunk: int = 50_000) -> None:
        batch: list[Sequence[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= chunk:
                self._flush(batch)
                batch = []
        if batch:
            self._flush(batch)

    def _flush(self, batch: list[Sequence[Any]]) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buf = io.StringIO()
                buf.writelines("\t".join(map(_copy_value, row)) + "\n" for row in batch)
                buf.seek(0)
                cols = ", ".join(f'"{c}"' for c in self.columns)
                cursor.cursor.copy_expert(f'COPY "{self.table}" ({cols}) FROM STDIN', buf)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cols = ", ".join(f'"{c}"' for c in self.columns)
                cursor.executemany(
                    f'INSERT INTO "{self.table}" ({cols}) VALUES ({marks})',  # noqa: S608
                    [tuple(_sql_value(v) for v in row) for row in batch],
                )
        self.rows += len(batch)


def _copy_value(v: Any) -> str:
    # PostgreSQL's COPY text format reads True/False as booleans; \N is NULL.
    return r"\N" if v is None else str(v)


def _sql_value(v: Any) -> Any:
    if isinstance(v, dt.datetime | dt.date):
        return v.isoformat()
    return v
