"""A firm whose product risk was never set: a data gap on the regulator's file page, and the
public profile and open-data API still answer."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ratings.services.recompute import enterprise_grade_recompute
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unknown() -> Any:
    firm = EnterpriseFactory(name="安庆未分类公司", product_risk="")
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    return firm


def test_the_file_page_shows_the_gap_and_how_it_is_planned(client_as: Any, unknown: Any) -> None:
    url = reverse("console:file_detail", args=[unknown.uscc])
    client = client_as("clerk")
    assert "未设定：档案数据缺失" in client.get(url).content.decode()  # Chinese first
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "Not set: a gap in the file" in page
    assert "planned and sampled as class I" in page


def test_the_file_page_shows_a_set_risk_as_before(client_as: Any) -> None:
    firm = EnterpriseFactory(product_risk="II")
    url = reverse("console:file_detail", args=[firm.uscc])
    client = client_as("clerk")
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "II medium risk" in page
    assert "a gap in the file" not in page


def test_the_public_profile_and_api_answer_for_an_unknown_risk(unknown: Any) -> None:
    page = Client().get(reverse("disclosure:profile", args=[unknown.uscc]))
    assert page.status_code == 200
    assert "安庆未分类公司" in page.content.decode()
    api = Client().get(f"/api/v1/enterprises/{unknown.uscc}/")
    assert api.status_code == 200
    assert api.json()["product_risk"] == ""
