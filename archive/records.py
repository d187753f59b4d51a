"""Records: `articles/<slug>.md` (YAML front matter + Markdown body) ↔ Article dataclasses.

Parsing validates as it goes and reports every problem as a one-line Problem naming
the file and, where known, the line. Writing produces the same layout every time so
that a record's diff shows only what a person changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from archive.model import (
    KINDS,
    MODES,
    PRECISIONS,
    REVIEW_STATES,
    SIDES,
    STATUSES,
    Article,
    Contact,
    Image,
    Participant,
    Problem,
    Source,
)

ARTICLE_KEYS = (
    "title", "slug", "date", "date_inferred", "date_note", "outlet", "author", "author_bio", "kind",
    "dateline", "summary", "images", "source_file", "people", "topics", "contacts",
)
CONTACT_KEYS = (
    "id", "date", "date_precision", "end_date", "participants", "mode", "place", "duration", "status",
    "summary", "date_inferred", "date_note", "review", "sources",
)
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}\Z")
PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?\Z")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class RecordError(Exception):
    """A record that cannot be used at all; carries the Problem to show."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _FastYAML(frontmatter.YAMLHandler):
    """python-frontmatter's YAML handler: our own layout read directly, anything else by PyYAML."""

    def load(self, fm: str, **kwargs: object) -> Any:
        try:
            return BlockYAML(fm).document()
        except _Unsupported:
            return yaml.load(fm, Loader=_LOADER)


# ---------------------------------------------------------------- the front matter's YAML, quickly
#
# PyYAML builds a Python object per parser event and costs ~0.5 ms per record, most of a
# cold build's reading time. The records this archive writes (dump_record) use a small part
# of YAML: block mappings and sequences, plain and single-quoted scalars, null, booleans and
# dates. BlockYAML reads exactly that part and gives what PyYAML gives; anything else —
# comments, flow collections, double quotes, numbers, anchors, tags, tabs, blank lines inside
# a value — raises _Unsupported, and PyYAML reads the record instead (tests/test_records_yaml.py
# compares the two on generated records).


class _Unsupported(Exception):
    """Outside the subset BlockYAML reads: let PyYAML do it."""


_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: |$)")
_SPECIAL_WORDS = frozenset(("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
                            "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~"))
# What PyYAML's reader refuses, and the line breaks it knows besides "\n": leave those to it.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_BOOLEANS = {"true": True, "false": False}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_ISO_MONTH = re.compile(r"\d{4}-\d{2}\Z")  # text to YAML: no int, float or timestamp looks like it
_NUMBER_LIKE = re.compile(r"[0-9_.:+\-eExXbBoOtTzZa-fA-F \t]*\Z")  # all an int, float or timestamp can hold


class BlockYAML:
    """A recursive-descent reader for the block-style YAML subset that dump_record writes."""

    def __init__(self, text: str) -> None:
        if _UNUSUAL.search(text):
            raise _Unsupported
        self.lines = text.strip("\n").split("\n")  # python-frontmatter leaves the delimiters' line breaks
        if not self.lines or any(not line.strip() or line != line.rstrip() for line in self.lines):
            raise _Unsupported  # blank lines or trailing spaces: PyYAML's folding rules apply
        self.depths = [len(line) - len(line.lstrip(" ")) for line in self.lines]
        self.depths.append(-1)  # a sentinel: the end closes every block
        self.at = 0

    def document(self) -> dict[str, Any]:
        if self.lines[0].startswith((" ", "-")):
            raise _Unsupported
        value = self.mapping(0)
        if self.at != len(self.lines):
            raise _Unsupported
        return value

    def mapping(self, indent: int, first: str | None = None) -> dict[str, Any]:
        """Keys at `indent`; `first` is the rest of a `- key: value` line that opened it."""
        result: dict[str, Any] = {}
        line = first
        while True:
            if line is None:
                if self.depths[self.at] != indent:
                    return result
                line = self.lines[self.at][indent:]
            match = _KEY.match(line)
            if match is None or match[1] in _SPECIAL_WORDS:
                raise _Unsupported
            self.at += 1
            rest = line[match.end():]
            result[match[1]] = self.scalar(rest, indent) if rest else self.block(indent)
            line = None

    def block(self, indent: int) -> Any:
        """The value of a key with nothing after its colon: a nested block, or null."""
        below = self.depths[self.at]
        if below > indent or (below == indent and self.lines[self.at][below:].startswith("- ")):
            line = self.lines[self.at]
            return self.sequence(below) if line[below:].startswith("- ") else self.mapping(below)
        return None

    def sequence(self, indent: int) -> list[Any]:
        items: list[Any] = []
        while self.depths[self.at] == indent:
            line = self.lines[self.at]
            if not line.startswith("- ", indent):
                break
            content = line[indent + 2:]
            if _KEY.match(content):
                items.append(self.mapping(indent + 2, content))
            else:
                self.at += 1
                items.append(self.scalar(content, indent))
        return items

    def continuation(self, indent: int) -> list[str]:
        """The following lines that continue a scalar: indented deeper than its key or item."""
        parts = []
        while self.depths[self.at] > indent:
            parts.append(self.lines[self.at][self.depths[self.at]:])
            self.at += 1
        return parts

    def scalar(self, text: str, indent: int) -> Any:
        head = text[0]
        if head == "'":
            return self.quoted(text, indent)
        if text == "[]" or text == "{}":
            return [] if text == "[]" else {}
        if not head.isalnum():
            raise _Unsupported  # indicators, signs, dots, flow collections, block scalars
        if ": " in text or " #" in text or text[-1] == ":":
            raise _Unsupported  # mappings and comments: PyYAML's rules
        value = text
        if self.depths[self.at] > indent:  # a long value, folded onto the next lines
            parts = self.continuation(indent)
            if any(": " in p or " #" in p or p[-1] == ":" or not p[0].isalnum() for p in parts):
                raise _Unsupported
            value = " ".join([text, *parts])
        if head.isdigit():
            return self.digits(value)
        if value in _SPECIAL_WORDS:
            if value not in ("null", "true", "false"):
                raise _Unsupported
            return _BOOLEANS.get(value)
        return value

    @staticmethod
    def digits(value: str) -> Any:
        """A plain value that starts with a digit: a day, text, or something for PyYAML to resolve."""
        if _ISO_DAY.match(value):
            try:
                return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
            except ValueError:
                raise _Unsupported from None  # PyYAML gives the error message
        if _NUMBER_LIKE.match(value) and not _ISO_MONTH.match(value):
            raise _Unsupported  # numbers and times: PyYAML's resolver decides
        return value  # holds a letter no number or time can hold: text ("2023-06-19-slug")

    def quoted(self, text: str, indent: int) -> str:
        joined = " ".join([text[1:], *self.continuation(indent)])
        end = -1
        while True:
            end = joined.find("'", end + 1)
            if end < 0:
                raise _Unsupported
            if joined.startswith("'", end + 1):
                end += 1
                continue
            break
        if joined[end + 1:]:
            raise _Unsupported
        return joined[:end].replace("''", "'")


_HANDLER = _FastYAML()


# ---------------------------------------------------------------- dates


def parse_partial_date(value: object) -> str | None:
    """A contact date: date object or 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' → ISO text; else ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not PARTIAL_DATE.match(text):
        raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    parts = [int(p) for p in text.split("-")] + [1, 1]
    dt.date(parts[0], parts[1], parts[2])  # raises ValueError for 2023-02-30
    return text


def parse_day(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)") from None


# ---------------------------------------------------------------- front matter → dataclasses


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def without_controls(text: str) -> str:
    """Control characters carry no meaning in news text, and XML and HTML forbid them."""
    return CONTROL.sub("", text)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = without_controls(str(value)).strip()
    return text or None


def _texts(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {type(value).__name__}")
    return tuple(t for t in (_text(item) for item in value) if t)


def _choice(value: object, allowed: tuple[str, ...], field: str, default: str) -> str:
    text = _text(value) or default
    if text not in allowed:
        raise ValueError(f"{field} {text!r} is not one of {', '.join(allowed)}")
    return text


def image_from(entry: object) -> Image:
    if isinstance(entry, str):
        return Image(None, entry)
    if not isinstance(entry, dict):
        raise ValueError("each image needs file, caption and credit")
    return Image(_text(entry.get("file")), _text(entry.get("caption")) or "", _text(entry.get("credit")))


def participant_from(entry: object) -> Participant:
    if not isinstance(entry, dict) or not _text(entry.get("name")):
        raise ValueError("each participant needs a name and a side (CN or US)")
    side = _choice(entry.get("side"), SIDES, "side", "")
    return Participant(_text(entry["name"]) or "", side, _text(entry.get("role")))


def source_from(entry: object, slug: str) -> Source:
    """A quoted sentence; from this article unless it names another one (`article: <slug>`)."""
    if isinstance(entry, str):
        return Source(slug, _text(entry) or "")
    if not isinstance(entry, dict) or not _text(entry.get("sentence")):
        raise ValueError("each source needs a sentence (and may name another article's slug)")
    return Source(_text(entry.get("article")) or slug, _text(entry["sentence"]) or "")


def contact_from(entry: object, slug: str) -> Contact:
    if not isinstance(entry, dict):
        raise ValueError("each contact must be a mapping of fields")
    unknown = set(entry) - set(CONTACT_KEYS)
    if unknown:
        raise ValueError(f"contact has unknown field(s) {', '.join(sorted(unknown))}")
    sources = tuple(source_from(s, slug) for s in entry.get("sources") or ())
    participants = tuple(participant_from(p) for p in entry.get("participants") or ())
    date = parse_partial_date(entry.get("date"))
    return Contact(
        id=_text(entry.get("id")) or "",
        date=date,
        date_precision=_choice(entry.get("date_precision"), PRECISIONS, "date_precision",
                               precision_of(date)),
        end_date=parse_partial_date(entry.get("end_date")),
        participants=participants,
        mode=_choice(entry.get("mode"), MODES, "mode", "unknown"),
        place=_text(entry.get("place")),
        duration=_text(entry.get("duration")),
        status=_choice(entry.get("status"), STATUSES, "status", "held"),
        summary=_text(entry.get("summary")) or "",
        sources=sources,
        date_inferred=bool(entry.get("date_inferred")),
        date_note=_text(entry.get("date_note")),
        review=_choice(entry.get("review"), REVIEW_STATES, "review", "draft"),
    )


def precision_of(date: str | None) -> str:
    return {None: "unknown", 4: "year", 7: "month", 10: "day"}.get(len(date) if date else None, "unknown")


def key_line(text: str, key: str) -> int | None:
    """The line number of a top-level front-matter key, for messages."""
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else None


def impossible_date(text: str) -> tuple[int | None, str | None]:
    """The first YYYY-MM-DD in the text that is not on the calendar, and its line."""
    for number, line in enumerate(text.splitlines(), start=1):
        for value in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", line):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                return number, value
    return None, None


def split_record(text: str, path: str) -> tuple[dict[str, Any], str]:
    if not text.lstrip("\ufeff").startswith("---"):
        raise RecordError(Problem(path, "no YAML front matter; start the file with a '---' line", 1))
    try:
        metadata, body = frontmatter.parse(text.lstrip("\ufeff"), handler=_HANDLER)
    except yaml.YAMLError as error:
        # The context mark is where the broken construct starts (an unclosed bracket), which is
        # where a person should look; the problem mark is where the parser gave up.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None  # the YAML text starts on the "---" line
        reason = getattr(error, "problem", None) or "malformed"
        raise RecordError(Problem(path, f"front matter is not valid YAML ({reason}); fix the YAML", line)) \
            from None
    except ValueError as error:  # YAML read 2023-02-30 as a timestamp and the calendar refused it
        line, value = impossible_date(text)
        raise RecordError(Problem(path, f"{value or 'a date'} is not a date ({error}); correct it", line)) \
            from None
    if not isinstance(metadata, dict):
        raise RecordError(Problem(path, "front matter must be a mapping of keys to values", 2))
    return metadata, body


def article_from(metadata: dict[str, Any], body: str, path: str, text: str = "") -> tuple[Article, list[Problem]]:
    """Validated Article and warnings; RecordError for what makes the record unusable."""
    warnings: list[Problem] = []
    for key in metadata:
        if key not in ARTICLE_KEYS:
            near = difflib.get_close_matches(str(key), ARTICLE_KEYS, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f"; known keys: {', '.join(ARTICLE_KEYS)}"
            warnings.append(Problem(path, f"unknown front-matter key '{key}' is ignored{hint}",
                                    key_line(text, str(key)), "warning"))
    if not _text(metadata.get("title")):
        raise RecordError(Problem(path, "missing 'title'; add a title: line to the front matter", 2))
    if "date" not in metadata:
        raise RecordError(Problem(path, "missing 'date'; add date: YYYY-MM-DD (or date: null while unknown)", 2))
    stem = Path(path).stem
    slug = _text(metadata.get("slug")) or stem
    if not SLUG.match(slug):
        raise RecordError(Problem(path, f"slug {slug!r} must be lower-case letters, digits and hyphens "
                                        "(no '/', '..' or spaces); rename it", key_line(text, "slug")))
    field = "date"
    try:
        date = parse_day(metadata.get("date"))
        field = "kind"
        kind = _choice(metadata.get("kind"), KINDS, "kind", "news")
        field = "images"
        images = tuple(image_from(e) for e in metadata.get("images") or ())
        field = "contacts"
        contacts = tuple(contact_from(e, slug) for e in metadata.get("contacts") or ())
        field = "people"
        people, topics = _texts(metadata.get("people")), _texts(metadata.get("topics"))
    except (ValueError, TypeError, KeyError) as error:
        raise RecordError(Problem(path, f"{field}: {error}; correct it", key_line(text, field))) from None
    article = Article(
        slug=slug, title=_text(metadata["title"]) or "", date=date, body=without_controls(body),
        date_inferred=bool(metadata.get("date_inferred")), date_note=_text(metadata.get("date_note")),
        outlet=_text(metadata.get("outlet")), author=_text(metadata.get("author")),
        author_bio=_text(metadata.get("author_bio")), kind=kind, dateline=_text(metadata.get("dateline")),
        summary=_text(metadata.get("summary")), images=images,
        source_file=_text(metadata.get("source_file")), people=people, topics=topics,
        contacts=contacts, path=path,
    )
    return article, warnings


def parse_record(text: str, path: str) -> tuple[Article, list[Problem]]:
    metadata, body = split_record(text, path)
    return article_from(metadata, body, path, text)


def read_record(path: Path) -> tuple[Article, list[Problem]]:
    return parse_bytes(path.read_bytes(), str(path))


def parse_bytes(raw: bytes, path: str) -> tuple[Article, list[Problem]]:
    """A record file's bytes → Article, as `Path.read_text` would decode them (universal newlines)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RecordError(Problem(path, f"not UTF-8 (byte {error.start}); re-save the file as UTF-8")) \
            from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return parse_record(text, path)


def load_records(folder: Path) -> tuple[list[Article], list[Problem]]:
    """Every `*.md` record in the folder: the sound ones, and the problems with the rest."""
    articles: list[Article] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")):
        try:
            article, warnings = read_record(path)
        except RecordError as error:
            problems.append(error.problem)
            continue
        articles.append(article)
        problems.extend(warnings)
    return articles, problems + duplicate_slugs(articles)


def duplicate_slugs(articles: list[Article]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for article in articles:
        if article.slug in seen:
            problems.append(Problem(article.path or article.slug,
                                    f"slug '{article.slug}' is also used by {seen[article.slug]}; "
                                    "give one of them another slug"))
        else:
            seen[article.slug] = article.path or article.slug
    return problems


def date_order(articles: list[Article]) -> list[Article]:
    """Date, then slug: undated articles last. The one order every page and export uses."""
    return sorted(articles, key=lambda a: (a.date is None, a.date or dt.date.min, a.slug))


# ---------------------------------------------------------------- dataclasses → front matter


def contact_to_dict(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.id,
        "date": contact.date,
        "date_precision": contact.date_precision,
        "end_date": contact.end_date,
        "participants": [
            {"name": p.name, "side": p.side, "role": p.role} for p in contact.participants
        ],
        "mode": contact.mode,
        "place": contact.place,
        "duration": contact.duration,
        "status": contact.status,
        "summary": contact.summary,
        "date_inferred": contact.date_inferred,
        "date_note": contact.date_note,
        "review": contact.review,
        "sources": [{"sentence": s.sentence} for s in contact.sources],
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "title": article.title,
        "slug": article.slug,
        "date": article.date,
        "date_inferred": article.date_inferred,
        "date_note": article.date_note,
        "outlet": article.outlet,
        "author": article.author,
        "author_bio": article.author_bio,
        "kind": article.kind,
        "dateline": article.dateline,
        "summary": article.summary,
        "images": [{"file": i.file, "caption": i.caption, "credit": i.credit} for i in article.images],
        "source_file": article.source_file,
        "people": list(article.people),
        "topics": list(article.topics),
        "contacts": [contact_to_dict(c) for c in article.contacts],
    }


def dump_record(article: Article) -> str:
    """The record file's text: front matter in a fixed key order, then the body."""
    front = yaml.dump(article_to_dict(article), Dumper=_DUMPER, sort_keys=False, allow_unicode=True,
                      width=100, default_flow_style=False)
    return f"---\n{front}---\n\n{article.body.strip()}\n"
