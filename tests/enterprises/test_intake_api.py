from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import ApiToken, Department
from accounts.services import api_token_issue, api_token_revoke
from core.models import AuditEntry
from enterprises.models import (
    Complaint,
    Enterprise,
    HonourRecord,
    InspectionRecord,
    LicenceRecord,
    PenaltyRecord,
    QualityAccidentRecord,
    RecallRecord,
    UnlicensedProductionRecord,
)
from tests.factories import DepartmentFactory, EnterpriseFactory

pytestmark = pytest.mark.django_db


def valid_item(kind: str, uscc: str, ref: str = "R-1") -> dict[str, Any]:
    base = {"uscc": uscc, "source_ref": ref}
    return (
        base
        | {
            "inspections": {
                "product": "小麦粉",
                "inspected_on": "2026-03-02",
                "level": "provincial",
                "result": "fail",
                "defect_severity": "serious",
                "lab": "安徽省质检院",
            },
            "penalties": {
                "decision_no": "安市监处罚〔2026〕12号",
                "decided_on": "2026-02-01",
                "kind": "fine",
                "amount": "20000",
                "legal_basis": "《产品质量法》第四十九条",
            },
            "licences": {
                "licence_no": "SC10634080200123",
                "title": "食品生产许可证",
                "issued_on": "2024-05-01",
                "valid_until": "2029-04-30",
            },
            "honours": {
                "kind": "quality_award",
                "title": "安庆市政府质量奖",
                "level": "municipal",
                "awarded_on": "2025-12-01",
            },
            "complaints": {"received_on": "2026-01-05", "subject": "产品质量问题投诉"},
            "unlicensed": {
                "found_on": "2026-02-10",
                "product": "桶装饮用水",
                "licence_required": "食品生产许可证",
                "case_no": "安市监案〔2026〕7号",
            },
            "accidents": {
                "occurred_on": "2026-03-05",
                "product": "电动自行车蓄电池",
                "severity": "general",
                "summary": "蓄电池起火致一人受伤",
            },
            "recalls": {
                "gtins": ["6901234567892"],
                "batches": ["20260301"],
                "recalled_on": "2026-03-10",
                "reason": "产品标签缺陷",
                "mode": "voluntary",
            },
        }[kind]
    )


MODELS = {
    "inspections": InspectionRecord,
    "penalties": PenaltyRecord,
    "licences": LicenceRecord,
    "honours": HonourRecord,
    "complaints": Complaint,
    "unlicensed": UnlicensedProductionRecord,
    "accidents": QualityAccidentRecord,
    "recalls": RecallRecord,
}
KINDS = list(MODELS)


def url(kind: str) -> str:
    return reverse(f"intake-{kind}")


@pytest.mark.parametrize("kind", KINDS)
def test_it_creates_then_recognises_a_resend(api: APIClient, firm: Enterprise, kind: str) -> None:
    first = api.post(url(kind), valid_item(kind, firm.uscc), format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["status"] == "created"
    again = api.post(url(kind), valid_item(kind, firm.uscc), format="json")
    assert again.status_code == 200
    assert again.json() == {**first.json(), "status": "unchanged"}
    model = MODELS[kind]
    assert model.objects.count() == 1
    record = model.objects.get()
    assert record.enterprise == firm
    assert record.source_department.code == "aq-amr"
    assert record.history.count() == 1


@pytest.mark.parametrize(
    ("kind", "change"),
    [
        ("inspections", {"result": "pass", "defect_severity": ""}),
        ("penalties", {"amount": "30000.50"}),
        ("licences", {"status": "revoked", "revoked_on": "2026-03-01"}),
        ("honours", {"withdrawn": True}),
        ("complaints", {"status": "upheld", "closed_on": "2026-01-20"}),
        ("unlicensed", {"case_no": "安市监案〔2026〕8号"}),
        ("accidents", {"severity": "major"}),
    ],
)
def test_a_changed_resend_updates_and_keeps_history(
    api: APIClient, firm: Enterprise, kind: str, change: dict[str, Any]
) -> None:
    created = api.post(url(kind), valid_item(kind, firm.uscc), format="json").json()
    response = api.post(url(kind), valid_item(kind, firm.uscc) | change, format="json")
    assert response.status_code == 200
    assert response.json() == {**created, "status": "updated"}
    record = MODELS[kind].objects.get()
    field, value = next(iter(change.items()))
    assert str(getattr(record, field)) == str(value)
    history = list(record.history.order_by("history_date", "history_id"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert history[0].history_change_reason == "api:aq-amr"
    assert str(getattr(history[0], field)) != str(value)


def test_it_takes_a_list_and_reports_each_item(api: APIClient, firm: Enterprise) -> None:
    api.post(url("inspections"), valid_item("inspections", firm.uscc, "A"), format="json")
    items = [valid_item("inspections", firm.uscc, ref) for ref in ("A", "B", "C")]
    response = api.post(url("inspections"), items, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (2, 0, 1)
    assert [r["status"] for r in body["results"]] == ["unchanged", "created", "created"]
    assert [r["index"] for r in body["results"]] == [0, 1, 2]
    assert InspectionRecord.objects.count() == 3
    assert AuditEntry.objects.filter(action="credit_file.inspections.received").count() == 2


def test_an_all_resend_list_answers_200(api: APIClient, firm: Enterprise) -> None:
    items = [valid_item("penalties", firm.uscc, ref) for ref in ("A", "B")]
    assert api.post(url("penalties"), items, format="json").status_code == 201
    assert api.post(url("penalties"), items, format="json").status_code == 200
    assert PenaltyRecord.objects.count() == 2


def test_the_same_ref_from_two_departments_is_two_records(firm: Enterprise, api: APIClient) -> None:
    other = DepartmentFactory(code="aq-health", jurisdiction="3408")
    _t, raw = api_token_issue(department=other, name="t", actor=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert (
        api.post(url("licences"), valid_item("licences", firm.uscc), format="json").status_code
        == 201
    )
    assert (
        client.post(url("licences"), valid_item("licences", firm.uscc), format="json").status_code
        == 201
    )
    assert LicenceRecord.objects.count() == 2


def test_it_accepts_codes_as_people_type_them(api: APIClient, firm: Enterprise) -> None:
    messy = " " + firm.uscc[:6] + " " + firm.uscc[6:].lower()
    response = api.post(url("honours"), valid_item("honours", messy), format="json")
    assert response.status_code == 201
    assert HonourRecord.objects.get().enterprise == firm


BAD = [
    ("inspections", {"uscc": "91110000600037341N"}, "uscc", "final check"),
    ("inspections", {"uscc": "9111000060003IOZSV"}, "uscc", "not allowed"),
    ("inspections", {"uscc": "91110000600037341L"}, "uscc", "no enterprise"),
    ("inspections", {"inspected_on": "2026-02-30"}, "inspected_on", "not a date"),
    ("inspections", {"inspected_on": "2999-01-01"}, "inspected_on", "future"),
    ("inspections", {"result": "maybe"}, "result", "must be one of"),
    ("inspections", {"level": "galactic"}, "level", "must be one of"),
    ("inspections", {"defect_severity": ""}, "defect_severity", "required for a failed"),
    ("inspections", {"product": ""}, "product", "required"),
    ("inspections", {"product": "x" * 201}, "product", "longer than 200"),
    ("penalties", {"kind": "flogging"}, "kind", "must be one of"),
    ("penalties", {"amount": "-5"}, "amount", "zero or more"),
    ("penalties", {"amount": "lots"}, "amount", "number"),
    ("penalties", {"amount": None}, "amount", "required for a fine"),
    ("penalties", {"revoked": True}, "revoked_on", "required when"),
    ("penalties", {"revoked": "perhaps"}, "revoked", "true or false"),
    ("penalties", {"revoked": True, "revoked_on": "2026-01-01"}, "revoked_on", "before"),
    ("penalties", {"published_on": "2026-01-31"}, "published_on", "before the decision"),
    ("penalties", {"restriction_ends_on": "2026-02-01"}, "restriction_ends_on", "after"),
    ("penalties", {"sector": "tobacco"}, "sector", "must be one of"),
    ("penalties", {"violation_type": "Bad Code"}, "violation_type", "short code"),
    ("penalties", {"violation_type": "smuggling"}, "violation_type", "policy's codes"),
    ("licences", {"valid_until": "2020-01-01"}, "valid_until", "before issued_on"),
    ("licences", {"status": "eternal"}, "status", "must be one of"),
    ("licences", {"status": "revoked"}, "revoked_on", "required when the licence is revoked"),
    ("licences", {"status": "cancelled"}, "revoked_on", "required when the licence is revoked"),
    ("licences", {"revoked_on": "2026-01-01"}, "revoked_on", "must be empty unless"),
    ("licences", {"status": "revoked", "revoked_on": "2024-04-30"}, "revoked_on", "before"),
    ("licences", {"status": "revoked", "revoked_on": "2999-01-01"}, "revoked_on", "future"),
    ("unlicensed", {"found_on": ""}, "found_on", "required"),
    ("unlicensed", {"found_on": "2999-01-01"}, "found_on", "future"),
    ("unlicensed", {"product": ""}, "product", "required"),
    ("unlicensed", {"uscc": "91110000600037341N"}, "uscc", "final check"),
    ("accidents", {"severity": "minor"}, "severity", "must be one of"),
    ("accidents", {"occurred_on": "March"}, "occurred_on", "not a date"),
    ("accidents", {"summary": ""}, "summary", "required"),
    ("honours", {"kind": "medal"}, "kind", "must be one of"),
    ("honours", {"awarded_on": "yesterday"}, "awarded_on", "not a date"),
    ("complaints", {"closed_on": "2025-01-01"}, "closed_on", "before received_on"),
    ("complaints", {"source_ref": ""}, "source_ref", "required"),
]


@pytest.mark.parametrize(("kind", "change", "field", "reason"), BAD)
def test_it_rejects_a_bad_item_and_writes_nothing_of_the_batch(
    api: APIClient, firm: Enterprise, kind: str, change: dict[str, Any], field: str, reason: str
) -> None:
    good = valid_item(kind, firm.uscc, "GOOD")
    bad = valid_item(kind, firm.uscc, "BAD") | change
    audits = AuditEntry.objects.count()
    response = api.post(url(kind), [good, bad], format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"index": 1, "field": field} == {k: errors[0][k] for k in ("index", "field")}
    assert reason in errors[0]["reason"]
    assert MODELS[kind].objects.count() == 0
    assert AuditEntry.objects.count() == audits


def test_a_repeated_ref_in_one_batch_is_an_error(api: APIClient, firm: Enterprise) -> None:
    item = valid_item("inspections", firm.uscc, "SAME")
    response = api.post(url("inspections"), [item, item], format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"index": 1, "field": "source_ref", "reason": "repeats item 0 of this batch"}
    ]
    assert InspectionRecord.objects.count() == 0


WHOLE_BODY = {"index": None, "field": None}


@pytest.mark.parametrize("payload", [[], "text", 7, [1, 2], None])
def test_it_rejects_payloads_that_are_not_records(api: APIClient, payload: Any) -> None:
    response = api.post(url("inspections"), payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]  # the documented shape (IntakeErrors), whatever the fault
    assert InspectionRecord.objects.count() == 0


@pytest.mark.parametrize("payload", [[], "text", 7])
def test_a_refused_body_carries_one_error_without_index(api: APIClient, payload: Any) -> None:
    body = api.post(url("inspections"), payload, format="json").json()

    assert body["errors"] == [{**WHOLE_BODY, "reason": body["detail"]}]


def test_it_rejects_malformed_json(api: APIClient) -> None:
    response = api.post(url("inspections"), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [{**WHOLE_BODY, "reason": response.json()["detail"]}]


def test_it_reads_records_only_as_json(api: APIClient, firm: Enterprise) -> None:
    item = valid_item("complaints", firm.uscc)

    as_text = api.post(url("complaints"), str(item), content_type="text/plain")
    as_form = api.post(url("complaints"), item)  # multipart: no list of records fits a form

    assert as_text.status_code == 415
    assert as_form.status_code == 400
    assert Complaint.objects.count() == 0


def test_it_limits_a_batch_to_1000(api: APIClient, firm: Enterprise, settings: Any) -> None:
    items = [valid_item("complaints", firm.uscc, f"C{i}") for i in range(1001)]
    response = api.post(url("complaints"), items, format="json")
    assert response.status_code == 400
    assert "1000" in response.json()["detail"]
    assert response.json()["errors"][0]["index"] is None
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_writes_get_401(firm: Enterprise, kind: str) -> None:
    response = APIClient().post(url(kind), valid_item(kind, firm.uscc), format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert MODELS[kind].objects.count() == 0


@pytest.mark.parametrize("header", ["Bearer cp_wrong", "Bearer", "Token a b", "Bearer nope"])
def test_bad_tokens_get_401(firm: Enterprise, header: str) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.post(url("inspections"), valid_item("inspections", firm.uscc), format="json")
    assert response.status_code == 401
    assert InspectionRecord.objects.count() == 0


def test_a_revoked_token_gets_401(api: APIClient, firm: Enterprise) -> None:
    api_token_revoke(token=ApiToken.objects.get(), actor=None)
    response = api.post(url("inspections"), valid_item("inspections", firm.uscc), format="json")
    assert response.status_code == 401


def test_an_inactive_department_gets_401(api: APIClient, firm: Enterprise) -> None:
    Department.objects.update(is_active=False)
    response = api.post(url("inspections"), valid_item("inspections", firm.uscc), format="json")
    assert response.status_code == 401


def test_a_token_writes_only_as_its_own_department(api: APIClient, firm: Enterprise) -> None:
    DepartmentFactory(code="sz-amr", jurisdiction="4403")
    ok = valid_item("penalties", firm.uscc, "A") | {"source_department": "aq-amr"}
    other = valid_item("penalties", firm.uscc, "B") | {"source_department": "sz-amr"}
    response = api.post(url("penalties"), [ok, other], format="json")
    assert response.status_code == 403
    assert "sz-amr" in response.json()["detail"]
    assert PenaltyRecord.objects.count() == 0


@pytest.mark.parametrize("role", ["clerk", "admin", "enterprise"])
def test_signed_in_users_cannot_use_the_department_api(
    client_as: Any, firm: Enterprise, role: str
) -> None:
    response = client_as(role).post(
        url("inspections"), valid_item("inspections", firm.uscc), content_type="application/json"
    )
    assert response.status_code == 401
    assert InspectionRecord.objects.count() == 0


def test_a_record_can_be_moved_to_the_right_firm(api: APIClient, firm: Enterprise) -> None:
    right = EnterpriseFactory()
    api.post(url("inspections"), valid_item("inspections", firm.uscc), format="json")
    response = api.post(url("inspections"), valid_item("inspections", right.uscc), format="json")
    assert response.json()["status"] == "updated"
    assert InspectionRecord.objects.get().enterprise == right


def test_it_marks_the_token_used(api: APIClient, firm: Enterprise) -> None:
    assert ApiToken.objects.get().last_used_at is None
    api.post(url("complaints"), valid_item("complaints", firm.uscc), format="json")
    used = ApiToken.objects.get().last_used_at
    assert used is not None
    assert used.date() >= dt.date(2026, 1, 1)


def test_intake_queries_do_not_grow_with_the_batch(
    api: APIClient, firm: Enterprise, django_assert_max_num_queries: Any
) -> None:
    items = [valid_item("inspections", firm.uscc, f"Q{i}") for i in range(200)]
    with django_assert_max_num_queries(20):
        response = api.post(url("inspections"), items, format="json")
    assert response.status_code == 201
    assert InspectionRecord.objects.count() == 200


def test_code_errors_speak_chinese_by_default(token: str, firm: Enterprise) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    item = valid_item("inspections", firm.uscc) | {"uscc": "91110000600037341N"}
    response = client.post(url("inspections"), item, format="json")
    assert response.status_code == 400
    assert "校验码" in response.json()["errors"][0]["reason"]


def test_a_department_writes_only_within_its_jurisdiction(api: APIClient) -> None:
    shenzhen = EnterpriseFactory(region_id="440305")
    response = api.post(url("penalties"), valid_item("penalties", shenzhen.uscc), format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "uscc"
    assert "jurisdiction" in response.json()["errors"][0]["reason"]
    assert PenaltyRecord.objects.count() == 0


def test_a_national_department_writes_anywhere(firm: Enterprise) -> None:
    national = DepartmentFactory(code="samr", jurisdiction="")
    _t, raw = api_token_issue(department=national, name="t", actor=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    shenzhen = EnterpriseFactory(region_id="440305")
    response = client.post(url("honours"), valid_item("honours", shenzhen.uscc), format="json")
    assert response.status_code == 201


def test_a_penalty_carries_publication_sector_type_and_restriction(
    api: APIClient, firm: Enterprise
) -> None:
    item = valid_item("penalties", firm.uscc) | {
        "published_on": "2026-02-10",
        "sector": "food",
        "violation_type": "food_safety",
        "restriction_ends_on": "2031-02-01",
    }
    assert api.post(url("penalties"), item, format="json").status_code == 201
    p = PenaltyRecord.objects.get()
    assert (p.published_on, p.sector, p.violation_type, p.restriction_ends_on) == (
        dt.date(2026, 2, 10),
        "food",
        "food_safety",
        dt.date(2031, 2, 1),
    )
    assert p.history.count() == 1  # simple-history keeps the new fields with the rest
    assert p.history.get().sector == "food"


def test_without_the_new_fields_a_penalty_counts_from_its_decision(
    api: APIClient, firm: Enterprise
) -> None:
    assert api.post(url("penalties"), valid_item("penalties", firm.uscc), format="json")
    p = PenaltyRecord.objects.get()
    assert (p.published_on, p.sector, p.violation_type, p.restriction_ends_on) == (
        None,
        "other",
        "",
        None,
    )
    # A resend without them is unchanged.
    again = api.post(url("penalties"), valid_item("penalties", firm.uscc), format="json")
    assert again.json()["status"] == "unchanged"


def test_a_provinces_own_violation_type_is_accepted_once_its_policy_lists_it(
    api: APIClient, firm: Enterprise
) -> None:
    from lists.policy import list_policy_publish
    from lists.rules import VIOLATION_TYPES

    item = valid_item("penalties", firm.uscc) | {"violation_type": "tea_origin"}
    assert api.post(url("penalties"), item, format="json").status_code == 400
    list_policy_publish(
        rules={"violation_types": [*VIOLATION_TYPES, "tea_origin"]}, note="茶叶产地", actor=None
    )
    assert api.post(url("penalties"), item, format="json").status_code == 201
    assert PenaltyRecord.objects.get().violation_type == "tea_origin"


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/api/v1/unlicensed-production/", "unlicensed"), ("/api/v1/accidents/", "accidents")],
)
def test_the_new_record_kinds_have_their_own_addresses(
    api: APIClient, firm: Enterprise, path: str, kind: str
) -> None:
    response = api.post(path, valid_item(kind, firm.uscc), format="json")
    assert response.status_code == 201, response.json()
    record = MODELS[kind].objects.get()
    assert (record.enterprise, record.source_ref) == (firm, "R-1")
    assert AuditEntry.objects.filter(action=f"credit_file.{kind}.received").count() == 1


def test_a_revoked_licence_carries_the_day_it_was_revoked(api: APIClient, firm: Enterprise) -> None:
    item = valid_item("licences", firm.uscc) | {"status": "revoked", "revoked_on": "2026-02-01"}
    assert api.post(url("licences"), item, format="json").status_code == 201
    assert LicenceRecord.objects.get().revoked_on == dt.date(2026, 2, 1)
