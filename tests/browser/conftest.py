"""Browser tests: Debian's Chromium driven by Playwright for Python, over file:// and http://127.0.0.1.

One browser per session, one built site per session (from the repo's articles/ folder) and one
http.server on a random free port for it. Outside CI the tests skip when Playwright or Chromium is
missing; in CI (CI=true) they fail instead, because skipped browser tests do not count as passing.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from browserkit import ARTIFACTS, CHROMIUM_ARGS, Site, Watch, build_site
from needs import unavailable


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives Chromium with Playwright (tests/browser)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


# ---------------------------------------------------------------- the site and its server


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # the test output stays readable
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = build_site(tmp_path_factory.mktemp("site") / "output")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ---------------------------------------------------------------- the browser


def chromium_path() -> str | None:
    """$CHROMIUM if set (and only it), else Debian's chromium."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"] if Path(os.environ["CHROMIUM"]).is_file() else None
    for candidate in (shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed", "pip install -e '.[test]'")
    executable = chromium_path()
    if executable is None:
        unavailable("Chromium is not installed", "apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser: object) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: object) -> Iterator[object]:
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    tab.close()


@pytest.fixture
def watch(page: object, site: Site) -> Watch:
    """Records everything that goes wrong on `page` from now on."""
    recorder = Watch(site)
    recorder.attach(page)
    return recorder


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
