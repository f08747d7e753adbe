"""Keeping the name-bigram search index in step with enterprise names.

The index is derived data: `search_index_update` runs in the transaction that changes a
firm's names (enterprises.services.register calls it), and `search_index_rebuild` recomputes
it from the enterprise table (one set-based statement per table on PostgreSQL, used after
bulk loads). Public search reads the rows and folds queries with `fold`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from enterprises.models import Enterprise, NameBigram, SearchDocument

DOCUMENT_MAX = 1000  # characters; the btree entry limit is far above this


def fold(text: str) -> str:
    """The form names and queries are compared in: NFKC (full-width to half-width), lower case,
    no white space."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def name_bigrams(names: Iterable[str]) -> set[str]:
    """Every pair of adjacent characters within each name (never across two names)."""
    terms: set[str] = set()
    for name in names:
        folded = fold(name)
        terms.update(folded[i : i + 2] for i in range(len(folded) - 1))
    return terms


def _names(name: str, former: Sequence[str] | None) -> list[str]:
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
    docs, grams = [], []
    for pk, name, former in firms:
        names = _names(name, former)
        docs.append(SearchDocument(enterprise_id=pk, names=document_text(names)))
        first = fold(name)[:2]
        grams += [
            NameBigram(term=t, enterprise_id=pk, at_start=t == first)
            for t in sorted(name_bigrams(names))
        ]
    SearchDocument.objects.bulk_create(docs, batch_size=2000)
    NameBigram.objects.bulk_create(grams, batch_size=5000)


def tables_vacuum(*tables: str) -> None:
    """VACUUM ANALYZE after a bulk load, so searches read the indexes alone (the visibility
    map is set) with fresh statistics. PostgreSQL only, and only outside a transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'VACUUM ANALYZE "{table}"')


SEARCH_TABLES = ("disclosure_namebigram", "disclosure_searchdocument")


def search_index_rebuild() -> int:
    """Rebuild the whole index; returns the number of firms indexed."""
    if connection.vendor == "postgresql":
        return _rebuild_postgresql()
    ids = list(Enterprise.objects.values_list("pk", flat=True))
    with transaction.atomic():
        NameBigram.objects.all().delete()
        SearchDocument.objects.all().delete()
        for start in range(0, len(ids), 5000):
            search_index_update(enterprise_ids=ids[start : start + 5000])
    return len(ids)


# normalize(..., NFKC) and lower() match `fold` for the CJK and Latin text of names; white
# space is removed with regexp_replace. Names come from the current name and every former name.
_NAMES_SQL = """
    SELECT e.id AS enterprise_id, n.ord,
           regexp_replace(lower(normalize(n.name, NFKC)), '\\s', '', 'g') AS name
    FROM enterprises_enterprise e
    CROSS JOIN LATERAL (
        SELECT e.name, 0::bigint
        UNION ALL
        SELECT value, ordinality FROM jsonb_array_elements_text(
            CASE WHEN jsonb_typeof(e.former_names) = 'array' THEN e.former_names
                 ELSE '[]'::jsonb END) WITH ORDINALITY
    ) AS n(name, ord)
"""


@transaction.atomic
def _rebuild_postgresql() -> int:
    with connection.cursor() as cursor:
        # Deferred foreign-key checks of rows just loaded would block TRUNCATE; run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE disclosure_namebigram, disclosure_searchdocument")
        # Interpolated: module constants only.
        cursor.execute(
            f"""
            INSERT INTO disclosure_searchdocument (enterprise_id, names)
            SELECT enterprise_id, left(string_agg(name, E'\\n' ORDER BY ord), {DOCUMENT_MAX})
            FROM ({_NAMES_SQL}) AS names WHERE name <> '' GROUP BY enterprise_id
            """  # noqa: S608
        )
        indexed = cursor.rowcount
        # Millions of rows: load without the indexes, then build them once by sorting, which
        # is far cheaper than maintaining a (term, firm) btree row by row.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
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
        cursor.execute("ANALYZE disclosure_namebigram")
        cursor.execute("ANALYZE disclosure_searchdocument")
    return indexed
