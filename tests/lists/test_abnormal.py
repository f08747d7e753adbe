"""The abnormal-operations list: four grounds, removal after correction, 3-year escalation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.errors import IllegalTransitionError
from lists import abnormal
from lists.models import AbnormalListing, BlacklistEntry
from tests.clock import noon
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)  # Thursday


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def officer() -> Any:
    return RegulatorFactory(
        role="list_officer",
        jurisdiction="3408",
        department=DepartmentFactory(code="aq-amr", jurisdiction="3408"),
    )


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(region_id="340802")


@pytest.mark.parametrize(
    "ground", ["no_annual_report", "unreachable", "false_information", "not_disclosed"]
)
def test_each_of_the_four_grounds_lists_a_firm(officer: Any, firm: Any, ground: str) -> None:
    listing = abnormal.abnormal_list(actor=officer, enterprise=firm, ground=ground)
    assert (listing.listed_on, listing.removed_on) == (TODAY, None)


def test_bad_grounds_and_repeats_are_refused(officer: Any, firm: Any) -> None:
    with pytest.raises(ValidationError):
        abnormal.abnormal_list(actor=officer, enterprise=firm, ground="rude")
    abnormal.abnormal_list(actor=officer, enterprise=firm, ground="unreachable")
    with pytest.raises(IllegalTransitionError):
        abnormal.abnormal_list(actor=officer, enterprise=firm, ground="unreachable")
    assert AbnormalListing.objects.count() == 1


def test_clerks_and_other_jurisdictions_cannot_list(firm: Any) -> None:
    for user in (
        RegulatorFactory(role="clerk", jurisdiction="3408"),
        RegulatorFactory(
            role="list_officer",
            jurisdiction="44",
            department=DepartmentFactory(code="gd", jurisdiction="44"),
        ),
    ):
        with pytest.raises(PermissionDenied):
            abnormal.abnormal_list(actor=user, enterprise=firm, ground="unreachable")


def test_removal_follows_correction_within_five_working_days(officer: Any, firm: Any) -> None:
    listing = abnormal.abnormal_list(actor=officer, enterprise=firm, ground="no_annual_report")
    with pytest.raises(IllegalTransitionError):
        abnormal.abnormal_remove(actor=officer, listing=listing)
    listing = abnormal.abnormal_correction_received(actor=officer, listing=listing)
    assert listing.removal_due == dt.date(2026, 12, 3)  # 5 weekdays after Thursday
    assert not abnormal.abnormal_removals_overdue(today=dt.date(2026, 12, 3)).exists()
    assert abnormal.abnormal_removals_overdue(today=dt.date(2026, 12, 4)).get() == listing
    assert abnormal.abnormal_remove(actor=officer, listing=listing).removed_on == TODAY
    with pytest.raises(IllegalTransitionError):
        abnormal.abnormal_remove(actor=officer, listing=listing)


def _listed(officer: Any, firm: Any, on: dt.date) -> AbnormalListing:
    listing = abnormal.abnormal_list(actor=officer, enterprise=firm, ground="unreachable")
    AbnormalListing.objects.filter(pk=listing.pk).update(listed_on=on)
    listing.refresh_from_db()
    return listing


@pytest.mark.parametrize(
    ("listed_on", "warned"),
    [
        # Listed D, 3 years are over from D + 3 years + 1 day (core.dates.period_over_from):
        # that day falls 60 days from today.
        (dt.date(2023, 11, 26) + dt.timedelta(days=59), True),
        (dt.date(2023, 11, 26) + dt.timedelta(days=60), False),
    ],
)
def test_the_warning_comes_60_days_before_three_years(
    officer: Any, firm: Any, listed_on: dt.date, warned: bool
) -> None:
    _listed(officer, firm, listed_on)
    assert abnormal.abnormal_warn_due(today=TODAY) == int(warned)
    assert abnormal.abnormal_warn_due(today=TODAY) == 0  # once only


def test_escalation_proposes_the_blacklist_after_three_years_and_the_warning(
    officer: Any, firm: Any
) -> None:
    # Listed 26 Nov 2023 is still within 3 years today (26 Nov 2026); the day before is not.
    within = _listed(officer, firm, dt.date(2023, 11, 26))
    AbnormalListing.objects.filter(pk=within.pk).update(
        escalation_warned_on=TODAY - dt.timedelta(days=60)
    )
    assert not abnormal.abnormal_escalations_due(today=TODAY).exists()
    AbnormalListing.objects.filter(pk=within.pk).delete()
    listing = _listed(officer, firm, dt.date(2023, 11, 25))
    AbnormalListing.objects.filter(pk=listing.pk).update(
        escalation_warned_on=TODAY - dt.timedelta(days=59)
    )
    assert not abnormal.abnormal_escalations_due(today=TODAY).exists()
    with pytest.raises(IllegalTransitionError):
        abnormal.abnormal_escalate(actor=officer, listing=listing)
    AbnormalListing.objects.filter(pk=listing.pk).update(
        escalation_warned_on=TODAY - dt.timedelta(days=60)
    )
    assert abnormal.abnormal_escalations_due(today=TODAY).get() == listing
    entry = abnormal.abnormal_escalate(actor=officer, listing=listing)
    assert entry.status == "proposed"
    assert "经营异常名录满三年" in entry.grounds
    assert not abnormal.abnormal_escalations_due(today=TODAY).exists()
    assert BlacklistEntry.objects.count() == 1
