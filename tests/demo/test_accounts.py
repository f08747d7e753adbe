"""demo_accounts: one login per role, a department token and a published inspection plan."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from accounts.services import api_token_authenticate
from inspections.models import InspectionPlan
from tests.demo.test_seed import seed

pytestmark = pytest.mark.django_db


def test_demo_accounts_cover_every_role(capsys: Any) -> None:
    seed(1)
    call_command("demo_accounts")
    out = capsys.readouterr().out
    roles = set(User.objects.exclude(role="").values_list("role", flat=True))
    assert roles == {"clerk", "grader", "list_officer", "approver", "admin"}
    assert User.objects.filter(kind="enterprise", enterprise__isnull=False).count() == 1
    assert "cp_" in out
    # The demo also publishes one random-inspection plan drawn by the demo grader.
    plan = InspectionPlan.objects.get()
    assert plan.status == "published"
    assert plan.seed == "demo-2026"
    first_token = re.search(r"cp_[\w-]+", out).group(0)  # type: ignore[union-attr]
    call_command("demo_accounts")  # a second run creates nothing more but a fresh token
    again = re.search(r"cp_[\w-]+", capsys.readouterr().out).group(0)  # type: ignore[union-attr]
    assert again != first_token
    assert api_token_authenticate(raw=again) is not None
    assert api_token_authenticate(raw=first_token) is None  # the old one is revoked
    assert InspectionPlan.objects.count() == 1
    assert User.objects.filter(is_active=True).count() == 7
    national = User.objects.get(username="national")
    assert (national.is_national, national.department.code) == (True, "samr")
    assert "national (all regions)" in out
    # The seed's own proposer of demo list entries cannot sign in.
    seeder = User.objects.get(is_active=False)
    assert seeder.username == "demo-seed"
    assert not seeder.has_usable_password()
