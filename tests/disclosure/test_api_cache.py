"""Anonymous open-data API answers kept server-side (disclosure/conditional.py): a repeated
question costs the one statement of the data version, a change in the file is a new answer at
once, and what is kept depends on the language and the format asked for."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def test_a_repeated_profile_costs_one_statement_until_the_file_changes(
    django_assert_num_queries: Any,
) -> None:
    firm = EnterpriseFactory(name="安庆缓存测试有限公司")
    url = f"/api/v1/enterprises/{firm.uscc}/"
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the data version; the answer comes from the cache
        again = client.get(url)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    firm.name = "安庆缓存改名有限公司"
    firm.save()
    assert client.get(url).json()["name"] == "安庆缓存改名有限公司"


def test_each_language_has_its_own_kept_answer() -> None:
    url = "/api/v1/enterprises/91340800MA2N0Q7W0B/"  # a bad check digit: an error in words
    chinese = Client().get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert chinese.status_code == english.status_code == 400  # refusals are never kept
    firm = EnterpriseFactory()
    good = f"/api/v1/enterprises/{firm.uscc}/"
    zh = Client().get(good, HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = Client().get(good, HTTP_ACCEPT_LANGUAGE="en")
    assert zh["Content-Language"] == "zh-hans"
    assert en["Content-Language"] == "en"
    assert Client().get(good, HTTP_ACCEPT_LANGUAGE="en").content == en.content
