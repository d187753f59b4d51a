"""Every page, over file:// and http://: loads without a console error, a CSP report, a failed request
or a request to another host, and every internal link and #anchor on it resolves."""

from __future__ import annotations

import urllib.error
import urllib.request
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browserkit import PAGE_TYPES, SCHEMES, Site, Watch

# Every URL-bearing attribute a page can carry, resolved by the browser against the page's own URL.
COLLECT_URLS = """() => {
  const found = [];
  const attrs = [["a", "href"], ["area", "href"], ["link", "href"], ["script", "src"], ["img", "src"],
                 ["source", "src"], ["iframe", "src"], ["form", "action"], ["use", "href"]];
  for (const [tag, attr] of attrs) {
    for (const el of document.querySelectorAll(tag + "[" + attr + "]")) {
      const raw = el.getAttribute(attr);
      found.push({tag: tag, raw: raw, url: new URL(raw, document.baseURI).href});
    }
  }
  return found;
}"""


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (tag == "a" and name == "name")):
                self.ids.add(value)


@cache
def ids_in(path: Path) -> frozenset[str]:
    parser = Ids()
    parser.feed(path.read_text(encoding="utf-8"))
    return frozenset(parser.ids)


@cache
def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_site_has_every_page_type(site: Site) -> None:
    missing = [f"{kind} ({pattern})" for kind, pattern in PAGE_TYPES.items() if not site.pages_of(kind)]
    assert not missing, f"the built site lacks these page types: {missing}"


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_loads_cleanly(page: object, watch: Watch, site: Site, scheme: str) -> None:
    problems = {}
    for path in site.pages():
        watch.clear()
        response = page.goto(site.url(scheme, path), wait_until="load")
        watch.settle(page)
        if scheme == "http":
            assert response is not None and response.status == 200, path
        assert page.title().strip(), f"{path} has no title"
        if watch.problems():
            problems[path] = watch.problems()
    assert not problems, "pages with problems:\n" + "\n".join(
        f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items())


def link_problems(site: Site, scheme: str, path: str, links: list[dict[str, str]]) -> list[str]:
    problems = []
    for link in links:
        url, raw = link["url"], link["raw"]
        if url.startswith(("mailto:", "data:")):
            continue
        if not site.is_local(url):
            # Links out of the archive are allowed (they are not requests); loading anything is not.
            if link["tag"] != "a":
                problems.append(f"<{link['tag']}> loads from another host: {raw}")
            continue
        target = site.path_of(url)
        if target is None:
            problems.append(f"{raw} points outside the site ({url})")
            continue
        if not target.is_file():
            hint = " (a folder: link to its index.html)" if target.is_dir() else ""
            problems.append(f"{raw} → {target} is not a file of the site{hint}")
            continue
        if scheme == "http" and http_status(url.split("#", 1)[0]) != 200:
            problems.append(f"{raw} → HTTP {http_status(url.split('#', 1)[0])}")
        fragment = url.partition("#")[2]
        if fragment and target.suffix == ".html" and fragment not in ids_in(target):
            problems.append(f"{raw}: no element with id {fragment!r} in {target.relative_to(site.root)}")
    return problems


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_internal_link_and_anchor_resolves(page: object, site: Site, scheme: str) -> None:
    problems: dict[str, list[str]] = {}
    checked = 0
    for path in site.pages():
        page.goto(site.url(scheme, path), wait_until="domcontentloaded")
        links = page.evaluate(COLLECT_URLS)
        checked += len(links)
        found = link_problems(site, scheme, path, links)
        if found:
            problems[path] = sorted(set(found))
    assert checked > len(site.pages()) * 10, "suspiciously few links: did the pages render?"
    assert not problems, "broken links:\n" + "\n".join(
        f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items())


def test_no_javascript_needed_for_first_render(browser: object, site: Site) -> None:
    """With JavaScript off, every page type still shows its content (the timeline, the article text)."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(site.url("http", "index.html"))
        total = tab.locator(".timeline .contact").count()
        assert total > 0, "the timeline shows no contact without JavaScript"
        assert tab.locator(".timeline .contact").first.is_visible()
        assert tab.locator("#filters").is_hidden(), "filters that need JavaScript are shown without it"
        tab.goto(site.url("http", site.sample("article")))
        assert tab.locator(".article-body p").count() > 2
        assert tab.locator(".article-body p").first.is_visible()
        tab.goto(site.url("http", site.sample("person")))
        assert tab.locator("main h1").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(("kind", "budget"), [("home", 100_000), ("article", 60_000)])
def test_what_the_browser_loads_is_within_budget(page: object, watch: Watch, site: Site, kind: str,
                                                  budget: int) -> None:
    """As loaded, before any interaction: HTML + CSS + JS (+ anything scripts fetch), images aside.
    Catches a script that eagerly pulls in the search index, which the static budget test cannot see."""
    path = site.sample(kind)
    page.goto(site.url("http", path), wait_until="load")
    watch.settle(page)
    counted = [(url, size) for url, rtype, size in watch.loaded if rtype not in {"image", "media"}]
    total = sum(size for _, size in counted)
    assert any(url.endswith(".css") for url, _ in counted) and any(url.endswith(".js") for url, _ in counted)
    assert total <= budget, f"{path} loads {total} bytes > {budget}: {counted}"
