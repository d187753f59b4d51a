"""Text from articles is data, never markup — on every page, feed and export.

Hypothesis writes hostile strings into every field of a record; the built site must not
gain any element, attribute or URL scheme that the templates do not put there.
"""

from __future__ import annotations

import csv
import datetime as dt
import html.parser
import io
import json
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import icalendar
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.build import Inputs, build
from archive.config import SiteConfig
from archive.model import Article, Contact, Image, Participant, Source
from archive.records import dump_record, without_controls

ATTACKS = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "' onload='alert(1)", "javascript:alert(1)",
    "{{ 7*7 }}", "{% raw %}", "</textarea><svg onload=alert(1)>", "=HYPERLINK(\"http://x\")", "+1-1", "@SUM(A1)",
    "\u2028\u2029", "]]>", "<!--", "&amp;lt;", "data:text/html,<b>x</b>", "\\u003cscript\\u003e",
]
RAW_HTML = "<script>alert('raw')</script> <a href=\"javascript:x\">y</a>"
hostile = (st.one_of(st.sampled_from(ATTACKS), st.text(min_size=1, max_size=30))
           .map(lambda text: without_controls(text).strip()).filter(bool))


class Shape(html.parser.HTMLParser):
    """Which tags, attributes and URL schemes a page uses."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[tuple[str, str]] = set()
        self.schemes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            self.attributes.add((tag, name))
            if name in ("href", "src", "action") and value and ":" in value.split("/")[0]:
                self.schemes.add(value.split(":")[0].lower())


def site_shape(folder: Path) -> Shape:
    shape = Shape()
    for page in folder.rglob("*.html"):
        shape.feed(page.read_text(encoding="utf-8"))
    return shape


def article_with(text: str, marker: str) -> Article:
    sentence = f"{text} met {marker} on Monday."
    contact = Contact(id="c", date="2023-06-19", date_precision="day", review="reviewed",
                      participants=(Participant(text, "CN", text), Participant(marker, "US", text)),
                      mode="in-person", place=text, duration=text, summary=text,
                      sources=(Source("x", sentence),), date_note=text)
    return Article(slug="hostile", title=text, date=dt.date(2023, 6, 19),
                   body=f"{text}\n\n## {text}\n\n{sentence}\n\n{RAW_HTML}\n",
                   outlet=text, author=text, author_bio=text, dateline=text, summary=text,
                   images=(Image(text, text, text),), source_file=None, people=(text,), topics=(text,),
                   contacts=(contact,), date_note=text, date_inferred=True)


def build_one(article: Article, folder: Path) -> Path:
    articles, output = folder / "articles", folder / "output"
    articles.mkdir()
    (articles / "hostile.md").write_text(dump_record(article), encoding="utf-8")
    build(Inputs(articles=articles, output=output), SiteConfig(base_url="https://example.org/"))
    return output


BASELINE: dict[str, Shape] = {}


def baseline() -> Shape:
    if "shape" not in BASELINE:
        with tempfile.TemporaryDirectory() as folder:
            BASELINE["shape"] = site_shape(build_one(article_with("Plain Words", "Someone Else"), Path(folder)))
    return BASELINE["shape"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile)
def test_hostile_text_never_becomes_markup(text: str) -> None:
    expected = baseline()
    with tempfile.TemporaryDirectory() as folder:
        output = build_one(article_with(text, "Someone Else"), Path(folder))
        shape = site_shape(output)
        assert shape.tags <= expected.tags, shape.tags - expected.tags
        assert shape.attributes <= expected.attributes, shape.attributes - expected.attributes
        assert shape.schemes <= expected.schemes | {"https"}, shape.schemes
        check_exports(output, text)


def check_exports(output: Path, text: str) -> None:
    feed = feedparser.parse((output / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    # The exact text with a strict XML parser: feedparser "repairs" text that looks like
    # mojibake (Hypothesis found "Â²" read back as "²").
    atom = "{http://www.w3.org/2005/Atom}"
    assert ElementTree.fromstring((output / "feed.xml").read_bytes()).findtext(f"{atom}entry/{atom}title") == text
    contacts = json.loads((output / "data/contacts.json").read_text(encoding="utf-8"))["contacts"]
    assert contacts[0]["summary"] == text
    for row in csv.reader(io.StringIO((output / "data/contacts.csv").read_text(encoding="utf-8"))):
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
    calendar = icalendar.Calendar.from_ical((output / "contacts.ics").read_bytes())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [text]
    for script in (output / "search").rglob("*.js"):
        assert "</script" not in script.read_text(encoding="utf-8").lower()


def test_raw_html_in_a_body_is_sanitised(tmp_path: Path) -> None:
    output = build_one(article_with("Plain Words", "Someone Else"), tmp_path)
    page = (output / "articles/hostile/index.html").read_text(encoding="utf-8")
    assert "alert('raw')" not in page
    assert "javascript:" not in page
