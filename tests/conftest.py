"""Fixtures shared by the test modules that look at the site built from the curated records."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built by the command line from articles/ (or $ARCHIVE_TEST_ARTICLES)."""
    records = Path(os.environ.get("ARCHIVE_TEST_ARTICLES") or ROOT / "articles")
    if not records.is_dir() or not any(records.glob("*.md")):
        pytest.fail(f"{records}: no records to build the site from (the curated articles/ folder)",
                    pytrace=False)
    output = tmp_path_factory.mktemp("curated-site") / "output"
    done = subprocess.run([sys.executable, "build_site.py", "build", "--articles", str(records),
                           "--output", str(output), "--quiet"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        pytest.fail(f"the site did not build:\n{done.stdout}\n{done.stderr}", pytrace=False)
    return output
