"""Reference data: data/layout.yaml read into a Layout, and a clear error when it is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.data import DataError, load_layout, load_yaml
from archive.views import Layout


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    load_yaml.cache_clear()


def test_layout_is_read_from_the_data_folder(tmp_path: Path) -> None:
    (tmp_path / "layout.yaml").write_text("timeline_months_from: 7\narticles_months_from: 0\n", encoding="utf-8")
    assert load_layout(tmp_path) == Layout(timeline_months_from=7, articles_months_from=0)


def test_the_project_layout_is_valid() -> None:
    assert isinstance(load_layout(), Layout)


@pytest.mark.parametrize("text", ["timeline_months_from: many\n", "timeline_months_from: -1\n",
                                  "timeline_months_form: 3\n", "- 3\n", "articles_months_from: true\n"])
def test_a_wrong_layout_names_the_file_and_what_to_do(tmp_path: Path, text: str) -> None:
    (tmp_path / "layout.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"layout\.yaml: expected only timeline_months_from, articles_months_from"):
        load_layout(tmp_path)


def test_a_missing_layout_says_to_restore_it(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"layout\.yaml: missing data file; restore it"):
        load_layout(tmp_path)


def test_no_source_or_data_file_holds_a_control_character() -> None:
    """A control character in a pattern matches nothing a text holds: a "\\b" once written into a
    regular expression as a backspace character left a rule dead for weeks, unseen."""
    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("archive/**/*.py"), *root.glob("data/*.yaml"), *root.glob("templates/*.html"),
             *root.glob("tests/*.py"), root / "build_site.py"]
    found = [f"{path.relative_to(root)}:{number}" for path in files
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if any(ord(char) < 32 and char != "\t" for char in line)]
    assert found == []
