"""axe-core (vendored for the tests only, tests/browser/vendor/) run on a page of a walk."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# What a person using a screen reader or a low-vision reader cannot get past.
BLOCKING = ("serious", "critical")
RUN = """
async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}
"""


@functools.cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The page's serious and critical violations, with up to three elements of each."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol: the page's CSP refuses an added <script>
        # (page.add_script_tag) as inline code, and must stay as strict as it is served.
        page.evaluate(_source())
    return [v for v in page.evaluate(RUN) if v["impact"] in BLOCKING]


def assert_accessible(page: Any) -> None:
    found = axe_violations(page)
    lines = [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in found]
    assert lines == [], f"axe on {page.url}:\n" + "\n".join(lines)
