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
