"""The credit-file page: the grade explained in plain words, in either language."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_file_page_explains_the_grade_in_plain_words(client_as: Any, graded: Any) -> None:
    body = (
        client_as("grader").get(reverse("console:file_detail", args=[graded.uscc])).content.decode()
    )
    assert 'class="grade-badge"' in body
    assert "加严监管" in body
    assert "近 3 年内有 1 次抽查严重不合格" in body
    assert "约谈" in body


def test_the_english_page_explains_it_too(client_as: Any, graded: Any) -> None:
    client = client_as("grader")
    client.cookies["django_language"] = "en"
    body = client.get(reverse("console:file_detail", args=[graded.uscc])).content.decode()
    assert "1 seriously failed sampling in the last 3 years (C from 1)." in body
    assert "makes the grade C" in body


def test_the_sampling_ratio_reads_as_a_percentage(client_as: Any, graded: Any) -> None:
    body = (
        client_as("grader").get(reverse("console:file_detail", args=[graded.uscc])).content.decode()
    )
    assert "随机抽查比例 20%" in body


def test_the_file_page_shows_the_new_records_and_when_a_licence_ended(
    client_as: Any, api: Any, firm: Any
) -> None:
    records = {
        "intake-licences": {
            "source_ref": "LIC-9",
            "licence_no": "SC10634080200999",
            "title": "食品生产许可证",
            "issued_on": "2020-05-01",
            "status": "revoked",
            "revoked_on": "2025-06-30",
        },
        "intake-unlicensed": {
            "source_ref": "UNL-9",
            "found_on": "2025-04-02",
            "product": "桶装饮用水",
            "licence_required": "食品生产许可证",
            "case_no": "安市监案〔2025〕31号",
        },
        "intake-accidents": {
            "source_ref": "ACC-9",
            "occurred_on": "2025-08-09",
            "severity": "larger",
            "summary": "压力容器爆裂致两人受伤",
        },
    }
    for name, item in records.items():
        response = api.post(reverse(name), {"uscc": firm.uscc, **item}, format="json")
        assert response.status_code == 201
    body = client_as("clerk").get(reverse("console:file_detail", args=[firm.uscc])).content.decode()
    assert '<h2 id="unlicensed">无证生产</h2>' in body
    assert '<h2 id="accidents">质量安全事故</h2>' in body
    for shown in ("2025-04-02", "安市监案〔2025〕31号", "桶装饮用水"):
        assert shown in body
    for shown in ("2025-08-09", "压力容器爆裂致两人受伤", "较大"):
        assert shown in body
    assert "吊销 于 <time datetime=\"2025-06-30\">2025-06-30</time>" in body
