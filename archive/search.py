"""Search: the corpus → a full-text index split into small script files.

Why script files: browsers refuse fetch()/XHR under file://, but a `<script src>` from the
site's own folder loads both from disk and over HTTP. So every index file is a line of
JavaScript that hands its data to a registration function in static/search.js:

    search/meta.js          ArchiveSearch.meta({...})       doc count, shard keys, stopwords
    search/terms/<key>.js   ArchiveSearch.shard("<key>", {term: [df, ids, weights], ...})
    search/docs/<id>.js     ArchiveSearch.doc(<id>, {...})  title, URL, meta line, text blocks

Why sharded: a whole-index library (MiniSearch, lunr) loads the entire index, many MB at
10,000 articles; a query here loads only meta.js, the shard of each query term and the
documents of the results it shows (≤ 300 KB at 10,000 articles; tests/search_size.py).

Shards are the leaves of a trie over term prefixes: a prefix whose terms exceed
SHARD_BYTES is split by its next character, so shards stay small however the corpus grows,
and prefix search (the word being typed) stays inside one or two shards.

Postings: a term in more than POSTINGS_CAP documents keeps only its POSTINGS_CAP best
(highest weight, then newest); `df` records the true count, so the browser knows the list is
cut and does not treat a missing document as "term absent" (see static/search.js `rank`).

static/search.js holds the same tokeniser; tests/test_search.py checks that they agree.

Incremental: `update_index` takes the state a previous build saved (archive/build.py keeps it
in the cache) and re-tokenises only documents whose content changed, re-encodes only terms
whose postings changed, and skips doc files the output already holds; the bytes are always
those of a cold build (tests/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import json
import operator
import re
import unicodedata
from array import array
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from pathlib import Path

from archive import views
from archive.blocks import article_blocks
from archive.data import DATA_DIR, load_yaml
from archive.model import Article, Corpus, Person, TimelineEntry

FORMAT = 1
POSTINGS_CAP = 2000  # documents kept per term; ~8 KB for a term found everywhere
SHARD_BYTES = 16_000  # a trie node bigger than this is split by the next character
MAX_DEPTH = 12  # prefixes are never longer: a node this deep stays whole
DOC_TEXT_CHARS = 9_000  # text kept per document for snippets; bounds a doc file (~10 KB)
WEIGHT_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-."
TF_MAX, IN_TITLE, IN_NAMES = 15, 16, 32  # a posting's weight: tf (≤ 15) | field bits
ID_BITS = 20  # postings are built as (weight << ID_BITS) | doc id: one int, sortable by weight
ID_MASK = (1 << ID_BITS) - 1
LT = "\\u003c"  # "<" inside JSON strings

# ---------------------------------------------------------------- tokeniser (mirrored in search.js)

_MARKS = re.compile("[\u0300-\u036f]")
_WORD = re.compile("(?:[^\\W_]|')+")  # letters, digits, apostrophes: JS /[\p{L}\p{N}']+/gu
# Common non-ASCII punctuation, replaced first so that most texts take the ASCII path;
# curly apostrophes become "'", the rest separate words in either path.
_WIDE = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", " "), ("\u201d", " "), ("\u2014", " "),
         ("\u2013", " "), ("\xa0", " "))
_SEPARATORS = str.maketrans({c: " " for c in map(chr, range(128)) if not (c.isalnum() or c == "'")})


@lru_cache(maxsize=1)
def stopwords(data_dir: Path = DATA_DIR) -> frozenset[str]:
    return frozenset(str(load_yaml(data_dir / "search.yaml")["stopwords"]).split())


def words(text: str) -> list[str]:
    """Lowercase words without accents, apostrophes kept: "Xi's Café-talks" → [xi's, cafe, talks].

    ASCII text (the usual case) is split by str.translate + str.split, 2-3x faster than a
    regex; both paths give the same words."""
    for wide, narrow in _WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    if text.isascii():
        return text.lower().translate(_SEPARATORS).split()
    return _WORD.findall(_MARKS.sub("", unicodedata.normalize("NFKD", text)).lower())


def stem(word: str) -> str:
    """Light plural folding, so "talks" finds "talk": -ies → -y, -ches/-shes/… → -ch, -s → ."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def term_of(word: str, stop: frozenset[str]) -> str:
    """The index term for one word, or "" for a stopword or a lone letter: "china's" → "china"."""
    if "'" in word:
        word = word.strip("'").removesuffix("'s").replace("'", "")
    if len(word) < 2 and not (len(word) == 1 and "0" <= word <= "9"):
        return ""
    if word in stop:
        return ""
    term = stem(word)
    return "" if term in stop else term


def tokenize(text: str, stop: frozenset[str] | None = None) -> list[str]:
    stop = stopwords() if stop is None else stop
    return [t for t in (term_of(w, stop) for w in words(text)) if t]


class Terms:
    """Counts a document's terms with C loops only: Counter over the words, then a fix-up of
    the few words whose term differs (stopwords, plurals, "xi's"). A Python step per word
    would cost seconds: 10,000 articles hold ~10⁷ words but ~10⁵ distinct ones."""

    def __init__(self, stop: frozenset[str]) -> None:
        self.stop = stop
        self.table: dict[str, str] = {}  # word → term; the word itself (same object) if unchanged

    def counts(self, text: str) -> Counter[str]:
        counts = Counter(words(text))
        table = self.table
        # Words whose term is not the very same string: unseen, stopwords, plurals (C loops).
        odd = list(compress(counts, map(operator.is_not, map(table.get, counts), counts)))
        moved = []
        for word in odd:
            term = table.get(word)
            if term is None:
                term = term_of(word, self.stop)
                table[word] = word if term == word else term
                if term == word:
                    continue
            moved.append((term, counts.pop(word)))
        for term, n in moved:  # after all pops: a term is never moved twice
            if term:
                counts[term] += n
        return counts


# ---------------------------------------------------------------- documents


@dataclass(frozen=True)
class SearchDoc:
    """One search result: an article, a timeline contact or a person."""

    kind: str  # "article", "contact", "person"
    title: str
    url: str  # relative to the site root
    meta: str  # the grey line under the title
    names: str  # people named: matches here rank higher
    blocks: tuple[tuple[str, str], ...]  # (anchor or "", plain text): searched and shown as snippets
    extra: str = ""  # searched but not shown: outlet, topics, author


_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def plain(markdown: str) -> str:
    """Markdown as the reader sees the words: link text kept, URLs and emphasis marks dropped.

    Anything else stays as written, "<script>" included: it is data, shown with textContent.
    Line breaks stay too (HTML folds them); `in` tests skip the work for most paragraphs."""
    text = _LINK.sub(r"\1", markdown) if "](" in markdown else markdown
    for mark in "*_`":
        if mark in text:
            text = text.replace(mark, "")
    return text.strip()


def capped(blocks: Iterable[tuple[str, str]], limit: int = DOC_TEXT_CHARS) -> tuple[tuple[str, str], ...]:
    """Blocks until `limit` characters: bounds a doc file for very long articles."""
    kept, used = [], 0
    for anchor, text in blocks:
        if used >= limit:
            break
        kept.append((anchor, text[: limit - used]))
        used += len(text)
    return tuple(kept)


def article_doc(article: Article) -> SearchDoc:
    meta = " · ".join(x for x in (article.outlet, views.display_day(article.date) if article.date else None)
                      if x)
    blocks = ((b.anchor, plain(b.text)) for b in article_blocks(article))
    return SearchDoc(
        kind="article", title=article.title, url=views.article_url(article.slug), meta=meta or "Article",
        names=" ".join(article.people),
        blocks=capped(b for b in blocks if b[1]),
        extra=" ".join(x for x in (article.outlet, article.author, article.dateline, *article.topics) if x),
    )


def contact_doc(entry: TimelineEntry) -> SearchDoc:
    contact = entry.contact
    sides = [[p.name for p in contact.participants if p.side == side] for side in ("CN", "US")]
    people = "; ".join(f"{p.name} ({p.role})" if p.role else p.name for p in contact.participants)
    when = views.display_span(contact.date, contact.end_date)
    meta = " · ".join(x for x in ("Contact", when, views.MODE_LABELS.get(contact.mode), contact.place) if x)
    return SearchDoc(
        kind="contact", title=" – ".join(", ".join(names) for names in sides if names) or "Contact",
        url=views.timeline_url(contact.id), meta=meta,
        names=" ".join(p.name for p in contact.participants),
        blocks=tuple(("", text) for text in (contact.summary, people) if text),
        extra=" ".join(x for x in (contact.place, contact.mode, contact.status) if x),
    )


def person_doc(person: Person) -> SearchDoc:
    roles = "; ".join(r.title + (f" (from {r.start})" if r.start else "") for r in person.roles)
    side = views.SIDE_LABELS.get(person.side, views.SIDE_LABELS["other"])
    return SearchDoc(
        kind="person", title=person.name, url=views.person_url(person.name), meta=f"Person · {side}",
        names=" ".join((person.name, *person.aliases)),
        blocks=tuple(("", text) for text in (person.description or "", roles) if text),
    )


def search_docs(corpus: Corpus) -> list[SearchDoc]:
    """Articles in corpus order, then contacts, then people by page slug: a doc's id is its place."""
    people = views.people_index(corpus.people, corpus.articles, corpus.timeline)
    return ([article_doc(a) for a in corpus.articles]
            + [contact_doc(e) for e in corpus.timeline]
            + [person_doc(people[slug]) for slug in sorted(people)])


# ---------------------------------------------------------------- inverted index

# While building, a posting is one int: (weight byte << ID_BITS) | doc id, so a C sort
# orders postings by weight. Weight byte: tf (≤ 63) | 64 if in the title | 128 if in names.
TITLE_BIT, NAMES_BIT, TF_BITS = 64, 128, 63


def doc_weights(doc: SearchDoc, terms: Terms) -> Counter[str]:
    """term → weight byte for one document."""
    weights = terms.counts(" ".join([doc.extra, *(text for _, text in doc.blocks)]))
    if weights and max(weights.values()) > TF_BITS:  # rare: clamp before the flag bits
        for term in [t for t, n in weights.items() if n > TF_BITS]:
            weights[term] = TF_BITS
    for term in terms.counts(doc.title):
        weights[term] |= TITLE_BIT
    for term in terms.counts(doc.names):
        weights[term] |= NAMES_BIT
    return weights


# weight byte → the character the browser reads: tf (≤ 15) | 16 title | 32 names
_WEIGHT_CHARS = bytes.maketrans(bytes(range(256)), bytes(
    ord(WEIGHT_ALPHABET[min(b & TF_BITS, TF_MAX) | (IN_TITLE if b & TITLE_BIT else 0)
                        | (IN_NAMES if b & NAMES_BIT else 0)]) for b in range(256)))

_WEIGHT_CHAR = [chr(c) for c in bytes(range(256)).translate(_WEIGHT_CHARS)]


def encode(postings: list[int], cap: int = POSTINGS_CAP) -> list[int | str]:
    """[df, doc ids as hex deltas joined by ",", one weight character per doc].

    Kept postings: all, or the `cap` best by weight (ties: the later, i.e. newer, doc)."""
    if len(postings) == 1:  # most terms: one article's name or typo
        return [1, format(postings[0] & ID_MASK, "x"), _WEIGHT_CHAR[postings[0] >> ID_BITS]]
    kept = postings if len(postings) <= cap else sorted(sorted(postings, reverse=True)[:cap], key=ID_MASK.__and__)
    ids = list(map(ID_MASK.__and__, kept))  # map over int methods: C loops, no Python per posting
    deltas = map(operator.sub, ids, [0, *ids[:-1]])
    weights = bytes(map(ID_BITS.__rrshift__, kept)).translate(_WEIGHT_CHARS).decode()
    return [len(postings), ",".join(map(hex, deltas)).replace("0x", ""), weights]


# ---------------------------------------------------------------- shards

_UNSAFE = re.compile("[^a-z0-9]")


def shard_key(term: str, depth: int) -> str:
    """The term's trie node at `depth`: [a-z0-9] kept, any other character "-", "_" after the end."""
    return _UNSAFE.sub("-", term[:depth]).ljust(depth, "_")


def split(sizes: dict[str, int], depth: int = 1) -> dict[str, list[str]]:
    """Trie leaves → their terms; a node over SHARD_BYTES splits by the next character."""
    nodes: defaultdict[str, list[str]] = defaultdict(list)
    for term in sizes:
        nodes[shard_key(term, depth)].append(term)
    leaves: dict[str, list[str]] = {}
    for key, terms in nodes.items():
        splittable = depth < MAX_DEPTH and not key.endswith("_") and len(terms) > 1
        if splittable and sum(map(sizes.__getitem__, terms)) > SHARD_BYTES:
            leaves.update(split({t: sizes[t] for t in terms}, depth + 1))
        else:
            leaves[key] = terms
    return leaves


# ---------------------------------------------------------------- script files


def script(call: str, *args: object) -> bytes:
    """`ArchiveSearch.<call>(<json>, …);` — JSON escaped so text can never end the script.

    ASCII-only output escapes U+2028/U+2029 (line breaks to old JS parsers); "<" becomes
    \\u003c so "</script>" or "<!--" in an article cannot matter even if inlined one day."""
    body = ",".join(json.dumps(a, ensure_ascii=True, sort_keys=True, separators=(",", ":")) for a in args)
    return f"ArchiveSearch.{call}({body.replace('<', LT)});\n".encode("ascii")


def doc_record(doc: SearchDoc) -> dict[str, object]:
    return {"b": [list(block) for block in doc.blocks], "k": doc.kind, "m": doc.meta, "t": doc.title,
            "u": doc.url}


def index_files(corpus: Corpus, data_dir: Path = DATA_DIR) -> dict[str, bytes]:
    """Every file of the search index, by path under the site root."""
    files, _ = update_index(corpus, None, None, {}, data_dir)
    return files  # type: ignore[return-value]  # nothing known: every file is bytes


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def update_index(corpus: Corpus, article_keys: list[str] | None, known: object, previous: dict[str, str],
                 data_dir: Path = DATA_DIR) -> tuple[dict[str, bytes | str], dict[str, object]]:
    """The search index, reusing what a previous build cached; the same bytes as a cold build.

    `article_keys`: a content digest per article of the corpus (None: none known). `known`: the
    state a previous call returned (anything else is ignored). `previous`: the output's
    manifest, path → digest. Returns (path → bytes, or the digest of a file the output holds
    already and that need not be made again; the new state). The state keeps, per document
    (by a digest of its content), its terms and weight bytes, so unchanged documents are not
    tokenised again; and per doc file, the document and digest it holds, so an unchanged doc
    file is not even encoded. The caller fills in the digests of the "paths" entry."""
    stop = stopwords(data_dir)
    stop_key = _key(" ".join(sorted(stop)))
    state = known if isinstance(known, dict) and known.get("format") == FORMAT and known.get("stop") == stop_key \
        else {}
    known_docs: dict[str, tuple[tuple[str, ...], bytes]] = state.get("docs", {})  # type: ignore[assignment]
    known_paths: dict[str, tuple[str, str]] = state.get("paths", {})  # type: ignore[assignment]
    # (key, the document or None: made only if needed, from the article or the n-th of the tail)
    listed: list[tuple[str, SearchDoc | None, Article | int]] = []
    for n, article in enumerate(corpus.articles):
        if article_keys is None:
            doc = article_doc(article)
            listed.append((_key(repr(doc)), doc, article))
        else:
            listed.append(("a" + article_keys[n], None, article))
    # The contacts and people: a function of the timeline, the people data and who the
    # articles name; when those are unchanged, their keys are known and no document is made.
    tail_key = _key("\x00".join((repr(corpus.timeline), repr(corpus.people),
                                 repr([a.people for a in corpus.articles]))))
    held_tail = state.get("tail")
    tail: list[SearchDoc] = []
    made: list[bool] = []

    def tail_docs() -> list[SearchDoc]:
        if not made:
            people = views.people_index(corpus.people, corpus.articles, corpus.timeline)
            tail.extend([*(contact_doc(e) for e in corpus.timeline), *(person_doc(people[s]) for s in sorted(people))])
            made.append(True)
        return tail

    if article_keys is not None and isinstance(held_tail, tuple) and held_tail[0] == tail_key:
        tail_keys: list[str] = held_tail[1]
    else:
        tail_keys = [_key(repr(doc)) for doc in tail_docs()]
    listed.extend((key, None, n) for n, key in enumerate(tail_keys))

    def made_doc(source: Article | int) -> SearchDoc:
        return tail_docs()[source] if isinstance(source, int) else article_doc(source)

    terms = Terms(stop)
    postings: defaultdict[str, list[int]] = defaultdict(list)
    docs: dict[str, tuple[tuple[str, ...], bytes]] = {}
    files: dict[str, bytes | str] = {}
    paths: dict[str, str] = {}
    for doc_id, (key, doc, source) in enumerate(listed):
        got = known_docs.get(key)
        if got is None:
            doc = doc if doc is not None else made_doc(source)
            weights = doc_weights(doc, terms)
            got = (tuple(weights), bytes(weights.values()))
        docs[key] = got
        values = map(operator.or_, map(operator.lshift, got[1], repeat(ID_BITS)), repeat(doc_id))
        deque(map(list.append, map(postings.__getitem__, got[0]), values), maxlen=0)
        path = f"search/docs/{doc_id}.js"
        paths[path] = key
        held = known_paths.get(path)
        if held is not None and held[0] == key and previous.get(path) == held[1]:
            files[path] = held[1]
        else:
            doc = doc if doc is not None else made_doc(source)
            files[path] = script("doc", doc_id, doc_record(doc))

    # A term whose postings are unchanged keeps its encoded entry (by a digest of the postings:
    # a C pass over them, several times cheaper than encoding).
    known_entries: dict[str, tuple[bytes, list[int | str]]] = state.get("entries", {})  # type: ignore[assignment]
    coded: dict[str, tuple[bytes, list[int | str]]] = {}
    for term, plist in postings.items():
        mark = hashlib.blake2b(array("Q", plist).tobytes(), digest_size=16).digest()
        held_entry = known_entries.get(term)
        coded[term] = held_entry if held_entry is not None and held_entry[0] == mark \
            else (mark, encode(plist, POSTINGS_CAP))
    entries = {term: entry for term, (_, entry) in coded.items()}
    sizes = {term: len(term) + len(e[1]) + len(e[2]) + 16 for term, e in entries.items()}  # type: ignore[arg-type]
    leaves = split(sizes)
    files.update({f"search/terms/{key}.js": script("shard", key, {t: entries[t] for t in terms})
                  for key, terms in sorted(leaves.items())})
    files["search/meta.js"] = script("meta", {
        "cap": POSTINGS_CAP, "depth": MAX_DEPTH, "docs": len(listed), "format": FORMAT,
        "people": len(corpus.articles) + len(corpus.timeline),  # the first person: people come last
        "shards": sorted(leaves), "stop": sorted(stop),
    })
    return files, {"format": FORMAT, "stop": stop_key, "docs": docs, "paths": paths, "entries": coded,
                   "tail": (tail_key, tail_keys)}
