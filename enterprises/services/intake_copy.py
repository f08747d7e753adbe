"""Intake's write on PostgreSQL: the batch goes by COPY into a temporary staging table, then
one INSERT … ON CONFLICT (source_department_id, source_ref) DO UPDATE … WHERE (…) IS DISTINCT
FROM (…) RETURNING writes the records and, from the same statement, their history rows.

Same rows, statuses and history as the ORM path (enterprises.services.intake._write, which
SQLite keeps), at a fraction of the cost: one round trip carries the batch, none builds a model
instance. tests/enterprises/test_intake_copy.py holds the two paths to the same results.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Field, Model

from enterprises.services.intake_result import CREATED, UNCHANGED, UPDATED, IntakeResult

if TYPE_CHECKING:
    from accounts.models import Department, User
    from enterprises.intake_parsers import RecordSpec

STAGE = "pg_temp.intake_stage"  # qualified: never a table of the schema by that name
# Columns the statement itself fills: the key, the file, and the times.
_OWN = {"id", "source_department", "source_ref", "enterprise", "received_at", "updated_at"}
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return (
            value.translate(_ESCAPES)
            if ("\\" in value or "\t" in value or "\n" in value or "\r" in value)
            else value
        )
    if isinstance(value, (list, dict)):  # a JSON column (a recall's GTINs and batches)
        return _copy_text(json.dumps(value, ensure_ascii=False))
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)  # int, Decimal (quantized by the parser: no exponent form)


def _quote(name: str | None) -> str:
    return connection.ops.quote_name(str(name))


def _defaults(model: type[Model], fields: Sequence[str]) -> list[tuple[Field[Any, Any], Any]]:
    """Columns no item sets (withdrawn_on…): each with the value a new record gets."""
    out = []
    for f in model._meta.concrete_fields:
        if f.name in _OWN or f.name in fields:
            continue
        out.append((f, f.get_db_prep_save(f.get_default(), connection)))
    return out


def records_write_copy(
    *,
    spec: RecordSpec,
    department: Department,
    parsed: list[dict[str, Any]],
    fields: Sequence[str],
    actor: User | None,
    channel: str,
    now: dt.datetime,
) -> IntakeResult:
    """Upsert the batch (already validated, each item with its enterprise_id) in one statement;
    the caller's transaction holds it, the caller audits and queues the regrades."""
    model = spec.model
    table = _quote(model._meta.db_table)
    history = model.history.model
    history_table = _quote(history._meta.db_table)
    columns = {f.name: str(f.column) for f in model._meta.concrete_fields}
    staged = ["source_ref", "enterprise_id", *(columns[f] for f in fields)]
    staged_q = ", ".join(_quote(c) for c in staged)
    defaults = _defaults(model, fields)
    insert_cols = [
        "source_department_id",
        "received_at",
        "updated_at",
        *(f.column for f, _v in defaults),
        *staged,
    ]
    compared = ["enterprise_id", *(columns[f] for f in fields)]
    all_cols = ", ".join(_quote(f.column) for f in model._meta.concrete_fields)
    with connection.cursor() as cursor:
        # ON COMMIT DROP, and dropped first: inside an outer transaction (tests, a console
        # import of several batches) the table of the previous batch is still there.
        cursor.execute(
            f"DROP TABLE IF EXISTS {STAGE}; CREATE TEMP TABLE {STAGE} ON COMMIT DROP AS "  # noqa: S608
            f"SELECT {staged_q} FROM {table} WITH NO DATA"
        )
        buf = io.StringIO()
        buf.writelines(
            "\t".join(
                [
                    _copy_text(values["source_ref"]),
                    str(values["enterprise_id"]),
                    *(_copy_text(values[f]) for f in fields),
                ]
            )
            + "\n"
            for values in parsed
        )
        buf.seek(0)
        cursor.copy_expert(f"COPY {STAGE} ({staged_q}) FROM STDIN", buf)
        sets = ", ".join(f"{_quote(c)} = EXCLUDED.{_quote(c)}" for c in [*compared, "updated_at"])
        old = ", ".join(f"t.{_quote(c)}" for c in compared)
        new = ", ".join(f"EXCLUDED.{_quote(c)}" for c in compared)
        defaults_sql = "".join(f", %(d{i})s" for i in range(len(defaults)))
        cursor.execute(
            f"""
            WITH prior AS (
                -- One probe of the key's index per item, whatever the (fresh, unanalysed)
                -- staging table and the record table's statistics say (OFFSET 0 keeps the
                -- planner from turning the probes into a scan of the department's records).
                SELECT s.source_ref, p.id, p.enterprise_id FROM {STAGE} s
                CROSS JOIN LATERAL (
                    SELECT t.id, t.enterprise_id FROM {table} t
                    WHERE t.source_department_id = %(dep)s AND t.source_ref = s.source_ref
                    OFFSET 0
                ) p
            ), up AS (
                INSERT INTO {table} AS t ({", ".join(_quote(c) for c in insert_cols)})
                SELECT %(dep)s, %(now)s, %(now)s{defaults_sql}, {staged_q}
                FROM {STAGE} ORDER BY source_ref  -- one lock order for every batch
                ON CONFLICT (source_department_id, source_ref) DO UPDATE SET {sets}
                WHERE ({old}) IS DISTINCT FROM ({new})
                RETURNING t.*, (t.xmax = 0) AS inserted_
            ), hist AS (
                INSERT INTO {history_table} ({all_cols}, history_date, history_change_reason,
                                             history_type, history_user_id)
                SELECT {all_cols}, %(now)s, %(reason)s,
                       CASE WHEN inserted_ THEN '+' ELSE '~' END, %(user)s
                FROM up
            )
            SELECT s.source_ref, COALESCE(up.id, prior.id), up.inserted_, prior.enterprise_id
            FROM {STAGE} s LEFT JOIN up ON up.source_ref = s.source_ref
            LEFT JOIN prior ON prior.source_ref = s.source_ref
            """,  # noqa: S608  # names from _meta, values as parameters
            {
                "dep": department.pk,
                "now": now,
                "reason": f"{channel}:{department.code}",
                "user": actor.pk if actor is not None else None,
                **{f"d{i}": value for i, (_f, value) in enumerate(defaults)},
            },
        )
        rows = {ref: (pk, inserted, prior) for ref, pk, inserted, prior in cursor.fetchall()}
    return _result(spec=spec, department=department, parsed=parsed, rows=rows, model=model)


def _result(
    *,
    spec: RecordSpec,
    department: Department,
    parsed: list[dict[str, Any]],
    rows: dict[str, tuple[int | None, bool | None, int | None]],
    model: type[Model],
) -> IntakeResult:
    """Statuses in item order and the files changed, as the ORM path reports them."""
    missing = [ref for ref, (pk, _i, _p) in rows.items() if pk is None]
    if missing:
        # Unchanged, and inserted by a batch that committed after this statement's snapshot:
        # the row is there (ON CONFLICT saw it), only the snapshot of `prior` was older.
        found = dict(
            model._default_manager.filter(
                source_department=department, source_ref__in=missing
            ).values_list("source_ref", "pk")
        )
        rows.update({ref: (found[ref], None, None) for ref in missing})
    result = IntakeResult(kind=spec.kind)
    for index, values in enumerate(parsed):
        ref, eid = values["source_ref"], values["enterprise_id"]
        pk, inserted, prior = rows[ref]
        status = UNCHANGED if inserted is None else CREATED if inserted else UPDATED
        result.items.append({"index": index, "source_ref": ref, "id": pk, "status": status})
        if status == UNCHANGED:
            continue
        result.enterprise_ids.add(eid)
        if prior is not None and prior != eid:
            # A department corrected which firm the record belongs to: both files change.
            result.enterprise_ids.add(prior)
        result.triggers[eid] = {
            "kind": spec.kind,
            "record_id": pk,
            "source_ref": ref,
            "department": department.code,
        }
    for eid in result.enterprise_ids - result.triggers.keys():  # a record moved away from it
        result.triggers[eid] = {"kind": spec.kind, "department": department.code}
    return result
