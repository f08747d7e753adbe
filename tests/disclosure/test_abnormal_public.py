"""What the public sees of the abnormal-operations list: current listings only on the profile
and the list filter, listing and removal events in the change feed, and a data version (and so
cached pages) that moves with them; end to end from the console listing to the removal."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone

from disclosure import api as api_mod
from disclosure.changes import changes_between, data_version
from lists.abnormal import abnormal_correction_received, abnormal_list, abnormal_remove
from lists.models import AbnormalListing
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    RegulatorFactory,
    uscc_for,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)  # Thursday
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def today(time_machine: Any) -> None:
    """Before any row is written, so every timestamp of the test is on the faked clock."""
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def officer() -> Any:
    dept = DepartmentFactory(code="aq-amr", name="安庆市市场监督管理局", jurisdiction="3408")
    return RegulatorFactory(role="list_officer", jurisdiction="3408", department=dept)


@pytest.fixture
def firm() -> Any:
    return EnterpriseFactory(name="安庆异常公示测试有限公司", region_id="340802")


def signed_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def feed(since: dt.datetime) -> list[tuple[str, str, int]]:
    """The change feed's events since `since`, as the API gives them (no commit margin)."""
    url = f"/api/v1/changes/?since={since.isoformat().replace('+', '%2B')}"
    response = Client().get(url)
    assert response.status_code == 200
    return [(r["uscc"], r["kind"], r["id"]) for r in response.json()["results"]]


def listed_codes(**params: str) -> set[str]:
    response = Client().get("/api/v1/enterprises/", {"list": "abnormal", **params})
    assert response.status_code == 200
    return {r["uscc"] for r in response.json()["results"]}


def profile_listings(uscc: str) -> list[dict[str, Any]]:
    response = Client().get(f"/api/v1/enterprises/{uscc}/")
    assert response.status_code == 200
    return response.json()["abnormal"]


def test_removed_listings_are_never_public(officer: Any, firm: Any, time_machine: Any) -> None:
    other = EnterpriseFactory(name="安庆仍在名录有限公司", region_id="340802", uscc=uscc_for(61))
    gone = abnormal_list(actor=officer, enterprise=firm, ground="unreachable", facts="查无此址")
    abnormal_list(actor=officer, enterprise=other, ground="unreachable", facts="查无此址")
    assert listed_codes() == {firm.uscc, other.uscc}
    time_machine.shift(dt.timedelta(minutes=1))  # the removal comes after the listing
    abnormal_remove(
        actor=officer, listing=abnormal_correction_received(actor=officer, listing=gone)
    )
    assert listed_codes() == {other.uscc}
    assert profile_listings(firm.uscc) == []
    assert [a["ground"] for a in profile_listings(other.uscc)] == ["unreachable"]
    page = Client().get(f"/firms/{firm.uscc}/").content.decode()
    assert "查无此址" not in page  # the facts are the regulator's, the ground is public
    search = Client().get("/search/", {"list": "abnormal"}).content.decode()
    assert other.name in search
    assert firm.name not in search


def test_the_feed_carries_listing_and_removal_events(
    officer: Any, firm: Any, time_machine: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(api_mod, "COMMIT_MARGIN", dt.timedelta(0))
    start = timezone.now()
    version_before = data_version()
    time_machine.move_to(noon(TODAY) + dt.timedelta(minutes=1), tick=False)
    listing = abnormal_list(actor=officer, enterprise=firm, ground="not_disclosed", facts="未公示")
    version_listed = data_version()
    assert version_listed is not None
    assert version_before is None or version_listed > version_before
    assert ("abnormal", listing.pk) in [(k, i) for _u, k, i in feed(start)]
    time_machine.move_to(noon(TODAY) + dt.timedelta(hours=1), tick=False)
    after_listing = timezone.now()
    assert [e for e in feed(after_listing) if e[1] == "abnormal"] == []
    time_machine.move_to(noon(TODAY) + dt.timedelta(hours=2), tick=False)
    abnormal_remove(
        actor=officer, listing=abnormal_correction_received(actor=officer, listing=listing)
    )
    version_removed = data_version()
    assert version_removed is not None
    assert version_removed > version_listed
    assert (firm.uscc, "abnormal", listing.pk) in feed(after_listing)
    # Two events of one listing, each at its own moment, in time order.
    events = [c for c in changes_between(since=start, until=timezone.now()) if c.kind == "abnormal"]
    assert [(c.id, c.at) for c in events] == [
        (listing.pk, AbnormalListing.objects.get().listed_at),
        (listing.pk, AbnormalListing.objects.get().removed_at),
    ]


def test_a_cached_profile_follows_the_removal(officer: Any, firm: Any, time_machine: Any) -> None:
    listing = abnormal_list(actor=officer, enterprise=firm, ground="unreachable", facts="查无此址")
    assert len(profile_listings(firm.uscc)) == 1
    first = Client().get(f"/firms/{firm.uscc}/")
    time_machine.move_to(noon(TODAY) + dt.timedelta(minutes=5), tick=False)
    abnormal_remove(
        actor=officer, listing=abnormal_correction_received(actor=officer, listing=listing)
    )
    again = Client().get(f"/firms/{firm.uscc}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200  # not 304: the data version moved
    assert profile_listings(firm.uscc) == []


def test_end_to_end_console_listing_firm_request_removal_within_the_deadline(
    officer: Any, firm: Any, time_machine: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(api_mod, "COMMIT_MARGIN", dt.timedelta(0))
    start = timezone.now() - dt.timedelta(seconds=1)  # the feed starts after `since`
    console = signed_in(officer)
    r = console.post(
        "/console/abnormal/",
        {"uscc": firm.uscc, "ground": "no_annual_report", "facts": "未按期公示2025年度报告"},
    )
    assert r.status_code == 302
    listing = AbnormalListing.objects.get(enterprise=firm)
    assert listed_codes() == {firm.uscc}
    # The firm asks for removal from its own pages with evidence, two days later.
    time_machine.move_to(noon(dt.date(2026, 11, 30)), tick=False)  # Monday
    own = signed_in(EnterpriseUserFactory(enterprise=firm))
    with override_settings(PRIVATE_MEDIA_ROOT=str(tmp_path)):
        r = own.post(
            f"/firm/abnormal/{listing.pk}/removal/",
            {
                "statement": "已补报2025年度报告",
                "files": [SimpleUploadedFile("回执.pdf", PDF, content_type="application/pdf")],
            },
        )
    assert r.status_code == 302
    listing.refresh_from_db()
    assert listing.removal_due == dt.date(2026, 12, 7)  # 5 working days from Monday
    # The regulator removes it on the last day of the deadline, from the queue (a new
    # sign-in: sessions end after 30 idle minutes).
    time_machine.move_to(noon(dt.date(2026, 12, 7)), tick=False)
    console = signed_in(officer)
    [item] = [
        i for q in console.get("/console/").context["queues"] for i in q.items if i.obj == listing
    ]
    assert (item.due, item.overdue) == (dt.date(2026, 12, 7), False)
    back = "/console/queues/abnormal_removals/"
    r = console.post(f"/console/abnormal/{listing.pk}/removed/", {"next": back})
    assert (r.status_code, r["Location"]) == (302, back)
    listing.refresh_from_db()
    assert (listing.removed_on, listing.removal_reason) == (dt.date(2026, 12, 7), "corrected")
    # The public profile, list and change feed follow.
    assert profile_listings(firm.uscc) == []
    assert listed_codes() == set()
    kinds = [(k, i) for _u, k, i in feed(start)]
    assert kinds.count(("abnormal", listing.pk)) == 2  # listed, removed
