"""Timeline: every article's contacts merged into one date-ordered list of entries.

Two reports are the same contact when they name the same people, their dates agree
within their precision (a "2023" plan agrees with a "2023-06-18…19" visit; two
different days do not) and their modes do not contradict each other.
"""

from __future__ import annotations

import datetime as dt
import functools
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from typing import NamedTuple

from archive.blocks import replacer
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


def id_base(contact: Contact) -> str:
    """A contact's id before a number tells it from another of the same day and people."""
    return f"{contact.date or 'undated'}-{_names_slug(group_of(contact))}".replace("--", "-")[:90].strip("-")


@functools.lru_cache(maxsize=4096)  # a few hundred groups name the ~2,400 contacts of 10,000 articles
def _names_slug(group: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else "-" for ch in n.lower()).strip("-") for n in group.split("\n"))


def entry_id(base: str, taken: set[str]) -> str:
    """`base`, or with the first number that no id `taken` has, and taken."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    taken.add(candidate)
    return candidate


def timeline_order(entry: TimelineEntry) -> tuple[object, ...]:
    span = date_range(entry.contact.date, entry.contact.end_date)
    return (span is None, span[0] if span else dt.date.max, PRECISION_RANK[entry.contact.date_precision],
            entry.contact.status != "held", entry.id)


def group_of(contact: Contact) -> str:
    """The group a report merges in: its people, sorted, a line each (sorted as their lists are)."""
    return "\n".join(sorted(p.name for p in contact.participants))


class Report(NamedTuple):
    """One article's report of a contact, as the timeline merges it."""

    slug: str
    place: int  # among the article's contacts
    key: str  # differs when the report does (its article's meta digest and its place)
    contact: Contact


class Placed(NamedTuple):
    """A timeline entry and where it came from: its group, its place among the group's merged
    contacts, and its id's base. What a group's reports are decides all its contacts, so with the
    id this is a key of everything an entry holds."""

    entry: TimelineEntry
    group: str
    place: int
    base: str


def by_group(reports: Iterable[Report]) -> dict[str, list[Report]]:
    groups: dict[str, list[Report]] = defaultdict(list)
    for report in reports:
        groups[group_of(report.contact)].append(report)
    return dict(groups)


def merge_group(reports: list[Report], article_dates: dict[str, dt.date | None]) -> list[Contact]:
    """One group's reports (in the articles' order) merged into its contacts."""
    return [merge_reports(group, article_dates) for group in cluster([r.contact for r in reports])]


def signature(reports: list[Report], article_dates: dict[str, dt.date | None]) -> tuple[object, ...]:
    """All a group's merged contacts depend on: its reports and the dates of the articles they cite."""
    return (tuple(r.key for r in reports),
            tuple(article_dates.get(s.article) for r in reports for s in r.contact.sources))


_with_id = replacer(Contact, "id")


def place(merged: dict[str, list[Contact]]) -> list[Placed]:
    """Groups' merged contacts as timeline entries with ids, in timeline order (undated last).
    Ids of the same day and people are told apart in date order, then by people."""
    ordered = sorted(((contact, group, number) for group in sorted(merged)
                      for number, contact in enumerate(merged[group])),
                     key=lambda m: (date_range(m[0].date, m[0].end_date) or (dt.date.max,), m[1]))
    taken: set[str] = set()
    placed = []
    for contact, group, number in ordered:
        base = id_base(contact)
        contact = _with_id(contact, entry_id(base, taken))
        slugs = tuple(dict.fromkeys(s.article for s in contact.sources))
        placed.append(Placed(TimelineEntry(contact, slugs), group, number, base))
    placed.sort(key=lambda p: timeline_order(p.entry))
    return placed


def merge_timeline(reports: Iterable[Report],
                   article_dates: dict[str, dt.date | None]) -> tuple[list[Placed], dict[str, list[Report]]]:
    """Contacts as reported (in the articles' order), merged and in date order (undated last); and
    the reports by group, from which a later build re-merges only the groups that changed
    (`patch_timeline`). `article_dates` orders each merged contact's sources."""
    groups = by_group(reports)
    return place({group: merge_group(found, article_dates) for group, found in groups.items()}), groups


def patch_timeline(kept: list[Placed], touched: dict[str, list[Report]],
                   article_dates: dict[str, dt.date | None]) -> tuple[list[Placed], list[Placed]] | None:
    """`kept` (a timeline as `place` made it) with the groups `touched` merged again from their
    reports now (an empty list: the group is gone): the new timeline, and its new entries. The same
    as merging everything, provided no untouched entry shares an id's base with a touched one
    (then their numbers depend on each other): None then."""
    untouched = [p for p in kept if p.group not in touched]
    bases = {p.base for p in untouched}
    fresh = place({group: merge_group(found, article_dates) for group, found in touched.items() if found})
    if any(p.base in bases for p in fresh):
        return None
    return list(heapq.merge(untouched, fresh, key=lambda p: timeline_order(p.entry))), fresh


def build_timeline(articles: list[Article]) -> list[TimelineEntry]:
    """All contacts of all articles, merged and in date order (undated last)."""
    reports = [Report(a.slug, n, repr(c), c) for a in articles for n, c in enumerate(a.contacts)]
    return [p.entry for p in merge_timeline(reports, {a.slug: a.date for a in articles})[0]]
