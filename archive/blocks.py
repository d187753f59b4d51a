"""An article as a list of anchored blocks: the unit that sources cite and pages link to.

The extractor quotes sentences from blocks and the renderer gives each block the same
anchor, so a timeline link `…/index.html#p-4` lands on the paragraph it quotes.
"""

from __future__ import annotations

import re
from dataclasses import replace

from archive.model import Article, Block, Problem, Source

_HEADING = re.compile(r"^#{1,6}\s+")
_SPACE = re.compile(r"\s+")


def split_body(body: str) -> list[Block]:
    """Blank-line separated Markdown blocks, numbered per kind: p-1, p-2 … and h-1 …"""
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


def article_blocks(article: Article) -> list[Block]:
    """Summary, captions, then the body: every place a sentence can be quoted from."""
    blocks: list[Block] = []
    if article.summary:
        blocks.append(Block("summary", "summary", article.summary))
    for number, image in enumerate(article.images, start=1):
        if image.caption:
            blocks.append(Block(f"figure-{number}", "caption", image.caption))
    return blocks + split_body(article.body)


def normalise(text: str) -> str:
    """Text compared for quoting: curly quotes straightened, space folded, case kept."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\xa0", " ")
    return _SPACE.sub(" ", text).strip()


def normalised(blocks: list[Block]) -> list[tuple[str, str]]:
    """(anchor, normalised text) of each block: normalise once, search many times."""
    return [(block.anchor, normalise(block.text)) for block in blocks]


def anchor_in(texts: list[tuple[str, str]], sentence: str) -> str | None:
    wanted = normalise(sentence)
    return next((anchor for anchor, text in texts if wanted and wanted in text), None)


def find_anchor(blocks: list[Block], sentence: str) -> str | None:
    """The anchor of the first block that contains the sentence, or None."""
    return anchor_in(normalised(blocks), sentence)


def anchor_sources(articles: list[Article]) -> tuple[list[Article], list[Problem]]:
    """Point every contact source at the block that quotes it; drop sources citing no known article."""
    by_slug = {a.slug: a for a in articles}
    texts: dict[str, list[tuple[str, str]]] = {}
    problems: list[Problem] = []

    def anchored(article: Article, source: Source) -> Source | None:
        cited = by_slug.get(source.article)
        if cited is None:
            problems.append(Problem(article.path or article.slug, f"a contact cites unknown article "
                                    f"'{source.article}'; fix the slug (the source is left out)", None, "warning"))
            return None
        if source.anchor:
            return source
        if cited.slug not in texts:
            texts[cited.slug] = normalised(article_blocks(cited))
        return replace(source, anchor=anchor_in(texts[cited.slug], source.sentence))

    def with_anchors(article: Article) -> Article:
        contacts = tuple(
            replace(c, sources=tuple(s for s in (anchored(article, s) for s in c.sources) if s))
            for c in article.contacts
        )
        return replace(article, contacts=contacts) if article.contacts else article

    return [with_anchors(a) for a in articles], problems
