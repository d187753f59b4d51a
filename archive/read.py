"""Read: a raw, copy-pasted news text → an Article record (without people or contacts).

The text is read line by line. Each line is classified — furniture, image file name,
caption, date line, masthead, byline, bio, subheading or body — by patterns kept in
`data/boilerplate.yaml` and `data/outlets.yaml`. Facts found in furniture (outlet,
author, date, captions) go to the record; the furniture itself is dropped; the
text's own words are kept as they are.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from archive.data import DATA_DIR, load_yaml
from archive.dates import human, parse_address_date, parse_header_date
from archive.model import Article, Image
from archive.records import without_controls

MAX_SEED_BYTES = 5 * 1024 * 1024
SUBHEADING_MAX_WORDS = 10
FRONT_DATE_WORDS = 7  # a line before the story with a full date and no more words is a date line
BYLINE_WORDS = 14  # "By Catherine M. Doyle, Globe Staff | November 21, 2005"; "By contrast, …" runs longer
FRONT_WIDGET_WORDS = 8  # shorter lines with no sentence's end, between headline and story, are page furniture
FRONT_LOOKAHEAD = 4  # lines looked at past a standfirst for the byline's date
STORY_WORDS = 25  # a line this long that ends a sentence starts the story (or is its standfirst)
STORY_LINES = 5  # the story's first lines, whose names a headline shares
HEADLINE_WORDS = 30  # a headline is shorter
_SENTENCE_END = re.compile(r"""[.!?:;,…]["'”’)]*$|[.!?,]["'”’]$""")
_MARKDOWN_LEAD = re.compile(r"^(\s*)([#>*+-]|\d+[.)])(\s)")


class SeedError(Exception):
    """A seed text that cannot be read; the message names the file and what to do."""


@dataclass(frozen=True)
class Patterns:
    furniture: tuple[re.Pattern[str], ...]
    source_line: re.Pattern[str]
    follow_line: re.Pattern[str]
    byline: re.Pattern[str]
    date_line: re.Pattern[str]
    image_file: re.Pattern[str]
    caption_credit: tuple[re.Pattern[str], ...]
    author_bio: re.Pattern[str]
    dateline: re.Pattern[str]
    masthead: re.Pattern[str]
    navigation: re.Pattern[str]
    tail_marker: re.Pattern[str]
    name_line: re.Pattern[str]
    author_post: re.Pattern[str]
    section_words: frozenset[str]
    outlets: tuple[dict[str, Any], ...]
    kind_markers: tuple[tuple[str, re.Pattern[str]], ...]


def _whole(pattern: str, flags: int = re.I) -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern})\Z", flags)


@lru_cache(maxsize=4)
def load_patterns(data_dir: Path = DATA_DIR) -> Patterns:
    raw = load_yaml(data_dir / "boilerplate.yaml")
    outlets = load_yaml(data_dir / "outlets.yaml")
    return Patterns(
        furniture=tuple(_whole(p) for p in raw["furniture"]),
        source_line=_whole(raw["source_line"]),
        follow_line=_whole(raw["follow_line"]),
        byline=_whole(raw["byline"]),
        date_line=_whole(raw["date_line"]),
        image_file=_whole(raw["image_file"]),
        caption_credit=tuple(_whole(p) for p in raw["caption_credit"]),
        author_bio=_whole(raw["author_bio"]),
        dateline=re.compile(raw["dateline"]),
        masthead=_whole(outlets["masthead_pattern"], 0),
        navigation=_whole(raw["navigation"]),
        tail_marker=_whole(raw["tail_marker"]),
        name_line=_whole(raw["name_line"], 0),
        author_post=re.compile(raw["author_post"], re.I),
        section_words=frozenset(str(w) for w in raw["section_words"]),
        outlets=tuple(outlets["outlets"]),
        kind_markers=tuple(
            (kind, re.compile(p, re.I)) for kind, ps in outlets["kind_markers"].items() for p in ps
        ),
    )


# ---------------------------------------------------------------- decoding


def decode_seed(raw: bytes, name: str) -> tuple[str, list[str]]:
    """Bytes → text with LF line ends; notes say what had to be repaired."""
    if not raw.strip():
        raise SeedError(f"{name}: the file is empty; add the article's text or remove the file")
    if len(raw) > MAX_SEED_BYTES:
        size = len(raw) / 1024 / 1024
        raise SeedError(
            f"{name}: {size:.0f} MB is too large for one article (limit {MAX_SEED_BYTES // 1024 // 1024} MB);"
            " check it is the right file or split it"
        )
    if b"\x00" in raw[:8192]:
        raise SeedError(f"{name}: looks binary (NUL bytes), not a text article; export it as plain text")
    notes: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        bad = text.count("\ufffd")
        line = raw[: error.start].count(b"\n") + 1
        notes.append(
            f"{name}:{line}: not valid UTF-8; {bad} byte(s) replaced with U+FFFD — re-save the file as UTF-8"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text), notes


# ---------------------------------------------------------------- line classes


@dataclass
class Draft:
    """What the reader has gathered so far, line by line."""

    title: str | None = None
    summary: str | None = None
    date: dt.date | None = None
    outlet: str | None = None
    author: str | None = None
    author_bio: str | None = None
    dateline: str | None = None
    kind_hints: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    pending_file: str | None = None
    ended: bool = False  # the story is over: what follows is the page's lists (tail_marker)
    addresses: set[tuple[dt.date, str]] = field(default_factory=set)  # days the page's own URL lines name


def clean_line(line: str) -> str:
    """One line, its spaces evened, and without a wire service's paragraph mark ("--Xi told …")."""
    return _PARAGRAPH_MARK.sub("", without_controls(re.sub(r"[ \t\u00a0\u2009\u200b]+", " ", line)).strip())


_PARAGRAPH_MARK = re.compile(r"^--(?=[^\W\d_]|[\"“‘'])")  # "--" glued to a word or a quote; "-- Ad --" keeps it


def outlet_named(text: str, patterns: Patterns) -> str | None:
    """The canonical name of a listed outlet, by name, alias or e-mail domain."""
    wanted = text.strip().lower().removeprefix("www.")
    for outlet in patterns.outlets:
        names = [outlet["name"], *outlet.get("aliases", ())]
        if wanted in (n.lower() for n in names) or any(
            wanted == d or wanted.endswith("." + d) for d in outlet.get("domains", ())
        ):
            return str(outlet["name"])
    return None


# The page's label before a caption: "[Photo caption: …", "(Photo) …", "PHOTO: …", "[Image: …"
_CAPTION_LABEL = re.compile(r"[\[(](?:photo|image|picture)(?:\s+caption)?\s*[:\])]\s*"
                            r"|(?:photo|image|picture)(?:\s+caption)?\s*:\s*", re.I)


def match_caption(line: str, patterns: Patterns) -> Image | None:
    for pattern in patterns.caption_credit:
        match = pattern.match(line)
        if match and len(match["caption"]) >= 12:
            caption = match["caption"].strip()
            if label := _CAPTION_LABEL.match(caption):
                caption = caption[label.end():]
            return Image(None, caption, match["credit"].strip())
    return None


def match_date_line(line: str, patterns: Patterns) -> dt.date | None:
    """A line that is a date and nothing else (a sentence with a date is body text)."""
    if len(line) > 60:
        return None
    match = patterns.date_line.match(line)
    if not match:
        return None
    return parse_header_date(match["date"]) if len(match["date"].split()) <= 5 else None


def is_subheading(line: str) -> bool:
    """A short line that does not end like a sentence: a section heading inside the body."""
    words = line.split()
    opens_well = line[0].isupper() or line[0] in "'‘\"“"
    return 0 < len(words) <= SUBHEADING_MAX_WORDS and opens_well and not _SENTENCE_END.search(line)


def escape_markdown(paragraph: str) -> str:
    """Keep the words; stop a leading '#', '-', '1.' or '>' from turning into markup."""
    return _MARKDOWN_LEAD.sub(lambda m: m[1] + "\\" + m[2] + m[3], paragraph)


# ---------------------------------------------------------------- the reader


def take_metadata_line(line: str, draft: Draft, patterns: Patterns) -> bool:
    """Lines that carry a fact for the record anywhere in the text. True if consumed."""
    if _ADDRESS_LINE.match(line):  # the page's address, pasted with it: no story text
        if (day := parse_address_date(line)) is not None:
            draft.addresses.add((day, line))
        return True
    if match := patterns.source_line.match(line):
        draft.outlet = draft.outlet or match["outlet"].split("|")[0].strip()
        draft.date = draft.date or parse_header_date(line)  # "Source: Xinhua | 2023-01-02 10:27:15 | Editor: …"
        return True
    if match := patterns.follow_line.match(line):
        draft.author = draft.author or match["author"].strip()
        return True
    if match := patterns.author_bio.match(line):
        draft.author_bio = match["bio"].strip()
        if match["email"]:
            draft.outlet = draft.outlet or outlet_named(match["email"].split("@", 1)[1], patterns)
            draft.kind_hints.append(match["email"])
        draft.kind_hints.append(match["bio"])
        return True
    if match := patterns.image_file.match(line):
        draft.pending_file = match["file"]
        return True
    if image := match_caption(line, patterns):
        take_image(replace(image, file=draft.pending_file), draft)
        draft.pending_file = None
        return True
    if (day := match_date_line(line, patterns)) is not None:
        draft.date = draft.date or day
        return True
    return any(p.match(line) for p in patterns.furniture)


_ADDRESS_LINE = re.compile(r"(?:URL:\s*)?https?://\S+\Z", re.I)


def take_image(image: Image, draft: Draft) -> None:
    """A photo, once: a page may repeat a caption."""
    if all(existing.caption != image.caption for existing in draft.images):
        draft.images.append(image)


def address_date(draft: Draft) -> tuple[dt.date | None, str | None]:
    """For a page whose text gives no date: the day its pasted address names, when all its
    addresses that name one agree, with a note saying so."""
    if draft.date is not None or len({day for day, _ in draft.addresses}) != 1:
        return None, None
    day, url = min(draft.addresses)
    return day, f"The text states no date; its address ({url}) names {human(day)}, taken as the article's date."


_NAME = re.compile(r"\b[A-Z][^\W\d_]+|\b\w*\d\w*")  # "Obama", "Hangzhou", "G20"


def story_names(lines: list[str], patterns: Patterns) -> tuple[frozenset[str], int]:
    """The capitalised words (and words with digits) of the story's first lines, lower-cased, and
    the index of its first line: what a headline names, and where the page's front ends."""
    start = next((i for i, line in enumerate(lines) if len(line.split()) >= STORY_WORDS
                  and _SENTENCE_END.search(line) and not is_front_matter_line(line, patterns)), len(lines))
    story = " ".join(lines[start: start + STORY_LINES])
    return frozenset(word.lower() for word in _NAME.findall(story)), start


def shared_names(line: str, story: frozenset[str]) -> int:
    return len({word.lower() for word in re.findall(r"[^\W_]+", line)} & story)


def headline_ahead(lines: list[str], story: frozenset[str], start: int, patterns: Patterns) -> list[int]:
    """For each line, the most story names (`story`, from the story's `start` line) a later line before
    the story shares, among lines that could be a headline (short, no sentence's end, no menu item or
    metadata); 0 past the front."""
    best, ahead = 0, [0] * len(lines)
    for index in range(start - 1, -1, -1):
        ahead[index] = best
        line = lines[index]
        if len(line.split()) <= HEADLINE_WORDS and not _SENTENCE_END.search(line) \
                and not is_front_matter_line(line, patterns) and not patterns.navigation.match(line):
            best = max(best, shared_names(line, story))
    return ahead


MENU_LINES = 3  # this many short lines in a row, none a sentence, are a menu
MASTHEAD_LINES = 3  # the site's name and tagline stand in the page's first lines


def menu_follows(lines: list[str], index: int) -> bool:
    """One of the page's first lines, with a run of menu items right after it: the site's tagline
    (a headline further down is followed by its byline, date and share buttons, as short)."""
    after = lines[index + 1: index + 1 + MENU_LINES]
    return index < MASTHEAD_LINES and len(after) == MENU_LINES and all(
        len(line.split()) <= 3 and not _SENTENCE_END.search(line) for line in after)


def gives_way(line: str, story: frozenset[str], ahead: int, menu_next: bool = False) -> bool:
    """A first line that would be the title but names nothing of the story, while a later one names
    much of it: the site's tagline ("Published daily by the Lowy Institute", "Made for minds."); or
    one over the site's menu that a later line names more of the story than ("Hong Kong's Leading
    English Newspaper" over "Local / China / World …")."""
    shared = shared_names(line, story)
    return (shared == 0 and ahead >= 2) or (shared == 1 and ahead >= 3) or (menu_next and ahead > shared)


def take_front_line(line: str, draft: Draft, patterns: Patterns, next_is_front: bool, following: str = "",
                    tagline: bool = False, top: bool = True) -> bool:
    """Lines before the body starts: the site's menus, title, standfirst, masthead, byline, share
    buttons. True if consumed. `tagline`: the line gives way to a headline further on (gives_way);
    `top`: one of the page's first lines, where the site names itself (a menu item further down that
    is an outlet's name, "Foreign policy", "U.S. News", names a section)."""
    if (day := front_date(line)) is not None:  # "August 5, 2022 7:58 PM GMT+7", "Thu, Jul 18, 2024 page1"
        draft.date = draft.date or day
        return True
    if take_dated_byline(line, draft, patterns):
        return True
    if draft.title is None:
        if tagline or is_navigation(line, following, patterns):
            if top:
                take_outlet_line(line, draft, patterns)
            draft.date = draft.date or parse_header_date(line)  # "KYODO NEWS - Nov 15, 2023 - 09:12 | World"
            return True
        draft.title = line
        return True
    if take_outlet_line(line, draft, patterns):
        return True
    if match := patterns.byline.match(line):
        named = match["author"].strip()
        if outlet_named(named, patterns):  # "By Global Times": the outlet, not an author
            draft.outlet = draft.outlet or named
        else:
            draft.author = draft.author or named
        # "By ZHOU JINGWEN in New York | China Daily | Updated: 2024-09-28 09:14"
        draft.date = draft.date or parse_header_date(line[match.end("author"):])
        return True
    if draft.author is None and (draft.summary is None or next_is_front) and (named := patterns.name_line.match(line)):
        draft.author = named["author"]
        return True
    # what stands between the headline and the story and is no sentence: "Share", "Translate",
    # "Updated about 10 hours ago", a section's name
    if _STAMP.match(line):  # when the page was posted and updated: its date, no standfirst
        draft.date = draft.date or parse_header_date(line)
        return True
    widget = len(line.split()) < FRONT_WIDGET_WORDS and not _SENTENCE_END.search(line)
    if draft.summary is None and next_is_front and not widget and not patterns.dateline.match(line):
        draft.summary = line
        return True
    return widget


# "Posted Wed 25 Sep 2024 at 4:43pm, updated Wed 25 Sep 2024 at 9:20pm": when the page was posted, no standfirst
_STAMP = re.compile(r"(?:posted|updated|published|first published|last updated)\b.{0,60}\d{4}", re.I)


def dated_byline(line: str, patterns: Patterns) -> tuple[dt.date, str | None] | None:
    """'January 21, 2011|By Megan Kowalski and Ray Donnelly, Tribune reporters', '3 Jun 2019|Caitlin
    Marr': a date line and the byline on one line, split by a bar; the date and the author."""
    head, _, rest = line.partition("|")
    if not rest or (day := match_date_line(head.strip(), patterns)) is None:
        return None
    rest = rest.strip()
    if match := patterns.byline.match(rest):
        return day, match["author"].strip()
    return day, named["author"] if (named := patterns.name_line.match(rest)) else None


_COMMA = re.compile(r"\s*,\s*")
_BYLINE_PARTS = re.compile(r"\s+and\s+|\s*&\s*|\s+with\s+")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\Z")  # "Lingling Feng in Washington"


def author_names(byline: str | None, patterns: Patterns) -> str | None:
    """The people a byline names, without their posts, desks, places and outlets ("Catherine M. Doyle,
    Globe Staff", "ZHOU JINGWEN in New York", "Simone McCarthy, CNN"); None if it names nobody
    ("Reuters staff", "HT News Desk")."""
    if byline is None:
        return None
    names = []
    for number, listed in enumerate(_COMMA.split(byline)):
        for part in _BYLINE_PARTS.split(listed):
            # after the first comma, a part that ends with a post is all post: "Mere Tuilagi, RNZ Pacific Journalist"
            part = _without_post(_IN_PLACE.sub("", part).strip(), patterns, whole=number > 0)
            if len(part.split()) >= 2 and not outlet_named(part, patterns):
                names.append(part)
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _without_post(part: str, patterns: Patterns, whole: bool = False) -> str:
    """A byline's part less the post, desk or outlet at its end, the longest that leaves two words
    ("Kelsey Marwood World-Herald Bureau", "Dorian Hale Staff writer"); "" if what is left, or the
    whole, is a post or an outlet ("HT News Desk", "Newsmax Wires")."""
    words = part.split()
    cuts = [cut for cut in range(0 if whole else 2, len(words))
            if patterns.author_post.fullmatch(" ".join(words[cut:]))]
    if cuts and whole:
        return ""
    rest = " ".join(words[:cuts[0]]) if cuts else part
    return "" if patterns.author_post.fullmatch(rest) else rest


def take_dated_byline(line: str, draft: Draft, patterns: Patterns) -> bool:
    if (found := dated_byline(line, patterns)) is None:
        return False
    draft.date = draft.date or found[0]
    draft.author = draft.author or found[1]
    return True


def take_outlet_line(line: str, draft: Draft, patterns: Patterns) -> bool:
    """A listed outlet's name or a masthead on a line of its own: the outlet, as the text names it."""
    if outlet_named(line, patterns) or patterns.masthead.match(line):
        draft.outlet = draft.outlet or line
        return True
    return False


SITE_NAME_WORDS = 4  # a site's name on the page's first line is this short


def site_name(lines: list[str], title: str | None, patterns: Patterns) -> str | None:
    """The page's first line when it stands above the headline and reads as a site's name, not a
    section's, a menu's or a date's (data/boilerplate.yaml `section_words`)."""
    first = next((line for line in lines if not any(p.match(line) for p in patterns.furniture)), None)
    if first is None or first == title or len(first.split()) > SITE_NAME_WORDS or re.search(r"[\d|/>:»›]", first):
        return None
    words = {word.strip(".,'’*-").lower() for word in first.split()}
    return None if words <= patterns.section_words or _SENTENCE_END.search(first) else first.rstrip("*").strip()


def front_date(line: str) -> dt.date | None:
    """The date of a short line before the story that gives one with more than the date_line
    pattern reads (a time zone, a page number): too short to be a headline or a sentence."""
    if len(line.split()) > FRONT_DATE_WORDS or _SENTENCE_END.search(line):
        return None
    return parse_header_date(line)


def is_navigation(line: str, following: str, patterns: Patterns) -> bool:
    """A line before the headline that is not it: a menu item or a run of them, a breadcrumb, the
    site's name or domain, a section's name over the headline ("Asia Pacific"). A headline has words
    of its own; a short one is followed by the story, whose sentences end with a full stop."""
    words = line.split()
    if patterns.navigation.match(line) or patterns.masthead.match(line) or outlet_named(line, patterns):
        return True  # (take_front_line then takes the outlet's name)
    if line.isupper() and len(words) <= 5:  # "DAWN", "NEWS PROVIDED BY AFP"
        return True
    if len(words) > 3 or not following or _SENTENCE_END.search(line):
        return False
    return bool(patterns.navigation.match(following)) or not _SENTENCE_END.search(following)


def is_front_matter_line(line: str, patterns: Patterns) -> bool:
    """Would this line be consumed as metadata (so the line before it stands apart)?"""
    return bool(
        patterns.image_file.match(line)
        or match_caption(line, patterns)
        or match_date_line(line, patterns)
        or dated_byline(line, patterns)
        or (len(line.split()) <= BYLINE_WORDS and patterns.byline.match(line) is not None)
        or front_date(line)
        or outlet_named(line, patterns)
        or patterns.masthead.match(line)
        or any(p.match(line) for p in patterns.furniture)
    )


def front_follows(lines: list[str], index: int, patterns: Patterns) -> bool:
    """Whether the page's front goes on after line `index`: a metadata line comes next, or after a
    few short lines that are no sentences (a standfirst, then "Tom Hartley", "Asia correspondent",
    then the date line)."""
    for line in lines[index + 1: index + 1 + FRONT_LOOKAHEAD]:
        if is_front_matter_line(line, patterns):
            return True
        if len(line.split()) >= FRONT_WIDGET_WORDS or _SENTENCE_END.search(line):
            return False
    return False


def take_body_line(line: str, draft: Draft, patterns: Patterns) -> None:
    if draft.ended and not _SENTENCE_END.search(line):
        return  # a related headline, a tag, a name, a footer link: not the story's
    if draft.dateline is None and all(map(_BULLET.match, draft.body)) and (match := patterns.dateline.match(line)):
        draft.dateline = match["dateline"].strip().rstrip(",")
        if match["agency"] and outlet_named(match["agency"], patterns):
            draft.outlet = draft.outlet or match["agency"].strip()
        line = line[match.end() :]
    if draft.body and is_subheading(line):
        draft.body.append("## " + line)
    else:
        draft.body.append(escape_markdown(line))


_BULLET = re.compile(r"\\?[-•*] ")  # a key point over the story, as the body keeps it ("\- Xi received …")


def guess_kind(draft: Draft, patterns: Patterns) -> str:
    texts = [draft.title or "", *draft.kind_hints]
    for kind, marker in patterns.kind_markers:
        if any(marker.search(text) for text in texts):
            return kind
    return "news"


def slugify(text: str, limit: int = 70) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "article"


# "MATT DIXON/THE WORLD-HERALD", "POOL / THE ASSOCIATED PRESS": a photo credit in capitals, with a slash
_CAPS_CREDIT = r"[A-Z][A-Z.'’&-]*(?:\s+[A-Z.'’&-]+)*\s*/\s*[A-Z][A-Z.'’&-]*(?:\s+[A-Z.'’&-]+)*"
_LONE_CREDIT = re.compile(_CAPS_CREDIT + r"\Z")
_TRAILING_CREDIT = re.compile(r"(?P<caption>.+?[.!?])\s+(?P<credit>" + _CAPS_CREDIT + r")\Z")
CAPTION_WORDS = 60  # a caption over an image file is no longer


def captions_before_files(lines: list[str], patterns: Patterns) -> tuple[dict[int, Image], set[int]]:
    """Photos whose caption the page gives before their file name: a caption the caption patterns
    know, or the line before the file (or before a lone credit line before it: "Soybeans near harvest
    in a field north of Ceresco. …" / "MATT DIXON/THE WORLD-HERALD" / "ceresco-soybeans-092019-md.jpg"),
    unless a caption follows the file (that page puts the file first). The photos by their caption's
    line, and the lines they take besides (the file's, a lone credit's)."""
    photos: dict[int, Image] = {}
    taken: set[int] = set()
    for index, line in enumerate(lines):
        if not (file := patterns.image_file.match(line)) or index == 0:
            continue
        if index + 1 < len(lines) and match_caption(lines[index + 1], patterns):
            continue
        at, credit = index - 1, None
        if _LONE_CREDIT.match(lines[at]) and len(lines[at].split()) <= 8 and at > 0:
            credit, at = lines[at], at - 1
        photo = match_caption(lines[at], patterns) or _unknown_caption(lines[at], credit, patterns)
        if photo is None:
            continue
        photos[at] = replace(photo, file=file["file"])
        taken |= set(range(at + 1, index + 1))
    return photos, taken


def _unknown_caption(text: str, credit: str | None, patterns: Patterns) -> Image | None:
    """A line over an image's file name as its caption, with a credit in capitals at its end or on the
    line between; None if it reads as no caption (too long, no sentence, metadata)."""
    trailing = _TRAILING_CREDIT.match(text) if credit is None else None
    if len(text.split()) > CAPTION_WORDS or not (_SENTENCE_END.search(text) or trailing) \
            or is_front_matter_line(text, patterns) or patterns.image_file.match(text):
        return None
    if trailing:  # "… on Sunday. POOL / THE ASSOCIATED PRESS"
        return Image(None, trailing["caption"], trailing["credit"])
    return Image(None, text, credit)


def read_seed(text: str, source_file: str, data_dir: Path = DATA_DIR) -> Article:
    """Seed text → Article (people and contacts are the extract stage's)."""
    patterns = load_patterns(data_dir)
    lines = [clean_line(line) for line in text.split("\n")]
    lines = [line for line in lines if line]
    draft = Draft()
    story, start = story_names(lines, patterns)
    ahead = headline_ahead(lines, story, start, patterns)
    photos, taken = captions_before_files(lines, patterns)
    for index, line in enumerate(lines):
        if index in taken:
            continue  # the file (and a lone credit) of a photo whose caption came first
        if index in photos:
            take_image(photos[index], draft)
            continue
        if draft.body and patterns.tail_marker.match(line):  # before furniture: "Related" is both
            draft.ended = True
            continue
        if take_metadata_line(line, draft, patterns):
            continue
        if not draft.body:
            following = lines[index + 1] if index + 1 < len(lines) else ""
            tagline = draft.title is None and gives_way(line, story, ahead[index], menu_follows(lines, index))
            top = index < MASTHEAD_LINES
            if take_front_line(line, draft, patterns, front_follows(lines, index, patterns), following, tagline, top):
                continue
        take_body_line(line, draft, patterns)
    if draft.pending_file:
        draft.images.append(Image(draft.pending_file, "", None))
    title = draft.title or Path(source_file).stem
    addressed, note = address_date(draft)
    return Article(
        slug=slugify(title),
        title=title,
        date=draft.date or addressed,
        date_inferred=addressed is not None,
        date_note=note,
        body="\n\n".join(draft.body) + "\n",
        outlet=draft.outlet or site_name(lines, draft.title, patterns),
        author=author_names(draft.author, patterns),
        author_bio=draft.author_bio,
        kind=guess_kind(draft, patterns),
        dateline=draft.dateline,
        summary=draft.summary,
        images=tuple(draft.images),
        source_file=source_file,
    )
