"""Blocks and anchors: the fast paths give exactly what the plain regex versions give."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.blocks import (
    anchor_sources,
    article_blocks,
    article_texts,
    body_texts,
    find_anchor,
    normalise,
    replacer,
    split_body,
)
from archive.model import Article, Block, Contact, Image, Participant, Source

# ---------------------------------------------------------------- the versions before the fast paths

_HEADING = re.compile(r"^#{1,6}\s+")
_SPACE = re.compile(r"\s+")


def reference_split_body(body: str) -> list[Block]:
    blocks: list[Block] = []
    counts = {"paragraph": 0, "heading": 0}
    for chunk in re.split(r"\n\s*\n", body.strip()):
        text = chunk.strip()
        if not text:
            continue
        kind = "heading" if _HEADING.match(text) else "paragraph"
        counts[kind] += 1
        prefix = "h" if kind == "heading" else "p"
        blocks.append(Block(f"{prefix}-{counts[kind]}", kind, _HEADING.sub("", text)))
    return blocks


def reference_normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\xa0", " ")
    return _SPACE.sub(" ", text).strip()


def reference_find_anchor(blocks: list[Block], sentence: str) -> str | None:
    wanted = reference_normalise(sentence)
    texts = [(block.anchor, reference_normalise(block.text)) for block in blocks]
    return next((anchor for anchor, text in texts if wanted and wanted in text), None)


def reference_anchor_sources(articles: list[Article]) -> list[Article]:
    by_slug = {a.slug: a for a in articles}

    def anchored(source: Source) -> Source | None:
        cited = by_slug.get(source.article)
        if cited is None:
            return None
        if source.anchor:
            return source
        blocks = [Block("summary", "summary", cited.summary)] if cited.summary else []
        blocks += [Block(f"figure-{n}", "caption", i.caption) for n, i in enumerate(cited.images, 1) if i.caption]
        blocks += reference_split_body(cited.body)
        return dataclasses.replace(source, anchor=reference_find_anchor(blocks, source.sentence))

    def with_anchors(article: Article) -> Article:
        contacts = tuple(dataclasses.replace(c, sources=tuple(s for s in map(anchored, c.sources) if s))
                         for c in article.contacts)
        return dataclasses.replace(article, contacts=contacts) if article.contacts else article

    return [with_anchors(a) for a in articles]


# ---------------------------------------------------------------- text made to hit the edge cases

WORDS = ["Wang", "Yi", "met", "Blinken", "it's", "“talks”", "‘x’", "'q'", '"d"', "#", "##", "-", "é", "—", "a.b"]
SPACES = [" ", " ", " ", "  ", "\n", "\t", "\xa0", "\u2003", "\u2028", "\x1c", "\x85", "\r\n", " \n", "\n "]
BREAKS = ["\n\n", "\n\n", "\n\n\n", "\n \n", " \n\n ", "\n\t\n", "\n\u2028\n", "\r\n\r\n", "\n\xa0\n"]
HEADS = ["", "", "", "# ", "## ", "###### ", "####### ", "#", "##\t", "# \n"]


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
    text = words[0]
    for word in words[1:]:
        text += draw(st.sampled_from(SPACES)) + word
    return draw(st.sampled_from(HEADS)) + text


@st.composite
def bodies(draw: st.DrawFn) -> str:
    parts = draw(st.lists(paragraphs(), max_size=6))
    body = ""
    for part in parts:
        body += part + draw(st.sampled_from(BREAKS))
    return draw(st.sampled_from(["", " ", "\n", "\n\n"])) + body


@st.composite
def sentences_of(draw: st.DrawFn, body: str) -> str:
    """A piece of the body, its spaces and quotes sometimes changed, or some other words."""
    if body and draw(st.booleans()):
        start = draw(st.integers(0, len(body) - 1))
        piece = body[start:draw(st.integers(start + 1, len(body)))]
    else:
        piece = draw(paragraphs())
    swaps = draw(st.lists(st.sampled_from([(" ", "  "), ("\n", " "), ("“", '"'), ("'", "’"), (" ", "\xa0")]),
                          max_size=2))
    for old, new in swaps:
        piece = piece.replace(old, new)
    return piece


# ---------------------------------------------------------------- tests


def test_white_space_is_what_str_split_splits_at() -> None:
    """normalise folds space with str.split(): it must split at exactly what `\\s` matches."""
    space = re.compile(r"\s")
    assert [c for c in range(sys.maxunicode + 1) if bool(space.match(chr(c))) != chr(c).isspace()] == []


@settings(max_examples=600, deadline=None)
@given(bodies())
def test_split_body_as_the_regex_split_it(body: str) -> None:
    assert split_body(body) == reference_split_body(body)


@settings(max_examples=400, deadline=None)
@given(st.one_of(bodies(), st.text()))
def test_normalise_as_the_regex_did(text: str) -> None:
    assert normalise(text) == reference_normalise(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_find_anchor_as_normalising_every_block_did(data: st.DataObject) -> None:
    body = data.draw(bodies())
    blocks = [Block("summary", "summary", data.draw(paragraphs())), *split_body(body)]
    for _ in range(3):
        sentence = data.draw(sentences_of(body))
        assert find_anchor(blocks, sentence) == reference_find_anchor(blocks, sentence), (body, sentence)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_anchor_sources_as_before(data: st.DataObject) -> None:
    articles = []
    for number in range(data.draw(st.integers(1, 3))):
        body = data.draw(bodies())
        sources = tuple(Source(data.draw(st.sampled_from(["a-0", "a-1", "a-2", "gone"])), data.draw(sentences_of(body)),
                               data.draw(st.sampled_from([None, None, "p-9"])))
                        for _ in range(data.draw(st.integers(0, 4))))
        contact = Contact(id="c", date=None, date_precision="unknown", participants=(), sources=sources)
        articles.append(Article(
            slug=f"a-{number}", title="T", date=dt.date(2023, 1, 1), body=body,
            summary=data.draw(st.none() | paragraphs()),
            images=tuple(Image(None, data.draw(st.sampled_from(["", "Wang Yi met Blinken", "‘x’  it's"])))
                         for _ in range(data.draw(st.integers(0, 2)))),
            contacts=(contact,) if data.draw(st.booleans()) else (),
        ))
    anchored, _ = anchor_sources(articles)
    assert anchored == reference_anchor_sources(articles)


def test_anchors_of_a_record_like_article() -> None:
    article = Article(
        slug="s", title="T", date=None, summary="Wang Yi met Antony Blinken.",
        images=(Image("a.jpg", ""), Image("b.jpg", "Blinken arrives in Beijing.")),
        body="Intro.\n\n## Talks\n\nWang Yi met  Antony\nBlinken on Monday.\n\nHe said it’s “time”.\n",
        contacts=(Contact(id="c", date=None, date_precision="unknown", participants=(), sources=(
            Source("s", "Antony Blinken on Monday."), Source("s", "He said it's \"time\"."),
            Source("s", "Wang Yi met Antony Blinken"), Source("s", "Blinken arrives"), Source("s", "Talks"),
            Source("s", "Not there."), Source("other", "Gone."))),),
    )
    (done,), problems = anchor_sources([article])
    assert [s.anchor for s in done.contacts[0].sources] == ["p-2", "p-3", "summary", "figure-2", "h-1", None]
    assert len(problems) == 1 and "unknown article 'other'" in problems[0].message
    assert [b.anchor for b in article_blocks(article)] == ["summary", "figure-2", "p-1", "h-1", "p-2", "p-3"]


def test_replacer_gives_what_dataclasses_replace_gives() -> None:
    source = Source("a", "Sentence.")
    contact = Contact(id="c", date="2023", date_precision="year", participants=(Participant("X", "CN"),),
                      sources=(source,), review="reviewed", date_note="note")
    article = Article(slug="a", title="T", date=dt.date(2023, 1, 1), body="B", contacts=(contact,), path="p.md")
    for item, name, value in [(source, "anchor", "p-1"), (contact, "sources", ()), (article, "contacts", ())]:
        replaced = replacer(type(item), name)(item, value)
        assert replaced == dataclasses.replace(item, **{name: value})
        assert type(replaced) is type(item) and replaced is not item
        assert list(vars(replaced)) == [field.name for field in dataclasses.fields(replaced)]
        assert getattr(item, name) != value  # the item itself is left as it was


def test_body_texts_are_the_callers_own() -> None:
    """body_texts is memoised: what a caller does to the lists it gets must not reach the next caller."""
    body = "# Head\n\nOne.\n\nTwo.\n"
    texts, headings = body_texts(body)
    texts.append("changed")
    headings.clear()
    assert body_texts(body) == (["Head", "One.", "Two."], [0])
    assert [b.anchor for b in split_body(body)] == ["h-1", "p-1", "p-2"]


@settings(max_examples=300, deadline=None)
@given(bodies(), st.sampled_from([None, "A summary."]), st.lists(st.sampled_from(["", "A caption."]), max_size=3))
def test_article_texts_are_article_blocks_anchors_and_texts(body: str, summary: str | None,
                                                              captions: list[str]) -> None:
    article = Article(slug="s", title="T", date=None, summary=summary, body=body,
                      images=tuple(Image(f"{n}.jpg", caption) for n, caption in enumerate(captions)))
    blocks = article_blocks(article)
    assert article_texts(article) == ([b.anchor for b in blocks], [b.text for b in blocks])
