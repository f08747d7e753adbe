"""The audit log in words: every action the portal writes is registered with a label in both
languages, every key of its data has a label, and the page shows labels and fields (label:
value), never the stored codes or a Python dict."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from console.audit_details import DATA_LABELS, audit_action_label, audit_details
from core.actions import ACTION_TOPICS, AuditAction, action_topic
from core.models import AuditEntry
from enterprises.intake_fields import SPECS
from lists.entries import ALLOWED
from tests.factories import EnterpriseFactory, RegulatorFactory

ROOT = Path(settings.BASE_DIR)
APPS = [
    "accounts",
    "console",
    "core",
    "demo",
    "disclosure",
    "dueprocess",
    "enterprises",
    "inspections",
    "lists",
    "publicity",
    "ratings",
    "selfservice",
    "sharing",
]
# The calls that write an entry's data: the audit itself and the two helpers that pass theirs on.
WRITERS = {"audit_record", "entry_move", "_removed"}


def _sources() -> list[tuple[Path, ast.Module]]:
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                found.append((path, ast.parse(path.read_text(encoding="utf-8"))))
    return found


def _written_keys() -> set[str]:
    keys: set[str] = set()
    for _path, tree in _sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in WRITERS:
                continue
            for kw in node.keywords:
                if kw.arg == "data" and isinstance(kw.value, ast.Dict):
                    keys |= {k.value for k in kw.value.keys if isinstance(k, ast.Constant)}
        # `extra` dicts handed to entry_move (lists/removal.py).
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and any(getattr(t, "id", "") == "extra" for t in node.targets)
                and isinstance(node.value, ast.Dict)
            ):
                keys |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    return keys


def test_the_scan_finds_the_data_the_services_write() -> None:
    keys = _written_keys()
    # One key from each writer: a plain audit, entry_move's caller, _removed's caller, `extra`.
    assert {"channel", "from", "removal_due", "decision_no"} <= keys


def test_every_key_written_into_an_entrys_data_has_a_label() -> None:
    assert sorted(_written_keys() - set(DATA_LABELS)) == []


def test_every_action_used_anywhere_is_registered() -> None:
    used: set[str] = set()
    for _path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", "") == "AuditAction":
                used.add(node.attr)
    members = set(AuditAction.__members__)
    helpers = {"received", "entry_moved", "is_public", "label", "value", "values", "choices"}
    assert sorted(used - members - helpers) == []
    # The actions built from a kind or a status: every kind of intake, every blacklist step.
    for kind in SPECS:
        assert AuditAction.received(kind) in AuditAction
    for status in {s for steps in ALLOWED.values() for s in steps}:
        assert AuditAction.entry_moved(status) in AuditAction


def _catalogue() -> dict[str, str]:
    po = polib.pofile(str(ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"))
    return {e.msgid: e.msgstr for e in po.translated_entries() if "fuzzy" not in e.flags}


HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.mark.parametrize(
    "label",
    [a.label for a in AuditAction] + list(ACTION_TOPICS.values()) + list(DATA_LABELS.values()),
    ids=str,
)
def test_every_label_reads_in_both_languages(label: Any) -> None:
    with translation.override("en"):
        english = str(label)  # the English catalogue is the msgids themselves
    with translation.override("zh-hans"):
        chinese = str(label)
    assert not HAN.search(english)
    assert HAN.search(chinese), f"no Chinese for {english!r}"
    assert english in _catalogue()  # translated, not fuzzy


def test_every_action_has_a_topic() -> None:
    assert {action_topic(a.value) for a in AuditAction} == set(ACTION_TOPICS)


def test_an_action_reads_by_its_label_and_an_unknown_code_as_stored() -> None:
    with translation.override("zh-hans"):
        assert audit_action_label("objection.upheld") == "异议成立"
    with translation.override("en"):
        assert audit_action_label("objection.upheld") == "objection upheld"
    assert audit_action_label("a.retired.action") == "a.retired.action"


def _entry(action: AuditAction, data: dict[str, Any], **kw: Any) -> AuditEntry:
    return AuditEntry.objects.create(action=action.value, data=data, **kw)


@pytest.mark.django_db
def test_data_reads_as_fields_with_codes_named() -> None:
    listed = _entry(
        AuditAction.ABNORMAL_LISTED,
        {"listing": 7, "ground": "no_annual_report", "legal_basis": "《办法》第四条"},
    )
    corrected = _entry(
        AuditAction.PRODUCT_CORRECTED,
        {"channel": "console", "gtin": "06901234567892", "changed": {"name": ["旧名", "新名"]}},
    )
    stated = _entry(
        AuditAction.STATEMENT_SUBMITTED,
        {"entry": 3, "statement": 4, "hearing_requested": True, "replaced": False},
    )
    drawn = _entry(
        AuditAction.PLAN_DRAWN,
        {"plan": 1, "classes": [["B", "I", 40, 0.05, 2], ["AA", "III", 80, 0.025, 2]]},
    )
    received = _entry(
        AuditAction.INSPECTIONS_RECEIVED,
        {"channel": "api", "created": 2, "updated": 0, "enterprises": [5, 9]},
    )
    objected = _entry(AuditAction.OBJECTION_RAISED, {"objection": 2, "record": "inspections:12"})
    with translation.override("en"):
        assert audit_details(listed) == [
            ("abnormal-operations listing", "7"),
            ("ground", "No annual report by 30 June"),
            ("legal basis", "《办法》第四条"),
        ]
        assert audit_details(corrected)[2] == ("changed", "product name: 旧名 → 新名")
        assert audit_details(corrected)[0] == ("channel", "regulator console")
        assert audit_details(stated)[2:] == [
            ("hearing requested", "yes"),
            ("replaces an earlier statement", "no"),
        ]
        assert audit_details(drawn)[1] == (
            "classes drawn",
            "B/I: 2 of 40 (5%); AA/III: 2 of 80 (2.5%)",
        )
        assert audit_details(received)[-1] == ("enterprises", "2")
        assert audit_details(objected)[1] == ("record", "inspection record #12")
    with translation.override("zh-hans"):
        assert audit_details(listed)[1] == ("列入事由", "未按规定于6月30日前报送年度报告")
        assert audit_details(corrected)[2] == ("变更内容", "产品名称：旧名 → 新名")
        assert audit_details(stated)[2] == ("已申请听证", "是")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_audit_page_names_actions_and_fields(
    language: str, django_assert_max_num_queries: Any
) -> None:
    firm = EnterpriseFactory(region_id="340802")
    admin = RegulatorFactory(role="admin", jurisdiction="3408")
    for i in range(30):
        _entry(
            AuditAction.ABNORMAL_LISTED,
            {"listing": i, "ground": "unreachable", "legal_basis": "《办法》第四条"},
            enterprise=firm,
            actor=admin,
        )
    _entry(AuditAction.TWO_FACTOR_ENROLLED, {}, actor=admin)
    client = Client()
    client.force_login(admin)
    if language == "en":
        client.cookies["django_language"] = "en"
    with django_assert_max_num_queries(8):
        page = client.get("/console/audit/")
    assert page.status_code == 200
    table = page.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    for raw in ("abnormal.listed", "accounts.2fa.enrolled", "unreachable", "{&#x27;", "{'"):
        assert raw not in table
    if language == "en":
        assert "Put on the abnormal-operations list" in table
        assert "Cannot be reached at the registered address" in table
        assert "Authenticator enrolled" in table
        assert not HAN.search(table.replace("《办法》第四条", "").replace(firm.name, ""))
    else:
        assert "列入经营异常名录" in table
        assert "绑定身份验证器" in table
        assert "<dt>列入事由</dt><dd>通过登记的住所或者经营场所无法联系</dd>" in table


@pytest.mark.django_db
def test_the_filter_offers_topics_and_actions_by_label() -> None:
    admin = RegulatorFactory(role="admin", jurisdiction="3408")
    _entry(AuditAction.OBJECTION_UPHELD, {"objection": 1}, actor=admin)
    _entry(AuditAction.REPAIR_APPLIED, {"application": 1}, actor=admin)
    client = Client()
    client.force_login(admin)
    page = client.get("/console/audit/").content.decode()
    assert '<option value="objection">异议（全部）</option>' in page
    assert '<option value="objection.upheld">异议成立</option>' in page
    topic = client.get("/console/audit/?action=objection").content.decode()
    assert "异议成立" in topic.split("<tbody>")[1]
    assert "申请信用修复" not in topic.split("<tbody>")[1]
    bad = client.get("/console/audit/?action=objection.nonsense")
    assert bad.status_code == 400  # not a choice: refused with the form's message
