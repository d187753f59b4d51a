"""The build pipeline: records → validated corpus → timeline → pages and exports → output/.

Each step is a call into one stage module; this file wires them together, and decides
what a rebuild can reuse (archive.cache) and what runs on several cores:

  1. fingerprint  every input's size and mtime; unchanged since the last build → stop
                  (archive.store; the command line asks before it even imports this module).
  2. records      read and parse only the files that changed (in parallel when many); the
                  others' entries come from the cache, and one is parsed again only if a
                  page needs its article (ArticleList).
  3. corpus       anchors, date order; the timeline and each article page's context digest
                  are recomputed only when the corpus "meta" digest (all but bodies) changed,
                  and then only the groups of reports the changed articles fall in are merged
                  again, from their cached reports. Every page but an article's own needs
                  only each article's ArticleRef, kept in the record's entry: a rebuild makes
                  only the articles it renders.
  4. pages        each page's dependency key is compared with the cache; only pages whose
                  inputs changed are rendered: article pages in worker processes that write
                  straight into the staging folder, list pages by the main process meanwhile
                  (their cards are rendered once, there), and the exports (their pieces kept
                  by content) there too, or, when a rebuild renders few pages, beside it.
                  A list page is keyed by what it shows (PagePlan.shows: the digests of its
                  cards and contacts) before it is made, and made only when that changed;
                  when the meta digest is unchanged, list pages and exports are not even keyed.
                  The search index is built in a process of its own, started as soon as the
                  corpus is known.
  5. write        the staging folder is committed (archive.write); the cache is saved.

Worker processes are forked, so they share the corpus without copying it; results come
back as (path, digest) pairs in a fixed order, and files are the same bytes whatever the
number of workers.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import functools
import gc
import multiprocessing
import multiprocessing.pool
import operator
import os
import pickle
import signal
import threading
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from archive import cache, search, views
from archive.blocks import anchor_sources
from archive.config import DATA_DIR, Inputs, SiteConfig
from archive.data import load_layout, load_people, load_yaml
from archive.model import Article, ArticleList, ArticleRef, BuildResult, Contact, Corpus, Problem, TimelineEntry
from archive.progress import Progress, Silent
from archive.records import RecordError, date_order_key, duplicate_slugs, parse_bytes
from archive.render import PagePlan, PageSpec, Renderer, has_source, lead_of, make_environment
from archive.store import (
    Freshness,
    Store,
    cache_folder,
    check_inputs,
    code_version,
    digest,
    folder_stamp,
    record_build,
)
from archive.timeline import Placed, Report, by_group, group_of, merge_timeline, patch_timeline, signature
from archive.write import Staging, stage_file, stage_files

WORKERS = max(1, min(os.cpu_count() or 1, 4))
PARALLEL_FROM = 300  # records or pages: below this, starting workers costs more than it saves
CHUNK = 100  # items per task: small enough to balance the workers, large enough to be cheap to send
# A cold build runs more processes than there are cores: the search index (one process, the
# longest chain of work), article page workers, and the record cache's saver. Left equal, the
# search index finished ~1 s after the pages, alone on one core; lowered, the page workers and
# the saver yield to it and take up the slack, so that all end together. Niceness only orders
# processes that wait for a core: alone, a lowered one runs at full speed.
PAGE_WORKERS_NICE = 5
RECORD_SAVER_NICE = 10
EXPORTS_NICE = 5

T = TypeVar("T")
R = TypeVar("R")

# What the last build made, held until the next one starts: freeing its ~10⁶ objects one by one
# would cost a rebuild at 10,000 articles ~0.04 s, and the command line exits right after it
# (build_site.exit_now), when the system frees them at once.
_LAST_BUILD: list[object] = []


class BuildFailed(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


# ---------------------------------------------------------------- workers


def in_parallel(function: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """function(item) for each item, in order; shared with forked worker processes when it pays.

    The items go in chunks to whichever process is free first, this one included: it would
    only wait otherwise, and what it computes itself need not be sent back. A fixed share
    left one process idle at the end (~0.2 s of a cold build at 10,000 records), the
    items' costs and the work of unpacking the workers' results being uneven."""
    workers = WORKERS if workers is None else workers
    if workers < 2 or len(items) < PARALLEL_FROM:
        return [function(item) for item in items]
    global _CLAIMS
    chunks = [items[start:start + CHUNK] for start in range(0, len(items), CHUNK)]
    claims = _ChunkClaims(function, chunks)
    _CLAIMS = claims
    try:
        pool = forking_pool(workers - 1)
    finally:
        _CLAIMS = None
    results: list[list[R] | None] = [None] * len(chunks)
    with pool:
        pending = pool.map_async(_claimed_chunk, range(len(chunks)), chunksize=1)
        while (number := claims.next()) is not None:
            results[number] = claims.run(number)
        for claimed in pending.get():
            if claimed is not None:
                results[claimed[0]] = claimed[1]
    return [result for chunk in results for result in chunk]  # type: ignore[union-attr]


class _ChunkClaims(Generic[T, R]):
    """Chunks of items, each claimed once by whichever process asks first (a counter shared by fork)."""

    def __init__(self, function: Callable[[T], R], chunks: list[Sequence[T]]) -> None:
        self.each = _Chunked(function)
        self.chunks = chunks
        self.claimed = multiprocessing.get_context("fork").Value("i", 0)

    def next(self) -> int | None:
        with self.claimed.get_lock():
            number = self.claimed.value
            if number >= len(self.chunks):
                return None
            self.claimed.value = number + 1
        return number

    def run(self, number: int) -> list[R]:
        return self.each(self.chunks[number])


_CLAIMS: _ChunkClaims[Any, Any] | None = None


def _claimed_chunk(_: int) -> tuple[int, list[Any]] | None:
    """In a worker: the next unclaimed chunk's (number, results), or None when none is left."""
    claims = _CLAIMS
    assert claims is not None
    number = claims.next()
    return None if number is None else (number, claims.run(number))


class _Chunked:
    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function

    def __call__(self, chunk: Sequence[Any]) -> list[Any]:
        return [self.function(item) for item in chunk]


def _quiet_worker(nice: int = 0) -> None:
    if nice:
        os.nice(nice)  # raising one's own niceness needs no privilege
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    # A killed build must not leave workers behind that go on writing into the staging folder
    # (the next build's staging folder has the same name): on Linux, die with the parent.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:
        os._exit(1)  # the parent died before the line above took effect


def forking_pool(workers: int, nice: int = 0) -> multiprocessing.pool.Pool:
    """Worker processes that share this process's memory until they write to it; `nice` is added
    to their niceness (see PAGE_WORKERS_NICE).

    gc.freeze() first: a collection in a worker would otherwise walk, and so write to and
    copy, every object the parent holds (hundreds of MB at 10,000 articles)."""
    gc.freeze()
    try:
        return multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker, initargs=(nice,))
    finally:
        gc.unfreeze()  # this process goes on collecting as usual


_FORKED: Callable[[], Any] | None = None


def _call_forked() -> Any:
    assert _FORKED is not None
    return _FORKED()


class Forked(Generic[R]):
    """`work()` in a forked process started now, while this process goes on; or, when not
    `parallel`, here when its result is asked for. The child has `work` by forking: sending it
    (and the corpus or records it holds) to the child would pickle them."""

    def __init__(self, work: Callable[[], R], parallel: bool, nice: int = 0) -> None:
        global _FORKED
        self.work = work
        self.pool: multiprocessing.pool.Pool | None = None
        if parallel:
            _FORKED = work
            try:
                self.pool = forking_pool(1, nice)
                self.pending = self.pool.apply_async(_call_forked)
            finally:
                _FORKED = None

    def result(self) -> R:
        if self.pool is None:
            return self.work()
        try:
            return self.pending.get()  # type: ignore[no-any-return]
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


class Awaiting(Forked[R]):
    """Forked always, for work that needs more than this process knows yet: `work(receive)` starts
    now in a forked process, and `receive()` there returns what this process `post`s later."""

    def __init__(self, work: Callable[[Callable[[], Any]], R], nice: int = 0) -> None:
        self.inbox, self.outbox = multiprocessing.get_context("fork").Pipe(duplex=False)
        super().__init__(functools.partial(work, self._receive), True, nice)

    def _receive(self) -> Any:
        return pickle.loads(self.inbox.recv_bytes())

    def post(self, message: Any) -> None:
        """Send `message` without waiting for the child to take it: it reads it when its work
        gets there, and a pipe holds only 64 KB."""
        data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
        threading.Thread(target=self._send, args=(data,), daemon=True).start()

    def _send(self, data: bytes) -> None:
        with contextlib.suppress(OSError):  # the child was stopped (close) before it read it
            self.outbox.send_bytes(data)

    def close(self) -> None:
        super().close()
        self.inbox.close()
        self.outbox.close()


# ---------------------------------------------------------------- records


RECORDS = "records"  # the record cache: its entries, in SHARDS files
GROUPS = "groups"  # the timeline's reports by group (archive.timeline.Report), read only where a rebuild needs them
FRAGMENTS = "fragments"  # list pages' card and contact fragments, by content (Renderer.kept)
EXPORTS = "exports"  # the exports' pieces, by kind and content (export_files)
TIMELINE = "timeline"  # the merged timeline, its digests, and the groups each article's contacts fall in


@dataclass
class Sharded:
    """A cache entry to save in shards (Store.save_shards): only the shards where `entries` differ
    from what was `loaded` are written."""

    entries: dict[str, Any]
    loaded: dict[str, Any]
    version: str


@dataclass
class RecordEntry:
    """One record file as last read: its stamp and digest, and what parsing it gave.

    The cache keeps no article, only what every build needs of every record (slug, path, date:
    to check and order them; source file; its ArticleRef, all that pages other than its own
    show). A build that needs an article whose record it did not read (its page or search
    document changed) parses that record again (`article`, ~0.25 ms). Keeping the articles
    pickled cost a cold build at 10,000 records 0.6 s of CPU and 83 MB of cache, and an added
    article ~0.1 s of shards loaded for the few it needs; it saved ~1 s when every article page
    is rendered again (a change to the article template, at 10,000 records), which is rarer."""

    size: int
    mtime_ns: int
    digest: str
    loaded: Article | None  # anchored already when it cites only itself (`anchored`)
    problems: list[Problem]
    lead: str = ""
    anchored: bool = False
    meta: str = ""  # digest of all but the body (and of the lead): what other pages can show of it
    slug: str = ""  # "" when the record did not parse
    path: str | None = None
    source_file: str | None = None
    ref: ArticleRef | None = None

    @classmethod
    def of(cls, size: int, mtime_ns: int, record_digest: str, article: Article, problems: list[Problem],
           lead: str, anchored: bool, meta: str) -> RecordEntry:
        return cls(size, mtime_ns, record_digest, article, problems, lead, anchored, meta, article.slug,
                   article.path, article.source_file, ArticleRef.of(article))

    @property
    def date(self) -> dt.date | None:
        return self.ref.date if self.ref is not None else None

    @property
    def usable(self) -> bool:
        return self.slug != ""

    def article(self) -> Article:
        if self.loaded is None:
            self.loaded = self.read_again()
        return self.loaded

    def read_again(self) -> Article:
        """The article parsed anew from its record, which must still hold the bytes this entry was made
        from. Otherwise it changed after the build listed it, or kept its size and mtime when it changed
        (then only a build that reads every record sees it)."""
        assert self.usable and self.path is not None, "a record that did not parse has no article"
        with open(self.path, "rb") as handle:
            raw = handle.read()
        if digest(self.path, raw) != self.digest:
            raise RecordError(Problem(self.path, "the record changed while the site was being built; "
                                                 "build again with --no-cache"))
        return parse_article(raw, self.path)[0]

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "loaded": None}  # the article is sent apart, and not cached


def read_entry(item: tuple[str, RecordEntry | None]) -> RecordEntry:
    """Read and parse one record; a file whose bytes are unchanged keeps its parse."""
    path, known = item
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        raw = handle.read()
    record_digest = digest(path, raw)
    if known is not None and known.digest == record_digest:
        return dataclasses.replace(known, size=info.st_size, mtime_ns=info.st_mtime_ns)
    try:
        article, warnings, alone = parse_article(raw, path)
    except RecordError as error:
        return RecordEntry(info.st_size, info.st_mtime_ns, record_digest, None, [error.problem])
    lead = lead_of(article.body)
    return RecordEntry.of(info.st_size, info.st_mtime_ns, record_digest, article, warnings, lead, alone,
                          cache.meta_digest(article, lead) if alone else "")


def parse_article(raw: bytes, path: str) -> tuple[Article, list[Problem], bool]:
    """The record's article, its warnings, and whether it quotes only itself: most records do, and
    then their anchors need nothing else, so they are found here."""
    article, warnings = parse_bytes(raw, path)
    alone = all(s.article == article.slug for c in article.contacts for s in c.sources)
    if alone and article.contacts:
        article = anchor_sources([article])[0][0]
    return article, warnings, alone


def load_entries(folder: Path, known: dict[str, RecordEntry],
                 stamps: list[tuple[str, int, int]] | None = None) -> dict[str, RecordEntry]:
    """Every `*.md` record by path; unchanged files (same size and mtime) are not read.
    `stamps`: the folder's store.folder_stamp, when the caller has it already."""
    stamps = folder_stamp(folder) if stamps is None else stamps
    prefix = "" if str(folder) == "." else str(folder).rstrip("/") + "/"  # what str(folder / name) gives
    entries: dict[str, RecordEntry] = {}
    to_read: list[tuple[str, RecordEntry | None]] = []
    for name, size, mtime_ns in stamps:
        if not name.endswith(".md") or name.startswith(".") or "/" in name:
            continue
        path = prefix + name
        entry = known.get(path)
        if entry is not None and (entry.size, entry.mtime_ns) == (size, mtime_ns):
            entries[path] = entry
        else:
            entries[path] = None  # type: ignore[assignment]  # keeps the path order; filled below
            to_read.append((path, entry))
    for (path, _), (entry, article) in zip(to_read, in_parallel(read_entry_to_send, to_read), strict=True):
        entry.loaded = article
        entries[path] = entry
    return entries


def read_entry_to_send(item: tuple[str, RecordEntry | None]) -> tuple[RecordEntry, Article | None]:
    """read_entry, its article apart: an entry's pickle (RecordEntry.__getstate__) leaves it out."""
    entry = read_entry(item)
    article, entry.loaded = entry.loaded, None
    return entry, article


@dataclass
class Loaded:
    corpus: Corpus
    problems: list[Problem]
    entries: dict[str, RecordEntry]
    source_files: list[str | None]  # the seed texts they came from, in corpus order
    digests: list[str]  # each article's content digest, in corpus order: for the page keys and the search key
    leads: dict[str, str]
    metas: dict[str, str]  # slug → meta digest
    meta: str  # digest of everything but the article bodies: equal → every page but the articles' is too
    contexts: list[str]  # per article, in corpus order: page_contexts
    entry_digests: list[str]  # per timeline entry, in order: a digest of all it holds
    entry_keys: list[str]  # the same, with what its sources show of the articles they cite (shown_keys)
    kept: KeptTimeline | None = None  # the timeline cache entry for the next build, unless reused
    groups: Sharded | None = None  # the reports of the groups merged, for the next build


class KeptTimeline(NamedTuple):
    """The timeline cache entry: what load_all reuses when the corpus meta digest is unchanged,
    and patches when it changed (only the groups of reports that changed are merged again)."""

    meta: str
    placed: list[Placed]  # the timeline, each entry with its group, place and id's base
    contexts: list[str]
    entry_digests: list[str]
    entry_keys: list[str]
    articles: dict[str, tuple[str, tuple[str, ...]]]  # slug → (meta digest, the group of each of its contacts)
    cited_by: dict[str, frozenset[str]]  # slug → groups with a report from another article that cites it
    pickled: dict[str, tuple[list[Placed], bytes]] | None = None  # by group: its entries and their pickle, as loaded

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled group by group: a rebuild pickles again only the groups it merged again (at
        10,000 articles, ~0.01 s against ~0.08 s for the whole timeline)."""
        groups, order = pickled_groups(self.placed, self.pickled or {})
        return unpickled_timeline, (self.meta, groups, order, self.contexts, self.entry_digests, self.entry_keys,
                                    self.articles, self.cited_by)


def pickled_groups(placed: list[Placed], held: dict[str, tuple[list[Placed], bytes]]) \
        -> tuple[list[tuple[str, bytes]], bytes]:
    """Each group's entries pickled (a group's pickle is reused when it holds the very entries it
    was loaded as), and the timeline's order as the number of each entry's group."""
    grouped: dict[str, list[Placed]] = defaultdict(list)
    for item in placed:
        grouped[item.group].append(item)
    number = {group: n for n, group in enumerate(grouped)}
    groups = []
    for group, items in grouped.items():
        old = held.get(group)
        if old is not None and len(old[0]) == len(items) and all(map(operator.is_, old[0], items)):
            groups.append((group, old[1]))
        else:
            groups.append((group, pickle.dumps(items, pickle.HIGHEST_PROTOCOL)))
    return groups, array("I", [number[item.group] for item in placed]).tobytes()


def unpickled_timeline(meta: str, groups: list[tuple[str, bytes]], order: bytes, *rest: Any) -> KeptTimeline:
    pickled = {group: (pickle.loads(data), data) for group, data in groups}
    entries = [iter(found) for found, _ in pickled.values()]
    numbers = array("I")
    numbers.frombytes(order)
    return KeptTimeline(meta, [next(entries[n]) for n in numbers], *rest, pickled=pickled)


LoadGroups = Callable[[Iterable[str] | None], dict[str, list[Report]]]


def load_all(inputs: Inputs, keep_going: bool, entries: dict[str, RecordEntry], base: str = "",
             known_timeline: object = None, load_groups: LoadGroups = lambda keys: {}) -> Loaded:
    """The corpus of the records read (load_entries), with its timeline (add_timeline)."""
    return add_timeline(load_corpus(inputs, keep_going, entries, base), known_timeline, load_groups)


def load_corpus(inputs: Inputs, keep_going: bool, entries: dict[str, RecordEntry], base: str = "") -> Loaded:
    """The corpus of the records read (load_entries), its timeline not yet merged. Its articles are
    made from their records as they are used (ArticleList): a rebuild after one article is added
    makes that one."""
    usable = [e for e in entries.values() if e.usable]
    problems = [p for e in entries.values() for p in e.problems] + duplicate_slugs(usable)
    errors = [p for p in problems if p.severity == "error"]
    if errors and not keep_going:
        raise BuildFailed(problems)
    if keep_going:
        usable = drop_duplicates(usable)
    anchored, digests, metas, citation_problems = anchor_all(usable)
    order = sorted(range(len(usable)), key=lambda i: date_order_key(usable[i].date, usable[i].slug))
    load_yaml.cache_clear()  # people.yaml may have changed since the last build in this process
    people = load_people(inputs.data)
    meta = digest(base, repr(people), *(metas[i] for i in order))
    articles = ArticleList([anchored[i] for i in order], [usable[i].ref for i in order])  # type: ignore[misc]
    meta_of = {e.slug: m for e, m in zip(usable, metas, strict=True)}
    return Loaded(Corpus(articles, people, []), problems + citation_problems, entries,
                  [usable[i].source_file for i in order], [digests[i] for i in order],
                  {e.slug: e.lead for e in usable}, meta_of, meta, [], [], [])


def add_timeline(loaded: Loaded, known_timeline: object = None,
                 load_groups: LoadGroups = lambda keys: {}) -> Loaded:
    """`loaded` with its timeline: `known_timeline`'s when that was built from the same `meta`, and
    otherwise that timeline with the groups of reports that changed merged again (corpus_timeline),
    their reports read by `load_groups(groups)`."""
    articles, meta, meta_of = loaded.corpus.articles, loaded.meta, loaded.metas
    assert isinstance(articles, ArticleList)
    kept = known_timeline if isinstance(known_timeline, KeptTimeline) else None
    if kept is not None and kept.meta == meta:
        loaded.corpus.timeline = [p.entry for p in kept.placed]
        loaded.contexts, loaded.entry_digests, loaded.entry_keys = kept.contexts, kept.entry_digests, kept.entry_keys
        return loaded
    made = corpus_timeline(articles, meta_of, kept, load_groups)
    loaded.corpus.timeline = timeline = [p.entry for p in made.placed]
    loaded.entry_digests, loaded.entry_keys = made.entry_digests, made.entry_keys
    loaded.contexts = page_contexts(articles.slugs, meta_of, timeline, made.entry_keys)
    loaded.kept = KeptTimeline(meta, made.placed, loaded.contexts, made.entry_digests, made.entry_keys,
                               made.articles, made.cited_by, kept.pickled if kept is not None else None)
    loaded.groups = made.groups
    return loaded


@dataclass
class TimelineMade:
    placed: list[Placed]
    entry_digests: list[str]
    entry_keys: list[str]
    articles: dict[str, tuple[str, tuple[str, ...]]]
    cited_by: dict[str, frozenset[str]]
    groups: Sharded  # the groups' reports, to save


def corpus_timeline(articles: ArticleList, metas: dict[str, str], kept: KeptTimeline | None,
                    load_groups: LoadGroups) -> TimelineMade:
    """The corpus's timeline: `kept`'s with the groups of reports that changed merged again, or,
    when that cannot be (no timeline kept, a group's reports lost, ids that depend on untouched
    entries), everything merged, from the kept reports of articles whose meta digest is unchanged."""
    dates = {ref.slug: ref.date for ref in articles.refs}
    made = _patched(articles, metas, dates, kept, load_groups) if kept is not None else None
    return made if made is not None else _merged(articles, metas, dates, kept, load_groups)


def reports_of(slug: str, meta: str, contacts: Iterable[Contact]) -> list[Report]:
    # A report's key: its article's meta digest (which covers it) and its place there.
    return [Report(slug, n, f"{meta} {n}", contact) for n, contact in enumerate(contacts)]


def _merged(articles: ArticleList, metas: dict[str, str], dates: dict[str, dt.date | None],
            kept: KeptTimeline | None, load_groups: LoadGroups) -> TimelineMade:
    known = load_groups(None)
    held: dict[str, list[Report]] = defaultdict(list)
    for found in known.values():
        for report in found:
            held[report.slug].append(report)
    index = kept.articles if kept is not None else {}
    reports: list[Report] = []
    for number, slug in enumerate(articles.slugs):
        old, mine = index.get(slug), sorted(held.get(slug, ()), key=lambda r: r.place)
        if old is None or old[0] != metas[slug] or len(mine) != len(old[1]):
            mine = reports_of(slug, metas[slug], articles[number].contacts)  # new or changed: made
        reports += mine
    placed, groups = merge_timeline(reports, dates)
    return TimelineMade(placed, *_entry_keys(placed, groups, dates, metas),
                        _article_groups(articles.slugs, reports, metas), _cited_by(groups), Sharded(groups, known, ""))


def _patched(articles: ArticleList, metas: dict[str, str], dates: dict[str, dt.date | None],
             kept: KeptTimeline, load_groups: LoadGroups) -> TimelineMade | None:
    slugs, index = articles.slugs, kept.articles
    changed = [number for number, slug in enumerate(slugs) if index.get(slug, ("",))[0] != metas[slug]]
    gone = [slug for slug in index if slug not in metas]
    fresh = [report for number in changed
             for report in reports_of(slugs[number], metas[slugs[number]], articles[number].contacts)]
    dead = {*(slugs[number] for number in changed), *gone}
    touched = {group_of(r.contact) for r in fresh}
    for slug in dead:
        touched.update(index.get(slug, ("", ()))[1])
        touched.update(kept.cited_by.get(slug, ()))
    known = load_groups(touched)
    existing = {p.group for p in kept.placed}
    if any(group in existing and group not in known for group in touched):
        return None  # a group's reports were lost with the cache: merge everything
    position = {slug: number for number, slug in enumerate(slugs)}
    added = by_group(fresh)
    regrouped = {group: sorted([*(r for r in known.get(group, ()) if r.slug not in dead), *added.get(group, ())],
                               key=lambda r: (position[r.slug], r.place))
                 for group in touched}
    patched = patch_timeline(kept.placed, regrouped, dates)
    if patched is None:
        return None
    placed, new = patched
    # an entry's digests: a new one's made now, an untouched one's as kept
    keys = {id(p): pair for p, pair in zip(kept.placed, zip(kept.entry_digests, kept.entry_keys, strict=True),
                                           strict=True)}
    keys.update(zip(map(id, new), zip(*_entry_keys(new, regrouped, dates, metas), strict=True), strict=True))
    groups = {group: found for group, found in {**known, **regrouped}.items() if found}  # an empty group is gone
    article_groups = {slug: value for slug, value in index.items() if slug not in dead}
    article_groups.update(_article_groups([slugs[number] for number in changed], fresh, metas))
    cited_by = {slug: rest for slug, cited in kept.cited_by.items() if (rest := cited - touched)}
    for slug, cited in _cited_by(regrouped).items():
        cited_by[slug] = cited_by.get(slug, frozenset()) | cited
    return TimelineMade(placed, [keys[id(p)][0] for p in placed], [keys[id(p)][1] for p in placed],
                        article_groups, cited_by, Sharded(groups, known, ""))


def _entry_keys(placed: list[Placed], groups: dict[str, list[Report]], dates: dict[str, dt.date | None],
                metas: dict[str, str]) -> tuple[list[str], list[str]]:
    """Per entry, a digest of all it holds (of its group's reports: their keys and the dates of the
    articles they cite, which decide the group's merged contacts; its place among them; its id),
    and of all its contact view shows (shown_keys)."""
    signed = {group: digest(repr(signature(groups[group], dates))) for group in dict.fromkeys(p.group for p in placed)}
    digests = [digest(signed[p.group], str(p.place), p.entry.id) for p in placed]
    return digests, shown_keys([p.entry for p in placed], digests, metas)


def _article_groups(slugs: Iterable[str], reports: list[Report],
                    metas: dict[str, str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Per article of `slugs`: its meta digest and the group of each of its reports."""
    found: dict[str, list[str]] = {slug: [] for slug in slugs}
    for report in reports:
        found[report.slug].append(group_of(report.contact))
    return {slug: (metas[slug], tuple(groups)) for slug, groups in found.items()}


def _cited_by(groups: dict[str, list[Report]]) -> dict[str, frozenset[str]]:
    """Articles cited by reports of other articles, and the groups of those reports."""
    found: dict[str, set[str]] = defaultdict(set)
    for group, reports in groups.items():
        for report in reports:
            for source in report.contact.sources:
                if source.article != report.slug:
                    found[source.article].add(group)
    return {slug: frozenset(groups) for slug, groups in found.items()}


def shown_keys(timeline: list[TimelineEntry], entry_digests: list[str], metas: dict[str, str]) -> list[str]:
    """Per timeline entry, a digest of all its contact view shows: the entry, and what its sources
    show of the articles they cite (their meta digests)."""
    return [digest(entry_digest, *(metas.get(slug, "") for slug in
                                   dict.fromkeys([*entry.articles, *(s.article for s in entry.contact.sources)])))
            for entry, entry_digest in zip(timeline, entry_digests, strict=True)]


def page_contexts(slugs: list[str], metas: dict[str, str], timeline: list[TimelineEntry],
                  entry_keys: list[str]) -> list[str]:
    """Per article, a digest of what its page shows besides its own record: its neighbours' cards
    (their meta digests) and the timeline entries it reports (shown_keys). A function of the
    corpus meta digest, so kept with the timeline."""
    reported: dict[str, list[str]] = defaultdict(list)
    for entry, shown in zip(timeline, entry_keys, strict=True):
        for slug in entry.articles:
            reported[slug].append(shown)
    last = len(slugs) - 1
    return [digest(metas[slugs[i - 1]] if i > 0 else "", metas[slugs[i + 1]] if i < last else "",
                   *reported.get(slug, ()))
            for i, slug in enumerate(slugs)]


def anchor_all(entries: list[RecordEntry]) -> tuple[list[Article | Callable[[], Article]], list[str], list[str],
                                                    list[Problem]]:
    """Articles with their sources anchored (or how to make them: entries' `article`), their content
    and meta digests, and the citation problems.

    Records that quote only themselves were anchored when read; the few that quote other
    articles are anchored here, against the articles they cite, and their digests cover
    the anchors found (the cited article may have changed)."""
    by_slug = {e.slug: e for e in entries}
    articles: list[Article | Callable[[], Article]] = []
    digests: list[str] = []
    metas: list[str] = []
    problems: list[Problem] = []
    for entry in entries:
        if entry.anchored:
            articles.append(entry.article)
            digests.append(entry.digest)
            metas.append(entry.meta)
            continue
        article = entry.article()
        cited = dict.fromkeys(s.article for c in article.contacts for s in c.sources if s.article != article.slug)
        done, found = anchor_sources([article, *(by_slug[slug].article() for slug in cited if slug in by_slug)])
        articles.append(done[0])
        digests.append(cache.article_digest(entry.digest, done[0]))
        metas.append(cache.meta_digest(done[0], entry.lead))
        problems += [p for p in found if p.path == (article.path or article.slug)]
    return articles, digests, metas, problems


def drop_duplicates(entries: list[RecordEntry]) -> list[RecordEntry]:
    seen: set[str] = set()
    kept = []
    for entry in entries:
        if entry.slug not in seen:
            seen.add(entry.slug)
            kept.append(entry)
    return kept


# ---------------------------------------------------------------- other files


def static_files(folder: Path, prefix: str) -> dict[str, bytes]:
    if not folder or not folder.is_dir():
        return {}
    return {
        f"{prefix}/{path.relative_to(folder).as_posix()}": path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


def source_files(names: list[str | None], seeds: Path | None) -> dict[str, bytes]:
    """The seed texts the articles were ingested from (their `source_file`), as read."""
    files = {}
    for name in names:
        if seeds and name and (seeds / name).is_file():
            files[f"sources/{name}"] = (seeds / name).read_bytes()
    return files


def export_files(loaded: Loaded, config: SiteConfig, kept: dict[str, str]) -> tuple[dict[str, bytes], dict[str, str]]:
    """The exports but the sitemap, and their pieces by kind and content digest: a piece `kept` from
    the last build (same code and config) is reused, so a new article re-encodes one record, not 10,000."""
    from archive import exports  # here: most rebuilds reuse the exports and skip the import

    corpus = loaded.corpus
    base_url = config.base_url
    made: dict[str, str] = {}

    def pieces(kind: str, keys: list[str], make: Callable[[int], str]) -> list[str]:
        found = []
        for index, key in enumerate(keys):
            name = f"{kind} {key}"
            piece = made.get(name)
            if piece is None:
                piece = made[name] = kept[name] if name in kept else make(index)
            found.append(piece)
        return found

    metas = [loaded.metas[slug] for slug in corpus.slugs()]
    timeline = corpus.timeline
    files = {
        "data/articles.json": exports.json_document(
            "articles", pieces("article", metas, lambda i: exports.article_line(corpus.articles[i]))),
        "data/contacts.json": exports.json_document(
            "contacts", pieces("json", loaded.entry_digests, lambda i: exports.contact_line(timeline[i]))),
        "data/contacts.csv": exports.csv_document(
            pieces("csv", loaded.entry_digests, lambda i: exports.csv_rows(timeline[i]))),
        "contacts.ics": exports.ics_document(
            pieces("ics", loaded.entry_digests, lambda i: exports.ics_event(timeline[i], base_url))),
        "feed.xml": exports.atom_feed(corpus.refs(), loaded.leads, config.title, base_url),
        "robots.txt": exports.robots(base_url),
    }
    return files, made


def sitemap_files(config: SiteConfig, pages: list[str]) -> dict[str, bytes]:
    """The sitemap, when the site has a base URL: made apart from the other exports, which need
    only the corpus, once the pages are planned."""
    if not config.base_url:
        return {}
    from archive import exports

    return {"sitemap.xml": exports.sitemap([p for p in pages if p.endswith(".html") and p != "404.html"],
                                           config.base_url)}


# ---------------------------------------------------------------- pages, in workers


@dataclass
class PageJob:
    """What a page worker needs; set before the workers fork, so they share it."""

    renderer: Renderer
    others: list[PagePlan]  # every page but the articles, one per path
    fingerprint: cache.Fingerprint
    templates: dict[str, str]  # template name → digest of it and what it uses
    base: str  # code version and site config
    known: dict[str, tuple[str, str]]  # path → (key, digest) from the last build
    previous: dict[str, str]  # the output's manifest
    staging: Path
    article_keys: list[str]  # an article page's key: its record and context (page_contexts) under one base
    made: set[str] = field(default_factory=set)

    def key(self, plan: PagePlan, spec: PageSpec | None) -> str:
        """A list page's key: what it shows (`plan.shows`) or, when that is not known, its context walked."""
        template = self.templates.get(plan.template, "missing")
        if plan.shows is not None:
            return digest(self.base, template, plan.path, plan.shows)
        assert spec is not None
        return self.fingerprint.key(self.base, template, spec.path, spec.context, spec.body is not None)


_JOB: PageJob | None = None


def render_page(index: int) -> tuple[str, str, str, bool, bool]:
    """(path, key, digest, written, rendered) for one page, articles' first then the list pages':
    rendered only when its key changed; a list page whose key is known beforehand is not even made."""
    job = _JOB
    assert job is not None
    count = len(job.article_keys)
    spec: PageSpec | None
    if index < count:
        spec, key = job.renderer.article_page(index), job.article_keys[index]
        path = spec.path
    else:
        plan = job.others[index - count]
        spec = None if plan.shows is not None else plan.make()
        path, key = plan.path, job.key(plan, spec)
    known = job.known.get(path)
    if known is not None and known[0] == key and job.previous.get(path) == known[1]:
        return path, key, known[1], False, False
    spec = spec if spec is not None else plan.make()
    digest, written = stage_file(job.staging, path, job.renderer.render(spec), job.previous.get(path), job.made)
    return path, key, digest, written, True


def run_workers(job: PageJob, articles: list[int], list_pages: Callable[[], list[PagePlan]],
                meanwhile: Callable[[], T], then: Callable[[], None] = lambda: None) -> tuple[list[Any], T]:
    """Render the article pages `articles` and the list pages, running `meanwhile` once the list
    pages are planned, and `then` once this process has rendered its pages (while the workers
    may still render: in a cold build, it would wait for them otherwise).

    Article pages go to forked workers (or are rendered here, when few). The workers fork first:
    they need none of the list pages, so this process plans them (`list_pages`, ~0.2 s at
    10,000 articles) while the workers already render, then renders those that changed and runs
    `meanwhile`. When the pages are few, `meanwhile` runs once they are rendered.
    A list page is mostly article cards and contacts rendered once and shared (Renderer.once):
    in one process, each is rendered once."""
    global _JOB
    _JOB = job
    try:
        count = len(job.renderer.corpus.articles)
        if WORKERS < 2 or len(articles) < PARALLEL_FROM:
            job.others = list_pages()
            rendered = [render_page(i) for i in [*articles, *range(count, count + len(job.others))]]
            then()
            return rendered, meanwhile()
        chunks = [articles[start:start + CHUNK] for start in range(0, len(articles), CHUNK)]
        job.renderer.prepare_article_pages(articles)
        with forking_pool(WORKERS, PAGE_WORKERS_NICE) as pool:
            rendering = pool.map_async(_Chunked(render_page), chunks, chunksize=1)
            job.others = list_pages()  # this process's own copy of the job: the workers forked without them
            listed = [render_page(i) for i in range(count, count + len(job.others))]
            other = meanwhile()
            then()
            rendered = [r for chunk in rendering.get() for r in chunk] + listed
        return sorted(rendered, key=lambda r: r[0]), other
    finally:
        _JOB = None


# ---------------------------------------------------------------- the search index, beside the pages


@dataclass
class SearchJob:
    corpus: Corpus
    staging: Path
    previous: dict[str, str]
    keys: list[str] | None = None  # each article's content digest: its search document's cache key
    store: Store | None = None  # where the per-document search state is kept


class SearchRest(NamedTuple):
    """What the search index needs that a build knows only once the timeline is merged."""

    timeline: list[TimelineEntry]
    staging: Path
    previous: dict[str, str]


def exports_aside(articles: int, to_render: int) -> bool:
    """Whether the exports are made in a process of their own, started before the pages are
    planned: in a rebuild of a large corpus (they need only the corpus, and take ~0.3 s at 10,000
    articles, which the other core can take while this process plans and renders the few pages).
    A build that renders many article pages makes them here while its workers render those."""
    return WORKERS >= 2 and articles >= PARALLEL_FROM and to_render < PARALLEL_FROM


def search_early(loaded: Loaded, store: Store, fresh: int) -> Awaiting[list[tuple[str, str, bool]]] | None:
    """The search index started before the timeline is merged, when many records were read: its
    articles' documents (most of its work) are made while this process merges the timeline, which
    leaves the other core idle otherwise (~0.45 s of a cold build at 10,000 articles). It goes on
    once render_site posts the SearchRest."""
    corpus, keys = loaded.corpus, loaded.digests
    if WORKERS < 2 or fresh < PARALLEL_FROM or len(corpus.articles) < PARALLEL_FROM:
        return None
    return Awaiting(functools.partial(search_ahead, corpus, keys, store))


def search_ahead(corpus: Corpus, keys: list[str], store: Store,
                 receive: Callable[[], SearchRest]) -> list[tuple[str, str, bool]]:
    ahead = search.articles_ahead(corpus.articles, keys, store)
    rest = receive()
    whole = dataclasses.replace(corpus, timeline=rest.timeline)
    return build_search(SearchJob(whole, rest.staging, rest.previous, keys, store), ahead)


def build_search(job: SearchJob, ahead: search.Ahead | None = None) -> list[tuple[str, str, bool]]:
    """The search index into the staging folder: (path, digest, written) per file."""
    # The store is read by the part, as the index needs it: an edit reads the head and a few parts.
    files, state = search.update_index(job.corpus, job.keys, job.store, job.previous, ahead=ahead)
    staged = stage_files(job.staging, files, job.previous)
    if job.store is not None:
        # Keyed by content, and a doc file counts as held only if the output's manifest agrees:
        # safe to save now, whether or not this build commits.
        state.save(job.store, {path: digest for path, digest, _ in staged})
    return staged


# ---------------------------------------------------------------- the build


def build(inputs: Inputs, config: SiteConfig, keep_going: bool = False,
          progress: Progress | None = None, use_cache: bool = True, checked: Freshness | None = None) -> BuildResult:
    """The whole build, with the cyclic garbage collector paused: a build makes ~10⁶ long-lived
    objects (records, the cache it loads), and every few thousand of them a collection would
    walk them all again; unpickling the record cache alone took 4× longer with it on. What a
    build leaves behind is freed by reference counting; the collector resumes afterwards.
    `checked`: the inputs as archive.store.check_inputs found them just before, if it was asked."""
    _LAST_BUILD.clear()
    paused = gc.isenabled()
    gc.disable()
    try:
        return build_once(inputs, config, keep_going, progress, use_cache, checked)
    finally:
        if paused:
            gc.enable()


def build_once(inputs: Inputs, config: SiteConfig, keep_going: bool, progress: Progress | None,
               use_cache: bool, checked: Freshness | None) -> BuildResult:
    progress = progress or Silent()
    store = Store(cache_folder(inputs.output), read=use_cache)
    if checked is None or not use_cache:
        checked = check_inputs(inputs, config, keep_going, store)
    if checked.result is not None:
        return checked.result
    stamp, records = checked.stamp, checked.records  # one listing for the stamp and for reading the records
    progress.step("reading records", 0, 4)
    known: dict[str, RecordEntry] = store.load_shards(RECORDS)
    base = site_base(config, inputs)
    entries = load_entries(inputs.articles, known, records)
    # A cold build pickles every record's entry for the cache (~0.13 s at 10,000): in a process of
    # its own, overlapping the rest. Safe before the commit: the entries are checked against the
    # record files' stamps and digests, whatever becomes of this build.
    fresh = sum(known.get(path) is not entry for path, entry in entries.items())
    saving = Forked(functools.partial(store.save_shards, RECORDS, entries, known),
                    WORKERS >= 2 and fresh >= PARALLEL_FROM, RECORD_SAVER_NICE)
    searching: Awaiting[list[tuple[str, str, bool]]] | None = None
    staging: Staging | None = None
    try:
        loaded = load_corpus(inputs, keep_going, entries, base)
        searching = search_early(loaded, store, fresh)
        loaded = add_timeline(loaded, store.load(TIMELINE), functools.partial(store.load_shards, GROUPS, ""))
        progress.step("rendering pages", 1, 4)
        staging = Staging(inputs.output, verify=not use_cache)
        pages, rendered = render_site(loaded, config, inputs, staging, store, base, searching)
        progress.step("writing files", 3, 4)
        report = staging.commit()
    except BaseException:
        if staging is not None:
            staging.abort()
        saving.close()
        if searching is not None:
            searching.close()
        raise
    saving.result()
    _LAST_BUILD.extend((known, entries, loaded))
    result = BuildResult(loaded.problems, pages, report, rendered)
    record_build(store, stamp, inputs.output, result, len(staging.manifest))
    progress.finish()
    return result


def loaded_entries(loaded: Loaded) -> dict[str, Any]:
    """The cache entries of the corpus: its timeline and the reports of the groups it merged,
    unless the timeline was reused."""
    if loaded.kept is None or loaded.groups is None:
        return {}
    return {TIMELINE: loaded.kept, GROUPS: loaded.groups}


def save_entries(store: Store, entries: dict[str, Any]) -> None:
    for name, value in entries.items():
        if isinstance(value, Sharded):
            store.save_shards(name, value.entries, value.loaded, value.version)
        else:
            store.save(name, value)


def templates_cache(store: Store) -> Path | None:
    """Where compiled templates are kept; none when the store is not writable."""
    folder = store.folder / "jinja"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def site_base(config: SiteConfig, inputs: Inputs) -> str:
    """What every page depends on besides the records: the code, the site config and the data files."""
    folders = dict.fromkeys((DATA_DIR, inputs.data))
    data = [path.read_bytes() for folder in folders for path in sorted(folder.glob("*.yaml"))]
    return digest(code_version(), repr(config), *data)


def held_files(known: object, key: str, previous: dict[str, str]) -> dict[str, str] | None:
    """A cache entry's files ({"key", "files"}) when built under `key` and all still in the output."""
    if not isinstance(known, dict) or known.get("key") != key:
        return None
    files: dict[str, str] = known["files"]
    return files if all(previous.get(path) == digest for path, digest in files.items()) else None


def unchanged_articles(paths: list[str], keys: list[str], known_pages: dict[str, tuple[str, str]],
                       previous: dict[str, str]) -> tuple[list[Any], list[int]]:
    """Article pages as (held results, indices to render): a page is held when its key is unchanged
    and the output has its file; a held page is not even made into a PageSpec."""
    held, todo = [], []
    for index, (path, key) in enumerate(zip(paths, keys, strict=True)):
        known = known_pages.get(path)
        if known is not None and known[0] == key and previous.get(path) == known[1]:
            held.append((path, key, known[1], False, False))
        else:
            todo.append(index)
    return held, todo


def render_site(loaded: Loaded, config: SiteConfig, inputs: Inputs, staging: Staging, store: Store,
                base: str, early: Awaiting[list[tuple[str, str, bool]]] | None = None) -> tuple[int, int]:
    """Every file of the site into the staging folder, and the cache entries that say what it made
    into the store: the page count and the pages rendered. `early`: the search index, started
    already (search_early); it is stopped if the output holds the index.

    Two shortcuts spare a rebuild the dependency keys of pages that cannot have changed:
    when `loaded.meta` (everything but the bodies) and the templates are as last time, every
    page but the articles' and every export is as last time ("rest"); and an article page whose
    record and context (page_contexts) are unchanged is unchanged."""
    corpus = loaded.corpus
    digests = loaded.digests
    slugs = corpus.slugs()
    corpus_key = digest(loaded.meta, *digests)
    search_held = held_files(store.load("search"), corpus_key, staging.previous)
    searching: Forked[list[tuple[str, str, bool]]] | None = None
    if early is not None and search_held is None:
        early.post(SearchRest(corpus.timeline, staging.staging, staging.previous))
        searching = early
    elif early is not None:
        early.close()
    elif search_held is None:  # in a process of its own, started now, while this one prepares the pages
        searching = Forked(
            functools.partial(build_search, SearchJob(corpus, staging.staging, staging.previous, digests, store)),
            WORKERS >= 2 and len(corpus.articles) >= PARALLEL_FROM)
    exporting: Forked[list[tuple[str, str, bool]]] | None = None
    try:
        templates = cache.template_digests(inputs.templates, store)
        rest_key = digest(loaded.meta, repr(sorted(templates.items())))
        rest_held = held_files(store.load("rest"), rest_key, staging.previous)

        def exports_staged() -> list[tuple[str, str, bool]]:
            """The exports staged with their pieces saved: (path, digest, written) per file. By any
            process: what it saves is keyed by content, what it stages is named by path."""
            kept = store.load_shards(EXPORTS, base)
            exported, pieces = export_files(loaded, config, kept)
            store.save_shards(EXPORTS, pieces, kept, base)
            return stage_files(staging.staging, exported, staging.previous)

        sources = source_files(loaded.source_files, inputs.seeds)
        copied = frozenset(path.removeprefix("sources/") for path in sources)
        known_pages = store.load("pages")
        known_pages = known_pages if isinstance(known_pages, dict) else {}
        # An article page shows its record and its context, through its templates: equal keys, equal pages.
        article_base = digest(base, templates.get("article.html", "missing"))
        # Whether its seed text is in the build decides its "original text" link.
        article_keys = [digest(article_base, record, context, str(has_source(name, copied)))
                        for record, context, name in zip(digests, loaded.contexts, loaded.source_files, strict=True)]
        article_paths = [views.article_url(slug) for slug in slugs]
        held, todo = unchanged_articles(article_paths, article_keys, known_pages, staging.previous)
        if rest_held is None and exports_aside(len(corpus.articles), len(todo)):
            exporting = Forked(exports_staged, True, EXPORTS_NICE)

        env = make_environment(inputs.templates, templates_cache(store), store.read)
        entry_keys = {entry.id: key for entry, key in zip(corpus.timeline, loaded.entry_keys, strict=True)}
        renderer = Renderer(corpus, config, env, loaded.leads, loaded.metas, entry_keys, load_layout(inputs.data),
                            copied)
        fingerprint = cache.Fingerprint(dict(zip(slugs, digests, strict=True)))
        job = PageJob(renderer, [], fingerprint, templates, base, known_pages, staging.previous, staging.staging,
                      article_keys)
        fragments_key = digest(base, templates.get("_macros.html", "missing"))

        if rest_held is None:  # the list pages will be made: their fragments are kept for the next build
            renderer.fragment_key = fingerprint.shared
            renderer.kept = store.load_shards(FRAGMENTS, fragments_key)

        def list_pages() -> list[PagePlan]:
            """Every page but the articles', unless all are held ("rest"); one per path."""
            return [] if rest_held is not None else renderer.page_plans()

        def exports_and_sitemap() -> list[tuple[str, str, bool]]:
            """The exports, and the corpus's cache entries saved: by this process while a rebuild's
            exports process finishes (saving the timeline takes ~0.1 s at 10,000 articles)."""
            save_entries(store, loaded_entries(loaded))
            if rest_held is not None:  # the exports and the sitemap are held with the rest
                return []
            exported = exporting.result() if exporting is not None else exports_staged()
            sitemap = sitemap_files(config, article_paths + [plan.path for plan in job.others])
            return exported + stage_files(staging.staging, sitemap, staging.previous)

        def save_fragments() -> None:
            """The list pages' fragments, final once this process has rendered its pages: keyed by
            content, so saving them before the commit is safe whatever becomes of this build."""
            if job.others:
                store.save_shards(FRAGMENTS, kept_fragments(renderer, len(slugs) + len(corpus.timeline)),
                                  renderer.kept, fragments_key)

        rendered, exported = run_workers(job, todo, list_pages, exports_and_sitemap, then=save_fragments)
        files = {**static_files(inputs.static, "static"), **sources}
        others = job.others
        rendered += held
        if rest_held is not None:
            for path, file_digest in rest_held.items():
                staging.record(path, file_digest, False)
                if path in known_pages:
                    rendered.append((path, *known_pages[path][:2], False, False))
        pages: dict[str, tuple[str, str]] = {}
        for path, key, file_digest, written, _ in rendered:
            staging.record(path, file_digest, written)
            pages[path] = (key, file_digest)
        for path, file_digest, written in exported:
            staging.record(path, file_digest, written)
        for path, data in files.items():
            staging.put(path, data)
        rest_files = rest_held if rest_held is not None else {
            path: staging.manifest[path] for path in [*(plan.path for plan in others), *(e[0] for e in exported)]}
        # Checked against the output's manifest when read: safe to save before the commit, too.
        save_entries(store, {"pages": pages, "rest": {"key": rest_key, "files": rest_files}})
        searched = searching.result() if searching is not None else None
    finally:
        for helper in (searching, exporting):
            if helper is not None:
                helper.close()
    search_files = search_held if search_held is not None else {}
    for path, file_digest, written in searched or [(p, d, False) for p, d in search_files.items()]:
        staging.record(path, file_digest, written)
        search_files[path] = file_digest
    store.save("search", {"key": corpus_key, "files": search_files})
    html_pages = sum(1 for p in pages if p.endswith(".html"))
    _LAST_BUILD.extend((job, known_pages, pages, rendered))
    return html_pages, sum(r[4] for r in rendered)


def kept_fragments(renderer: Renderer, shown: int) -> dict[str, str]:
    """This build's fragments, and the last build's that list pages it did not render used, unless
    they outnumber what `shown` cards and contacts can use (then they are mostly stale)."""
    kept = renderer.kept if len(renderer.kept) <= 3 * shown + 1000 else {}
    return {**kept, **renderer.made}
