"""Unified social credit code (统一社会信用代码), GB 32100-2015.

Layout: [registering dept][entity type][6-digit region, GB/T 2260][9-char organisation code,
GB 11714, whose last char is its own check][final check char]. Both checks are verified.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# GB 32100-2015 table 1: 31 characters, I O Z S V left out to avoid misreading.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714-1997: organisation-code check over its first 8 characters.
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
REGISTERING_DEPARTMENTS = frozenset("123456789ANY")
# For department 9 (市场监管/工商) the entity type is 1 enterprise, 2 个体工商户, 3 农民专业合作社.
MARKET_REGULATION_TYPES = frozenset("123")
LENGTH = 18
# The code as the API's schema states it: 18 characters of the alphabet, either case (input is
# normalised; the check characters are verified by uscc_error, which a pattern cannot say).
USCC_PATTERN = f"^[{ALPHABET}{ALPHABET[10:].lower()}]{{{LENGTH}}}$"

_SPACES = re.compile(r"\s+")


def normalise(raw: str) -> str:
    """Strip spaces and invisible format characters (zero-width space, a CSV byte-order mark),
    fold full-width to half-width (NFKC) and upper-case."""
    folded = unicodedata.normalize("NFKC", raw)
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return _SPACES.sub("", visible).upper()


def final_check_char(first17: str) -> str:
    """The 18th character for the given first 17 (all from ALPHABET)."""
    total = sum(VALUES[ch] * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def _org_value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def org_check_char(org8: str) -> str:
    """The organisation code's check character for its first 8 characters."""
    total = sum(_org_value(ch) * w for ch, w in zip(org8, ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


@dataclass(frozen=True)
class UsccError:
    check: str  # which check failed: empty, length, alphabet, department, type, region, org, final
    message: str


def uscc_error(code: str) -> UsccError | None:
    """The first failed check of an already normalised code, or None when it is valid."""
    if not code:
        return UsccError("empty", str(_("The code is empty.")))
    if len(code) != LENGTH:
        return UsccError(
            "length",
            str(_("The code must have 18 characters, not %(n)d.") % {"n": len(code)}),
        )
    bad = [ch for ch in code if ch not in VALUES]
    if bad:
        return UsccError(
            "alphabet",
            str(
                _("Character(s) %(chars)s are not allowed (I, O, Z, S, V are never used).")
                % {"chars": "".join(dict.fromkeys(bad))}
            ),
        )
    if code[0] not in REGISTERING_DEPARTMENTS:
        return UsccError(
            "department",
            str(
                _("The registering-department character %(ch)s is not one of 1-9, A, N, Y.")
                % {"ch": code[0]}
            ),
        )
    if code[0] == "9" and code[1] not in MARKET_REGULATION_TYPES:
        return UsccError(
            "type",
            str(
                _("Entity type %(ch)s is not 1, 2 or 3 for market-regulation registrations.")
                % {"ch": code[1]}
            ),
        )
    if not code[2:8].isdigit():
        return UsccError("region", str(_("Characters 3-8 must be a 6-digit region code.")))
    expected_org = org_check_char(code[8:16])
    if code[16] != expected_org:
        return UsccError(
            "org",
            str(
                _("The organisation-code check character (17th) should be %(ch)s.")
                % {"ch": expected_org}
            ),
        )
    expected = final_check_char(code[:17])
    if code[17] != expected:
        return UsccError(
            "final",
            str(_("The final check character (18th) should be %(ch)s.") % {"ch": expected}),
        )
    return None


def is_valid_uscc(raw: str) -> bool:
    return uscc_error(normalise(raw)) is None


@deconstructible
class UsccValidator:
    """Django validator; callers should store `normalise(value)`."""

    code = "invalid_uscc"

    def __call__(self, value: str) -> None:
        error = uscc_error(normalise(value or ""))
        if error is not None:
            raise ValidationError(
                _("Invalid unified social credit code: %(reason)s"),
                code=f"{self.code}_{error.check}",
                params={"reason": error.message},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UsccValidator)

    def __hash__(self) -> int:
        return hash(self.code)


validate_uscc = UsccValidator()


def make_uscc(*, department: str, entity_type: str, region: str, org8: str) -> str:
    """Build a valid code from its parts (used by demo data and tests)."""
    first16 = f"{department}{entity_type}{region}{org8}"
    first17 = first16 + org_check_char(org8)
    return first17 + final_check_char(first17)
