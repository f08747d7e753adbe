"""A listing run entirely in the console: proposal on the file page, the notice, approval by
the upper level after the hearing window, publication, and revocation from the file page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lists.models import BlacklistEntry, EntryStatus, RemovalReason
from tests.factories import DepartmentFactory, EnterpriseFactory, PenaltyFactory, RegulatorFactory

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def step(c: Client, entry: BlacklistEntry, name: str) -> None:
    c.post(reverse("console:entry_step", args=[entry.pk, name]), {"reason": f"{name}：依法办理"})


def test_a_regulator_runs_a_listing_from_proposal_to_revocation() -> None:
    province = DepartmentFactory(code="ah-amr", jurisdiction="34")
    city = DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)
    firm = EnterpriseFactory(region_id="340802")
    penalty = PenaltyFactory(
        enterprise=firm,
        source_department=city,
        kind="licence_revoked",
        amount=None,
        decided_on=timezone.localdate() - dt.timedelta(days=20),
    )
    officer_user = RegulatorFactory(role="list_officer", jurisdiction="3408", department=city)
    approver_user = RegulatorFactory(role="approver", jurisdiction="34", department=province)
    officer = signed_in(officer_user)

    officer.post(
        reverse("console:file_propose", args=[firm.uscc]),
        {"penalty": penalty.pk, "grounds": "吊销许可证", "legal_basis": "总局令第44号第二条"},
    )
    entry = BlacklistEntry.objects.get(enterprise=firm)
    step(officer, entry, "notify")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.NOTIFIED
    after_hearing = entry.hearing_deadline + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(after_hearing, dt.time(10)), tick=False):
        # Signed in on that day: sessions end after 30 idle minutes.
        officer, approver = signed_in(officer_user), signed_in(approver_user)
        step(approver, entry, "approve")
        entry.refresh_from_db()
        assert entry.status == EntryStatus.APPROVED
        step(officer, entry, "publish")
        entry.refresh_from_db()
        assert entry.status == EntryStatus.LISTED
        file_page = officer.get(reverse("console:file_detail", args=[firm.uscc]))
        assert reverse("console:entry_revoke", args=[entry.pk]) in file_page.content.decode()
        # No reasons: refused, nothing changes.
        officer.post(reverse("console:entry_revoke", args=[entry.pk]), {"reason": ""})
        entry.refresh_from_db()
        assert entry.status == EntryStatus.LISTED
        officer.post(reverse("console:entry_revoke", args=[entry.pk]), {"reason": "列入依据有误"})
        entry.refresh_from_db()
        assert entry.status == EntryStatus.REMOVED
        assert entry.removal_reason == RemovalReason.REVOKED


def test_only_the_listing_department_or_above_revokes() -> None:
    province = DepartmentFactory(code="ah-amr", jurisdiction="34")
    city = DepartmentFactory(code="aq-amr", jurisdiction="3408", parent=province)
    county = DepartmentFactory(code="aq-yj", jurisdiction="340802", parent=city)
    firm = EnterpriseFactory(region_id="340802")
    today = timezone.localdate()
    entry = BlacklistEntry.objects.create(
        enterprise=firm,
        department=city,
        grounds="g",
        legal_basis="b",
        status=EntryStatus.LISTED,
        listed_on=today,
        ends_on=today.replace(year=today.year + 3),
        created_by=RegulatorFactory(role="list_officer", department=city),
    )
    below = signed_in(
        RegulatorFactory(role="list_officer", jurisdiction="340802", department=county)
    )
    below.post(reverse("console:entry_revoke", args=[entry.pk]), {"reason": "列入依据有误"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.LISTED
    clerk = signed_in(RegulatorFactory(role="clerk", jurisdiction="3408", department=city))
    clerk.post(reverse("console:entry_revoke", args=[entry.pk]), {"reason": "列入依据有误"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.LISTED
    far = signed_in(RegulatorFactory(role="list_officer", jurisdiction="4403"))
    refused = far.post(reverse("console:entry_revoke", args=[entry.pk]), {"reason": "x"})
    assert refused.status_code == 404
