"""Exports: contacts.json (schema), contacts.csv (no formula injection), contacts.ics, feed.xml."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import feedparser
import icalendar
import jsonschema

from archive import exports
from archive.model import Article, Contact, Participant, Source, TimelineEntry

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "schemas" / "contacts.schema.json").read_text())


def entry(**fields) -> TimelineEntry:
    values = dict(id="2023-06-19-antony-blinken-xi-jinping", date="2023-06-19", date_precision="day",
                  participants=(Participant("Xi Jinping", "CN", "President"),
                                Participant("Antony Blinken", "US", "Secretary of State")),
                  mode="in-person", place="Beijing", summary="Xi met Blinken.",
                  sources=(Source("actions", "Xi met Blinken in Beijing.", "p-1"),))
    values.update(fields)
    contact = Contact(**values)
    return TimelineEntry(contact, tuple(s.article for s in contact.sources))


def test_contacts_json_validates_against_the_shipped_schema() -> None:
    entries = [entry(), entry(id="undated-qin-gang", date=None, date_precision="unknown", status="planned",
                              participants=(Participant("Qin Gang", "CN"),))]
    payload = json.loads(exports.contacts_json(entries))
    jsonschema.validate(payload, SCHEMA)
    assert payload["contacts"][0]["sources"][0]["url"] == "articles/actions/index.html#p-1"


def test_schema_rejects_a_made_up_field_and_a_bad_date() -> None:
    payload = json.loads(exports.contacts_json([entry()]))
    payload["contacts"][0]["date"] = "19 June 2023"
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid(payload)


def test_csv_has_one_row_per_participant_and_neutralises_formulas() -> None:
    hostile = entry(summary="=HYPERLINK(\"http://evil\")", place="+1 place")
    rows = list(csv.DictReader(io.StringIO(exports.contacts_csv([hostile]).decode())))
    assert [r["participant"] for r in rows] == ["Xi Jinping", "Antony Blinken"]
    assert rows[0]["summary"].startswith("'=") and rows[0]["place"].startswith("'+")
    assert rows[0]["side"] == "CN" and rows[1]["side"] == "US"


def test_csv_keeps_a_cell_with_line_breaks_in_one_row() -> None:
    for text in ["0\r@", "a\nb", "a\r\n=b"]:
        data = exports.contacts_csv([entry(summary=text)]).decode()
        rows = list(csv.DictReader(io.StringIO(data, newline="")))
        assert [r["summary"] for r in rows] == [text, text]  # one row per participant, the text whole


def test_ics_imports_with_a_real_parser_and_holds_only_held_dated_contacts() -> None:
    entries = [entry(end_date="2023-06-20", summary="Talks, with a comma; and a semicolon"),
               entry(id="plan", status="planned"),
               entry(id="vague", date="2022-11", date_precision="month")]
    calendar = icalendar.Calendar.from_ical(exports.contacts_ics(entries, None))
    events = [c for c in calendar.walk("VEVENT")]
    assert [str(e["UID"]) for e in events] == ["2023-06-19-antony-blinken-xi-jinping@news-archive",
                                              "vague@news-archive"]
    first = events[0]
    assert first.decoded("DTSTART") == dt.date(2023, 6, 19)
    assert first.decoded("DTEND") == dt.date(2023, 6, 21)  # exclusive end of an all-day range
    assert str(first["SUMMARY"]) == "Talks, with a comma; and a semicolon"
    assert "Xi met Blinken in Beijing." in str(first["DESCRIPTION"])
    assert events[1].decoded("DTEND") == dt.date(2022, 12, 1)  # the whole of November


def test_ics_lines_are_folded_at_75_octets() -> None:
    long = entry(summary="Ünïcödé " * 40)
    for line in exports.contacts_ics([long], None).split(b"\r\n"):
        assert len(line) <= 75


def test_atom_feed_parses_cleanly() -> None:
    articles = [Article(slug="a", title="<script>alert(1)</script> & more", date=dt.date(2023, 6, 19),
                        body="First paragraph.", outlet="Global Times")]
    feed = feedparser.parse(exports.atom_feed(articles, {"a": "First paragraph."}, "Archive",
                                              "https://example.org/archive/"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries[0].title == "<script>alert(1)</script> & more"
    assert feed.entries[0].link == "https://example.org/archive/articles/a/index.html"


def test_json_is_deterministic() -> None:
    assert exports.contacts_json([entry()]) == exports.contacts_json([entry()])
