"""A browser pass over every page (issue #20, item 8): the public site, the firm side and the
console on a demo-like portal, 390 px and 1,280 px wide, in Chinese and in English. Each page
answers 200, never scrolls sideways, keeps the header on one row at 1,280 px, never breaks a date
over two lines and speaks one language; under the strict CSP, with no script error and nothing
from the internet. A full-page screenshot of each is kept in BROWSER_ARTEFACTS (default
var/screenshots/), named page-width-lang.png.

One browser for the pass and one context per width and language, signed in on each side in turn,
so the pass stays well under two minutes on two cores."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import get_resolver

from tests.browser.language import assert_chinese, assert_english
from tests.browser.layout import layout_problems
from tests.browser.pages import NAMESPACES, NOT_PAGES, PAGES, Page
from tests.browser.site import Site, site_cookies
from tests.browser.watch import Watch

ARTEFACTS = Path(
    os.environ.get("BROWSER_ARTEFACTS", "") or Path(settings.BASE_DIR) / "var" / "screenshots"
)
WIDTHS = (390, 1280)
LANGUAGES = ("zh-hans", "en")
SIDES = ("public", "firm", "console")


def _url_names() -> set[str]:
    resolver = get_resolver()
    names = set()
    for namespace in NAMESPACES:
        _prefix, inner = resolver.namespace_dict[namespace]
        names |= {f"{namespace}:{key}" for key in inner.reverse_dict if isinstance(key, str)}
    return names


def test_every_url_name_is_walked_or_said_to_be_no_page() -> None:
    walked = {page.name for page in PAGES if ":" in page.name}  # the API docs: no namespace
    assert len({page.name for page in PAGES}) == len(PAGES), "a page listed twice"
    assert walked.isdisjoint(NOT_PAGES)
    assert _url_names() == walked | set(NOT_PAGES)


def _visit(page: Any, url: str, target: Page, site: Site, width: int, lang: str) -> list[str]:
    path = target.path(site)
    response = page.goto(url + path)
    if response is None or response.status != 200:
        return [f"answered {response.status if response else 'nothing'}"]
    if urlsplit(page.url).path != urlsplit(path).path:
        return [f"sent on to {page.url}"]  # a sign-in page would be a walk of nothing
    if target.ready:
        page.locator(target.ready).first.wait_for()
    problems = layout_problems(page, width=width)
    try:
        if lang == "en":
            assert_english(page)
        else:
            assert_chinese(page)
    except AssertionError as error:
        problems.append(str(error).splitlines()[0])
    page.screenshot(path=str(ARTEFACTS / f"{target.slug}-{width}-{lang}.png"), full_page=True)
    return problems


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_at_both_widths_in_both_languages(
    live_server: Any, site: Site, watch: Watch
) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    url = live_server.url
    found: list[str] = []
    for lang in LANGUAGES:
        for width in WIDTHS:
            page = watch.page(viewport={"width": width, "height": 900})
            for side in SIDES:
                page.context.clear_cookies()
                page.context.add_cookies(
                    [
                        {"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": url},
                        *site_cookies(site, side, url),
                    ]
                )
                for target in (p for p in PAGES if p.side == side):
                    found += [
                        f"{target.name} {width} {lang}: {problem}"
                        for problem in _visit(page, url, target, site, width, lang)
                    ]
            page.context.close()
    # The whole list, for a person fixing the pages: the assertion shows only its start.
    (ARTEFACTS / "problems.txt").write_text("\n".join(found), encoding="utf-8")
    assert found == [], "\n".join(found)
    watch.assert_clean()
