"""Name screening (the match API's reads): candidates from the name index, scored by edit
distance on characters and on pinyin.

Candidates come only from indexes, never a scan of the firms: the core name's prefix and the
pinyin and initials prefixes (NameKey, a range of the "C"-collated index), the bigrams of the
core name (each read up to a cap, so a common bigram costs no more than a rare one), and the
code if one is given. rapidfuzz then scores the few hundred candidates in Python, against
their stored keys: nothing is converted to pinyin per candidate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from rapidfuzz.distance import Levenshtein

from enterprises.models import Enterprise, NameKey, NameKeyKind
from enterprises.names import KEY_MAX, fold, is_pinyin_query, name_core, pinyin_keys

# How much each part weighs in a candidate's score; a part the query does not give is left out.
NAME_WEIGHT = 1.0
LEGAL_REPRESENTATIVE_WEIGHT = 0.25
REGION_WEIGHT = 0.15
# Within the name: characters over pinyin, so a homophone ranks below the written name.
CHARS_SHARE = 0.6
# Typed pinyin is often the start of a name (huawei for 华为技术): a key's prefix of the
# query's length counts at this share of a whole match.
PREFIX_SHARE = 0.9
MATCHED = 0.8  # a part counts in `matched_on` from this similarity
MIN_SCORE = 0.3  # candidates below are noise, not answers
# Rows read from each index per query: enough for a misspelled name, bounded at any size.
PREFIX_ROWS = 100
BIGRAM_ROWS = 300
BIGRAM_TERMS = 6
CANDIDATES = 200
SHORTLIST = 40  # firms read in full, by name score


@dataclass(frozen=True)
class MatchQuestion:
    name: str
    region: str = ""
    legal_representative: str = ""
    uscc: str = ""  # normalised and valid, or empty


@dataclass
class Candidate:
    uscc: str
    name: str
    score: float
    matched_on: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Query:
    core: str
    pinyin: tuple[str, ...]  # full-pinyin forms of the name (or the letters typed)
    initials: tuple[str, ...]
    typed_pinyin: bool  # the name was typed in Latin letters


def _query(name: str) -> _Query:
    folded = fold(name)
    core = name_core(folded) or folded
    if is_pinyin_query(core):
        return _Query(core=core, pinyin=(core,), initials=(core,), typed_pinyin=True)
    full, initials = pinyin_keys(core)
    return _Query(core=core, pinyin=tuple(full), initials=tuple(initials), typed_pinyin=False)


def _like(prefix: str) -> str:
    escaped = prefix[:KEY_MAX].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _sources(q: _Query, *, uscc: str) -> tuple[list[str], list[str | int]]:
    """The candidate sources of a question as SQL parts with their parameters, each a bounded
    read of one index: (firm, weight) rows."""
    # Code-point order on PostgreSQL, so the "C"-collated key index serves each range.
    key = 'key COLLATE "C"' if connection.vendor == "postgresql" else "key"
    prefix_sql = (
        f"SELECT enterprise_id AS eid, %s AS w FROM enterprises_namekey WHERE kind = %s "  # noqa: S608
        f"AND {key} LIKE %s ESCAPE '\\' ORDER BY {key}, enterprise_id LIMIT {PREFIX_ROWS}"
    )
    parts: list[str] = []
    params: list[str | int] = []
    if uscc:
        parts.append("SELECT id AS eid, 100 AS w FROM enterprises_enterprise WHERE uscc = %s")
        params.append(uscc)
    prefixes = [(NameKeyKind.PINYIN, full[:4]) for full in q.pinyin[:1]]
    prefixes += [(NameKeyKind.INITIALS, initials[:3]) for initials in q.initials[:1]]
    if not q.typed_pinyin and len(q.core) >= 2:
        prefixes.append((NameKeyKind.CORE, q.core[:2]))
    for kind, prefix in prefixes:
        parts.append(prefix_sql)
        params += [3, kind, _like(prefix)]
    if not q.typed_pinyin:
        terms = sorted({q.core[i : i + 2] for i in range(len(q.core) - 1)})[:BIGRAM_TERMS]
        for term in terms:
            parts.append(  # LIMIT interpolated: a constant
                "SELECT enterprise_id AS eid, 1 AS w FROM disclosure_namebigram "  # noqa: S608
                f"WHERE term = %s ORDER BY term, enterprise_id LIMIT {BIGRAM_ROWS}"
            )
            params.append(term)
    return parts, params


def _candidate_ids(q: _Query, *, uscc: str) -> list[int]:
    """Firms from every source in one statement, those found by more (and surer) sources
    first, at most CANDIDATES."""
    parts, params = _sources(q, uscc=uscc)
    if not parts:
        return []
    # Interpolated: the parts above, whose values are all parameters.
    union = " UNION ALL ".join(
        f"SELECT * FROM ({part}) s{n}"  # noqa: S608
        for n, part in enumerate(parts)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT eid FROM ({union}) c "  # noqa: S608
            f"GROUP BY eid ORDER BY SUM(w) DESC, eid LIMIT {CANDIDATES}",
            params,
        )
        return [int(row[0]) for row in cursor.fetchall()]


def _similarity(a: str, options: list[str]) -> float:
    return max((Levenshtein.normalized_similarity(a, b) for b in options), default=0.0)


def _name_score(q: _Query, keys: dict[str, list[str]]) -> tuple[float, float]:
    """(characters, pinyin) similarity of the query's name to a firm's keys."""
    pinyin = max((_similarity(p, keys.get(NameKeyKind.PINYIN, [])) for p in q.pinyin), default=0.0)
    if q.typed_pinyin:
        typed = [*keys.get(NameKeyKind.PINYIN, []), *keys.get(NameKeyKind.INITIALS, [])]
        whole = _similarity(q.core, typed)
        start = _similarity(q.core, [k[: len(q.core)] for k in typed]) * PREFIX_SHARE
        return 0.0, max(whole, start)
    return _similarity(q.core, keys.get(NameKeyKind.CORE, [])), pinyin


_REGION_FIELDS = ("region__name", "region__parent__name", "region__parent__parent__name")


def _region_matches(asked: str, firm: dict[str, Any]) -> bool:
    text = fold(asked)
    if text.isdigit():
        prefix = text
        while len(prefix) > 2 and prefix.endswith("00"):
            prefix = prefix[:-2]  # 340800 is the city 3408, 340000 the province 34
        return str(firm["region_id"]).startswith(prefix)
    names = [fold(firm[f]) for f in _REGION_FIELDS if firm[f]]
    return any(name.startswith(text) or text.startswith(name) for name in names)


def enterprise_candidates(*, question: MatchQuestion, limit: int) -> list[Candidate]:
    """Up to `limit` firms for one question, best first (score, then code), in three
    statements: the candidates, their keys, the shortlist's firms."""
    q = _query(question.name)
    ids = _candidate_ids(q, uscc=question.uscc)
    if not ids:
        return []
    keys: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for eid, kind, key in NameKey.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "kind", "key"
    ):
        keys[eid][kind].append(key)
    names = {eid: _name_score(q, keys[eid]) for eid in ids}
    # The code, the person and the region add at most their weights: the best names by far
    # hold every firm they could lift to the top.
    shortlist = sorted(ids, key=lambda eid: -max(names[eid]))[: max(SHORTLIST, limit * 3)]
    firms = Enterprise.objects.filter(pk__in=shortlist).values(
        "pk", "uscc", "name", "legal_representative", "region_id", *_REGION_FIELDS
    )
    out = [_scored(q, question, firm, names[firm["pk"]]) for firm in firms]
    ranked = sorted((c for c in out if c.score >= MIN_SCORE), key=lambda c: (-c.score, c.uscc))
    return ranked[:limit]


def _scored(
    q: _Query, question: MatchQuestion, firm: dict[str, Any], name_scores: tuple[float, float]
) -> Candidate:
    chars, pinyin = name_scores
    name = pinyin if q.typed_pinyin else CHARS_SHARE * chars + (1 - CHARS_SHARE) * pinyin
    matched = []
    if question.uscc and firm["uscc"] == question.uscc:
        matched.append("uscc")
    if chars >= MATCHED:
        matched.append("name")
    if pinyin >= MATCHED:
        matched.append("pinyin")
    total, weights = name * NAME_WEIGHT, NAME_WEIGHT
    if question.legal_representative:
        same = fold(question.legal_representative) == fold(firm["legal_representative"])
        total += LEGAL_REPRESENTATIVE_WEIGHT * same
        weights += LEGAL_REPRESENTATIVE_WEIGHT
        if same:
            matched.append("legal_representative")
    if question.region:
        same = _region_matches(question.region, firm)
        total += REGION_WEIGHT * same
        weights += REGION_WEIGHT
        if same:
            matched.append("region")
    score = 1.0 if "uscc" in matched else total / weights
    return Candidate(
        uscc=firm["uscc"], name=firm["name"], score=round(score, 4), matched_on=matched
    )
