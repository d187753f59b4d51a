"""Records: front matter ↔ dataclasses, validation with one-line, located messages."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from archive.model import Article, Contact, Image, Participant, Source
from archive.records import (
    _HANDLER,
    CONTROL,
    BlockYAML,
    RecordError,
    _front_matter,
    _stem,
    _Unsupported,
    dump_record,
    load_records,
    parse_partial_date,
    parse_record,
    without_controls,
)

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def test_contact_faults_are_reported_in_the_order_they_were() -> None:
    """contact_from checks its fields in a fixed order: with several faults, the same one is reported."""
    front = ("title: X\ndate: 2023-01-01\ncontacts:\n- date: 2023-01\n  date_precision: {precision}\n"
             "  end_date: {end}\n  mode: {mode}\n  status: {status}\n  review: {review}\n")
    cases = [
        (dict(precision="often", end="2023-13", mode="x", status="x", review="x"), "date_precision 'often'"),
        (dict(precision="month", end="2023-13", mode="x", status="x", review="x"), "month must be in 1..12"),
        (dict(precision="month", end="null", mode="x", status="y", review="z"), "mode 'x'"),
        (dict(precision="month", end="null", mode="phone", status="y", review="z"), "status 'y'"),
        (dict(precision="month", end="null", mode="phone", status="held", review="z"), "review 'z'"),
    ]
    for fields, message in cases:
        with pytest.raises(RecordError, match=message):
            parse_record(record(front.format(**fields)), "articles/bad.md")


def test_participants_are_reused_only_for_the_same_text() -> None:
    first = parse_record(record("title: X\ndate: 2023-01-01\ncontacts:\n- participants:\n"
                                "  - name: 'True'\n    side: CN\n"), "a/x.md")[0]
    second = parse_record(record("title: X\ndate: 2023-01-01\ncontacts:\n- participants:\n"
                                 "  - name: true\n    side: CN\n  - name: 'True'\n    side: CN\n"), "a/y.md")[0]
    assert first.contacts[0].participants == (Participant("True", "CN"),)
    assert second.contacts[0].participants == (Participant("True", "CN"), Participant("True", "CN"))
    with pytest.raises(RecordError, match="side 'XX'"):
        parse_record(record("title: X\ndate: 2023-01-01\ncontacts:\n- participants:\n"
                            "  - name: 'True'\n    side: XX\n"), "a/z.md")


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


# ---------------------------------------------------------------- the fast paths agree with the general readers

TRICKY_FRONT = [
    "title: 'It''s: a \"quote\" # not a comment'\ndate: 2023-06-19\n",
    "title: a:b and a :b, [x] {y} & *z ! | > % @ ` ? -\ndate: '2023-06-19'\n",
    "title: Ünïcödé “curly” — 😀 ½ ²\ndate: 2023-06-19\nsummary: 中文 标题\n",
    "title: one\n  two\n  three\ndate: 2023-06-19\nsummary: 'first\n  second ''quoted''\n  third'\n",
    "title: X\ndate: 2023-06-19\npeople: []\ntopics: []\nimages: []\ncontacts: []\n",
    "title: X\ndate: null\ndate_inferred: true\nauthor_bio: null\npeople:\n- A\n- null\n- 'true'\n- 2023-06\n",
    "title: 2023-06-19-slug\ndate: 2023-06-19\ndateline: 12 May\nsummary: 2023 summit\n",
    "title: X\ndate: ٢٠٢٣-٠٦-١٩\n",  # Arabic-Indic digits: text to PyYAML, so not a date
    "title: yes\ndate: 2023-06-19\nauthor: on\noutlet: ~\n",  # YAML 1.1 booleans and null: PyYAML's to read
    "title: X\ndate: 2023-06-19\nsummary: 12:30\nauthor: 0x1F\noutlet: 1e3\n",  # numbers and times too
    "title: X\ndate: 2023-02-30\n",
    ("title: X\ndate: 2023-06-19\ncontacts:\n- id: c\n  date: '2023-06'\n  participants:\n  - name: Wang Yi\n"
     "    side: CN\n    role: null\n  sources:\n  - sentence: 'He said: \"yes\".'\n  - sentence: Long\n"
     "      and folded\n"),
]


def _front(text: str) -> str:
    return f"\n{text}"  # as python-frontmatter hands it over: the first line break is the delimiter's


@pytest.mark.parametrize("front", TRICKY_FRONT)
def test_fast_yaml_reader_gives_what_pyyaml_gives(front: str) -> None:
    for _ in range(2):  # the second time from the cache of lines already read
        try:
            fast = BlockYAML(_front(front)).document()
        except _Unsupported:
            continue
        assert repr(fast) == repr(yaml.load(_front(front), Loader=LOADER)), front


def test_fast_yaml_reader_reads_the_usual_tricky_values() -> None:
    read = [BlockYAML(_front(front)).document() for front in TRICKY_FRONT[:8]]
    assert read[0]["title"] == "It's: a \"quote\" # not a comment"
    assert read[3]["title"] == "one two three" and read[3]["summary"] == "first second 'quoted' third"
    assert read[4]["people"] == [] and read[4]["images"] is not BlockYAML(_front(TRICKY_FRONT[4])).document()["images"]
    assert read[5]["people"] == ["A", None, "true", "2023-06"] and read[5]["date"] is None
    assert read[7]["date"] == "٢٠٢٣-٠٦-١٩"


@pytest.mark.parametrize("front", TRICKY_FRONT)
def test_records_read_as_through_pyyaml_alone(front: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same Article and warnings, or the same error, with the fast reader and without it."""
    def outcome() -> object:
        try:
            return parse_record(record(front), "articles/x.md")
        except RecordError as error:
            return str(error)

    def refuse(self: BlockYAML) -> dict[str, object]:
        raise _Unsupported

    fast = outcome()
    monkeypatch.setattr(BlockYAML, "document", refuse)
    assert outcome() == fast


SPLITS = [
    "---\ntitle: X\n---\nBody\n", "---\ntitle: X\n---", "---\ntitle: X\n---   \n\n  Body  \n\n", "---\ntitle: X\n",
    "---\r\ntitle: X\r\n---\r\nBody\r\n", "---\rtitle: X\r---\rBody", "---\r\r\ntitle: X\n---\n",
    "---  \ntitle: X\n---\n", "----\ntitle: X\n----\nB", "---x\ntitle: X\n---\nB\n---\n", "---\n\ntitle: X\n---\nB",
    "---\ntitle: X\n---x\n---\nB",
    "---\ntitle: X\n-----  \u2028\nB", "---\n---\nB", "---\n- a\n---\nB", "---\ntitle: X\n---\n---\nB\n---\n",
    "---\ntitle: X\n---\u2028", "---\ntitle: [x\n---\nB", "---\ntitle: X\n  ---\n---\nB",
]


@pytest.mark.parametrize("text", SPLITS)
def test_front_matter_split_as_python_frontmatter_splits(text: str) -> None:
    def outcome(split: Callable[[], object]) -> object:
        try:
            return split()
        except Exception as error:  # the same error, if any
            return type(error), str(error)

    assert outcome(lambda: _front_matter(text)) == outcome(lambda: frontmatter.parse(text, handler=_HANDLER))


def test_control_characters_are_all_unprintable() -> None:
    """without_controls skips the regex for printable text: CONTROL must match nothing printable."""
    assert not [c for c in range(sys.maxunicode + 1) if CONTROL.match(chr(c)) and chr(c).isprintable()]


@given(st.text(alphabet=st.sampled_from(list("ab é\t\n\r\x00\x07\x1f\x7f\x85\x9f\xa0\u2028\ufffe\uffff😀"))))
def test_without_controls_as_the_regex(text: str) -> None:
    assert without_controls(text) == CONTROL.sub("", text)


@pytest.mark.parametrize("path", ["a/b.md", "b.md", "/x/y.md", "x//y.md", "x/y.md/", "x/y.md/.", "a/..", ".md",
                                  "a/.hidden", "a.", "a..b", "", ".", "x/y.tar.gz", "a b/c d.md"])
def test_stem_as_pathlib(path: str) -> None:
    assert _stem(path) == Path(path).stem
