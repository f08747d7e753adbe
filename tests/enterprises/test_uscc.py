from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from enterprises.uscc import (
    ALPHABET,
    final_check_char,
    is_valid_uscc,
    make_uscc,
    normalise,
    org_check_char,
    uscc_error,
    validate_uscc,
)

# Published codes from DOMAIN.md section 2.
VALID = [
    "914403001922038216",
    "91440300708461136T",
    "91330100799655058B",
    "91110108551385082Q",
    "91110000600037341L",
    "91310115MA1K3BTP2B",
    "9144030071526726XG",
    "92340602MA2PBMEM24",
    "121200004013590816",
    "51310110501144395U",
]


@pytest.mark.parametrize("code", VALID)
def test_it_accepts_published_codes(code: str) -> None:
    assert uscc_error(code) is None
    validate_uscc(code)


@pytest.mark.parametrize(
    ("code", "check"),
    [
        ("91110000600037341N", "final"),
        ("9111000060003IOZSV", "alphabet"),
        ("91440300MA5DA8QK3X", "final"),
        ("", "empty"),
        ("91350100M000100Y4", "length"),  # 17 characters
        ("91350100M000100Y4O1", "length"),
        ("B1110000600037341L", "department"),
        ("94110000600037341L", "type"),  # market regulation has types 1, 2, 3 only
        ("9111A000600037341L", "region"),
        ("911100006000373X1L", "org"),
    ],
)
def test_it_names_the_failed_check(code: str, check: str) -> None:
    error = uscc_error(code)
    assert error is not None
    assert error.check == check
    with pytest.raises(ValidationError) as exc:
        validate_uscc(code)
    assert exc.value.code == f"invalid_uscc_{check}"


def test_it_says_which_characters_are_not_allowed() -> None:
    error = uscc_error("9111000060003IOZSV")
    assert error is not None
    assert "IOZS" in error.message


def test_it_tells_the_expected_check_character() -> None:
    error = uscc_error("91110000600037341N")
    assert error is not None
    assert "L" in error.message


@pytest.mark.parametrize(
    "raw",
    [
        " 9111 0000 6000 3734 1L ",
        "91110000600037341l",
        "９１１１００００６０００３７３４１Ｌ",
        "91110000600037341L\u3000",
    ],
)
def test_it_normalises_spaces_case_and_full_width(raw: str) -> None:
    assert normalise(raw) == "91110000600037341L"
    assert is_valid_uscc(raw)


def test_the_organisation_check_maps_10_to_x_and_11_to_0() -> None:
    assert org_check_char("71526726") == "X"  # from 9144030071526726XG
    assert org_check_char("19220382") == "1"  # from 914403001922038216


valid_codes = st.builds(
    lambda dept_type, region, org: make_uscc(
        department=dept_type[0], entity_type=dept_type[1], region=region, org8=org
    ),
    st.sampled_from([("9", "1"), ("9", "2"), ("9", "3"), ("1", "1"), ("5", "1"), ("Y", "1")]),
    st.from_regex(r"\A[0-9]{6}\Z"),
    st.text(alphabet=ALPHABET, min_size=8, max_size=8),
)


@given(valid_codes)
def test_generated_codes_are_valid(code: str) -> None:
    assert uscc_error(code) is None
    assert final_check_char(code[:17]) == code[17]


@given(valid_codes, st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET + "IOZSV"))
def test_any_single_character_change_is_rejected(code: str, pos: int, ch: str) -> None:
    if code[pos] == ch:
        return
    changed = code[:pos] + ch + code[pos + 1 :]
    assert uscc_error(changed) is not None


def test_invisible_characters_are_stripped() -> None:
    assert normalise("\ufeff91110000600037341L\u200b") == "91110000600037341L"
