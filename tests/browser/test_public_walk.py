"""A real browser (Debian chromium via playwright) walks the public site.

search -> profile -> list filter -> CSV download -> language switch, with screenshots kept in
var/browser-artifacts/ for a person to look at. CI installs chromium and sets REQUIRE_BROWSER=1,
so there a missing browser fails instead of skipping.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from lists.models import BlacklistEntry
from tests.browser.watch import Watch
from tests.disclosure.test_lists_and_api import graded
from tests.factories import DepartmentFactory, EnterpriseFactory, RegulatorFactory, uscc_for

# The live server sees committed data; serialized rollback restores what migrations loaded
# (regions, policies, the commitment text) for the tests after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def public_data(live_server: Any) -> dict[str, Any]:
    today = timezone.localdate()
    red = EnterpriseFactory(name="安庆华科电子有限公司", region_id="340802", industry="C")
    graded(red, "AA", red=True, since=today - dt.timedelta(days=30))
    other = EnterpriseFactory(
        name="深圳华科软件有限公司", region_id="440305", industry="I", uscc=uscc_for(900, "440305")
    )
    graded(other, "AA", red=True, since=today - dt.timedelta(days=5))
    dept = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    black = EnterpriseFactory(name="安庆劣质建材有限公司", region_id="340802", industry="E")
    BlacklistEntry.objects.create(
        enterprise=black,
        department=dept,
        status="listed",
        grounds="生产销售不合格建材，受到吊销许可证处罚",
        legal_basis="总局令第44号",
        listed_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=1000),
        created_by=RegulatorFactory(role="list_officer", department=dept),
    )
    return {"red": red, "other": other, "black": black}


def test_search_profile_filter_download_and_language(
    live_server: Any, public_data: dict[str, Any], watch: Watch, artifacts: Path
) -> None:
    outside: list[str] = []
    page = watch.page(accept_downloads=True, locale="en-US")
    page.on(
        "request",
        lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url),
    )
    # Two characters from the home page; Chinese first, even for an English browser.
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.get_by_role("searchbox").first.fill("华科")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    page.screenshot(path=str(artifacts / "1-search.png"), full_page=True)

    # Profile of the first result.
    page.get_by_role("link", name="安庆华科电子有限公司").click()
    page.wait_for_url(f"**/firms/{public_data['red'].uscc}/")
    assert page.locator("h1").inner_text() == "安庆华科电子有限公司"
    assert page.locator(".grade-badge").inner_text() == "AA"
    page.screenshot(path=str(artifacts / "2-profile.png"), full_page=True)

    # Red list filtered by province through the region cascade (script submits the form).
    page.goto(live_server.url + "/red-list/")
    assert page.locator("main table tbody tr").count() == 2
    page.select_option("#f-region-province", "440000")
    page.wait_for_url("**/red-list/?*region=440000*")
    assert page.locator("#f-region-city").count() == 1  # the next level appeared
    body = page.locator("main table tbody").inner_text()
    assert "深圳华科软件有限公司" in body
    assert "安庆华科电子有限公司" not in body
    page.screenshot(path=str(artifacts / "3-red-list-filtered.png"), full_page=True)

    # CSV download of the filtered list.
    with page.expect_download() as info:
        page.locator("main a[download]").click()
    download = info.value
    target = artifacts / download.suggested_filename
    download.save_as(target)
    text = target.read_text(encoding="utf-8-sig")
    assert public_data["other"].uscc in text
    assert public_data["red"].uscc not in text

    # Switch to English and back on the blacklist page.
    page.goto(live_server.url + "/blacklist/")
    assert "安庆劣质建材有限公司" in page.locator("main").inner_text()
    page.get_by_role("link", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text().startswith("Blacklist")
    page.screenshot(path=str(artifacts / "4-blacklist-en.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(artifacts / "5-blacklist-mobile.png"), full_page=True)
    assert outside == []  # nothing loaded from the internet
    watch.assert_clean()
