"""Write: the rendered site → `output/`, atomically, touching only files whose bytes changed.

The new site is assembled in a staging folder beside the old one: unchanged files are
hard-linked from the previous build (same inode, same mtime), changed ones written.
Only when the staging folder is complete is it swapped in, so an interrupted or failed
build leaves the previous site intact. A manifest marks folders this archive made; a
folder without it is never deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MANIFEST = ".archive-build.json"


class WriteError(Exception):
    """The output folder cannot be written safely; the message says why and what to do."""


@dataclass(frozen=True)
class WriteReport:
    written: int
    unchanged: int
    removed: int


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def safe_relative(path: str) -> PurePosixPath:
    """Refuse paths that would land outside the output folder."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts or "\\" in path:
        raise WriteError(f"refusing to write {path!r}: it would land outside the output folder; fix its slug")
    return relative


def read_manifest(folder: Path) -> dict[str, str] | None:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def check_ownership(output: Path) -> dict[str, str]:
    """The previous build's manifest; refuse a non-empty folder this archive did not create."""
    if not output.exists():
        return {}
    if not output.is_dir():
        raise WriteError(f"{output}: exists and is not a folder; choose another --output")
    manifest = read_manifest(output)
    if manifest is None and any(output.iterdir()):
        raise WriteError(
            f"{output}: this folder was not created by the archive (no {MANIFEST}); refusing to replace it."
            " Choose an empty or new --output folder"
        )
    return manifest or {}


def stage(files: dict[str, bytes], output: Path, staging: Path, previous: dict[str, str]) -> tuple[dict[str, str], int]:
    manifest: dict[str, str] = {}
    written = 0
    for path in sorted(files):
        relative = safe_relative(path)
        data = files[path]
        manifest[path] = digest(data)
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if previous.get(path) == manifest[path]:
            try:
                os.link(output / relative, target)
                continue
            except OSError:
                pass  # the old file is gone or links are not supported: write it
        target.write_bytes(data)
        written += 1
    (staging / MANIFEST).write_text(json.dumps({"files": manifest}, sort_keys=True, indent=0), encoding="utf-8")
    return manifest, written


def remove_owned(folder: Path) -> None:
    if folder.exists() and (read_manifest(folder) is not None or not any(folder.iterdir())):
        shutil.rmtree(folder)
    elif folder.exists() and folder.name.startswith(".") and folder.name.endswith((".staging", ".old")):
        shutil.rmtree(folder)  # our own leftover from an interrupted build


def write_site(files: dict[str, bytes], output: Path) -> WriteReport:
    """Replace `output` by exactly `files`, atomically."""
    output = output.resolve()
    previous = check_ownership(output)
    if previous and previous == {p: digest(d) for p, d in files.items()}:
        return WriteReport(0, len(files), 0)
    staging = output.with_name(f".{output.name}.staging")
    retired = output.with_name(f".{output.name}.old")
    for leftover in (staging, retired):
        remove_owned(leftover)
    staging.mkdir(parents=True)
    try:
        manifest, written = stage(files, output, staging, previous)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
    removed = len(set(previous) - set(manifest))
    return WriteReport(written, len(files) - written, removed)
