"""Pages of the browser walks that report what the browser refused or failed to run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Reports every Content-Security-Policy violation to the test, whatever the page's own code;
# playwright injects it through the DevTools protocol, so the policy does not block it.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} `
    + `(${e.sourceFile || location.href}:${e.lineNumber})`);
});
"""


LOCAL = ("http://localhost:", "http://127.0.0.1:", "data:", "blob:", "about:")


class Watch:
    """Pages whose CSP violations, JavaScript errors, console errors and requests to other
    sites are collected.

    Every walk opens its pages here and ends with assert_clean(): one refused style or script,
    one uncaught error or one request off the site fails the walk, naming the page."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.problems: list[str] = []
        self.visited: list[str] = []

    def page(self, **context_options: Any) -> Any:
        context = self.browser.new_context(**context_options)
        context.expose_function("__cspViolation", lambda text: self.problems.append(f"CSP: {text}"))
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.on("console", lambda m: self._console(page, m))
        page.on("pageerror", lambda e: self.problems.append(f"JS error on {page.url}: {e}"))
        page.on("request", lambda r: self._request(page, r.url))
        page.on(
            "framenavigated",
            lambda f: self.visited.append(f.url) if f == page.main_frame else None,
        )
        return page

    def _console(self, page: Any, message: Any) -> None:
        # CSP refusals are console errors too ("Refused to apply inline style …"), as is a
        # failed load of any script, style, image or API answer.
        if message.type == "error" or message.text.startswith("Refused to"):
            self.problems.append(f"console on {page.url}: {message.text}")

    def _request(self, page: Any, url: str) -> None:
        # The live server listens on localhost; nothing may come from anywhere else.
        if not url.startswith(LOCAL):
            self.problems.append(f"request from {page.url} to the outside: {url}")

    def assert_clean(self) -> None:
        assert self.visited, "no page was visited"
        assert self.problems == [], "\n".join(self.problems)


# Elements reaching past the viewport's right edge, outside a container that scrolls them.
OVERFLOW = """
() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if ((x === "auto" || x === "scroll") && p !== document.documentElement) return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.textContent.slice(0, 40)}`)
    .slice(0, 5);
}
"""


def assert_fits(page: Any) -> None:
    """Nothing but a scrolling table wider than the window: no sideways page scroll."""
    wide = page.evaluate(OVERFLOW)
    assert wide == [], f"wider than {page.viewport_size['width']} px on {page.url}: {wide}"


def at_both_widths(page: Any, shot: Path) -> None:
    """The page fits at 1280 px and at 390 px (a phone); a screenshot of each is kept."""
    for width, height, suffix in ((1280, 900, ""), (390, 844, "-390")):
        page.set_viewport_size({"width": width, "height": height})
        assert_fits(page)
        page.screenshot(path=str(shot.with_stem(shot.stem + suffix)), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


FOCUS_RING = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return [el.tagName.toLowerCase(), style.outlineStyle, style.outlineWidth];
}
"""


def assert_focus_visible(page: Any, *, tabs: int = 3) -> None:
    """Tabbing from the top reaches links and controls that show where the focus is."""
    page.locator("body").focus()
    for _ in range(tabs):
        page.keyboard.press("Tab")
        tag, style, width = page.evaluate(FOCUS_RING)
        assert tag != "body", f"nothing takes the focus on {page.url}"
        assert style != "none", f"{tag} shows no focus on {page.url}"
        assert width != "0px", f"{tag} shows no focus on {page.url}"
