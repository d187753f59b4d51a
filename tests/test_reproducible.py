"""Reproducible and atomic builds: same inputs → same bytes; an interrupted build loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import build_site

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_into_different_folders_are_byte_identical(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for name in ("one", "two"):
        assert build_site.main(["build", "--articles", str(ROOT / "articles"), "--output", str(tmp_path / name),
                                "--base-url", "https://example.org/archive/"]) == 0
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert one.keys() == two.keys()
    assert [name for name in one if one[name] != two[name]] == []
    assert b"2023-11-14" in one["index.html"]  # SOURCE_DATE_EPOCH is the build date shown


def test_no_wall_clock_without_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build_site.main(["build", "--articles", str(ROOT / "articles"), "--output", str(tmp_path / "out")])
    today = time.strftime("%Y-%m-%d").encode()
    assert all(today not in data for data in tree(tmp_path / "out").values())


def big_corpus(folder: Path, copies: int) -> None:
    folder.mkdir()
    for record in sorted((ROOT / "articles").glob("*.md")):
        text = record.read_text(encoding="utf-8")
        for number in range(copies):
            slug = f"{record.stem}-{number}"
            (folder / f"{slug}.md").write_text(text.replace(f"slug: {record.stem}", f"slug: {slug}"),
                                               encoding="utf-8")


def test_killed_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    articles, out = tmp_path / "articles", tmp_path / "output"
    big_corpus(articles, 120)
    command = [sys.executable, str(ROOT / "build_site.py"), "build", "--articles", str(articles), "--output", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    before = tree(out)
    (articles / "zzz-new.md").write_text("---\ntitle: New\ndate: 2023-12-31\n---\n\nNew body.\n", encoding="utf-8")
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = tmp_path / ".output.staging"
    deadline = time.monotonic() + 60
    while not staging.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert process.poll() is None, "the build finished before it could be interrupted; make the corpus larger"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert tree(out) == before  # the old site is whole and unchanged
    subprocess.run(command, check=True, capture_output=True)  # the next build recovers
    assert not staging.exists()
    assert (out / "articles" / "zzz-new" / "index.html").exists()
