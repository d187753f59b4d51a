"""The front matter's fast YAML reader gives what PyYAML gives, or steps aside for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.bench.corpus import write_corpus
from archive.model import Article, Contact, Image, Participant, Source
from archive.records import BlockYAML, _Unsupported, dump_record

ROOT = Path(__file__).resolve().parent.parent
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def front(text: str) -> str:
    """The front matter as python-frontmatter hands it to the YAML handler: with its line breaks."""
    return "\n" + text.split("\n---\n", 1)[0].removeprefix("---\n") + "\n"


def fast(text: str) -> object:
    try:
        return BlockYAML(text).document()
    except _Unsupported:
        return _Unsupported


def agrees(text: str) -> bool:
    """True when the fast reader read it (and agreed); False when it left it to PyYAML."""
    result = fast(text)
    if result is _Unsupported:
        return False
    expected = yaml.load(text, Loader=LOADER)
    assert result == expected and type(result) is type(expected), text
    assert repr(result) == repr(expected), text  # same types all the way down (date, bool, None)
    return True


def test_records_are_read_by_the_fast_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import archive.records as records

    path = write_corpus(1, tmp_path, seed=5)[0]
    monkeypatch.setattr(records.yaml, "load", lambda *_, **__: pytest.fail("PyYAML was asked"))
    article, _ = records.parse_record(path.read_text(encoding="utf-8"), str(path))
    assert article.title and article.date and article.people


def test_curated_records() -> None:
    for path in sorted((ROOT / "articles").glob("*.md")):
        agrees(front(path.read_text(encoding="utf-8")))


def test_generated_records_take_the_fast_path(tmp_path: Path) -> None:
    paths = write_corpus(150, tmp_path, seed=3)
    read = sum(agrees(front(p.read_text(encoding="utf-8"))) for p in paths)
    assert read >= 0.9 * len(paths)


PIECES = [*"aZ09 -:#'\"[]{}!&*|>%@`,?.~\\\n\t\xa0éü“—😀", "yes", "null", "no", "true", "2023-06-19", "word "]
TEXT = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
SHORT = st.text(alphabet=st.sampled_from(list("abc xyz")), min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    slug = "a-" + draw(st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True))
    contact = Contact(
        id=draw(TEXT), date=draw(st.sampled_from([None, "2023", "2023-06", "2023-06-19"])),
        date_precision="day", participants=(Participant(draw(TEXT), "CN", draw(st.none() | TEXT)),),
        summary=draw(TEXT), place=draw(st.none() | TEXT), date_note=draw(st.none() | TEXT),
        sources=(Source(slug, draw(TEXT)),))
    return Article(
        slug=slug, title=draw(TEXT), date=draw(st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1))),
        body="Body.", outlet=draw(st.none() | TEXT), author_bio=draw(st.none() | TEXT), summary=draw(st.none() | TEXT),
        images=tuple(Image(draw(st.none() | SHORT), draw(TEXT), draw(st.none() | TEXT))
                     for _ in range(draw(st.integers(0, 2)))),
        people=tuple(draw(st.lists(TEXT, max_size=3))), topics=tuple(draw(st.lists(TEXT, max_size=3))),
        contacts=(contact,) if draw(st.booleans()) else (),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_any_dumped_record_reads_as_pyyaml_reads_it(article: Article) -> None:
    agrees(front(dump_record(article)))


LINES = st.lists(st.sampled_from(["title: A title", "title: 'it''s'", "date: 2023-06-19", "date: 2023-02-30",
                                  "people:", "- Xi", "  - Xi", "- name: Xi", "  side: CN", "  role: null",
                                  "    continued", "  continued", "contacts:", "- id: x", "  sources:",
                                  "  - sentence: 'a", "    b'", "kind: news", "flag: true", "flag: yes", "x: []",
                                  "on: 1", "n: 12", "t: 12:30", "u: a # c", "v: b:c", "", "   ", "w: -x", "z: ~"]),
                max_size=8).map("\n".join)


@settings(max_examples=800, deadline=None)
@given(LINES)
def test_any_block_text_reads_as_pyyaml_reads_it(text: str) -> None:
    result = fast(text)
    if result is _Unsupported:
        return
    try:
        expected = yaml.load(text, Loader=LOADER)
    except (yaml.YAMLError, ValueError):
        pytest.fail(f"PyYAML refuses what the fast reader read:\n{text}\n→ {result!r}")
    assert repr(result) == repr(expected), text
