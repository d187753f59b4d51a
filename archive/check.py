"""Check: what needs a human — in the records, and (after a build) in the output.

Records: required fields, dates, duplicate slugs (from records.py), plus undated
articles, inferred dates without a reason, draft contacts, unresolved contact dates,
unknown people and quotes that are not in the text. Output: every internal link and
anchor resolves, every page is well-formed.
"""

from __future__ import annotations

import html.parser
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from archive.blocks import article_blocks, find_anchor
from archive.model import Article, Person, Problem
from archive.records import load_records

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def known_names(people: list[Person]) -> set[str]:
    return {name for p in people for name in (p.name, *p.aliases)}


def article_problems(article: Article, names: set[str]) -> list[Problem]:
    where = article.path or article.slug
    problems: list[Problem] = []
    if article.date is None:
        problems.append(Problem(where, "no date; set date: YYYY-MM-DD with date_inferred: true and a date_note"))
    elif article.date_inferred and not article.date_note:
        problems.append(Problem(where, "inferred date without date_note; say how the date was worked out"))
    for name in article.people:
        if name not in names:
            problems.append(Problem(where, f"unknown person {name!r} mentioned; add them to data/people.yaml "
                                           "(name, side, aliases, roles)", None, "warning"))
    blocks = article_blocks(article)
    drafts = [c for c in article.contacts if c.review == "draft"]
    if drafts:
        problems.append(Problem(where, f"{len(drafts)} draft contact(s) to review (set review: reviewed)",
                                None, "warning"))
    for contact in article.contacts:
        label = f"contact {contact.id or '(no id)'}"
        if contact.date is None and contact.status == "held":
            problems.append(Problem(where, f"{label}: date unresolved; set it or mark status: planned",
                                    None, "warning"))
        if not contact.sources:
            problems.append(Problem(where, f"{label}: no source sentence; quote the sentence that reports it"))
        for source in contact.sources:
            if find_anchor(blocks, source.sentence) is None:
                problems.append(Problem(where, f"{label}: quoted sentence not found in the text: "
                                               f"{source.sentence[:60]!r}…; quote it verbatim"))
        for person in contact.participants:
            if person.name not in names:
                problems.append(Problem(where, f"{label}: unknown person {person.name!r}; "
                                               "add them to data/people.yaml", None, "warning"))
    return problems


def check_records(folder: Path, people: list[Person]) -> list[Problem]:
    articles, problems = load_records(folder)
    names = known_names(people)
    for article in articles:
        problems.extend(article_problems(article, names))
    return problems


# ---------------------------------------------------------------- output


class PageScan(html.parser.HTMLParser):
    """Collects ids, links and tag-balance errors of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []
        self.stack: list[str] = []
        self.errors: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value:
                self.links.append((value, self.getpos()[0]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if tag not in self.stack:
            self.errors.append((self.getpos()[0], f"</{tag}> closes nothing"))
            return
        while self.stack and (top := self.stack.pop()) != tag:
            self.errors.append((self.getpos()[0], f"<{top}> is not closed before </{tag}>"))


def scan(path: Path) -> PageScan:
    page = PageScan()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    for tag in page.stack:
        page.errors.append((0, f"<{tag}> is never closed"))
    return page


def check_output(output: Path) -> list[Problem]:
    pages = {p.relative_to(output).as_posix(): scan(p) for p in sorted(output.rglob("*.html"))}
    problems = [Problem(str(output / name), message, line or None)
                for name, page in pages.items() for line, message in page.errors]
    for name, page in pages.items():
        for link, line in page.links:
            problem = broken_link(output, name, link, pages)
            if problem:
                problems.append(Problem(str(output / name), problem, line))
    return problems


def broken_link(output: Path, page: str, link: str, pages: dict[str, PageScan]) -> str | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
        return None
    target = page if not parts.path else posixpath.normpath(posixpath.join(posixpath.dirname(page),
                                                                         unquote(parts.path)))
    if target.startswith("../") or not (output / target).is_file():
        return f"link {link!r} points at a file that does not exist"
    if parts.fragment and target in pages and unquote(parts.fragment) not in pages[target].ids:
        return f"link {link!r}: no element with id {parts.fragment!r} in {target}"
    return None
