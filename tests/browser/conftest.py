"""Shared set-up of the browser tests: Debian chromium driven by playwright (no browser is
ever downloaded). Without chromium the tests skip, except where CI sets REQUIRE_BROWSER."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.browser.site import Site, site_build
from tests.browser.watch import Watch

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "browser-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip("Debian chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """A fresh folder for this test's screenshots and downloads, kept after the run."""
    folder = ARTIFACTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def watch(browser: Any) -> Watch:
    return Watch(browser)


@pytest.fixture
def site(live_server: Any) -> Site:
    """The demo-like portal of the walk over every page (and of the axe checks).

    Ask for it before `watch`: built before the browser starts, as playwright's event loop
    refuses the ORM in its thread."""
    return site_build()
