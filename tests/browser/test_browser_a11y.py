"""axe-core finds no WCAG 2.2 AA violation on any page type, in light and in dark mode.

axe-core 4.14.1 is vendored from the npm registry (`npm pack axe-core`): vendor/axe.min.js, under the
Mozilla Public License 2.0 (vendor/LICENSE, vendor/LICENSE-3RD-PARTY.txt).

How axe gets into the page: the pages' Content-Security-Policy (script-src 'self') rightly refuses an
injected inline script, and we do not want to switch CSP off (bypass_csp) because the CSP is part of
what is under test. So the page is served over http and Playwright answers one extra same-origin URL,
/__axe__/axe.min.js, with the vendored file (page.route); a <script src> for it is then 'self' and
allowed. Nothing is added to the built site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import PAGE_TYPES, Site

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_PATH = "__axe__/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + " — " + n.failureSummary.replace(/\\s+/g, " "))
  }));
}"""


def with_axe(page: object, site: Site) -> None:
    source = AXE.read_text(encoding="utf-8")
    page.route(site.http_base + AXE_PATH,
               lambda route: route.fulfill(status=200, content_type="text/javascript", body=source))


def check(page: object, site: Site, path: str, scheme_label: str) -> list[str]:
    page.goto(site.url("http", path))
    # Open every disclosure so the text inside is checked too (contrast, names).
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.add_script_tag(url=site.http_base + AXE_PATH)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    return [f"[{scheme_label}] {path}: {v['id']} ({v['impact']}): {v['help']}\n      "
            + "\n      ".join(v["nodes"][:8]) for v in violations]


def test_axe_is_vendored_with_its_licence() -> None:
    assert AXE.is_file() and AXE.read_bytes().startswith(b"/*! axe v4."), "tests/browser/vendor/axe.min.js"
    assert "Mozilla Public License" in (AXE.parent / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_axe_violations(page: object, site: Site, kind: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    with_axe(page, site)
    found = check(page, site, site.sample(kind), scheme)
    assert page.evaluate("() => typeof axe") == "object", "axe did not load into the page"
    assert not found, "axe-core violations:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_with_search_popup_open(page: object, site: Site, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    with_axe(page, site)
    page.goto(site.url("http", "index.html"))
    page.fill("#search-box", "China")
    page.wait_for_selector("#search-popup:not([hidden]) a", timeout=5000)
    page.add_script_tag(url=site.http_base + AXE_PATH)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, "axe-core violations with the search popup open:\n" + "\n".join(
        f"  {v['id']}: {v['help']}: {v['nodes'][:5]}" for v in violations)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_search_results(page: object, site: Site, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    with_axe(page, site)
    page.goto(site.url("http", "search/index.html?q=China"))
    page.wait_for_selector("#search-results li a mark", timeout=8000)
    page.add_script_tag(url=site.http_base + AXE_PATH)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, "axe-core violations on the search results:\n" + "\n".join(
        f"  {v['id']}: {v['help']}: {v['nodes'][:5]}" for v in violations)
