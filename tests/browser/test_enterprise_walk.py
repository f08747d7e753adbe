"""The enterprise side in a real browser: sign-up -> report draft -> submit -> the regulator
accepts -> published on the public profile; and signing the integrity commitment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from enterprises.report_sections import SECTION_KEYS
from selfservice.services.invitations import invitation_issue
from tests.browser.watch import Watch
from tests.factories import EnterpriseFactory, RegulatorFactory

PASSWORD = "a-long-Passphrase-2026"


# The live server sees committed data; serialized rollback restores what migrations loaded
# (regions, policies, the commitment text) for the tests after this one.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def setting(live_server: Any) -> dict[str, Any]:
    firm = EnterpriseFactory(name="安庆诚信机械有限公司", legal_representative="周明")
    clerk = RegulatorFactory(role="clerk", jurisdiction="3408")
    grader = RegulatorFactory(username="grader-li", role="grader", jurisdiction="3408")
    _inv, code = invitation_issue(actor=clerk, enterprise=firm)
    return {"firm": firm, "code": code, "grader": grader}


def sign_up(page: Any, url: str, firm: Any, code: str) -> None:
    page.goto(url + "/firm/signup/")
    page.fill("#id_uscc", firm.uscc)
    page.fill("#id_legal_representative", "周明")
    page.fill("#id_code", code)
    page.fill("#id_username", "zhou")
    page.fill("#id_email", "zhou@example.cn")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_again", PASSWORD)
    page.locator("form.login button[type=submit]").click()
    page.wait_for_url("**/firm/")


def test_sign_up_report_review_and_publication(
    live_server: Any, setting: dict[str, Any], watch: Watch, artifacts: Path
) -> None:
    firm, url = setting["firm"], live_server.url
    page = watch.page()
    sign_up(page, url, firm, setting["code"])
    assert page.locator("h1").inner_text() == firm.name
    page.screenshot(path=str(artifacts / "1-dashboard.png"), full_page=True)

    page.goto(url + "/firm/reports/new/")
    page.fill("#id_year", "2025")
    for key in SECTION_KEYS:
        page.fill(f"#id_{key}", f"{key}：本年度质量工作情况。")
    page.locator("button[value=save]").click()
    page.wait_for_url("**/firm/reports/*/")
    assert "草稿" in page.locator("main").inner_text()
    page.locator("button[value=submit]").click()
    page.wait_for_load_state()
    assert "已提交" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts / "2-submitted.png"), full_page=True)

    reviewer = watch.page()
    reviewer.goto(url + "/accounts/login/?next=/console/")
    reviewer.fill("#id_username", "grader-li")
    reviewer.fill("#id_password", "pw-for-tests-1")
    reviewer.locator("form.login button[type=submit]").click()
    reviewer.wait_for_url("**/console/")
    # The queue's item for a report opens its review page.
    reviewer.locator("ul.queue-items > li", has_text=firm.name).locator("a").first.click()
    reviewer.wait_for_url("**/console/reports/**")
    reviewer.check("input[name=decision][value=accept]")
    reviewer.locator("main form button[type=submit]").click()
    reviewer.wait_for_url("**/console/queues/reports/")  # back to the queue it came from
    reviewer.screenshot(path=str(artifacts / "3-reviewed.png"), full_page=True)

    page.reload()
    page.locator("button[value=publish]").click()
    page.wait_for_load_state()
    page.goto(url + f"/firms/{firm.uscc}/")
    link = page.locator(f"a[href='/firms/{firm.uscc}/reports/2025/']")
    assert link.count() == 1
    link.click()
    page.wait_for_url("**/reports/2025/")
    assert "本年度质量工作情况" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts / "4-published-report.png"), full_page=True)
    # The print view is what "Save as PDF" in any browser produces; keep one as an artefact.
    page.emulate_media(media="print")
    page.pdf(path=str(artifacts / "report.pdf"), format="A4")
    assert (artifacts / "report.pdf").read_bytes().startswith(b"%PDF")


def test_signing_the_integrity_commitment(
    live_server: Any, setting: dict[str, Any], watch: Watch, artifacts: Path
) -> None:
    firm, url = setting["firm"], live_server.url
    page = watch.page()
    sign_up(page, url, firm, setting["code"])
    page.goto(url + "/firm/commitment/")
    page.fill("#id_signatory", "周明")
    page.check("#id_agree")
    page.locator("main form.stacked button[type=submit]").click()
    page.wait_for_load_state()
    assert "周明" in page.locator("main table").inner_text()
    page.screenshot(path=str(artifacts / "1-signed.png"), full_page=True)
    page.goto(url + f"/firms/{firm.uscc}/")
    assert "周明" in page.locator("main").inner_text()
