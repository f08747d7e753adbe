"""Public search over firms: exact or partial code (the 9-character organisation code too),
then name prefix, then name contains, then the pinyin of names (full, then initials).

Every tier is one indexed query on PostgreSQL: codes through the uscc index and the
organisation-code expression index, name prefixes through the "C"-collated index of search
documents, contains through the bigram table (pg_trgm cannot index 2-character CJK queries),
pinyin through the "C"-collated index of name keys. Names and queries are folded alike
(traditional characters become simplified). Counts stop at MAX_RESULTS, so a common bigram
such as a city name costs no more than a rare one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Exists, F, Min, OuterRef, Q, QuerySet
from django.db.models.functions import Collate, Substr
from django.utils.translation import gettext as _

from enterprises.models import Enterprise, NameBigram, NameKey, NameKeyKind, SearchDocument
from enterprises.names import KEY_MAX, is_pinyin_query, org_code_query
from enterprises.services.search_terms import fold
from enterprises.uscc import uscc_error

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


def _probe_terms(q: str) -> list[str]:
    """Bigrams whose presence a match needs: non-overlapping ones covering the query, plus the
    last. Adjacency is then checked on the names; fewer joins keep planning cheap."""
    terms = [q[i : i + 2] for i in range(0, len(q) - 1, 2)]
    if len(q) % 2 == 1:
        terms.append(q[-2:])
    return sorted(set(terms))[:6]


def _tiers(q: str, base: QuerySet[Enterprise]) -> list[QuerySet[Any]]:
    """Ranked tiers of matching firm ids (querysets of one id column), each in its display
    order and free of the earlier tiers. Each tier is driven by its own index."""
    filtered = base.query.has_filters()
    tiers: list[QuerySet[Any]] = []
    code = q.upper()
    is_code = bool(_CODE_CHARS.match(code))
    org = org_code_query(q)
    if org is not None:
        # A valid organisation code names one firm, as a whole code does: it comes first.
        tiers.append(
            base.alias(org=Substr("uscc", 9, 9)).filter(org=org).order_by("pk")
            .values_list("pk", flat=True)
        )
    if is_code:
        # The exact code sorts first within its prefix tier, being the shortest match.
        prefix_codes = base.filter(uscc__startswith=code)
        if org is not None:
            prefix_codes = prefix_codes.alias(org=Substr("uscc", 9, 9)).exclude(org=org)
        tiers.append(prefix_codes.order_by("uscc").values_list("pk", flat=True))
        if uscc_error(code) is None:
            return tiers  # a complete, valid code names one firm
    long_code = is_code and len(code) >= 8  # a code fragment, not a word of a name
    if len(q) == 2 and not long_code:
        # The common case, from one index: names beginning with the two characters, then
        # names containing them, each in firm order.
        for at_start in (True, False):
            tier = NameBigram.objects.filter(term=q, at_start=at_start)
            if filtered:
                tier = tier.filter(enterprise__in=base)
            if is_code:
                tier = tier.exclude(enterprise__uscc__startswith=code)
            tiers.append(tier.order_by("enterprise_id").values_list("enterprise_id", flat=True))
        return tiers + _pinyin_tiers(q, base, filtered=bool(filtered), code=code if is_code else "")
    doc_id = OuterRef("enterprise_id")
    starts = SearchDocument.objects.alias(cnames=_c("names")).filter(cnames__startswith=q)
    prefix = starts
    if filtered:
        prefix = prefix.filter(enterprise__in=base)
    if is_code:
        prefix = prefix.exclude(enterprise__uscc__startswith=code)
    tiers.append(prefix.order_by("cnames", "enterprise_id").values_list("enterprise_id", flat=True))
    if len(q) >= 2 and not long_code:
        first, *rest = _probe_terms(q)
        contains = NameBigram.objects.filter(term=first)
        for term in rest:
            contains = contains.filter(
                Exists(NameBigram.objects.filter(term=term, enterprise_id=doc_id))
            )
        if len(q) > 2:  # the bigrams being present is not yet adjacency
            contains = contains.filter(
                Exists(SearchDocument.objects.filter(enterprise_id=doc_id, names__contains=q))
            )
        contains = contains.exclude(Exists(starts.filter(enterprise_id=doc_id)))
        if filtered:
            contains = contains.filter(enterprise__in=base)
        if is_code:
            contains = contains.exclude(enterprise__uscc__startswith=code)
        tiers.append(contains.order_by("enterprise_id").values_list("enterprise_id", flat=True))
    return tiers + _pinyin_tiers(q, base, filtered=bool(filtered), code=code if is_code else "")


def _key_prefix(kind: str, q: str) -> QuerySet[NameKey]:
    return NameKey.objects.alias(ckey=_c("key")).filter(kind=kind, ckey__startswith=q[:KEY_MAX])


def _pinyin_tiers(
    q: str, base: QuerySet[Enterprise], *, filtered: bool, code: str
) -> list[QuerySet[Any]]:
    """For a query of Latin letters: firms whose name's full pinyin starts with it (huawei,
    hua wei), then those whose initials do (hw); each after every character match, and each
    firm once (at its closest key: shortest first)."""
    if not is_pinyin_query(q):
        return []
    doc_id = OuterRef("enterprise_id")
    earlier = Q(Exists(SearchDocument.objects.filter(enterprise_id=doc_id, names__contains=q)))
    if code:
        earlier |= Q(enterprise__uscc__startswith=code)
    tiers: list[QuerySet[Any]] = []
    for kind in (NameKeyKind.PINYIN, NameKeyKind.INITIALS):
        tier = _key_prefix(kind, q).exclude(earlier)
        if kind == NameKeyKind.INITIALS:
            tier = tier.exclude(
                Exists(_key_prefix(NameKeyKind.PINYIN, q).filter(enterprise_id=doc_id))
            )
        if filtered:
            tier = tier.filter(enterprise__in=base)
        tiers.append(
            tier.values("enterprise_id")
            .annotate(closest=Min(_c("key")))
            .order_by("closest", "enterprise_id")
            .values_list("enterprise_id", flat=True)
        )
    return tiers


def firm_match_q(q: str, *, field: str = "enterprise_id") -> Q:
    """Rows whose firm the search finds for the cleaned query `q`, unranked: every tier as an
    indexed id subquery (the public lists' name-or-code search)."""
    match = Q(**{f"{field}__in": []})
    for tier in _tiers(q, Enterprise.objects.all()):
        match |= Q(**{f"{field}__in": tier})
    return match


def _tier_slice(tier: QuerySet[Any], *, cap: int, offset: int, limit: int) -> tuple[int, list[int]]:
    """Up to `limit` ids from `offset` in a tier capped at `cap` rows, and the tier's capped
    count, in one statement (a window count over the LIMITed, ordered tier)."""
    sql, params = tier[:cap].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.*, COUNT(*) OVER () FROM ({sql}) t LIMIT %s OFFSET %s",  # noqa: S608
            [*params, limit, offset],
        )
        rows = cursor.fetchall()
    if rows:
        return int(rows[0][-1]), [int(r[0]) for r in rows]
    # Past the end of the tier (or an empty one): count it alone, without order.
    return (tier.order_by()[:cap].count() if offset else 0), []


def search_enterprises(*, q: str, base: QuerySet[Enterprise], page: int = 1) -> SearchPage:
    """One page of ranked results for a cleaned query within `base` (already filtered).

    Each tier costs one statement (its page slice and capped count together), and a tier
    after the cap is not read at all.
    """
    tiers = _tiers(q, base) if q else [base.order_by("uscc").values_list("pk", flat=True)]
    page = max(page, 1)
    offset = min((page - 1) * PAGE_SIZE, MAX_RESULTS)
    counts: list[int] = []
    ids: list[int] = []
    for tier in tiers:
        room = MAX_RESULTS - sum(counts)
        if room <= 0:
            counts.append(0)
            continue
        local = max(offset - sum(counts), 0)
        need = PAGE_SIZE - len(ids)
        if need > 0:
            count, got = _tier_slice(tier, cap=room + 1, offset=local, limit=need)
            ids += got
        else:
            count = tier.order_by()[: room + 1].count()
        counts.append(count)
    raw_total = sum(counts)
    total = min(raw_total, MAX_RESULTS)
    pages = max(1, -(-total // PAGE_SIZE))
    if page > pages:  # past the last page: show the last one
        return search_enterprises(q=q, base=base, page=pages)
    ids = ids[: max(0, total - offset)]  # the cap ends the last page
    firms = Enterprise.objects.select_related("region", "grade").in_bulk(ids)
    return SearchPage(
        items=[firms[i] for i in ids if i in firms],
        total=total,
        capped=raw_total > MAX_RESULTS,
        page=page,
        pages=pages,
        prefix_only=len(q) == 1,
    )
