from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import api_token_authenticate, api_token_issue, api_token_revoke
from core.models import AuditEntry
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_only_a_digest_is_stored() -> None:
    token, raw = api_token_issue(department=DepartmentFactory(), name="feed", actor=None)
    assert raw.startswith("cp_")
    assert len(raw) > 40
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        row = " ".join(str(v) for v in cursor.fetchone())
    assert raw not in row
    assert api_token_authenticate(raw=raw) == token


def test_two_tokens_differ() -> None:
    dep = DepartmentFactory()
    _a, raw_a = api_token_issue(department=dep, name="a", actor=None)
    _b, raw_b = api_token_issue(department=dep, name="b", actor=None)
    assert raw_a != raw_b


def test_a_revoked_token_no_longer_authenticates_and_revoking_twice_is_harmless() -> None:
    token, raw = api_token_issue(department=DepartmentFactory(), name="feed", actor=None)
    assert api_token_revoke(token=token, actor=None) is True
    assert api_token_revoke(token=token, actor=None) is False
    assert api_token_authenticate(raw=raw) is None
    assert AuditEntry.objects.filter(action="accounts.token.revoked").count() == 1


def test_last_used_is_written_at_most_once_a_minute() -> None:
    token, raw = api_token_issue(department=DepartmentFactory(), name="feed", actor=None)
    api_token_authenticate(raw=raw)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    api_token_authenticate(raw=raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(
        last_used_at=timezone.now() - dt.timedelta(minutes=5)
    )
    api_token_authenticate(raw=raw)
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first - dt.timedelta(seconds=1)


@pytest.mark.parametrize("raw", ["", "cp_", "not-a-token", "cp_" + "x" * 43])
def test_unknown_tokens_do_not_authenticate(raw: str) -> None:
    assert api_token_authenticate(raw=raw) is None
