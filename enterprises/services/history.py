"""Set-based history rows for bulk writes (django-simple-history's tables, filled in SQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import connection
from django.db.models import Model

CHUNK = 500


def history_snapshot(
    *,
    model: type[Model],
    ids: Sequence[int],
    history_type: str,
    reason: str,
    user_id: int | None,
    when: dt.datetime,
) -> None:
    """Copy the current rows `ids` of `model` into its history table in one INSERT … SELECT.

    Same rows as simple-history's bulk helpers write, without building a Python object per row.
    """
    history = model.history.model  # type: ignore[attr-defined]  # added by simple-history, untyped
    columns = [f.column for f in model._meta.concrete_fields]
    quoted = ", ".join(connection.ops.quote_name(str(c)) for c in columns)
    extra = ", ".join(
        connection.ops.quote_name(c)
        for c in ("history_date", "history_change_reason", "history_type", "history_user_id")
    )
    source = connection.ops.quote_name(model._meta.db_table)
    target = connection.ops.quote_name(history._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), CHUNK):
            chunk = list(ids[start : start + CHUNK])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {target} ({quoted}, {extra}) "  # noqa: S608  # names from _meta
                f"SELECT {quoted}, %s, %s, %s, %s FROM {source} WHERE id IN ({marks})",
                [when, reason, history_type, user_id, *chunk],
            )
