"""Every role sees what its jurisdiction or firm allows, through selectors and pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.models import User
from accounts.roles import ROLE_ACTIONS, Action, in_jurisdiction, regulator_can
from enterprises import selectors
from enterprises.services.register import enterprise_update
from tests.conftest import ROLES
from tests.factories import EnterpriseFactory, EnterpriseUserFactory, InspectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def firms() -> dict[str, Any]:
    """One firm in each of: Anqing 迎江区, Anqing 大观区, Hefei, Shenzhen 南山区."""
    return {
        "yingjiang": EnterpriseFactory(region_id="340802"),
        "daguan": EnterpriseFactory(region_id="340803"),
        "hefei": EnterpriseFactory(region_id="340102"),
        "nanshan": EnterpriseFactory(region_id="440305"),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("jurisdiction", "visible"),
    [
        ("340802", {"yingjiang"}),  # a county officer sees only its county
        ("3408", {"yingjiang", "daguan"}),  # a city officer sees its counties
        ("34", {"yingjiang", "daguan", "hefei"}),  # a province officer sees the province
        ("44", {"nanshan"}),
    ],
)
def test_regulators_see_their_jurisdiction(
    make_user: Any, firms: dict[str, Any], role: str, jurisdiction: str, visible: set[str]
) -> None:
    user = make_user(role, jurisdiction=jurisdiction)
    seen = set(selectors.enterprise_scope(user=user))
    assert seen == {firms[k] for k in visible}


def test_an_enterprise_user_sees_only_its_own_firm(firms: dict[str, Any]) -> None:
    user = EnterpriseUserFactory(enterprise=firms["yingjiang"])
    assert list(selectors.enterprise_scope(user=user)) == [firms["yingjiang"]]


def test_anonymous_and_inactive_users_see_no_file(firms: dict[str, Any], make_user: Any) -> None:
    assert not selectors.enterprise_scope(user=AnonymousUser()).exists()
    inactive = make_user("admin", jurisdiction="34", is_active=False)
    assert not selectors.enterprise_scope(user=inactive).exists()


@pytest.mark.parametrize("role", ROLES)
def test_role_actions_follow_the_table(make_user: Any, role: str) -> None:
    user = make_user(role)
    for action in Action:
        assert regulator_can(user, action) == (action in ROLE_ACTIONS[role])
    assert regulator_can(user, Action.FILE_VIEW)


def test_only_admins_manage_accounts_and_policy(make_user: Any) -> None:
    allowed = {r for r in ROLES if regulator_can(make_user(r), Action.ACCOUNTS_MANAGE)}
    assert allowed == {"admin"}
    assert {r for r in ROLES if regulator_can(make_user(r), Action.LIST_APPROVE)} == {
        "approver",
        "admin",
    }


def test_enterprise_users_and_anonymous_have_no_regulator_action(make_user: Any) -> None:
    for user in (make_user("enterprise"), AnonymousUser()):
        assert not any(regulator_can(user, a) for a in Action)


def test_in_jurisdiction_is_a_prefix_match(make_user: Any) -> None:
    user = make_user("clerk", jurisdiction="3408")
    assert in_jurisdiction(user, "340802")
    assert not in_jurisdiction(user, "340102")


# Pages: the list is for regulators; a file opens for its regulators and its own firm only.
@pytest.mark.parametrize(
    ("role", "status"),
    [("anon", 302), ("enterprise", 403), *[(r, 200) for r in ROLES]],
)
def test_the_file_list_is_for_regulators(
    client_as: Any, firms: Any, role: str, status: int
) -> None:
    response = client_as(role).get(reverse("console:file_list"))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert firms["yingjiang"].uscc in body
        assert firms["hefei"].uscc not in body


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("key", "status"), [("yingjiang", 200), ("nanshan", 404)])
def test_a_file_opens_only_within_the_jurisdiction(
    client_as: Any, firms: dict[str, Any], role: str, key: str, status: int
) -> None:
    response = client_as(role).get(reverse("console:file_detail", args=[firms[key].uscc]))
    assert response.status_code == status


def test_a_firm_user_opens_its_own_file_and_no_other(firms: dict[str, Any]) -> None:
    from django.test import Client

    client = Client()
    client.force_login(EnterpriseUserFactory(enterprise=firms["yingjiang"]))
    own = client.get(reverse("console:file_detail", args=[firms["yingjiang"].uscc]))
    assert own.status_code == 200
    assert firms["yingjiang"].name in own.content.decode()
    other = client.get(reverse("console:file_detail", args=[firms["daguan"].uscc]))
    assert other.status_code == 404
    assert client.get(reverse("accounts:home")).url == reverse("selfservice:dashboard")


def test_anonymous_visitors_are_sent_to_sign_in(client: Any, firms: dict[str, Any]) -> None:
    response = client.get(reverse("console:file_detail", args=[firms["yingjiang"].uscc]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_file_list_searches_name_and_code(client_as: Any, firms: dict[str, Any]) -> None:
    client = client_as("grader", jurisdiction="34")
    by_code = client.get(reverse("console:file_list"), {"q": firms["daguan"].uscc[:12]})
    assert list(by_code.context["page"]) == [firms["daguan"]]
    enterprise_update(
        actor=None, enterprise=firms["hefei"], changes={"name": "合肥恒瑞电器有限公司"}
    )
    by_name = client.get(reverse("console:file_list"), {"q": "恒瑞"})
    assert list(by_name.context["page"]) == [firms["hefei"]]


def test_the_file_list_runs_constant_queries(
    client_as: Any, django_assert_num_queries: Any
) -> None:
    client = client_as("grader", jurisdiction="3408")
    EnterpriseFactory.create_batch(30, region_id="340802")
    # session + user, count, page of rows with region and summary joined, and the session
    # saved again (idle timeout: every request renews it; 3 statements in a savepoint)
    with django_assert_num_queries(7):
        response = client.get(reverse("console:file_list"))
    assert response.status_code == 200


def test_the_file_page_runs_constant_queries(
    client_as: Any, firms: dict[str, Any], django_assert_num_queries: Any
) -> None:
    from ratings.services.recompute import enterprise_grade_recompute

    client = client_as("grader", jurisdiction="3408")
    InspectionFactory.create_batch(10, enterprise=firms["yingjiang"])
    for day in (5, 6, 7):  # three grade changes in the history
        enterprise_grade_recompute(
            enterprise_ids=[firms["yingjiang"].pk],
            today=dt.date(2026, 1, day) if day != 6 else dt.date(2029, 1, 6),
        )
    # session + user, the firm with its region chain, one query per record kind (8, recalls
    # included), commitments, reports, the grade with its policy, the list policy (the low-fine
    # threshold the factor texts give), the grade history, the overrides, the products and the
    # company prefixes, and the session saved again (idle timeout)
    with django_assert_num_queries(22):
        response = client.get(reverse("console:file_detail", args=[firms["yingjiang"].uscc]))
    assert response.status_code == 200
    assert response.content.decode().count("小麦粉") == 10


def test_regulator_and_firm_users_must_be_consistent() -> None:
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    with pytest.raises(ValidationError):
        User(username="x", kind="regulator", role="", jurisdiction="34").clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="y", kind="enterprise", role="admin")
