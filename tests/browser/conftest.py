"""A real headless Chromium (the system's) driven by Playwright, and the explorer served to it.

Without a browser (or Playwright) the browser tests are skipped, saying why; when the
environment variable CI is set they fail instead: CI must run them (.ci/run installs
Chromium when it is missing).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.terminal import TerminalPage
from tests.served import Served, serve

#: Where to look for the browser: $MSS_EXPLORER_CHROMIUM, else these on PATH.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome")
#: As the machine's notes say: no background connections (this machine's network is closed).
BROWSER_ARGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]
#: The page's size: 1280x800 CSS pixels, a laptop's browser window.
VIEWPORT = {"width": 1280, "height": 800}


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser tests must run; .ci/run installs Chromium)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("MSS_EXPLORER_CHROMIUM") or next(filter(None, map(shutil.which, BROWSER_NAMES)), None)
    if not path or not os.access(path, os.X_OK):
        _unavailable("no Chromium installed (apt-get install chromium, or set MSS_EXPLORER_CHROMIUM)")
    return path


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=BROWSER_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    """The explorer served on a free loopback port, notes in the test's folder; stopped
    at the end whatever happened (see tests/served.py)."""
    with serve(notes=tmp_path / "notes.toml") as running:
        yield running


@pytest.fixture
def terminal(browser, served: Served) -> Iterator[TerminalPage]:
    """A new browser tab on the served page, the explorer drawn in it."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        # For `y` (copy): the page is on 127.0.0.1, a secure context, so it may write
        # to the clipboard once allowed.
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served.url)
        page = context.new_page()
        yield TerminalPage.open(page, served.url)
    finally:
        context.close()
