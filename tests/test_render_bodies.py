"""Article bodies: the plain-text fast path gives exactly what python-markdown + nh3 give."""

from __future__ import annotations

from pathlib import Path

import markdown
import nh3
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.blocks import split_body
from archive.records import load_records
from archive.render import ALLOWED_TAGS, block_html, body_html, is_plain

ROOT = Path(__file__).resolve().parent.parent
_MARKDOWN = markdown.Markdown(output_format="html")


def reference_block(text: str, kind: str, anchor: str) -> str:
    """The renderer before the fast path: every block through python-markdown and nh3."""
    if kind == "heading":
        inline = nh3.clean(_MARKDOWN.reset().convert(text), tags={"em", "strong", "code"}).strip()
        inline = inline.removeprefix("<p>").removesuffix("</p>")
        return f'<h2 id="{anchor}">{inline}</h2>'
    html = nh3.clean(_MARKDOWN.reset().convert(text), tags=ALLOWED_TAGS, link_rel="noopener nofollow")
    if html.startswith("<p>"):
        return f'<p id="{anchor}">' + html[3:]
    return f'<div id="{anchor}">{html}</div>'


def reference_body(body: str) -> str:
    return "\n".join(reference_block(b.text, b.kind, b.anchor) for b in split_body(body))


def test_curated_articles_render_as_before() -> None:
    articles, _ = load_records(ROOT / "articles")
    assert articles
    for article in articles:
        assert body_html(article.body) == reference_body(article.body), article.slug


TRICKY = ["Plain prose, with “quotes” and 'apostrophes' and (brackets).", "1. A list item", "- a dash item",
          "> a quote", "Line one  \nline two", "Line one\n    indented", "Tom & Jerry", "a <b>tag</b>",
          "*em* and __strong__", "[link](http://x)", "Setext\n===", "Setext\n---", "Cost: 5 < 6",
          "non\xa0breaking", "tab\there", "\\# escaped", "Two\nlines", "Xi Jinping met Joe Biden.\n2023. A year",
          "Café – déjà vu — naïve", "#hashtag in the middle # here", "http://example.org/a_b", "`code`"]

ANY = st.text(alphabet=st.sampled_from(list("abcXYZ019 .,;:'\"()-#*_`[]<>&!\\=+\n\t\xa0“”‘’–é")),
              min_size=1, max_size=60)
MOSTLY_PROSE = st.text(alphabet=st.sampled_from(list("abcXYZ019  .,;:'\"()-–é“”‘’\n=#+")), min_size=1, max_size=60)
PROSE = st.one_of(ANY, MOSTLY_PROSE).map(str.strip).filter(bool)


def test_tricky_blocks_render_as_before() -> None:
    for text in TRICKY:
        for kind, anchor in (("paragraph", "p-1"), ("heading", "h-1")):
            assert block_html(text, kind, anchor) == reference_block(text, kind, anchor), text


@settings(max_examples=600, deadline=None)
@given(PROSE)
def test_any_block_renders_as_before(text: str) -> None:
    for kind, anchor in (("paragraph", "p-3"), ("heading", "h-2")):
        assert block_html(text, kind, anchor) == reference_block(text, kind, anchor)


def test_generated_prose_takes_the_fast_path() -> None:
    assert is_plain("Officials said the talks, held on Monday, were “candid” (and long).\nA second line.")
    assert not is_plain("- an item") and not is_plain("2023. A year") and not is_plain("a *b*")


BLOCK = st.one_of(PROSE, PROSE.map(lambda text: "## " + text), st.sampled_from(TRICKY))
BODY = st.lists(BLOCK, min_size=1, max_size=8).flatmap(
    lambda blocks: st.lists(st.sampled_from(["\n\n", "\n\n\n", "\n \n"]), min_size=len(blocks), max_size=len(blocks))
    .map(lambda gaps: "".join(block + gap for block, gap in zip(blocks, gaps, strict=True))))


@settings(max_examples=300, deadline=None)
@given(BODY)
def test_any_body_renders_as_its_blocks_did(body: str) -> None:
    """body_html numbers and renders the blocks itself (with a whole-body plain-text test):
    the same HTML as every block of split_body through the reference renderer."""
    assert body_html(body) == reference_body(body)
