"""Ingest: seeds/*.txt → articles/<slug>.md, via read (text → record) and extract (people, contacts).

A record that exists is the user's: ingest leaves it alone. Regenerating one on
request keeps the old file as a backup and says where.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from archive.blocks import article_blocks
from archive.data import DATA_DIR, load_people, load_yaml
from archive.dates import infer_article_date
from archive.extract import extract
from archive.model import Article, Problem
from archive.read import SeedError, decode_seed, read_seed
from archive.records import dump_record

_SOURCE_FILE = re.compile(r"^source_file:\s*['\"]?(?P<name>[^'\"\n]+?)['\"]?\s*$", re.M)
_SLUG = re.compile(r"^slug:\s*['\"]?(?P<slug>[^'\"\n]+?)['\"]?\s*$", re.M)
BACKUP_DIR = ".backups"
MIN_TOPIC_MENTIONS = 2


@dataclass
class IngestReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    regenerated: list[tuple[str, str]] = field(default_factory=list)  # (record, backup)
    problems: list[Problem] = field(default_factory=list)


def existing_records(folder: Path) -> tuple[dict[str, Path], set[str]]:
    """source_file → record path, and the slugs taken — read leniently, even from broken records."""
    by_source: dict[str, Path] = {}
    slugs: set[str] = set()
    for path in sorted(folder.glob("*.md")):
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:20000]
        except OSError:
            continue
        slugs.add(path.stem)
        if match := _SLUG.search(head):
            slugs.add(match["slug"])
        if match := _SOURCE_FILE.search(head):
            by_source[match["name"]] = path
    return by_source, slugs


def topics_for(article: Article, data_dir: Path) -> tuple[str, ...]:
    """Topic tags whose keywords the text uses at least twice, in the order of data/topics.yaml.

    One passing mention ("trade", "Taiwan") does not make an article about a topic.
    """
    topics = load_yaml(data_dir / "topics.yaml") or {}
    text = " ".join([article.title, article.summary or "", article.body]).lower()
    return tuple(
        tag for tag, keywords in topics.items()
        if sum(len(re.findall(rf"\b{re.escape(k.lower())}", text)) for k in keywords) >= MIN_TOPIC_MENTIONS
    )


def draft_record(seed: Path, data_dir: Path) -> tuple[Article, list[Problem]]:
    """One seed text → a draft record with inferred date, people, topics and contacts."""
    text, notes = decode_seed(seed.read_bytes(), str(seed))
    problems = [Problem(str(seed), note.split(": ", 1)[-1], None, "warning") for note in notes]
    article = read_seed(text, seed.name, data_dir)
    if article.date is None:
        day, note = infer_article_date(article_blocks(article))
        article = replace(article, date=day, date_inferred=day is not None, date_note=note)
        if day is None:
            problems.append(Problem(str(seed), f"no date could be inferred ({note}); set one by hand",
                                    None, "warning"))
    found = extract(article_blocks(article), article.date, article.date_inferred, load_people(data_dir),
                    article.slug)
    article = replace(article, people=found.people, contacts=found.contacts,
                      topics=topics_for(article, data_dir))
    return article, problems


def unique_slug(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def write_record(path: Path, text: str) -> None:
    """Atomic: a reader never sees half a record."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def back_up(path: Path) -> Path:
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    number = 1
    while (backup := folder / f"{path.stem}.{number}.md").exists():
        number += 1
    backup.write_bytes(path.read_bytes())
    return backup


def ingest(seeds: Path, articles: Path, regenerate: set[str] | None = None,
           data_dir: Path = DATA_DIR) -> IngestReport:
    """Create records for new seeds; regenerate the named ones ('all' for every one)."""
    regenerate = regenerate or set()
    report = IngestReport()
    articles.mkdir(parents=True, exist_ok=True)
    by_source, taken = existing_records(articles)
    for seed in sorted(seeds.glob("*.txt")):
        current = by_source.get(seed.name)
        wanted = "all" in regenerate or seed.name in regenerate or (current and current.stem in regenerate)
        if current and not wanted:
            report.kept.append(str(current))
            continue
        try:
            article, problems = draft_record(seed, data_dir)
        except SeedError as error:
            report.problems.append(Problem(str(seed), str(error).split(": ", 1)[-1]))
            continue
        report.problems.extend(problems)
        if current:
            article = replace(article, slug=current.stem)
            report.regenerated.append((str(current), str(back_up(current))))
            write_record(current, dump_record(article))
            continue
        article = replace(article, slug=unique_slug(article.slug, taken))
        taken.add(article.slug)
        target = articles / f"{article.slug}.md"
        write_record(target, dump_record(article))
        report.created.append(str(target))
    return report
