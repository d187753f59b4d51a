"""The benchmark corpus generator writes valid, realistic, reproducible records; minimal records build."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.bench.corpus import WORDS, main, write_corpus
from archive.blocks import article_blocks, find_anchor
from archive.build import Inputs, build
from archive.config import SiteConfig
from archive.records import load_records

N = 40


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("articles")
    write_corpus(N, folder, seed=7)
    return folder


def test_writes_n_valid_records(corpus: Path) -> None:
    articles, problems = load_records(corpus)
    assert len(articles) == N
    assert problems == []
    assert all(a.title and a.date and a.outlet and a.author and a.summary and a.topics for a in articles)
    assert {a.date.year for a in articles if a.date} <= {2022, 2023}


def test_bodies_are_in_the_word_range_with_subheadings(corpus: Path) -> None:
    articles, _ = load_records(corpus)
    for article in articles:
        assert WORDS[0] <= len(article.body.split()) <= WORDS[1], article.slug
        headings = [line for line in article.body.splitlines() if line.startswith("## ")]
        assert 2 <= len(headings) <= 4, article.slug
        assert not article.body.lstrip().startswith("## ")


def test_contact_sentences_occur_verbatim_in_the_body(corpus: Path) -> None:
    articles, _ = load_records(corpus)
    contacts = [(a, c) for a in articles for c in a.contacts]
    assert contacts, "some articles must carry contacts"
    assert all(len(a.contacts) <= 3 for a in articles)
    for article, contact in contacts:
        assert {p.side for p in contact.participants} == {"CN", "US"}
        for source in contact.sources:
            assert source.sentence in article.body
            assert find_anchor(article_blocks(article), source.sentence) is not None
        assert {p.name for p in contact.participants} <= set(article.people)


def test_same_seed_same_files(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_corpus(12, first, seed=3)
    write_corpus(12, second, seed=3)
    write_corpus(12, other, seed=4)
    texts = {p.name: p.read_bytes() for p in first.glob("*.md")}
    assert len(texts) == 12
    assert texts == {p.name: p.read_bytes() for p in second.glob("*.md")}
    assert texts != {p.name: p.read_bytes() for p in other.glob("*.md")}


def test_minimal_records_hold_only_title_and_date(tmp_path: Path) -> None:
    assert main(["5", str(tmp_path), "--minimal", "--seed", "2"]) == 0
    paths = sorted(tmp_path.glob("*.md"))
    assert len(paths) == 5
    front = paths[0].read_text(encoding="utf-8").split("---\n")[1]
    assert [line.split(":")[0] for line in front.splitlines()] == ["title", "date"]


def test_a_minimal_corpus_builds_into_pages(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "hello-world.md").write_text(
        "---\ntitle: Hello world\ndate: 2023-06-19\n---\n\nA first paragraph.\n\n## More\n\nA second one.\n",
        encoding="utf-8")
    write_corpus(3, articles, seed=5, minimal=True)
    output = tmp_path / "site"
    result = build(Inputs(articles=articles, output=output), SiteConfig())
    assert [p for p in result.problems if p.severity == "error"] == []
    page = output / "articles" / "hello-world" / "index.html"
    assert page.is_file()
    html = page.read_text(encoding="utf-8")
    assert "Hello world" in html and "A second one." in html
    assert len(list((output / "articles").glob("*/index.html"))) == 4
