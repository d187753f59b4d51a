"""An article as a list of anchored blocks: the unit that sources cite and pages link to.

The extractor quotes sentences from blocks and the renderer gives each block the same
anchor, so a timeline link `…/index.html#p-4` lands on the paragraph it quotes.
"""

from __future__ import annotations

import functools
import inspect
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import fields, replace
from itertools import accumulate
from operator import attrgetter
from typing import TypeVar

from archive.model import Article, Block, Contact, Problem, Source

_HEADING = re.compile(r"^#{1,6}\s+")
_BLANK_LINE = re.compile(r"\n\s*\n")


def body_texts(body: str) -> tuple[list[str], list[int]]:
    """The text of each blank-line separated block, and the numbers of those that are headings."""
    texts, headings = _body_texts(body)
    return list(texts), list(headings)


@functools.lru_cache(maxsize=8)  # reading a record splits its body to anchor its sources, then for its lead
def _body_texts(body: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """body_texts, kept immutable so that its callers can share it."""
    stripped = body.strip()
    texts = stripped.split("\n\n")
    if "\n" not in "".join(texts) and not any(map(str.isspace, texts)):
        # The usual layout, one line per block and one empty line between (every line break is
        # in a "\n\n" between blocks), split without the regex. An empty block is part of a
        # longer blank stretch. (Splitting at "\n\n", then looking for a "\n" left in the
        # joined blocks, costs less than splitting at every "\n".)
        texts = list(map(str.strip, texts)) if "" not in texts else [text.strip() for text in texts if text]
    else:
        texts = [text for text in map(str.strip, _BLANK_LINE.split(stripped)) if text]
    headings = []
    if "#" in body:  # most bodies have no heading: spare looking at each block's first character
        for number, text in enumerate(texts):
            if text[0] == "#" and (heading := _HEADING.match(text)):
                texts[number] = text[heading.end():]
                headings.append(number)
    return tuple(texts), tuple(headings)


def split_body(body: str) -> list[Block]:
    """Blank-line separated Markdown blocks, numbered per kind: p-1, p-2 … and h-1 …"""
    return list(_split_body(body))


@functools.lru_cache(maxsize=8)  # a body is split for its lead, its export and its search document
def _split_body(body: str) -> tuple[Block, ...]:
    texts, headings = _body_texts(body)
    kinds = ["paragraph"] * len(texts)
    for number in headings:
        kinds[number] = "heading"
    return tuple(map(Block, _body_anchors(len(texts), headings), kinds, texts))


def _body_anchors(count: int, headings: Sequence[int]) -> list[str]:
    """The anchors of all `count` body blocks (from 0): p-1, p-2 … and h-1 …, each kind counted on
    its own, in one pass."""
    anchors: list[str] = []
    start = 0  # the first block after the last heading seen
    for before, number in enumerate(headings):  # `before` headings precede this one
        anchors += _paragraph_anchors(start - before + 1, number - before + 1)
        anchors.append(f"h-{before + 1}")
        start = number + 1
    anchors += _paragraph_anchors(start - len(headings) + 1, count - len(headings) + 1)
    return anchors


def _paragraph_anchors(first: int, stop: int) -> list[str]:
    """The anchors p-`first` … p-`stop - 1`, each made once for every body."""
    while len(_PARAGRAPH_ANCHORS) < stop - 1:
        _PARAGRAPH_ANCHORS.append(f"p-{len(_PARAGRAPH_ANCHORS) + 1}")
    return _PARAGRAPH_ANCHORS[first - 1:stop - 1]


_PARAGRAPH_ANCHORS: list[str] = []  # "p-1", "p-2" …


def _lead_blocks(article: Article) -> list[Block]:
    """The summary and the captions: the blocks before the body."""
    blocks: list[Block] = []
    if article.summary:
        blocks.append(Block("summary", "summary", article.summary))
    for number, image in enumerate(article.images, start=1):
        if image.caption:
            blocks.append(Block(f"figure-{number}", "caption", image.caption))
    return blocks


def article_blocks(article: Article) -> list[Block]:
    """Summary, captions, then the body: every place a sentence can be quoted from."""
    return _lead_blocks(article) + split_body(article.body)


def article_texts(article: Article) -> tuple[list[str], list[str]]:
    """article_blocks' anchors and texts, made without a Block each (the search index reads the
    ~180,000 blocks of 10,000 articles)."""
    lead = _lead_blocks(article)
    texts, headings = _body_texts(article.body)
    return ([block.anchor for block in lead] + _body_anchors(len(texts), headings),
            [block.text for block in lead] + list(texts))


def normalise(text: str) -> str:
    """Text compared for quoting: curly quotes straightened, space folded, case kept."""
    if not text.isascii():  # only non-ASCII text can hold curly quotes or no-break spaces
        text = text.replace("\u2019", "'").replace("\u2018", "'")
        text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\xa0", " ")
    # str.split() splits at exactly the characters `\s` matches, so this folds each run of
    # white space to one space and trims the ends, as `re.sub(r"\s+", " ", text).strip()`
    # would, without building a match object per word.
    return " ".join(text.split())


def normalised(blocks: list[Block]) -> list[tuple[str, str]]:
    """(anchor, normalised text) of each block: normalise once, search many times."""
    return [(block.anchor, normalise(block.text)) for block in blocks]


def anchor_in(texts: list[tuple[str, str]], sentence: str) -> str | None:
    wanted = normalise(sentence)
    return next((anchor for anchor, text in texts if wanted and wanted in text), None)


class _Quotes:
    """An article's blocks, searched for quoted sentences without normalising every block.

    Two facts about normalise let plain searches stand in for it. A normalised sentence
    found verbatim in a block is in the normalised block too: it has no curly quotes and
    only single spaces between non-space characters, which normalise leaves as they are.
    And a piece of the sentence holding no space or straight quote (a "word") is in any
    block whose normalised text holds the sentence, verbatim, because normalise only
    changes quotes and white space. So the answer is the first block holding the sentence
    verbatim, unless an earlier block holds its longest word and, normalised, the sentence.
    """

    def __init__(self, texts: list[str], anchor: Callable[[int], str]) -> None:
        self.texts = texts
        self.anchor = anchor  # block number → anchor, asked only for the block found
        # One search over all the text finds the first block that holds a sentence or word;
        # neither holds a line break, so no match spans the "\n" between two blocks.
        self.joined = "\n".join(texts)
        self.starts = [0, *accumulate(map((1).__add__, map(len, texts)))]
        self.folded: dict[int, str] = {}  # block number → normalised text, made when first needed

    @classmethod
    def of_blocks(cls, blocks: list[Block]) -> _Quotes:
        return cls([block.text for block in blocks], lambda number: blocks[number].anchor)

    @classmethod
    def of_article(cls, article: Article) -> _Quotes:
        """article_blocks(article), without making a Block for every block."""
        anchors, texts = article_texts(article)
        return cls(texts, anchors.__getitem__)

    def anchor_of(self, sentence: str) -> str | None:
        """The anchor of the first block whose normalised text holds the normalised sentence."""
        wanted = normalise(sentence)
        if not wanted:
            return None
        at = self.joined.find(wanted)
        verbatim = bisect_right(self.starts, at) - 1 if at >= 0 else len(self.texts)
        word = max(wanted.replace("'", " ").replace('"', " ").split(), key=len, default="")
        number = 0
        while number < verbatim:
            if word:  # skip to the next block that holds the word
                found = self.joined.find(word, self.starts[number])
                number = bisect_right(self.starts, found) - 1 if found >= 0 else verbatim
                if number >= verbatim:
                    break
            folded = self.folded.get(number)
            if folded is None:
                folded = self.folded[number] = normalise(self.texts[number])
            if wanted in folded:
                return self.anchor(number)
            number += 1
        return self.anchor(verbatim) if at >= 0 else None


def find_anchor(blocks: list[Block], sentence: str) -> str | None:
    """The anchor of the first block that contains the sentence, or None."""
    return _Quotes.of_blocks(blocks).anchor_of(sentence)


_Item = TypeVar("_Item")


def replacer(cls: type[_Item], name: str) -> Callable[[_Item, object], _Item]:
    """`lambda item, value: dataclasses.replace(item, **{name: value})`, faster.

    replace() walks the fields in Python on every call, and anchoring calls it for every
    source, contact and article, where it cost more than the anchoring. When __init__
    takes exactly the fields, in order, by position (true of the model's dataclasses),
    fetching them with one attrgetter and passing them on by position gives the same object.
    """
    names = [field.name for field in fields(cls)]  # type: ignore[arg-type]
    parameters = list(inspect.signature(cls).parameters.values())
    if len(names) < 2 or names != [p.name for p in parameters] or any(
            p.kind is not inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters):
        return lambda item, value: replace(item, **{name: value})  # type: ignore[type-var]
    values_of = attrgetter(*names)
    at = names.index(name)

    def replaced(item: _Item, value: object) -> _Item:
        values = values_of(item)
        return cls(*values[:at], value, *values[at + 1:])

    return replaced


_with_anchor = replacer(Source, "anchor")
_with_sources = replacer(Contact, "sources")
_with_contacts = replacer(Article, "contacts")


def anchor_sources(articles: list[Article]) -> tuple[list[Article], list[Problem]]:
    """Point every contact source at the block that quotes it; drop sources citing no known article."""
    by_slug = {a.slug: a for a in articles}
    quotes: dict[str, _Quotes] = {}
    problems: list[Problem] = []

    def anchored(article: Article, source: Source) -> Source | None:
        cited = by_slug.get(source.article)
        if cited is None:
            problems.append(Problem(article.path or article.slug, f"a contact cites unknown article "
                                    f"'{source.article}'; fix the slug (the source is left out)", None, "warning"))
            return None
        if source.anchor:
            return source
        found = quotes.get(cited.slug)
        if found is None:
            found = quotes[cited.slug] = _Quotes.of_article(cited)
        return _with_anchor(source, found.anchor_of(source.sentence))

    def with_anchors(article: Article) -> Article:
        contacts = tuple(
            _with_sources(c, tuple(s for s in (anchored(article, s) for s in c.sources) if s))
            for c in article.contacts
        )
        return _with_contacts(article, contacts) if article.contacts else article

    return [with_anchors(a) for a in articles], problems
