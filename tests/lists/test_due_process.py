"""Every allowed transition, every illegal one, the windows at their boundaries, and who may act."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from core.errors import IllegalTransitionError
from core.models import AuditEntry
from enterprises.models import GradeRecomputeRequest
from lists import entries as svc
from lists import removal
from lists.models import BlacklistEntry, EntryStatus, EntryTransition
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
S = EntryStatus
TODAY = dt.date(2026, 11, 26)  # a Thursday


@pytest.fixture(autouse=True)
def fixed_today(time_machine: Any) -> dt.date:
    time_machine.move_to(noon(TODAY), tick=False)
    return TODAY


@pytest.fixture
def depts() -> dict[str, Any]:
    province = DepartmentFactory(code="ah-amr", jurisdiction="34")
    city = DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)
    other_city = DepartmentFactory(code="hf-amr", jurisdiction="3401", parent=province)
    return {"province": province, "city": city, "other_city": other_city}


@pytest.fixture
def people(depts: dict[str, Any]) -> dict[str, Any]:
    return {
        "officer": RegulatorFactory(
            role="list_officer", jurisdiction="3408", department=depts["city"]
        ),
        "approver": RegulatorFactory(
            role="approver", jurisdiction="34", department=depts["province"]
        ),
        "city_approver": RegulatorFactory(
            role="approver", jurisdiction="3408", department=depts["city"]
        ),
        "stranger": RegulatorFactory(
            role="list_officer", jurisdiction="3401", department=depts["other_city"]
        ),
        "clerk": RegulatorFactory(role="clerk", jurisdiction="3408", department=depts["city"]),
    }


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(region_id="340802")


def propose(people: dict[str, Any], firm: Any) -> BlacklistEntry:
    """Proposed on a penalty the officer's own department decided (谁处罚谁列入)."""
    return svc.blacklist_entry_propose(
        actor=people["officer"],
        enterprise=firm,
        penalty=PenaltyFactory(enterprise=firm, source_department=people["officer"].department),
        grounds="生产销售不合格电热水壶，情节严重",
        legal_basis="《产品质量法》第四十九条；总局令第44号第二条",
        persons=[("张三", "legal_rep", "34080219900101104X")],
    )


def to_listed(people: dict[str, Any], firm: Any, time_machine: Any) -> BlacklistEntry:
    """Proposed and notified two weeks before TODAY, approved and published on TODAY."""
    time_machine.move_to(noon(TODAY - dt.timedelta(days=14)), tick=False)
    entry = propose(people, firm)
    entry = svc.blacklist_entry_notify(actor=people["officer"], entry=entry, reason="告知")
    time_machine.move_to(noon(TODAY), tick=False)
    assert entry.hearing_deadline < TODAY
    entry = svc.blacklist_entry_approve(actor=people["approver"], entry=entry, reason="同意")
    return svc.blacklist_entry_publish(actor=people["officer"], entry=entry, reason="公示")


def test_the_whole_path_is_audited_step_by_step(people: Any, firm: Any, time_machine: Any) -> None:
    entry = to_listed(people, firm, time_machine)
    assert entry.status == S.LISTED
    assert (entry.listed_on, entry.ends_on) == (TODAY, dt.date(2029, 11, 26))
    steps = list(
        EntryTransition.objects.filter(entry=entry).values_list("from_status", "to_status")
    )
    assert steps == [
        ("", "proposed"),
        ("proposed", "notified"),
        ("notified", "approved"),
        ("approved", "listed"),
    ]
    assert AuditEntry.objects.filter(enterprise=firm, action__startswith="blacklist.").count() == 4
    assert GradeRecomputeRequest.objects.filter(enterprise=firm).exists()


def test_the_hearing_window_is_five_working_days(people: Any, firm: Any) -> None:
    entry = svc.blacklist_entry_notify(
        actor=people["officer"], entry=propose(people, firm), reason="告知"
    )
    assert entry.hearing_deadline == dt.date(2026, 12, 3)  # Thu + 5 weekdays, over a weekend


@pytest.mark.parametrize(("offset", "allowed"), [(0, False), (1, True)])
def test_approval_waits_for_the_hearing_deadline(
    people: Any, firm: Any, time_machine: Any, offset: int, allowed: bool
) -> None:
    entry = svc.blacklist_entry_notify(
        actor=people["officer"], entry=propose(people, firm), reason="告知"
    )
    day = entry.hearing_deadline + dt.timedelta(days=offset)
    time_machine.move_to(noon(day), tick=False)
    if allowed:
        assert (
            svc.blacklist_entry_approve(actor=people["approver"], entry=entry, reason="同意").status
            == S.APPROVED
        )
    else:
        with pytest.raises(IllegalTransitionError):
            svc.blacklist_entry_approve(actor=people["approver"], entry=entry, reason="同意")


def test_a_city_listing_needs_the_upper_level(people: Any, firm: Any, time_machine: Any) -> None:
    entry = svc.blacklist_entry_notify(
        actor=people["officer"], entry=propose(people, firm), reason="告知"
    )
    time_machine.move_to(noon(entry.hearing_deadline + dt.timedelta(days=1)), tick=False)
    with pytest.raises(PermissionDenied):
        svc.blacklist_entry_approve(actor=people["city_approver"], entry=entry, reason="同意")
    entry.refresh_from_db()
    assert entry.status == S.NOTIFIED


STEPS = {
    "notify": S.NOTIFIED,
    "approve": S.APPROVED,
    "publish": S.LISTED,
    "withdraw": S.WITHDRAWN,
    "remove": S.REMOVED,
}
EVERY_MOVE = [(status, step) for status in S.values for step in STEPS]
# The due process, written out here rather than read from the code under test.
ALLOWED_MOVES = {
    ("proposed", "notify"),
    ("proposed", "withdraw"),
    ("notified", "approve"),
    ("notified", "withdraw"),
    ("approved", "publish"),
    ("approved", "withdraw"),
    ("listed", "remove"),
}


@pytest.mark.parametrize(("status", "step"), EVERY_MOVE)
def test_every_move_is_allowed_exactly_as_the_table_says(
    people: Any, firm: Any, status: str, step: str
) -> None:
    entry = propose(people, firm)
    BlacklistEntry.objects.filter(pk=entry.pk).update(
        status=status, hearing_deadline=None, listed_on=dt.date(2024, 1, 1)
    )
    entry.refresh_from_db()
    before = EntryTransition.objects.count()
    actor = people["approver"] if step == "approve" else people["officer"]
    call = {
        "notify": svc.blacklist_entry_notify,
        "approve": svc.blacklist_entry_approve,
        "publish": svc.blacklist_entry_publish,
        "withdraw": svc.blacklist_entry_withdraw,
        "remove": lambda **kw: removal.blacklist_entry_remove(why="revoked", **kw),
    }[step]
    if (status, step) in ALLOWED_MOVES:
        assert call(actor=actor, entry=entry, reason="依程序办理").status == STEPS[step]
        assert EntryTransition.objects.count() == before + 1
        return
    with pytest.raises(IllegalTransitionError):
        call(actor=actor, entry=entry, reason="试图跳过程序")
    entry.refresh_from_db()
    assert entry.status == status
    assert EntryTransition.objects.count() == before


@pytest.mark.parametrize("status", [S.PROPOSED, S.NOTIFIED, S.APPROVED])
def test_an_entry_can_be_withdrawn_before_listing(people: Any, firm: Any, status: str) -> None:
    entry = propose(people, firm)
    BlacklistEntry.objects.filter(pk=entry.pk).update(status=status)
    entry.refresh_from_db()
    assert (
        svc.blacklist_entry_withdraw(
            actor=people["officer"], entry=entry, reason="听证后决定不列入"
        ).status
        == S.WITHDRAWN
    )


@pytest.mark.parametrize("who", ["clerk", "stranger"])
def test_only_list_officers_in_the_jurisdiction_propose(people: Any, firm: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        svc.blacklist_entry_propose(
            actor=people[who], enterprise=firm, grounds="x", legal_basis="y"
        )
    assert not BlacklistEntry.objects.exists()


def test_the_id_number_is_kept_only_as_a_hash(people: Any, firm: Any) -> None:
    person = propose(people, firm).persons.get()
    assert person.id_hash == svc.person_id_hash("34080219900101104x")
    assert "1990" not in person.id_hash


# ends_on is the last day within the 3 years (core.dates.period_end): removed the day after.
@pytest.mark.parametrize(("offset", "expired"), [(-1, False), (0, False), (1, True)])
def test_entries_leave_the_list_at_the_end_of_three_years(
    people: Any, firm: Any, time_machine: Any, offset: int, expired: bool
) -> None:
    entry = to_listed(people, firm, time_machine)
    day = entry.ends_on + dt.timedelta(days=offset)
    time_machine.move_to(noon(day), tick=False)
    assert removal.blacklist_expire_due(today=day) == int(expired)
    entry.refresh_from_db()
    assert entry.status == (S.REMOVED if expired else S.LISTED)
    assert removal.blacklist_expire_due(today=day) == 0  # idempotent


# Listed 26 Nov 2026: the year is over at the end of 26 Nov 2027, repair from the day after.
@pytest.mark.parametrize(("offset", "allowed"), [(-1, False), (0, True)])
def test_credit_repair_needs_one_year_listed(
    people: Any, firm: Any, time_machine: Any, offset: int, allowed: bool
) -> None:
    entry = to_listed(people, firm, time_machine)
    day = dt.date(2027, 11, 27) + dt.timedelta(days=offset)
    time_machine.move_to(noon(day), tick=False)
    if not allowed:
        with (
            translation.override("zh-hans"),  # the portal's first language, whatever ran before
            pytest.raises(
                IllegalTransitionError, match=r"自 2027-11-27 起方可申请信用修复（列入名单满 1 年）"
            ),
        ):
            removal.blacklist_entry_remove(
                actor=people["officer"],
                entry=entry,
                why="repaired",
                reason="已整改",
                obligations_met=True,
                commitment_signed=True,
            )
        return
    with pytest.raises(ValidationError):
        removal.blacklist_entry_remove(
            actor=people["officer"],
            entry=entry,
            why="repaired",
            reason="已整改",
            obligations_met=True,
        )
    removed = removal.blacklist_entry_remove(
        actor=people["officer"],
        entry=entry,
        why="repaired",
        reason="已整改并公开承诺",
        obligations_met=True,
        commitment_signed=True,
    )
    assert (removed.status, removed.removal_reason, removed.removed_on) == (
        S.REMOVED,
        "repaired",
        day,
    )


@pytest.mark.parametrize(
    ("who", "allowed"), [("officer", True), ("approver", True), ("stranger", False)]
)
def test_only_the_listing_department_or_its_superior_removes(
    people: Any, firm: Any, time_machine: Any, who: str, allowed: bool
) -> None:
    entry = to_listed(people, firm, time_machine)
    if allowed:
        assert (
            removal.blacklist_entry_remove(
                actor=people[who], entry=entry, why="revoked", reason="处罚决定被撤销"
            ).status
            == S.REMOVED
        )
    else:
        with pytest.raises(PermissionDenied):
            removal.blacklist_entry_remove(
                actor=people[who], entry=entry, why="revoked", reason="处罚决定被撤销"
            )


def test_a_listed_firm_grades_c_and_recovers_after_removal(
    people: Any, firm: Any, time_machine: Any
) -> None:
    from ratings.services.recompute import enterprise_grade_recompute
    from tests.factories import InspectionFactory, LicenceFactory

    InspectionFactory(enterprise=firm, inspected_on=dt.date.today() - dt.timedelta(days=5))  # noqa: DTZ011
    LicenceFactory(enterprise=firm)  # a manufacturer needs a valid licence to be A
    entry = to_listed(people, firm, time_machine)
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    assert firm.grade.grade == "C"
    removal.blacklist_entry_remove(
        actor=people["officer"], entry=entry, why="revoked", reason="处罚决定被撤销"
    )
    enterprise_grade_recompute(enterprise_ids=[firm.pk])
    firm.grade.refresh_from_db()
    assert firm.grade.grade == "A"


def test_the_repair_period_message_gives_the_policys_years(
    people: Any, firm: Any, time_machine: Any
) -> None:
    from lists.policy import list_policy_publish

    entry = to_listed(people, firm, time_machine)
    list_policy_publish(rules={"repair_min_years": 2}, note="两年", actor=None)
    with (
        translation.override("en"),
        pytest.raises(IllegalTransitionError, match=r"from 2028-11-27 \(2 years listed\)"),
    ):
        removal.blacklist_entry_remove(
            actor=people["officer"],
            entry=entry,
            why="repaired",
            reason="已整改",
            obligations_met=True,
            commitment_signed=True,
        )


def test_a_new_list_policy_changes_the_numbers_used(
    people: Any, firm: Any, time_machine: Any
) -> None:
    from lists.policy import list_policy_publish

    admin = RegulatorFactory(role="admin", jurisdiction="34")
    list_policy_publish(
        rules={"duration_years": 2, "hearing_working_days": 10},
        note="省局规定：列入期限两年",
        actor=admin,
    )
    entry = svc.blacklist_entry_notify(
        actor=people["officer"], entry=propose(people, firm), reason="告知"
    )
    assert entry.hearing_deadline == dt.date(2026, 12, 10)  # 10 working days
    time_machine.move_to(noon(entry.hearing_deadline + dt.timedelta(days=1)), tick=False)
    entry = svc.blacklist_entry_approve(actor=people["approver"], entry=entry, reason="同意")
    time_machine.move_to(noon(TODAY), tick=False)
    entry = svc.blacklist_entry_publish(actor=people["officer"], entry=entry, reason="公示")
    assert entry.ends_on == dt.date(2028, 11, 26)


@pytest.mark.parametrize(
    ("rules", "actor"),
    [
        ({"duration_years": 0}, "admin"),
        ({"duration_years": "3"}, "admin"),
        ({"unknown": 1}, "admin"),
        ({"duration_years": 2}, "approver"),
        ({"duration_years": 2}, "county_admin"),
    ],
)
def test_bad_list_policies_are_refused(people: Any, rules: dict[str, Any], actor: str) -> None:
    from lists.models import ListPolicy
    from lists.policy import list_policy_publish

    users = {
        "admin": RegulatorFactory(role="admin", jurisdiction="34"),
        "county_admin": RegulatorFactory(role="admin", jurisdiction="340802"),
        "approver": people["approver"],
    }
    with pytest.raises(
        PermissionDenied if "admin" not in actor or actor == "county_admin" else ValidationError
    ):
        list_policy_publish(rules=rules, note="x", actor=users[actor])
    assert ListPolicy.objects.count() == 1  # only version 1, from the migrations


@pytest.mark.parametrize("who", ["clerk", "grader"])
def test_other_roles_of_the_department_cannot_withdraw_or_remove(
    people: Any, firm: Any, depts: Any, time_machine: Any, who: str
) -> None:
    user = RegulatorFactory(role=who, jurisdiction="3408", department=depts["city"])
    entry = to_listed(people, firm, time_machine)
    with pytest.raises(PermissionDenied):
        removal.blacklist_entry_remove(actor=user, entry=entry, why="revoked", reason="撤销")
    fresh = propose(people, EnterpriseFactory(region_id="340803"))
    with pytest.raises(PermissionDenied):
        svc.blacklist_entry_withdraw(actor=user, entry=fresh, reason="撤回")


@pytest.mark.parametrize("who", ["county", "unrelated_province", "same_city"])
def test_only_an_upper_department_approves_a_city_listing(
    people: Any, firm: Any, depts: Any, time_machine: Any, who: str
) -> None:
    county = DepartmentFactory(code="aq-yj", jurisdiction="340802", parent=depts["city"])
    health = DepartmentFactory(code="ah-health", jurisdiction="34")
    approvers = {
        "county": RegulatorFactory(role="approver", jurisdiction="340802", department=county),
        "unrelated_province": RegulatorFactory(
            role="approver", jurisdiction="34", department=health
        ),
        "same_city": people["city_approver"],
    }
    entry = svc.blacklist_entry_notify(
        actor=people["officer"], entry=propose(people, firm), reason="告知"
    )
    time_machine.move_to(noon(entry.hearing_deadline + dt.timedelta(days=1)), tick=False)
    with pytest.raises(PermissionDenied):
        svc.blacklist_entry_approve(actor=approvers[who], entry=entry, reason="同意")
