"""GS1 trade item numbers (GTIN-8, UPC-A/GTIN-12, EAN-13, GTIN-14) and company prefixes.

The check digit is python-stdnum's `ean` (GS1 General Specifications 7.9: mod 10, weights 3
and 1 alternating from the right). A GTIN is stored as 14 digits, zero-padded on the left
(GS1's own canonical form), so a UPC-A and the same number written as EAN-13 are one product.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import ean

# GS1 General Specifications 3.3: the four GTIN lengths.
LENGTHS = (8, 12, 13, 14)
STORED_LENGTH = 14
# GS1 China (中国物品编码中心) issues company prefixes (厂商识别代码) of 7 to 9 digits (GB 12904).
PREFIX_MIN, PREFIX_MAX = 7, 9


@dataclass(frozen=True)
class GtinError:
    check: str  # which check failed: empty, digits, length, check_digit
    message: str


def compact(raw: str) -> str:
    """Full-width digits folded (NFKC), spaces and hyphens dropped, as a scanner or a person
    types them."""
    return ean.compact(unicodedata.normalize("NFKC", raw or ""))


def gtin_error(raw: str) -> GtinError | None:
    """What is wrong with a typed GTIN, or None when it is a valid one."""
    number = compact(raw)
    if not number:
        return GtinError("empty", _("Enter a barcode number (GTIN)."))
    if not number.isascii() or not number.isdigit():
        return GtinError("digits", _("A barcode number (GTIN) has digits only."))
    if len(number) not in LENGTHS:
        return GtinError(
            "length",
            _("A barcode number (GTIN) has 8, 12, 13 or 14 digits; this one has %(n)d.")
            % {"n": len(number)},
        )
    expected = ean.calc_check_digit(number[:-1])
    if number[-1] != expected:
        return GtinError(
            "check_digit",
            _("The check digit of %(gtin)s is wrong: it should be %(expected)s, not %(given)s.")
            % {"gtin": number, "expected": expected, "given": number[-1]},
        )
    return None


def canonical(raw: str) -> str:
    """The stored 14-digit form of a valid GTIN; ValidationError naming the failed check."""
    error = gtin_error(raw)
    if error is not None:
        raise ValidationError(error.message, code=error.check)
    return compact(raw).zfill(STORED_LENGTH)


def display(gtin: str) -> str:
    """The stored 14 digits in the shortest GTIN length that keeps every digit, as printed
    under the bars."""
    for length in LENGTHS:
        if gtin[: STORED_LENGTH - length].strip("0") == "":
            return gtin[STORED_LENGTH - length :]
    return gtin


def company_part(gtin: str) -> str:
    """The digits a company prefix is read from: the GTIN-13 inside a GTIN-14 (its first digit
    is a packaging indicator), or the GTIN-8 itself (issued one by one, not from a prefix)."""
    short = display(gtin)
    if len(short) == 8:
        return short
    return gtin[1:]


def prefix_error(raw: str) -> str | None:
    """What is wrong with a typed company prefix, or None."""
    prefix = compact(raw)
    if not (prefix.isascii() and prefix.isdigit()) or not (PREFIX_MIN <= len(prefix) <= PREFIX_MAX):
        return _("A company prefix (厂商识别代码) has %(a)d to %(b)d digits.") % {
            "a": PREFIX_MIN,
            "b": PREFIX_MAX,
        }
    return None


def within_prefix(gtin: str, prefix: str) -> bool:
    """Whether a stored GTIN was numbered under the company prefix."""
    return company_part(gtin).startswith(prefix)
