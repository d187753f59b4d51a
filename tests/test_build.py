"""The build on the curated records: every page type exists, links resolve, order is by date."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from archive.bench.corpus import write_corpus
from archive.build import Inputs, build
from archive.check import check_output
from archive.config import DATA_DIR, SiteConfig
from archive.records import dump_record, read_record

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("site") / "output"
    build(Inputs(articles=ROOT / "articles", output=output, seeds=ROOT / "seeds"),
          SiteConfig(base_url="https://example.org/archive/"))
    return output


def test_every_page_type_exists(site: Path) -> None:
    articles = json.loads((site / "data/articles.json").read_text(encoding="utf-8"))["articles"]
    expected = ["index.html", "articles/index.html", "people/index.html", "outlets/index.html",
                "topics/index.html", "who-met-whom/index.html", "about/index.html", "search/index.html",
                "404.html", "feed.xml", "sitemap.xml", "robots.txt", "contacts.ics", "data/contacts.json",
                "data/contacts.csv", "static/style.css", "static/favicon.svg"]
    expected += [a["url"] for a in articles] + [f"sources/{a['source_file']}" for a in articles]
    expected += ["people/antony-blinken/index.html", "people/wang-yi/index.html", "archive/2023/06/index.html"]
    assert [path for path in expected if not (site / path).is_file()] == []


def test_sources_are_the_seeds_unchanged(site: Path) -> None:
    for seed in (ROOT / "seeds").glob("*.txt"):
        assert (site / "sources" / seed.name).read_bytes() == seed.read_bytes()


def test_an_article_whose_seed_text_is_not_in_the_build_links_no_original(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    records = {path.stem: path.read_text(encoding="utf-8") for path in (ROOT / "articles").glob("*.md")}
    missing = {slug for slug, text in records.items() if "source_file: 000_" in text}
    assert len(missing) == 1
    for seed in seeds.glob("000_*"):
        seed.unlink()
    output = tmp_path / "output"
    build(Inputs(articles=ROOT / "articles", output=output, seeds=seeds), SiteConfig())
    assert [str(p) for p in check_output(output)] == []
    for slug in records:
        page = (output / "articles" / slug / "index.html").read_text(encoding="utf-8")
        assert ("Read the original text" in page) == (slug not in missing), slug


def test_every_internal_link_and_anchor_resolves_and_pages_are_well_formed(site: Path) -> None:
    assert [str(p) for p in check_output(site)] == []


def test_links_are_relative_and_name_their_file(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'href="/' not in text and 'src="/' not in text, page
        for href in text.split('href="')[1:]:
            target = href.split('"')[0]
            if not target.startswith(("http", "#", "mailto:")):
                path = target.split("#")[0]
                assert path.endswith((".html", ".css", ".xml", ".json", ".csv", ".ics", ".txt", ".svg")), (page, target)


def test_articles_json_and_timeline_are_in_date_order(site: Path) -> None:
    articles = json.loads((site / "data/articles.json").read_text(encoding="utf-8"))["articles"]
    assert [a["date"] for a in articles] == sorted(a["date"] for a in articles)
    assert set(articles[0]) >= {"slug", "title", "date", "date_inferred", "date_note", "outlet", "author", "kind",
                                "dateline", "summary", "url", "source_file", "people"}
    contacts = json.loads((site / "data/contacts.json").read_text(encoding="utf-8"))["contacts"]
    dated = [c["date"] for c in contacts if c["date"]]
    assert dated == sorted(dated)
    assert contacts[-1]["date"] is None  # undated last


def test_inferred_article_dates_show_their_reason(site: Path) -> None:
    articles = json.loads((site / "data/articles.json").read_text(encoding="utf-8"))["articles"]
    inferred = [a for a in articles if a["date_inferred"]]
    assert inferred
    for article in inferred:
        page = (site / article["url"]).read_text(encoding="utf-8")
        assert "The date is inferred." in page
        assert article["date_note"].split()[0] in page


def test_timeline_entries_link_to_the_paragraph_that_quotes_them(site: Path) -> None:
    contacts = json.loads((site / "data/contacts.json").read_text(encoding="utf-8"))["contacts"]
    for contact in contacts:
        for source in contact["sources"]:
            path, _, anchor = source["url"].partition("#")
            assert anchor, source
            page = (site / path).read_text(encoding="utf-8")
            start = page.index(f'id="{anchor}"')
            assert source["sentence"][:40] in html.unescape(page[start:start + 4000])


def month_page(contact: dict[str, Any]) -> str | None:
    """The timeline page of a contact's month, for one held or planned in 2022–2023 in a known month."""
    date = contact["date"] or ""
    if len(date) >= 7 and date[:4] in ("2022", "2023"):
        return f"timeline/{date[:4]}/{date[5:7]}/index.html"
    return None


def test_article_pages_list_their_contacts_linking_to_the_timeline(site: Path) -> None:
    """Each contact an article reports links to its entry: on its month's timeline page when it
    was held or planned in 2022–2023 in a known month, on the home page otherwise; the entry is there."""
    contacts = json.loads((site / "data/contacts.json").read_text(encoding="utf-8"))["contacts"]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "data-month-pages" not in home  # a small archive's home page lists every contact
    for contact in contacts:
        target = month_page(contact) or "index.html"
        assert f'id="{contact["id"]}"' in (site / target).read_text(encoding="utf-8")
        assert f'id="{contact["id"]}"' in home
        for slug in {s["article"] for s in contact["sources"]}:
            page = (site / f"articles/{slug}/index.html").read_text(encoding="utf-8")
            assert f'"../../{target}#{contact["id"]}"' in page
    assert len({month_page(c) for c in contacts} - {None}) >= 5  # held contacts in several months


def test_a_large_archive_lists_months_on_the_home_page_and_the_articles_index(tmp_path: Path) -> None:
    """Past data/layout.yaml's sizes, the home page lists the months of the held contacts and
    the articles index the months of the articles, each linking to its page; every link resolves."""
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "layout.yaml").write_text("timeline_months_from: 3\narticles_months_from: 4\n", encoding="utf-8")
    articles = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", articles)
    generated = write_corpus(30, articles, seed=3)
    # one contact planned for a month of its own, whatever the generator drew (~1 in 10 of its contacts is)
    article = next(a for a in map(lambda p: read_record(p)[0], generated) if a.contacts)
    planned = dataclasses.replace(article.contacts[0], status="planned", date="2023-12", date_precision="month")
    (articles / f"{article.slug}.md").write_text(
        dump_record(dataclasses.replace(article, contacts=(planned, *article.contacts[1:]))), encoding="utf-8")
    output = tmp_path / "output"
    build(Inputs(articles=articles, output=output, seeds=ROOT / "seeds", data=data), SiteConfig())
    contacts = json.loads((output / "data/contacts.json").read_text(encoding="utf-8"))["contacts"]
    assert any(c["status"] == "planned" and month_page(c) for c in contacts)
    home = (output / "index.html").read_text(encoding="utf-8")
    assert "data-month-pages" in home
    for contact in contacts:
        page = month_page(contact)
        assert (f'id="{contact["id"]}"' in home) == (page is None), contact["id"]
        if page:
            assert f'href="{page}"' in home
            assert f'id="{contact["id"]}"' in (output / page).read_text(encoding="utf-8")
    articles = json.loads((output / "data/articles.json").read_text(encoding="utf-8"))["articles"]
    index = (output / "articles/index.html").read_text(encoding="utf-8")
    assert "card-title" not in index
    for month in {a["date"][:7] for a in articles}:
        count = sum(a["date"].startswith(month) for a in articles)
        link = f'href="../archive/{month[:4]}/{month[5:]}/index.html"'
        assert re.search(f'{link}>[^<]+</a> <span class="muted">{count} articles?</span>', index), month
    assert [str(p) for p in check_output(output)] == []


def test_canonical_links_with_base_url(site: Path) -> None:
    page = (site / "about/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/archive/about/index.html">' in page
    assert "https://example.org/archive/about/index.html" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_an_article_that_only_announced_a_held_contact_says_so(site: Path) -> None:
    contacts = json.loads((site / "data/contacts.json").read_text(encoding="utf-8"))["contacts"]
    visit = next(c for c in contacts if [p["name"] for p in c["participants"]] == ["Antony Blinken"]
                 and c["status"] == "held")
    announcing = {s["article"] for s in visit["sources"] if " will " in s["sentence"]}
    assert announcing
    for slug in announcing:
        page = (site / f"articles/{slug}/index.html").read_text(encoding="utf-8")
        assert "This article reports it as planned; other articles report it held." in page


def test_list_pages_are_made_without_making_articles() -> None:
    """Every page but an article's own shows only what the records' entries hold of the articles
    (ArticleRef): from the build's lazy article list, every list page is planned, made and
    rendered without making one article, and its bytes are those made from the articles."""
    from archive.build import load_all, load_entries
    from archive.config import SiteConfig
    from archive.model import Article, ArticleList, Corpus
    from archive.render import Renderer, lead_of, make_environment

    inputs = Inputs(articles=ROOT / "articles", output=ROOT / "output-unused", seeds=ROOT / "seeds")
    loaded = load_all(inputs, False, load_entries(inputs.articles, {}))
    articles = list(loaded.corpus.articles)
    assert any(len(entry.contact.sources) > 1 for entry in loaded.corpus.timeline)  # cited articles to show

    def never() -> Article:
        raise AssertionError("an article was made for a list page")

    lazy = Corpus(ArticleList([never] * len(articles), loaded.corpus.articles.refs),  # type: ignore[attr-defined]
                  loaded.corpus.people, loaded.corpus.timeline)
    made = Corpus(articles, loaded.corpus.people, loaded.corpus.timeline)
    leads = {a.slug: lead_of(a.body) for a in articles}
    env = make_environment()
    from_refs = Renderer(lazy, SiteConfig(), env, leads).other_pages()
    from_articles = Renderer(made, SiteConfig(), env).other_pages()
    assert len(from_refs) > 10
    assert [spec.path for spec in from_refs] == [spec.path for spec in from_articles]
    renderer = Renderer(lazy, SiteConfig(), env, leads)
    for lazy_spec, spec in zip(from_refs, from_articles, strict=True):
        assert renderer.render(lazy_spec) == Renderer(made, SiteConfig(), env).render(spec), spec.path


def test_timeline_digests_are_equal_exactly_when_entries_are(tmp_path: Path) -> None:
    """An entry's digest comes from its group's reports (those naming the same people) and its place
    and id, not from hashing the entry. After an article's contact changes, an entry that kept its
    digest is unchanged, every entry of another group keeps it, and a rebuild that re-merges only
    the changed group gives the digests a fresh merge gives."""
    import shutil

    from archive.build import TIMELINE, load_all, load_entries, loaded_entries

    folder = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", folder)
    inputs = Inputs(articles=folder, output=tmp_path / "site")
    before = load_all(inputs, False, load_entries(folder, {}))
    record = folder / "talks-focus-on-improving-sino-us-ties.md"
    text = record.read_text(encoding="utf-8")
    assert "  mode: phone\n" in text
    record.write_text(text.replace("  mode: phone\n", "  mode: video\n", 1), encoding="utf-8")
    after = load_all(inputs, False, load_entries(folder, {}), "", loaded_entries(before)[TIMELINE])
    fresh = load_all(inputs, False, load_entries(folder, {}))
    assert after.corpus.timeline == fresh.corpus.timeline
    assert after.entry_digests == fresh.entry_digests
    was = dict(zip(before.entry_digests, before.corpus.timeline, strict=True))
    now = list(zip(after.corpus.timeline, after.entry_digests, strict=True))
    kept = [entry for entry, key in now if key in was]
    assert all(was[key] == entry for entry, key in now if key in was)
    assert kept, "no entry kept its digest"
    assert set(before.corpus.timeline) - set(kept), "no entry changed"
    changed_group = frozenset({"Wang Yi", "Antony Blinken"})
    assert all(key in was for entry, key in now
               if frozenset(p.name for p in entry.contact.participants) != changed_group)
    assert len(set(after.entry_digests)) == len(after.entry_digests)


def test_the_kept_timeline_pickles_again_only_the_groups_a_rebuild_merged(tmp_path: Path) -> None:
    """The timeline cache is pickled group by group: loaded and saved again after one contact
    changed, every other group's pickle is the one loaded, and what is loaded is the timeline saved."""
    import pickle

    from archive.build import GROUPS, TIMELINE, load_all, load_entries, loaded_entries, pickled_groups

    folder = tmp_path / "articles"
    shutil.copytree(ROOT / "articles", folder)
    inputs = Inputs(articles=folder, output=tmp_path / "site")
    cached = loaded_entries(load_all(inputs, False, load_entries(folder, {})))
    saved, reports = cached[TIMELINE], cached[GROUPS].entries
    loaded = pickle.loads(pickle.dumps(saved))
    assert loaded.placed == saved.placed and loaded[2:-1] == saved[2:-1]
    record = folder / "talks-focus-on-improving-sino-us-ties.md"
    record.write_text(record.read_text(encoding="utf-8").replace("  mode: phone\n", "  mode: video\n", 1),
                      encoding="utf-8")
    def load_groups(groups: Iterable[str] | None) -> dict[str, Any]:
        return {group: reports[group] for group in groups or reports if group in reports}

    patched = loaded_entries(load_all(inputs, False, load_entries(folder, {}), "", loaded, load_groups))[TIMELINE]
    groups, _ = pickled_groups(patched.placed, loaded.pickled)
    reused = {group for group, data in groups if data is loaded.pickled.get(group, (None, None))[1]}
    assert {group for group, _ in groups} - reused == {"Antony Blinken\nWang Yi"}
    fresh = load_all(inputs, False, load_entries(folder, {}))
    assert [p.entry for p in pickle.loads(pickle.dumps(patched)).placed] == fresh.corpus.timeline


def test_who_met_whom_lists_each_pairs_contacts(site: Path) -> None:
    """Each count in the matrix leads to its pair's list, which holds that many contacts."""
    page = (site / "who-met-whom" / "index.html").read_text(encoding="utf-8")
    cells = re.findall(r'<a class="cell cell-\d" href="#(pair-[\w-]+)"[^>]*>(\d+)</a>', page)
    assert len(cells) >= 5
    for anchor, count in cells:
        listed = re.search(rf'<div id="{anchor}"><dt>.+?</dt>(.*?)</div>', page, re.S)
        assert listed is not None, anchor
        assert listed[1].count("<dd><a href=\"../timeline/") == int(count), anchor


def test_worker_processes_run_at_the_niceness_they_are_given() -> None:
    """Page workers and the record saver are forked with a lowered priority, so that the search
    index, the longest chain of a cold build's work, is not left to finish alone."""
    import os

    from archive.build import PAGE_WORKERS_NICE, RECORD_SAVER_NICE, Forked, forking_pool

    own = os.nice(0)
    assert 0 < PAGE_WORKERS_NICE < RECORD_SAVER_NICE
    with forking_pool(1, PAGE_WORKERS_NICE) as pool:
        assert pool.apply(os.nice, (0,)) == min(19, own + PAGE_WORKERS_NICE)
    assert Forked(lambda: os.nice(0), True, RECORD_SAVER_NICE).result() == min(19, own + RECORD_SAVER_NICE)
    assert os.nice(0) == own
