"""What /api/schema/ states: security schemes per operation, real response shapes, every
refusal with its body, and the request constraints."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from enterprises.uscc import USCC_PATTERN, normalise, uscc_error
from tests.factories import uscc_for

DOMAIN_VALID = [
    "914403001922038216",
    "91440300708461136T",
    "91330100799655058B",
    "91110108551385082Q",
    "91110000600037341L",
    "91310115MA1K3BTP2B",
    "9144030071526726XG",
    "92340602MA2PBMEM24",
    "121200004013590816",
    "51310110501144395U",
]
TOKEN_PATHS = [
    "/api/v1/inspections/",
    "/api/v1/penalties/",
    "/api/v1/licences/",
    "/api/v1/honours/",
    "/api/v1/complaints/",
    "/api/v1/unlicensed-production/",
    "/api/v1/accidents/",
    "/api/v1/recalls/",
    "/api/v1/restrictions/{uscc}/",
    "/api/v1/restrictions/person/",
    "/api/v1/restrictions/batch/",
    "/api/v1/match/",
    "/api/v1/subscriptions/",
    "/api/v1/subscriptions/{id}/",
]
SESSION_PATHS = [
    "/api/v1/blacklist/entries/",
    "/api/v1/blacklist/entries/{id}/{step}/",
    "/api/v1/abnormal/entries/",
    "/api/v1/abnormal/entries/{id}/",
    "/api/v1/abnormal/entries/{id}/{step}/",
]
PUBLIC_PATHS = [
    "/api/v1/enterprises/",
    "/api/v1/enterprises/{uscc}/",
    "/api/v1/redlist/",
    "/api/v1/blacklist/",
    "/api/v1/changes/",
    "/api/v1/products/",
    "/api/v1/products/{gtin}/",
    "/api/v1/dual-publicity/licences/",
    "/api/v1/dual-publicity/penalties/",
    "/api/v1/recalls/public/",
    "/api/v1/bulk/",
]


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def _operations(document: dict[str, Any], path: str) -> list[dict[str, Any]]:
    return list(document["paths"][path].values())


def _component(document: dict[str, Any], ref: str) -> dict[str, Any]:
    return document["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def test_it_documents_every_routed_operation(document: dict[str, Any]) -> None:
    assert set(document["paths"]) == {*TOKEN_PATHS, *SESSION_PATHS, *PUBLIC_PATHS}


@pytest.mark.parametrize("path", TOKEN_PATHS)
def test_it_secures_token_operations_with_the_bearer_scheme(
    document: dict[str, Any], path: str
) -> None:
    for operation in _operations(document, path):
        assert operation["security"] == [{"departmentToken": []}]
        assert {"400", "401", "403"} <= set(operation["responses"])


@pytest.mark.parametrize("path", SESSION_PATHS)
def test_it_secures_session_operations_with_the_session_scheme(
    document: dict[str, Any], path: str
) -> None:
    for operation in _operations(document, path):
        assert operation["security"] == [{"regulatorSession": []}]
        # Without a session DRF answers 403 (no WWW-Authenticate scheme to challenge with).
        assert "403" in operation["responses"]
        assert "401" not in operation["responses"]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_it_marks_public_operations_anonymous(document: dict[str, Any], path: str) -> None:
    for operation in _operations(document, path):
        assert operation["security"] == [{}]
        assert {"400", "429"} <= set(operation["responses"])
        assert "401" not in operation["responses"]
        assert "403" not in operation["responses"]


def test_it_names_both_schemes(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]

    assert schemes["departmentToken"]["scheme"] == "bearer"
    assert schemes["regulatorSession"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": settings.SESSION_COOKIE_NAME,
        "description": schemes["regulatorSession"]["description"],
    }
    assert "X-CSRFToken" in schemes["regulatorSession"]["description"]


def test_it_gives_writes_their_body_and_busy_refusals(document: dict[str, Any]) -> None:
    for operations in document["paths"].values():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if method == "post":
                assert {"413", "415", "503"} <= codes
            else:
                assert {"413", "415", "503"}.isdisjoint(codes)


def test_it_gives_each_refusal_a_body(document: dict[str, Any]) -> None:
    for operations in document["paths"].values():
        for operation in operations.values():
            for code, response in operation["responses"].items():
                # 414 is answered by the server in front of the portal; 204 and 304 have no
                # body.
                if code in ("204", "304", "414"):
                    continue
                assert "application/json" in response["content"], code


def test_it_documents_the_enterprise_search_as_a_page(document: dict[str, Any]) -> None:
    (operation,) = _operations(document, "/api/v1/enterprises/")
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    page = _component(document, body["$ref"])

    assert page["type"] == "object"
    assert set(page["properties"]) == {"count", "capped", "page", "pages", "results"}
    assert page["properties"]["results"]["type"] == "array"


@pytest.mark.parametrize(
    ("path", "method"),
    [("/api/v1/changes/", "get"), ("/api/v1/abnormal/entries/", "get")],
)
def test_it_documents_other_pages_as_objects(
    document: dict[str, Any], path: str, method: str
) -> None:
    body = document["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    page = _component(document, body["schema"]["$ref"])

    assert "results" in page["properties"]
    assert "next" in page["properties"]


def test_it_lets_an_intake_error_be_about_the_whole_body(document: dict[str, Any]) -> None:
    error = document["components"]["schemas"]["IntakeError"]

    assert error["properties"]["field"]["nullable"] is True
    assert error["properties"]["index"]["nullable"] is True
    assert "errors" in document["components"]["schemas"]["IntakeErrors"]["required"]


def test_it_takes_one_record_or_a_bounded_list(document: dict[str, Any]) -> None:
    (operation,) = _operations(document, "/api/v1/inspections/")
    content = operation["requestBody"]["content"]

    assert list(content) == ["application/json"]
    one, many = content["application/json"]["schema"]["oneOf"]
    assert many == {
        "type": "array",
        "items": one,
        "minItems": 1,
        "maxItems": settings.INTAKE_MAX_BATCH,
    }
    record = _component(document, one["$ref"])
    assert record["properties"]["uscc"]["pattern"] == USCC_PATTERN
    assert record["properties"]["product"]["maxLength"] == 200
    assert "product" in record["required"]


def _parameter(document: dict[str, Any], path: str, name: str) -> dict[str, Any]:
    (operation,) = _operations(document, path)
    return next(p for p in operation["parameters"] if p["name"] == name)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/enterprises/",
        "/api/v1/redlist/",
        "/api/v1/blacklist/",
        "/api/v1/dual-publicity/licences/",
        "/api/v1/dual-publicity/penalties/",
    ],
)
def test_it_starts_pages_at_one(document: dict[str, Any], path: str) -> None:
    page = _parameter(document, path, "page")

    assert page["schema"] == {"type": "integer", "minimum": 1}
    assert page["allowEmptyValue"] is True  # `?page=` is no page given


@pytest.mark.parametrize("path", ["/api/v1/enterprises/{uscc}/", "/api/v1/restrictions/{uscc}/"])
def test_it_states_the_code_pattern(document: dict[str, Any], path: str) -> None:
    assert _parameter(document, path, "uscc")["schema"]["pattern"] == USCC_PATTERN


def test_it_bounds_the_search_text(document: dict[str, Any]) -> None:
    assert _parameter(document, "/api/v1/enterprises/", "search")["schema"]["maxLength"] == 50


@pytest.mark.parametrize(
    "code", [*DOMAIN_VALID, *(c.lower() for c in DOMAIN_VALID), uscc_for(1), uscc_for(40_000)]
)
def test_the_pattern_takes_every_valid_code(code: str) -> None:
    assert uscc_error(normalise(code)) is None
    assert re.fullmatch(USCC_PATTERN, code)


# Bad alphabet; 17 and 19 characters; a full-width digit (normalised by the API, but not the
# form the schema states).
@pytest.mark.parametrize(
    "code",
    ["9111000060003IOZSV", "91110000600037341", "91110000600037341LL", "９1110000600037341L"],
)
def test_the_pattern_refuses_what_no_code_is(code: str) -> None:
    assert re.fullmatch(USCC_PATTERN, code) is None


def test_it_answers_an_unrouted_api_address_in_json(client: Any, db: Any) -> None:
    answer = client.get("/api/v1/nowhere/")

    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/json"
    assert answer.json()["code"] == "not_found"


def test_it_answers_an_unrouted_page_with_the_site_page(client: Any, db: Any) -> None:
    answer = client.get("/nowhere/")

    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("text/html")


def test_it_serves_the_schema_anonymously(client: Any, db: Any) -> None:
    answer = client.get(reverse("api-schema"), {"format": "json"})

    assert answer.status_code == 200
    assert "departmentToken" in answer.json()["components"]["securitySchemes"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/enterprises/",
        "/api/v1/enterprises/{uscc}/",
        "/api/v1/redlist/",
        "/api/v1/blacklist/",
        "/api/v1/dual-publicity/licences/",
        "/api/v1/dual-publicity/penalties/",
    ],
)
def test_it_documents_revalidation_of_cached_answers(document: dict[str, Any], path: str) -> None:
    (operation,) = _operations(document, path)

    assert "304" in operation["responses"]


@pytest.mark.parametrize("day", ["2026/01/05", "01/05/2026", "2026-1-5"])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_list_filters_take_days_only_as_the_schema_states(
    client: Any, db: Any, day: str, language: str
) -> None:
    answer = client.get(
        reverse("disclosure-api:api-blacklist"), {"listed_from": day}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert answer.status_code == 400
    assert "listed_from" in answer.json()


def test_list_filters_take_a_day_in_iso_form(client: Any, db: Any) -> None:
    answer = client.get(reverse("disclosure-api:api-redlist"), {"since_from": "2026-01-05"})

    assert answer.status_code == 200
