"""The compiled validator (enterprises.intake_compiled) accepts only what the field-by-field
parser accepts, with the same values, and hands everything else to that parser."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from enterprises.intake_compiled import records_parse_compiled
from enterprises.intake_fields import SPECS
from enterprises.services.intake import _records_validate_by_field, records_validate
from tests.clock import noon
from tests.enterprises.test_intake_api import KINDS, valid_item
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 10)
CODE = "91340800MA2TEST01X"  # any 18 clean characters: the compiled step does not check digits


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(noon(TODAY), tick=False):
        yield


def _by_field(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    spec = SPECS[kind]
    values, errors = spec.parse(item, spec.policy_codes())
    assert errors == []
    return values


def _compiled(kind: str, items: list[Any], department: str = "aq-amr") -> Any:
    spec = SPECS[kind]
    return records_parse_compiled(
        spec=spec, items=items, codes=spec.policy_codes(), department=department
    )


FULLER = {
    "inspections": {
        "kind": "random",
        "batch": "B-7",
        "defect_severity": "general",
        "result": "fail",
    },
    "penalties": {
        "aggravated": True,
        "procedure": "simplified",
        "revoked": True,
        "revoked_on": "2026-03-01",
        "facts": "第一行\n第二行\t制表\\反斜杠",
        "published_on": "2026-02-03",
        "amount": 12.5,
    },
    "licences": {
        "status": "revoked",
        "revoked_on": "2025-01-01",
        "scope": "  ",
        "valid_until": None,
    },
    "honours": {"withdrawn": True, "valid_until": "2030-01-01"},
    "complaints": {"is_quality_appeal": True, "status": "upheld", "closed_on": "2026-02-01"},
    "unlicensed": {"facts": "", "case_no": None},
    "accidents": {"product": "", "severity": "major", "summary": "  起火  "},
    "recalls": {"product": "电热水壶", "batches": ["B-1", "B-2"], "status": "completed"},
}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("fuller", [False, True], ids=["minimal", "optional fields set"])
def test_it_gives_the_values_of_the_field_by_field_parser(kind: str, fuller: bool) -> None:
    item = valid_item(kind, CODE) | ({"source_department": "aq-amr"} if fuller else {})
    if fuller:
        item |= FULLER[kind]
    if kind == "inspections" and not fuller:
        item |= {"result": "pass", "defect_severity": ""}
    assert _compiled(kind, [item]) == [_by_field(kind, item)]


def test_padding_is_stripped_as_the_parser_strips_it() -> None:
    item = valid_item("inspections", CODE) | {"product": " 小麦粉\t", "lab": "  "}
    assert _compiled("inspections", [item]) == [_by_field("inspections", item)]
    assert _by_field("inspections", item)["product"] == "小麦粉"


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"product": ""}, "a required field left blank"),
        ({"product": None}, "a required field sent as null"),
        ({"batch": 123}, "a number sent as text"),
        ({"level": "Provincial"}, "a choice the parser refuses"),
        ({"level": " provincial"}, "a padded choice"),
        ({"inspected_on": "2026-03-11"}, "the day after today"),
        ({"inspected_on": "20260301"}, "the basic date form"),
        ({"inspected_on": 20260301}, "a date as a JSON number"),
        ({"inspected_on": "2026-W10-1"}, "a week date"),
        ({"inspected_on": "2026-02-30"}, "a day that does not exist"),
        ({"uscc": "91340800ma2test01x"}, "a code to upper-case"),
        ({"uscc": "９1340800MA2TEST01X"}, "a full-width digit to fold"),
        ({"uscc": "91340800 MA2TEST01X"}, "a space inside the code"),
        ({"defect_severity": ""}, "a failed result without severity (cross-field rule)"),
        ({"source_department": "other"}, "another department named"),
        ({"lab": "实验\x00室"}, "a NUL"),
    ],
)
def test_what_only_the_parser_reads_or_refuses_goes_to_the_parser(
    change: dict[str, Any], why: str
) -> None:
    item = valid_item("inspections", CODE) | change
    assert _compiled("inspections", [valid_item("inspections", CODE, "OK"), item]) is None, why


def test_a_date_of_today_is_taken_and_one_of_tomorrow_is_not() -> None:
    today = valid_item("inspections", CODE) | {"inspected_on": "2026-03-10"}
    assert _compiled("inspections", [today])[0]["inspected_on"] == TODAY
    tomorrow = today | {"inspected_on": "2026-03-11"}
    assert _compiled("inspections", [tomorrow]) is None
    assert SPECS["inspections"].parse(tomorrow)[1] == [("inspected_on", "is in the future")]


@pytest.mark.parametrize("item", ["not an object", ["a", "list"], None, {}])
def test_items_that_are_not_records_go_to_the_parser(item: Any) -> None:
    assert _compiled("inspections", [item]) is None


def test_a_boolean_in_words_goes_to_the_parser_which_reads_it() -> None:
    item = valid_item("honours", CODE) | {"withdrawn": "是"}
    assert _compiled("honours", [item]) is None
    assert _by_field("honours", item)["withdrawn"] is True


def _batch_agrees(department: Any, items: list[dict[str, Any]]) -> tuple[Any, Any]:
    spec = SPECS["inspections"]
    fast = records_validate(spec=spec, department=department, items=items)
    slow = _records_validate_by_field(
        spec=spec, department=department, items=items, policy_codes=spec.policy_codes()
    )
    assert fast == slow
    return fast


def test_a_batch_gets_the_same_values_and_errors_by_either_path() -> None:
    department = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    inside = EnterpriseFactory(region_id="340802")
    outside = EnterpriseFactory(region_id="340102")
    good = [valid_item("inspections", inside.uscc, f"R-{i}") for i in range(3)]
    parsed, errors = _batch_agrees(department, good)
    assert errors == []
    assert {v["enterprise_id"] for v in parsed} == {inside.pk}

    for bad, field, reason in [
        (valid_item("inspections", outside.uscc, "R-9"), "uscc", "outside the jurisdiction"),
        (valid_item("inspections", CODE, "R-9"), "uscc", ""),  # unregistered (or not a code)
        (valid_item("inspections", inside.uscc, "R-0"), "source_ref", "repeats item 0"),
    ]:
        _parsed, errors = _batch_agrees(department, [*good, bad])
        assert [(e["index"], e["field"]) for e in errors] == [(3, field)]
        assert reason in errors[0]["reason"]
