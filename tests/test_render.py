"""The list pages' plans: a page whose `shows` digest is unchanged renders to the same bytes.

A rebuild holds every list page whose `shows` is as last time without making it, so the digest
must cover all the page shows. Each scenario changes one thing the pages show (a contact, an
article's title or date, a person's description) and checks, page by page, that equal digests
go with equal bytes, and that the change reached some page.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from archive.bench.corpus import write_corpus
from archive.build import shown_keys
from archive.cache import meta_digest
from archive.config import SiteConfig
from archive.data import load_people
from archive.model import Article, Corpus, Person, TimelineEntry
from archive.records import date_order_key, load_records
from archive.render import Renderer, lead_of, make_environment
from archive.store import digest
from archive.timeline import build_timeline

ROOT = Path(__file__).resolve().parent.parent

Site = tuple[list[Article], list[Person], list[TimelineEntry]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = tmp_path_factory.mktemp("articles")
    write_corpus(12, folder, seed=3)
    read = [*load_records(folder)[0], *load_records(ROOT / "articles")[0]]
    articles = sorted(read, key=lambda a: date_order_key(a.date, a.slug))
    return articles, load_people(), build_timeline(articles)


def pages(site: Site) -> dict[str, tuple[str | None, bytes]]:
    """path → (shows, bytes) of every list page, with the digests a build gives the renderer."""
    articles, people, timeline = site
    leads = {a.slug: lead_of(a.body) for a in articles}
    metas = {a.slug: meta_digest(a, leads[a.slug]) for a in articles}
    keys = shown_keys(timeline, [digest(repr(entry)) for entry in timeline], metas)
    renderer = Renderer(Corpus(articles, people, timeline), SiteConfig(), make_environment(), leads, metas,
                        {entry.id: key for entry, key in zip(timeline, keys, strict=True)})
    return {plan.path: (plan.shows, renderer.render(plan.make())) for plan in renderer.page_plans()}


def contact_summary(site: Site) -> Site:
    """One timeline entry's summary, as if re-merged; its articles unchanged."""
    articles, people, timeline = site
    index = next(i for i, e in enumerate(timeline) if len(e.contact.participants) >= 2)
    entry = timeline[index]
    changed = TimelineEntry(dataclasses.replace(entry.contact, summary="A revised summary."), entry.articles)
    return articles, people, [*timeline[:index], changed, *timeline[index + 1:]]


def title(site: Site) -> Site:
    articles, people, timeline = site
    cited = {s.article for e in timeline for s in e.contact.sources}
    index = next(i for i, a in enumerate(articles) if a.slug in cited)
    changed = dataclasses.replace(articles[index], title="A revised title")
    return [*articles[:index], changed, *articles[index + 1:]], people, timeline


def date(site: Site) -> Site:
    articles, people, timeline = site
    moved = dataclasses.replace(articles[0], date=dt.date(2023, 12, 30))
    return sorted([moved, *articles[1:]], key=lambda a: date_order_key(a.date, a.slug)), people, timeline


def drop(site: Site) -> Site:
    """An article that reports no contact, gone: the timeline is the same, the counts are not."""
    articles, people, timeline = site
    cited = {s.article for e in timeline for s in e.contact.sources}
    return [a for a in articles if a.slug != next(a.slug for a in articles if a.slug not in cited)], people, timeline


def description(site: Site) -> Site:
    articles, people, timeline = site
    named = {name for a in articles for name in a.people}
    index = next(i for i, p in enumerate(people) if p.name in named)
    changed = dataclasses.replace(people[index], description="A revised description.")
    return articles, [*people[:index], changed, *people[index + 1:]], timeline


@pytest.mark.parametrize("change", [contact_summary, title, date, drop, description], ids=lambda f: f.__name__)
def test_equal_shows_means_equal_page(corpus: Site, change: Callable[[Site], Site]) -> None:
    before, after = pages(corpus), pages(change(corpus))
    assert all(shows is not None for shows, _ in before.values())
    changed = [path for path in before.keys() & after.keys() if before[path][1] != after[path][1]]
    assert changed, "the change reached no page"
    stale = [path for path in changed if before[path][0] == after[path][0]]
    assert stale == [], "pages whose digest missed what changed"
    held = [path for path in before.keys() & after.keys() if before[path][0] == after[path][0]]
    assert held, "every page would be rendered again"


def test_prepared_article_pages_need_no_fragment_of_their_own(corpus: Site) -> None:
    """What `prepare_article_pages` makes before the page workers fork is all the article pages
    render once: a worker then renders no contact of its own (were the template to show them
    through another macro, every worker would make them again). The pages are the same bytes."""
    articles, people, timeline = corpus
    assert any(e.articles for e in timeline), "the fixture corpus reports contacts"

    def renderer() -> Renderer:
        return Renderer(Corpus(articles, people, timeline), SiteConfig(), make_environment())

    plain, prepared = renderer(), renderer()
    prepared.prepare_article_pages(range(len(articles)))
    made = len(prepared.fragments)
    assert made == len({e.id for e in timeline if e.articles})
    for index in range(len(articles)):
        assert prepared.render(prepared.article_page(index)) == plain.render(plain.article_page(index))
    assert len(prepared.fragments) == made
    assert len(plain.fragments) == made  # the plain renderer made the same ones, page by page
