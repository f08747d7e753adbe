"""The firm-side services the pages call: evidence filed with its objection or application,
and a report saved and submitted in one step. Each writes all of it or nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from core.errors import IllegalTransitionError
from core.models import AuditEntry
from dueprocess.models import Objection, RepairApplication
from enterprises.models import QualityReport
from enterprises.report_sections import SECTION_KEYS
from selfservice.models import Attachment
from selfservice.services.evidence import (
    objection_raise_with_evidence,
    repair_apply_with_evidence,
)
from selfservice.services.reports import report_save
from tests.factories import InspectionFactory, PenaltyFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def pdf(name: str = "证据.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def media(tmp_path: Any) -> Any:
    with override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path)):
        yield tmp_path


@pytest.fixture
def failed(firm_a: Any) -> Any:
    return InspectionFactory(enterprise=firm_a, result="fail", inspected_on=timezone.localdate())


def object_to(actor: Any, record: Any, uploads: list[Any], grounds: str = "样品保存不当") -> Any:
    return objection_raise_with_evidence(
        actor=actor,
        record_kind="inspections",
        record_id=record.pk,
        grounds=grounds,
        uploads=uploads,
    )


def test_it_raises_an_objection_with_its_files(admin_a: Any, failed: Any, media: Any) -> None:
    objection = object_to(admin_a, failed, [pdf("一.pdf"), pdf("二.pdf")])
    files = Attachment.objects.filter(owner_id=objection.pk, purpose="objection")
    assert sorted(files.values_list("original_name", flat=True)) == ["一.pdf", "二.pdf"]
    assert AuditEntry.objects.filter(action="objection.raised").count() == 1


@pytest.mark.parametrize(
    ("uploads", "grounds", "error"),
    [
        ([SimpleUploadedFile("a.exe", b"MZ")], "理由", ValidationError),  # a bad file
        ([pdf()] * 6, "理由", ValidationError),  # too many
        ([pdf()], "  ", ValidationError),  # no grounds
    ],
)
def test_a_refused_objection_stores_no_file(
    admin_a: Any, failed: Any, media: Any, uploads: list[Any], grounds: str, error: type
) -> None:
    with pytest.raises(error):
        object_to(admin_a, failed, uploads, grounds)
    assert not Objection.objects.exists()
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="objection.").exists()
    assert not any(media.rglob("*.*"))


def test_a_second_objection_keeps_the_first_files_only(
    admin_a: Any, failed: Any, media: Any
) -> None:
    object_to(admin_a, failed, [pdf()])
    with pytest.raises(IllegalTransitionError):
        object_to(admin_a, failed, [pdf("again.pdf")])
    assert Attachment.objects.count() == 1


def test_another_firm_cannot_file_evidence(admin_b: Any, failed: Any, media: Any) -> None:
    with pytest.raises(PermissionDenied):
        object_to(admin_b, failed, [pdf()])
    assert not Attachment.objects.exists()


def apply(actor: Any, penalty: Any, uploads: list[Any]) -> RepairApplication:
    return repair_apply_with_evidence(
        actor=actor,
        target="penalty",
        penalty=penalty,
        obligations_met=True,
        harm_remedied=True,
        commitment_signed=True,
        statement="已整改",
        uploads=uploads,
    )


def test_it_applies_for_repair_with_its_files(firm_a: Any, admin_a: Any, media: Any) -> None:
    penalty = PenaltyFactory(
        enterprise=firm_a,
        amount=Decimal("200000"),
        decided_on=timezone.localdate() - dt.timedelta(days=400),
    )
    application = apply(admin_a, penalty, [pdf("缴款凭证.pdf")])
    assert Attachment.objects.get().owner_id == application.pk
    young = PenaltyFactory(
        enterprise=firm_a,
        amount=Decimal("200000"),
        decided_on=timezone.localdate() - dt.timedelta(days=30),
    )
    with pytest.raises(ValidationError):  # too early to end the publicity
        apply(admin_a, young, [pdf("第二份.pdf")])
    assert RepairApplication.objects.count() == Attachment.objects.count() == 1


def filled(**override: str) -> dict[str, str]:
    return {k: f"{k} 的内容" for k in SECTION_KEYS} | override


def test_it_saves_and_submits_a_report_in_one_step(admin_a: Any) -> None:
    report = report_save(actor=admin_a, year=2025, sections=filled(), submit=True)
    assert report.status == "submitted"
    assert AuditEntry.objects.filter(action="report.submitted").count() == 1


def test_a_refused_submission_keeps_neither_the_draft_nor_the_edits(admin_a: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        report_save(actor=admin_a, year=2025, sections=filled(**{SECTION_KEYS[0]: ""}), submit=True)
    assert SECTION_KEYS[0] in caught.value.message_dict
    assert not QualityReport.objects.exists()
    draft = report_save(actor=admin_a, year=2025, sections=filled(**{SECTION_KEYS[0]: ""}))
    with pytest.raises(ValidationError):
        report_save(
            actor=admin_a,
            year=2025,
            sections=filled(**{SECTION_KEYS[0]: "", SECTION_KEYS[1]: "改过"}),
            report=draft,
            submit=True,
        )
    draft.refresh_from_db()
    assert (draft.status, draft.sections[SECTION_KEYS[1]]) == ("draft", f"{SECTION_KEYS[1]} 的内容")
    assert not AuditEntry.objects.filter(action="report.submitted").exists()
