"""Every API answers a refusal in the request's language, and only in it: Chinese with no
Accept-Language (the portal's default), English with `Accept-Language: en`.

Each case sends bad input to one API (intake of every kind, the restriction checks, the
abnormal-operations and blacklist APIs, subscriptions, the product lookup, the open-data API)
and the walk reads every text of the answer meant for a person (not the codes and field names):
an English answer holds no Chinese, a Chinese one holds Chinese and no English word beyond the
codes and field names the API defines."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import pytest
from rest_framework.test import APIClient

from accounts.services import api_token_issue
from enterprises.intake_fields import SPECS
from enterprises.intake_parsers import amount, boolean, code, date_value, gtin_value
from lists.models import AbnormalGround, EntryStatus, RemovalReason, RestrictionMeasure
from sharing.models import EventType
from tests.enterprises.test_intake_api import valid_item
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    RegulatorFactory,
)
from tests.language import HAN, answer_texts, english_words, han_left

pytestmark = pytest.mark.django_db

UNKNOWN_CODE = "91110108551385082Q"  # valid check characters, not on file
BAD_CHECK = "91110000600037341N"


@dataclass
class World:
    firm: Any
    department: Any
    token: str
    officer: Any
    firm_user: Any


@pytest.fixture
def world() -> World:
    province = DepartmentFactory(code="ah-amr", jurisdiction="34")
    city = DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)
    _t, raw = api_token_issue(department=city, name="walk", actor=None)
    firm = EnterpriseFactory(name="安庆语言测试有限公司", region_id="340802")
    return World(
        firm=firm,
        department=city,
        token=raw,
        officer=RegulatorFactory(role="list_officer", jurisdiction="3408", department=city),
        firm_user=EnterpriseUserFactory(enterprise=firm),
    )


def _bad_value(parse: Any) -> Any:
    """A value the field's parser refuses, whatever the field."""
    if hasattr(parse, "max_length"):
        return "x" * (parse.max_length + 1)
    if hasattr(parse, "choices"):
        return "no_such_choice"
    if getattr(parse, "many", False):
        return {"not": "a list"}
    if parse is date_value:
        return "2099-01-01"
    if parse is boolean:
        return "perhaps"
    if parse is amount:
        return "-5"
    if parse is code:
        return "Not A Code"
    if parse is gtin_value:
        return "6901234567890"
    return "02/03/2026"  # a date in another form


def _bad_item(kind: str, uscc: str) -> dict[str, Any]:
    item = {name: _bad_value(f.parse) for name, f in SPECS[kind].fields.items()}
    return item | {"uscc": uscc, "source_ref": "R-bad", "source_department": ""}


# Cross-field rules of each kind (enterprises.intake_fields), broken on an otherwise valid item.
CROSS = {
    "inspections": {"defect_severity": ""},
    "penalties": {"amount": "", "revoked": True},
    "licences": {"valid_until": "2020-01-01", "status": "revoked"},
    "honours": {"valid_until": "2020-01-01"},
    "complaints": {"closed_on": "2025-01-01"},
    "unlicensed": {"found_on": "2099-01-01"},
    "accidents": {"severity": "catastrophic"},
    "recalls": {"gtins": [], "product": ""},
}

Case = Callable[[World, APIClient], Any]


def _department(w: World, c: APIClient) -> APIClient:
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {w.token}")
    return c


def _intake_cases() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for kind in SPECS:
        path = f"/api/v1/{'unlicensed-production' if kind == 'unlicensed' else kind}/"

        def empty(w: World, c: APIClient, path: str = path) -> Any:
            return _department(w, c).post(path, [{}], format="json")

        def bad(w: World, c: APIClient, path: str = path, kind: str = kind) -> Any:
            return _department(w, c).post(path, [_bad_item(kind, BAD_CHECK)], format="json")

        def cross(w: World, c: APIClient, path: str = path, kind: str = kind) -> Any:
            item = valid_item(kind, w.firm.uscc) | CROSS[kind]
            return _department(w, c).post(path, item, format="json")

        def unknown(w: World, c: APIClient, path: str = path, kind: str = kind) -> Any:
            items = [valid_item(kind, UNKNOWN_CODE), valid_item(kind, UNKNOWN_CODE)]
            return _department(w, c).post(path, items, format="json")

        def elsewhere(w: World, c: APIClient, path: str = path, kind: str = kind) -> Any:
            far = EnterpriseFactory(region_id="440305")
            return _department(w, c).post(path, valid_item(kind, far.uscc), format="json")

        def duplicate(w: World, c: APIClient, path: str = path, kind: str = kind) -> Any:
            items = [valid_item(kind, w.firm.uscc), valid_item(kind, w.firm.uscc)]
            return _department(w, c).post(path, items, format="json")

        cases |= {
            f"{kind}: every field missing": empty,
            f"{kind}: every field bad": bad,
            f"{kind}: a cross-field rule": cross,
            f"{kind}: unknown firm": unknown,
            f"{kind}: outside the jurisdiction": elsewhere,
            f"{kind}: a ref twice": duplicate,
        }
    return cases


def _raw(c: APIClient, path: str, body: str) -> Any:
    return c.generic("POST", path, body, content_type="application/json")


CASES: dict[str, Case] = {
    **_intake_cases(),
    "intake: not a record": lambda w, c: _department(w, c).post(
        "/api/v1/inspections/", "a text", format="json"
    ),
    "intake: malformed JSON": lambda w, c: _raw(_department(w, c), "/api/v1/inspections/", "{"),
    "intake: nested too deep": lambda w, c: _raw(
        _department(w, c), "/api/v1/inspections/", "[" * 40 + "]" * 40
    ),
    "intake: a NUL": lambda w, c: _raw(
        _department(w, c), "/api/v1/inspections/", '{"uscc": "\\u0000"}'
    ),
    "intake: another department": lambda w, c: _department(w, c).post(
        "/api/v1/penalties/",
        valid_item("penalties", w.firm.uscc) | {"source_department": "hf-amr"},
        format="json",
    ),
    "intake: as a form": lambda w, c: _department(w, c).post(
        "/api/v1/inspections/", {"uscc": "x"}, format="multipart"
    ),
    "intake: no token": lambda w, c: c.post("/api/v1/inspections/", [{}], format="json"),
    "intake: a wrong token": lambda w, c: c.post(
        "/api/v1/inspections/", [{}], format="json", HTTP_AUTHORIZATION="Bearer cp_nothing"
    ),
    "intake: a malformed header": lambda w, c: c.post(
        "/api/v1/inspections/", [{}], format="json", HTTP_AUTHORIZATION="Bearer a b"
    ),
    "restriction: a bad code": lambda w, c: _department(w, c).get(
        f"/api/v1/restrictions/{BAD_CHECK}/", {"action": "procurement"}
    ),
    "restriction: an unknown firm": lambda w, c: _department(w, c).get(
        f"/api/v1/restrictions/{UNKNOWN_CODE}/", {"action": "procurement"}
    ),
    "restriction: an unknown action": lambda w, c: _department(w, c).get(
        f"/api/v1/restrictions/{w.firm.uscc}/", {"action": "gambling"}
    ),
    "restriction: no token": lambda w, c: c.get(
        f"/api/v1/restrictions/{w.firm.uscc}/", {"action": "procurement"}
    ),
    "person: a bad check digit": lambda w, c: _department(w, c).post(
        "/api/v1/restrictions/person/",
        {"id_number": "110101199003070000", "action": "appointment"},
        format="json",
    ),
    "person: not a number": lambda w, c: _department(w, c).post(
        "/api/v1/restrictions/person/", {"id_number": "??", "action": "x"}, format="json"
    ),
    "person: no body": lambda w, c: _department(w, c).post(
        "/api/v1/restrictions/person/", {}, format="json"
    ),
    "batch: items refused one by one": lambda w, c: _department(w, c).post(
        "/api/v1/restrictions/batch/",
        {"action": "bidding", "codes": [BAD_CHECK, UNKNOWN_CODE, 7, "9111\u0001"]},
        format="json",
    ),
    "batch: not a list": lambda w, c: _department(w, c).post(
        "/api/v1/restrictions/batch/", {"action": "bidding", "codes": "x"}, format="json"
    ),
    "batch: an unknown action": lambda w, c: _department(w, c).post(
        "/api/v1/restrictions/batch/", {"action": "gambling", "codes": [w.firm.uscc]}, format="json"
    ),
    "batch: malformed JSON": lambda w, c: _raw(
        _department(w, c), "/api/v1/restrictions/batch/", "[1,"
    ),
    "subscriptions: bad input": lambda w, c: _department(w, c).post(
        "/api/v1/subscriptions/",
        {"url": "http://user:pw@example.com/", "events": ["gossip"], "enterprises": [BAD_CHECK]},
        format="json",
    ),
    "subscriptions: no events": lambda w, c: _department(w, c).post(
        "/api/v1/subscriptions/",
        {"url": "https://example.com/hook", "events": [], "enterprises": "x"},
        format="json",
    ),
    "subscriptions: not https": lambda w, c: _department(w, c).post(
        "/api/v1/subscriptions/",
        {"url": "http://example.com/hook", "events": ["grade.changed"]},
        format="json",
    ),
    "subscriptions: an unknown one": lambda w, c: _department(w, c).delete(
        "/api/v1/subscriptions/999999/"
    ),
    "subscriptions: no token": lambda w, c: c.get("/api/v1/subscriptions/"),
    "products: a bad check digit": lambda w, c: c.get("/api/v1/products/6901234567890/"),
    "products: letters": lambda w, c: c.get("/api/v1/products/69012345ABC/"),
    "products: an unknown one": lambda w, c: c.get("/api/v1/products/6901234567892/"),
    "enterprises: a bad code": lambda w, c: c.get(f"/api/v1/enterprises/{BAD_CHECK}/"),
    "enterprises: too short": lambda w, c: c.get("/api/v1/enterprises/9111/"),
    "enterprises: an unknown one": lambda w, c: c.get(f"/api/v1/enterprises/{UNKNOWN_CODE}/"),
    "enterprises: bad filters": lambda w, c: c.get(
        "/api/v1/enterprises/", {"page": "0", "grade": "Z", "list": "grey", "region": "x"}
    ),
    "redlist: bad filters": lambda w, c: c.get(
        "/api/v1/redlist/", {"since_from": "yesterday", "page": "abc"}
    ),
    "blacklist: bad filters": lambda w, c: c.get(
        "/api/v1/blacklist/", {"listed_from": "2026-13-01", "page": "-1"}
    ),
    "changes: no time": lambda w, c: c.get("/api/v1/changes/", {"since": "soon"}),
    "changes: a bad cursor": lambda w, c: c.get(
        "/api/v1/changes/", {"since": "2026-01-01T00:00:00Z", "after": "nonsense"}
    ),
    "abnormal: anonymous": lambda w, c: c.get("/api/v1/abnormal/entries/"),
    "abnormal: a firm's user": lambda w, c: _signed_in(c, w.firm_user).get(
        "/api/v1/abnormal/entries/"
    ),
    "abnormal: bad input": lambda w, c: _signed_in(c, w.officer).post(
        "/api/v1/abnormal/entries/",
        {"uscc": "x", "ground": "laziness", "facts": ""},
        format="json",
    ),
    "abnormal: an unknown firm": lambda w, c: _signed_in(c, w.officer).post(
        "/api/v1/abnormal/entries/",
        {"uscc": UNKNOWN_CODE, "ground": AbnormalGround.UNREACHABLE, "facts": "查无此企业"},
        format="json",
    ),
    "abnormal: a bad state filter": lambda w, c: _signed_in(c, w.officer).get(
        "/api/v1/abnormal/entries/", {"state": "sleeping"}
    ),
    "abnormal: an unknown step": lambda w, c: _signed_in(c, w.officer).post(
        "/api/v1/abnormal/entries/1/dance/", {}, format="json"
    ),
    "abnormal: an unknown listing": lambda w, c: _signed_in(c, w.officer).get(
        "/api/v1/abnormal/entries/999999/"
    ),
    "blacklist entries: bad input": lambda w, c: _signed_in(c, w.officer).post(
        "/api/v1/blacklist/entries/", {"uscc": "x", "grounds": ""}, format="json"
    ),
    "blacklist entries: an unknown firm": lambda w, c: _signed_in(c, w.officer).post(
        "/api/v1/blacklist/entries/",
        {"uscc": UNKNOWN_CODE, "grounds": "情节严重", "legal_basis": "《办法》第二条"},
        format="json",
    ),
    "blacklist entries: bad persons": lambda w, c: _signed_in(c, w.officer).post(
        "/api/v1/blacklist/entries/",
        {
            "uscc": w.firm.uscc,
            "grounds": "情节严重",
            "legal_basis": "《办法》第二条",
            "persons": [{"name": "张三", "role": "boss"}],
        },
        format="json",
    ),
    "blacklist entries: no basis": lambda w, c: _signed_in(c, w.officer).post(
        "/api/v1/blacklist/entries/",
        {"uscc": w.firm.uscc, "grounds": "情节严重", "legal_basis": "《办法》第二条"},
        format="json",
    ),
    "blacklist entries: an unknown step": lambda w, c: _signed_in(c, w.officer).post(
        "/api/v1/blacklist/entries/1/dance/", {"reason": "x"}, format="json"
    ),
    "blacklist entries: a firm's user": lambda w, c: _signed_in(c, w.firm_user).post(
        "/api/v1/blacklist/entries/", {}, format="json"
    ),
}


def _signed_in(c: APIClient, user: Any) -> APIClient:
    c.force_login(user)
    return c


def _sent(response: Any) -> str:
    request = response.wsgi_request
    try:
        body = request.body.decode()
    except Exception:  # noqa: BLE001  # a stream already read by the parser
        body = ""
    return f"{request.path} {request.META.get('QUERY_STRING', '')} {body}"


def _codes(response: Any) -> set[str]:
    """Codes and field names the answers may name as they are: the API's own identifiers."""
    names: set[str] = {"uscc", "source_ref", "source_department", "id_number", "action"}
    # JSON's literals, Python's type names (DRF names the type it got), a header's name.
    names |= {"true", "false", "null", "str", "int", "dict", "list", "bool", "Authorization"}
    for spec in SPECS.values():
        names |= set(spec.fields)
        for f in spec.fields.values():
            names |= set(getattr(f.parse, "choices", ()))
    names |= set(RestrictionMeasure.objects.values_list("code", flat=True))
    names |= set(EntryStatus.values) | set(RemovalReason.values) | set(AbnormalGround.values)
    names |= {part for e in EventType.values for part in e.split(".")}
    names |= {"codes", "events", "enterprises", "url", "page", "since", "until", "after", "next"}
    names |= {"grade", "region", "list", "industry", "search", "state", "ground", "facts"}
    names |= {"persons", "grounds", "legal_basis", "penalty_id", "inspection_ids", "reason"}
    names |= {"since_from", "since_to", "listed_from", "listed_to", "gtin", "why", "step"}
    # What the request itself sent (a refused value may be named back).
    names |= set(re.findall(r"[A-Za-z]+", unquote(_sent(response))))
    return names


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("language", ["en", None])
def test_every_refusal_speaks_the_requests_language(
    world: World, case: str, language: str | None
) -> None:
    client = APIClient()
    if language:
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    response = CASES[case](world, client)
    body = response.json()
    refused = [i for i in body.get("results", []) if isinstance(body, dict) and i["status"] >= 400]
    # A batch answers 200 and refuses each bad item on its own (its status on the item).
    assert 400 <= response.status_code < 500 or refused, (case, response.content)
    assert response["Content-Type"].startswith("application/json"), case
    if refused:
        body = refused
    texts = [t for t in answer_texts(body) if t.strip()]
    assert texts, f"{case}: no reason given: {body}"
    joined = "\n".join(texts)
    if language == "en":
        assert han_left(joined) == [], f"{case}: Chinese in the English answer: {joined}"
        assert response["Content-Language"] == "en"
    else:
        assert HAN.search(joined), f"{case}: no Chinese in the Chinese answer: {joined}"
        words = english_words(joined, codes=_codes(response))
        assert words == [], f"{case}: English {words} in the Chinese answer: {joined}"
        assert response["Content-Language"] == "zh-hans"


def test_a_batch_refuses_each_item_in_the_requests_language(world: World) -> None:
    """The batch answers 200 and the refusals sit in its items (the walk reads them there)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token}")
    response = client.post(
        "/api/v1/restrictions/batch/",
        {"action": "bidding", "codes": [BAD_CHECK, UNKNOWN_CODE]},
        format="json",
    )
    assert response.status_code == 200
    details = [item["detail"] for item in response.json()["results"]]
    assert "校验码" in details[0]
    assert details[1] == "没有这个代码的企业。"


def test_the_site_switch_speaks_for_the_api_too(world: World) -> None:
    """The language cookie the switch sets is honoured by the API as Accept-Language is."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {world.token}")
    client.cookies["django_language"] = "en"
    response = client.post("/api/v1/inspections/", [{}], format="json")
    assert response.status_code == 400
    assert response["Content-Language"] == "en"
    assert {e["reason"] for e in response.json()["errors"]} == {"is required"}
    client.cookies["django_language"] = "zh-hans"
    chinese = client.post("/api/v1/inspections/", [{}], format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert {e["reason"] for e in chinese.json()["errors"]} == {"必填"}  # the switch wins
