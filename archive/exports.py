"""Exports for other programs: JSON, CSV, iCalendar, Atom, sitemap — plain text built in Python.

Every export is deterministic: fixed key order, date-then-slug order, no wall clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from archive.model import Article, ArticleRef, Contact, TimelineEntry
from archive.records import contact_to_dict
from archive.timeline import date_range
from archive.views import article_url, timeline_url

CSV_COLUMNS = (
    "contact_id", "date", "date_precision", "end_date", "date_inferred", "status", "mode", "place",
    "duration", "participant", "side", "role", "summary", "source_articles",
)
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def escape(text: str) -> str:
    """XML text; a raw carriage return would be read back as a line feed, so it is a character reference.
    (Not xml.sax.saxutils: importing it loads urllib and http.client, a tenth of a rebuild's start-up.)"""
    return text.translate(_XML_TEXT)


def quoteattr(text: str) -> str:
    """An XML attribute value in double quotes."""
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def contact_record(contact: Contact) -> dict[str, Any]:
    """The record's fields, with each source's article and the URL of its paragraph."""
    record = {k: v for k, v in contact_to_dict(contact).items() if k not in ("review", "sources")}
    record["sources"] = [
        {"article": s.article, "sentence": s.sentence,
         "url": article_url(s.article) + (f"#{s.anchor}" if s.anchor else "")}
        for s in contact.sources
    ]
    return record


_JSON = json.JSONEncoder(ensure_ascii=False)  # one encoder: json.dumps with options makes one per call

# Each export is assembled from one piece per article or contact, so that a rebuild can keep the
# pieces of the records that did not change (archive.build keeps them by content digest).


def json_document(key: str, lines: list[str]) -> bytes:
    """{"key": [records]}, one record per line: diffable and greppable, and encoded by json's C
    encoder (an `indent` would switch json to its pure-Python encoder, ~20× slower at 10,000 articles)."""
    body = "".join(f"{',' if n else ''}\n{line}" for n, line in enumerate(lines))
    return f'{{"{key}": [{body}\n]}}\n'.encode()


def contact_line(entry: TimelineEntry) -> str:
    return _JSON.encode(contact_record(entry.contact))


def contacts_json(entries: list[TimelineEntry]) -> bytes:
    return json_document("contacts", [contact_line(e) for e in entries])


def article_record(article: Article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "date_inferred": article.date_inferred,
        "date_note": article.date_note,
        "outlet": article.outlet,
        "author": article.author,
        "kind": article.kind,
        "dateline": article.dateline,
        "summary": article.summary,
        "url": article_url(article.slug),
        "source_file": article.source_file,
        "people": list(article.people),
        "topics": list(article.topics),
    }


def article_line(article: Article) -> str:
    return _JSON.encode(article_record(article))


def articles_json(articles: Sequence[Article]) -> bytes:
    return json_document("articles", [article_line(a) for a in articles])


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_text(rows: list[Sequence[object]]) -> str:
    """Rows ending in CRLF (RFC 4180). The csv module quotes a cell holding a character of the line
    terminator: with "\n" alone, a cell holding a bare "\r" went out unquoted, and a reader split
    the row there (Hypothesis found "0\r@": a new row starting with a formula character)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[safe_cell(v) for v in row] for row in rows])
    return out.getvalue()


def csv_rows(entry: TimelineEntry) -> str:
    """One row per contact–participant pair: filter by person or side without unpacking lists."""
    c = entry.contact
    return _csv_text([(c.id, c.date, c.date_precision, c.end_date, str(c.date_inferred).lower(), c.status, c.mode,
                       c.place, c.duration, person.name, person.side, person.role, c.summary,
                       " ".join(entry.articles)) for person in c.participants or ()])


def csv_document(rows: list[str]) -> bytes:
    return (_csv_text([CSV_COLUMNS]) + "".join(rows)).encode("utf-8")


def contacts_csv(entries: list[TimelineEntry]) -> bytes:
    return csv_document([csv_rows(e) for e in entries])


# ---------------------------------------------------------------- iCalendar (RFC 5545)


def ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, as RFC 5545 §3.1 asks."""
    if len(line) <= 75 and (len(line) <= 18 or line.isascii()):  # 18 × 4 bytes < 75: no UTF-8 line is longer
        return line
    if line.isascii():
        return "\r\n ".join([line[:75], *(line[start:start + 74] for start in range(75, len(line), 74))])
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(raw):
        end = min(start + limit, len(raw))
        while end < len(raw) and (raw[end] & 0xC0) == 0x80:  # never split a UTF-8 character
            end -= 1
        parts.append(raw[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(parts)


_ICS_HEAD = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//news-archive//China-US contacts//EN",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:China–US diplomatic contacts"]


def ics_event(entry: TimelineEntry, base_url: str | None) -> str:
    """A held contact with a date as an all-day event, its sources in the description, folded;
    "" for any other contact."""
    c = entry.contact
    span = date_range(c.date, c.end_date)
    if c.status != "held" or span is None:
        return ""
    quotes = [f"“{s.sentence}” ({s.article})" for s in c.sources]
    description = "\n".join([c.summary, f"Date precision: {c.date_precision}.",
                             *([c.date_note] if c.date_note else []), "Sources:", *quotes])
    return _ics_lines([
        "BEGIN:VEVENT",
        f"UID:{c.id}@news-archive",
        "DTSTAMP:19700101T000000Z",
        f"DTSTART;VALUE=DATE:{span[0]:%Y%m%d}",
        f"DTEND;VALUE=DATE:{span[1] + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{ics_text(c.summary or c.id)}",
        f"DESCRIPTION:{ics_text(description)}",
        *([f"LOCATION:{ics_text(c.place)}"] if c.place else []),
        *([f"URL:{base_url.rstrip('/')}/{timeline_url(c.id, c.date, c.status)}"] if base_url else []),
        "END:VEVENT",
    ])


def _ics_lines(lines: list[str]) -> str:
    return "".join(fold(line) + "\r\n" for line in lines)


def ics_document(events: list[str]) -> bytes:
    return (_ics_lines(_ICS_HEAD) + "".join(events) + _ics_lines(["END:VCALENDAR"])).encode("utf-8")


def contacts_ics(entries: list[TimelineEntry], base_url: str | None) -> bytes:
    """Each held contact with a date as an all-day event; the sources go in the description."""
    return ics_document([ics_event(e, base_url) for e in entries])


# ---------------------------------------------------------------- Atom, sitemap, robots


FEED_SIZE = 50  # the newest dated articles the feed holds


def atom_feed(articles: Sequence[ArticleRef], leads: Mapping[str, str], title: str, base_url: str | None) -> bytes:
    """Newest first. Without a base URL, links are relative to the feed (RFC 4287 allows xml:base).
    `articles` in date order, only the last FEED_SIZE dated ones used; `leads`: their first
    paragraphs by slug, the summary of those that have none."""
    base = (base_url.rstrip("/") + "/") if base_url else ""
    dated = [a for a in articles if a.date][::-1][:FEED_SIZE]
    updated = f"{dated[0].date.isoformat()}T00:00:00Z" if dated else "1970-01-01T00:00:00Z"  # type: ignore[union-attr]
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom"' + (f" xml:base={quoteattr(base)}" if base else "") + ">",
        f"<title>{escape(title)}</title>",
        f"<id>{escape(base or 'urn:news-archive:')}feed.xml</id>",
        f"<updated>{updated}</updated>",
        f'<link rel="self" href="{escape(base)}feed.xml"/>',
        f'<link rel="alternate" href="{escape(base)}index.html"/>',
    ]
    for article in dated:
        url = base + article_url(article.slug)
        parts += [
            "<entry>",
            f"<title>{escape(article.title)}</title>",
            f'<link rel="alternate" href="{escape(url)}"/>',
            f"<id>{escape(base or 'urn:news-archive:')}{escape(article_url(article.slug))}</id>",
            f"<updated>{article.date.isoformat()}T00:00:00Z</updated>",  # type: ignore[union-attr]
            f"<author><name>{escape(article.author or article.outlet or 'Unknown')}</name></author>",
            f"<summary>{escape(article.summary or leads.get(article.slug, ''))}</summary>",
            "</entry>",
        ]
    parts.append("</feed>")
    return ("\n".join(parts) + "\n").encode("utf-8")


def sitemap(paths: list[str], base_url: str) -> bytes:
    base = base_url.rstrip("/") + "/"
    urls = "".join(f"<url><loc>{escape(base + p)}</loc></url>\n" for p in sorted(paths))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{urls}</urlset>\n').encode()


def robots(base_url: str | None) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if base_url:
        lines.append(f"Sitemap: {base_url.rstrip('/')}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode()
