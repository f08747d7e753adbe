"""Enterprise accounts: invitation, sign-up checks, the firm administrator's colleagues."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from accounts.models import User
from selfservice.models import Invitation
from selfservice.services.invitations import (
    firm_user_remove,
    firm_user_signup,
    invitation_issue,
)
from tests.factories import RegulatorFactory
from tests.selfservice.conftest import PASSWORD, client_for, signed_up

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    """Messages are asserted in English; the portal's default language is Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


def form(firm: Any, invitation: str, **kw: str) -> dict[str, str]:
    return {
        "uscc": firm.uscc,
        "legal_representative": firm.legal_representative,
        "code": invitation,
        "username": "newuser",
        "email": "new@example.cn",
        "password": PASSWORD,
        "password_again": PASSWORD,
    } | kw


def test_the_first_user_signs_up_with_a_regulators_invitation(firm_a: Any, clerk: Any) -> None:
    _inv, code = invitation_issue(actor=clerk, enterprise=firm_a)
    response = Client().post("/firm/signup/", form(firm_a, code.lower()))
    assert response.status_code == 302
    user = User.objects.get(username="newuser")
    assert user.enterprise == firm_a
    assert user.is_firm_admin
    assert Invitation.objects.get().used_by == user


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"uscc": "91340802MA2TEST001"}, "__all__"),
        ({"legal_representative": "张三"}, "__all__"),
        ({"code": "AAAA-BBBB-CCCC-DDDD"}, "__all__"),
        ({"password": "123", "password_again": "123"}, "password"),
        ({"password_again": "different-Passphrase-1"}, "password_again"),
    ],
)
def test_bad_sign_up_input_is_refused_and_writes_nothing(
    firm_a: Any, clerk: Any, change: dict[str, str], field: str
) -> None:
    _inv, code = invitation_issue(actor=clerk, enterprise=firm_a)
    response = Client().post("/firm/signup/", form(firm_a, code, **change))
    assert response.status_code == 400
    assert response.context["form"].errors.get(field)
    assert not User.objects.filter(username="newuser").exists()
    assert Invitation.objects.get().used_at is None


def test_an_invitation_works_once_for_its_own_firm_and_expires(
    firm_a: Any, firm_b: Any, clerk: Any
) -> None:
    _inv, code = invitation_issue(actor=clerk, enterprise=firm_a)
    with pytest.raises(ValidationError) as wrong_firm:
        firm_user_signup(
            uscc=firm_b.uscc,
            legal_representative="李娜",
            code=code,
            username="x",
            password=PASSWORD,
            email="x@example.cn",
        )
    assert wrong_firm.value.code == "mismatch"
    signed = firm_user_signup(
        uscc=firm_a.uscc,
        legal_representative=" 王 伟 ",
        code=code,
        username="first",
        password=PASSWORD,
        email="a@example.cn",
    )
    assert signed.enterprise == firm_a
    with pytest.raises(ValidationError, match="do not match an open invitation"):
        firm_user_signup(
            uscc=firm_a.uscc,
            legal_representative="王伟",
            code=code,
            username="second",
            password=PASSWORD,
            email="b@example.cn",
        )
    inv, late = invitation_issue(actor=clerk, enterprise=firm_a)
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationError, match="do not match an open invitation"):
        firm_user_signup(
            uscc=firm_a.uscc,
            legal_representative="王伟",
            code=late,
            username="third",
            password=PASSWORD,
            email="c@example.cn",
        )


def test_who_may_invite(firm_a: Any, admin_a: Any, admin_b: Any) -> None:
    for role in ("grader", "list_officer", "approver"):
        with pytest.raises(PermissionDenied):
            invitation_issue(actor=RegulatorFactory(role=role), enterprise=firm_a)
    with pytest.raises(PermissionDenied):  # a clerk of another area
        invitation_issue(actor=RegulatorFactory(role="clerk", jurisdiction="44"), enterprise=firm_a)
    with pytest.raises(PermissionDenied):  # the administrator of another firm
        invitation_issue(actor=admin_b, enterprise=firm_a)
    colleague = signed_up(firm_a, admin_a, "a-colleague")
    assert not colleague.is_firm_admin
    with pytest.raises(PermissionDenied):  # a colleague is no administrator
        invitation_issue(actor=colleague, enterprise=firm_a)


def test_the_administrator_removes_a_colleague(firm_a: Any, admin_a: Any, admin_b: Any) -> None:
    colleague = signed_up(firm_a, admin_a, "a-colleague")
    with pytest.raises(PermissionDenied):
        firm_user_remove(actor=admin_b, user=colleague)
    with pytest.raises(PermissionDenied):
        firm_user_remove(actor=colleague, user=admin_a)
    response = client_for(admin_a).post("/firm/users/", {"remove": colleague.pk})
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert client_for(admin_b).post("/firm/users/", {"remove": admin_a.pk}).status_code == 404


def test_the_invitation_page_shows_the_code_once(firm_a: Any, clerk: Any) -> None:
    page = client_for(clerk).post(f"/console/files/{firm_a.uscc}/invite/").content.decode()
    inv = Invitation.objects.get()
    assert inv.prefix in page
    assert inv.digest not in page
    other = RegulatorFactory(role="clerk", jurisdiction="44")
    assert client_for(other).post(f"/console/files/{firm_a.uscc}/invite/").status_code == 404


def test_every_wrong_detail_gets_the_same_answer(firm_a: Any, clerk: Any) -> None:
    _inv, code = invitation_issue(actor=clerk, enterprise=firm_a)
    answers = set()
    for change in (
        {"uscc": "91340802MA2TEST001"},
        {"legal_representative": "张三"},
        {"code": "AAAA-BBBB-CCCC-DDDD"},
    ):
        response = Client().post("/firm/signup/", form(firm_a, code, **change))
        assert response.status_code == 400
        answers.add(response.context["form"].errors.as_json())
    assert len(answers) == 1


@override_settings(SIGNUP_ATTEMPTS_PER_HOUR=3)
def test_sign_up_is_rate_limited_per_address(firm_a: Any, clerk: Any) -> None:
    _inv, code = invitation_issue(actor=clerk, enterprise=firm_a)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        bad = form(firm_a, code, legal_representative="张三")
        assert guesser.post("/firm/signup/", bad).status_code == 400
    refused = guesser.post("/firm/signup/", form(firm_a, code))
    assert refused.status_code == 429
    assert not User.objects.filter(username="newuser").exists()
    # Another address is not limited by the guesser.
    assert (
        Client(REMOTE_ADDR="10.0.0.8").post("/firm/signup/", form(firm_a, code)).status_code == 302
    )
