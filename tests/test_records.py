"""Records: front matter ↔ dataclasses, validation with one-line, located messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive.model import Article, Contact, Image, Participant, Source
from archive.records import RecordError, dump_record, load_records, parse_partial_date, parse_record


def record(front: str, body: str = "Body text.\n") -> str:
    return f"---\n{front}---\n\n{body}"


def full_article() -> Article:
    contact = Contact(
        id="2022-10-31-antony-blinken-wang-yi", date="2022-10-31", date_precision="day",
        participants=(Participant("Wang Yi", "CN", "Foreign Minister"), Participant("Antony Blinken", "US")),
        mode="phone", status="held", summary="Wang Yi and Antony Blinken spoke by phone.",
        sources=(Source("talks", "Wang Yi had a phone conversation on Monday with Blinken."),),
        date_note="'on Monday' before the article's date", review="reviewed",
    )
    return Article(
        slug="talks", title="Talks: “quoted” & <b>odd</b>", date=dt.date(2022, 11, 2),
        body="Para one.\n\n## Head\n\nPara two.\n",
        outlet="China Daily", kind="news", dateline="BEIJING", summary="A standfirst.",
        images=(Image("a.jpeg", "A caption.", "Photo/Agencies"),), source_file="000.txt",
        people=("Wang Yi", "Antony Blinken"), topics=("Taiwan",), contacts=(contact,),
    )


def test_round_trip_keeps_every_field() -> None:
    original = full_article()
    parsed, warnings = parse_record(dump_record(original), "articles/talks.md")
    assert warnings == []
    assert parsed == original.__class__(**{**original.__dict__, "path": "articles/talks.md",
                                           "body": parsed.body})
    assert parsed.body.strip() == original.body.strip()


def test_dump_is_stable_and_keeps_key_order() -> None:
    text = dump_record(full_article())
    assert text == dump_record(full_article())
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha() and ":" in line]
    assert keys[:4] == ["title", "slug", "date", "date_inferred"]


def test_minimal_record_title_and_date_only(tmp_path: Path) -> None:
    article, warnings = parse_record(record("title: Hello\ndate: 2023-01-05\n"), str(tmp_path / "hello-world.md"))
    assert article.slug == "hello-world" and article.date == dt.date(2023, 1, 5) and warnings == []


@pytest.mark.parametrize("front, message, line", [
    ("date: 2023-01-05\n", "missing 'title'", 2),
    ("title: X\n", "missing 'date'", 2),
    ("title: X\ndate: last Tuesday\n", "date: 'last Tuesday' is not a date", 3),
    ("title: X\ndate: 2023-02-30\n", "is not a date", 3),
    ("title: X\ndate: 2023-01-01\nslug: ../../etc/passwd\n", "slug '../../etc/passwd' must be", 4),
    ("title: X\ndate: 2023-01-01\nkind: gossip\n", "kind 'gossip' is not one of", 4),
    ("title: X\ndate: 2023-01-01\ncontacts:\n- date: 2023-13\n  participants: []\n", "contacts:", 4),
    ("title: [unclosed\ndate: 2023-01-01\n", "not valid YAML", 2),
])
def test_bad_records_give_one_located_line(front: str, message: str, line: int) -> None:
    with pytest.raises(RecordError) as caught:
        parse_record(record(front), "articles/bad.md")
    text = str(caught.value)
    assert text.startswith(f"articles/bad.md:{line}: error: "), text
    assert message in text and "\n" not in text


def test_no_front_matter() -> None:
    with pytest.raises(RecordError, match="no YAML front matter"):
        parse_record("Just text\n", "articles/x.md")


def test_unknown_key_warns_with_the_nearest_known_key() -> None:
    _, warnings = parse_record(record("title: X\ndate: 2023-01-01\noutlett: Reuters\n"), "a/x.md")
    assert len(warnings) == 1
    assert "unknown front-matter key 'outlett'" in str(warnings[0]) and "did you mean 'outlet'" in str(warnings[0])
    assert warnings[0].line == 4 and warnings[0].severity == "warning"


def test_partial_dates() -> None:
    assert parse_partial_date("2022-11") == "2022-11"
    assert parse_partial_date(dt.date(2023, 6, 19)) == "2023-06-19"
    assert parse_partial_date(None) is None
    with pytest.raises(ValueError):
        parse_partial_date("2022-11-31")
    with pytest.raises(ValueError):
        parse_partial_date("Nov 2022")


def test_load_records_reports_duplicates_and_keeps_sound_records(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(record("title: A\ndate: 2023-01-01\nslug: same\n"), encoding="utf-8")
    (tmp_path / "b.md").write_text(record("title: B\ndate: 2023-01-02\nslug: same\n"), encoding="utf-8")
    (tmp_path / "c.md").write_text(record("title: C\n"), encoding="utf-8")
    articles, problems = load_records(tmp_path)
    assert [a.title for a in articles] == ["A", "B"]
    messages = [str(p) for p in problems]
    assert any("missing 'date'" in m and "c.md" in m for m in messages)
    assert any("slug 'same' is also used by" in m for m in messages)


def test_committed_records_are_valid_and_curated() -> None:
    folder = Path(__file__).resolve().parent.parent / "articles"
    articles, problems = load_records(folder)
    assert problems == []
    assert len(articles) == 5
    for article in articles:
        assert article.date is not None, article.slug
        assert not article.date_inferred or article.date_note, article.slug
        assert all(c.review == "reviewed" for c in article.contacts), article.slug


def test_control_characters_are_dropped_from_every_text_field() -> None:
    article, _ = parse_record(record('title: "A\\eB\\x80C"\ndate: 2023-01-01\nsummary: "x\\x07y"\n', "Body\x0b.\n"),
                              "a/x.md")
    assert (article.title, article.summary, article.body.strip()) == ("ABC", "xy", "Body.")
