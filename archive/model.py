"""The archive's data: plain dataclasses passed from stage to stage.

Nothing here reads files or knows about YAML, HTML or templates. Every stage
(read → extract → records → timeline → render → write) speaks these types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import overload

SIDES = ("CN", "US")
MODES = ("in-person", "phone", "video", "unknown")
STATUSES = ("held", "planned")
PRECISIONS = ("day", "month", "year", "unknown")
KINDS = ("news", "opinion", "analysis")
REVIEW_STATES = ("draft", "reviewed")


@dataclass(frozen=True)
class Image:
    """A photo the text carried: its file name (if the text gave one), caption and credit."""

    file: str | None
    caption: str
    credit: str | None = None


@dataclass(frozen=True)
class Participant:
    """One person in a contact, as the text names them."""

    name: str
    side: str  # "CN" or "US"
    role: str | None = None


@dataclass(frozen=True)
class Source:
    """Where a contact is reported: an article, the verbatim sentence, its paragraph anchor."""

    article: str  # slug of the reporting article
    sentence: str
    anchor: str | None = None  # e.g. "p-4", "summary", "figure-1"; resolved at build


@dataclass(frozen=True)
class Contact:
    """One call, meeting, round of talks or visit between Chinese and US officials.

    `date` is ISO and only as precise as the text: "2023-06-19", "2022-11", "2023",
    or None when the text gives no usable date (precision "unknown").
    """

    id: str
    date: str | None
    date_precision: str
    participants: tuple[Participant, ...]
    mode: str = "unknown"
    status: str = "held"
    summary: str = ""
    end_date: str | None = None
    place: str | None = None
    duration: str | None = None
    sources: tuple[Source, ...] = ()
    date_inferred: bool = False
    date_note: str | None = None
    review: str = "draft"


@dataclass(frozen=True)
class Block:
    """One block of an article as the reader sees it, with its stable anchor."""

    anchor: str  # "summary", "figure-1", "p-1", "h-1"
    kind: str  # "summary", "caption", "paragraph", "heading"
    text: str


@dataclass(frozen=True)
class Article:
    """One news article: the record in `articles/<slug>.md`."""

    slug: str
    title: str
    date: dt.date | None
    body: str  # Markdown
    date_inferred: bool = False
    date_note: str | None = None
    outlet: str | None = None
    author: str | None = None
    author_bio: str | None = None
    kind: str = "news"
    dateline: str | None = None
    summary: str | None = None
    images: tuple[Image, ...] = ()
    source_file: str | None = None
    people: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    contacts: tuple[Contact, ...] = ()
    path: str | None = None  # the record file it was read from, for messages


@dataclass(frozen=True)
class Role:
    title: str
    start: str | None = None  # ISO, as precise as known
    end: str | None = None


@dataclass(frozen=True)
class Person:
    """A known person from `data/people.yaml`."""

    id: str
    name: str
    side: str  # "CN", "US" or "other"
    aliases: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    description: str | None = None
    pronoun: str | None = None  # "she" or "he" where people.yaml says: whom "she" and "he" can stand for


@dataclass(frozen=True)
class TimelineEntry:
    """A contact as the timeline shows it: merged from every article that reports it."""

    contact: Contact
    articles: tuple[str, ...] = ()  # slugs, in date order

    @property
    def id(self) -> str:
        return self.contact.id


@dataclass
class Problem:
    """Something a human should look at: where, and what to do."""

    path: str
    message: str
    line: int | None = None
    severity: str = "error"  # "error" stops an honest build; "warning" does not

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class WriteReport:
    """What the write stage did to the output folder."""

    written: int
    unchanged: int
    removed: int


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    report: WriteReport | None = None
    rendered: int = 0  # pages rendered by this build; the rest were unchanged since the last one


@dataclass(frozen=True)
class ArticleRef:
    """What pages other than its own show of an article: its card in lists, the article that a
    contact's source cites, the lists it belongs to, its feed entry (an Article has the same fields)."""

    slug: str
    title: str
    outlet: str | None
    date: dt.date | None
    date_inferred: bool = False
    kind: str = "news"
    summary: str | None = None
    people: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    author: str | None = None

    @classmethod
    def of(cls, article: Article) -> ArticleRef:
        return cls(article.slug, article.title, article.outlet, article.date, article.date_inferred, article.kind,
                   article.summary, article.people, article.topics, article.author)


class ArticleList(Sequence[Article]):
    """Articles in order, each made on first use: an item is an Article or a function that makes
    it (the build passes its cached records', so a rebuild that renders one page makes a few).
    Their refs are known without making them: every page but the article's own needs only those."""

    def __init__(self, items: list[Article | Callable[[], Article]], refs: list[ArticleRef]) -> None:
        self._items = items
        self.refs = refs
        self.slugs = [ref.slug for ref in refs]

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._items)))]
        item = self._items[index]
        if not isinstance(item, Article):
            item = self._items[index] = item()
        return item

    def __iter__(self) -> Iterator[Article]:
        return (self[index] for index in range(len(self._items)))


@dataclass
class Corpus:
    """Everything the render stage needs, already validated."""

    articles: Sequence[Article] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)

    # What the whole corpus's pages need of every article; from an ArticleList, without making them.

    def refs(self) -> list[ArticleRef]:
        """Each article's ArticleRef, in order."""
        if isinstance(self.articles, ArticleList):
            return self.articles.refs
        return [ArticleRef.of(a) for a in self.articles]

    def article_refs(self) -> Mapping[str, ArticleRef]:
        """What contacts' sources show of the articles they cite, by slug (a page whose contacts
        cite a dozen articles would otherwise make a dozen articles)."""
        return {ref.slug: ref for ref in self.refs()}

    def slugs(self) -> list[str]:
        return self.articles.slugs if isinstance(self.articles, ArticleList) else [a.slug for a in self.articles]

    def people_named(self) -> list[tuple[str, ...]]:
        """Each article's `people`, in order."""
        return [ref.people for ref in self.refs()]
