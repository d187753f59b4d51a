"""The build cache's storage, and the stamps that say whether the output is up to date.

Standard library only (and the plain data modules): `build_site.py build` asks
`unchanged_build` first and loads templates, Markdown and the record reader only when
something changed, so a rebuild with nothing to do costs little more than starting Python.

  * `Store`: pickled entries in `.cache/<output name>/`, each saved with the code version
    it was made by; a corrupt, foreign or older entry is a miss, never an error.
  * `code_version`: the source of every archive module a build runs and the versions of
    the libraries it renders with.
  * `input_stamp`: every file a build reads, by size and mtime, and the build's options.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import re
import sys
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from archive.config import DATA_DIR, Inputs, SiteConfig
from archive.model import BuildResult, WriteReport
from archive.write import MANIFEST, staging_path

FORMAT = 1  # bump when the layout of any entry changes
ARCHIVE_DIR = Path(__file__).resolve().parent
LIBRARIES = ("jinja2", "markdown", "markupsafe", "nh3", "yaml")  # what output bytes depend on


def digest(*parts: bytes | str) -> str:
    """A digest of the parts, each followed by a NUL byte. Joined and hashed at once: a build
    makes ~50,000 digests of a dozen parts, and an update per part cost twice the time."""
    if not parts:
        return hashlib.blake2b(digest_size=16).hexdigest()
    try:
        data = "\x00".join(parts).encode("utf-8", "surrogatepass")  # type: ignore[arg-type]
    except TypeError:  # some parts are bytes
        data = b"\x00".join(p.encode("utf-8", "surrogatepass") if isinstance(p, str) else p for p in parts)
    return hashlib.blake2b(data + b"\x00", digest_size=16).hexdigest()


# ---------------------------------------------------------------- the code version


@cache
def code_version() -> str:
    """The source of every archive module a build runs: a change there invalidates every cached
    result (and a change to, say, the extractor, which builds never run, invalidates none)."""
    return digest(str(FORMAT), sys.version, repr(library_stamp()),
                  *(f"{name}\x01{source}" for name, source in sorted(build_sources().items())))


def library_stamp() -> list[tuple[str, int, int]]:
    """Each library's package file by size and mtime: installing another version rewrites it.
    Found without importing the library, which would cost more than the whole check."""
    stamps = []
    for name in LIBRARIES:
        module = sys.modules.get(name)
        origin = getattr(module, "__file__", None) if module is not None else None
        if origin is None:
            spec = importlib.util.find_spec(name)
            origin = spec.origin if spec is not None else None
        stamp = file_stamp(Path(origin)) if origin else None
        stamps.append((name, *(stamp or (0, 0))))
    return stamps


# Indented too: a function may import a stage where it needs it.
_IMPORTS = re.compile(r"^[ \t]*(?:from archive\.(\w+)|import archive\.(\w+))"
                      r"|^[ \t]*from archive import \(?([\w\s,]+)\)?", re.M)


def build_sources(start: str = "build") -> dict[str, str]:
    """archive/<module>.py → source, for `start` and every archive module it imports, transitively."""
    sources: dict[str, str] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        path = ARCHIVE_DIR / f"{name}.py"
        if name in sources or not path.is_file():
            continue
        sources[name] = path.read_text(encoding="utf-8")
        for match in _IMPORTS.finditer(sources[name]):
            todo += [match[1] or match[2]] if match[1] or match[2] else match[3].replace(",", " ").split()
    return sources


# ---------------------------------------------------------------- the store


def cache_folder(output: Path) -> Path:
    output = output.resolve()
    return output.parent / ".cache" / output.name


SHARDS = 32
_MISSING = object()


def shard_of(key: str, shards: int = SHARDS) -> int:
    """Which of `shards` files keeps `key`: stable across runs and machines (unlike hash())."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % shards


class Store:
    """Pickled entries in one folder; loading never fails, saving is atomic."""

    def __init__(self, folder: Path, read: bool = True) -> None:
        self.folder = folder
        self.read = read

    def load(self, name: str) -> Any:
        if not self.read:
            return None
        try:
            with open(self.folder / f"{name}.pickle", "rb") as handle:
                stored = pickle.load(handle)
        except Exception:  # a corrupt or foreign cache is a miss, never an error
            return None
        if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != code_version():
            return None
        return stored[1]

    def save(self, name: str, value: Any) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{name}.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                pickle.dump((code_version(), value), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / f"{name}.pickle")
        except OSError:
            pass  # a read-only or full disk costs the next build time, not this one its result

    def load_shards(self, name: str, version: str = "", keys: Iterable[str] | None = None) -> dict[str, Any]:
        """The entries save_shards saved under `version`, merged; a missing or corrupt shard, or one
        saved under another version, is a miss for its entries. With `keys`, only the shards that
        would hold them are read (all their entries, so that save_shards can write them whole)."""
        merged: dict[str, Any] = {}
        for number in range(SHARDS) if keys is None else sorted({shard_of(key) for key in keys}):
            part = self.load(f"{name}-{number:02d}")
            if isinstance(part, tuple) and len(part) == 2 and part[0] == version and isinstance(part[1], dict):
                merged.update(part[1])
        return merged

    def save_shards(self, name: str, entries: dict[str, Any], loaded: dict[str, Any], version: str = "") -> list[int]:
        """`entries` in SHARDS files by key; only the files holding an entry that is not the very
        object load_shards gave (new, changed or gone) are written, and their numbers returned:
        an edit to one record rewrites 1/SHARDS of the record cache, not all of it. `loaded`: what
        load_shards gave under the same `version` (each file keeps the version it was saved under)."""
        parts: list[dict[str, Any]] = [{} for _ in range(SHARDS)]
        dirty = {shard_of(key) for key in loaded.keys() - entries.keys()}  # gone
        for key, value in entries.items():  # each key's shard worked out once (~75,000 keys in a cold build)
            number = shard_of(key)
            parts[number][key] = value
            if loaded.get(key, _MISSING) is not value:  # new or changed
                dirty.add(number)
        for number in sorted(dirty):
            self.save(f"{name}-{number:02d}", (version, parts[number]))
        return sorted(dirty)

    def forget(self, name: str) -> None:
        with contextlib.suppress(OSError):
            (self.folder / f"{name}.pickle").unlink()


# ---------------------------------------------------------------- input stamps


def folder_stamp(folder: Path | None, pattern: str = "*") -> list[tuple[str, int, int]]:
    """(name, size, mtime_ns) of every file under `folder`, in name order."""
    if folder is None or not folder.is_dir():
        return []
    stamps: list[tuple[str, int, int]] = []
    todo = [("", str(folder))]
    while todo:  # os.scandir: the stat comes with the listing on Linux, and no path arithmetic
        prefix, path = todo.pop()
        try:
            found = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in found:
            try:
                if entry.is_dir():
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                    continue
                info = entry.stat()
            except OSError:
                continue
            stamps.append((prefix + entry.name, info.st_size, info.st_mtime_ns))
        todo += reversed(folders)
    return stamps


def file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def input_stamp(inputs: Inputs, config: SiteConfig, keep_going: bool,
                records: list[tuple[str, int, int]] | None = None) -> str:
    """Everything a build reads, by size and mtime: equal stamps, equal output.
    `records`: the articles folder's stamp, when the caller has it already."""
    records = folder_stamp(inputs.articles) if records is None else records
    folders = [inputs.templates, inputs.static, inputs.data, DATA_DIR, inputs.seeds]
    return digest(code_version(), repr(config), repr(keep_going), repr(inputs), repr(records),
                  *(repr(folder_stamp(f)) for f in folders))


# ---------------------------------------------------------------- the last build


def unchanged_build(store: Store, stamp: str, output: Path) -> BuildResult | None:
    """The last build's result when it was made from inputs with this stamp and the output is
    still as it left it (same manifest, no staging folder left by an interrupted build)."""
    last = store.load("build")
    if (isinstance(last, dict) and last.get("stamp") == stamp and not staging_path(output.resolve()).exists()
            and last.get("manifest") == file_stamp(output / MANIFEST)):
        return BuildResult(last["problems"], last["pages"], WriteReport(0, last["files"], 0))
    return None


def record_build(store: Store, stamp: str, output: Path, result: BuildResult, files: int) -> None:
    store.save("build", {"stamp": stamp, "manifest": file_stamp(output / MANIFEST),
                         "problems": result.problems, "pages": result.pages, "files": files})


@dataclass(frozen=True)
class Freshness:
    """What the up-to-date check found, for the build to go on from: the inputs' stamp, the
    records folder's listing, and the last build's result if it still holds."""

    stamp: str
    records: list[tuple[str, int, int]]
    result: BuildResult | None


def check_inputs(inputs: Inputs, config: SiteConfig, keep_going: bool, store: Store | None = None) -> Freshness:
    """Stamp the inputs (one listing of the records, kept for reading them) and compare."""
    store = Store(cache_folder(inputs.output)) if store is None else store
    records = folder_stamp(inputs.articles)
    stamp = input_stamp(inputs, config, keep_going, records)
    return Freshness(stamp, records, unchanged_build(store, stamp, inputs.output))
