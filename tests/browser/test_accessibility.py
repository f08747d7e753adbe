"""axe-core (tests/browser/vendor/, for the tests only) finds no serious or critical violation
on the API docs, in both languages and with an operation open, tried out and the Authorize
dialog shown; nor on the public pages, a firm's page and a console page."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from enterprises.intake_examples import intake_example
from tests.browser.axe import assert_accessible
from tests.browser.language import assert_chinese, assert_english
from tests.browser.site import Site, site_cookies
from tests.browser.watch import Watch

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
HEADINGS = {"zh-hans": "接口文档", "en": "API documentation"}


def _in(page: Any, url: str, lang: str, side: str = "public", site: Site | None = None) -> None:
    page.context.clear_cookies()
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": url}]
    if site is not None:
        cookies += site_cookies(site, side, url)
    page.context.add_cookies(cookies)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_the_api_docs_pass_axe_open_tried_and_authorizing(
    live_server: Any, watch: Watch, lang: str
) -> None:
    url = live_server.url
    page = watch.page()
    _in(page, url, lang)
    page.goto(f"{url}/api/docs/")
    page.locator(".opblock").first.wait_for()
    # The page speaks the request's language; the reference inside it says it is English.
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("header.api-docs h1").inner_text() == HEADINGS[lang]
    # Swagger UI's own <h1> title is demoted to level 2 (playwright's roles read the tag first).
    assert page.locator("h1:not([aria-level='2'])").all_inner_texts() == [HEADINGS[lang]]
    assert page.locator("#swagger-ui").get_attribute("lang") == "en"
    (assert_chinese if lang == "zh-hans" else assert_english)(page)
    assert_accessible(page)

    # An intake operation open and tried out: its request example is the body offered.
    operation = page.locator(".opblock", has_text="/api/v1/inspections/").first
    operation.locator(".opblock-summary-control").click()
    operation.get_by_role("button", name="Try it out").click()
    body = operation.locator("textarea.body-param__text")
    assert intake_example("inspections")["source_ref"] in body.input_value()
    assert_accessible(page)

    # Authorize offers both ways in: the department token (bearer) and the session.
    page.locator(".scheme-container button.authorize").click()
    dialog = page.locator(".modal-ux")
    dialog.wait_for()
    text = dialog.inner_text()
    assert "departmentToken" in text
    assert "Bearer" in text
    assert "regulatorSession" in text
    assert_accessible(page)
    watch.assert_clean()


PUBLIC = (
    "disclosure:home",
    "disclosure:search",
    "disclosure:profile",
    "disclosure:red_list",
    "disclosure:blacklist",
    "disclosure:statistics",
    "disclosure:grading",
)


def test_the_public_pages_a_firm_page_and_a_console_page_pass_axe(
    live_server: Any, site: Site, watch: Watch
) -> None:
    url = live_server.url
    page = watch.page()
    for lang in ("zh-hans", "en"):
        _in(page, url, lang)
        for name in PUBLIC:
            kwargs = {"uscc": site.firm.uscc} if name == "disclosure:profile" else {}
            query = "?q=%E5%AE%89%E5%BA%86" if name == "disclosure:search" else ""
            page.goto(url + reverse(name, kwargs=kwargs) + query)
            assert_accessible(page)
        _in(page, url, lang, "firm", site)
        page.goto(url + reverse("selfservice:dashboard"))
        assert page.locator("main h1").inner_text() == site.firm.name
        assert_accessible(page)
        _in(page, url, lang, "console", site)
        page.goto(url + reverse("console:file_detail", kwargs={"uscc": site.firm.uscc}))
        assert site.firm.name in page.locator("main h1").inner_text()
        assert_accessible(page)
    watch.assert_clean()
