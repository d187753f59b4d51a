"""The build pipeline: records → validated corpus → timeline → pages and exports → output/.

Each step is a call into one stage module; this file only wires them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from archive import exports, search
from archive.blocks import anchor_sources
from archive.data import DATA_DIR, load_people
from archive.model import Article, Corpus, Problem
from archive.progress import Progress, Silent
from archive.records import date_order, load_records
from archive.render import TEMPLATES_DIR, SiteConfig, render_pages
from archive.timeline import build_timeline
from archive.write import WriteReport, write_site

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


@dataclass(frozen=True)
class Inputs:
    articles: Path
    output: Path
    seeds: Path | None = None
    data: Path = DATA_DIR
    templates: Path = TEMPLATES_DIR
    static: Path = STATIC_DIR


@dataclass
class BuildResult:
    problems: list[Problem] = field(default_factory=list)
    pages: int = 0
    report: WriteReport | None = None


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def load_corpus(inputs: Inputs, keep_going: bool = False) -> tuple[Corpus, list[Problem]]:
    articles, problems = load_records(inputs.articles)
    errors = [p for p in problems if p.severity == "error"]
    if errors and not keep_going:
        raise BuildFailed(problems)
    articles = drop_duplicates(articles) if keep_going else articles
    anchored, citation_problems = anchor_sources(articles)
    ordered = date_order(anchored)
    people = load_people(inputs.data)
    return Corpus(ordered, people, build_timeline(ordered)), problems + citation_problems


def drop_duplicates(articles: list[Article]) -> list[Article]:
    seen: set[str] = set()
    kept = []
    for article in articles:
        if article.slug not in seen:
            seen.add(article.slug)
            kept.append(article)
    return kept


def static_files(folder: Path, prefix: str) -> dict[str, bytes]:
    if not folder or not folder.is_dir():
        return {}
    return {
        f"{prefix}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def source_files(corpus: Corpus, seeds: Path | None) -> dict[str, bytes]:
    files = {}
    for article in corpus.articles:
        if seeds and article.source_file and (seeds / article.source_file).is_file():
            files[f"sources/{article.source_file}"] = (seeds / article.source_file).read_bytes()
    return files


def site_files(corpus: Corpus, config: SiteConfig, inputs: Inputs) -> dict[str, bytes]:
    """Every file of the site, by relative path."""
    files = render_pages(corpus, config, inputs.templates)
    files.update({
        "data/articles.json": exports.articles_json(corpus.articles),
        "data/contacts.json": exports.contacts_json(corpus.timeline),
        "data/contacts.csv": exports.contacts_csv(corpus.timeline),
        "contacts.ics": exports.contacts_ics(corpus.timeline, config.base_url),
        "feed.xml": exports.atom_feed(corpus.articles, config.title, config.base_url),
        "robots.txt": exports.robots(config.base_url),
    })
    if config.base_url:
        pages = [p for p in files if p.endswith(".html") and p != "404.html"]
        files["sitemap.xml"] = exports.sitemap(pages, config.base_url)
    files.update(search.index_files(corpus))
    files.update(static_files(inputs.static, "static"))
    files.update(source_files(corpus, inputs.seeds))
    return files


def build(inputs: Inputs, config: SiteConfig, keep_going: bool = False,
          progress: Progress | None = None) -> BuildResult:
    progress = progress or Silent()
    progress.step("reading records", 0, 3)
    corpus, problems = load_corpus(inputs, keep_going)
    progress.step("rendering pages", 1, 3)
    files = site_files(corpus, config, inputs)
    progress.step("writing files", 2, 3)
    report = write_site(files, inputs.output)
    progress.finish()
    return BuildResult(problems, sum(1 for p in files if p.endswith(".html")), report)
