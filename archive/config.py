"""What a build is asked to do: the site's settings and where its inputs are.

Standard library only: the command line and the up-to-date check (archive.stamp) use these
without loading the build itself.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_DIR / "templates"
STATIC_DIR = PROJECT_DIR / "static"
DATA_DIR = PROJECT_DIR / "data"


@dataclass(frozen=True)
class SiteConfig:
    title: str = "China–US Contacts: A News Archive"
    base_url: str | None = None  # e.g. "https://example.org/archive/" → canonical links, sitemap
    build_date: dt.date | None = None  # from SOURCE_DATE_EPOCH; never the wall clock


def build_date_from_env() -> dt.date | None:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch or not epoch.strip().isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()


@dataclass(frozen=True)
class Inputs:
    articles: Path
    output: Path
    seeds: Path | None = None
    data: Path = DATA_DIR
    templates: Path = TEMPLATES_DIR
    static: Path = STATIC_DIR
