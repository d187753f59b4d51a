"""Views: the model shaped for reading — display dates, URLs, groupings — with no markup.

Templates receive these plain values and only lay them out. Every URL here is
relative to the site root and names its file (`articles/<slug>/index.html`), so the
site works from disk; pages prefix them with their own `root` ("../../").
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from archive.model import ArticleRef, Contact, Participant, Person, Source, TimelineEntry

T = TypeVar("T")
PERIOD = (2022, 2023)
MODE_LABELS = {"in-person": "In person", "phone": "Phone", "video": "Video", "unknown": "Mode not stated"}
SIDE_LABELS = {"CN": "China", "US": "United States", "other": "Others"}


@functools.lru_cache(maxsize=1 << 16)  # a few hundred names, mentioned ~10⁵ times at 10,000 articles
def slug_of(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def article_url(slug: str) -> str:
    return f"articles/{slug}/index.html"


def person_url(name: str) -> str:
    return f"people/{slug_of(name)}/index.html"


def outlet_url(outlet: str) -> str:
    return f"outlets/{slug_of(outlet)}/index.html"


def topic_url(topic: str) -> str:
    return f"topics/{slug_of(topic)}/index.html"


def month_url(year: int, month: int) -> str:
    return f"archive/{year}/{month:02d}/index.html"


def timeline_month_url(year: int, month: int) -> str:
    return f"timeline/{year}/{month:02d}/index.html"


def page_month(date: str | None, status: str) -> tuple[int, int] | None:
    """The month whose timeline page holds a contact: one held or planned in the period, in a
    known month; None for the others (only the home page lists them)."""
    if date is not None and len(date) >= 7 and section_of(date, status) in ("period", "planned"):
        return int(date[:4]), int(date[5:7])
    return None


def timeline_url(entry_id: str, date: str | None, status: str) -> str:
    """A contact's place: its month's timeline page (page_month), else the home page. A function
    of the contact alone, never of the corpus (whose size decides only whether the home page
    lists every contact): a citation stays good as the archive grows."""
    month = page_month(date, status)
    return f"{timeline_month_url(*month)}#{entry_id}" if month else f"index.html#{entry_id}"


@dataclass(frozen=True)
class Layout:
    """Sizes above which a list page is split (data/layout.yaml says why)."""

    timeline_months_from: int = 300
    articles_months_from: int = 1000


# ---------------------------------------------------------------- dates


@functools.lru_cache(maxsize=1 << 14)  # ~700 distinct days, shown ~10⁵ times at 10,000 articles
def display_day(day: dt.date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%B %Y')}"


@functools.lru_cache(maxsize=1 << 14)
def display_partial(date: str | None) -> str:
    """'2022-10-31' → 'Mon 31 October 2022'; '2022-11' → 'November 2022'; '2023' → '2023'."""
    if not date:
        return "Date not given"
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        return display_day(dt.date(*parts))
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1).strftime("%B %Y")
    return str(parts[0])


def display_span(date: str | None, end_date: str | None) -> str:
    if not end_date or end_date == date:
        return display_partial(date)
    return f"{display_partial(date)} – {display_partial(end_date)}"


# ---------------------------------------------------------------- view values


class Link(NamedTuple):
    """A name and the URL of its page. A tuple, not a dict: templates read `link.url` as an
    attribute, which a dict answers only after a failed attribute lookup (an exception)."""

    name: str
    url: str


@dataclass(frozen=True)
class PersonRef:
    name: str
    role: str | None
    url: str


@dataclass(frozen=True)
class SourceView:
    title: str
    url: str
    sentence: str
    outlet: str | None
    date: str
    iso_date: str | None


class ContactLine(NamedTuple):
    """A contact in one line (the who-met-whom page lists every contact of each pair)."""

    url: str
    date: str | None
    when: str
    summary: str


def contact_line(entry: TimelineEntry) -> ContactLine:
    contact = entry.contact
    return ContactLine(timeline_url(entry.id, contact.date, contact.status), contact.date,
                       display_span(contact.date, contact.end_date), contact.summary)


@dataclass(frozen=True)
class PairView:
    """A Chinese and a US participant, and the contacts they took part in together."""

    chinese: str
    american: str
    chinese_slug: str
    lines: tuple[ContactLine, ...]


@dataclass(frozen=True)
class ContactView:
    id: str
    date: str | None
    end_date: str | None
    when: str
    precision: str
    inferred: bool
    date_note: str | None
    china: tuple[PersonRef, ...]
    united_states: tuple[PersonRef, ...]
    mode: str
    mode_label: str
    place: str | None
    duration: str | None
    status: str
    summary: str
    sources: tuple[SourceView, ...]
    url: str
    group: str  # "period", "planned", "earlier", "undated"


@dataclass
class TimelineMonth:
    """A month's timeline page: the contacts held in it and those planned for it."""

    year: int
    month: int
    label: str
    held: list[TimelineEntry] = field(default_factory=list)
    planned: list[TimelineEntry] = field(default_factory=list)


@dataclass
class MonthGroup:
    year: int
    month: int | None  # None: "date known to the year only"
    label: str
    anchor: str
    items: list[object] = field(default_factory=list)


def person_ref(participant: Participant) -> PersonRef:
    return PersonRef(participant.name, participant.role, person_url(participant.name))


def source_view(source: Source, articles: Mapping[str, ArticleRef]) -> SourceView | None:
    article = articles.get(source.article)
    if article is None:
        return None
    return SourceView(
        title=article.title,
        url=article_url(article.slug) + (f"#{source.anchor}" if source.anchor else ""),
        sentence=source.sentence,
        outlet=article.outlet,
        date=display_day(article.date) if article.date else "undated",
        iso_date=article.date.isoformat() if article.date else None,
    )


def section_of(date: str | None, status: str) -> str:
    """The timeline section of a contact with this date and status."""
    if not date:
        return "undated"
    year = int(date[:4])
    if not PERIOD[0] <= year <= PERIOD[1]:
        return "earlier" if year < PERIOD[0] else "later"
    return "period" if status == "held" else "planned"


def contact_group(contact: Contact) -> str:
    return section_of(contact.date, contact.status)


def contact_view(contact: Contact, articles: Mapping[str, ArticleRef]) -> ContactView:
    sources = tuple(v for v in (source_view(s, articles) for s in contact.sources) if v)
    return ContactView(
        id=contact.id,
        date=contact.date,
        end_date=contact.end_date,
        when=display_span(contact.date, contact.end_date),
        precision=contact.date_precision,
        inferred=contact.date_inferred,
        date_note=contact.date_note,
        china=tuple(person_ref(p) for p in contact.participants if p.side == "CN"),
        united_states=tuple(person_ref(p) for p in contact.participants if p.side == "US"),
        mode=contact.mode,
        mode_label=MODE_LABELS[contact.mode],
        place=contact.place,
        duration=contact.duration,
        status=contact.status,
        summary=contact.summary,
        sources=sources,
        url=timeline_url(contact.id, contact.date, contact.status),
        group=contact_group(contact),
    )


def group_by_month(items: list[T], date_of: Callable[[T], str]) -> list[MonthGroup]:
    """Year → month groups in order; items known only to the year get their own group."""
    by_month: dict[str, list[T]] = defaultdict(list)
    for item in items:  # ~10,000 at a time: the month's groups are made once, below
        by_month[date_of(item)[:7]].append(item)
    groups = []
    for key, found in by_month.items():
        year, month = int(key[:4]), int(key[5:7]) if len(key) >= 7 else 0
        label = dt.date(year, month, 1).strftime("%B %Y") if month else f"{year}, month not given"
        anchor = f"m-{year}-{month:02d}" if month else f"m-{year}"
        groups.append(MonthGroup(year, month or None, label, anchor, found))  # type: ignore[arg-type]
    return sorted(groups, key=lambda g: (g.year, g.month or 13))


def timeline_sections(entries: list[TimelineEntry]) -> dict[str, object]:
    """The home page's sections: held contacts of the period by month, then the others."""
    by_group: dict[str, list[TimelineEntry]] = defaultdict(list)
    for entry in entries:
        by_group[contact_group(entry.contact)].append(entry)
    return {
        "period": group_by_month(by_group["period"], lambda e: e.contact.date),  # type: ignore[arg-type,return-value]
        "planned": by_group["planned"],
        "planned_in_a_year": [e for e in by_group["planned"] if page_month(e.contact.date, e.contact.status) is None],
        "earlier": by_group["earlier"] + by_group["later"],
        "undated": by_group["undated"],
        "in_period": len(by_group["period"]),
        "months": timeline_months(entries),
    }


def timeline_months(entries: list[TimelineEntry]) -> list[TimelineMonth]:
    """The months with a timeline page (page_month), in order, with their held and planned contacts."""
    months: dict[tuple[int, int], TimelineMonth] = {}
    for entry in entries:
        contact = entry.contact
        key = page_month(contact.date, contact.status)
        if key is not None:
            if key not in months:
                months[key] = TimelineMonth(*key, dt.date(*key, 1).strftime("%B %Y"))
            (months[key].held if contact.status == "held" else months[key].planned).append(entry)
    return [months[key] for key in sorted(months)]


def contacts_per_month(entries: list[TimelineEntry]) -> list[tuple[int, int, int]]:
    """(year, month, number of held contacts) for every month of the period."""
    counts: Counter[tuple[int, int]] = Counter()
    for entry in entries:
        contact = entry.contact
        if contact.status == "held" and contact.date and len(contact.date) >= 7:
            counts[(int(contact.date[:4]), int(contact.date[5:7]))] += 1
    return [(y, m, counts[(y, m)]) for y in range(PERIOD[0], PERIOD[1] + 1) for m in range(1, 13)]


def people_index(people: list[Person], named: Iterable[tuple[str, ...]], entries: list[TimelineEntry]) \
        -> dict[str, Person]:
    """Everyone the archive mentions, by page slug: known people first, then names from the texts."""
    known = {slug_of(p.name): p for p in people}
    found: dict[str, Person] = {}
    # Each distinct name once, in the order first met: 10,000 articles name ~70,000 people, but a
    # few hundred distinct ones.
    participants = dict.fromkeys((p.name, p.side) for entry in entries for p in entry.contact.participants)
    mentioned = ((name, "other") for name in dict.fromkeys(itertools.chain.from_iterable(named)))
    for name, side in itertools.chain(participants, mentioned):
        slug = slug_of(name)
        if slug not in found:
            found[slug] = Person(slug, name, side)
    return {slug: known.get(slug, person) for slug, person in found.items()}
