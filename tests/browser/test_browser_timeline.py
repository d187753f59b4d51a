"""The timeline and the person pages show the contacts in data/contacts.json; the filters, the chart and
the page furniture work from the keyboard."""

from __future__ import annotations

import json
import shutil
from collections import Counter

import pytest
from browserkit import ROOT, SCHEMES, Site, articles_dir

from archive.build import Inputs, build
from archive.config import DATA_DIR, SiteConfig

CARDS = """() => Array.from(document.querySelectorAll('.timeline .contact')).map(c => ({
  id: c.id, mode: c.dataset.mode, status: c.dataset.status, people: c.dataset.people,
  date: (c.querySelector('.contact-when time') || {}).dateTime || null,
  text: c.innerText, visible: c.offsetParent !== null,
  links: Array.from(c.querySelectorAll('.side a')).map(a => [a.textContent.trim(), a.getAttribute('href')])
}))"""


def contacts(site: Site) -> list[dict]:
    found = json.loads((site.root / "data" / "contacts.json").read_text(encoding="utf-8"))["contacts"]
    assert found, "data/contacts.json lists no contact: the timeline tests need some"
    return found


def names(contact: dict) -> list[str]:
    return [p["name"] for p in contact["participants"]]


def tab_to(page: object, selector: str, limit: int = 250) -> None:
    """Press Tab until the element matching `selector` has the focus: proves it is reachable by keyboard."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} cannot be reached with the Tab key ({limit} presses)")


@pytest.mark.parametrize("scheme", SCHEMES)
def test_timeline_shows_every_contact(page: object, site: Site, scheme: str) -> None:
    page.goto(site.url(scheme, "index.html"))
    cards = {card["id"]: card for card in page.evaluate(CARDS)}
    expected = {c["id"]: c for c in contacts(site)}
    assert set(cards) == set(expected), (
        f"missing from the timeline: {sorted(set(expected) - set(cards))}; "
        f"not in contacts.json: {sorted(set(cards) - set(expected))}")
    for cid, contact in expected.items():
        card = cards[cid]
        assert card["visible"], f"{cid} is not shown"
        assert card["mode"] == contact["mode"] and card["status"] == contact["status"], cid
        assert card["date"] == contact["date"], f"{cid}: <time datetime> {card['date']} ≠ {contact['date']}"
        assert contact["summary"] in card["text"], f"{cid}: summary not shown"
        for name in names(contact):
            assert name in [n for n, _ in card["links"]], f"{cid}: {name} is not named with a link"
        if contact.get("place"):
            assert contact["place"] in card["text"], f"{cid}: place not shown"


def test_person_pages_show_their_contacts(page: object, site: Site) -> None:
    page.goto(site.url("http", "index.html"))
    person_urls = {name: href for card in page.evaluate(CARDS) for name, href in card["links"]}
    assert person_urls, "the timeline links no participant to a person page"
    by_person = {name: [c for c in contacts(site) if name in names(c)] for name in person_urls}
    for name, href in sorted(person_urls.items()):
        page.goto(site.url("http", href))
        assert page.locator("main h1").inner_text().strip() == name
        cards = page.evaluate(CARDS)
        shown = Counter((card["date"], card["mode"]) for card in cards)
        wanted = Counter((c["date"], c["mode"]) for c in by_person[name])
        assert shown == wanted, f"{href}: contacts shown {dict(shown)}, expected {dict(wanted)}"
        assert all(name in card["people"].split("|") for card in cards), f"{href}: a card without {name}"
        for contact in by_person[name]:
            assert any(contact["summary"] in card["text"] for card in cards), \
                f"{href}: {contact['summary']!r} is missing"


def visible_ids(page: object) -> set[str]:
    return {card["id"] for card in page.evaluate(CARDS) if card["visible"]}


def test_mode_filter_works_with_the_keyboard(page: object, site: Site) -> None:
    page.goto(site.url("http", "index.html"))
    assert page.locator("#filters").is_visible(), "site.js did not show the filters (blocked by the CSP?)"
    every = {c["id"]: c for c in contacts(site)}
    mode = Counter(c["mode"] for c in every.values()).most_common(1)[0][0]
    tab_to(page, f"#filters input[name=mode][value='{mode}']")
    page.keyboard.press("Space")
    assert not page.is_checked(f"#filters input[value='{mode}']")
    others = {cid for cid, c in every.items() if c["mode"] != mode}
    assert visible_ids(page) == others
    status = page.locator(".filter-status").inner_text()
    assert status == f"Showing {len(others)} of {len(every)} contacts.", status
    for section in page.locator("section.month").all():  # a month left empty is hidden as a whole
        assert section.is_visible() == (section.locator(".contact:visible").count() > 0)
    page.keyboard.press("Space")
    assert visible_ids(page) == set(every)
    assert page.locator(".filter-status").inner_text() == f"Showing all {len(every)} contacts."


def test_person_filter_works_with_the_keyboard(page: object, site: Site) -> None:
    page.goto(site.url("http", "index.html"))
    every = contacts(site)
    counts = Counter(name for c in every for name in names(c))
    # The person in the most contacts; a part of the name, typed in lower case, must do.
    name = counts.most_common(1)[0][0]
    typed = name.split()[-1].lower()
    tab_to(page, "#filters input[name=person]")
    page.keyboard.type(typed)
    wanted = {c["id"] for c in every if any(typed in n.lower() for n in names(c))}
    assert wanted and visible_ids(page) == wanted
    assert page.locator(".filter-status").inner_text() == f"Showing {len(wanted)} of {len(every)} contacts."
    page.keyboard.type("zzzz-nobody")
    assert visible_ids(page) == set()
    for _ in range(len(typed) + len("zzzz-nobody")):
        page.keyboard.press("Backspace")
    assert visible_ids(page) == {c["id"] for c in every}


def test_skip_link_and_focus_are_visible(page: object, site: Site) -> None:
    page.goto(site.url("http", "index.html"))
    page.keyboard.press("Tab")
    skip = page.evaluate("() => document.activeElement.className")
    assert skip == "skip", "the first Tab stop is not the skip link"
    box = page.locator("a.skip").bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')"), "Tab after the skip link left main"
    # Every stop shows where the focus is (WCAG 2.4.7): an outline from :focus-visible.
    page.goto(site.url("http", "index.html"))
    for stop in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            break  # past the last stop
        outline = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return [document.activeElement.outerHTML.slice(0, 80), s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
        assert outline[1] != "none" and outline[2] >= 2, f"Tab stop {stop}: no visible focus on {outline[0]}"


def test_slash_focuses_the_search_box(page: object, site: Site) -> None:
    page.goto(site.url("http", site.sample("article")))
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "search-box"


def test_chart_bars_lead_to_their_month_with_the_keyboard(page: object, site: Site) -> None:
    page.goto(site.url("http", "index.html"))
    bars = page.locator("svg.month-chart a")
    assert bars.count() > 0, "the chart links no month"
    tab_to(page, "svg.month-chart a")
    target = page.evaluate("() => document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == target
    heading = page.locator(target)
    assert heading.count() == 1 and heading.is_visible()
    assert page.evaluate("(s) => { const r = document.querySelector(s).getBoundingClientRect();"
                         " return r.top >= -1 && r.top < innerHeight; }", target), "the month is not scrolled to"


@pytest.fixture(scope="module")
def by_month(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The curated site built as a large archive is: its home page lists the months of the held
    contacts (data/layout.yaml's sizes lowered), read from disk."""
    folder = tmp_path_factory.mktemp("by-month")
    shutil.copytree(DATA_DIR, folder / "data")
    (folder / "data" / "layout.yaml").write_text("timeline_months_from: 1\narticles_months_from: 1\n",
                                                 encoding="utf-8")
    build(Inputs(articles=articles_dir(), output=folder / "output", seeds=ROOT / "seeds", data=folder / "data"),
          SiteConfig())
    return Site(folder / "output", "http://127.0.0.1:9/")  # no server: read from disk


def in_a_month(site: Site) -> list[dict]:
    """The contacts a month's timeline page holds: held or planned in 2022–2023, in a known month."""
    return [c for c in contacts(site) if len(c["date"] or "") >= 7 and c["date"][:4] in ("2022", "2023")]


def test_an_old_link_to_a_contact_on_the_home_page_leads_to_its_month(page: object, by_month: Site) -> None:
    """Links made while the home page listed every contact still land on the contact."""
    contact = in_a_month(by_month)[-1]
    page.goto(by_month.url("file", "index.html") + "#" + contact["id"])
    page.wait_for_url(f"**/timeline/{contact['date'][:4]}/{contact['date'][5:7]}/index.html#{contact['id']}")
    card = page.locator(f"[id='{contact['id']}']")
    assert card.is_visible() and contact["summary"] in card.inner_text()
    page.goto(by_month.url("file", "index.html") + "#main")  # an id the home page has: it stays
    assert page.evaluate("() => location.pathname").endswith("/output/index.html")


def test_a_month_page_shows_its_contacts_and_filters_them(page: object, by_month: Site) -> None:
    placed = in_a_month(by_month)
    month = Counter(c["date"][:7] for c in placed).most_common(1)[0][0]
    every = {c["id"] for c in placed if c["date"].startswith(month)}
    page.goto(by_month.url("file", f"timeline/{month[:4]}/{month[5:]}/index.html"))
    assert visible_ids(page) == every
    name = names(next(c for c in placed if c["id"] in every))[0]
    tab_to(page, "#filters input[name=person]")
    page.keyboard.type(name.lower())
    assert visible_ids(page) == {c["id"] for c in placed if c["id"] in every and name in names(c)}
    page.goto(by_month.url("file", "index.html"))
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('svg.month-chart a'))"
                          ".map(a => a.getAttribute('href'))")
    held = [c for c in placed if c["status"] == "held"]  # the chart counts held contacts
    assert sorted(hrefs) == sorted({f"timeline/{c['date'][:4]}/{c['date'][5:7]}/index.html" for c in held})
