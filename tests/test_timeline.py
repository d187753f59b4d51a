"""Merging contacts from several articles into one timeline."""

from __future__ import annotations

import datetime as dt

from archive.model import Article, Contact, Participant, Source
from archive.timeline import Report, build_timeline, by_group, date_range, merge_timeline, patch_timeline

WANG = Participant("Wang Yi", "CN", "Foreign Minister")
QIN = Participant("Qin Gang", "CN", "Foreign Minister")
XI = Participant("Xi Jinping", "CN", "President")
BLINKEN = Participant("Antony Blinken", "US", "Secretary of State")


def contact(people: tuple[Participant, ...], date: str | None, slug: str, sentence: str, **fields) -> Contact:
    precision = {None: "unknown", 4: "year", 7: "month", 10: "day"}[len(date) if date else None]
    return Contact(id="x", date=date, date_precision=precision, participants=people,
                   sources=(Source(slug, sentence),), **fields)


def article(slug: str, day: dt.date, *contacts: Contact) -> Article:
    return Article(slug=slug, title=slug, date=day, body="", contacts=contacts)


def test_date_ranges_follow_precision() -> None:
    assert date_range("2023-06-19") == (dt.date(2023, 6, 19), dt.date(2023, 6, 19))
    assert date_range("2022-11") == (dt.date(2022, 11, 1), dt.date(2022, 11, 30))
    assert date_range("2023") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert date_range("2022-12-11", "2022-12-12") == (dt.date(2022, 12, 11), dt.date(2022, 12, 12))
    assert date_range(None) is None


def test_same_contact_in_two_articles_is_merged_with_both_sources() -> None:
    first = article("a", dt.date(2023, 6, 19), contact((WANG, BLINKEN), "2023-06-19", "a", "They met on Monday."))
    second = article("b", dt.date(2023, 6, 20),
                     contact((BLINKEN, WANG), "2023-06-19", "b", "Wang and Blinken met.", place="Beijing"))
    entries = build_timeline([first, second])
    assert len(entries) == 1
    merged = entries[0].contact
    assert [s.article for s in merged.sources] == ["a", "b"]
    assert merged.place == "Beijing"
    assert entries[0].articles == ("a", "b")


def test_month_precision_report_merges_into_the_exact_day() -> None:
    exact = article("a", dt.date(2023, 6, 20), contact((XI, BLINKEN), "2023-06-19", "a", "Xi met Blinken."))
    vague = article("b", dt.date(2023, 7, 1), contact((XI, BLINKEN), "2023-06", "b", "In June, Xi met Blinken."))
    entries = build_timeline([exact, vague])
    assert len(entries) == 1
    assert entries[0].contact.date == "2023-06-19"
    assert entries[0].contact.date_precision == "day"


def test_same_day_different_people_stay_two() -> None:
    day = article("a", dt.date(2023, 6, 19),
                  contact((WANG, BLINKEN), "2023-06-19", "a", "Wang met Blinken."),
                  contact((XI, BLINKEN), "2023-06-19", "a", "Xi met Blinken."))
    assert len(build_timeline([day])) == 2


def test_same_people_on_different_days_stay_two() -> None:
    a = article("a", dt.date(2023, 6, 20),
                contact((QIN, BLINKEN), "2023-06-18", "a", "Sunday."),
                contact((QIN, BLINKEN), "2023-07-10", "a", "Later."))
    assert len(build_timeline([a])) == 2


def test_contradicting_modes_are_not_merged() -> None:
    a = article("a", dt.date(2022, 11, 1), contact((WANG, BLINKEN), "2022-10", "a", "Phone.", mode="phone"),
                contact((WANG, BLINKEN), "2022-10-31", "a", "Met.", mode="in-person"))
    assert len(build_timeline([a])) == 2


def test_planned_report_merges_into_the_held_visit_which_stays_held() -> None:
    plan = article("a", dt.date(2022, 12, 13),
                   contact((BLINKEN,), "2023", "a", "Blinken will visit China.", status="planned"))
    held = article("b", dt.date(2023, 6, 19),
                   contact((BLINKEN,), "2023-06-18", "b", "Blinken visited.", end_date="2023-06-19"))
    entries = build_timeline([plan, held])
    assert len(entries) == 1
    assert entries[0].contact.status == "held"
    assert entries[0].contact.end_date == "2023-06-19"


def test_undated_contacts_merge_only_with_undated() -> None:
    a = article("a", dt.date(2023, 6, 19), contact((QIN,), None, "a", "Qin will visit.", status="planned"),
                contact((QIN,), "2023-06-18", "a", "Qin met."))
    assert len(build_timeline([a])) == 2


def test_order_is_by_date_and_ids_are_unique_and_stable() -> None:
    a = article("a", dt.date(2023, 6, 19),
                contact((WANG, BLINKEN), "2023-06-19", "a", "Late."),
                contact((WANG, BLINKEN), "2022-10-31", "a", "Early.", mode="phone"),
                contact((QIN,), None, "a", "Undated.", status="planned"),
                contact((XI, BLINKEN), "2022", "a", "Year only."))
    entries = build_timeline([a])
    assert [e.contact.date for e in entries] == ["2022", "2022-10-31", "2023-06-19", None]
    ids = [e.id for e in entries]
    assert len(set(ids)) == len(ids)
    assert "2022-10-31-antony-blinken-wang-yi" in ids
    assert ids == [e.id for e in build_timeline([a])]


def reports(articles: list[Article]) -> list[Report]:
    return [Report(a.slug, n, repr(c), c) for a in articles for n, c in enumerate(a.contacts)]


def test_patching_the_groups_that_changed_equals_a_merge_from_scratch() -> None:
    """patch_timeline merges only the groups it is given: adding an article, moving a cited article
    to another date and changing a report give what merging everything gives."""
    cited = article("b", dt.date(2023, 6, 20), contact((WANG, BLINKEN), "2023-06-19", "b", "They met."))
    before = [article("a", dt.date(2023, 6, 19), contact((WANG, BLINKEN), "2023-06-19", "a", "They met on Monday."),
                      contact((XI, BLINKEN), "2023-06-19", "a", "Xi received Blinken.")),
              cited,
              article("c", dt.date(2022, 11, 14), contact((QIN, BLINKEN), "2022-11", "c", "They spoke in November."))]
    placed, _ = merge_timeline(reports(before), {a.slug: a.date for a in before})
    added = article("d", dt.date(2023, 7, 1), contact((QIN, BLINKEN), "2023-07-01", "d", "A call."))
    moved = Article(slug="b", title="b", date=dt.date(2023, 6, 18), body="", contacts=cited.contacts)
    changed = article("a", dt.date(2023, 6, 19), contact((WANG, BLINKEN), "2023-06-19", "a", "They met on Monday."),
                      contact((XI, BLINKEN), "2023-06-19", "a", "Xi received Blinken.", mode="in-person"))
    for after, touched in (([*before, added], {"Antony Blinken\nQin Gang"}),
                           ([before[0], moved, before[2]], {"Antony Blinken\nWang Yi"}),
                           ([changed, *before[1:]], {"Antony Blinken\nXi Jinping"})):
        dates = {a.slug: a.date for a in after}
        groups = by_group(reports(after))
        patched = patch_timeline(placed, {group: groups[group] for group in touched}, dates)
        assert patched is not None
        fresh, _ = merge_timeline(reports(after), dates)
        assert patched[0] == fresh
        assert {p.group for p in patched[1]} == touched
        assert any(p in placed for p in patched[0]), "nothing was kept"


def test_a_patch_whose_ids_depend_on_untouched_entries_is_refused() -> None:
    """Two groups whose people make the same id (names that differ only in punctuation): their
    numbers depend on each other, so one cannot be merged again alone."""
    dotted = Participant("Wang-Yi", "CN", None)
    first = article("a", dt.date(2023, 6, 19), contact((WANG, BLINKEN), "2023-06-19", "a", "They met."))
    second = article("b", dt.date(2023, 6, 19), contact((dotted, BLINKEN), "2023-06-19", "b", "They met."))
    dates = {"a": first.date, "b": second.date}
    placed, groups = merge_timeline(reports([first, second]), dates)
    assert len({p.entry.id for p in placed}) == 2
    assert patch_timeline(placed, {"Antony Blinken\nWang-Yi": groups["Antony Blinken\nWang-Yi"]}, dates) is None
