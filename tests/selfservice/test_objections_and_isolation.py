"""Objections and repair from the firm's side, attachments, and one firm never reaching another."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from dueprocess.models import Objection, RepairApplication
from dueprocess.objections import objection_decide
from enterprises.models import IntegrityCommitment, Notification, QualityReport
from lists.models import BlacklistEntry
from selfservice.models import Attachment
from tests.factories import DepartmentFactory, InspectionFactory, PenaltyFactory, RegulatorFactory
from tests.selfservice.conftest import client_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def status(client: Client, url: str) -> int:
    """The status of a GET, reading a streamed body to the end (which closes its file)."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def pdf(name: str = "检测报告.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def failed(firm_a: Any) -> Any:
    return InspectionFactory(enterprise=firm_a, result="fail", inspected_on=timezone.localdate())


def test_an_objection_with_evidence(
    firm_a: Any, admin_a: Any, admin_b: Any, failed: Any, tmp_path: Any
) -> None:
    with override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path)):
        c = client_for(admin_a)
        r = c.post(
            f"/firm/objections/new/inspections/{failed.pk}/",
            {"grounds": "样品保存不当", "files": [pdf()]},
        )
        assert r.status_code == 302
        objection = Objection.objects.get()
        attachment = Attachment.objects.get()
        assert (attachment.owner_id, attachment.enterprise) == (objection.pk, firm_a)
        assert str(tmp_path) in attachment.file.path  # outside the static and web roots
        download = c.get(f"/firm/attachments/{attachment.pk}/")
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF
        regulator = client_for(RegulatorFactory(role="list_officer", jurisdiction="3408"))
        assert status(regulator, f"/firm/attachments/{attachment.pk}/") == 200
        far = client_for(RegulatorFactory(role="list_officer", jurisdiction="44"))
        assert far.get(f"/firm/attachments/{attachment.pk}/").status_code == 404
        assert client_for(admin_b).get(f"/firm/attachments/{attachment.pk}/").status_code == 404
        assert Client().get(f"/firm/attachments/{attachment.pk}/").status_code == 302  # sign in
        assert "/firm/objections/" in c.get("/firm/").content.decode()  # a deadline


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.exe", b"MZ\x90\x00", content_type="application/pdf"), "PDF"),
        (
            SimpleUploadedFile("fake.pdf", b"MZ\x90\x00binary", content_type="application/pdf"),
            "match",
        ),
        (SimpleUploadedFile("big.pdf", PDF + b"0" * 2048, content_type="application/pdf"), "MB"),
        (SimpleUploadedFile("empty.png", b"", content_type="image/png"), ""),
    ],
)
def test_a_bad_attachment_writes_nothing(
    admin_a: Any, failed: Any, tmp_path: Any, upload: Any, message: str
) -> None:
    english = client_for(admin_a)
    english.cookies["django_language"] = "en"  # the reasons are asserted in English
    with override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path), ATTACHMENT_MAX_BYTES=1024):
        r = english.post(
            f"/firm/objections/new/inspections/{failed.pk}/", {"grounds": "理由", "files": [upload]}
        )
    assert r.status_code == 400
    errors = " ".join(r.context["form"].errors["files"])
    assert message in errors or not message
    assert not Objection.objects.exists()
    assert not Attachment.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_second_objection_to_the_same_record_is_refused(admin_a: Any, failed: Any) -> None:
    c = client_for(admin_a)
    c.post(f"/firm/objections/new/inspections/{failed.pk}/", {"grounds": "一"})
    r = c.post(f"/firm/objections/new/inspections/{failed.pk}/", {"grounds": "二"})
    assert r.status_code == 409
    assert Objection.objects.count() == 1


def test_the_firm_hears_of_the_decision(
    firm_a: Any, admin_a: Any, failed: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    client_for(admin_a).post(f"/firm/objections/new/inspections/{failed.pk}/", {"grounds": "理由"})
    officer = RegulatorFactory(role="list_officer", jurisdiction="3408")
    with django_capture_on_commit_callbacks(execute=True):
        objection_decide(
            actor=officer, objection=Objection.objects.get(), uphold=True, reason="复检合格"
        )
    note = Notification.objects.get(enterprise=firm_a)
    assert note.body == "复检合格"
    assert mail.outbox[-1].to == [admin_a.email]
    page = client_for(admin_a).get("/firm/objections/").content.decode()
    assert "复检合格" in page


def test_a_repair_application_for_a_penalty(firm_a: Any, admin_a: Any) -> None:
    penalty = PenaltyFactory(
        enterprise=firm_a,
        amount=Decimal("200000"),
        decided_on=timezone.localdate() - dt.timedelta(days=400),  # 12 months: risk class I
    )
    c = client_for(admin_a)
    data = {
        "obligations_met": "on",
        "harm_remedied": "on",
        "commitment_signed": "on",
        "statement": "已整改",
    }
    r = c.post(f"/firm/repairs/new/penalty/{penalty.pk}/", data)
    assert r.status_code == 302, r.content.decode()[:2000]
    assert RepairApplication.objects.get().penalty == penalty
    # Conditions the portal can check are checked: not before 6 months.
    young = PenaltyFactory(
        enterprise=firm_a,
        amount=Decimal("200000"),
        decided_on=timezone.localdate() - dt.timedelta(days=30),
    )
    r = c.post(f"/firm/repairs/new/penalty/{young.pk}/", data)
    assert r.status_code == 400
    assert RepairApplication.objects.count() == 1


def test_a_firm_user_reaches_nothing_of_another_firm(
    firm_a: Any, firm_b: Any, admin_a: Any, admin_b: Any, failed: Any, tmp_path: Any
) -> None:
    """Every URL of the enterprise side, called by firm B's user with firm A's ids."""
    dept = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    entry = BlacklistEntry.objects.create(
        enterprise=firm_a,
        department=dept,
        status="listed",
        grounds="g",
        legal_basis="b",
        listed_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=900),
        created_by=RegulatorFactory(role="list_officer", department=dept),
    )
    penalty = PenaltyFactory(enterprise=firm_a)
    a = client_for(admin_a)
    with override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path)):
        a.post(f"/firm/objections/new/inspections/{failed.pk}/", {"grounds": "x", "files": [pdf()]})
    a.post("/firm/reports/new/", {"year": 2025, "basic": "甲"})
    report = QualityReport.objects.get(enterprise=firm_a)
    commitment = IntegrityCommitment.objects.create(
        enterprise=firm_a,
        text_version="2026-1",
        signatory="王伟",
        signed_at=timezone.now(),
        valid_until=timezone.localdate() + dt.timedelta(days=300),
    )
    attachment = Attachment.objects.get()
    b = client_for(admin_b)
    for url in (
        f"/firm/reports/{report.pk}/",
        f"/firm/reports/{report.pk}/print/",
        f"/firm/objections/new/inspections/{failed.pk}/",
        f"/firm/objections/new/penalties/{penalty.pk}/",
        f"/firm/repairs/new/penalty/{penalty.pk}/",
        f"/firm/repairs/new/blacklist/{entry.pk}/",
        f"/firm/attachments/{attachment.pk}/",
    ):
        assert b.get(url).status_code == 404, url
        assert (
            b.post(url, {"grounds": "x", "statement": "x", "action": "publish"}).status_code == 404
        ), url
    assert b.post("/firm/commitment/", {"withdraw": commitment.pk}).status_code == 404
    assert b.post("/firm/users/", {"remove": admin_a.pk}).status_code == 404
    # Lists on B's pages show nothing of A.
    for url in (
        "/firm/",
        "/firm/reports/",
        "/firm/records/",
        "/firm/objections/",
        "/firm/repairs/",
        "/firm/users/",
        "/firm/commitment/",
    ):
        body = b.get(url).content.decode()
        assert "安庆甲食品" not in body, url
        assert admin_a.username not in body, url
    assert not Objection.objects.filter(enterprise=firm_b).exists()
    assert not RepairApplication.objects.exists()
    commitment.refresh_from_db()
    assert commitment.withdrawn_at is None


@pytest.mark.parametrize("role", ["anon", "clerk", "grader", "list_officer", "approver", "admin"])
def test_the_enterprise_side_is_for_enterprise_users(role: str, client_as: Any) -> None:
    response = client_as(role).get("/firm/")
    assert response.status_code == (302 if role == "anon" else 403)
