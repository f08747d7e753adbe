"""schemathesis against a live server: every operation of /api/schema/, GET and POST, as an
anonymous caller, a department's token and a regulator's session, with the default checks."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings

from accounts.services import api_token_issue
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory


def _served_schema() -> dict[str, Any]:
    """The document /api/schema/ serves, built at collection so each operation is its own test
    (test_it_serves_the_schema_tested holds the live one to it)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))


schema = schemathesis.openapi.from_dict(_served_schema())
# Not one of the default checks the portal holds to: a schema cannot say that a code's check
# characters are right, that the firm is on file, or an item's cross-field rules, so valid-looking
# input is rightly refused with a 400 (tests of each API hold the accepted cases).
schema.config.checks.positive_data_acceptance.enabled = False
# Committed rows the live server can read; the regions and policies of the migrations come back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BOUNDED = settings(
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def file_data(transactional_db: Any) -> dict[str, Any]:
    department = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    _t, raw = api_token_issue(department=department, name="schemathesis", actor=None)
    EnterpriseFactory.create_batch(3)
    regulator = RegulatorFactory(role="admin", jurisdiction="3408", department=department)
    client = Client()
    client.force_login(regulator)
    client.get("/console/")
    return {"token": raw, "cookies": client.cookies}


@schema.parametrize()
@BOUNDED
def test_it_holds_for_anonymous_callers(
    case: Any, file_data: dict[str, Any], live_server: Any
) -> None:
    case.call_and_validate(base_url=live_server.url)


@schema.parametrize()
@BOUNDED
def test_it_holds_for_a_department_token(
    case: Any, file_data: dict[str, Any], live_server: Any
) -> None:
    case.call_and_validate(
        base_url=live_server.url, headers={"Authorization": f"Bearer {file_data['token']}"}
    )


@schema.parametrize()
@BOUNDED
def test_it_holds_for_a_regulator_session(
    case: Any, file_data: dict[str, Any], live_server: Any
) -> None:
    cookies = file_data["cookies"]
    csrf = cookies["csrftoken"].value if "csrftoken" in cookies else ""
    cookie = "; ".join(f"{k}={m.value}" for k, m in cookies.items())
    case.call_and_validate(
        base_url=live_server.url, headers={"Cookie": cookie, "X-CSRFToken": csrf}
    )
