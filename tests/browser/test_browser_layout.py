"""Layout at 375 px (a phone) and 1280 px (a laptop), light and dark: no page scrolls sideways.
A full-page screenshot of each page type goes to test-artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from browserkit import PAGE_TYPES, Site

WIDTHS = (375, 1280)

# Elements sticking out to the right of the viewport, unless a scrolling box (a wide table) holds them.
OVERFLOW = """() => {
  const out = [];
  const inScroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip") return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    const loose = ["absolute", "fixed"].includes(getComputedStyle(el).position);
    if (r.width && r.right > document.documentElement.clientWidth + 1 && (loose || !inScroller(el))) {
      out.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? "." + el.className : "")
               + " right=" + Math.round(r.right));
    }
  }
  return out.slice(0, 10);
}"""


@pytest.mark.parametrize("color", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_no_horizontal_scrolling(browser: object, site: Site, artifacts: Path, kind: str, width: int,
                                 color: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=color)
    try:
        page = context.new_page()
        page.goto(site.url("http", site.sample(kind)))
        page.screenshot(path=str(artifacts / f"{kind}-{width}-{color}.png"), full_page=True)
        clipped = page.evaluate("""() => [getComputedStyle(document.documentElement).overflowX,
                                         getComputedStyle(document.body).overflowX]""")
        assert not {"hidden", "clip"} & set(clipped), "overflow-x hidden on html/body would hide the problem"
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll <= client, (f"{site.sample(kind)} at {width}px scrolls sideways "
                                  f"({scroll}px > {client}px): {page.evaluate(OVERFLOW)}")
    finally:
        context.close()


@pytest.mark.parametrize("color", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_search_popup_and_results_fit(browser: object, site: Site, artifacts: Path, width: int, color: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=color)
    try:
        page = context.new_page()
        page.goto(site.url("http", "index.html"))
        page.locator("#search-box").press_sequentially("China", delay=20)
        page.wait_for_selector("#search-popup:not([hidden]) [role=option]")
        page.screenshot(path=str(artifacts / f"search-popup-{width}-{color}.png"))
        box = page.locator("#search-popup").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"the popup sticks out: {box}"
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"with the popup open the page scrolls sideways ({scroll}px)"
        page.goto(site.url("http", "search/index.html?q=China"))
        page.wait_for_selector("#search-results li a")
        page.screenshot(path=str(artifacts / f"search-results-{width}-{color}.png"), full_page=True)
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width, f"the search results page scrolls sideways ({scroll}px)"
    finally:
        context.close()
