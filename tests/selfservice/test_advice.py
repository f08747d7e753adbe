"""The dashboard's advice gives the numbers of the policies in force (grading windows, the
objection window, the repair period and the low-fine threshold), in both languages."""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal

import pytest
from django.utils import translation

from lists.rules import ListRules
from ratings.policy import PolicyRules
from selfservice.advice import factor_advice

CODES = [
    "on_blacklist",
    "failed_samplings_c",
    "serious_failures_c",
    "consecutive_failures_c",
    "heavy_penalties_c",
    "passed_samplings_a",
    "failed_samplings_a",
    "published_penalties_a",
    "licence_valid",
    "upheld_complaints_a",
    "failed_samplings_aa",
    "penalties_aa",
    "commitment_current",
    "report_published",
    "honour_or_a_held",
]
MOVED = PolicyRules(
    **asdict(PolicyRules())
    | {
        "c_window_years": 4,
        "a_window_years": 1,
        "aa_window_years": 5,
        "a_min_passed_samplings": 2,
        "aa_a_held_years": 6,
    }
)
LISTS = ListRules(repair_min_years=2, objection_window_days=20)


def advice(code: str, rules: PolicyRules = MOVED, lists: ListRules = LISTS) -> str:
    text = factor_advice(code, rules=rules, lists=lists, low_fine_threshold=Decimal("100000"))
    assert text is not None
    return text


@pytest.mark.parametrize(
    ("code", "english"),
    [
        ("on_blacklist", "after at least 2 years listed"),
        ("failed_samplings_c", "count for 4 years. If a result is wrong, object to it within 20"),
        ("serious_failures_c", "counts for 4 years; object within 20 days"),
        ("heavy_penalties_c", "counts for 4 years"),
        ("passed_samplings_a", "at least 2 passed supervisory sampling(s) in 1 year."),
        ("published_penalties_a", "a fine up to ¥100,000 in 1 year;"),
        ("upheld_complaints_a", "they count for 1 year."),
        ("failed_samplings_aa", "in 5 years."),
        ("penalties_aa", "in 5 years."),
        ("honour_or_a_held", "grade A held for 6 years."),
    ],
)
def test_advice_states_the_numbers_in_force(code: str, english: str) -> None:
    with translation.override("en"):
        assert english in advice(code)
        assert english not in advice(code, PolicyRules(), ListRules())


def test_every_factor_has_advice_in_chinese_with_the_numbers() -> None:
    with translation.override("zh-hans"):
        texts = {code: advice(code) for code in CODES}
    assert "列入满 2 年" in texts["on_blacklist"]
    assert "4 年内" in texts["failed_samplings_c"]
    assert "20 日内" in texts["failed_samplings_c"]
    assert "¥100,000" in texts["published_penalties_a"]
    assert all(not text.isascii() for text in texts.values())  # translated, not the English
    assert factor_advice("unknown", rules=MOVED, lists=LISTS, low_fine_threshold=Decimal(1)) is None
