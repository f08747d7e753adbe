"""The abnormal-operations list (经营异常名录) end to end in a real browser: a list officer
lists a firm, the public profile shows it, the firm asks for removal with a statement and an
evidence file, the officer removes it from the work queue, and the profile no longer shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.language import assert_chinese, assert_english
from tests.browser.watch import Watch, assert_focus_visible, at_both_widths
from tests.factories import (
    DepartmentFactory,
    EnterpriseFactory,
    EnterpriseUserFactory,
    RegulatorFactory,
)

# The live server sees committed data; serialized rollback restores what migrations loaded.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FIRM = "安庆异常名录测试有限公司"
FACTS = "2026年9月3日、9月10日两次实地核查，登记住所无人办公"
STATEMENT = "已迁回登记住所办公，附新租赁合同"
# The smallest file the upload check accepts as a PDF (it reads the magic bytes).
EVIDENCE = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def cast(live_server: Any) -> dict[str, Any]:
    dept = DepartmentFactory(code="aq-amr", jurisdiction="3408")
    RegulatorFactory(
        username="officer-zhao", role="list_officer", jurisdiction="3408", department=dept
    )
    firm = EnterpriseFactory(name=FIRM, region_id="340802")
    EnterpriseUserFactory(username="firm-zhou", enterprise=firm)
    return {"firm": firm, "dept": dept}


def sign_in(page: Any, url: str, username: str, then: str) -> None:
    page.goto(f"{url}/accounts/login/?next={then}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-for-tests-1")
    page.locator("form.login button[type=submit]").click()
    page.wait_for_url(f"**{then}")


def english(page: Any, url: str) -> None:
    """The same page in English, as the language switch leaves it."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url}])
    page.reload()


def test_listing_removal_request_and_removal(
    live_server: Any, cast: dict[str, Any], watch: Watch, artifacts: Path
) -> None:
    url, firm = live_server.url, cast["firm"]
    officer = watch.page()
    sign_in(officer, url, "officer-zhao", "/console/abnormal/")
    assert_chinese(officer)
    officer.fill("#id_uscc", firm.uscc)
    officer.select_option("#id_ground", "unreachable")
    officer.fill("#id_facts", FACTS)
    officer.locator("main form.stacked button[type=submit]").click()
    officer.wait_for_url("**/console/abnormal/")
    row = officer.locator("main table tbody tr", has_text=FIRM)
    assert row.count() == 1
    assert "通过登记的住所或者经营场所无法联系" in row.inner_text()
    at_both_widths(officer, artifacts / "1-listed.png")

    public = watch.page()
    public.goto(f"{url}/firms/{firm.uscc}/")
    assert public.locator("main table", has_text=cast["dept"].name).count() == 1
    assert_chinese(public)

    firm_page = watch.page()
    sign_in(firm_page, url, "firm-zhou", "/firm/abnormal/")
    assert_chinese(firm_page)
    at_both_widths(firm_page, artifacts / "2-firm-listings.png")
    firm_page.locator("main table a[href*='/removal/']").click()
    firm_page.wait_for_url("**/removal/")
    assert_chinese(firm_page)
    at_both_widths(firm_page, artifacts / "3-removal-form.png")
    assert_focus_visible(firm_page)
    english(firm_page, url)
    assert_english(firm_page, data=(FIRM, FACTS, cast["dept"].name))
    firm_page.context.clear_cookies(name="django_language")
    firm_page.reload()
    firm_page.fill("#id_statement", STATEMENT)
    evidence = artifacts / "lease.pdf"
    evidence.write_bytes(EVIDENCE)
    firm_page.set_input_files("#id_files", str(evidence))
    firm_page.locator("main form.stacked button[type=submit]").click()
    firm_page.wait_for_url("**/firm/abnormal/")
    assert firm_page.locator("ul.messages").count() == 1
    assert "lease.pdf" in firm_page.locator("main table").inner_text()
    firm_page.screenshot(path=str(artifacts / "4-removal-asked.png"), full_page=True)

    # The officer sees the statement and the file on the list page, removes from the queue.
    officer.reload()
    assert "lease.pdf" in officer.locator("main table").inner_text()
    officer.goto(f"{url}/console/")
    # The queue lists the firm; its statement and the decision are on the item's own page.
    officer.locator("ul.queue-items > li", has_text=FIRM).locator("a").first.click()
    officer.wait_for_url("**/console/queues/abnormal_removals/*/**")
    item_page = officer.url
    assert STATEMENT in officer.locator("main").inner_text()
    assert_chinese(officer)
    at_both_widths(officer, artifacts / "5-queue.png")
    names = (FIRM, FACTS, STATEMENT, cast["dept"].name)
    english(officer, url)
    assert_english(officer, data=names)
    officer.screenshot(path=str(artifacts / "5-queue-en.png"), full_page=True)
    officer.goto(f"{url}/console/abnormal/")
    assert_english(officer, data=names)
    officer.context.clear_cookies(name="django_language")
    officer.goto(item_page)
    officer.locator("form[action*='/removed/'] button[type=submit]").click()
    officer.wait_for_url("**/console/queues/abnormal_removals/")  # back to the queue it came from
    assert officer.locator("ul.messages").count() == 1
    assert officer.locator("ul.queue-items > li", has_text=FIRM).count() == 0
    officer.goto(f"{url}/console/abnormal/")
    assert officer.locator("main table tbody tr", has_text=FIRM).count() == 0
    officer.goto(f"{url}/console/firms/{firm.uscc}/timeline/")
    assert_chinese(officer)
    badges = officer.locator("ol.timeline .badge").all_inner_texts()
    assert badges == ["经营异常名录", "经营异常名录"]  # removed, then listed: newest first
    at_both_widths(officer, artifacts / "6-timeline.png")

    public.reload()
    assert public.locator("main table", has_text=cast["dept"].name).count() == 0
    assert "未列入经营异常名录" in public.locator("main").inner_text()

    # The firm's page in English, then narrow: every string translated, nothing cut off.
    firm_page.get_by_role("link", name="English").click()
    firm_page.wait_for_load_state()
    assert_english(firm_page, data=names)
    at_both_widths(firm_page, artifacts / "7-firm-en.png")
    watch.assert_clean()
