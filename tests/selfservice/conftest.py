from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from enterprises.models import Enterprise
from selfservice.services.invitations import firm_user_signup, invitation_issue
from tests.factories import EnterpriseFactory, RegulatorFactory, uscc_for

PASSWORD = "a-long-Passphrase-2026"


@pytest.fixture
def clerk(db: Any) -> User:
    return RegulatorFactory(role="clerk", jurisdiction="3408")


@pytest.fixture
def grader(db: Any) -> User:
    return RegulatorFactory(role="grader", jurisdiction="3408")


@pytest.fixture
def firm_a(db: Any) -> Enterprise:
    return EnterpriseFactory(name="安庆甲食品有限公司", legal_representative="王伟")


@pytest.fixture
def firm_b(db: Any) -> Enterprise:
    return EnterpriseFactory(
        name="安庆乙电子有限公司", legal_representative="李娜", uscc=uscc_for(321)
    )


def signed_up(firm: Enterprise, inviter: User, username: str, email: str = "") -> User:
    _inv, code = invitation_issue(actor=inviter, enterprise=firm)
    return firm_user_signup(
        uscc=firm.uscc,
        legal_representative=firm.legal_representative,
        code=code,
        username=username,
        password=PASSWORD,
        email=email or f"{username}@example.cn",
    )


@pytest.fixture
def admin_a(firm_a: Enterprise, clerk: User) -> User:
    return signed_up(firm_a, clerk, "a-admin")


@pytest.fixture
def admin_b(firm_b: Enterprise, clerk: User) -> User:
    return signed_up(firm_b, clerk, "b-admin")


def client_for(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c
