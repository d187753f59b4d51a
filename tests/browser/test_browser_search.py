"""Search, over file:// and http://: a person, a place and a phrase from an article body are found, the
words are highlighted with <mark>, and opening a result (from the keyboard) lands on the right page.

The hooks: header box #search-box with popup #search-popup (role=listbox, options are links, snippets
carry <mark>); the search page's box #search-page-box and list #search-results.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pytest
from browserkit import SCHEMES, Site, Watch

OPTIONS = """() => Array.from(document.querySelectorAll('#search-popup [role=option]')).map(o => ({
  tag: o.tagName.toLowerCase(), href: o.href || null, text: o.innerText,
  marks: Array.from(o.querySelectorAll('mark')).map(m => m.textContent)
}))"""


@dataclass(frozen=True)
class Case:
    query: str
    words: tuple[str, ...]  # what must be highlighted (one of them at least)
    targets: tuple[str, ...]  # site paths (with or without #fragment) that are the right place to land
    expect_text: str  # what the landing page (or its target element) must show


def path_of(site: Site, url: str) -> str:
    """'http://127.0.0.1:PORT/articles/x/index.html#p-3' → 'articles/x/index.html#p-3'."""
    for base in (site.http_base, site.file_base):
        if url.startswith(base):
            return url[len(base):]
    return urlsplit(url).path


def contacts(site: Site) -> list[dict]:
    return json.loads((site.root / "data" / "contacts.json").read_text(encoding="utf-8"))["contacts"]


def person_case(site: Site) -> Case:
    counts = Counter(p["name"] for c in contacts(site) for p in c["participants"])
    assert counts, "no contact names a person"
    name = counts.most_common(1)[0][0]
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")  # as archive.views.slug_of
    assert (site.root / "people" / slug / "index.html").is_file(), f"no page for {name}"
    return Case(name, tuple(name.split()), (f"people/{slug}/index.html",), name)


def place_case(site: Site) -> Case:
    placed = [c for c in contacts(site) if c.get("place")]
    assert placed, "no contact has a place"
    contact = placed[0]
    word = re.findall(r"[A-Z][a-z]{2,}", contact["place"])[0]  # "Bali" of "Bali, Indonesia"
    date = contact["date"] or ""
    own_month = contact["status"] == "held" and len(date) >= 7 and date[:4] in ("2022", "2023")
    page = f"timeline/{date[:4]}/{date[5:7]}/index.html" if own_month else "index.html"  # where the entry is
    targets = (f"{page}#{contact['id']}", *(s["url"].split("#")[0] for s in contact["sources"]))
    return Case(word, (word,), targets, word)


def body_paragraphs(page: str) -> list[tuple[str, str]]:
    """(anchor, text) of an article page's body paragraphs."""
    body = page.split('class="article-body"', 1)[1].split("</div>", 1)[0] if 'class="article-body"' in page else ""
    return [(anchor, html.unescape(re.sub(r"<[^>]+>", "", text)))
            for anchor, text in re.findall(r'<p id="([^"]+)">(.*?)</p>', body, re.S)]


def phrase_case(site: Site) -> Case:
    """Three words in a row from deep in one article's body that no other article has."""
    texts = {p: body_paragraphs((site.root / p).read_text(encoding="utf-8")) for p in site.pages_of("article")}
    everything = {p: " ".join(t for _, t in paras).lower() for p, paras in texts.items()}
    article = site.sample("article")
    for _, text in texts[article][3:] + texts[article][:3]:
        for match in re.finditer(r"(?<![\w-])([A-Za-z]{4,}) ([A-Za-z]{4,}) ([A-Za-z]{5,})(?![\w-])", text):
            phrase = match.group(0)
            if all(phrase.lower() not in other for p, other in everything.items() if p != article):
                return Case(f'"{phrase}"', tuple(phrase.split()), (article,), phrase)
    pytest.fail(f"no phrase of {article} is unique to it")


CASES = {"person": person_case, "place": place_case, "phrase": phrase_case}


def landed_ok(page: object, site: Site, case: Case) -> None:
    where = path_of(site, page.url)
    assert any(where == t or where.split("#")[0] == t for t in case.targets), \
        f"{case.query!r} landed on {where}, expected one of {case.targets}"
    fragment = urlsplit(page.url).fragment
    scope = page.locator(f"[id='{fragment}']") if fragment else page.locator("main")
    assert scope.count() == 1, f"{where}: the #{fragment} target is not on the page"
    assert case.expect_text.lower() in scope.inner_text().lower(), \
        f"{where}: {case.expect_text!r} is not in the part of the page the result leads to"


def wait_for_results(page: object, query: str) -> None:
    """Until the popup shows the results of the whole query. It shows those of a search started
    during a pause in typing ('"S') first; the whole query's last option links to all its results."""
    full = quote(query.strip(), safe="-_.!~*'()")  # as encodeURIComponent writes it
    page.wait_for_selector(f'#search-popup:not([hidden]) a[role=option][href$="?q={full}"]', timeout=8000)


def highlighted(marks: list[str], case: Case) -> bool:
    return any(m.lower()[:4] == w.lower()[:4] for m in marks for w in case.words)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", list(CASES))
def test_header_search_finds_and_opens(page: object, watch: Watch, site: Site, kind: str, scheme: str) -> None:
    case = CASES[kind](site)
    page.goto(site.url(scheme, "about/index.html"))
    box = page.locator("#search-box")
    box.click()
    box.press_sequentially(case.query, delay=20)
    popup = page.locator("#search-popup")
    wait_for_results(page, case.query)
    assert popup.get_attribute("role") == "listbox"
    assert box.get_attribute("aria-expanded") == "true"
    options = page.evaluate(OPTIONS)
    links = [o for o in options if o["tag"] == "a" and o["href"]]
    assert links and all(o["tag"] == "a" for o in options), f"the options are not links: {options}"
    hits = [i for i, o in enumerate(options)
            if o["href"] and any(path_of(site, o["href"]).split("#")[0] == t.split("#")[0] for t in case.targets)]
    assert hits, f"{case.query!r}: none of {case.targets} among {[path_of(site, o['href'] or '') for o in options]}"
    assert highlighted(options[hits[0]]["marks"], case), \
        f"{case.query!r}: the result does not highlight the words: {options[hits[0]]}"
    for _ in range(hits[0] + 1):
        box.press("ArrowDown")
    assert page.locator(f"#search-popup [role=option] >> nth={hits[0]}").get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == page.locator(
        f"#search-popup [role=option] >> nth={hits[0]}").get_attribute("id")
    with page.expect_navigation():
        box.press("Enter")
    landed_ok(page, site, case)
    watch.settle(page)
    assert not watch.problems(), watch.problems()


def test_escape_closes_the_popup(page: object, site: Site) -> None:
    page.goto(site.url("http", "index.html"))
    page.locator("#search-box").press_sequentially(person_case(site).query, delay=20)
    wait_for_results(page, person_case(site).query)
    page.locator("#search-box").press("Escape")
    assert page.locator("#search-popup").is_hidden()
    assert page.locator("#search-box").get_attribute("aria-expanded") == "false"


def test_results_that_arrive_late_keep_the_chosen_result(page: object, site: Site) -> None:
    """A search started during a pause in typing can end after the reader moved to a result with the
    arrow keys: the popup is drawn again, and the result they chose stays chosen (Enter opens it)."""
    page.goto(site.url("http", "about/index.html"))
    box = page.locator("#search-box")
    box.press_sequentially(person_case(site).query, delay=20)
    wait_for_results(page, person_case(site).query)
    box.press("ArrowDown")
    box.press("ArrowDown")
    chosen = page.locator("#search-popup [aria-selected=true]").evaluate("option => option.href")
    assert chosen
    page.evaluate("() => { window.firstOption = document.querySelector('#search-popup [role=option]'); "
                  "document.getElementById('search-box').dispatchEvent(new Event('input')); }")
    page.wait_for_function("() => !document.body.contains(window.firstOption)")  # drawn again
    assert page.locator("#search-popup [aria-selected=true]").evaluate("option => option.href") == chosen
    selected_id = page.locator("#search-popup [aria-selected=true]").get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == selected_id
    with page.expect_navigation():
        box.press("Enter")
    assert page.url == chosen


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", list(CASES))
def test_search_page_finds_and_opens(page: object, watch: Watch, site: Site, kind: str, scheme: str) -> None:
    case = CASES[kind](site)
    page.goto(site.url(scheme, "search/index.html") + "?q=" + quote(case.query))
    assert page.locator("#search-page-box").input_value() == case.query
    page.wait_for_selector("#search-results li a", timeout=8000)
    results = page.locator("#search-results li a")
    hrefs = [path_of(site, results.nth(i).evaluate("a => a.href")) for i in range(results.count())]
    hits = [i for i, h in enumerate(hrefs) if any(h.split("#")[0] == t.split("#")[0] for t in case.targets)]
    assert hits, f"{case.query!r}: none of {case.targets} among {hrefs}"
    result = results.nth(hits[0])
    marks = result.locator("mark").all_inner_texts()
    assert highlighted(marks, case), f"{case.query!r}: no highlight in {result.inner_text()!r}"
    result.focus()  # a result is a link: Enter opens it
    with page.expect_navigation():
        page.keyboard.press("Enter")
    landed_ok(page, site, case)
    watch.settle(page)
    assert not watch.problems(), watch.problems()


def test_search_page_updates_as_you_type(page: object, site: Site) -> None:
    case = place_case(site)
    page.goto(site.url("http", "search/index.html"))
    assert page.locator("#search-results li").count() == 0
    page.locator("#search-page-box").press_sequentially(case.query, delay=20)
    page.wait_for_selector("#search-results li a")
    assert case.query.lower() in page.locator("#search-results").inner_text().lower()
    assert page.locator("#search-status").inner_text().strip()
