"""The change feed is the delta between two dumps: the firms of dump(d), with every firm the
feed names between the two dumps' cursors refetched from its public profile, are dump(d+1)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from lists import abnormal
from lists.removal import blacklist_expire_due
from tests.bulk.conftest import Rows
from tests.bulk.firms import DAY, a_firm, blacklisted, onto_red_list, regrade
from tests.clock import noon
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    InspectionFactory,
    RegulatorFactory,
)

pytestmark = pytest.mark.django_db
DAY1 = dt.date(2026, 11, 26)
DAY2 = DAY1 + DAY
DAY3 = DAY1 + 2 * DAY
FACTS = "未按期公示2025年度报告"


def cursors(client: Client, day: dt.date) -> tuple[str, str]:
    """(changes_since, taken_at) of the day's firms dump, as the index API gives them."""
    response = client.get(
        "/api/v1/bulk/", {"date": day.isoformat(), "dataset": "firms", "file_format": "jsonl.gz"}
    )
    (entry,) = response.json()["results"]
    return entry["changes_since"], entry["taken_at"]


def feed(client: Client, since: str, until: str) -> list[dict[str, Any]]:
    """Every event of since < at <= until, page by page."""
    url: str | None = "/api/v1/changes/"
    params: dict[str, str] | None = {"since": since, "until": until}
    events: list[dict[str, Any]] = []
    while url:
        response = client.get(url, params)
        assert response.status_code == 200, response.content
        data = response.json()
        events += data["results"]
        url, params = data["next"], None
    return events


def firm_row(client: Client, uscc: str) -> dict[str, Any] | None:
    """The firm as the dump shows it, read from its public profile (None: gone)."""
    response = client.get(f"/api/v1/enterprises/{uscc}/")
    if response.status_code == 404:
        return None
    p = response.json()
    grade = p["grade"] or {}
    return {
        "uscc": p["uscc"],
        "name": p["name"],
        "region": p["region"],
        "region_name": p["region_name"],
        "industry": p["industry"],
        "status": p["status"],
        "grade": grade.get("grade"),
        "supervision_mode": grade.get("supervision_mode"),
        "grade_since": grade.get("grade_since"),
        "red_list": bool(grade.get("red_list")),
        "on_blacklist": bool(p["blacklist"]),
        "abnormal": bool(p["abnormal"]),
    }


def test_a_dump_plus_the_feed_between_two_dumps_is_the_next_dump(
    dump: Callable[[dt.date], Rows], time_machine: Any, client: Client
) -> None:
    # The file is set up in the morning; the dump is taken at noon.
    time_machine.move_to(noon(DAY1) - dt.timedelta(hours=3), tick=False)
    department = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    officer = RegulatorFactory(role="list_officer", department=department)
    falls, rises = a_firm(DAY1), a_firm(DAY1)
    to_list, expires, delisted, newly_abnormal, renamed, untouched = (
        EnterpriseFactory() for _ in range(6)
    )
    blacklisted(expires, DAY1 - 1095 * DAY, ends_on=DAY1)  # its last day in force is DAY1
    listing = abnormal.abnormal_list(
        actor=officer, enterprise=delisted, ground="no_annual_report", facts=FACTS
    )
    for firm in (falls, rises, to_list, expires, delisted, renamed, untouched):
        regrade(firm, DAY1)
    before = {r["uscc"]: r for r in dump(DAY1)["firms"]}

    time_machine.move_to(noon(DAY2), tick=False)
    # A regrade: a seriously failed sampling drops an A firm to C (and its supervision mode).
    InspectionFactory(enterprise=falls, inspected_on=DAY2, result="fail", defect_severity="serious")
    regrade(falls, DAY2)
    onto_red_list(rises, DAY2)  # same letter, onto the red list
    regrade(rises, DAY2)
    blacklisted(to_list, DAY2)  # a listing
    regrade(to_list, DAY2)
    assert blacklist_expire_due(today=DAY2) == 1  # a removal by expiry
    abnormal.abnormal_correction_received(actor=officer, listing=listing)
    abnormal.abnormal_remove(actor=officer, listing=listing)  # a removal from the other list
    abnormal.abnormal_list(
        actor=officer, enterprise=newly_abnormal, ground="unreachable", facts="无法联系"
    )
    renamed.name = "安庆新名称食品有限公司"  # registration data corrected
    renamed.save()
    registered = EnterpriseFactory()  # a new firm
    regrade(registered, DAY2)

    after = {r["uscc"]: r for r in dump(DAY3)["firms"]}
    since, _taken_1 = cursors(client, DAY1)
    _since_2, until = cursors(client, DAY3)
    events = feed(client, since, until)

    rebuilt = dict(before)
    for uscc in {e["uscc"] for e in events}:
        row = firm_row(client, uscc)
        if row is None:
            rebuilt.pop(uscc, None)
        else:
            rebuilt[uscc] = row
    assert rebuilt == after

    # The dumps differ in every way the test meant them to, and the feed names only the firms
    # that moved (it is a delta, not a second copy; events of the last seconds before a dump
    # would be replayed too, harmlessly: a refetch is idempotent).
    changed = {falls, rises, to_list, expires, delisted, newly_abnormal, renamed, registered}
    assert {e["uscc"] for e in events} == {f.uscc for f in changed}
    assert {e["kind"] for e in events} >= {
        "grade",
        "supervision",
        "red_list",
        "blacklist",
        "abnormal",
        "enterprise",
    }
    assert (before[falls.uscc]["grade"], after[falls.uscc]["grade"]) == ("A", "C")
    assert (before[rises.uscc]["red_list"], after[rises.uscc]["red_list"]) == (False, True)
    assert (before[to_list.uscc]["on_blacklist"], after[to_list.uscc]["on_blacklist"]) == (
        False,
        True,
    )
    assert (before[expires.uscc]["on_blacklist"], after[expires.uscc]["on_blacklist"]) == (
        True,
        False,
    )
    assert (before[delisted.uscc]["abnormal"], after[delisted.uscc]["abnormal"]) == (True, False)
    assert after[newly_abnormal.uscc]["abnormal"] is True
    assert after[renamed.uscc]["name"] == "安庆新名称食品有限公司"
    assert registered.uscc not in before
    assert after[untouched.uscc] == before[untouched.uscc]
