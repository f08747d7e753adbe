"""No public page, API answer or export shows what the rules hide (DOMAIN.md section 5)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.dates import add_months, period_over_from, window_start
from disclosure.profiles import public_profile
from dueprocess.models import Objection
from lists.models import BlacklistEntry, ResponsiblePerson
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    InspectionFactory,
    PenaltyFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
HASH = "f" * 64


@pytest.fixture
def file() -> Any:
    """A firm whose file holds one record of each kind the public may and may not see."""
    today = timezone.localdate()
    dept = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    firm = EnterpriseFactory(name="安庆公示测试有限公司")
    officer = RegulatorFactory(role="list_officer", department=dept)

    def pen(ref: str, **kw: Any) -> Any:
        base = {"decided_on": today - dt.timedelta(days=365), "amount": Decimal("200000")}
        return PenaltyFactory(
            enterprise=firm, source_department=dept, decision_no=ref, **(base | kw)
        )

    # Windows read as core.dates does (Civil Code arts. 200-204): decided on window_start, today
    # is the last day within the window; the day before, it ended yesterday.
    last_3_months = window_start(today, months=3)
    ended_3_months = last_3_months - dt.timedelta(days=1)
    pen("VISIBLE-FINE")
    pen("VISIBLE-CRITICISM-LAST-DAY", kind="criticism", amount=None, decided_on=last_3_months)
    pen("VISIBLE-FINE-3-YEARS-LAST-DAY", decided_on=window_start(today, years=3))
    pen("HIDDEN-CRITICISM-ENDED", kind="criticism", amount=None, decided_on=ended_3_months)
    pen("HIDDEN-LOW-FINE-ENDED", amount=Decimal("50000"), decided_on=ended_3_months)
    pen("HIDDEN-FINE-3-YEARS", decided_on=window_start(today, years=3) - dt.timedelta(days=1))
    pen("HIDDEN-WARNING", kind="warning", amount=None)
    pen("HIDDEN-REVOKED", revoked=True, revoked_on=today)
    pen("HIDDEN-WITHDRAWN", withdrawn_on=today)
    pen("HIDDEN-SIMPLIFIED", procedure="simplified")
    pen("HIDDEN-STOPPED-EARLY", publicity_stopped_on=today)
    pen("HIDDEN-FUTURE", decided_on=today + dt.timedelta(days=1))

    def entry(grounds: str, status: str, **kw: Any) -> BlacklistEntry:
        base = {
            "listed_on": today - dt.timedelta(days=30),
            "ends_on": today + dt.timedelta(days=1000),
        }
        return BlacklistEntry.objects.create(
            enterprise=firm,
            department=dept,
            status=status,
            grounds=grounds,
            legal_basis="总局令第44号",
            created_by=officer,
            **(base | kw),
        )

    listed = entry("VISIBLE-LISTED", "listed")
    ResponsiblePerson.objects.create(entry=listed, name="张三", role="legal_rep", id_hash=HASH)
    entry("HIDDEN-REMOVED", "removed", removed_on=today)
    entry("HIDDEN-PROPOSED", "proposed", listed_on=None, ends_on=None)
    entry("HIDDEN-NOTIFIED", "notified", listed_on=None, ends_on=None)
    entry("VISIBLE-LAST-DAY-LISTED", "listed", ends_on=today)  # ends_on: the last day in force
    entry("HIDDEN-ENDED-YESTERDAY", "listed", ends_on=today - dt.timedelta(days=1))

    InspectionFactory(
        enterprise=firm,
        source_department=dept,
        product="VISIBLE-INSPECTION",
        inspected_on=window_start(today, months=36),  # the last day it is shown
    )
    objected = InspectionFactory(
        enterprise=firm,
        source_department=dept,
        result="fail",
        product="VISIBLE-OBJECTED",
        inspected_on=today,
    )
    InspectionFactory(
        enterprise=firm,
        source_department=dept,
        product="HIDDEN-WITHDRAWN-INSP",
        inspected_on=today,
        withdrawn_on=today,
    )
    InspectionFactory(
        enterprise=firm,
        source_department=dept,
        product="HIDDEN-OLD-INSPECTION",
        inspected_on=window_start(today, months=36) - dt.timedelta(days=1),
    )
    user = EnterpriseUserFactory(enterprise=firm)
    Objection.objects.create(
        enterprise=firm,
        record_kind="inspections",
        record_id=objected.pk,
        grounds="HIDDEN-GROUNDS",
        raised_by=user,
        raised_on=today,
        answer_due=today + dt.timedelta(days=5),
    )
    return firm


def public_texts(firm: Any) -> dict[str, str]:
    c = Client()
    urls = [
        f"/firms/{firm.uscc}/",
        f"/api/v1/enterprises/{firm.uscc}/",
        "/search/?q=公示",
        "/api/v1/enterprises/?search=公示",
        "/red-list/",
        "/blacklist/",
        "/api/v1/redlist/",
        "/api/v1/blacklist/",
        "/red-list.csv",
        "/blacklist.csv",
        "/api/v1/blacklist/csv/",
        "/statistics/",
    ]
    texts = {}
    for url in urls:
        r = c.get(url)
        assert r.status_code == 200, url
        body = b"".join(r.streaming_content) if r.streaming else r.content
        texts[url] = body.decode()
    return texts


def test_nothing_hidden_appears_anywhere(file: Any) -> None:
    for url, text in public_texts(file).items():
        for marker in ("HIDDEN-", HASH, "张三", "34080219"):
            assert marker not in text, (url, marker)


def test_the_profile_shows_everything_the_rules_allow(file: Any) -> None:
    texts = public_texts(file)
    for url in (f"/firms/{file.uscc}/", f"/api/v1/enterprises/{file.uscc}/"):
        for marker in (
            "VISIBLE-FINE",
            "VISIBLE-CRITICISM-LAST-DAY",
            "VISIBLE-FINE-3-YEARS-LAST-DAY",
            "VISIBLE-LISTED",
            "VISIBLE-LAST-DAY-LISTED",
            "VISIBLE-INSPECTION",
            "VISIBLE-OBJECTED",
        ):
            assert marker in texts[url], (url, marker)
    for url in ("/blacklist/", "/api/v1/blacklist/", "/blacklist.csv"):
        assert "VISIBLE-LISTED" in texts[url]
        assert "VISIBLE-LAST-DAY-LISTED" in texts[url]


def test_an_open_objection_marks_its_record(file: Any) -> None:
    data = Client().get(f"/api/v1/enterprises/{file.uscc}/").json()
    marked = {i["product"]: i["under_objection"] for i in data["inspections"]}
    assert marked == {"VISIBLE-OBJECTED": True, "VISIBLE-INSPECTION": False}
    assert data["objections_open"] == 1
    page = Client().get(f"/firms/{file.uscc}/").content.decode()
    assert "异议处理中" in page or "under objection" in page


def test_penalties_carry_the_day_their_publicity_ends(file: Any) -> None:
    data = Client().get(f"/api/v1/enterprises/{file.uscc}/").json()
    ends = {p["decision_no"]: p["publicity_ends_on"] for p in data["penalties"]}
    today = timezone.localdate()
    # Shown through its last day within 3 months, no longer from the day after.
    first_day_off = period_over_from(window_start(today, months=3), months=3)
    assert first_day_off > today
    assert ends["VISIBLE-CRITICISM-LAST-DAY"] == first_day_off.isoformat()


def test_profile_queries_do_not_grow_with_the_file(file: Any) -> None:
    with CaptureQueriesContext(connection) as small:
        public_profile(enterprise=file)
    for i in range(15):
        PenaltyFactory(
            enterprise=file,
            decided_on=timezone.localdate() - dt.timedelta(days=i + 1),
            amount=Decimal("100000"),
        )
        InspectionFactory(enterprise=file, inspected_on=timezone.localdate() - dt.timedelta(days=i))
    with CaptureQueriesContext(connection) as large:
        profile = public_profile(enterprise=file)
    assert len(profile.penalties) == 18
    # 11: the credit-repair commitments are one more list.
    assert len(large.captured_queries) == len(small.captured_queries) <= 11


def test_unknown_and_malformed_codes(db: Any) -> None:
    c = Client()
    assert c.get("/firms/91340802MA2TEST00X/").status_code == 404
    r = c.get("/api/v1/enterprises/123/")
    assert r.status_code == 400
    assert "uscc" in r.json()
    assert c.get("/api/v1/enterprises/91340800MA2N0Q7W0B/").status_code in (400, 404)


def test_a_province_sets_its_own_low_fine_threshold(file: Any) -> None:
    """Hubei publishes fines up to ¥100,000 as low (3 months); a new list policy says so."""
    from dataclasses import asdict

    from lists.policy import list_policy_publish
    from lists.rules import ListRules

    today = timezone.localdate()
    PenaltyFactory(
        enterprise=file,
        decision_no="THRESHOLD-80000",
        amount=Decimal("80000"),
        decided_on=add_months(today, -4),
    )
    url = f"/api/v1/enterprises/{file.uscc}/"
    shown = [p["decision_no"] for p in Client().get(url).json()["penalties"]]
    assert "THRESHOLD-80000" in shown  # above ¥50,000: 3 years
    rules = asdict(ListRules()) | {"publicity_low_fine_threshold": 100_000}
    list_policy_publish(rules=rules, note="湖北", actor=None)
    shown = [p["decision_no"] for p in Client().get(url).json()["penalties"]]
    assert "THRESHOLD-80000" not in shown  # now low: its 3 months ended
