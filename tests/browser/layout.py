"""Layout checks of the walk over every page, each returning what is wrong (empty: fine)."""

from __future__ import annotations

from typing import Any

# The page scrolls sideways: the document is wider than the window.
OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"

# The outermost elements reaching past the window's right edge: where to look.
WIDE_ELEMENTS = """
() => {
  const width = window.innerWidth;
  const past = (el) => el.getBoundingClientRect().right > width + 1;
  return [...document.body.querySelectorAll("*")]
    .filter((el) => past(el) && !past(el.parentElement))
    .map((el) => `${el.tagName.toLowerCase()}.${el.className}`
      + ` in ${el.parentElement.tagName.toLowerCase()}.${el.parentElement.className}`)
    .slice(0, 4);
}
"""

# The site header's parts (brand, navigation, session) and every navigation item on one row:
# they share a top edge, give or take the few pixels of their different line heights.
HEADER = """
() => {
  const header = document.querySelector("header.site");
  if (!header) return [];
  const wrong = [];
  const parts = [...header.children].filter((el) => el.offsetParent !== null);
  const row = parts[0].getBoundingClientRect();
  for (const el of parts.slice(1)) {
    const box = el.getBoundingClientRect();
    if (box.top >= row.bottom || box.bottom <= row.top) {
      wrong.push(`${el.tagName.toLowerCase()}.${el.className} below the first row`);
    }
  }
  const tops = new Set([...header.querySelectorAll("nav li")].map((li) => li.offsetTop));
  if (tops.size > 1) wrong.push(`navigation on ${tops.size} rows`);
  return wrong;
}
"""

# Dates (2026-12-01, and 2026-12-01 10:30) laid out over more than one line: a range over each
# date's text with boxes on two different rows was broken, at a hyphen or elsewhere.
DATES = """
() => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const pattern = /\\d{4}-\\d{2}-\\d{2}/g;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("script, style, textarea, [hidden]")) continue;
    for (const m of node.data.matchAll(pattern)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const boxes = [...range.getClientRects()].filter((r) => r.width > 0);
      const tops = new Set(boxes.map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(`${m[0]} in ${node.parentElement.tagName.toLowerCase()}`);
    }
  }
  return broken.slice(0, 5);
}
"""

# Every <time> element drawn on one line box (white-space: nowrap in portal.css).
TIMES = """
() => [...document.querySelectorAll("time")]
  .filter((el) => el.getClientRects().length > 1)
  .map((el) => el.textContent.trim()).slice(0, 5)
"""


def layout_problems(page: Any, *, width: int) -> list[str]:
    problems = []
    scroll, inner = page.evaluate(OVERFLOW)
    if scroll > inner:
        problems.append(f"{scroll} px wide in a {inner} px window: {page.evaluate(WIDE_ELEMENTS)}")
    if width >= 1280:
        problems.extend(page.evaluate(HEADER))
    problems.extend(f"date broken: {d}" for d in page.evaluate(DATES))
    problems.extend(f"<time> on two lines: {t}" for t in page.evaluate(TIMES))
    return problems
