"""Statistics charts and the "how grading works" page written from the active policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, replace
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from ratings.policy import DEFAULT_MATRIX, PolicyRules
from ratings.services.policy import grading_policy_active, grading_policy_publish
from tests.disclosure.test_lists_and_api import graded
from tests.factories import EnterpriseFactory, uscc_for

pytestmark = pytest.mark.django_db


def english() -> Client:
    c = Client()
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return c


def test_grade_distribution_counts_each_region(db: Any) -> None:
    today = timezone.localdate()
    for i, grade in enumerate(["AA", "C", "C"]):
        graded(EnterpriseFactory(), grade, red=False, since=today - dt.timedelta(days=i))
    graded(
        EnterpriseFactory(region_id="440305", uscc=uscc_for(77, "440305")),
        "B",
        red=False,
        since=today,
    )
    html = Client().get("/statistics/").content.decode()
    assert html.count('<svg class="chart" role="img"') == 2
    assert "<title>" in html
    assert "<desc>" in html
    anhui = html[html.index('<th scope="row">安徽省</th>') :].split("</tr>")[0]
    assert [c.split("<")[0].strip() for c in anhui.split("<td>")[1:]] == [
        "1",
        "0",
        "0",
        "2",
        "0",
        "3",
    ]
    county = Client().get("/statistics/?region=3408").content.decode()
    assert '<th scope="row">迎江区</th>' in county
    assert '<th scope="row">广东省</th>' not in county


def test_grading_page_follows_the_active_policy(db: Any) -> None:
    c = english()
    assert (
        "2 or more failed supervisory samplings within 3 years"
        in c.get("/grading/").content.decode()
    )
    rules = replace(PolicyRules(), c_failed_samplings=4, c_window_years=5)
    matrix = {g: dict(row) for g, row in DEFAULT_MATRIX.items()}
    matrix["C"] = {k: dict(v) | {"sampling_ratio": 0.25} for k, v in matrix["C"].items()}
    grading_policy_publish(
        rules=asdict(rules), matrix=matrix, note="test", actor=None, recompute=False
    )
    html = c.get("/grading/").content.decode()
    assert "4 or more failed supervisory samplings within 5 years" in html
    assert "25 %" in html
    assert f"version {grading_policy_active().version}" in html
