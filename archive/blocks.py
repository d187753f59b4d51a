"""An article as a list of anchored blocks: the unit that sources cite and pages link to.

The extractor quotes sentences from blocks and the renderer gives each block the same
anchor, so a timeline link `…/index.html#p-4` lands on the paragraph it quotes.
"""

from __future__ import annotations

import re
from dataclasses import replace

from archive.model import Article, Block

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


def find_anchor(blocks: list[Block], sentence: str) -> str | None:
    """The anchor of the first block that contains the sentence, or None."""
    wanted = normalise(sentence)
    for block in blocks:
        if wanted and wanted in normalise(block.text):
            return block.anchor
    return None


def with_anchors(article: Article) -> Article:
    """The article with every contact source pointing at the block that quotes it."""
    if not article.contacts:
        return article
    blocks = article_blocks(article)
    contacts = tuple(
        replace(contact, sources=tuple(
            replace(source, anchor=source.anchor or find_anchor(blocks, source.sentence))
            for source in contact.sources
        ))
        for contact in article.contacts
    )
    return replace(article, contacts=contacts)
