"""The firm's side of the abnormal-operations list: it sees its listings, asks for removal
after correcting with a statement and evidence, and applies for credit repair of a listing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from core.models import AuditEntry
from dueprocess.models import RepairApplication
from enterprises.models import Notification
from lists.abnormal import abnormal_correction_received, abnormal_list, abnormal_remove
from lists.models import AbnormalListing
from selfservice.models import Attachment
from tests.clock import noon
from tests.factories import DepartmentFactory, RegulatorFactory
from tests.selfservice.conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)  # Thursday
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def today(time_machine: Any, tmp_path: Any) -> Any:
    time_machine.move_to(noon(TODAY), tick=False)
    with override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path)):
        yield


def pdf(name: str = "年度报告回执.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def english(user: Any) -> Client:
    """A signed-in client that picked English with the language switch."""
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def officer() -> Any:
    return RegulatorFactory(
        role="list_officer",
        jurisdiction="3408",
        email="officer@aq.example.cn",
        department=DepartmentFactory(
            code="aq-amr", name="安庆市市场监督管理局", jurisdiction="3408"
        ),
    )


@pytest.fixture
def listing(firm_a: Any, officer: Any) -> AbnormalListing:
    return abnormal_list(
        actor=officer, enterprise=firm_a, ground="no_annual_report", facts="未按期公示年度报告"
    )


def test_the_firm_sees_its_listing_on_the_dashboard_and_its_page(
    admin_a: Any, listing: AbnormalListing
) -> None:
    c = english(admin_a)
    dashboard = c.get("/firm/").content.decode()
    assert "On the abnormal-operations list" in dashboard
    assert Notification.objects.get(enterprise=listing.enterprise).subject in dashboard  # told
    page = c.get("/firm/abnormal/").content.decode()
    assert "No annual report by 30 June" in page
    assert f"/firm/abnormal/{listing.pk}/removal/" in page
    assert f"/firm/repairs/new/abnormal/{listing.pk}/" in page


def test_the_firm_asks_for_removal_with_evidence_and_the_regulator_sees_it(
    admin_a: Any, listing: AbnormalListing, officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    c = english(admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(
            f"/firm/abnormal/{listing.pk}/removal/",
            {"statement": "已于11月25日补报2025年度报告", "files": [pdf()]},
        )
    assert r.status_code == 302
    listing.refresh_from_db()
    assert (listing.corrected_on, listing.removal_due) == (TODAY, dt.date(2026, 12, 3))
    assert listing.correction_requested_by == admin_a
    attachment = Attachment.objects.get()
    assert (attachment.purpose, attachment.owner_id) == ("abnormal", listing.pk)
    assert officer.email in [m.to[0] for m in mail.outbox]  # the listing department is told
    # The firm's page and deadlines show the request.
    page = c.get("/firm/abnormal/").content.decode()
    assert "due by 2026-12-03" in page
    assert f"/firm/abnormal/{listing.pk}/removal/" not in page  # asked once
    assert "Removal from the abnormal-operations list due" in c.get("/firm/").content.decode()
    # The regulator sees the statement and the evidence on the queue item's page and on the
    # list page.
    console = client_for(officer)
    for url in (f"/console/queues/abnormal_removals/{listing.pk}/", "/console/abnormal/"):
        text = console.get(url).content.decode()
        assert "已于11月25日补报2025年度报告" in text
        assert f"/firm/attachments/{attachment.pk}/" in text
    download = console.get(f"/firm/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"statement": "已改正"}, "files"),  # no evidence
        ({"statement": "", "files": [pdf()]}, "statement"),
        ({"statement": "已改正", "files": [pdf("a.exe", b"MZ\x90\x00")]}, "files"),
        ({"statement": "已改正", "files": [pdf("fake.pdf", b"MZ\x90\x00binary")]}, "files"),
        ({"statement": "已改正", "files": [pdf(f"{i}.pdf") for i in range(6)]}, "files"),
    ],
)
def test_bad_requests_get_a_400_and_write_nothing(
    admin_a: Any, listing: AbnormalListing, data: dict[str, Any], field: str
) -> None:
    r = client_for(admin_a).post(f"/firm/abnormal/{listing.pk}/removal/", data)
    assert r.status_code == 400
    assert r.context["form"].errors.get(field)
    listing.refresh_from_db()
    assert (listing.corrected_on, listing.removal_due) == (None, None)
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(action="abnormal.removal_requested").exists()


def test_a_second_request_is_refused_with_409(admin_a: Any, listing: AbnormalListing) -> None:
    c = client_for(admin_a)
    data = {"statement": "已改正", "files": [pdf()]}
    assert c.post(f"/firm/abnormal/{listing.pk}/removal/", data).status_code == 302
    again = c.post(f"/firm/abnormal/{listing.pk}/removal/", {**data, "files": [pdf()]})
    assert again.status_code == 409
    assert Attachment.objects.count() == 1


def test_another_firm_and_a_removed_listing_are_not_found(
    admin_b: Any, admin_a: Any, listing: AbnormalListing, officer: Any
) -> None:
    url = f"/firm/abnormal/{listing.pk}/removal/"
    assert client_for(admin_b).get(url).status_code == 404
    assert client_for(admin_b).post(url, {"statement": "x", "files": [pdf()]}).status_code == 404
    assert "未按期公示年度报告" not in client_for(admin_b).get("/firm/abnormal/").content.decode()
    abnormal_remove(
        actor=officer, listing=abnormal_correction_received(actor=officer, listing=listing)
    )
    assert client_for(admin_a).get(url).status_code == 404
    page = english(admin_a).get("/firm/abnormal/").content.decode()
    assert "removed on <time datetime=\"2026-11-26\">2026-11-26</time>" in page
    dashboard = english(admin_a).get("/firm/").content.decode()
    assert "On the abnormal-operations list" not in dashboard


def test_credit_repair_of_a_listing_removes_it_once_approved(
    admin_a: Any, listing: AbnormalListing, officer: Any, firm_a: Any
) -> None:
    c = english(admin_a)
    r = c.post(
        f"/firm/repairs/new/abnormal/{listing.pk}/",
        {
            "obligations_met": "on",
            "commitment_signed": "on",
            "signatory": "王伟",
            "statement": "已补报年度报告并作出信用承诺",
            "files": [pdf()],
        },
    )
    assert r.status_code == 302
    application = RepairApplication.objects.get()
    assert (application.target, application.abnormal_listing) == ("abnormal", listing)
    # Removal of an abnormal listing is due within the list policy's 5 working days.
    assert application.answer_due == dt.date(2026, 12, 3)
    console = client_for(officer)
    item = console.get(f"/console/queues/repairs/{application.pk}/").content.decode()
    assert "已补报年度报告并作出信用承诺" in item
    decided = console.post(
        f"/console/repairs/{application.pk}/", {"decision": "yes", "reason": "已履行公示义务"}
    )
    assert decided.status_code == 302
    listing.refresh_from_db()
    assert (listing.removed_on, listing.removal_reason) == (TODAY, "repaired")
    profile = c.get(f"/firms/{firm_a.uscc}/").content.decode()
    assert "Not on the abnormal-operations list." in profile


def test_repair_of_a_listing_needs_the_obligations_and_the_commitment(
    admin_a: Any, listing: AbnormalListing
) -> None:
    r = client_for(admin_a).post(
        f"/firm/repairs/new/abnormal/{listing.pk}/", {"statement": "请求修复"}
    )
    assert r.status_code == 400
    assert not RepairApplication.objects.exists()
