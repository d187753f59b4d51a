"""The write stage: atomic swap, only-changed writes, refusing folders it did not make."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from archive.write import MANIFEST, WriteError, write_site


def test_first_write_then_only_changed_files_are_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "output"
    report = write_site({"index.html": b"home", "a/index.html": b"a"}, out)
    assert report.written == 2 and (out / "a/index.html").read_bytes() == b"a"
    inode_before = (out / "index.html").stat().st_ino
    report = write_site({"index.html": b"home", "a/index.html": b"A!"}, out)
    assert (report.written, report.unchanged) == (1, 1)
    assert (out / "index.html").stat().st_ino == inode_before  # linked, not rewritten
    assert (out / "a/index.html").read_bytes() == b"A!"


def test_no_change_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "output"
    files = {"index.html": b"home"}
    write_site(files, out)
    assert write_site(files, out).written == 0


def test_deleted_pages_do_not_survive(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site({"index.html": b"x", "old/index.html": b"gone soon"}, out)
    report = write_site({"index.html": b"x"}, out)
    assert report.removed == 1
    assert not (out / "old").exists()


def test_refuses_a_folder_it_did_not_create(tmp_path: Path) -> None:
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.docx").write_bytes(b"years of work")
    with pytest.raises(WriteError, match="not created by the archive"):
        write_site({"index.html": b"x"}, precious)
    assert (precious / "chapter1.docx").read_bytes() == b"years of work"


def test_empty_existing_folder_is_fine(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    write_site({"index.html": b"x"}, out)
    assert (out / MANIFEST).exists()


@pytest.mark.parametrize("path", ["../escape.html", "/etc/passwd", "a/../../b.html", "a\\..\\b"])
def test_paths_outside_the_output_are_refused(tmp_path: Path, path: str) -> None:
    with pytest.raises(WriteError, match="outside the output folder"):
        write_site({path: b"x"}, tmp_path / "output")
    assert not (tmp_path / "escape.html").exists()


def test_failure_while_staging_leaves_the_previous_site(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site({"index.html": b"old site"}, out)
    with pytest.raises(WriteError):
        write_site({"index.html": b"new site", "../x": b"bad"}, out)
    assert (out / "index.html").read_bytes() == b"old site"
    assert not (tmp_path / ".output.staging").exists()


# ---------------------------------------------------------------- journaled commit


def test_unchanged_files_are_not_touched(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site({"index.html": b"home", "a/index.html": b"a"}, out)
    before = (out / "index.html").stat().st_mtime_ns
    report = write_site({"index.html": b"home", "a/index.html": b"b", "new.html": b"n"}, out)
    assert (report.written, report.unchanged) == (2, 1)
    assert (out / "index.html").stat().st_mtime_ns == before


def test_a_file_can_become_a_folder_and_back(tmp_path: Path) -> None:
    out = tmp_path / "output"
    write_site({"page": b"a file"}, out)
    write_site({"page/index.html": b"now a folder"}, out)
    assert (out / "page" / "index.html").read_bytes() == b"now a folder"
    write_site({"page": b"a file again"}, out)
    assert (out / "page").read_bytes() == b"a file again"


def test_interrupted_after_the_commit_point_is_rolled_forward(tmp_path: Path, monkeypatch) -> None:
    import archive.write as write

    out = tmp_path / "output"
    write_site({"a.html": b"old a", "b.html": b"old b", "gone.html": b"x"}, out)
    real_replace, calls = os.replace, []

    def crash_on_second_file(source, target) -> None:
        calls.append(target)
        if len(calls) == 3:  # the journal, then a.html, then b.html
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", crash_on_second_file)
    new = {"a.html": b"new a", "b.html": b"new b"}
    with pytest.raises(KeyboardInterrupt):
        write_site(new, out)
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert (tmp_path / ".output.staging" / write.JOURNAL).exists()  # kept for the next build
    assert (out / "a.html").read_bytes() == b"new a" and (out / "b.html").read_bytes() == b"old b"
    report = write_site(new, out)  # the next build finishes the interrupted one first
    assert report.written == 0
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name != MANIFEST} == new
    assert not (tmp_path / ".output.staging").exists()


def test_interrupted_before_the_commit_point_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    import archive.write as write

    out = tmp_path / "output"
    write_site({"a.html": b"old a"}, out)
    monkeypatch.setattr(write, "write_manifest", lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_site({"a.html": b"new a", "b.html": b"b"}, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(["a.html", MANIFEST])
    assert (out / "a.html").read_bytes() == b"old a"
    assert not (tmp_path / ".output.staging").exists()


def test_stage_files_writes_only_new_bytes_and_keeps_held_files(tmp_path: Path) -> None:
    from archive.write import digest, stage_files

    staging = tmp_path / "staging"
    staging.mkdir()
    previous = {"same.txt": digest(b"same"), "held.js": "d-held"}
    staged = stage_files(staging, {"new/page.html": b"new", "same.txt": b"same", "held.js": "d-held"}, previous)
    assert staged == [("held.js", "d-held", False), ("new/page.html", digest(b"new"), True),
                      ("same.txt", digest(b"same"), False)]
    assert (staging / "new/page.html").read_bytes() == b"new"
    assert sorted(p.name for p in staging.rglob("*") if p.is_file()) == ["page.html"]
