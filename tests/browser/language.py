"""One language per page in the browser: a Chinese page shows none of the catalogue's English
texts, an English page no Chinese beyond its data (names, departments, facts) and the glosses in
parentheses that the English texts keep on purpose, such as "interview (约谈)". The text checks
themselves are tests.language, which the API and page walks share."""

from __future__ import annotations

from typing import Any

from tests.language import GLOSS, HAN, chinese_leaks, english_leaks

# Elements whose whole text is a lowercase word or snake_case code: a stored code shown as is
# (a badge saying "abnormal", a factor "report_published"). Code samples are exempt.
BARE_CODES = """
() => [...document.body.querySelectorAll("*")]
  .filter((el) => el.children.length === 0
    && !el.closest("code, pre, script, style, body [lang], [translate=no]"))
  .map((el) => el.textContent.trim())
  .filter((text) => /^[a-z][a-z_]*$/.test(text))
"""


def assert_chinese(page: Any) -> None:
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    text = page.locator("body").inner_text()
    # Text marked with another language (the API reference, lang="en") is not the page's.
    for other in page.locator("body [lang]:not([lang^=zh])").all_inner_texts():
        text = text.replace(other, "")
    leaked = english_leaks(text)
    assert leaked == [], f"English on the Chinese page {page.url}: {leaked}"
    codes = page.evaluate(BARE_CODES)
    assert codes == [], f"codes shown as they are stored on {page.url}: {codes}"


def assert_english(page: Any, *, data: tuple[str, ...] | None = None) -> None:
    """No text of the Chinese catalogue; with data (every Chinese value the page may show),
    no Chinese at all beyond it, so a Chinese text typed into a template fails too."""
    assert page.locator("html").get_attribute("lang") == "en"
    text = page.locator("body").inner_text()
    # Text marked with its own language (the switch to Chinese, a Chinese legal text, a message
    # written in Chinese) is not the page's language.
    marked = tuple(page.locator("body [lang]:not([lang=en])").all_inner_texts())
    for other in marked:
        text = text.replace(other, "")
    leaked = chinese_leaks(text)
    assert leaked == [], f"Chinese texts on the English page {page.url}: {leaked}"
    if data is None:
        return
    # Text marked with its own language (the switch to Chinese) is not the page's language.
    marked = tuple(page.locator("body [lang]").all_inner_texts())
    for value in sorted(data + marked, key=len, reverse=True):
        text = text.replace(value, "")
    left = [line for line in GLOSS.sub("", text).splitlines() if HAN.search(line)]
    assert left == [], f"Chinese on the English page {page.url}: {left}"
