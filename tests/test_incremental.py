"""Incremental builds: whatever changed, a rebuild with the cache gives the same bytes as a cold build.

Each scenario builds a small corpus (the five curated records and a few generated ones)
into B with the cache, changes one input, rebuilds B, builds the changed inputs cold
(`--no-cache`, a fresh folder) into C, and compares B and C file for file.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from archive import build as pipeline
from archive.bench.corpus import write_corpus
from archive.build import BuildResult, Inputs, build
from archive.config import SiteConfig
from archive.model import Article
from archive.records import RecordError
from archive.store import SHARDS, Store, cache_folder

ROOT = Path(__file__).resolve().parent.parent
CONFIG = SiteConfig(base_url="https://example.org/archive/")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class World:
    """Copies of every input a build reads, so a scenario can change any of them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.articles = root / "articles"
        shutil.copytree(ROOT / "articles", self.articles)
        write_corpus(8, self.articles, seed=7)
        self.data = root / "data"
        shutil.copytree(ROOT / "data", self.data)
        self.templates = root / "templates"
        shutil.copytree(ROOT / "templates", self.templates)
        self.seeds = root / "seeds"
        shutil.copytree(ROOT / "seeds", self.seeds)

    def inputs(self, output: Path) -> Inputs:
        return Inputs(articles=self.articles, output=output, seeds=self.seeds, data=self.data,
                      templates=self.templates)

    def build(self, output: Path, use_cache: bool = True) -> BuildResult:
        return build(self.inputs(output), CONFIG, use_cache=use_cache)

    def record(self, index: int = 0) -> Path:
        return sorted(self.articles.glob("*.md"))[index]


@pytest.fixture()
def world(tmp_path: Path) -> World:
    return World(tmp_path / "inputs")


def later(path: Path) -> None:
    """A new mtime even on file systems with coarse timestamps."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 2_000_000_000))


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    later(path)


def edit_body(world: World) -> None:
    path = world.record(6)
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph, with *emphasis*.\n",
                    encoding="utf-8")
    later(path)


def edit_title(world: World) -> None:
    edit(world.record(3), "title: ", "title: Revised ")


def edit_curated_body(world: World) -> None:
    path = ROOT / "articles" / "china-us-agree-to-communicate-boost-relations.md"
    target = world.articles / path.name
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("\n\n", "\n\nAn inserted paragraph shifts the anchors.\n\n", 1)[:], encoding="utf-8")
    later(target)


def add_article(world: World) -> None:
    (world.articles / "zz-added.md").write_text(
        "---\ntitle: An added article\ndate: 2023-03-02\npeople:\n- Wang Yi\ntopics:\n- Taiwan\n---\n\n"
        "Wang Yi spoke about Taiwan.\n\n## A heading\n\nA second paragraph.\n", encoding="utf-8")


def delete_article(world: World) -> None:
    world.record(2).unlink()


def rename_article(world: World) -> None:
    path = world.record(5)
    text = path.read_text(encoding="utf-8")
    slug = next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("slug: "))
    path.unlink()
    (world.articles / "renamed-record.md").write_text(text.replace(f"slug: {slug}", "slug: renamed-record"),
                                                      encoding="utf-8")


def change_template(world: World) -> None:
    edit(world.templates / "article.html", '<div class="article-body">', '<div class="article-body" data-x="1">')


def change_shared_template(world: World) -> None:
    path = world.templates / "base.html"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    later(path)


def change_people(world: World) -> None:
    path = world.data / "people.yaml"
    text = path.read_text(encoding="utf-8")
    assert "description:" in text
    path.write_text(text.replace("description: ", "description: Revised. ", 1), encoding="utf-8")
    later(path)


def edit_date(world: World) -> None:
    """Moves an article to another month, and before another that reports the same talks."""
    edit(world.articles / "actions-must-follow-words-for-us-to-improve-china-ties.md", "date: 2023-06-19",
         "date: 2023-05-08")


def edit_contact(world: World) -> None:
    path = world.record(1)
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"\n  summary: ", "\n  summary: Revised. ", text, count=1)
    text, modes = re.subn(r"\n  mode: [a-z-]+", "\n  mode: video", text, count=1)
    assert count == modes == 1, "a record with a contact"
    path.write_text(text, encoding="utf-8")
    later(path)


def add_topic(world: World) -> None:
    edit(world.record(4), "topics:\n", "topics:\n- An added topic\n")


def split_lists(world: World) -> None:
    """The home page and the articles index list months instead (what a large archive gets)."""
    edit(world.data / "layout.yaml", "timeline_months_from: 300", "timeline_months_from: 2")
    edit(world.data / "layout.yaml", "articles_months_from: 1000", "articles_months_from: 3")


def touch_only(world: World) -> None:
    later(world.record(1))


def remove_seed(world: World) -> None:
    """An article whose seed text is gone links no original text, and the copy goes too."""
    record = (world.articles / "talks-focus-on-improving-sino-us-ties.md").read_text(encoding="utf-8")
    (world.seeds / re.search(r"^source_file: (.+)$", record, re.M)[1]).unlink()


CHANGES: dict[str, Callable[[World], None]] = {
    "edit body": edit_body, "edit title": edit_title, "edit curated body": edit_curated_body,
    "add": add_article, "delete": delete_article, "rename": rename_article,
    "template": change_template, "shared template": change_shared_template,
    "people data": change_people, "touch": touch_only, "edit date": edit_date, "edit contact": edit_contact,
    "add topic": add_topic, "split lists": split_lists, "remove seed": remove_seed,
}


# Worker processes forced even for this small corpus: "parallel" renders every page in workers,
# "aside" (a corpus above PARALLEL_FROM, a rebuild below it) makes the exports in a process of their own.
@pytest.mark.parametrize("parallel_from", [None, 1, 4], ids=["serial", "parallel", "aside"])
@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_build_equals_cold_build(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            change: str, parallel_from: int | None) -> None:
    if parallel_from is not None:
        monkeypatch.setattr(pipeline, "PARALLEL_FROM", parallel_from)
        monkeypatch.setattr(pipeline, "WORKERS", 2)
    b, c = tmp_path / "b" / "output", tmp_path / "c" / "output"
    world.build(b)
    before = tree(b)
    CHANGES[change](world)
    world.build(b)
    world.build(c, use_cache=False)
    incremental, cold = tree(b), tree(c)
    assert sorted(incremental) == sorted(cold), "stale or missing files"
    assert [p for p in cold if incremental[p] != cold[p]] == []
    if change != "touch":
        assert incremental != before, "the change did not reach the output"


def test_no_change_rebuild_writes_nothing(world: World, tmp_path: Path) -> None:
    out = tmp_path / "output"
    first = world.build(out)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again = world.build(out)
    assert again.report is not None and again.report.written == 0 and again.report.removed == 0
    assert again.pages == first.pages and again.problems == first.problems
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps
    touch_only(world)  # the fingerprint changes, the bytes do not
    touched = world.build(out)
    assert touched.report is not None and touched.report.written == 0 and touched.rendered == 0
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps


def test_an_edit_renders_and_writes_only_what_depends_on_it(world: World, tmp_path: Path) -> None:
    out = tmp_path / "output"
    first = world.build(out)
    assert first.rendered == first.pages
    edit_title(world)
    again = world.build(out)
    assert first.report is not None and again.report is not None
    assert 0 < again.report.written < first.report.written // 3
    assert 0 < again.rendered < first.pages // 2  # the page, its neighbours, the lists that show it
    change_template(world)  # article.html: the article pages, and nothing else
    templated = world.build(out)
    assert templated.rendered == len(list(world.articles.glob("*.md")))


def test_a_new_article_renders_only_the_article_pages_it_changes(world: World, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding an article changes every list, but of the article pages only its own and its two
    neighbours' (their previous/next links); the rest are known unchanged without being made."""
    out = tmp_path / "output"
    world.build(out)
    made: list[int] = []
    article_page = pipeline.Renderer.article_page
    monkeypatch.setattr(pipeline.Renderer, "article_page", lambda self, i: made.append(i) or article_page(self, i))
    add_article(world)  # no contacts: no other article's timeline entries change
    world.build(out)
    assert 1 <= len(made) <= 3


def articles_made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The slugs of the articles the build makes from the record cache's shelves, as it makes them."""
    made: list[str] = []
    article = pipeline.RecordEntry.article

    def counted(entry: pipeline.RecordEntry) -> Article:
        if entry.loaded is None:
            made.append(entry.slug)
        return article(entry)

    monkeypatch.setattr(pipeline.RecordEntry, "article", counted)
    return made


def test_a_body_edit_makes_only_the_articles_its_page_shows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The record cache keeps articles pickled: after a body edit, the build makes objects of the
    edited article (read again) and the few its page and its search bucket show (neighbours,
    cited articles, the other documents of its bucket of 8), not all of them."""
    articles, out = tmp_path / "articles", tmp_path / "output"
    write_corpus(60, articles, seed=7)
    inputs = Inputs(articles=articles, output=out, seeds=ROOT / "seeds")
    build(inputs, CONFIG)
    made = articles_made(monkeypatch)
    path = sorted(articles.glob("*.md"))[30]
    path.write_text(path.read_text(encoding="utf-8") + "\nA new closing paragraph.\n", encoding="utf-8")
    later(path)
    build(inputs, CONFIG)
    assert len(made) <= 15, made  # 2 neighbours, a few cited articles, at most 7 bucket mates; not 59


def test_an_added_article_makes_no_other_article_and_only_the_list_pages_that_show_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page but an article's own shows only the records' entries of the articles (ArticleRef),
    and a list page is keyed by what it shows before it is made: an added article makes only the
    articles whose own pages or search buckets change (its two neighbours, the mates of its search
    bucket of 8 and, when its id takes the slot of another article's (linear probing), the members
    of the bucket that article moves into), and only the list pages that list it or a count are
    made again."""
    articles, out = tmp_path / "articles", tmp_path / "output"
    write_corpus(60, articles, seed=7)
    inputs = Inputs(articles=articles, output=out, seeds=ROOT / "seeds")
    first = build(inputs, CONFIG)
    made = articles_made(monkeypatch)
    planned: list[str] = []
    plan = pipeline.Renderer.plan
    monkeypatch.setattr(pipeline.Renderer, "plan", lambda self, template, path, make, shows: plan(
        self, template, path, lambda: planned.append(path) or make(), shows))
    (articles / "zz-added.md").write_text(
        "---\ntitle: An added article\ndate: 2023-03-02\npeople:\n- Wang Yi\ntopics:\n- Taiwan\n---\n\n"
        "Wang Yi spoke about Taiwan.\n", encoding="utf-8")
    build(inputs, CONFIG)
    assert len(made) <= 2 + 7 + 8, made  # not 60 (11 with this corpus: 2, 3 more in its bucket, 6 in another)
    shown = {"index.html", "articles/index.html", "archive/2023/03/index.html",
             "people/wang-yi/index.html", "topics/index.html", "topics/taiwan/index.html",
             "about/index.html", "search/index.html", "404.html"}  # the last three give counts
    assert set(planned) == shown
    assert first.pages - len(shown) > 60  # the other list pages were not even made


def test_the_record_cache_saved_while_rendering_serves_the_next_build(world: World, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that reads many records saves the record cache from a forked process while it renders
    (archive.build.Forked): the next build reads only the record that changed (its title: the corpus meta
    changes), and parses again only the records of the pages that show it."""
    out = tmp_path / "output"
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pipeline, "WORKERS", 2)
    world.build(out)
    monkeypatch.setattr(pipeline, "WORKERS", 1)  # the next build's reads in this process: counted
    read: list[str] = []
    parse_article = pipeline.parse_article
    monkeypatch.setattr(pipeline, "parse_article", lambda raw, path: read.append(path) or parse_article(raw, path))
    edit_title(world)
    world.build(out)
    assert read[0] == str(world.record(3))
    assert 1 < len(read) < len(list(world.articles.glob("*.md")))


def test_a_changed_record_merges_again_only_its_groups_and_a_lost_group_merges_all(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edited contact patches the kept timeline: no full merge, and the reports read are those
    of the shards of the groups it falls in. With those shards gone, everything is merged again.
    Either way the output is a cold build's."""
    out, cold = tmp_path / "output", tmp_path / "cold"
    world.build(out)
    merges: list[str] = []
    merged = pipeline._merged
    monkeypatch.setattr(pipeline, "_merged", lambda *args: merges.append("all") or merged(*args))
    names: list[str] = []
    load = Store.load
    monkeypatch.setattr(Store, "load", lambda self, name: names.append(name) or load(self, name))
    edit_contact(world)
    world.build(out)
    read = [name for name in names if name.startswith("groups-")]
    world.build(cold, use_cache=False)
    assert merges == ["all"]  # the cold build's, not the rebuild's
    assert 0 < len(read) < SHARDS
    assert tree(out) == tree(cold)
    for shard in cache_folder(out).glob("groups-*.pickle"):
        shard.unlink()
    edit_contact(world)
    merges.clear()
    world.build(out)
    assert merges == ["all"]
    shutil.rmtree(cold)
    world.build(cold, use_cache=False)
    assert tree(out) == tree(cold)


def test_a_corrupt_cache_is_ignored(world: World, tmp_path: Path) -> None:
    out, cold = tmp_path / "output", tmp_path / "cold"
    world.build(out)
    corrupted = [entry for entry in cache_folder(out).rglob("*") if entry.is_file()]
    for entry in corrupted:
        entry.write_bytes(b"not a pickle")
    assert any(entry.parent.name == "jinja" for entry in corrupted)  # compiled templates too
    edit_body(world)
    world.build(out)
    world.build(cold, use_cache=False)
    assert tree(out) == tree(cold)


def test_a_record_changed_behind_the_stamps_is_a_clear_error(world: World, tmp_path: Path) -> None:
    """An article the build needs but did not read (its record's size and mtime are unchanged) is
    parsed again from its record: if the bytes are no longer those its cache entry was made from,
    the build stops with an error naming the file and what to do, and doing it gives a cold build."""
    out, cold = tmp_path / "output", tmp_path / "cold"
    world.build(out)
    changed = world.record(4)
    stamp = changed.stat()
    text = changed.read_bytes()
    changed.write_bytes(text.replace(b"\n\n", b"\n\nX", 1)[:len(text)])  # the same size
    os.utime(changed, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    edit_title(world)  # a page that shows the changed record must be made again
    with pytest.raises(RecordError, match=f"{changed.name}.*changed while the site was being built.*--no-cache"):
        world.build(out)
    world.build(out, use_cache=False)
    world.build(cold, use_cache=False)
    assert tree(out) == tree(cold)


def test_output_changed_behind_the_cache_is_rebuilt(world: World, tmp_path: Path) -> None:
    """--no-cache checks the files are really there; a cached build trusts the manifest."""
    out = tmp_path / "output"
    world.build(out)
    page = next((out / "articles").glob("*/index.html"))
    page.unlink()
    world.build(out, use_cache=False)
    assert page.exists()


def test_the_code_version_covers_every_module_a_build_imports(tmp_path: Path) -> None:
    """Every archive module a whole build loads (some are imported where they are needed)."""
    import subprocess
    import sys

    from archive.store import build_sources

    script = ("import sys; from pathlib import Path; from archive.build import Inputs, build; "
              "from archive.config import SiteConfig; "
              f"build(Inputs(Path('articles'), Path({str(tmp_path / 'out')!r})), SiteConfig(), use_cache=False); "
              "print(' '.join(sorted(m.split('.')[1] for m in sys.modules if m.startswith('archive.'))))")
    listed = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            check=True).stdout.split()
    assert {"exports", "timeline", "search", "render"} <= set(listed)
    assert set(listed) <= set(build_sources())


def test_search_reuses_unchanged_documents(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit re-tokenises the edited document only; the index still equals a cold build's."""
    from archive import search

    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 10**9)  # the search job in this process: calls are counted
    out, cold = tmp_path / "output", tmp_path / "cold"
    world.build(out)
    tokenised: list[str] = []
    weights = search.doc_weights
    monkeypatch.setattr(search, "doc_weights", lambda doc, terms: tokenised.append(doc.url) or weights(doc, terms))
    contacts: list[object] = []
    contact_doc = search.contact_doc
    monkeypatch.setattr(search, "contact_doc", lambda entry: contacts.append(entry) or contact_doc(entry))
    edit_body(world)
    world.build(out)
    assert len(tokenised) == 1
    assert contacts == []  # the timeline and the people named are unchanged: no contact or person doc is made
    world.build(cold, use_cache=False)
    assert tree(out) == tree(cold)


@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "parallel"])
def test_search_state_from_another_build_is_never_trusted_blindly(world: World, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 parallel: bool) -> None:
    """A per-document search state that does not match the output (an older build's, or one
    saved by a build that then failed) costs time, never bytes."""
    if parallel:
        monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
        monkeypatch.setattr(pipeline, "WORKERS", 2)
    out, cold = tmp_path / "output", tmp_path / "cold"
    world.build(out)
    state = cache_folder(out) / "search_docs.pickle"
    assert state.is_file()
    old = state.read_bytes()
    add_article(world)
    world.build(out)
    state.write_bytes(old)  # the state before the add: doc files have moved since
    delete_article(world)
    edit_body(world)
    world.build(out)
    world.build(cold, use_cache=False)
    assert tree(out) == tree(cold)


def test_a_build_that_reads_many_records_starts_the_search_index_before_the_timeline(
        world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cold, and after every record is touched (read again, but the index is held and the early
    one is stopped): the bytes of a build that starts the index after the timeline."""
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pipeline, "WORKERS", 2)
    started = []
    search_early = pipeline.search_early
    monkeypatch.setattr(pipeline, "search_early", lambda *args: started.append(search_early(*args)) or started[-1])
    out, serial = tmp_path / "output", tmp_path / "serial"
    world.build(out, use_cache=False)
    for record in world.articles.glob("*.md"):
        later(record)
    touched = world.build(out)
    assert len(started) == 2 and None not in started
    assert touched.report is not None and touched.report.written == 0
    monkeypatch.setattr(pipeline, "WORKERS", 1)
    world.build(serial, use_cache=False)
    assert started[2] is None and tree(out) == tree(serial)


def test_search_survives_a_sequence_of_changes(world: World, tmp_path: Path) -> None:
    out = tmp_path / "output"
    world.build(out)
    for step, change in enumerate((add_article, edit_body, delete_article, edit_title, rename_article)):
        change(world)
        world.build(out)
        cold = tmp_path / f"cold{step}"
        world.build(cold, use_cache=False)
        incremental, fresh = tree(out), tree(cold)
        assert [p for p in sorted(set(incremental) | set(fresh)) if incremental.get(p) != fresh.get(p)] == [], change
