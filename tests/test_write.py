"""The write stage: atomic swap, only-changed writes, refusing folders it did not make."""

from __future__ import annotations

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
