from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Department, RegulatorRole, User
from accounts.services import api_token_issue
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    RegulatorFactory,
)

ROLES = [r.value for r in RegulatorRole]


@pytest.fixture
def department(db: Any) -> Department:
    return DepartmentFactory(code="aq-amr", name="安庆市市场监督管理局", jurisdiction="3408")


@pytest.fixture
def token(department: Department) -> str:
    _t, raw = api_token_issue(department=department, name="test", actor=None)
    return raw


@pytest.fixture
def api(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")
    return client


@pytest.fixture
def firm(db: Any):
    return EnterpriseFactory(name="安庆华泰食品有限公司", region_id="340802")


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(role: str, jurisdiction: str = "3408", **kw: Any) -> User:
        if role == "enterprise":
            return EnterpriseUserFactory(**kw)
        return RegulatorFactory(role=role, jurisdiction=jurisdiction, **kw)

    return make


@pytest.fixture
def client_as(make_user: Callable[..., User]) -> Callable[..., Client]:
    """A browser client signed in as the given role ('anon' for none)."""

    def make(role: str, **kw: Any) -> Client:
        client = Client()
        if role != "anon":
            client.force_login(make_user(role, **kw))
        return client

    return make


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Each test starts with an empty cache (throttle counters, cached public pages)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
