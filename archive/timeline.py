"""Timeline: every article's contacts merged into one date-ordered list of entries.

Two reports are the same contact when they name the same people, their dates agree
within their precision (a "2023" plan agrees with a "2023-06-18…19" visit; two
different days do not) and their modes do not contradict each other.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import NamedTuple

from archive.dates import period as date_range
from archive.model import Article, Contact, Participant, Source, TimelineEntry

PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "unknown": 3}


def dates_agree(a: Contact, b: Contact) -> bool:
    range_a, range_b = date_range(a.date, a.end_date), date_range(b.date, b.end_date)
    if range_a is None or range_b is None:
        return range_a is None and range_b is None
    return range_a[0] <= range_b[1] and range_b[0] <= range_a[1]


def modes_agree(a: Contact, b: Contact) -> bool:
    return a.mode == b.mode or "unknown" in (a.mode, b.mode)


def specificity(contact: Contact) -> tuple[int, int, int, int]:
    """Sort key: the most exact report first (day before month; one day before a range; held first)."""
    span = date_range(contact.date, contact.end_date)
    days = (span[1] - span[0]).days if span else 10**6
    return (PRECISION_RANK[contact.date_precision], days, contact.status != "held",
            contact.review != "reviewed")


def people_key(contact: Contact) -> frozenset[str]:
    return frozenset(p.name for p in contact.participants)


def cluster(contacts: list[Contact]) -> list[list[Contact]]:
    """Group reports of one set of people into contacts; the most exact report leads each group."""
    groups: list[list[Contact]] = []
    for contact in sorted(contacts, key=specificity):
        home = next((g for g in groups if dates_agree(g[0], contact) and modes_agree(g[0], contact)), None)
        if home is None:
            groups.append([contact])
        else:
            home.append(contact)
    return groups


def merge_participants(reports: list[Contact]) -> tuple[Participant, ...]:
    merged: dict[str, Participant] = {}
    for report in reports:
        for person in report.participants:
            known = merged.get(person.name)
            if known is None or (known.role is None and person.role):
                merged[person.name] = person
    return tuple(sorted(merged.values(), key=lambda p: (p.side != "CN", p.name)))


def first(values: list[str | None]) -> str | None:
    return next((v for v in values if v), None)


def merge_reports(reports: list[Contact], article_dates: dict[str, dt.date | None]) -> Contact:
    lead = reports[0]
    sources: dict[tuple[str, str], Source] = {}
    for report in reports:
        for source in report.sources:
            sources.setdefault((source.article, source.sentence), source)
    ordered = sorted(sources.values(), key=lambda s: (article_dates.get(s.article) or dt.date.max,
                                                       s.article))
    return replace(
        lead,
        participants=merge_participants(reports),
        mode=first([r.mode for r in reports if r.mode != "unknown"]) or "unknown",
        place=first([r.place for r in reports]),
        duration=first([r.duration for r in reports]),
        status="held" if any(r.status == "held" for r in reports) else "planned",
        summary=lead.summary or first([r.summary for r in reports]) or "",
        sources=tuple(ordered),
    )


def entry_id(contact: Contact, taken: set[str]) -> str:
    names = sorted(p.name for p in contact.participants)
    slugs = "-".join("".join(ch if ch.isalnum() else "-" for ch in n.lower()).strip("-") for n in names)
    base = f"{contact.date or 'undated'}-{slugs}".replace("--", "-")[:90].strip("-")
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def timeline_order(entry: TimelineEntry) -> tuple[object, ...]:
    span = date_range(entry.contact.date, entry.contact.end_date)
    return (span is None, span[0] if span else dt.date.max, PRECISION_RANK[entry.contact.date_precision],
            entry.contact.status != "held", entry.id)


def build_timeline(articles: list[Article]) -> list[TimelineEntry]:
    """All contacts of all articles, merged and in date order (undated last)."""
    reported = [(repr(c), c) for a in articles for c in a.contacts]
    return merge_timeline(reported, {a.slug: a.date for a in articles}).entries


# People key → what its reports were (their keys, the dates of the articles they cite) and the
# contacts they merged into, before ids: a rebuild re-merges only the groups whose reports changed.
Groups = dict[frozenset[str], tuple[tuple[object, ...], list[Contact]]]


class Merged(NamedTuple):
    entries: list[TimelineEntry]
    groups: Groups
    origins: list[tuple[frozenset[str], int]]
    """Per entry, its group and its place in the group's contacts. What a group's reports were
    decides all its contacts, so with its id this is a key of everything an entry holds."""


def merge_timeline(reported: Iterable[tuple[str, Contact]], article_dates: dict[str, dt.date | None],
                   known: Groups | None = None) -> Merged:
    """Contacts as reported (in the articles' order, each with a key that differs when it does),
    merged and in date order (undated last); with the merged groups, which `known` can pass to the
    next call. `article_dates` orders each merged contact's sources."""
    by_people: dict[frozenset[str], list[tuple[str, Contact]]] = defaultdict(list)
    for key, contact in reported:
        by_people[people_key(contact)].append((key, contact))
    known = known or {}
    groups: Groups = {}
    for people in sorted(by_people, key=sorted):
        reports = by_people[people]
        shown = (tuple(key for key, _ in reports),
                 tuple(article_dates.get(s.article) for _, c in reports for s in c.sources))
        held = known.get(people)
        if held is not None and held[0] == shown:
            groups[people] = held
        else:
            contacts = [c for _, c in reports]
            groups[people] = (shown, [merge_reports(group, article_dates) for group in cluster(contacts)])
    merged = [(contact, (people, place)) for people, (_, contacts) in groups.items()
              for place, contact in enumerate(contacts)]
    taken: set[str] = set()
    entries = []
    for contact, origin in sorted(merged, key=lambda m: (date_range(m[0].date, m[0].end_date) or (dt.date.max,),
                                                         sorted(m[1][0]))):
        contact = replace(contact, id=entry_id(contact, taken))
        slugs = tuple(dict.fromkeys(s.article for s in contact.sources))
        entries.append((TimelineEntry(contact, slugs), origin))
    entries.sort(key=lambda e: timeline_order(e[0]))
    return Merged([entry for entry, _ in entries], groups, [origin for _, origin in entries])
