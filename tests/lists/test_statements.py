"""The firm's statement and defence (陈述申辩) on a listing notice: who may send and answer
it, its window at the boundaries, how it holds approval, its pages on both sides, and the
notices the firm receives along the whole path."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from core.errors import IllegalTransitionError
from core.models import AuditEntry
from enterprises.models import Notification
from lists import entries as svc
from lists import removal
from lists.models import BlacklistEntry, EntryStatement, EntryStatus, RemovalReason
from lists.statements import entry_statement_answer, entry_statement_submit
from selfservice.models import Attachment
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    PenaltyFactory,
    RegulatorFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db
S = EntryStatus
TODAY = dt.date(2026, 11, 26)  # a Thursday
DEADLINE = dt.date(2026, 12, 3)  # five working days later
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "情况说明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    """Messages are asserted in English; the portal's default language is Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fixed_today(time_machine: Any, tmp_path: Any) -> Any:
    time_machine.move_to(noon(TODAY), tick=False)
    with override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path)):
        yield


@pytest.fixture
def people() -> dict[str, Any]:
    province = DepartmentFactory(code="ah-amr", jurisdiction="34")
    city = DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)
    other_city = DepartmentFactory(code="hf-amr", jurisdiction="3401", parent=province)
    firm = EnterpriseFactory(region_id="340802")
    other = EnterpriseFactory(region_id="340802", uscc=uscc_for(322))
    return {
        "firm": firm,
        "officer": RegulatorFactory(role="list_officer", jurisdiction="3408", department=city),
        "approver": RegulatorFactory(role="approver", jurisdiction="34", department=province),
        "city_approver": RegulatorFactory(role="approver", jurisdiction="3408", department=city),
        "stranger": RegulatorFactory(role="approver", jurisdiction="3401", department=other_city),
        "user": EnterpriseUserFactory(enterprise=firm, email="firm@example.cn"),
        "other_user": EnterpriseUserFactory(enterprise=other, email="other@example.cn"),
    }


@pytest.fixture
def entry(people: dict[str, Any]) -> BlacklistEntry:
    """Notified on TODAY, so the firm may state its case until DEADLINE."""
    proposed = svc.blacklist_entry_propose(
        actor=people["officer"],
        enterprise=people["firm"],
        penalty=PenaltyFactory(
            enterprise=people["firm"], source_department=people["officer"].department
        ),
        grounds="生产销售不合格电热水壶，情节严重",
        legal_basis="《产品质量法》第四十九条",
    )
    notified = svc.blacklist_entry_notify(actor=people["officer"], entry=proposed, reason="告知")
    assert notified.hearing_deadline == DEADLINE
    return notified


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def on(time_machine: Any, day: dt.date) -> None:
    time_machine.move_to(noon(day), tick=False)


def submit(people: dict[str, Any], entry: BlacklistEntry, text: str = "已整改") -> Any:
    return entry_statement_submit(
        actor=people["user"], entry=entry, text=text, hearing_requested=True
    )


# The service: who, when, how often.


@pytest.mark.parametrize(
    ("day", "allowed"), [(DEADLINE, True), (DEADLINE + dt.timedelta(1), False)]
)
def test_the_statement_is_open_until_the_deadline_day_included(
    people: Any, entry: Any, time_machine: Any, day: dt.date, allowed: bool
) -> None:
    on(time_machine, day)
    if allowed:
        statement = submit(people, entry)
        assert (statement.text, statement.hearing_requested) == ("已整改", True)
        audit = AuditEntry.objects.get(action="blacklist.statement.submitted")
        assert audit.data["entry"] == entry.pk
    else:
        with pytest.raises(IllegalTransitionError):
            submit(people, entry)
        assert not EntryStatement.objects.exists()


def test_a_resubmission_replaces_the_statement_until_it_is_answered(
    people: Any, entry: Any
) -> None:
    first = submit(people, entry, "第一稿")
    second = entry_statement_submit(
        actor=people["user"], entry=entry, text="第二稿", hearing_requested=False
    )
    assert first.pk == second.pk
    assert EntryStatement.objects.get().text == "第二稿"
    assert not EntryStatement.objects.get().hearing_requested
    entry_statement_answer(actor=people["approver"], entry=entry, answer="不予采纳")
    with pytest.raises(IllegalTransitionError):
        submit(people, entry, "第三稿")
    assert EntryStatement.objects.get().text == "第二稿"


@pytest.mark.parametrize("who", ["other_user", "officer", "approver"])
def test_only_a_user_of_the_firm_states_its_case(people: Any, entry: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        entry_statement_submit(actor=people[who], entry=entry, text="x", hearing_requested=False)
    assert not EntryStatement.objects.exists()


def test_a_statement_needs_a_text_and_an_entry_notified(people: Any, entry: Any) -> None:
    with pytest.raises(ValidationError):
        entry_statement_submit(
            actor=people["user"], entry=entry, text="  ", hearing_requested=False
        )
    svc.blacklist_entry_withdraw(actor=people["officer"], entry=entry, reason="撤回")
    entry.refresh_from_db()
    with pytest.raises(IllegalTransitionError):
        submit(people, entry)
    assert not EntryStatement.objects.exists()


@pytest.mark.parametrize("who", ["officer", "city_approver", "stranger", "user"])
def test_only_the_approver_answers(people: Any, entry: Any, who: str) -> None:
    submit(people, entry)
    with pytest.raises(PermissionDenied):
        entry_statement_answer(actor=people[who], entry=entry, answer="答复")
    assert not EntryStatement.objects.get().answered


def test_the_answer_is_given_once_and_told_to_the_firm(
    people: Any, entry: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(IllegalTransitionError):  # nothing to answer yet
        entry_statement_answer(actor=people["approver"], entry=entry, answer="答复")
    submit(people, entry)
    with pytest.raises(ValidationError):
        entry_statement_answer(actor=people["approver"], entry=entry, answer=" ")
    with django_capture_on_commit_callbacks(execute=True):
        statement = entry_statement_answer(actor=people["approver"], entry=entry, answer="不予采纳")
    assert (statement.answer, statement.answered_by) == ("不予采纳", people["approver"])
    assert Notification.objects.filter(enterprise=people["firm"], body="不予采纳").exists()
    assert mail.outbox[-1].to == ["firm@example.cn"]
    assert AuditEntry.objects.filter(action="blacklist.statement.answered").count() == 1
    with pytest.raises(IllegalTransitionError):
        entry_statement_answer(actor=people["approver"], entry=entry, answer="再答")


# Approval: the answer, or without a statement the end of the window.


@pytest.mark.parametrize(
    ("day", "sent", "answered", "allowed"),
    [
        (DEADLINE, False, False, False),  # the window is open on its last day
        (DEADLINE + dt.timedelta(1), False, False, True),  # no statement, window over
        (DEADLINE + dt.timedelta(1), True, False, False),  # statement waits for its answer
        (DEADLINE + dt.timedelta(1), True, True, True),
        (TODAY, True, True, True),  # answered: no need to wait for the window
        (TODAY, True, False, False),
    ],
)
def test_approval_waits_for_the_answer_or_the_window(
    people: Any,
    entry: Any,
    time_machine: Any,
    day: dt.date,
    sent: bool,
    answered: bool,
    allowed: bool,
) -> None:
    if sent:
        submit(people, entry)
    if answered:
        entry_statement_answer(actor=people["approver"], entry=entry, answer="不予采纳")
    on(time_machine, day)
    if allowed:
        approved = svc.blacklist_entry_approve(actor=people["approver"], entry=entry, reason="同意")
        assert approved.status == S.APPROVED
    else:
        with pytest.raises(IllegalTransitionError) as exc:
            svc.blacklist_entry_approve(actor=people["approver"], entry=entry, reason="同意")
        assert ("answered" if sent else "hearing window") in str(exc.value.message)
        entry.refresh_from_db()
        assert entry.status == S.NOTIFIED


# Notices along the path.


def test_the_firm_is_told_at_notice_listing_and_removal(
    people: Any, entry: Any, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    note = Notification.objects.get(enterprise=people["firm"])
    assert note.link == f"/firm/entries/{entry.pk}/statement/"
    on(time_machine, DEADLINE + dt.timedelta(1))
    entry = svc.blacklist_entry_approve(actor=people["approver"], entry=entry, reason="同意")
    with django_capture_on_commit_callbacks(execute=True):
        entry = svc.blacklist_entry_publish(actor=people["officer"], entry=entry, reason="公示")
    listed = Notification.objects.filter(enterprise=people["firm"]).order_by("-pk").first()
    assert listed is not None
    assert "2029" in listed.body  # the listing's end
    assert mail.outbox[-1].subject == listed.subject
    with django_capture_on_commit_callbacks(execute=True):
        removal.blacklist_entry_remove(
            actor=people["officer"], entry=entry, why=RemovalReason.REVOKED, reason="撤销"
        )
    removed = Notification.objects.filter(enterprise=people["firm"]).order_by("-pk").first()
    assert removed is not None
    assert removed.pk != listed.pk
    assert mail.outbox[-1].subject == removed.subject
    assert Notification.objects.filter(enterprise=people["firm"]).count() == 3


def test_the_firm_is_told_when_its_listing_expires(
    people: Any, entry: Any, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    on(time_machine, DEADLINE + dt.timedelta(1))
    entry = svc.blacklist_entry_approve(actor=people["approver"], entry=entry, reason="同意")
    entry = svc.blacklist_entry_publish(actor=people["officer"], entry=entry, reason="公示")
    before = Notification.objects.filter(enterprise=people["firm"]).count()
    mail.outbox.clear()
    assert entry.ends_on is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert removal.blacklist_expire_due(today=entry.ends_on + dt.timedelta(1)) == 1
    assert Notification.objects.filter(enterprise=people["firm"]).count() == before + 1
    assert [m.to for m in mail.outbox] == [["firm@example.cn"]]


# The firm's page.


def test_the_firm_states_its_case_with_evidence(people: Any, entry: Any) -> None:
    c = client_for(people["user"])
    assert f"/firm/entries/{entry.pk}/statement/" in c.get("/firm/records/").content.decode()
    page = c.get(f"/firm/entries/{entry.pk}/statement/")
    assert page.status_code == 200
    assert "2026-12-03" in page.content.decode()
    r = c.post(
        f"/firm/entries/{entry.pk}/statement/",
        {"text": "产品已召回", "hearing_requested": "on", "files": [pdf(), pdf("照片.pdf")]},
    )
    assert r.status_code == 302
    statement = EntryStatement.objects.get()
    assert statement.hearing_requested
    files = Attachment.objects.filter(purpose="statement", owner_id=statement.pk)
    assert files.count() == 2
    assert "产品已召回" in c.get(f"/firm/entries/{entry.pk}/statement/").content.decode()


def test_at_most_five_files_in_all(people: Any, entry: Any) -> None:
    c = client_for(people["user"])
    url = f"/firm/entries/{entry.pk}/statement/"
    assert c.post(url, {"text": "一", "files": [pdf() for _ in range(4)]}).status_code == 302
    r = c.post(url, {"text": "二", "files": [pdf(), pdf()]})
    assert r.status_code == 400
    assert EntryStatement.objects.get().text == "一"
    assert Attachment.objects.count() == 4


@pytest.mark.parametrize(
    "data",
    [
        {"text": ""},
        {"text": "x" * 10_001},
        {"text": "理由", "files": [SimpleUploadedFile("a.exe", b"MZ\x90\x00")]},
        {"text": "理由", "files": [pdf() for _ in range(6)]},
    ],
)
def test_bad_input_is_refused_and_writes_nothing(people: Any, entry: Any, data: Any) -> None:
    r = client_for(people["user"]).post(f"/firm/entries/{entry.pk}/statement/", data)
    assert r.status_code == 400
    assert not EntryStatement.objects.exists()
    assert not Attachment.objects.exists()


def test_after_the_deadline_the_page_refuses(people: Any, entry: Any, time_machine: Any) -> None:
    on(time_machine, DEADLINE + dt.timedelta(1))
    c = client_for(people["user"])
    url = f"/firm/entries/{entry.pk}/statement/"
    assert '<form method="post" enctype' not in c.get(url).content.decode()
    assert c.post(url, {"text": "迟到", "files": [pdf()]}).status_code == 409
    assert not EntryStatement.objects.exists()
    assert not Attachment.objects.exists()


def test_another_firm_gets_404(people: Any, entry: Any) -> None:
    c = client_for(people["other_user"])
    url = f"/firm/entries/{entry.pk}/statement/"
    assert c.get(url).status_code == 404
    assert c.post(url, {"text": "冒名"}).status_code == 404
    assert not EntryStatement.objects.exists()


def test_a_regulator_is_not_a_firm(people: Any, entry: Any) -> None:
    url = f"/firm/entries/{entry.pk}/statement/"
    assert client_for(people["approver"]).get(url).status_code == 403


# The approver's queue.


def test_the_approver_sees_answers_and_then_approves(people: Any, entry: Any) -> None:
    c = client_for(people["user"])
    c.post(
        f"/firm/entries/{entry.pk}/statement/",
        {"text": "产品已召回", "hearing_requested": "on", "files": [pdf()]},
    )
    approver = client_for(people["approver"])
    # The queue lists the entry; its page holds the statement, the files and the decision.
    assert f"/console/queues/approve/{entry.pk}/" in approver.get("/console/").content.decode()
    item_url = f"/console/queues/approve/{entry.pk}/"
    page = approver.get(item_url).content.decode()
    assert "产品已召回" in page
    assert f"/console/entries/{entry.pk}/answer/" in page
    assert f"/console/entries/{entry.pk}/approve/" not in page  # waits for the answer
    attachment = Attachment.objects.get()
    assert f"/firm/attachments/{attachment.pk}/" in page
    assert approver.post(f"/console/entries/{entry.pk}/answer/", {"answer": ""}).status_code == 400
    assert not EntryStatement.objects.get().answered
    r = approver.post(f"/console/entries/{entry.pk}/answer/", {"answer": "不予采纳"})
    assert (r.status_code, r["Location"]) == (302, item_url)  # approval follows on that page
    assert EntryStatement.objects.get().answer == "不予采纳"
    page = approver.get(item_url).content.decode()
    assert f"/console/entries/{entry.pk}/approve/" in page
    approver.post(f"/console/entries/{entry.pk}/approve/", {"reason": "同意"})
    entry.refresh_from_db()
    assert entry.status == S.APPROVED


def test_other_regulators_cannot_answer(people: Any, entry: Any) -> None:
    submit(people, entry)
    url = f"/console/entries/{entry.pk}/answer/"
    assert client_for(people["stranger"]).post(url, {"answer": "答"}).status_code == 404
    assert client_for(people["officer"]).post(url, {"answer": "答"}).status_code == 403
    assert not EntryStatement.objects.get().answered


def test_the_admin_shows_the_statement_read_only(people: Any, entry: Any) -> None:
    from accounts.models import User

    submit(people, entry, "管理后台可见")
    root = User.objects.create_superuser(
        "root", "root@example.cn", "pw-for-tests-1", jurisdiction="34"
    )
    page = client_for(root).get(f"/admin/blacklist/blacklistentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert "管理后台可见" in page.content.decode()
    assert 'name="statement-0-text"' not in page.content.decode()  # not editable
