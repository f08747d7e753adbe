from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from enterprises import gtin as gtins


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The reasons are asserted in English (the portal's default language is Chinese)."""
    with translation.override("en"):
        yield


VALID = [
    ("69012341", "00000069012341"),  # GTIN-8
    ("036000291452", "00036000291452"),  # UPC-A
    ("6901234567892", "06901234567892"),  # EAN-13
    ("16901234567899", "16901234567899"),  # GTIN-14
]


@pytest.mark.parametrize(("typed", "stored"), VALID)
def test_it_accepts_each_gtin_length_and_stores_14_digits(typed: str, stored: str) -> None:
    assert gtins.gtin_error(typed) is None
    assert gtins.canonical(typed) == stored
    assert gtins.display(stored) == typed


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("69012342", "1"), ("036000291453", "2"), ("6901234567893", "2"), ("16901234567890", "9")],
)
def test_it_names_the_expected_check_digit_at_each_length(typed: str, expected: str) -> None:
    error = gtins.gtin_error(typed)
    assert error is not None
    assert error.check == "check_digit"
    assert f"should be {expected}, not {typed[-1]}" in error.message


@pytest.mark.parametrize(
    ("typed", "check"),
    [
        ("", "empty"),
        ("690123456789X", "digits"),
        ("6901234", "length"),  # 7
        ("690123456", "length"),  # 9
        ("690123456789012", "length"),  # 15
    ],
)
def test_it_says_which_check_fails(typed: str, check: str) -> None:
    error = gtins.gtin_error(typed)
    assert error is not None
    assert error.check == check
    with pytest.raises(ValidationError) as exc:
        gtins.canonical(typed)
    assert exc.value.code == check


def test_it_counts_the_digits_in_the_length_message() -> None:
    error = gtins.gtin_error("690123456")
    assert error is not None
    assert "this one has 9" in error.message


def test_it_reads_spaces_hyphens_and_full_width_digits() -> None:
    assert gtins.canonical(" 690-1234 56789２ ") == "06901234567892"


@pytest.mark.parametrize(
    ("gtin", "prefix", "inside"),
    [
        ("06901234567892", "6901234", True),
        ("06901234567892", "6901235", False),
        ("16901234567899", "690123456", True),  # the indicator digit is not part of it
        ("00036000291452", "0036000", True),  # UPC-A read as its GTIN-13
        ("00000069012341", "6901234", True),  # GTIN-8 read as itself
    ],
)
def test_it_reads_the_company_prefix_of_each_length(gtin: str, prefix: str, inside: bool) -> None:
    assert gtins.within_prefix(gtin, prefix) is inside


@pytest.mark.parametrize(
    ("prefix", "ok"),
    [
        ("690123", False),
        ("6901234", True),
        ("690123456", True),
        ("6901234567", False),
        ("69O1234", False),
    ],
)
def test_it_accepts_prefixes_of_7_to_9_digits(prefix: str, ok: bool) -> None:
    assert (gtins.prefix_error(prefix) is None) is ok
