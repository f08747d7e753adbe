"""The walks' watch reports what it must: were it blind, every walk would pass for nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.watch import Watch, assert_fits

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_it_reports_an_inline_style_a_script_error_and_a_page_too_wide(
    live_server: Any, watch: Watch
) -> None:
    page = watch.page(viewport={"width": 390, "height": 844})
    page.goto(live_server.url + "/")
    assert_fits(page)
    watch.assert_clean()
    # What a careless template would do: an inline style, a broken script, a fixed width.
    page.evaluate("""() => {
        const style = document.createElement("style");
        style.textContent = "main { color: red; }";
        document.head.appendChild(style);
        setTimeout(() => { throw new Error("broken script"); });
        document.querySelector("main").append(Object.assign(document.createElement("img"),
            { width: 900, height: 10, src: "data:image/gif;base64,R0lGODlhAQABAAAAACw=" }));
    }""")
    page.wait_for_timeout(200)
    assert any(p.startswith("CSP: style-src-elem blocked inline") for p in watch.problems)
    assert any("broken script" in p for p in watch.problems)
    with pytest.raises(AssertionError, match="wider than 390 px"):
        assert_fits(page)
    with pytest.raises(AssertionError):
        watch.assert_clean()
