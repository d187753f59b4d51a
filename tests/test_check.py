"""`check`: what needs a human in the records, and broken links or markup in the output."""

from __future__ import annotations

from pathlib import Path

from archive.check import check_output, check_records
from archive.data import load_people
from archive.model import Person

PEOPLE = [Person("wang-yi", "Wang Yi", "CN"), Person("antony-blinken", "Antony Blinken", "US", ("Blinken",))]
RECORD = """---
title: T
date: {date}
date_inferred: {inferred}
people: [Wang Yi, Jane Unknown]
contacts:
- date: null
  participants:
  - {{name: Wang Yi, side: CN}}
  - {{name: Mystery Envoy, side: US}}
  review: draft
  sources:
  - sentence: Wang Yi met the envoy on a day nobody recorded.
  - sentence: A sentence that is not in the text.
---

Wang Yi met the envoy on a day nobody recorded.
"""


def messages(folder: Path) -> list[str]:
    return [str(p) for p in check_records(folder, PEOPLE)]


def test_everything_a_human_must_look_at_is_listed(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(RECORD.format(date="null", inferred="false"), encoding="utf-8")
    found = "\n".join(messages(tmp_path))
    assert "a.md: error: no date" in found
    assert "1 draft contact(s) to review" in found
    assert "date unresolved" in found
    assert "unknown person 'Mystery Envoy'" in found and "unknown person 'Jane Unknown' mentioned" in found
    assert "quoted sentence not found in the text: 'A sentence that is not in the text.'" in found
    assert "'Wang Yi'" not in found


def test_inferred_date_needs_a_note(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(RECORD.format(date="2023-01-01", inferred="true"), encoding="utf-8")
    assert any("inferred date without date_note" in m for m in messages(tmp_path))


def test_output_links_anchors_and_markup(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<p id="here"><a href="a/index.html#there">x</a> <a href="#here">ok</a> <a href="missing.html">m</a>'
        ' <a href="https://example.org/">ext</a></p><div><span></div>', encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="elsewhere"><a href="../index.html#here">back</a></p>',
                                               encoding="utf-8")
    found = "\n".join(str(p) for p in check_output(tmp_path))
    assert "no element with id 'there' in a/index.html" in found
    assert "'missing.html' points at a file that does not exist" in found
    assert "<span> is not closed before </div>" in found
    assert "example.org" not in found and "back" not in found


def test_the_shipped_records_need_nothing() -> None:
    root = Path(__file__).resolve().parent.parent
    assert check_records(root / "articles", load_people(root / "data")) == []
