"""Public search over firms: exact or partial code, then name prefix, then name contains.

Every tier is one indexed query on PostgreSQL: codes through the uscc index, name prefixes
through the "C"-collated index of search documents, and contains through the bigram table
(pg_trgm cannot index 2-character CJK queries). Counts stop at MAX_RESULTS, so a common
bigram such as a city name costs no more than a rare one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Collate
from django.utils.translation import gettext as _

from disclosure.models import NameBigram, SearchDocument
from disclosure.search_index import fold
from enterprises.models import Enterprise

MAX_QUERY = 50  # characters
MAX_RESULTS = 1000  # a public search shows at most this many; refine the query beyond it
PAGE_SIZE = 20
_CODE_CHARS = re.compile(r"^[0-9A-Z]+$")


class SearchQueryError(ValueError):
    """A query the search cannot take; the message is for the user."""


@dataclass(frozen=True)
class SearchPage:
    items: list[Enterprise]
    total: int  # capped at MAX_RESULTS
    capped: bool
    page: int
    pages: int
    prefix_only: bool  # a 1-character query matches name prefixes only


def search_query_clean(raw: str) -> str:
    """The folded query, or SearchQueryError for one the search cannot take."""
    q = fold(raw or "")
    if len(q) > MAX_QUERY:
        raise SearchQueryError(
            _("The search text is longer than %(n)d characters.") % {"n": MAX_QUERY}
        )
    if "\x00" in q:
        raise SearchQueryError(_("The search text contains a character that is not allowed."))
    return q


def _c(field: str) -> Collate | F:
    # Code-point order on PostgreSQL whatever the database collation; SQLite compares bytes.
    return Collate(F(field), "C") if connection.vendor == "postgresql" else F(field)


def _tiers(q: str, base: QuerySet[Enterprise]) -> list[QuerySet[Enterprise]]:
    """The ranked tiers of matching firm ids, each ordered and free of the earlier tiers."""
    tiers: list[QuerySet[Enterprise]] = []
    code = q.upper()
    is_code = bool(_CODE_CHARS.match(code))
    if is_code:
        # The exact code sorts first within its prefix tier, being the shortest match.
        tiers.append(base.filter(uscc__startswith=code).order_by("uscc"))
    docs = SearchDocument.objects.alias(cnames=_c("names"))
    prefix_docs = docs.filter(cnames__startswith=q)
    prefix = base.filter(search_document__in=prefix_docs.values("pk"))
    if is_code:
        prefix = prefix.exclude(uscc__startswith=code)
    tiers.append(prefix.alias(cnames=_c("search_document__names")).order_by("cnames", "pk"))
    if len(q) >= 2:
        contains = base
        for term in sorted({q[i : i + 2] for i in range(len(q) - 1)}):
            contains = contains.filter(
                Exists(NameBigram.objects.filter(term=term, enterprise_id=OuterRef("pk")))
            )
        if len(q) > 2:  # all bigrams present is not yet adjacency
            contains = contains.filter(search_document__names__contains=q)
        contains = contains.exclude(search_document__in=prefix_docs.values("pk"))
        if is_code:
            contains = contains.exclude(uscc__startswith=code)
        tiers.append(contains.order_by("pk"))
    return tiers


def search_enterprises(*, q: str, base: QuerySet[Enterprise], page: int = 1) -> SearchPage:
    """One page of ranked results for a cleaned query within `base` (already filtered)."""
    tiers = _tiers(q, base) if q else [base.order_by("uscc")]
    counts: list[int] = []
    for tier in tiers:
        room = MAX_RESULTS - sum(counts)
        counts.append(tier.values("pk")[: room + 1].count() if room > 0 else 0)
    raw_total = sum(counts)
    total = min(raw_total, MAX_RESULTS)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    offset = (page - 1) * PAGE_SIZE
    need = min(PAGE_SIZE, total - offset)  # the cap ends the last page
    ids: list[int] = []
    for tier, count in zip(tiers, counts, strict=True):
        if need <= 0:
            break
        if offset >= count:
            offset -= count
            continue
        got = list(tier.values_list("pk", flat=True)[offset : offset + need])
        ids += got
        need -= len(got)
        offset = 0
    firms = Enterprise.objects.select_related("region", "grade").in_bulk(ids)
    return SearchPage(
        items=[firms[i] for i in ids if i in firms],
        total=total,
        capped=raw_total > MAX_RESULTS,
        page=page,
        pages=pages,
        prefix_only=len(q) == 1,
    )
