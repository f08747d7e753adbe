"""Keeping the name index (bigrams, search documents, name keys) in step with enterprise names.

The index is derived data: `search_index_update` runs in the transaction that changes a
firm's names (enterprises.services.register calls it), and `search_index_rebuild` recomputes
it from the enterprise table (used after bulk loads: on PostgreSQL the names are folded and
their pinyin computed in one Python pass and COPYed, then one set-based statement per table).
Public search and the match API read the rows and fold queries with `fold`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, transaction

from enterprises.models import Enterprise, NameBigram, NameKey, SearchDocument
from enterprises.names import fold, name_keys

__all__ = ["fold", "name_bigrams", "search_index_rebuild", "search_index_update"]

DOCUMENT_MAX = 1000  # characters; the btree entry limit is far above this


def name_bigrams(names: Iterable[str]) -> set[str]:
    """Every pair of adjacent characters within each name (never across two names)."""
    terms: set[str] = set()
    for name in names:
        folded = fold(name)
        terms.update(folded[i : i + 2] for i in range(len(folded) - 1))
    return terms


def _names(name: str, former: Any) -> list[str]:
    return [name, *[n for n in (former or []) if isinstance(n, str) and n.strip()]]


def document_text(names: Sequence[str]) -> str:
    return "\n".join(fold(n) for n in names)[:DOCUMENT_MAX]


@transaction.atomic
def search_index_update(*, enterprise_ids: Iterable[int]) -> None:
    """Rewrite the index rows of these firms from their current names."""
    ids = list(enterprise_ids)
    if not ids:
        return
    firms = Enterprise.objects.filter(pk__in=ids).values_list("pk", "name", "former_names")
    NameBigram.objects.filter(enterprise_id__in=ids).delete()
    SearchDocument.objects.filter(enterprise_id__in=ids).delete()
    NameKey.objects.filter(enterprise_id__in=ids).delete()
    docs, grams, keys = [], [], []
    for pk, name, former in firms:
        names = _names(name, former)
        docs.append(SearchDocument(enterprise_id=pk, names=document_text(names)))
        first = fold(name)[:2]
        grams += [
            NameBigram(term=t, enterprise_id=pk, at_start=t == first)
            for t in sorted(name_bigrams(names))
        ]
        keys += [NameKey(kind=k, key=key, enterprise_id=pk) for k, key in sorted(name_keys(names))]
    SearchDocument.objects.bulk_create(docs, batch_size=2000)
    NameBigram.objects.bulk_create(grams, batch_size=5000)
    NameKey.objects.bulk_create(keys, batch_size=5000)


def tables_vacuum(*tables: str) -> None:
    """VACUUM ANALYZE after a bulk load, so searches read the indexes alone (the visibility
    map is set) with fresh statistics. PostgreSQL only, and only outside a transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM ANALYZE "{table}"')


SEARCH_TABLES = ("disclosure_namebigram", "disclosure_searchdocument", "enterprises_namekey")


def search_index_rebuild() -> int:
    """Rebuild the whole index; returns the number of firms indexed."""
    if connection.vendor == "postgresql":
        return _rebuild_postgresql()
    ids = list(Enterprise.objects.values_list("pk", flat=True))
    with transaction.atomic():
        NameBigram.objects.all().delete()
        SearchDocument.objects.all().delete()
        NameKey.objects.all().delete()
        for start in range(0, len(ids), 5000):
            search_index_update(enterprise_ids=ids[start : start + 5000])
    return len(ids)


# Names folded by `fold` (in Python: OpenCC has no SQL form), one row per name of a firm.
NAMES_STAGE = "pg_temp.search_names"
_NAMES_SQL = f"SELECT enterprise_id, ord, name FROM {NAMES_STAGE}"  # noqa: S608  # a constant
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_rows(rows: Iterable[Sequence[object]]) -> io.StringIO:
    buf = io.StringIO()
    buf.writelines("\t".join(str(v).translate(_ESCAPES) for v in row) + "\n" for row in rows)
    buf.seek(0)
    return buf


def _firm_names() -> Iterator[tuple[int, list[str]]]:
    firms = Enterprise.objects.order_by("pk").values_list("pk", "name", "former_names")
    for pk, name, former in firms.iterator(chunk_size=10000):
        yield pk, _names(name, former)


def _stage_postgresql(cursor: Any) -> None:
    """Fold every name and compute its keys in one pass, COPYing both in batches."""
    # Dropped first: inside an outer transaction (tests, two seeds) the last one is still there.
    cursor.execute(
        f"DROP TABLE IF EXISTS {NAMES_STAGE}; CREATE TEMP TABLE {NAMES_STAGE} "
        "(enterprise_id bigint, ord int, name text) ON COMMIT DROP"
    )
    names: list[tuple[int, int, str]] = []
    keys: list[tuple[str, str, int]] = []

    def flush() -> None:
        cursor.copy_expert(f"COPY {NAMES_STAGE} FROM STDIN", _copy_rows(names))
        cursor.copy_expert(
            "COPY enterprises_namekey (kind, key, enterprise_id) FROM STDIN", _copy_rows(keys)
        )
        names.clear()
        keys.clear()

    for pk, firm_names in _firm_names():
        names += [(pk, ord_, f) for ord_, n in enumerate(firm_names) if (f := fold(n))]
        keys += [(k, key, pk) for k, key in name_keys(firm_names)]
        if len(keys) >= 50000:
            flush()
    flush()


@transaction.atomic
def _rebuild_postgresql() -> int:
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows just loaded would block TRUNCATE; run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "TRUNCATE disclosure_namebigram, disclosure_searchdocument, enterprises_namekey"
        )
        # Millions of rows: load without the indexes, then build them once by sorting, which
        # is far cheaper than maintaining a (term, firm) btree row by row.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("ALTER TABLE enterprises_namekey DROP CONSTRAINT enterprises_namekey_pkey")
        cursor.execute("DROP INDEX namekey_enterprise_idx")
        cursor.execute("DROP INDEX namekey_prefix_c_idx")
        _stage_postgresql(cursor)
        # Interpolated: module constants only.
        cursor.execute(
            f"""
            INSERT INTO disclosure_searchdocument (enterprise_id, names)
            SELECT enterprise_id, left(string_agg(name, E'\\n' ORDER BY ord), {DOCUMENT_MAX})
            FROM ({_NAMES_SQL}) AS names WHERE name <> '' GROUP BY enterprise_id
            """  # noqa: S608
        )
        indexed = cursor.rowcount
        cursor.execute(
            "ALTER TABLE disclosure_namebigram DROP CONSTRAINT disclosure_namebigram_pkey"
        )
        cursor.execute("DROP INDEX bigram_enterprise_idx")
        cursor.execute("DROP INDEX bigram_start_idx")
        cursor.execute(
            f"""
            INSERT INTO disclosure_namebigram (term, enterprise_id, at_start)
            SELECT substr(name, i, 2), enterprise_id, bool_or(ord = 0 AND i = 1)
            FROM ({_NAMES_SQL}) AS names, generate_series(1, length(name) - 1) AS i
            GROUP BY 1, 2
            """  # noqa: S608
        )
        cursor.execute(
            "ALTER TABLE disclosure_namebigram ADD CONSTRAINT disclosure_namebigram_pkey "
            "PRIMARY KEY (term, enterprise_id)"
        )
        cursor.execute(
            "CREATE INDEX bigram_enterprise_idx ON disclosure_namebigram (enterprise_id)"
        )
        cursor.execute(
            "CREATE INDEX bigram_start_idx ON disclosure_namebigram (term, at_start, enterprise_id)"
        )
        cursor.execute(
            "ALTER TABLE enterprises_namekey ADD CONSTRAINT enterprises_namekey_pkey "
            "PRIMARY KEY (kind, key, enterprise_id)"
        )
        cursor.execute("CREATE INDEX namekey_enterprise_idx ON enterprises_namekey (enterprise_id)")
        cursor.execute(
            'CREATE INDEX namekey_prefix_c_idx ON enterprises_namekey '
            '(kind, key COLLATE "C", enterprise_id)'
        )
        cursor.execute("ANALYZE disclosure_namebigram")
        cursor.execute("ANALYZE disclosure_searchdocument")
        cursor.execute("ANALYZE enterprises_namekey")
    return indexed
