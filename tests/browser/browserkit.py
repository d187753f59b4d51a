"""Shared helpers of the browser tests: the built site, its page types, and a page-problem recorder."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SCHEMES = ("file", "http")

# Every kind of page the site has, by its path pattern; each must exist in the built site.
PAGE_TYPES = {
    "home": "index.html",
    "timeline-month": "timeline/*/*/index.html",
    "articles": "articles/index.html",
    "article": "articles/*/index.html",
    "month": "archive/*/*/index.html",
    "people": "people/index.html",
    "person": "people/*/index.html",
    "outlets": "outlets/index.html",
    "outlet": "outlets/*/index.html",
    "topics": "topics/index.html",
    "topic": "topics/*/index.html",
    "who-met-whom": "who-met-whom/index.html",
    "about": "about/index.html",
    "search": "search/index.html",
    "404": "404.html",
}


def articles_dir() -> Path:
    """The records to build: the repo's articles/ (ARCHIVE_TEST_ARTICLES may point elsewhere)."""
    return Path(os.environ.get("ARCHIVE_TEST_ARTICLES") or ROOT / "articles")


def build_site(output: Path) -> Path:
    """Build the site from the records with the project's own command line; fail loudly if it cannot."""
    records = articles_dir()
    if not records.is_dir() or not any(records.glob("*.md")):
        pytest.fail(f"{records}: no records to build the site from; the browser tests need the curated "
                    "articles/ folder (run 'build_site.py ingest' to create it)", pytrace=False)
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "build_site.py"), "build", "--articles", str(records),
         "--output", str(output), "--quiet"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    if done.returncode != 0:
        pytest.fail(f"the site did not build (exit {done.returncode}):\n{done.stdout}\n{done.stderr}",
                    pytrace=False)
    return output


@dataclass(frozen=True)
class Site:
    root: Path
    http_base: str  # "http://127.0.0.1:PORT/"

    @property
    def file_base(self) -> str:
        return self.root.as_uri() + "/"

    def base(self, scheme: str) -> str:
        return self.http_base if scheme == "http" else self.file_base

    def url(self, scheme: str, path: str) -> str:
        return self.base(scheme) + path

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def pages_of(self, kind: str) -> list[str]:
        pattern = PAGE_TYPES[kind]
        return [p for p in self.pages() if Path(p).match(pattern) and p.count("/") == pattern.count("/")]

    def sample(self, kind: str) -> str:
        """The page of this type with the most content: the hardest case for layout and budgets."""
        pages = self.pages_of(kind)
        if not pages:
            pytest.fail(f"the built site has no {kind} page ({PAGE_TYPES[kind]})", pytrace=False)
        return max(pages, key=lambda p: ((self.root / p).stat().st_size, p))

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in {"data", "about", "blob"}:
            return True
        if parts.scheme == "file":
            return True
        return parts.scheme == "http" and url.startswith(self.http_base)

    def path_of(self, url: str) -> Path | None:
        """The built file a local URL names (None for other hosts)."""
        bare = url.split("#", 1)[0].split("?", 1)[0]
        for base in (self.http_base, self.file_base):
            if bare.startswith(base):
                return self.root / unquote(bare[len(base):])
        return None


@dataclass
class Watch:
    """What went wrong while a page loaded: console errors, CSP reports, failed and foreign requests."""

    site: Site
    console_errors: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    loaded: list[tuple[str, str, int]] = field(default_factory=list)  # (url, resource type, bytes)
    pending: set[object] = field(default_factory=set)

    def attach(self, page: object) -> None:
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("requestfailed", self.on_failed)
        page.on("request", self.on_request)
        page.on("requestfinished", self.on_finished)
        page.on("response", self.on_response)

    def on_console(self, message: object) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp.append(text)
        if message.type == "error":
            self.console_errors.append(f"{text} ({message.location.get('url', '')})")

    def on_request(self, request: object) -> None:
        self.pending.add(request)
        if not self.site.is_local(request.url):
            self.foreign.append(request.url)

    def on_failed(self, request: object) -> None:
        self.pending.discard(request)
        if request.failure == "net::ERR_ABORTED" and request.url.endswith("/favicon.svg"):
            # Chromium asks for the icon after `load`; going on to the next page cancels that request.
            # The link check proves the icon's file exists, and a missing one would answer HTTP 404.
            return
        self.failed.append(f"{request.url}: {request.failure}")

    def on_response(self, response: object) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status}")

    def on_finished(self, request: object) -> None:
        self.pending.discard(request)
        path = self.site.path_of(request.url)
        size = path.stat().st_size if path is not None and path.is_file() else 0
        self.loaded.append((request.url, request.resource_type, size))

    def settle(self, page: object, timeout_ms: int = 5000) -> None:
        """Wait for the requests still under way (the favicon comes after `load`) so none is cut off."""
        waited = 0
        while self.pending and waited < timeout_ms:
            page.wait_for_timeout(25)
            waited += 25
        for request in self.pending:
            self.failed.append(f"{request.url}: still loading after {timeout_ms} ms")
        self.pending.clear()

    def clear(self) -> None:
        for name in ("console_errors", "csp", "page_errors", "failed", "foreign", "loaded"):
            getattr(self, name).clear()

    def problems(self) -> list[str]:
        return ([f"console error: {m}" for m in self.console_errors]
                + [f"CSP: {m}" for m in self.csp]
                + [f"uncaught exception: {m}" for m in self.page_errors]
                + [f"failed request: {m}" for m in self.failed]
                + [f"request to another host: {m}" for m in self.foreign])
