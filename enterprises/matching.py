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

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate
from rapidfuzz.distance import Levenshtein

from enterprises.models import Enterprise, NameBigram, NameKey, NameKeyKind, Region
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


def _prefix_ids(kind: str, prefix: str) -> list[int]:
    # Code-point order on PostgreSQL, so the "C"-collated index serves the range.
    key = Collate(F("key"), "C") if connection.vendor == "postgresql" else F("key")
    rows = (
        NameKey.objects.alias(ckey=key)
        .filter(kind=kind, ckey__startswith=prefix[:KEY_MAX])
        .order_by("ckey", "enterprise_id")
        .values_list("enterprise_id", flat=True)[:PREFIX_ROWS]
    )
    return list(rows)


def _bigram_ids(core: str) -> list[int]:
    """Firms sharing the most bigrams of the core, each bigram read up to BIGRAM_ROWS rows."""
    terms = sorted({core[i : i + 2] for i in range(len(core) - 1)})[:BIGRAM_TERMS]
    hits: dict[int, int] = defaultdict(int)
    for term in terms:
        ids = NameBigram.objects.filter(term=term).order_by("term", "enterprise_id")
        for eid in ids.values_list("enterprise_id", flat=True)[:BIGRAM_ROWS]:
            hits[eid] += 1
    ranked = sorted(hits, key=lambda eid: (-hits[eid], eid))
    return ranked[:CANDIDATES]


def _candidate_ids(q: _Query, *, uscc: str) -> list[int]:
    ids: dict[int, None] = {}
    if uscc:
        ids.update(dict.fromkeys(Enterprise.objects.filter(uscc=uscc).values_list("pk", flat=True)))
    if not q.typed_pinyin and len(q.core) >= 2:
        ids.update(dict.fromkeys(_prefix_ids(NameKeyKind.CORE, q.core[:2])))
    for full in q.pinyin[:1]:
        ids.update(dict.fromkeys(_prefix_ids(NameKeyKind.PINYIN, full[:4])))
    for initials in q.initials[:1]:
        ids.update(dict.fromkeys(_prefix_ids(NameKeyKind.INITIALS, initials[:3])))
    if not q.typed_pinyin:
        ids.update(dict.fromkeys(_bigram_ids(q.core)))
    return list(ids)[: CANDIDATES * 2]


def _similarity(a: str, options: list[str]) -> float:
    return max((Levenshtein.normalized_similarity(a, b) for b in options), default=0.0)


def _name_score(q: _Query, keys: dict[str, list[str]]) -> tuple[float, float]:
    """(characters, pinyin) similarity of the query's name to a firm's keys."""
    pinyin = max(
        (_similarity(p, keys.get(NameKeyKind.PINYIN, [])) for p in q.pinyin), default=0.0
    )
    if q.typed_pinyin:
        typed = [*keys.get(NameKeyKind.PINYIN, []), *keys.get(NameKeyKind.INITIALS, [])]
        whole = _similarity(q.core, typed)
        start = _similarity(q.core, [k[: len(q.core)] for k in typed]) * PREFIX_SHARE
        return 0.0, max(whole, start)
    return _similarity(q.core, keys.get(NameKeyKind.CORE, [])), pinyin


def _region_names(region: Region | None) -> list[str]:
    names = []
    while region is not None:
        names.append(fold(region.name))
        region = region.parent
    return names


def _region_matches(asked: str, firm: Enterprise) -> bool:
    text = fold(asked)
    if text.isdigit():
        prefix = text
        while len(prefix) > 2 and prefix.endswith("00"):
            prefix = prefix[:-2]  # 340800 is the city 3408, 340000 the province 34
        return str(firm.region_id).startswith(prefix)
    return any(name.startswith(text) or text.startswith(name) for name in _region_names(firm.region))


def enterprise_candidates(*, question: MatchQuestion, limit: int) -> list[Candidate]:
    """Up to `limit` firms for one question, best first (score, then code)."""
    q = _query(question.name)
    ids = _candidate_ids(q, uscc=question.uscc)
    if not ids:
        return []
    keys: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for eid, kind, key in NameKey.objects.filter(enterprise_id__in=ids).values_list(
        "enterprise_id", "kind", "key"
    ):
        keys[eid][kind].append(key)
    firms = Enterprise.objects.filter(pk__in=ids).select_related("region__parent__parent")
    out = [_scored(q, question, firm, keys[firm.pk]) for firm in firms]
    ranked = sorted((c for c in out if c.score >= MIN_SCORE), key=lambda c: (-c.score, c.uscc))
    return ranked[:limit]


def _scored(
    q: _Query, question: MatchQuestion, firm: Enterprise, keys: dict[str, list[str]]
) -> Candidate:
    chars, pinyin = _name_score(q, keys)
    name = pinyin if q.typed_pinyin else CHARS_SHARE * chars + (1 - CHARS_SHARE) * pinyin
    matched = []
    if question.uscc and firm.uscc == question.uscc:
        matched.append("uscc")
    if chars >= MATCHED:
        matched.append("name")
    if pinyin >= MATCHED:
        matched.append("pinyin")
    total, weights = name * NAME_WEIGHT, NAME_WEIGHT
    if question.legal_representative:
        same = fold(question.legal_representative) == fold(firm.legal_representative)
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
    return Candidate(uscc=firm.uscc, name=firm.name, score=round(score, 4), matched_on=matched)
