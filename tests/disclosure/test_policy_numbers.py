"""Pages and answers give the numbers of the policy in force, never numbers typed into them:
the profile's publicity windows and threshold, each penalty's publicity end, the red-list rule,
and the grading page's low-fine threshold (the list policy's, read by grading too)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from core.dates import period_over_from
from lists.policy import list_policy_publish
from publicity.rules import publicity_ends_on, publicity_rules
from ratings.policy import rules_from
from ratings.services.policy import grading_policy_active, grading_policy_publish
from tests.clock import noon
from tests.factories import EnterpriseFactory, PenaltyFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)
DECIDED = dt.date(2026, 8, 1)


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def firm() -> Any:
    firm = EnterpriseFactory(name="安庆政策数字有限公司")
    PenaltyFactory(
        enterprise=firm, decision_no="FINE-80000", amount=Decimal("80000"), decided_on=DECIDED
    )
    return firm


def hubei() -> None:
    list_policy_publish(
        rules={
            "publicity_short_months": 6,
            "publicity_long_years": 5,
            "publicity_low_fine_threshold": 100_000,
        },
        note="湖北标准",
        actor=None,
    )


def english() -> Client:
    """Pages answer in Chinese first; the language switch (a cookie) asks for English."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    return client


@pytest.mark.parametrize(
    ("province", "texts"),
    [
        (False, ["3 months for circulated criticism and fines up to ¥50,000", "3 years for"]),
        (True, ["6 months for circulated criticism and fines up to ¥100,000", "5 years for"]),
    ],
)
def test_the_profile_states_the_windows_of_the_policy_in_force(
    firm: Any, province: bool, texts: list[str]
) -> None:
    if province:
        hubei()
    page = english().get(f"/firms/{firm.uscc}/").content.decode()
    for text in texts:
        assert text in page
    assert "Supervisory sampling and inspections (last 3 years)" in page


# publicity_ends_on is the first day no longer shown: the day after the last day within.
@pytest.mark.parametrize(("province", "end"), [(False, "2029-08-02"), (True, "2027-02-02")])
def test_each_penalty_carries_the_end_of_its_window_under_the_policy_in_force(
    firm: Any, province: bool, end: str
) -> None:
    """¥80,000: a long window under ¥50,000 (3 years), a short one under ¥100,000 (6 months)."""
    if province:
        hubei()
    body = english().get(f"/api/v1/enterprises/{firm.uscc}/").json()
    [penalty] = body["penalties"]
    assert penalty["publicity_ends_on"] == end
    record = firm.penaltyrecords.get()
    assert publicity_ends_on(record, publicity_rules()).isoformat() == end
    expected = period_over_from(DECIDED, months=6 if province else 36)
    assert end == expected.isoformat()


def test_an_early_stop_ends_the_window_the_api_reports(firm: Any) -> None:
    firm.penaltyrecords.update(publicity_stopped_on=TODAY + dt.timedelta(days=1))
    [penalty] = english().get(f"/api/v1/enterprises/{firm.uscc}/").json()["penalties"]
    assert penalty["publicity_ends_on"] == "2026-11-27"


def test_the_red_list_page_states_the_red_list_window_in_force() -> None:
    v1 = grading_policy_active()
    page = english().get("/red-list/").content.decode()
    assert "no negative record in 3 years" in page
    assert "holding a government quality award," in page  # a famous brand is no honour here
    grading_policy_publish(
        rules=dict(asdict(rules_from(v1.rules)), red_list_window_years=2),
        matrix=v1.matrix,
        note="两年",
        actor=None,
        recompute=False,
    )
    assert "no negative record in 2 years" in english().get("/red-list/").content.decode()


def test_grading_names_every_c_trigger_in_the_policys_numbers() -> None:
    page = english().get("/grading/").content.decode()
    assert "a licence ended within 3 years (Revoked), counted from the day it ended;" in page
    assert "producing without a required licence (无证生产) within 3 years;" in page
    assert "a quality-safety accident (质量安全事故) within 3 years;" in page
    assert "a valid production licence for a firm of C Manufacturing" in page
    v1 = grading_policy_active()
    grading_policy_publish(
        rules=dict(asdict(rules_from(v1.rules)), c_unlicensed_years=5, c_accident_years=4),
        matrix=v1.matrix,
        note="更长",
        actor=None,
        recompute=False,
    )
    page = english().get("/grading/").content.decode()
    assert "producing without a required licence (无证生产) within 5 years;" in page
    assert "a quality-safety accident (质量安全事故) within 4 years;" in page


def test_grading_explains_the_low_fine_threshold_of_the_list_policy() -> None:
    assert "a fine up to ¥50,000" in english().get("/grading/").content.decode()
    hubei()
    assert "a fine up to ¥100,000" in english().get("/grading/").content.decode()


def test_the_chinese_profile_states_the_same_numbers(firm: Any) -> None:
    hubei()
    page = Client().get(f"/firms/{firm.uscc}/").content.decode()
    assert "通报批评和不超过 ¥100,000 的罚款的公示期为 6 个月，其他行政处罚为 5 年" in page
    assert "监督抽查与检查（近 3 年）" in page


def test_grading_reads_as_a_person_writes_it_in_chinese() -> None:
    with translation.override("zh-hans"):
        page = Client().get("/grading/").content.decode()
    assert "2 年内无抽查不合格；" in page  # not "不超过 0 次"
    assert "近 18 个月内发布过质量信用报告" in page  # 548 days said as months
    assert "3 年内有抽查严重不合格；" in page  # one is not "1 次及以上"
    assert "政府质量奖、名牌产品" in page  # Chinese lists take 、
    assert "3 年内监督抽查不合格 2 次及以上；" in page
    assert "3 年内有无证生产行为；" in page


def test_periods_are_said_in_whole_years_months_or_days() -> None:
    from disclosure.policy_text import _period

    with translation.override("en"):
        assert _period(365 * 2) == "2 years"
        assert _period(548) == "18 months"
        assert _period(100) == "100 days"
        assert _period(1) == "1 day"
