"""schemathesis against a live server: every operation of /api/schema/, GET and POST, as an
anonymous caller, with a department's token and with a regulator's session, with the default
checks: no server error, status codes and bodies as documented, schema-invalid input refused.
Bounded and derandomized, so each run sends the same requests."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import schemathesis
from django.conf import settings
from django.test import Client
from django.utils.crypto import get_random_string
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from accounts.services import api_token_issue
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory, uscc_for

# Committed rows the live server reads; the migrations' regions and policies come back after.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BOUNDED = hypothesis_settings(
    max_examples=5,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def _served_schema() -> dict[str, Any]:
    """The document /api/schema/ serves (test_it_serves_the_schema_tested holds them equal)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


def _callers() -> dict[str, dict[str, str]]:
    """Headers of a department's token and of a regulator's session with its CSRF pair."""
    department = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    _t, raw = api_token_issue(department=department, name="schemathesis", actor=None)
    EnterpriseFactory.create_batch(3)
    client = Client()
    client.force_login(RegulatorFactory(role="admin", jurisdiction="3408", department=department))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = get_random_string(32)  # a CSRF secret: the header repeats the cookie
    return {
        "department": {"Authorization": f"Bearer {raw}"},
        "regulator": {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; "
            f"{settings.CSRF_COOKIE_NAME}={csrf}",
            "X-CSRFToken": csrf,
        },
    }


def _assert_callers_get_in(url: str, callers: dict[str, dict[str, str]]) -> None:
    """The token and the session reach the views, or the runs would test only refusals."""
    unknown = f"{url}/api/v1/restrictions/{uscc_for(999)}/?action=procurement"
    answer = requests.get(unknown, headers=callers["department"], timeout=10)
    assert answer.status_code == 404, answer.text
    listings = f"{url}/api/v1/abnormal/entries/"
    answer = requests.get(listings, headers=callers["regulator"], timeout=10)
    assert answer.status_code == 200, answer.text
    answer = requests.post(listings, json={}, headers=callers["regulator"], timeout=10)
    assert answer.status_code == 400, answer.text  # past the CSRF check, to the validation


def _schema_as(request: Any, live_server: Any, caller: str | None) -> Any:
    # pytest 9 dropped Node._nodeid, which schemathesis' fixture loader renames per operation.
    request.node._nodeid = request.node.nodeid
    loaded = schemathesis.openapi.from_dict(_served_schema())
    loaded.config.update(base_url=live_server.url)
    # Not one of the default checks the portal holds to: a schema cannot say that a code's
    # check characters are right, that the firm is on file, or an item's cross-field rules, so
    # valid-looking input is rightly refused with a 400 (each API's tests hold accepted cases).
    loaded.config.checks.positive_data_acceptance.enabled = False
    if caller is None:
        return loaded
    callers = _callers()
    _assert_callers_get_in(live_server.url, callers)
    headers = callers[caller]

    @loaded.auth()
    class Caller:
        def get(self, case: Any, ctx: Any) -> dict[str, str]:
            return headers

        def set(self, case: Any, data: dict[str, str], ctx: Any) -> None:
            case.headers = {**(case.headers or {}), **data}

    return loaded


@pytest.fixture
def anonymous(request: Any, live_server: Any) -> Any:
    EnterpriseFactory.create_batch(3)
    return _schema_as(request, live_server, None)


@pytest.fixture
def department(request: Any, live_server: Any) -> Any:
    return _schema_as(request, live_server, "department")


@pytest.fixture
def regulator(request: Any, live_server: Any) -> Any:
    return _schema_as(request, live_server, "regulator")


def test_it_serves_the_schema_tested(live_server: Any) -> None:
    served = requests.get(f"{live_server.url}/api/schema/?format=json", timeout=10)

    assert served.status_code == 200
    assert served.json() == _served_schema()


@schemathesis.pytest.from_fixture("anonymous").parametrize()
@BOUNDED
def test_it_holds_for_anonymous_callers(case: Any) -> None:
    case.call_and_validate()


@schemathesis.pytest.from_fixture("department").parametrize()
@BOUNDED
def test_it_holds_for_a_department_token(case: Any) -> None:
    case.call_and_validate()


@schemathesis.pytest.from_fixture("regulator").parametrize()
@BOUNDED
def test_it_holds_for_a_regulator_session(case: Any) -> None:
    case.call_and_validate()
