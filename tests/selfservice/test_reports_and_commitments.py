"""Reports from draft to the public profile; commitments signed, shown, graded, withdrawn."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from core.dates import period_end
from enterprises.models import (
    GradeRecomputeRequest,
    IntegrityCommitment,
    Notification,
    QualityReport,
)
from enterprises.report_sections import SECTION_KEYS
from selfservice.models import CommitmentText
from tests.selfservice.conftest import client_for

pytestmark = pytest.mark.django_db


def filled(year: int = 2025, **override: str) -> dict[str, Any]:
    return {"year": year} | {k: f"{k} 的内容" for k in SECTION_KEYS} | override


def test_a_report_goes_from_draft_to_the_public_profile(
    firm_a: Any, admin_a: Any, grader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    firm = client_for(admin_a)
    r = firm.post("/firm/reports/new/", filled(basic="", action="save"))
    report = QualityReport.objects.get()
    assert r.status_code == 302
    assert report.status == "draft"
    # Submitting with an empty section is refused and changes nothing.
    r = firm.post(f"/firm/reports/{report.pk}/", filled(basic="", action="submit"))
    assert r.status_code == 400
    assert QualityReport.objects.get().status == "draft"
    r = firm.post(f"/firm/reports/{report.pk}/", filled(action="submit"))
    assert QualityReport.objects.get().status == "submitted"
    # Submitting twice is a conflict, not a second submission.
    r = firm.post(f"/firm/reports/{report.pk}/", filled(action="submit"))
    assert r.status_code == 409
    # The regulator returns it; a comment is required.
    reviewer = client_for(grader)
    assert (
        reviewer.post(f"/console/reports/{report.pk}/", {"decision": "return"}).status_code == 400
    )
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes after commit
        reviewer.post(
            f"/console/reports/{report.pk}/", {"decision": "return", "comment": "补充质量绩效指标"}
        )
    assert QualityReport.objects.get().status == "returned"
    assert Notification.objects.filter(enterprise=firm_a).count() == 1
    assert mail.outbox[-1].to == [admin_a.email]
    firm.post(f"/firm/reports/{report.pk}/", filled(indicators="合格率 99.8%", action="submit"))
    reviewer.post(f"/console/reports/{report.pk}/", {"decision": "accept", "comment": ""})
    assert QualityReport.objects.get().status == "accepted"
    assert Client().get(f"/firms/{firm_a.uscc}/reports/2025/").status_code == 404
    firm.post(f"/firm/reports/{report.pk}/", {"action": "publish"})
    report.refresh_from_db()
    assert report.status == "published"
    assert report.published_on is not None
    profile = Client().get(f"/firms/{firm_a.uscc}/").content.decode()
    assert f"/firms/{firm_a.uscc}/reports/2025/" in profile
    public = Client().get(f"/firms/{firm_a.uscc}/reports/2025/").content.decode()
    assert "合格率 99.8%" in public
    assert report.history.count() >= 6  # every version kept
    assert GradeRecomputeRequest.objects.filter(enterprise=firm_a).exists()


def test_a_report_under_review_cannot_be_edited_or_reviewed_elsewhere(
    firm_a: Any, admin_a: Any, admin_b: Any
) -> None:
    from tests.factories import RegulatorFactory

    firm = client_for(admin_a)
    firm.post("/firm/reports/new/", filled(action="submit"))
    report = QualityReport.objects.get()
    assert firm.post(f"/firm/reports/{report.pk}/", filled(action="save")).status_code == 409
    far = client_for(RegulatorFactory(role="grader", jurisdiction="44"))
    assert far.get(f"/console/reports/{report.pk}/").status_code == 404
    clerk = client_for(RegulatorFactory(role="clerk", jurisdiction="3408"))
    assert clerk.get(f"/console/reports/{report.pk}/").status_code == 403
    assert client_for(admin_b).get(f"/firm/reports/{report.pk}/").status_code == 404
    assert client_for(admin_b).get(f"/firm/reports/{report.pk}/print/").status_code == 404


def test_a_year_has_one_report(admin_a: Any) -> None:
    firm = client_for(admin_a)
    firm.post("/firm/reports/new/", filled(action="save"))
    second = firm.post("/firm/reports/new/", filled(action="save"))
    assert second.status_code == 400
    assert QualityReport.objects.count() == 1


def test_signing_the_commitment(firm_a: Any, admin_a: Any, admin_b: Any) -> None:
    text = CommitmentText.objects.get(is_active=True)
    firm = client_for(admin_a)
    r = firm.post(
        "/firm/commitment/", {"text_version": text.version, "signatory": "王伟", "agree": "on"}
    )
    assert r.status_code == 302
    c = IntegrityCommitment.objects.get()
    assert (c.enterprise, c.signatory, c.text_version) == (firm_a, "王伟", text.version)
    # Valid through the last day within 12 months of signing (core.dates; Civil Code art. 201).
    assert c.valid_until == period_end(timezone.localdate(), months=12)
    assert GradeRecomputeRequest.objects.filter(enterprise=firm_a).exists()
    assert "王伟" in Client().get(f"/firms/{firm_a.uscc}/").content.decode()
    # A user of another firm cannot withdraw it (not found), nor sign for this firm.
    assert client_for(admin_b).post("/firm/commitment/", {"withdraw": c.pk}).status_code == 404
    firm.post("/firm/commitment/", {"withdraw": c.pk})
    c.refresh_from_db()
    assert c.withdrawn_at is not None
    assert firm.post("/firm/commitment/", {"withdraw": c.pk}).status_code == 409


@pytest.mark.parametrize(
    "data",
    [
        {"signatory": "王伟"},  # not agreed
        {"signatory": " ", "agree": "on"},
        {"signatory": "王伟", "agree": "on", "text_version": "1999-old"},
    ],
)
def test_a_bad_signature_changes_nothing(admin_a: Any, data: dict[str, str]) -> None:
    text = CommitmentText.objects.get(is_active=True)
    r = client_for(admin_a).post("/firm/commitment/", {"text_version": text.version} | data)
    assert r.status_code == 400
    assert not IntegrityCommitment.objects.exists()


def test_a_user_of_another_firm_cannot_sign_for_it(firm_a: Any, admin_b: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from selfservice.services.commitments import commitment_sign

    text = CommitmentText.objects.get(is_active=True)
    with pytest.raises(PermissionDenied):
        commitment_sign(
            actor=admin_b, enterprise_id=firm_a.pk, signatory="李娜", text_version=text.version
        )
    assert not IntegrityCommitment.objects.exists()


def test_the_dashboard_runs_constant_queries(firm_a: Any, admin_a: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from enterprises.services.notifications import notify_firm

    c = client_for(admin_a)
    notify_firm(enterprise=firm_a, subject="一", body="内容")
    with CaptureQueriesContext(connection) as few:
        c.get("/firm/")
    for i in range(9):
        notify_firm(enterprise=firm_a, subject=f"通知{i}", body="内容")
    with CaptureQueriesContext(connection) as many:
        page = c.get("/firm/")
    assert "通知8" in page.content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)


def test_a_renewal_replaces_the_commitment_in_force(firm_a: Any, admin_a: Any) -> None:
    text = CommitmentText.objects.get(is_active=True)
    firm = client_for(admin_a)
    for who in ("王伟", "王伟"):
        firm.post(
            "/firm/commitment/", {"text_version": text.version, "signatory": who, "agree": "on"}
        )
    first, second = IntegrityCommitment.objects.order_by("signed_at", "pk")
    assert first.withdrawn_at is not None
    assert second.withdrawn_at is None
