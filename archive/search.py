"""Search: the corpus → a full-text index split into small script files (placeholder, see issue 4)."""

from __future__ import annotations

from archive.model import Corpus


def index_files(corpus: Corpus) -> dict[str, bytes]:
    return {}
