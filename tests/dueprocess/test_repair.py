"""Credit repair: conditions checked by the portal, a regulator decides, the public view follows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import IllegalTransitionError
from dueprocess import repair
from dueprocess.models import RepairApplication
from enterprises.models import PenaltyRecord
from lists.models import AbnormalListing, BlacklistEntry
from lists.policy import list_policy_publish
from lists.rules import REPAIR_CLASS_OF_KIND
from publicity.rules import penalty_public, public_penalties
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages() -> Any:
    """Messages are asserted in English; the portal's default language is Chinese."""
    from django.utils import translation

    with translation.override("en"):
        yield


TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def dep() -> Any:
    return DepartmentFactory(code="aq-amr", jurisdiction="3408")


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(region_id="340802", product_risk="III")


@pytest.fixture
def firm_user(firm: Any) -> Any:
    return EnterpriseUserFactory(enterprise=firm)


@pytest.fixture
def officer(dep: Any) -> Any:
    return RegulatorFactory(role="list_officer", jurisdiction="3408", department=dep)


def listed(firm: Any, dep: Any, officer: Any, since: dt.date) -> BlacklistEntry:
    return BlacklistEntry.objects.create(
        enterprise=firm,
        department=dep,
        status="listed",
        grounds="g",
        legal_basis="b",
        listed_on=since,
        ends_on=since + dt.timedelta(days=3 * 365),
        created_by=officer,
    )


def apply(user: Any, **kw: Any) -> RepairApplication:
    base = {
        "obligations_met": True,
        "harm_remedied": True,
        "commitment_signed": True,
        "statement": "已全额缴纳罚款并完成整改，公开作出信用承诺。",
    }
    target = "blacklist" if "entry" in kw else "penalty"
    return repair.repair_apply(actor=user, target=target, **(base | kw))


# Today (26 Nov 2026) is the last day within a year of a listing on 26 Nov 2025: repair from the
# day after the year is over (core.dates.period_over_from).
@pytest.mark.parametrize(
    ("listed_on", "allowed"), [(dt.date(2025, 11, 25), True), (dt.date(2025, 11, 26), False)]
)
def test_blacklist_repair_after_one_year_removes_the_entry(
    firm: Any, dep: Any, officer: Any, firm_user: Any, listed_on: dt.date, allowed: bool
) -> None:
    entry = listed(firm, dep, officer, listed_on)
    if not allowed:
        with pytest.raises(ValidationError, match="after 1 year on the list"):
            apply(firm_user, entry=entry)
        assert not RepairApplication.objects.exists()
        return
    application = apply(firm_user, entry=entry)
    assert application.answer_due == dt.date(2026, 12, 17)  # 15 working days
    decided = repair.repair_decide(
        actor=officer, application=application, approve=True, reason="经核查符合信用修复条件"
    )
    assert decided.status == "approved"
    entry.refresh_from_db()
    assert (entry.status, entry.removal_reason) == ("removed", "repaired")


def test_a_repair_needs_obligations_and_a_commitment(
    firm: Any, dep: Any, officer: Any, firm_user: Any
) -> None:
    entry = listed(firm, dep, officer, dt.date(2024, 1, 1))
    with pytest.raises(ValidationError, match="commitment"):
        apply(firm_user, entry=entry, commitment_signed=False)


def test_only_the_firm_applies_and_only_its_regulators_decide(
    firm: Any, dep: Any, officer: Any, firm_user: Any
) -> None:
    entry = listed(firm, dep, officer, dt.date(2024, 1, 1))
    other_firm_user = EnterpriseUserFactory(enterprise=EnterpriseFactory(region_id="340802"))
    with pytest.raises(PermissionDenied):
        apply(other_firm_user, entry=entry)
    with pytest.raises(PermissionDenied):
        apply(officer, entry=entry)
    application = apply(firm_user, entry=entry)
    with pytest.raises(IllegalTransitionError):
        apply(firm_user, entry=entry)  # one open application per record
    for outsider in (
        RegulatorFactory(role="clerk", jurisdiction="3408"),
        RegulatorFactory(role="list_officer", jurisdiction="44"),
    ):
        with pytest.raises(PermissionDenied):
            repair.repair_decide(actor=outsider, application=application, approve=True, reason="x")
    rejected = repair.repair_decide(
        actor=officer, application=application, approve=False, reason="罚款尚未缴清"
    )
    assert rejected.status == "rejected"
    entry.refresh_from_db()
    assert entry.status == "listed"
    with pytest.raises(IllegalTransitionError):
        repair.repair_decide(actor=officer, application=application, approve=True, reason="x")


@pytest.mark.parametrize(
    ("decided", "allowed"), [(dt.date(2026, 5, 25), True), (dt.date(2026, 5, 26), False)]
)
def test_penalty_publicity_ends_early_after_six_months(
    firm: Any, officer: Any, firm_user: Any, decided: dt.date, allowed: bool
) -> None:
    fines_are_general()  # the class's 3 months come first: Order 45's six months bind
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=decided, kind="fine", amount=Decimal("80000")
    )
    if not allowed:
        with pytest.raises(ValidationError, match="cannot end early"):
            apply(firm_user, penalty=penalty)
        return
    application = apply(firm_user, penalty=penalty)
    repair.repair_decide(
        actor=officer, application=application, approve=True, reason="符合提前停止公示条件"
    )
    penalty.refresh_from_db()
    assert penalty.publicity_stopped_on == TODAY
    assert not penalty_public(penalty, today=TODAY)
    assert penalty_public(penalty, today=TODAY - dt.timedelta(days=1))
    assert not public_penalties(today=TODAY).filter(pk=penalty.pk).exists()


@pytest.mark.parametrize(
    ("sector", "risk", "blocked"),
    [
        ("food", "III", True),
        ("drugs", "III", True),
        ("special_equipment", "III", True),
        ("other", "I", False),  # the firm's product risk no longer decides: the decision's sector
        ("other", "III", False),
    ],
)
def test_food_drugs_and_special_equipment_decisions_wait_twelve_months(
    sector: str, risk: str, blocked: bool
) -> None:
    fines_are_general()  # so the class's own minimum does not decide first
    firm = EnterpriseFactory(region_id="340802", product_risk=risk)
    user = EnterpriseUserFactory(enterprise=firm)
    penalty = PenaltyFactory(  # about 9 months before TODAY: past 6, not past 12
        enterprise=firm,
        decided_on=dt.date(2026, 3, 1),
        kind="fine",
        amount=Decimal("80000"),
        sector=sector,
    )
    if blocked:
        with pytest.raises(ValidationError, match="cannot end early"):
            apply(user, penalty=penalty)
    else:
        assert apply(user, penalty=penalty).status == "submitted"


@pytest.mark.parametrize("kind", ["suspension", "licence_revoked", "closure"])
def test_never_early_for_the_heaviest_penalties(firm: Any, firm_user: Any, kind: str) -> None:
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2025, 1, 1), kind=kind, amount=None
    )
    with pytest.raises(ValidationError, match="cannot end early"):
        apply(firm_user, penalty=penalty)


def test_no_early_stop_while_on_the_abnormal_list_or_after_a_repeat(
    firm: Any, dep: Any, officer: Any, firm_user: Any
) -> None:
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2026, 1, 1), kind="fine", amount=Decimal("80000")
    )
    listing = AbnormalListing.objects.create(
        enterprise=firm, department=dep, ground="unreachable", listed_on=TODAY, created_by=officer
    )
    with pytest.raises(ValidationError, match="abnormal"):
        apply(firm_user, penalty=penalty)
    AbnormalListing.objects.filter(pk=listing.pk).update(removed_on=TODAY)
    PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2026, 3, 1), kind="fine", amount=Decimal("60000")
    )
    with pytest.raises(ValidationError, match="same type"):
        apply(firm_user, penalty=penalty)


def test_a_new_violation_while_listed_blocks_repair(
    firm: Any, dep: Any, officer: Any, firm_user: Any
) -> None:
    entry = listed(firm, dep, officer, dt.date(2024, 1, 1))
    PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2025, 6, 1), kind="fine", amount=Decimal("3000")
    )
    with pytest.raises(ValidationError, match="new violation"):
        apply(firm_user, entry=entry)


def test_a_target_that_does_not_match_the_record_is_refused(
    firm: Any, dep: Any, officer: Any, firm_user: Any
) -> None:
    entry = listed(firm, dep, officer, dt.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        repair.repair_apply(
            actor=firm_user,
            target="penalty",
            entry=entry,
            obligations_met=True,
            harm_remedied=True,
            commitment_signed=True,
            statement="x",
        )
    assert not RepairApplication.objects.exists()


def test_a_later_penalty_withdrawn_after_an_upheld_objection_is_no_repeat(
    firm: Any, officer: Any, firm_user: Any
) -> None:
    """The 'same type came later' check reads live penalties, as the new-violation check does."""
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2025, 1, 1), kind="fine", amount=Decimal("80000")
    )
    later = PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2025, 3, 1), kind="fine", amount=Decimal("60000")
    )
    PenaltyRecord.objects.filter(pk=later.pk).update(withdrawn_on=dt.date(2025, 4, 1))
    application = apply(firm_user, penalty=penalty)
    assert application.status == "submitted"
    PenaltyRecord.objects.filter(pk=later.pk).update(withdrawn_on=None)  # it stands again
    with pytest.raises(ValidationError, match="same type"):
        repair.repair_decide(actor=officer, application=application, approve=True, reason="x")


@pytest.mark.parametrize(("ends", "blocked"), [(-1, False), (0, True), (1, True)])
def test_a_listing_past_its_end_date_no_longer_blocks_an_early_end_of_publicity(
    firm: Any, dep: Any, officer: Any, firm_user: Any, ends: int, blocked: bool
) -> None:
    """Listed through `ends_on` (its last day in force), not after, even if the nightly removal
    has not run yet."""
    entry = listed(firm, dep, officer, dt.date(2023, 1, 1))
    BlacklistEntry.objects.filter(pk=entry.pk).update(ends_on=TODAY + dt.timedelta(days=ends))
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2025, 1, 1), kind="fine", amount=Decimal("80000")
    )
    if blocked:
        with pytest.raises(ValidationError, match="blacklist"):
            apply(firm_user, penalty=penalty)
    else:
        assert apply(firm_user, penalty=penalty).status == "submitted"


def test_repair_messages_give_the_numbers_of_the_policy_in_force(
    firm: Any, dep: Any, officer: Any, firm_user: Any
) -> None:
    list_policy_publish(
        rules={
            "repair_min_years": 2,
            "publicity_early_stop_months": 9,
            "publicity_early_stop_months_sensitive": 18,
        },
        note="省局规定",
        actor=None,
    )
    entry = listed(firm, dep, officer, dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="after 2 years on the list"):
        apply(firm_user, entry=entry)
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2026, 3, 1), kind="fine", amount=Decimal("80000")
    )
    with pytest.raises(ValidationError, match=r"9 months; 18 for food"):
        apply(firm_user, penalty=penalty)


def test_the_firm_is_told_of_the_repair_decision_and_the_removal(
    firm: Any, dep: Any, officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from enterprises.models import Notification

    user = EnterpriseUserFactory(enterprise=firm, email="firm@example.cn")
    entry = listed(firm, dep, officer, dt.date(2024, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        repair.repair_decide(
            actor=officer, application=apply(user, entry=entry), approve=True, reason="符合条件"
        )
    subjects = set(Notification.objects.filter(enterprise=firm).values_list("subject", flat=True))
    assert subjects == {
        "Your credit-repair application was approved",
        "Removed from the blacklist of serious violations",
    }
    assert sorted(m.subject for m in mail.outbox) == sorted(subjects)
    assert {tuple(m.to) for m in mail.outbox} == {("firm@example.cn",)}


# Credit repair by class (2026 measures): the list policy classes a penalty and sets the class's
# minimum publicity before repair; the commitment signed with it is stored and public.


def fines_are_general() -> None:
    """A province classing fines as general (3 months' minimum before repair)."""
    list_policy_publish(
        rules={"repair_class_of_kind": {**REPAIR_CLASS_OF_KIND, "fine": "general"}},
        note="罚款按一般失信行为修复",
        actor=None,
    )


def class_policy(**rules: Any) -> None:
    list_policy_publish(rules=rules, note="省局信用修复分类", actor=None)


@pytest.mark.parametrize(
    ("decided", "allowed"),
    [
        (dt.date(2025, 11, 26), False),  # the day before the 12 months are over
        (dt.date(2025, 11, 25), True),  # the first day
        (dt.date(2025, 11, 24), True),  # the day after
    ],
)
def test_a_serious_penalty_waits_twelve_months(
    firm: Any, firm_user: Any, decided: dt.date, allowed: bool
) -> None:
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=decided, kind="fine", amount=Decimal("80000")
    )
    if allowed:
        assert apply(firm_user, penalty=penalty).status == "submitted"
    else:
        with pytest.raises(ValidationError, match=r"serious penalty .* 12 months .*2026-11-27"):
            apply(firm_user, penalty=penalty)


@pytest.mark.parametrize(
    ("decided", "allowed"),
    [(dt.date(2026, 7, 26), False), (dt.date(2026, 7, 25), True), (dt.date(2026, 7, 24), True)],
)
def test_a_general_penalty_waits_the_province_s_minimum(
    firm: Any, firm_user: Any, decided: dt.date, allowed: bool
) -> None:
    # A province publishing general penalties for a year, repairable after 4 months.
    class_policy(
        publicity_short_months=12,
        publicity_early_stop_months=3,
        repair_min_months={"general": 4, "serious": 12},
    )
    penalty = PenaltyFactory(enterprise=firm, decided_on=decided, kind="criticism", amount=None)
    if allowed:
        assert apply(firm_user, penalty=penalty).status == "submitted"
    else:
        with pytest.raises(ValidationError, match=r"general penalty .* 4 months"):
            apply(firm_user, penalty=penalty)


def test_a_policy_change_moves_the_minimum(firm: Any, officer: Any, firm_user: Any) -> None:
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2025, 11, 1), kind="fine", amount=Decimal("80000")
    )
    application = apply(firm_user, penalty=penalty)
    class_policy(repair_min_months={"general": 3, "serious": 24})
    with pytest.raises(ValidationError, match="24 months"):
        repair.repair_decide(actor=officer, application=application, approve=True, reason="x")


def test_classes_of_the_default_policy_and_low_fines(firm: Any) -> None:
    from dueprocess.rules import penalty_repair_class
    from lists.rules import list_rules

    def cls(kind: str, amount: str | None = None) -> str:
        penalty = PenaltyFactory.build(
            enterprise=firm, kind=kind, amount=Decimal(amount) if amount else None
        )
        return penalty_repair_class(penalty, rules=list_rules())

    assert cls("warning") == "minor"
    assert cls("criticism") == "general"
    assert cls("fine", "50000") == "general"  # a low fine, up to the threshold
    assert cls("fine", "50001") == "serious"
    assert cls("licence_revoked") == "serious"
    class_policy(publicity_low_fine_threshold=100_000)
    assert cls("fine", "80000") == "general"


def test_a_minor_penalty_has_nothing_to_repair(firm: Any, firm_user: Any) -> None:
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2025, 1, 1), kind="warning", amount=None
    )
    with pytest.raises(ValidationError, match="minor penalty is not published"):
        apply(firm_user, penalty=penalty)


@pytest.mark.parametrize(
    "rules",
    [
        {"repair_class_of_kind": {"warning": "minor"}},  # every kind needs a class
        {"repair_class_of_kind": {**REPAIR_CLASS_OF_KIND, "fine": "grave"}},
        {"repair_class_low_fine": "grave"},
        {"repair_min_months": {"general": 2, "serious": 12}},
        {"repair_min_months": {"general": 13, "serious": 12}},
        {"repair_min_months": {"general": 3, "serious": 11}},
        {"repair_min_months": {"general": 3, "serious": 37}},
        {"repair_min_months": {"general": 3}},
        {"repair_commitment_version": " "},
    ],
)
def test_class_policy_outside_the_measures_is_refused(db: Any, rules: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        class_policy(**rules)


def test_bounds_of_the_measures_are_accepted(db: Any) -> None:
    class_policy(repair_min_months={"general": 12, "serious": 36})
    class_policy(repair_min_months={"general": 3, "serious": 12})


def test_the_commitment_is_stored_and_public(firm: Any, officer: Any, firm_user: Any) -> None:
    from django.test import Client

    from disclosure.profiles import public_profile

    class_policy(repair_commitment_version="皖-2026-2")
    penalty = PenaltyFactory(
        enterprise=firm, decided_on=dt.date(2025, 1, 1), kind="fine", amount=Decimal("80000")
    )
    application = repair.repair_apply(
        actor=firm_user,
        target="penalty",
        penalty=penalty,
        obligations_met=True,
        harm_remedied=True,
        commitment_signed=True,
        statement="已缴清罚款并整改",
        signatory="张三",
    )
    commitment = application.commitment
    assert (commitment.text_version, commitment.signatory, commitment.signed_on) == (
        "皖-2026-2",
        "张三",
        TODAY,
    )
    assert public_profile(enterprise=firm).repair_commitments == [commitment]
    page = Client().get(f"/firms/{firm.uscc}/").content.decode()
    assert "张三" in page
    assert "皖-2026-2" in page
    repair.repair_decide(actor=officer, application=application, approve=False, reason="未整改")
    assert public_profile(enterprise=firm).repair_commitments == []


@pytest.mark.parametrize(
    ("first", "later", "later_kind", "revoked", "blocked"),
    [
        ("food_safety", "food_safety", "fine", False, True),
        ("food_safety", "food_safety", "confiscation", False, True),  # kind does not matter
        ("food_safety", "labelling", "fine", False, False),  # another type is no repeat
        ("food_safety", "food_safety", "fine", True, False),  # revoked: no repeat
        ("food_safety", "", "fine", False, True),  # type not sent: cannot tell it differs
        ("", "labelling", "fine", False, True),
    ],
)
def test_no_repeat_of_the_same_type_of_violation(
    firm: Any,
    firm_user: Any,
    first: str,
    later: str,
    later_kind: str,
    revoked: bool,
    blocked: bool,
) -> None:
    fines_are_general()  # so the class's own minimum does not decide first
    penalty = PenaltyFactory(
        enterprise=firm,
        decided_on=dt.date(2026, 1, 1),
        kind="fine",
        amount=Decimal("80000"),
        violation_type=first,
    )
    PenaltyFactory(
        enterprise=firm,
        decided_on=dt.date(2026, 3, 1),
        kind=later_kind,
        amount=Decimal("60000"),
        violation_type=later,
        revoked=revoked,
        revoked_on=dt.date(2026, 4, 1) if revoked else None,
    )
    if blocked:
        with pytest.raises(ValidationError, match="same type"):
            apply(firm_user, penalty=penalty)
    else:
        assert apply(firm_user, penalty=penalty).status == "submitted"
