"""Render: the validated corpus → every page of the site, as {relative path: bytes}.

Python prepares values (archive.views); Jinja2 templates hold all markup. Nothing is
written here: the write stage decides what reaches the disk.
"""

from __future__ import annotations

import functools
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import markupsafe
import nh3

from archive import views
from archive.blocks import body_texts, split_body
from archive.charts import Cell, meeting_matrix, month_chart
from archive.config import TEMPLATES_DIR, SiteConfig
from archive.model import Article, ArticleRef, Corpus, Person, TimelineEntry
from archive.store import digest

if TYPE_CHECKING:
    import markdown

# Stands for a page's `root` ("../../") inside fragments that pages at different depths share:
# a fragment is rendered once with it and each page puts its own root in. Records cannot hold
# a NUL (archive.records drops control characters), so it cannot clash with content.
ROOT = "\x00root\x00"
ALLOWED_TAGS = {"p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "h2", "h3", "h4",
                "br", "hr", "sup", "sub", "span"}


def make_environment(templates_dir: Path = TEMPLATES_DIR, bytecode: Path | None = None,
                     reuse: bool = True) -> jinja2.Environment:
    """The templates' environment; with `bytecode`, compiled templates are kept there between
    builds (Jinja checks each against its source), sparing a rebuild ~0.1 s of compiling;
    without `reuse` (--no-cache), they are kept but none is read."""
    cache_type = jinja2.FileSystemBytecodeCache if reuse else _WriteOnlyBytecodeCache
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        bytecode_cache=cache_type(str(bytecode)) if bytecode else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat every template at every render
    )
    env.filters["partial_date"] = views.display_partial
    return env


class _WriteOnlyBytecodeCache(jinja2.FileSystemBytecodeCache):
    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        pass


# ---------------------------------------------------------------- article bodies

@functools.cache  # made on first use: most builds have no block that needs it
def _markdown() -> markdown.Markdown:
    import markdown  # here: importing it costs a rebuild ~25 ms, and most bodies never need it

    return markdown.Markdown(output_format="html")


# A block Markdown would leave as plain text: no inline markup, entity, raw HTML, escape,
# tab, no-break space or hard line break, and every line starts like prose (not a list
# item, quote, rule, setext underline or indented code). Such a block's HTML is its own
# text, byte for byte what python-markdown + nh3 give (tests/test_render_bodies.py checks
# that on generated text); most of our blocks are like this, and the fast path skips
# ~0.15 ms of Markdown and sanitising per block.
_MARKUP = re.compile(r"[\\`*_\[\]<>&!\xa0\x00-\x09\x0b-\x1f\x7f]| \n|\n(?![A-Za-z\"'(\u201c\u2018])")
_PROSE_START = re.compile(r"[A-Za-z\"'(\u201c\u2018]")
_PROSE_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\"'(\u201c\u2018")  # what it matches
# Every match of _MARKUP holds one of these characters; one character class scans ~3× faster
# than the alternation, and most blocks hold none of them.
_MAYBE_MARKUP = re.compile(r"[\\`*_\[\]<>&!\xa0\x00-\x1f\x7f]")


# The bytes whose absence from a body's UTF-8 proves that no block of it holds a character
# _MAYBE_MARKUP looks for but "\n": the ASCII ones, and 0xC2, which leads U+0080–U+00BF (the
# no-break space among them). One C pass over the body (~5 instructions a byte) instead of the
# regex over every block (~50 a character): a third of the CPU of a body's HTML.
_NOT_PLAIN_BYTES = b"\\`*_[]<>&!\x7f\xc2" + bytes(range(0x0A)) + bytes(range(0x0B, 0x20))


def is_plain(text: str) -> bool:
    return _PROSE_START.match(text) is not None and (_MAYBE_MARKUP.search(text) is None or _MARKUP.search(text) is None)


def block_html(text: str, kind: str, anchor: str) -> str:
    """One body block as sanitised HTML carrying its anchor id."""
    return _block_html(text, kind == "heading", anchor, is_plain(text))


def _block_html(text: str, heading: bool, anchor: str, plain: bool) -> str:
    if heading:
        if plain:
            return f'<h2 id="{anchor}">{text}</h2>'
        inline = nh3.clean(_markdown().reset().convert(text), tags={"em", "strong", "code"}).strip()
        inline = inline.removeprefix("<p>").removesuffix("</p>")
        return f'<h2 id="{anchor}">{inline}</h2>'
    if plain:
        return f'<p id="{anchor}">{text}</p>'
    html = nh3.clean(_markdown().reset().convert(text), tags=ALLOWED_TAGS, link_rel="noopener nofollow")
    if html.startswith("<p>"):
        return f'<p id="{anchor}">' + html[3:]
    return f'<div id="{anchor}">{html}</div>'


def body_html(body: str) -> str:
    """The blocks of archive.blocks.split_body as HTML, with its anchors (h-1 …, p-1 …: each kind
    counted on its own), made without its Block objects."""
    texts, headings = body_texts(body)
    encoded = body.encode("utf-8", "surrogatepass")
    clean = len(encoded.translate(None, _NOT_PLAIN_BYTES)) == len(encoded)
    headings_left = iter(headings)
    next_heading = next(headings_left, -1)
    parts = []
    paragraph = heading = 0
    for number, text in enumerate(texts):
        if clean:  # is_plain(text), knowing that "\n" is the only character of _MAYBE_MARKUP it may hold
            plain = text[:1] in _PROSE_FIRST and ("\n" not in text or _MARKUP.search(text) is None)
        else:
            plain = is_plain(text)
        if number == next_heading:
            heading += 1
            next_heading = next(headings_left, -1)
            parts.append(_block_html(text, True, f"h-{heading}", plain))
        else:
            paragraph += 1
            parts.append(_block_html(text, False, f"p-{paragraph}", plain))
    return "\n".join(parts)


def lead_of(body: str) -> str:
    """The first paragraph's text: the summary a card shows when the record has none."""
    return next((b.text for b in split_body(body) if b.kind == "paragraph"), "")


# ---------------------------------------------------------------- pages


class Card(dict[str, Any]):
    """An article as lists show it: only what a card shows (title, url, date, date_inferred, outlet,
    kind, summary, when), so that a page of cards depends on nothing else of the article: an
    edit to a body re-renders no list. A dict for the templates, never changed once made."""

    key: str | None = None  # a digest of what it is made from, when known: spares walking it


@dataclass(frozen=True)
class PageSpec:
    """One page before rendering: the cache keys it by its template and context.

    `body` is the article's Markdown, turned into `body` HTML only when the page is
    actually rendered: a cached page never pays for it.
    """

    template: str
    path: str
    context: dict[str, Any]
    body: str | None = None


@dataclass(frozen=True)
class PagePlan:
    """A list page before its context is made (`make` makes its PageSpec).

    `shows`, when the renderer knows the digests of what pages show of the articles and contacts
    (`metas`, `entry_keys`), is a digest of all the page shows besides its template and path: of
    the cards and contacts it lists, in order, and of any other value it is given. Equal `shows`,
    equal page: a rebuild after one article is added makes and renders the few pages it changes."""

    template: str
    path: str
    make: Callable[[], PageSpec]
    shows: str | None = None


_ROOT_BYTES = ROOT.encode()


_SLUG, _ID = operator.attrgetter("slug"), operator.attrgetter("id")


class Renderer:
    """Holds the template environment and the corpus-wide views every page shares."""

    def __init__(self, corpus: Corpus, config: SiteConfig, env: jinja2.Environment,
                 leads: dict[str, str] | None = None, metas: dict[str, str] | None = None,
                 entry_keys: dict[str, str] | None = None, layout: views.Layout | None = None,
                 sources: frozenset[str] | None = None) -> None:
        self.corpus = corpus
        # The seed texts the build copies to sources/: an article links its own only if it is there.
        # None: not known (a renderer outside a build), so every named source is linked.
        self.sources = sources
        self.config = config
        self.env = env
        self.layout = layout or views.Layout()
        self.leads = leads if leads is not None else {}  # slug → first paragraph, filled on demand
        self.metas = metas or {}  # slug → digest of all a card can show (archive.cache.meta_digest)
        self.card_memo: dict[str, tuple[ArticleRef, Card]] = {}
        self.fragments: dict[tuple[Any, ...], tuple[Any, markupsafe.Markup]] = {}
        self.fragment_key: Callable[[Any], str] | None = None
        self.chrome: dict[tuple[Hashable, ...], markupsafe.Markup] = {}
        self.kept: dict[str, str] = {}  # content key → fragment, from the last build
        self.made: dict[str, str] = {}  # the same, of this build
        self.refs = corpus.refs()  # every page but an article's own shows only these of the articles
        self.cited = {ref.slug: ref for ref in self.refs}  # what contact views show of the articles they cite
        self.entry_keys = entry_keys  # entry id → digest of what its contact view shows
        self.entries_by_article: dict[str, list[TimelineEntry]] = defaultdict(list)
        for entry in corpus.timeline:
            for slug in entry.articles:
                self.entries_by_article[slug].append(entry)
        self._contact_views: dict[str, views.ContactView] = {}
        self._contact_lines: dict[str, views.ContactLine] = {}  # by id: a contact shows in each of its pairs
        self.templates: dict[str, tuple[jinja2.Template, dict[str, Any]]] = {}  # name → (template, its globals)

    # The people, their contacts and articles are needed only by the pages that list them: a
    # rebuild that renders one article page does not pay for them.

    @functools.cached_property
    def people(self) -> dict[str, Person]:
        return views.people_index(self.corpus.people, self.corpus.people_named(), self.corpus.timeline)

    @functools.cached_property
    def entries_by_person(self) -> dict[str, list[TimelineEntry]]:
        found: dict[str, list[TimelineEntry]] = defaultdict(list)
        slug_of = views.slug_of
        for entry in self.corpus.timeline:
            for participant in entry.contact.participants:
                found[slug_of(participant.name)].append(entry)
        return found

    @functools.cached_property
    def articles_by_person(self) -> dict[str, list[ArticleRef]]:
        found: dict[str, list[ArticleRef]] = defaultdict(list)
        slugs = {name: views.slug_of(name) for name in {name for ref in self.refs for name in ref.people}}
        for ref in self.refs:
            for slug in {slugs[name] for name in ref.people}:  # two spellings of a name: one page
                found[slug].append(ref)
        return found

    def contact_view(self, entry: TimelineEntry) -> views.ContactView:
        view = self._contact_views.get(entry.id)
        if view is None:
            view = self._contact_views[entry.id] = views.contact_view(entry.contact, self.cited)
        return view

    def pair_view(self, cell: Cell) -> views.PairView:
        return views.PairView(cell.chinese, cell.american, views.slug_of(cell.chinese),
                              tuple(map(self.contact_line, cell.contact_ids)))

    def contact_line(self, entry_id: str) -> views.ContactLine:
        line = self._contact_lines.get(entry_id)
        if line is None:
            line = self._contact_lines[entry_id] = views.contact_line(self.entry_by_id[entry_id])
        return line

    @functools.cached_property
    def entry_by_id(self) -> dict[str, TimelineEntry]:
        return {entry.id: entry for entry in self.corpus.timeline}

    def render(self, spec: PageSpec) -> bytes:
        """The page's bytes, as Template.render and str.encode would make them, more cheaply: the
        template and its globals (a ChainMap, slow to copy) are looked up once per build."""
        template, globals_ = self.template(spec.template)
        root = "../" * spec.path.count("/")
        canonical = f"{self.config.base_url.rstrip('/')}/{spec.path}" if self.config.base_url else None
        values = {**globals_, "root": root, "path": spec.path, "site": self.config, "canonical": canonical,
                  "section": spec.path.split("/")[0], "views": views, "once": self.once, "each": self.each,
                  "shared": self.shared,
                  **spec.context}
        if spec.body is not None:
            values["body"] = body_html(spec.body)
        try:
            # Each piece encoded on its own: most are ASCII, which encodes as a copy, while the
            # joined page (holding "–" and "·") would be encoded a character at a time, ~2× the CPU.
            page = b"".join(map(str.encode, template.root_render_func(template.new_context(values, shared=True))))
        except Exception:
            self.env.handle_exception()
        return page.replace(_ROOT_BYTES, root.encode())

    def template(self, name: str) -> tuple[jinja2.Template, dict[str, Any]]:
        held = self.templates.get(name)
        if held is None:
            template = self.env.get_template(name)
            held = self.templates[name] = (template, dict(template.globals))
        return held

    def prepare_article_pages(self, indexes: Iterable[int]) -> None:
        """What each page worker would otherwise make for itself, made once before they fork:
        the article template, compiled, and the contacts the pages `indexes` report, rendered
        (~2,400 at 10,000 articles; the person pages show the same ones)."""
        self.template("article.html")
        for index in indexes:
            for entry in self.entries_by_article[self.refs[index].slug]:
                self.once("reported_contact", entry)

    def once(self, macro: str, value: Any, *args: Any, **kwargs: Any) -> markupsafe.Markup:
        """`macro` of _macros.html applied to `value`, rendered once per build and shared by every
        page that shows it: an article card appears on ~10 list pages, a contact on several.

        With `fragment_key` (a digest of a value's content), fragments are also kept across
        builds (`kept` in, `made` out): a rebuilt list of 10,000 cards re-renders only new ones.
        An ArticleRef stands for its card, a TimelineEntry for its contact view: when the digest of
        what they show is known (`metas`, `entry_keys`), a kept fragment is found without making them."""
        key = (macro, id(value), args, tuple(sorted(kwargs.items())))
        held = self.fragments.get(key)
        if held is None or held[0] is not value:  # the value is held, so its id is not reused
            content = f"{macro} {args!r} {key[3]!r} {self.content_key(value)}" if self.fragment_key else None
            html = self.kept.get(content) if content else None
            if html is None:
                render = self.macro(macro)
                html = str(render(ROOT, self.shown(value), *args, **kwargs))
            if content:
                self.made[content] = html
            held = self.fragments[key] = (value, markupsafe.Markup(html))
        return held[1]

    def shown(self, value: Any) -> Any:
        """What a fragment of `value` shows: an ArticleRef's card, a TimelineEntry's contact view."""
        if isinstance(value, ArticleRef):
            return self.article_card(value)
        if isinstance(value, TimelineEntry):
            return self.contact_view(value)
        if isinstance(value, Cell):
            return self.pair_view(value)
        return value

    def content_key(self, value: Any) -> str:
        assert self.fragment_key is not None
        if isinstance(value, ArticleRef) and value.slug in self.metas:
            return self.card_key(value.slug)
        if isinstance(value, TimelineEntry) and self.entry_keys is not None and value.id in self.entry_keys:
            return self.entry_keys[value.id]
        if isinstance(value, Cell) and self.entry_keys is not None and self.entry_keys.keys() >= set(value.contact_ids):
            return digest(value.chinese, value.american, *map(self.entry_keys.__getitem__, value.contact_ids))
        return self.fragment_key(self.shown(value))

    def card_key(self, slug: str) -> str:
        """A card's digest: its article's meta digest, which covers all a card shows."""
        return f"card {self.metas[slug]}"

    def each(self, macro: str, values: Iterable[Any], *args: Any) -> markupsafe.Markup:
        """`once` for every value, joined: a list page's cards in one call from its template, not
        one call per card (a cold build places ~110,000 cards, and each call from a template
        costs as much as finding the card's fragment)."""
        return markupsafe.Markup("".join([self.once(macro, value, *args) for value in values]))

    def macro(self, name: str) -> Callable[..., markupsafe.Markup]:
        return getattr(self.env.get_template("_macros.html").module, name)

    def shared(self, macro: str, *args: Hashable) -> markupsafe.Markup:
        """`macro` of _macros.html applied to `args`, rendered once per build for every page that
        gives the same ones (the page chrome: head links, header and footer)."""
        key = (macro, args)
        html = self.chrome.get(key)
        if html is None:
            render = self.macro(macro)
            html = self.chrome[key] = render(ROOT, *args)
        return html

    def lead(self, slug: str) -> str:
        lead = self.leads.get(slug)
        if lead is None:
            lead = self.leads[slug] = lead_of(self.corpus.articles[self.position[slug]].body)
        return lead

    @functools.cached_property
    def position(self) -> dict[str, int]:
        return {ref.slug: index for index, ref in enumerate(self.refs)}

    def article_card(self, ref: ArticleRef) -> Card:
        """An article as lists show it; one per article, shared by every list."""
        held = self.card_memo.get(ref.slug)
        if held is None or held[0] is not ref:
            held = self.card_memo[ref.slug] = (ref, Card(
                title=ref.title, url=views.article_url(ref.slug), date=ref.date,
                date_inferred=ref.date_inferred, outlet=ref.outlet, kind=ref.kind,
                summary=ref.summary or shorten(self.lead(ref.slug), 220),
                when=views.display_day(ref.date) if ref.date else "Undated"))
            if ref.slug in self.metas:
                held[1].key = self.card_key(ref.slug)  # what the page cache keys it by
        return held[1]

    def shows(self, *values: object, refs: Iterable[ArticleRef] = (), entries: Iterable[TimelineEntry] = ()) \
            -> str | None:
        """PagePlan.shows: a digest of `values`' reprs and of the cards and contacts listed; None when
        the renderer was not given the digests of what those show."""
        if not self.metas or self.entry_keys is None:
            return None
        # map in C: the lists of an add at 10,000 articles name ~100,000 cards
        return digest(repr(values), *map(self.metas.__getitem__, map(_SLUG, refs)), "\x00",
                      *map(self.entry_keys.__getitem__, map(_ID, entries)))

    def plan(self, template: str, path: str, make: Callable[[], dict[str, Any]], shows: str | None) -> PagePlan:
        return PagePlan(template, path, lambda: PageSpec(template, path, make()), shows)

    # -- the pages

    @functools.cached_property
    def sections(self) -> dict[str, Any]:
        return views.timeline_sections(self.corpus.timeline)

    def home(self) -> PagePlan:
        """The timeline: every contact, or, past layout.timeline_months_from, the months (each on
        its own page, timeline_months) and the contacts no month's page holds."""
        timeline = self.corpus.timeline

        def context() -> dict[str, Any]:
            return dict(sections=self.sections, chart=month_chart(views.contacts_per_month(timeline)),
                        article_count=len(self.refs),
                        by_month=self.sections["in_period"] > self.layout.timeline_months_from)

        return self.plan("timeline.html", "index.html", context, self.shows(len(self.refs), entries=timeline))

    def timeline_months(self) -> list[PagePlan]:
        """A page for each month's held and planned contacts (views.page_month), whatever the size
        of the archive: their links (views.timeline_url) lead there."""
        months: list[views.TimelineMonth] = self.sections["months"]
        pages = []
        for index, month in enumerate(months):
            previous = months[index - 1] if index > 0 else None
            following = months[index + 1] if index + 1 < len(months) else None
            around = [(m.year, m.month, m.label) if m else None for m in (previous, following)]
            pages.append(self.plan("timeline-month.html", views.timeline_month_url(month.year, month.month),
                                   functools.partial(self.timeline_month_context, month, previous, following),
                                   self.shows(month.label, around, entries=[*month.held, *month.planned])))
        return pages

    def timeline_month_context(self, month: views.TimelineMonth, previous: views.TimelineMonth | None,
                               following: views.TimelineMonth | None) -> dict[str, Any]:
        return dict(month=month, previous=previous, next=following)

    def article_page(self, index: int) -> PageSpec:
        article = self.corpus.articles[index]
        refs = self.refs
        reported = self.entries_by_article[article.slug]
        context = dict(
            article=article,
            contacts=reported,
            anticipated=anticipated(article, reported),
            people=[self.person_link(name) for name in article.people],
            topics=[views.Link(topic, views.topic_url(topic)) for topic in article.topics],
            outlet_url=views.outlet_url(article.outlet) if article.outlet else None,
            previous=self.article_card(refs[index - 1]) if index > 0 else None,
            next=self.article_card(refs[index + 1]) if index + 1 < len(refs) else None,
            when=views.display_day(article.date) if article.date else None,
            source_url=f"sources/{article.source_file}" if self.has_source(article.source_file) else None,
        )
        return PageSpec("article.html", views.article_url(article.slug), context, body=article.body)

    def has_source(self, name: str | None) -> bool:
        return has_source(name, self.sources)

    def person_link(self, name: str) -> views.Link:
        return views.Link(name, views.person_url(name))

    def article_list(self) -> list[PagePlan]:
        dated = [ref for ref in self.refs if ref.date]
        undated = [ref for ref in self.refs if not ref.date]
        months = views.group_by_month(dated, lambda ref: ref.date.isoformat())  # type: ignore[union-attr]
        index = dict(months=months, undated=undated, by_month=len(self.refs) > self.layout.articles_months_from)
        pages = [self.plan("articles.html", "articles/index.html", lambda: index, self.shows(refs=self.refs))]
        for group in months:
            if group.month is not None:
                pages.append(self.plan("month.html", views.month_url(group.year, group.month),
                                       functools.partial(self.month_context, group),
                                       self.shows(refs=group.items)))  # type: ignore[arg-type]
        return pages

    def month_context(self, group: views.MonthGroup) -> dict[str, Any]:
        return dict(group=group, cards=group.items)

    def people_pages(self) -> list[PagePlan]:
        by_side: dict[str, list[Person]] = defaultdict(list)
        for person in sorted(self.people.values(), key=lambda p: p.name):
            by_side[person.side if person.side in ("CN", "US") else "other"].append(person)
        pages = [self.plan("people.html", "people/index.html", lambda: dict(by_side=by_side),
                           self.shows(by_side))]
        for slug, person in sorted(self.people.items()):
            entries, refs = self.entries_by_person[slug], self.articles_by_person[slug]
            pages.append(self.plan("person.html", f"people/{slug}/index.html",
                                   functools.partial(self.person_context, person, entries, refs),
                                   self.shows(person, refs=refs, entries=entries)))
        return pages

    def person_context(self, person: Person, entries: list[TimelineEntry], refs: list[ArticleRef]) -> dict[str, Any]:
        return dict(person=person, contacts=entries, cards=refs)

    def grouped_pages(self, key: str, template: str, index_template: str) -> list[PagePlan]:
        """One page per outlet or topic, and an index of them."""
        groups: dict[str, list[ArticleRef]] = defaultdict(list)
        if key == "topics":
            for ref in self.refs:
                for topic in ref.topics:
                    groups[topic].append(ref)
        else:
            for ref in self.refs:
                if ref.outlet:
                    groups[ref.outlet].append(ref)
        url = views.topic_url if key == "topics" else views.outlet_url
        names = sorted(groups, key=str.lower)
        listed = [{"name": n, "url": url(n), "count": len(groups[n])} for n in names]
        pages = [self.plan(index_template, f"{key}/index.html", lambda: dict(groups=listed), self.shows(listed))]
        pages += [self.plan(template, url(n), functools.partial(self.group_context, n, groups[n]),
                            self.shows(n, refs=groups[n])) for n in names]
        return pages

    def group_context(self, name: str, refs: list[ArticleRef]) -> dict[str, Any]:
        return dict(name=name, cards=refs)

    def who_met_whom(self) -> PagePlan:
        timeline = self.corpus.timeline
        return self.plan("who-met-whom.html", "who-met-whom/index.html",
                         lambda: dict(matrix=meeting_matrix(timeline)),
                         self.shows(entries=timeline))

    def simple(self, template: str, path: str) -> PagePlan:
        return self.plan(template, path, lambda: self.counts, self.shows(self.counts))

    @functools.cached_property
    def counts(self) -> dict[str, Any]:
        return dict(article_count=len(self.refs), contact_count=len(self.corpus.timeline),
                    outlets=sorted({r.outlet for r in self.refs if r.outlet}))

    def page_plans(self) -> list[PagePlan]:
        """Every page but the articles: lists, people, groups and the fixed pages; one per path."""
        plans = [self.home(), *self.timeline_months(), *self.article_list(), *self.people_pages(),
                 *self.grouped_pages("outlets", "outlet.html", "outlets.html"),
                 *self.grouped_pages("topics", "topic.html", "topics.html"),
                 self.who_met_whom(), self.simple("about.html", "about/index.html"),
                 self.simple("search.html", "search/index.html"), self.simple("404.html", "404.html")]
        return list({plan.path: plan for plan in plans}.values())

    def other_pages(self) -> list[PageSpec]:
        """Every list page made: what a build that keys none of them would render."""
        return [plan.make() for plan in self.page_plans()]


def has_source(name: str | None, sources: frozenset[str] | None) -> bool:
    """Whether an article whose seed text is `name` links it: when the build copies it (`sources`;
    None, not known, as outside a build: every named source is linked)."""
    return bool(name) and (sources is None or name in sources)


def anticipated(article: Article, reported: list[TimelineEntry]) -> list[str]:
    """Ids of held contacts that this article reports only as planned: the page says so."""
    ids: list[str] = []
    if all(c.status != "planned" for c in article.contacts):
        return ids  # most articles: no contact of theirs can be one reported only as planned
    for entry in reported:
        if entry.contact.status != "held":
            continue
        people = {p.name for p in entry.contact.participants}
        sentences = {s.sentence for s in entry.contact.sources}
        mine = [c for c in article.contacts
                if {p.name for p in c.participants} == people and {s.sentence for s in c.sources} <= sentences]
        if mine and all(c.status == "planned" for c in mine):
            ids.append(entry.id)
    return ids


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: text.rfind(" ", 0, limit)].rstrip(",;:") + " …"
