"""Hostile input at the door: control characters, deep JSON and oversized bodies get a clear
4xx on every kind of entry point, and nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from core.hostile import has_control_character, json_depth_exceeds
from enterprises.intake_fields import SPECS, FieldError
from enterprises.models import Enterprise, InspectionRecord, PenaltyRecord

pytestmark = pytest.mark.django_db


def _inspection(uscc: str, **extra: Any) -> dict[str, Any]:
    return {
        "uscc": uscc,
        "source_ref": "R-1",
        "product": "小麦粉",
        "inspected_on": "2026-03-02",
        "level": "provincial",
        "result": "pass",
    } | extra


@pytest.mark.parametrize(
    "path",
    ["/firms/%00/", "/firms/%00/reports/2025/", "/search/?q=%00", "/search/?q=a%01b", "/%00"],
)
def test_a_control_character_in_a_public_address_is_a_400_page(path: str) -> None:
    response = Client().get(path)
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert response["Content-Type"].startswith("text/html")


def test_the_two_anonymous_nul_addresses_are_refused_with_400(firm: Enterprise) -> None:
    for path in (f"/firms/{firm.uscc}%00/", "/firms/%00/reports/2025/"):
        assert Client().get(path).status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/enterprises/?q=%00", "/api/v1/enterprises/%00/"])
def test_a_control_character_in_an_api_address_is_a_json_400(path: str) -> None:
    response = APIClient().get(path)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


@pytest.mark.parametrize("field", ["uscc", "source_ref", "product", "lab", "source_department"])
def test_a_nul_anywhere_in_an_intake_record_is_refused_and_nothing_written(
    api: APIClient, firm: Enterprise, field: str
) -> None:
    good = _inspection(firm.uscc, source_ref="R-2")
    bad = _inspection(firm.uscc, lab="安徽省质检院") | {field: "A\u0000B"}
    response = api.post(reverse("intake-inspections"), [good, bad], format="json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"] or "控制字符" in response.json()["detail"]
    assert not InspectionRecord.objects.exists()


def test_a_nul_in_a_json_key_is_refused(api: APIClient, firm: Enterprise) -> None:
    body = _inspection(firm.uscc) | {"x\u0000": "1"}
    assert api.post(reverse("intake-inspections"), body, format="json").status_code == 400


def test_tab_and_new_line_stay_allowed_in_text(api: APIClient, firm: Enterprise) -> None:
    body = _inspection(firm.uscc, product="小麦粉\t一等\n批次")
    assert api.post(reverse("intake-inspections"), body, format="json").status_code == 201


def test_a_hundred_kilobytes_of_brackets_is_a_400_not_a_recursion_error(api: APIClient) -> None:
    body = "[" * 100_000 + "]" * 100_000
    response = api.post(reverse("intake-inspections"), body, content_type="application/json")
    assert response.status_code == 400
    assert str(settings.JSON_MAX_DEPTH) in response.json()["detail"]


def test_nesting_is_allowed_up_to_the_limit_and_refused_past_it(api: APIClient) -> None:
    limit = settings.JSON_MAX_DEPTH
    at_limit = "[" * limit + "]" * limit
    past = "[" * (limit + 1) + "]" * (limit + 1)
    url = reverse("intake-inspections")
    # At the limit the parser lets it through and the view refuses the shape (not a record).
    at = api.post(url, at_limit, content_type="application/json")
    assert at.status_code == 400
    assert str(limit) not in at.json()["detail"]
    assert str(limit) in api.post(url, past, content_type="application/json").json()["detail"]


def test_depth_counts_objects_and_arrays() -> None:
    assert not json_depth_exceeds([{"a": 1}], limit=2)
    assert json_depth_exceeds([{"a": [1]}], limit=2)
    assert not json_depth_exceeds("text", limit=0)


def test_control_characters_in_text_and_in_addresses() -> None:
    assert has_control_character("a\x00b")
    assert has_control_character("a\x7fb")
    assert not has_control_character("段落\n第二段\t缩进\r")
    assert has_control_character("a\nb", in_text=False)
    assert not has_control_character("安庆市", in_text=False)


@override_settings(API_MAX_BODY_BYTES=1000)
def test_an_api_body_over_the_limit_is_a_json_413_naming_it(
    api: APIClient, firm: Enterprise
) -> None:
    items = [_inspection(firm.uscc, source_ref=f"R-{i}") for i in range(20)]
    response = api.post(reverse("intake-inspections"), items, format="json")
    assert response.status_code == 413
    assert response.json()["limit_bytes"] == 1000
    assert "MB" in response.json()["detail"]
    assert not InspectionRecord.objects.exists()


@override_settings(FORM_MAX_BODY_BYTES=100)
def test_a_page_form_over_the_limit_is_a_413_page() -> None:
    response = Client().post(
        reverse("accounts:login"),
        "username=" + "x" * 200 + "&password=y",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413


def test_a_nul_in_a_page_form_is_a_400_page_and_signs_no_one_in() -> None:
    response = Client().post(reverse("accounts:login"), {"username": "a\x00", "password": "b"})
    assert response.status_code == 400
    assert "_auth_user_id" not in Client().session


def _longest(parse: Any) -> int:
    """The longest text a field parser takes (binary search on FieldError); 0 if not text."""
    try:
        parse("中" * 100_000)
        return 100_000
    except FieldError as error:
        if "longer than" not in str(error) and "长" not in str(error):
            return 0
    low, high = 0, 100_000
    while low < high:
        mid = (low + high + 1) // 2
        try:
            parse("中" * mid)
            low = mid
        except FieldError:
            high = mid - 1
    return low


@pytest.mark.parametrize("kind", list(SPECS))
def test_a_full_batch_at_maximum_sizes_fits_the_api_limit(kind: str) -> None:
    """INTAKE_MAX_BATCH records with every text field at its maximum, Chinese, sent with
    \\uXXXX escapes (json.dumps' default): the worst honest body still fits."""
    spec = SPECS[kind]
    item: dict[str, str] = {}
    for name, field in spec.fields.items():
        longest = _longest(field.parse)
        item[name] = "中" * longest if longest else "2026-12-01"
    body = json.dumps([item] * settings.INTAKE_MAX_BATCH)
    assert len(body.encode()) <= settings.API_MAX_BODY_BYTES, kind


def test_nothing_was_written_by_refusals(api: APIClient, firm: Enterprise) -> None:
    api.post(reverse("intake-penalties"), [{"uscc": firm.uscc, "facts": "\x00"}], format="json")
    assert not PenaltyRecord.objects.exists()


@pytest.mark.parametrize(
    "sent", [20260302, "20260302", "2026-W10-1", "2026-061", "2026-02-30", " "]
)
def test_intake_dates_are_only_yyyy_mm_dd_strings(
    api: APIClient, firm: Enterprise, sent: Any
) -> None:
    response = api.post(
        reverse("intake-inspections"), _inspection(firm.uscc, inspected_on=sent), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "inspected_on"
    assert not InspectionRecord.objects.exists()


def test_a_yyyy_mm_dd_date_is_taken(api: APIClient, firm: Enterprise) -> None:
    body = _inspection(firm.uscc, inspected_on="2026-03-02")
    assert api.post(reverse("intake-inspections"), body, format="json").status_code == 201
