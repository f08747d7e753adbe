"""Lists fall with their basis: a penalty revoked on a resend or withdrawn by an upheld objection
ends every blacklist entry resting on it in the same transaction, audited, the firm told and
regraded, and the restriction API stops restricting at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.errors import IllegalTransitionError
from core.models import AuditEntry
from dueprocess import objections as obj
from enterprises.models import GradeRecomputeRequest, Notification, PenaltyRecord
from enterprises.services.standing import penalty_fall_listeners
from lists import removal
from lists.models import BlacklistEntry, EntryTransition
from publicity.rules import penalty_public, public_penalties
from ratings.services.recompute import enterprise_grade_recompute
from tests.clock import noon
from tests.factories import EnterpriseUserFactory, PenaltyFactory, RegulatorFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)  # a Thursday
PENALTIES = "/api/v1/penalties/"


@pytest.fixture(autouse=True)
def fixed_today(time_machine: Any) -> dt.date:
    time_machine.move_to(noon(TODAY), tick=False)
    return TODAY


def decision(uscc: str, ref: str = "P-1", **changes: Any) -> dict[str, Any]:
    return {
        "uscc": uscc,
        "source_ref": ref,
        "decision_no": f"安市监处罚〔2026〕{ref}号",
        "decided_on": "2026-06-01",
        "kind": "licence_revoked",
        "aggravated": True,
        "legal_basis": "《产品质量法》第四十九条",
    } | changes


def restricted(api: APIClient, uscc: str) -> bool:
    response = api.get(f"/api/v1/restrictions/{uscc}/?action=procurement")
    assert response.status_code == 200
    return bool(response.json()["restricted"])


def entry(firm: Any, department: Any, penalty: PenaltyRecord | None, status: str) -> Any:
    listed = status == "listed"
    return BlacklistEntry.objects.create(
        enterprise=firm,
        department=department,
        status=status,
        grounds="吊销许可证，情节严重",
        legal_basis="总局令第44号第二条",
        penalty=penalty,
        listed_on=TODAY - dt.timedelta(days=30) if listed else None,
        ends_on=TODAY + dt.timedelta(days=1000) if listed else None,
        created_by=RegulatorFactory(role="list_officer", department=department),
    )


@pytest.fixture
def penalty(api: APIClient, firm: Any) -> PenaltyRecord:
    response = api.post(PENALTIES, decision(firm.uscc), format="json")
    assert response.status_code == 201
    return PenaltyRecord.objects.get(pk=response.json()["id"])


def revoke(api: APIClient, firm: Any, **changes: Any) -> Any:
    body = decision(firm.uscc, revoked=True, revoked_on="2026-11-25", **changes)
    return api.post(PENALTIES, body, format="json")


def test_the_lists_app_listens_for_fallen_penalties() -> None:
    assert "lists.removal.blacklist_entries_basis_fall" in penalty_fall_listeners()


def test_a_revoking_resend_ends_every_entry_on_the_penalty(
    api: APIClient, firm: Any, department: Any, penalty: PenaltyRecord
) -> None:
    listed = entry(firm, department, penalty, "listed")
    waiting = {s: entry(firm, department, penalty, s) for s in ("proposed", "notified", "approved")}
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    assert firm.grade.grade == "C"
    assert restricted(api, firm.uscc)
    GradeRecomputeRequest.objects.all().delete()

    response = revoke(api, firm)

    assert response.status_code == 200
    assert response.json()["status"] == "updated"
    assert not restricted(api, firm.uscc)
    listed.refresh_from_db()
    assert (listed.status, listed.removal_reason, listed.removed_on) == (
        "removed",
        "basis_revoked",
        TODAY,
    )
    for e in waiting.values():
        e.refresh_from_db()
        assert e.status == "withdrawn"
    steps = EntryTransition.objects.filter(to_status__in=["removed", "withdrawn"])
    assert steps.count() == 4
    for step in steps:
        assert step.actor is None  # the department's intake: a system channel
        assert step.reason == (
            f"basis revoked: penalty {penalty.decision_no} revoked (api:{department.code})"
        )
    removed = AuditEntry.objects.get(action="blacklist.entry.removed")
    assert removed.enterprise_id == firm.pk
    assert removed.department_id == department.pk
    assert removed.data["entry"] == listed.pk
    assert removed.data["penalty"] == penalty.pk
    assert removed.data["reason"].startswith("basis revoked")
    withdrawn = AuditEntry.objects.filter(action="blacklist.entry.withdrawn")
    assert sorted(a.data["entry"] for a in withdrawn) == sorted(e.pk for e in waiting.values())
    assert {a.data["penalty"] for a in withdrawn} == {penalty.pk}
    # Told of the removal and of the noticed proposals; the unsent proposal was never its news.
    notes = Notification.objects.filter(enterprise=firm)
    assert notes.count() == 3
    assert sum("Removed from the blacklist" in n.subject for n in notes) == 1
    assert all(penalty.decision_no in n.body for n in notes)
    assert GradeRecomputeRequest.objects.filter(enterprise=firm).exists()
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    firm.grade.refresh_from_db()
    assert firm.grade.grade != "C"


def test_an_entry_resting_on_another_penalty_stays(
    api: APIClient, firm: Any, department: Any, penalty: PenaltyRecord
) -> None:
    other = PenaltyFactory(enterprise=firm, source_department=department, aggravated=True)
    falls = entry(firm, department, penalty, "listed")
    stays = entry(firm, department, other, "listed")
    unbased = entry(firm, department, None, "notified")

    assert revoke(api, firm).status_code == 200

    falls.refresh_from_db()
    stays.refresh_from_db()
    unbased.refresh_from_db()
    assert (falls.status, stays.status, unbased.status) == ("removed", "listed", "notified")
    assert restricted(api, firm.uscc)


def test_a_second_resend_changes_nothing_more(
    api: APIClient, firm: Any, department: Any, penalty: PenaltyRecord
) -> None:
    entry(firm, department, penalty, "listed")
    assert revoke(api, firm).status_code == 200
    counts = (
        EntryTransition.objects.count(),
        AuditEntry.objects.count(),
        Notification.objects.count(),
    )

    again = revoke(api, firm)
    corrected = revoke(api, firm, facts="撤销决定书已送达")  # updated, already fallen

    assert again.json()["status"] == "unchanged"
    assert corrected.json()["status"] == "updated"
    assert EntryTransition.objects.count() == counts[0]
    assert AuditEntry.objects.count() == counts[1] + 1  # the corrected resend's receipt only
    assert Notification.objects.count() == counts[2]
    assert not restricted(api, firm.uscc)


def test_nothing_is_half_written_when_ending_an_entry_fails(
    api: APIClient, firm: Any, department: Any, penalty: PenaltyRecord, monkeypatch: Any
) -> None:
    listed = entry(firm, department, penalty, "listed")
    audits = AuditEntry.objects.count()

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("notification store down")

    monkeypatch.setattr(removal, "notify_firm", broken)
    with pytest.raises(RuntimeError, match="notification store down"):
        revoke(api, firm)

    penalty.refresh_from_db()
    listed.refresh_from_db()
    assert not penalty.revoked
    assert listed.status == "listed"
    assert not EntryTransition.objects.filter(to_status="removed").exists()
    assert AuditEntry.objects.count() == audits
    assert restricted(api, firm.uscc)


def test_a_revoked_penalty_leaves_public_view(
    api: APIClient, firm: Any, penalty: PenaltyRecord
) -> None:
    assert penalty_public(penalty, today=TODAY)
    assert public_penalties(today=TODAY).filter(pk=penalty.pk).exists()

    revoke(api, firm)

    penalty.refresh_from_db()
    assert not penalty_public(penalty, today=TODAY)
    assert not public_penalties(today=TODAY).filter(pk=penalty.pk).exists()


def test_an_upheld_objection_ends_the_entries_on_the_penalty(
    api: APIClient, firm: Any, department: Any
) -> None:
    penalty = PenaltyFactory(enterprise=firm, source_department=department, aggravated=True)
    other = PenaltyFactory(enterprise=firm, source_department=department, aggravated=True)
    listed = entry(firm, department, penalty, "listed")
    notified = entry(firm, department, penalty, "notified")
    stays = entry(firm, department, other, "approved")
    assert penalty_public(penalty, today=TODAY)
    objection = obj.objection_raise(
        actor=EnterpriseUserFactory(enterprise=firm),
        record_kind="penalties",
        record_id=penalty.pk,
        grounds="处罚决定已被复议机关撤销",
    )
    officer = RegulatorFactory(role="list_officer", jurisdiction="3408", department=department)

    obj.objection_decide(actor=officer, objection=objection, uphold=True, reason="复议决定撤销")

    assert not restricted(api, firm.uscc)
    listed.refresh_from_db()
    notified.refresh_from_db()
    stays.refresh_from_db()
    assert (listed.status, listed.removal_reason) == ("removed", "basis_revoked")
    assert (notified.status, stays.status) == ("withdrawn", "approved")
    step = listed.transitions.get(to_status="removed")
    assert step.actor == officer
    assert step.reason == (
        f"basis revoked: penalty {penalty.decision_no} withdrawn (objection:{objection.pk})"
    )
    removed = AuditEntry.objects.get(action="blacklist.entry.removed")
    assert (removed.actor, removed.data["penalty"]) == (officer, penalty.pk)
    subjects = list(Notification.objects.filter(enterprise=firm).values_list("subject", flat=True))
    assert len(subjects) == 3  # the decision, the removal, the withdrawn proposal
    penalty.refresh_from_db()
    assert not penalty_public(penalty, today=TODAY)
    assert GradeRecomputeRequest.objects.filter(enterprise=firm).exists()


def test_a_removal_for_a_fallen_basis_needs_the_penalty_fallen(firm: Any, department: Any) -> None:
    standing = entry(firm, department, PenaltyFactory(enterprise=firm), "listed")
    with pytest.raises(IllegalTransitionError, match="still stands"):
        removal.blacklist_entry_remove(
            actor=None, entry=standing, why="basis_revoked", reason="basis revoked"
        )
    standing.refresh_from_db()
    assert standing.status == "listed"
