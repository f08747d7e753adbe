"""Running a rule's SQL text (the form the set-based grading path uses) on its own table."""

from __future__ import annotations

from typing import Any

from django.db import connection


def ids_where(table: str, alias: str, predicate: str, **params: Any) -> set[int]:
    """Ids of `table` rows (as `alias`) for which the SQL `predicate` holds."""
    adapt = {
        k: connection.ops.adapt_datefield_value(v) if hasattr(v, "isoformat") else v
        for k, v in params.items()
    }
    # Test-only: table, alias and predicate are constants of the code under test.
    sql = f"SELECT {alias}.id FROM {table} {alias} WHERE {predicate}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, adapt)
        return {row[0] for row in cursor.fetchall()}
