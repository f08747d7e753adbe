"""The abnormal-operations list: four grounds, the firm's removal request, removal within 5
working days, the 60-day warning to firm and department, and the 3-year escalation."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.errors import IllegalTransitionError
from core.models import AuditEntry
from enterprises.models import Notification
from lists import abnormal, abnormal_escalation
from lists.models import AbnormalListing, BlacklistEntry
from lists.rules import (
    abnormal_current,
    abnormal_current_q,
    abnormal_removal_overdue,
    abnormal_removal_overdue_q,
)
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)  # Thursday
FACTS = "未按期公示2025年度报告"


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def province() -> Any:
    return DepartmentFactory(code="ah-amr", jurisdiction="34")


@pytest.fixture
def officer(province: Any) -> Any:
    return RegulatorFactory(
        role="list_officer",
        jurisdiction="3408",
        email="officer@aq.example.cn",
        department=DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province),
    )


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(region_id="340802")


@pytest.fixture
def firm_user(firm: Any) -> Any:
    return EnterpriseUserFactory(enterprise=firm, email="boss@firm.example.cn")


def listed(officer: Any, firm: Any, ground: str = "no_annual_report") -> AbnormalListing:
    return abnormal.abnormal_list(actor=officer, enterprise=firm, ground=ground, facts=FACTS)


@pytest.mark.parametrize(
    ("ground", "article"),
    [
        ("no_annual_report", "第四条第（一）项"),
        ("not_disclosed", "第四条第（二）项"),
        ("false_information", "第四条第（三）项"),
        ("unreachable", "第四条第（四）项"),
    ],
)
def test_each_of_the_four_grounds_lists_a_firm_on_its_article(
    officer: Any, firm: Any, ground: str, article: str
) -> None:
    listing = listed(officer, firm, ground)
    assert (listing.listed_on, listing.removed_on, listing.facts) == (TODAY, None, FACTS)
    assert listing.legal_basis == f"《企业经营异常名录管理暂行办法》{article}"
    assert listing.listed_at.date() == TODAY
    assert AuditEntry.objects.get(action="abnormal.listed").data["ground"] == ground
    # The firm is told, with the ground and the way out.
    note = Notification.objects.get(enterprise=firm)
    assert FACTS in note.body
    assert note.link == "/firm/abnormal/"


def test_a_legal_basis_given_is_kept(officer: Any, firm: Any) -> None:
    listing = abnormal.abnormal_list(
        actor=officer, enterprise=firm, ground="unreachable", facts=FACTS, legal_basis="条例第十条"
    )
    assert listing.legal_basis == "条例第十条"


@pytest.mark.parametrize(
    ("ground", "facts", "field"),
    [
        ("rude", FACTS, "ground"),
        ("unreachable", "  ", "facts"),
        ("unreachable", "x" * 4001, "facts"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(
    officer: Any, firm: Any, ground: str, facts: str, field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        abnormal.abnormal_list(actor=officer, enterprise=firm, ground=ground, facts=facts)
    assert field in info.value.message_dict
    assert not AbnormalListing.objects.exists()
    assert not Notification.objects.exists()


def test_a_second_listing_on_the_same_ground_is_refused(officer: Any, firm: Any) -> None:
    listed(officer, firm, "unreachable")
    with pytest.raises(IllegalTransitionError):
        listed(officer, firm, "unreachable")
    listed(officer, firm, "no_annual_report")  # another ground is another listing
    assert AbnormalListing.objects.count() == 2


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("list_officer", True),
        ("admin", True),
        ("clerk", False),
        ("grader", False),
        ("approver", False),
    ],
)
def test_only_list_keeping_roles_list(firm: Any, role: str, allowed: bool) -> None:
    user = RegulatorFactory(
        role=role, jurisdiction="3408", department=DepartmentFactory(jurisdiction="3408")
    )
    if allowed:
        listed(user, firm)
    else:
        with pytest.raises(PermissionDenied):
            listed(user, firm)
    assert AbnormalListing.objects.count() == int(allowed)


def test_other_jurisdictions_and_firm_users_cannot_list(firm: Any, firm_user: Any) -> None:
    far = RegulatorFactory(
        role="list_officer",
        jurisdiction="44",
        department=DepartmentFactory(code="gd", jurisdiction="44"),
    )
    for user in (far, firm_user):
        with pytest.raises(PermissionDenied):
            listed(user, firm)
    assert not AbnormalListing.objects.exists()


def test_the_firm_asks_for_removal_and_the_department_is_told(
    officer: Any, firm: Any, firm_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    listing = listed(officer, firm)
    with django_capture_on_commit_callbacks(execute=True):
        listing = abnormal.abnormal_removal_request(
            actor=firm_user, listing=listing, statement="已补报2025年度报告"
        )
    assert listing.corrected_on == TODAY
    assert listing.removal_due == dt.date(2026, 12, 3)  # 5 working days after Thursday
    assert listing.correction_statement == "已补报2025年度报告"
    assert listing.correction_requested_by == firm_user
    assert AuditEntry.objects.filter(action="abnormal.removal_requested").count() == 1
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert firm.name in mail.outbox[0].subject
    with pytest.raises(IllegalTransitionError):  # once only
        abnormal.abnormal_removal_request(actor=firm_user, listing=listing, statement="再次")


def test_only_the_firms_own_users_ask_for_its_removal(officer: Any, firm: Any) -> None:
    listing = listed(officer, firm)
    other = EnterpriseUserFactory(enterprise=EnterpriseFactory(region_id="340802"))
    for user in (other, officer):
        with pytest.raises(PermissionDenied):
            abnormal.abnormal_removal_request(actor=user, listing=listing, statement="已改正")
    own = EnterpriseUserFactory(enterprise=firm)
    with pytest.raises(ValidationError):
        abnormal.abnormal_removal_request(actor=own, listing=listing, statement=" ")
    listing.refresh_from_db()
    assert listing.corrected_on is None


def test_removal_follows_correction_and_is_overdue_after_its_due_day(
    officer: Any, firm: Any
) -> None:
    listing = listed(officer, firm)
    with pytest.raises(IllegalTransitionError):
        abnormal.abnormal_remove(actor=officer, listing=listing)
    listing = abnormal.abnormal_correction_received(actor=officer, listing=listing)
    assert listing.removal_due == dt.date(2026, 12, 3)
    for day, overdue in [
        (dt.date(2026, 12, 2), False),  # the day before the due day
        (dt.date(2026, 12, 3), False),  # the due day itself
        (dt.date(2026, 12, 4), True),  # the day after
    ]:
        assert abnormal_removal_overdue(listing, today=day) is overdue
        query = AbnormalListing.objects.filter(abnormal_removal_overdue_q(today=day))
        assert query.filter(pk=listing.pk).exists() is overdue
        assert abnormal.abnormal_removals_overdue(today=day).exists() is overdue
    listing = abnormal.abnormal_remove(actor=officer, listing=listing)
    assert (listing.removed_on, listing.removal_reason, listing.removed_by) == (
        TODAY,
        "corrected",
        officer,
    )
    assert listing.removed_at is not None
    assert not abnormal_removal_overdue(listing, today=dt.date(2026, 12, 4))
    assert not abnormal.abnormal_removals_overdue(today=dt.date(2026, 12, 4)).exists()
    with pytest.raises(IllegalTransitionError):
        abnormal.abnormal_remove(actor=officer, listing=listing)


def test_current_listing_rule_has_one_reading(officer: Any, firm: Any) -> None:
    kept = listed(officer, firm, "unreachable")
    gone = abnormal.abnormal_correction_received(actor=officer, listing=listed(officer, firm))
    gone = abnormal.abnormal_remove(actor=officer, listing=gone)
    current = set(AbnormalListing.objects.filter(abnormal_current_q()).values_list("pk", flat=True))
    assert current == {kept.pk}
    assert [abnormal_current(x) for x in (kept, gone)] == [True, False]


def test_the_superior_department_removes_but_a_sibling_does_not(
    officer: Any, firm: Any, province: Any
) -> None:
    listing = abnormal.abnormal_correction_received(actor=officer, listing=listed(officer, firm))
    sibling = RegulatorFactory(
        role="list_officer",
        jurisdiction="3408",
        department=DepartmentFactory(code="aq-other", jurisdiction="3408", parent=province),
    )
    with pytest.raises(PermissionDenied):
        abnormal.abnormal_remove(actor=sibling, listing=listing)
    upper = RegulatorFactory(role="list_officer", jurisdiction="34", department=province)
    assert abnormal.abnormal_remove(actor=upper, listing=listing).removed_on == TODAY


def _listed_on(officer: Any, firm: Any, on: dt.date) -> AbnormalListing:
    listing = listed(officer, firm, "unreachable")
    AbnormalListing.objects.filter(pk=listing.pk).update(listed_on=on)
    listing.refresh_from_db()
    return listing


@pytest.mark.parametrize(
    ("listed_on", "warned"),
    [
        # Listed D, 3 years are over from D + 3 years + 1 day (core.dates.period_over_from):
        # that day falls 60 days from today (warned), or 61 days (not yet).
        (dt.date(2023, 11, 26) + dt.timedelta(days=59), True),
        (dt.date(2023, 11, 26) + dt.timedelta(days=60), False),
    ],
)
def test_the_warning_comes_60_days_before_three_years(
    officer: Any, firm: Any, listed_on: dt.date, warned: bool
) -> None:
    _listed_on(officer, firm, listed_on)
    assert abnormal_escalation.abnormal_warn_due(today=TODAY) == int(warned)
    assert abnormal_escalation.abnormal_warn_due(today=TODAY) == 0  # once only


def test_the_warning_tells_the_firm_and_the_department_once(
    officer: Any, firm: Any, firm_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Three years are over from 25 January 2027, 60 days from today.
    listing = _listed_on(officer, firm, dt.date(2024, 1, 24))
    Notification.objects.all().delete()  # the listing's own notice
    with django_capture_on_commit_callbacks(execute=True):
        assert abnormal_escalation.abnormal_warn_due(today=TODAY) == 1
    with django_capture_on_commit_callbacks(execute=True):
        # A retried or second beat run: nobody is told twice.
        assert abnormal_escalation.abnormal_warn_due(today=TODAY) == 0
    listing.refresh_from_db()
    assert listing.escalation_warned_on == TODAY
    note = Notification.objects.get(enterprise=firm)
    assert "2027-01-25" in note.body
    assert sorted(m.to[0] for m in mail.outbox) == [firm_user.email, officer.email]
    audit = AuditEntry.objects.get(action="abnormal.escalation_warned")
    assert audit.data["three_years_on"] == "2027-01-25"
    assert abnormal_escalation.abnormal_escalation_possible_from(listing) == dt.date(2027, 1, 25)


def test_a_late_warning_still_leaves_the_firm_its_60_days(officer: Any, firm: Any) -> None:
    # Three years are over on 2 December 2026, but the warning only goes out today.
    listing = _listed_on(officer, firm, dt.date(2023, 12, 1))
    assert abnormal_escalation.abnormal_warn_due(today=TODAY) == 1
    listing.refresh_from_db()
    assert abnormal_escalation.abnormal_escalation_possible_from(listing) == dt.date(2027, 1, 25)
    assert "2027-01-25" in Notification.objects.filter(enterprise=firm).first().body


def test_a_removed_listing_is_not_warned(officer: Any, firm: Any, firm_user: Any) -> None:
    listing = _listed_on(officer, firm, dt.date(2023, 12, 1))
    listing = abnormal.abnormal_correction_received(actor=officer, listing=listing)
    abnormal.abnormal_remove(actor=officer, listing=listing)
    assert abnormal_escalation.abnormal_warn_due(today=TODAY) == 0


def test_escalation_proposes_the_blacklist_after_three_years_and_the_warning(
    officer: Any, firm: Any
) -> None:
    # Listed 26 Nov 2023 is still within 3 years today (26 Nov 2026); the day before is not.
    within = _listed_on(officer, firm, dt.date(2023, 11, 26))
    AbnormalListing.objects.filter(pk=within.pk).update(
        escalation_warned_on=TODAY - dt.timedelta(days=60)
    )
    assert not abnormal_escalation.abnormal_escalations_due(today=TODAY).exists()
    AbnormalListing.objects.filter(pk=within.pk).delete()
    listing = _listed_on(officer, firm, dt.date(2023, 11, 25))
    AbnormalListing.objects.filter(pk=listing.pk).update(
        escalation_warned_on=TODAY - dt.timedelta(days=59)
    )
    assert not abnormal_escalation.abnormal_escalations_due(today=TODAY).exists()
    with pytest.raises(IllegalTransitionError):
        abnormal_escalation.abnormal_escalate(actor=officer, listing=listing)
    AbnormalListing.objects.filter(pk=listing.pk).update(
        escalation_warned_on=TODAY - dt.timedelta(days=60)
    )
    listing.refresh_from_db()
    assert abnormal_escalation.abnormal_escalation_possible_from(listing) == TODAY
    assert abnormal_escalation.abnormal_escalations_due(today=TODAY).get() == listing
    entry = abnormal_escalation.abnormal_escalate(actor=officer, listing=listing)
    assert entry.status == "proposed"
    assert "经营异常名录满3年" in entry.grounds
    assert not abnormal_escalation.abnormal_escalations_due(today=TODAY).exists()
    assert BlacklistEntry.objects.count() == 1


def test_the_migration_stamps_older_listings_from_their_dates(officer: Any, firm: Any) -> None:
    migration = importlib.import_module("lists.migrations.0018_abnormal_listing_steps_and_times")
    kept = listed(officer, firm, "unreachable")
    gone = abnormal.abnormal_correction_received(actor=officer, listing=listed(officer, firm))
    gone = abnormal.abnormal_remove(actor=officer, listing=gone)
    AbnormalListing.objects.update(listed_on=dt.date(2025, 3, 1), legal_basis="", removal_reason="")
    AbnormalListing.objects.filter(pk=gone.pk).update(removed_on=dt.date(2025, 6, 2))
    migration.moments_from_dates(django_apps, None)
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert timezone.localtime(kept.listed_at) == noon(dt.date(2025, 3, 1)) - dt.timedelta(hours=12)
    assert (kept.removed_at, kept.removal_reason) == (None, "")
    assert kept.legal_basis.endswith("第四条第（四）项")
    assert timezone.localtime(gone.removed_at).date() == dt.date(2025, 6, 2)
    assert gone.removal_reason == "corrected"
