"""The forms a firm's name is compared in, the way people type it: folded characters, the core
name without region prefixes and company-form words, its pinyin and pinyin initials, and the
organisation code inside the USCC.

Pure functions of text, no database: the search index (enterprises.services.search_terms)
stores what they compute for every name once, and queries are put through the same functions,
so a name and a query always meet in the same form.
"""

from __future__ import annotations

import csv
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import opencc
from pypinyin import Style, pinyin

from enterprises.uscc import ALPHABET, org_check_char

# Polyphonic characters give every reading (a name's pinyin is a guess for a machine too),
# but a name of many such characters would give thousands: the first few combinations, in
# pypinyin's order (the phrase reading, then the commonest), are what people type.
MAX_READINGS = 4
KEY_MAX = 48  # characters of a stored key; a prefix query is cut to the same length

# Company-form words (组织形式, 《企业名称登记管理规定》 art. 6), longest first so that 有限责任公司
# goes before 公司. Removed wherever they stand: "(集团)" sits in the middle of names.
COMPANY_FORMS = (
    "股份有限公司",
    "有限责任公司",
    "股份合作公司",
    "有限合伙企业",
    "普通合伙企业",
    "集团有限公司",
    "集团股份公司",
    "有限公司",
    "股份公司",
    "集团公司",
    "分公司",
    "总公司",
    "合伙企业",
    "有限合伙",
    "普通合伙",
    "公司",
    "集团",
    "股份",
)
# Forms of one or two characters that also occur inside trade names: removed only at the end.
TRAILING_FORMS = ("经营部", "门市部", "商行", "分厂", "厂", "店")
_REGION_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "自治州",
    "地区",
    "省",
    "市",
    "盟",
)
_REGIONS_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"
_SURROGATES = re.compile("[\ud800-\udfff]")
_PUNCTUATION = {"P", "S", "Z"}  # categories dropped from the core: brackets, dots, spaces
_LATIN = re.compile(r"^[a-z]+$")
# Runs of Han characters, and runs of anything else, in order.
_HAN_RUNS = re.compile(
    "[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+|[^\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]+"
)
ORG_CODE_LENGTH = 9
# Kinds of index key (enterprises.models.NameKey.kind).
CORE, PINYIN, INITIALS = "c", "p", "i"


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """The form names and queries are compared in: NFKC (full-width to half-width),
    traditional to simplified characters (OpenCC), lower case, no white space."""
    text = _SURROGATES.sub("", unicodedata.normalize("NFKC", text))
    return "".join(_t2s().convert(text).lower().split())


@functools.cache
def region_prefixes() -> tuple[str, ...]:
    """Province and prefecture names a firm's name may start with, full (安徽省) and short
    (安徽), longest first. From the GB/T 2260 table the credit file loads its regions from."""
    names: set[str] = set()
    with _REGIONS_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["level"] not in ("province", "city") or row["name"] in ("市辖区", "县"):
                continue
            full = fold(row["name"])
            names.add(full)
            for suffix in _REGION_SUFFIXES:
                short = full.removesuffix(suffix)
                if short != full:
                    if len(short) >= 2:
                        names.add(short)
                    break
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


def _plain(folded: str) -> str:
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] not in _PUNCTUATION)


def _without_forms(plain: str) -> str:
    for form in COMPANY_FORMS:
        shorter = plain.replace(form, "")
        if len(shorter) >= 2:
            plain = shorter
    for form in TRAILING_FORMS:
        if plain.endswith(form) and len(plain) - len(form) >= 2:
            plain = plain.removesuffix(form)
    return plain


@functools.cache
def _prefixes_by_first() -> dict[str, tuple[str, ...]]:
    by_first: dict[str, list[str]] = {}
    for prefix in region_prefixes():
        by_first.setdefault(prefix[0], []).append(prefix)
    return {ch: tuple(prefixes) for ch, prefixes in by_first.items()}


def _without_regions(text: str) -> str:
    stripped = True
    while stripped and text:
        stripped = False
        for prefix in _prefixes_by_first().get(text[0], ()):  # longest first
            if text.startswith(prefix) and len(text) - len(prefix) >= 2:
                text = text[len(prefix) :]
                stripped = True
                break
    return text


def name_core(folded: str) -> str:
    """The distinctive part of a folded name: punctuation, region prefixes at its start and
    company-form words removed (安徽省安庆市华为技术有限公司 → 华为技术). A step that would leave
    fewer than two characters is not taken."""
    return _without_regions(_without_forms(_plain(folded)))


def name_keys(names: Iterable[str]) -> set[tuple[str, str]]:
    """The index keys of a firm's names, as (kind, key): the core's characters (CORE), and the
    full pinyin (PINYIN) and initials (INITIALS) of the core and of the name without its
    company-form words (so 深圳华为 is found by huawei and by shenzhenhuawei)."""
    keys: set[tuple[str, str]] = set()
    for folded in (fold(n) for n in names):
        if not folded:
            continue
        formless = _without_forms(_plain(folded))
        core = _without_regions(formless)
        keys.add((CORE, core[:KEY_MAX]))
        pieces = _pieces(formless)  # read once: the core's pieces are its tail
        for part in (pieces, _tail(pieces, len(core)) or _pieces(core)):
            full, initials = _keys(part)
            keys.update((PINYIN, k) for k in full)
            keys.update((INITIALS, k) for k in initials)
    return keys


Piece = tuple[list[str], bool, int]  # readings, a Han character or not, characters covered


def _pieces(text: str) -> list[Piece]:
    """The options of each piece of a folded text: a Han character's toneless readings
    (phrase-aware, by pypinyin), or a run of other characters (led, 3m) kept whole."""
    out: list[Piece] = []
    for run in _HAN_RUNS.findall(text):
        if not _is_han(run[0]):
            out.append(([run], False, len(run)))
            continue
        for options in pinyin(run, heteronym=True, style=Style.NORMAL):
            out.append((list(dict.fromkeys(o.lower() for o in options if o)) or [""], True, 1))
    return out


def _tail(pieces: list[Piece], chars: int) -> list[Piece] | None:
    """The pieces covering the last `chars` characters; None if a piece would be cut."""
    covered = 0
    for at in range(len(pieces) - 1, -1, -1):
        covered += pieces[at][2]
        if covered == chars:
            return pieces[at:]
        if covered > chars:
            return None
    return None


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def _keys(pieces: list[Piece]) -> tuple[list[str], list[str]]:
    pieces = [p for p in pieces if p[0] != [""]]
    full: dict[str, None] = {}
    initials: dict[str, None] = {}
    han = [is_han for _o, is_han, _n in pieces]
    for combo in itertools.islice(itertools.product(*(o for o, _h, _n in pieces)), MAX_READINGS):
        full["".join(combo)[:KEY_MAX]] = None
        initial = "".join(s[0] if h else s for s, h in zip(combo, han, strict=True))
        initials[initial[:KEY_MAX]] = None
    return [k for k in full if k], [k for k in initials if k]


def pinyin_keys(text: str) -> tuple[list[str], list[str]]:
    """The full-pinyin keys (huaweijishu) and pinyin-initials keys (hwjs) of a folded text, one
    per reading (up to MAX_READINGS), each cut to KEY_MAX; duplicates dropped, the first
    reading first. A run of Latin letters or digits is typed as it is in both."""
    return _keys(_pieces(text))


def is_pinyin_query(q: str) -> bool:
    """A folded query of Latin letters only, two or more: it may be pinyin or initials."""
    return len(q) >= 2 and q.isascii() and _LATIN.match(q) is not None


def org_code_query(q: str) -> str | None:
    """The organisation code (GB 11714, positions 9–17 of the USCC) a query is, with its check
    character verified; the usual 12345678-9 form is taken too. None if it is none."""
    code = q.upper().replace("-", "")
    if len(code) != ORG_CODE_LENGTH or any(ch not in ALPHABET and ch != "X" for ch in code):
        return None
    if not code[:8].isalnum() or org_check_char(code[:8]) != code[8]:
        return None
    return code
