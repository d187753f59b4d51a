"""Records: `articles/<slug>.md` (YAML front matter + Markdown body) ↔ Article dataclasses.

Parsing validates as it goes and reports every problem as a one-line Problem naming
the file and, where known, the line. Writing produces the same layout every time so
that a record's diff shows only what a person changed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import operator
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

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
_ARTICLE_KEY_SET = frozenset(ARTICLE_KEYS)
_CONTACT_KEY_SET = frozenset(CONTACT_KEYS)
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


_SPECIAL_WORDS = frozenset(("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
                            "FALSE", "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "~"))
# What PyYAML's reader refuses, and the line breaks it knows besides "\n": leave those to it.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_WORDS = {"null": None, "true": True, "false": False}  # the special words dump_record writes
_PRINTABLE_ASCII_LF = bytes(range(0x20, 0x7F)) + b"\n"
# ASCII digits only: PyYAML's timestamp pattern is [0-9], and int() would read "٢٠٢٣" as 2023.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_ISO_MONTH = re.compile(r"\d{4}-\d{2}\Z")  # text to YAML: no int, float or timestamp looks like it
_NUMBER_LIKE = re.compile(r"[0-9_.:+\-eExXbBoOtTzZa-fA-F \t]*\Z")  # all an int, float or timestamp can hold


class BlockYAML:
    """A recursive-descent reader for the block-style YAML subset that dump_record writes."""

    __slots__ = ("at", "depths", "lines")

    def __init__(self, text: str) -> None:
        body = text.strip("\n")  # python-frontmatter leaves the delimiters' line breaks
        lines = body.split("\n")
        if body.isascii():
            # What the general checks below refuse, found by whole-text scans: in printable
            # ASCII, a blank line is an empty one (or no text at all), a trailing space " \n".
            if ("" in lines or " \n" in body or body[-1] == " "
                    or body.encode("ascii").translate(None, _PRINTABLE_ASCII_LF)):
                raise _Unsupported
            self.lines = list(map(str.lstrip, lines))  # the only white space it can hold is " "
        else:
            if _UNUSUAL.search(text):
                raise _Unsupported
            if any(not line.strip() or line != line.rstrip() for line in lines):
                raise _Unsupported  # blank lines or trailing spaces: PyYAML's folding rules apply
            self.lines = [line.lstrip(" ") for line in lines]
        # Each line without its indent, and the indent: all the parser looks at.
        self.depths = list(map(operator.sub, map(len, lines), map(len, self.lines)))
        self.lines.append("")
        self.depths.append(-1)  # a sentinel: the end closes every block
        self.at = 0

    def document(self) -> dict[str, Any]:
        if self.depths[0] or self.lines[0].startswith("-"):
            raise _Unsupported
        value = self.mapping(0)
        if self.at != len(self.lines) - 1:
            raise _Unsupported
        return value

    def mapping(self, indent: int, first: str | None = None) -> dict[str, Any]:
        """Keys at `indent`; `first` is the rest of a `- key: value` line that opened it."""
        # Runs once per line of every record: the cursor is a local, and a value on one line
        # (most of them) is read by _single without the continuation machinery.
        lines, depths = self.lines, self.depths
        result: dict[str, Any] = {}
        at = self.at
        line = first
        while True:
            if line is None:
                if depths[at] != indent:
                    self.at = at
                    return result
                line = lines[at]
            at += 1
            single = depths[at] <= indent  # nothing continues this line
            if single and (seen := _SEEN_ENTRIES.get(line)):
                result[seen[0]] = seen[1]
                line = None
                continue
            key, colon, rest = line.partition(":")
            if not _is_key(key, colon, rest) or key in _SPECIAL_WORDS:
                raise _Unsupported
            if not rest:  # a nested block, or null
                below = depths[at]
                opens = lines[at].startswith("- ")
                if below > indent or (below == indent and opens):
                    self.at = at
                    result[key] = self.sequence(below) if opens else self.mapping(below)
                    at = self.at
                else:
                    result[key] = None
            elif single:
                value = result[key] = _single(rest[1:])
                _remember(_SEEN_ENTRIES, line, (key, value))
            else:
                self.at = at
                result[key] = self.scalar(rest[1:], indent)
                at = self.at
            line = None

    def sequence(self, indent: int) -> list[Any]:
        lines, depths = self.lines, self.depths
        items: list[Any] = []
        at = self.at
        while depths[at] == indent:
            line = lines[at]
            seen = _SEEN_ITEMS.get(line)
            if seen is None and line.startswith("- ") and _is_key(*line[2:].partition(":")):
                seen = _OPENS_MAPPING
                _remember(_SEEN_ITEMS, line, seen)
            if seen is _OPENS_MAPPING:
                self.at = at
                items.append(self.mapping(indent + 2, line[2:]))
                at = self.at
            elif seen is not None and depths[at + 1] <= indent:
                at += 1
                items.append(seen[0])
            elif line.startswith("- "):
                at += 1
                if depths[at] <= indent:
                    value = _single(line[2:])
                    items.append(value)
                    _remember(_SEEN_ITEMS, line, (value,))
                else:
                    self.at = at
                    items.append(self.scalar(line[2:], indent))
                    at = self.at
            else:
                break
        self.at = at
        return items

    def continuation(self, indent: int) -> list[str]:
        """The following lines that continue a scalar: indented deeper than its key or item."""
        parts = []
        while self.depths[self.at] > indent:
            parts.append(self.lines[self.at])
            self.at += 1
        return parts

    def scalar(self, text: str, indent: int) -> Any:
        if self.depths[self.at] <= indent:
            return _single(text)
        if text[0] == "'":
            return _quoted(" ".join([text, *self.continuation(indent)]))
        if text == "[]" or text == "{}":
            return [] if text == "[]" else {}  # the lines after it are left for document() to refuse
        _plain_line(text)
        parts = self.continuation(indent)  # a long value, folded onto the next lines
        if any(": " in p or " #" in p or p[-1] == ":" or not p[0].isalnum() for p in parts):
            raise _Unsupported
        return _resolved(" ".join([text, *parts]))


# Lines read before, and what they gave when nothing continued them: across an archive most
# front-matter lines recur ("date_note: null", "side: CN", a person's name or role), and a
# dict look-up costs a fraction of reading the line again. Only immutable values are kept,
# so a hit can be shared; the caches are emptied when full, to bound their memory.
_SEEN_ENTRIES: dict[str, tuple[str, Any]] = {}  # "key: value" → (key, value)
_SEEN_ITEMS: dict[str, tuple[Any]] = {}  # "- value" → (value,), or _OPENS_MAPPING for "- key: value"
_OPENS_MAPPING: tuple[Any] = (None,)
_SEEN_MOST = 20_000
_SEEN_LONGEST = 100


def _remember(seen: dict[str, Any], line: str, entry: tuple[Any, ...]) -> None:
    if len(line) > _SEEN_LONGEST or isinstance(entry[-1], list | dict):
        return
    if len(seen) >= _SEEN_MOST:
        seen.clear()
    seen[line] = entry


def _single(text: str) -> Any:
    """A value that ends on its own line, as PyYAML reads it; _Unsupported outside the subset."""
    if text[0] == "'":
        return _quoted(text)
    if text == "[]" or text == "{}":
        return [] if text == "[]" else {}
    _plain_line(text)
    return _resolved(text)


def _plain_line(text: str) -> None:
    """Refuse a first line that PyYAML may not read as plain text."""
    if not text[0].isalnum():
        raise _Unsupported  # indicators, signs, dots, flow collections, block scalars
    if ": " in text or " #" in text or text[-1] == ":":
        raise _Unsupported  # mappings and comments: PyYAML's rules


def _resolved(value: str) -> Any:
    """Plain text as PyYAML's resolver types it: a day, null, a boolean, or the text."""
    if value[0].isdigit():
        return _digits(value)
    if value in _SPECIAL_WORDS:
        if value not in _WORDS:
            raise _Unsupported
        return _WORDS[value]
    return value


def _digits(value: str) -> Any:
    """A plain value that starts with a digit: a day, text, or something for PyYAML to resolve."""
    if _ISO_DAY.match(value):
        try:
            return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
        except ValueError:
            raise _Unsupported from None  # PyYAML gives the error message
    if _NUMBER_LIKE.match(value) and not _ISO_MONTH.match(value):
        raise _Unsupported  # numbers and times: PyYAML's resolver decides
    return value  # holds a letter no number or time can hold: text ("2023-06-19-slug")


def _quoted(text: str) -> str:
    """A single-quoted value, its lines already joined by spaces: the text between the quotes."""
    end = 0
    while True:
        end = text.find("'", end + 1)
        if end < 0:
            raise _Unsupported
        if text.startswith("'", end + 1):
            end += 1
            continue
        break
    if text[end + 1:]:
        raise _Unsupported
    return text[1:end].replace("''", "'")


def _is_key(key: str, colon: str, rest: str) -> bool:
    """Whether a line's `partition(":")` is a key as `([A-Za-z_][A-Za-z0-9_]*):(?: |$)` matches one.

    str methods rather than that regex because this runs for every line; for ASCII text,
    isidentifier() means exactly [A-Za-z_][A-Za-z0-9_]*.
    """
    return bool(colon) and (not rest or rest[0] == " ") and key.isascii() and key.isidentifier()


_HANDLER = _FastYAML()


# ---------------------------------------------------------------- dates


def parse_partial_date(value: object) -> str | None:
    """A contact date: date object or 'YYYY', 'YYYY-MM', 'YYYY-MM-DD' → ISO text; else ValueError."""
    if value is None or value == "":
        return None
    if type(value) is str:
        return _partial_date_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _partial_date_text(str(value))


@functools.lru_cache(maxsize=4096)  # an archive's contacts fall on far fewer days: most are checked once
def _partial_date_text(value: str) -> str:
    text = value.strip()
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


_ASCII_KEPT = bytes(range(0x20, 0x7F)) + b"\t\n\r"  # the ASCII that CONTROL leaves alone


def without_controls(text: str) -> str:
    """Control characters carry no meaning in news text, and XML and HTML forbid them."""
    # Most text has none; finding that by a byte-table pass (ASCII) or isprintable() (every
    # CONTROL character is unprintable) is several times faster than the regex's scan.
    if text.isascii():
        if not text.encode("ascii").translate(None, _ASCII_KEPT):
            return text
    elif text.isprintable():
        return text
    return CONTROL.sub("", text)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if type(value) is str and value.isprintable():  # nothing for CONTROL to take out
        return value.strip() or None
    text = without_controls(str(value)).strip()
    return text or None


def _texts(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"expected a list, got {type(value).__name__}")
    return tuple(filter(None, map(_text, value)))  # those with text: _text gives None for the rest


def _choice(value: object, allowed: tuple[str, ...], field: str, default: str) -> str:
    if type(value) is str and value in allowed:  # already one of them: _text would give it back
        return value
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
    if not isinstance(entry, dict):
        raise ValueError("each participant needs a name and a side (CN or US)")
    # The same people recur across an archive's contacts, in the same roles: a Participant made
    # from the same text is reused (it is immutable). Only text is a key: 1 == True == 1.0 would
    # find what 1 made for True, and _text gives "1" and "True". (Shared, a person named twice in
    # one article pickles as one object: the bytes differ, what they unpickle to does not.)
    name, side, role = entry.get("name"), entry.get("side"), entry.get("role")
    if type(name) is str and type(side) is str and (role is None or type(role) is str):
        known = _PARTICIPANTS.get((name, side, role))
        if known is None:
            known = _PARTICIPANTS[name, side, role] = _participant(name, side, role)
            if len(_PARTICIPANTS) > _SEEN_MOST:
                _PARTICIPANTS.clear()
        return known
    return _participant(name, side, role)


def _participant(name: object, side: object, role: object) -> Participant:
    if not (name := _text(name)):
        raise ValueError("each participant needs a name and a side (CN or US)")
    return Participant(name, _choice(side, SIDES, "side", ""), _text(role))


_PARTICIPANTS: dict[tuple[str, str, str | None], Participant] = {}


def source_from(entry: object, slug: str) -> Source:
    """A quoted sentence; from this article unless it names another one (`article: <slug>`)."""
    if isinstance(entry, str):
        return Source(slug, _text(entry) or "")
    if not isinstance(entry, dict) or not (sentence := _text(entry.get("sentence"))):
        raise ValueError("each source needs a sentence (and may name another article's slug)")
    return Source(_text(entry.get("article")) or slug, sentence)


def contact_from(entry: object, slug: str) -> Contact:
    if not isinstance(entry, dict):
        raise ValueError("each contact must be a mapping of fields")
    # The subset test first: it spares building two sets for the usual contact, whose keys are all known.
    unknown = set() if entry.keys() <= _CONTACT_KEY_SET else set(entry) - set(CONTACT_KEYS)
    if unknown:
        raise ValueError(f"contact has unknown field(s) {', '.join(sorted(unknown))}")
    sources = tuple([source_from(s, slug) for s in entry.get("sources") or ()])
    participants = tuple(map(participant_from, entry.get("participants") or ()))
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


_PRECISIONS = {None: "unknown", 4: "year", 7: "month", 10: "day"}


def precision_of(date: str | None) -> str:
    return _PRECISIONS.get(len(date) if date else None, "unknown")


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


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    r"""`frontmatter.parse(text, handler=_HANDLER)`, with the usual layout split by str.find.

    python-frontmatter finds its delimiters with a multi-line regex split over the whole
    file, which costs more than reading the front matter. For a file that opens with a
    bare `---` line, the same split is: the first later line that FM_BOUNDARY matches,
    tried where a line starts with `---`. Anything else is python-frontmatter's to read.

    python-frontmatter strips the text first; that moves no delimiter (only trailing white
    space goes, which `\s*$` would match anyway) and the body is stripped after, so the
    copy is left out. Its "\r\n" → "\n" is kept, but scanned for only if there is a "\r".
    """
    unified = text.replace("\r\n", "\n") if "\r" in text else text
    if unified.startswith("---\n") and unified[4:5] and not unified[4].isspace():
        boundary = _HANDLER.FM_BOUNDARY
        assert boundary is not None
        at = unified.find("\n---", 3)
        while at >= 0:
            closing = boundary.match(unified, at + 1)
            if closing:
                metadata = _HANDLER.load(unified[3:at + 1])
                return (metadata if isinstance(metadata, dict) else {}), unified[closing.end():].strip()
            at = unified.find("\n---", at + 1)
    return frontmatter.parse(text, handler=_HANDLER)  # given the text as it came: it unifies line ends itself


def split_record(text: str, path: str) -> tuple[dict[str, Any], str]:
    if not text.lstrip("\ufeff").startswith("---"):
        raise RecordError(Problem(path, "no YAML front matter; start the file with a '---' line", 1))
    try:
        metadata, body = _front_matter(text.lstrip("\ufeff"))
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


def _stem(path: str) -> str:
    """`Path(path).stem` without building a Path (a noticeable share of reading a record)."""
    name = os.path.basename(path)
    if name in ("", "."):  # a trailing separator or a "." part: pathlib's own parsing decides
        return Path(path).stem
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def article_from(metadata: dict[str, Any], body: str, path: str, text: str = "") -> tuple[Article, list[Problem]]:
    """Validated Article and warnings; RecordError for what makes the record unusable."""
    warnings: list[Problem] = []
    for key in () if metadata.keys() <= _ARTICLE_KEY_SET else metadata:  # usually all known: no loop
        if key not in ARTICLE_KEYS:
            near = difflib.get_close_matches(str(key), ARTICLE_KEYS, n=1)
            hint = f"; did you mean '{near[0]}'?" if near else f"; known keys: {', '.join(ARTICLE_KEYS)}"
            warnings.append(Problem(path, f"unknown front-matter key '{key}' is ignored{hint}",
                                    key_line(text, str(key)), "warning"))
    if not (title := _text(metadata.get("title"))):
        raise RecordError(Problem(path, "missing 'title'; add a title: line to the front matter", 2))
    if "date" not in metadata:
        raise RecordError(Problem(path, "missing 'date'; add date: YYYY-MM-DD (or date: null while unknown)", 2))
    stem = _stem(path)
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
        slug=slug, title=title, date=date, body=without_controls(body),
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


class Filed(Protocol):
    """What the corpus-wide checks and order need of a record: an Article, or its cache entry."""

    slug: str
    path: str | None
    date: dt.date | None


def duplicate_slugs(articles: Sequence[Filed]) -> list[Problem]:
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


def date_order_key(date: dt.date | None, slug: str) -> tuple[bool, dt.date, str]:
    """Date, then slug: undated articles last. The one order every page and export uses."""
    return date is None, date or dt.date.min, slug


def date_order(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: date_order_key(a.date, a.slug))


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
