"""Search: the corpus → a full-text index split into small script files.

Why script files: browsers refuse fetch()/XHR under file://, but a `<script src>` from the
site's own folder loads both from disk and over HTTP. So every index file is a line of
JavaScript that hands its data to a registration function in static/search.js:

    search/meta.js          ArchiveSearch.meta({...})       doc count, shard keys, bucket bits, stopwords
    search/terms/<key>.js   ArchiveSearch.shard("<key>", {term: [df, ids, weights], ...})
    search/docs/<b>.js      ArchiveSearch.docs(<b>, [[id, {...}], ...])  every document whose
                            id >> BUCKET_BITS is b: title, URL, meta line, text blocks

Why sharded: a whole-index library (MiniSearch, lunr) loads the entire index, many MB at
10,000 articles; a query here loads only meta.js, the shard of each query term and the
buckets of the results it shows (≤ 300 KB at 10,000 articles; tests/search_size.py).

Why buckets: one file per document made ~12,500 files at 10,000 articles, half the site's,
and creating files dominates a cold build's system time. A bucket holds the 2^BUCKET_BITS = 8
ids sharing id >> BUCKET_BITS; ids fill 1/3–2/3 of their space, so 2.7–5.3 documents a file
(~5× fewer files at 10,000 articles). Ids are hashed, so the results of a query sit in
different buckets and each costs its whole bucket: a document therefore keeps only its first
DOC_TEXT_CHARS of text for snippets (all of its text, up to INDEX_TEXT_CHARS, is indexed).
The kinds' id ranges start at multiples of 8, so a bucket never mixes kinds.

Shards are the leaves of a trie over term prefixes: a prefix whose terms exceed
SHARD_BYTES is split by its next character, so shards stay small however the corpus grows,
and prefix search (the word being typed) stays inside one or two shards.

Document ids are stable: a hash of the document's own key (article slug, contact id, person
slug) into the id space of its kind, the collisions settled by a fixed rule (`assign_ids`).
An id depends on the set of keys, never on build history or on where a document falls in
date order, so adding, deleting or editing one article rewrites its bucket and the shards
of the terms whose postings changed, not every document after it. The kinds have separate
ranges, articles then contacts then people, so the browser knows a person's page by its id
(`people` in meta.js) and equal scores still rank people, then contacts, then articles.

Postings: a term's doc ids as base-32 deltas (`vlq`: most in 1–2 characters, no separators)
and one weight character per doc. A term in more than POSTINGS_CAP documents keeps only its
POSTINGS_CAP best (highest weight, then newest); `df` records the true count, so the browser
knows the list is cut and does not treat a missing document as "term absent" (see
static/search.js `rank`).

static/search.js holds the same tokeniser; tests/test_search.py checks that they agree.

Incremental: `update_index` takes the state a previous build saved (archive/build.py keeps it
in the cache): each document's terms and weights by content digest (one bytes each, the terms
as numbers into the state's vocabulary: a flat state pickles and loads several times faster),
each term's postings and encoded entry, the trie's leaves, which document holds each id, the ids
themselves with a key of the names they came from and, per output file, a key of what it holds
(a bucket's: its ids and content digests). It tokenises only documents whose content changed,
patches the postings of the terms they touch, re-encodes those terms, and rebuilds only the
shards holding them; files the output already holds are returned as their digest; a bucket is
made again (all its documents) when one of them changed. The vocabulary only grows between cold
builds: a term no document holds any more keeps its number, and costs a few bytes.
The bytes are always those of a cold build (tests/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import json
import operator
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left, bisect_right, insort
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, compress
from pathlib import Path

from archive import views
from archive.blocks import article_blocks
from archive.data import DATA_DIR, load_yaml
from archive.model import Article, Corpus, Person, TimelineEntry

FORMAT = 3  # 2: stable hashed doc ids, ids as base-32 deltas; 3: documents in buckets of 2^BUCKET_BITS ids
STATE = 2  # the saved state's layout; 2: documents as term numbers (`pack`), ids reused by names
POSTINGS_CAP = 2000  # documents kept per term; ~4 KB for a term found everywhere
SHARD_BYTES = 16_000  # a trie node bigger than this is split by the next character
MAX_DEPTH = 12  # prefixes are never longer: a node this deep stays whole
INDEX_TEXT_CHARS = 9_000  # text indexed per document: bounds the work for very long articles
DOC_TEXT_CHARS = 2_500  # of which a doc keeps for snippets and phrase checks: ~2.8 KB a document
BUCKET_BITS = 3  # search/docs/<id >> 3>.js: 8 ids, 2.7–5.3 documents (ids fill 1/3–2/3 of each kind's space)
# 64 characters that JSON strings carry unescaped: weights, and the digits of the id deltas.
WEIGHT_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-."
TF_MAX, IN_TITLE, IN_NAMES = 15, 16, 32  # a posting's weight: tf (≤ 15) | field bits
ID_BITS = 24  # ids < 2^24: a posting is one unsigned 32-bit int, id << 8 | weight byte
LT = "\\u003c"  # "<" inside JSON strings

# ---------------------------------------------------------------- tokeniser (mirrored in search.js)

_MARKS = re.compile("[\u0300-\u036f]")
_WORD = re.compile("(?:[^\\W_]|')+")  # letters, digits, apostrophes: JS /[\p{L}\p{N}']+/gu
# Common non-ASCII punctuation, replaced first so that most texts take the ASCII path;
# curly apostrophes become "'", the rest separate words in either path.
_WIDE = (("\u2019", "'"), ("\u2018", "'"), ("\u201c", " "), ("\u201d", " "), ("\u2014", " "),
         ("\u2013", " "), ("\xa0", " "))
# ASCII bytes → lowercase letters, digits and "'" kept, anything else a space: one C pass over
# bytes, several times faster than str.lower + str.translate with a dict.
_ASCII_WORDS = bytes(c + 32 if 65 <= c <= 90 else c if chr(c).isalnum() or c == 39 else 32 for c in range(128)) \
    + b" " * 128


@lru_cache(maxsize=1)
def stopwords(data_dir: Path = DATA_DIR) -> frozenset[str]:
    return frozenset(str(load_yaml(data_dir / "search.yaml")["stopwords"]).split())


def words(text: str) -> list[str]:
    """Lowercase words without accents, apostrophes kept: "Xi's Café-talks" → [xi's, cafe, talks].

    ASCII text (the usual case) is split by bytes.translate + str.split, several times faster
    than a regex; both paths give the same words."""
    if text.isascii():  # one fast pass; then none of _WIDE can be there
        return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
    for wide, narrow in _WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
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


class Terms(dict[str, int]):
    """word → its term's number in `vocab` (0: "", a word the index drops), each distinct word
    worked out once.

    `counts` maps every word through this table and counts the terms in C (map over
    dict.__getitem__, then Counter): 10,000 articles hold ~10⁷ words but ~10⁵ distinct ones,
    so a Python step per word would cost seconds, while __missing__ runs once per distinct word.
    Numbers, not strings, so that a document's terms are kept as one small array (see `pack`)
    and postings are gathered in a list indexed by term."""

    def __init__(self, stop: frozenset[str], vocab: list[str]) -> None:
        super().__init__()
        self.stop = stop
        self.vocab = vocab  # number → term: the held state's, new terms appended
        self.numbers = dict(zip(vocab, range(len(vocab)), strict=True))

    def __missing__(self, word: str) -> int:
        term = term_of(word, self.stop)
        number = self.numbers.get(term)
        if number is None:
            number = self.numbers[term] = len(self.vocab)
            self.vocab.append(term)
        self[word] = number
        return number

    def counts(self, text: str) -> Counter[int]:
        counts = Counter(map(self.__getitem__, words(text)))
        counts.pop(0, None)  # the stopwords and lone letters, counted together
        return counts

    def found(self, text: str) -> dict[int, None]:
        """The terms of a short text (a title, names) in order, in C as `counts` but without counting."""
        terms = dict.fromkeys(map(self.__getitem__, words(text)))
        terms.pop(0, None)
        return terms


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


def _is_plain(text: str | None) -> bool:
    """True if `plain` would only strip the text: no link, no emphasis mark."""
    return not text or ("](" not in text and "*" not in text and "_" not in text and "`" not in text)


def capped(blocks: Iterable[tuple[str, str]], limit: int = INDEX_TEXT_CHARS) -> tuple[tuple[str, str], ...]:
    """Blocks until `limit` characters: bounds the text indexed, and (DOC_TEXT_CHARS) the text kept."""
    blocks = tuple(blocks)
    if sum(map(len, map(_TEXT, blocks))) <= limit:  # most articles: nothing to cut
        return blocks
    kept, used = [], 0
    for anchor, text in blocks:
        if used >= limit:
            break
        kept.append((anchor, text[: limit - used]))
        used += len(text)
    return tuple(kept)


_TEXT = operator.itemgetter(1)
_ANCHOR_OF, _TEXT_OF = operator.attrgetter("anchor"), operator.attrgetter("text")


def article_doc(article: Article) -> SearchDoc:
    meta = " · ".join(x for x in (article.outlet, views.display_day(article.date) if article.date else None) if x)
    blocks = article_blocks(article)
    # Most articles hold no Markdown marks at all: one test of the whole text spares a `plain`
    # call per block (stripping is all it would do), and the pairs are made in C.
    plain_text = _is_plain(article.body) and _is_plain(article.summary) and all(_is_plain(i.caption)
                                                                                 for i in article.images)
    texts = map(str.strip if plain_text else plain, map(_TEXT_OF, blocks))
    return SearchDoc(
        kind="article", title=article.title, url=views.article_url(article.slug), meta=meta or "Article",
        names=" ".join(article.people),
        blocks=capped(filter(_TEXT, zip(map(_ANCHOR_OF, blocks), texts, strict=True))),
        extra=" ".join(x for x in (article.outlet, article.author, article.dateline, *article.topics) if x),
    )


ContactFields = tuple[str, str | None, str | None, str, str | None, str, str, tuple[tuple[str, str, str | None], ...]]


def contact_fields(entry: TimelineEntry) -> ContactFields:
    """Everything a contact's search document is made of: `contact_doc` reads only these, so
    their repr is a complete cache key for it, and cheap to make (no dataclass reprs)."""
    c = entry.contact
    return (c.id, c.date, c.end_date, c.mode, c.place, c.summary, c.status,
            tuple((p.name, p.side, p.role) for p in c.participants))


def contact_doc(entry: TimelineEntry) -> SearchDoc:
    contact_id, date, end_date, mode, place, summary, status, participants = contact_fields(entry)
    sides = [[name for name, side, _ in participants if side == wanted] for wanted in ("CN", "US")]
    people = "; ".join(f"{name} ({role})" if role else name for name, _, role in participants)
    when = views.display_span(date, end_date)
    meta = " · ".join(x for x in ("Contact", when, views.MODE_LABELS.get(mode), place) if x)
    return SearchDoc(
        kind="contact", title=" – ".join(", ".join(names) for names in sides if names) or "Contact",
        url=views.timeline_url(contact_id), meta=meta,
        names=" ".join(name for name, _, _ in participants),
        blocks=tuple(("", text) for text in (summary, people) if text),
        extra=" ".join(x for x in (place, mode, status) if x),
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
    """Articles in corpus order, then contacts, then people by page slug: the listing order."""
    people = views.people_index(corpus.people, corpus.articles, corpus.timeline)
    return ([article_doc(a) for a in corpus.articles]
            + [contact_doc(e) for e in corpus.timeline]
            + [person_doc(people[slug]) for slug in sorted(people)])


# ---------------------------------------------------------------- document ids


def id_space(count: int) -> int:
    """How many ids a kind with `count` documents spreads over: a power of two at least 1.5 × count.

    A load of at most 2/3 keeps the probe chains short (few documents move when one is added);
    a power of two changes only when the count crosses a doubling, the one event that renumbers."""
    size = 8
    while size * 2 < count * 3:
        size *= 2
    return size


def assign_ids(keys: Sequence[str], base: int = 0) -> list[int]:
    """Each key's id in [base, base + id_space(len(keys))): a function of the key and the set of keys.

    A key's home is a hash of the key; keys take their homes in order of (home, key), and a key
    whose home is taken takes the next free id (linear probing, wrapping). So adding or removing a
    key moves only the keys after it in its run of taken ids, usually none."""
    size = id_space(len(keys))
    mask = size - 1
    homes = [int.from_bytes(hashlib.blake2b(k.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big") & mask
             for k in keys]
    order = sorted(range(len(keys)), key=list(zip(homes, keys, strict=True)).__getitem__)  # stable: duplicates in order
    taken = bytearray(size)
    ids = [0] * len(keys)
    for i in order:
        slot = homes[i]
        while taken[slot]:
            slot = (slot + 1) & mask
        taken[slot] = 1
        ids[i] = base + slot
    return ids


# ---------------------------------------------------------------- postings

# While building, a posting is one unsigned 32-bit int, id << 8 | weight byte, so that a term's
# postings sort by id in C. Weight byte: tf (≤ 63) | 64 if in the title | 128 if in names.
TITLE_BIT, NAMES_BIT, TF_BITS = 64, 128, 63
_ID_OF = (8).__rrshift__  # posting → id
_LOW = 0 if sys.byteorder == "little" else 3  # where the weight byte sits in an array('I') item's bytes


def doc_weights(doc: SearchDoc, terms: Terms) -> Counter[int]:
    """term number → weight byte for one document."""
    weights = terms.counts(" ".join([doc.extra, *map(_TEXT, doc.blocks)]))
    if weights and max(weights.values()) > TF_BITS:  # rare: clamp before the flag bits
        for term in [t for t, n in weights.items() if n > TF_BITS]:
            weights[term] = TF_BITS
    for term in terms.found(doc.title):
        weights[term] |= TITLE_BIT
    for term in terms.found(doc.names):
        weights[term] |= NAMES_BIT
    return weights


def pack(weights: dict[int, int]) -> bytes:
    """A document's term numbers (array "I") then their weight bytes, as one bytes: the state holds
    every document, and one flat object each is what makes it quick to pickle and to load."""
    return array("I", weights).tobytes() + bytes(weights.values())


def unpack(packed: bytes) -> tuple[array, bytes]:
    """`pack`'s term numbers and weights."""
    count = len(packed) // 5
    numbers = array("I")
    numbers.frombytes(packed[:4 * count])
    return numbers, packed[4 * count:]


# weight byte → the character the browser reads: tf (≤ 15) | 16 title | 32 names
_WEIGHT_CHARS = bytes.maketrans(bytes(range(256)), bytes(
    ord(WEIGHT_ALPHABET[min(b & TF_BITS, TF_MAX) | (IN_TITLE if b & TITLE_BIT else 0)
                        | (IN_NAMES if b & NAMES_BIT else 0)]) for b in range(256)))


def vlq(n: int) -> str:
    """n in base 32, most significant digit first; every digit but the last from the upper half
    of the alphabet, so that numbers need no separator: 5 → "5", 40 → "X8"."""
    digits = WEIGHT_ALPHABET[n & 31]
    n >>= 5
    while n:
        digits = WEIGHT_ALPHABET[32 + (n & 31)] + digits
        n >>= 5
    return digits


# vlq of every number below 2^15, made by concatenation: a delta is then one C lookup.
_TAIL = WEIGHT_ALPHABET[:32]
_LEAD = WEIGHT_ALPHABET[32:]
_TWO = [a + b for a in _LEAD for b in _TAIL]  # leading digit 0 included: the middle of three
_VLQ = [*_TAIL, *_TWO[32:], *(a + bc for a in _LEAD[1:] for bc in _TWO)]


# _ABOVE[w] / _AT[w]: a weight byte → 1 if above w / equal to w, else 0: bytes.translate with
# these gives compress() its selectors without a Python call per posting.
_ABOVE = [b"\x00" * (w + 1) + b"\x01" * (255 - w) for w in range(256)]  # by slices: built in microseconds
_AT = [b"\x00" * w + b"\x01" + b"\x00" * (255 - w) for w in range(256)]


def best(postings: array, cap: int, rank: Sequence[int] | None = None,
         listed: Sequence[int] | None = None) -> array:
    """The `cap` postings of highest weight byte, ties to the later doc; sorted by id.

    `rank`: id → place in listing order, `listed` its inverse (None: ids are places). Only the
    postings at the cut-off weight are sorted (by place); those above it are all kept."""
    weights = postings.tobytes()[_LOW::4]
    above = 0  # postings heavier than `cut`, the weight of the cap-th best one
    for cut in sorted(set(weights), reverse=True):  # a few dozen weights: a C count each
        if above + weights.count(cut) >= cap:
            break
        above += weights.count(cut)
    kept = list(compress(postings, weights.translate(_ABOVE[cut])))
    tied = map(_ID_OF, compress(postings, weights.translate(_AT[cut])))
    places = sorted(tied if rank is None else map(rank.__getitem__, tied))[len(kept) - cap:]
    ids = places if listed is None else map(listed.__getitem__, places)
    kept.extend(map(cut.__or__, map((8).__rlshift__, ids)))
    kept.sort()
    return array("I", kept)


def encode(postings: array, cap: int = POSTINGS_CAP, rank: Sequence[int] | None = None,
           listed: Sequence[int] | None = None) -> list[int | str]:
    """[df, doc ids as vlq deltas, one weight character per doc] for postings sorted by id.

    Kept postings: all, or the `cap` best by weight (ties: the later, i.e. newer, doc)."""
    df = len(postings)
    if df == 1:  # most terms: one article's name or typo
        doc_id = postings[0] >> 8
        return [1, _VLQ[doc_id] if doc_id < len(_VLQ) else vlq(doc_id), chr(_WEIGHT_CHARS[postings[0] & 255])]
    kept = postings if df <= cap else best(postings, cap, rank, listed)
    ids = list(map(_ID_OF, kept))  # map over int methods: C loops, no Python per posting
    try:
        deltas = "".join(map(_VLQ.__getitem__, map(operator.sub, ids, chain((0,), ids))))
    except IndexError:  # a delta ≥ 2^15: only in a space of more than 2^15 ids
        deltas = "".join(map(vlq, map(operator.sub, ids, chain((0,), ids))))
    return [df, deltas, kept.tobytes()[_LOW::4].translate(_WEIGHT_CHARS).decode("ascii")]


_PLAIN_TERM = re.compile("[a-z0-9']+")


def fragment(term: str, entry: list[int | str]) -> str:
    """`"term":[df,"ids","weights"]`, as json.dumps writes it: a shard is these joined."""
    name = f'"{term}"' if _PLAIN_TERM.fullmatch(term) else json.dumps(term).replace("<", LT)
    return f'{name}:[{entry[0]},"{entry[1]}","{entry[2]}"]'


# ---------------------------------------------------------------- shards

_UNSAFE = re.compile("[^a-z0-9]")


def shard_key(term: str, depth: int) -> str:
    """The term's trie node at `depth`: [a-z0-9] kept, any other character "-", "_" after the end."""
    head = term[:depth]
    if not (head.isascii() and head.isalnum() and head.lower() == head):  # most terms: nothing to replace
        head = _UNSAFE.sub("-", head)
    return head.ljust(depth, "_")


def trie_path(term: str) -> str:
    """The term's node at MAX_DEPTH, then the term: sorted by these, every trie node is a run of
    the list (its prefix is shard_key at every depth), and terms tie-break by themselves."""
    return f"{shard_key(term, MAX_DEPTH)}\x01{term}"


_TERM_OF_PATH: Callable[[str], str] = operator.itemgetter(slice(MAX_DEPTH + 1, None))  # type: ignore[assignment]


def split(paths: Sequence[str], sizes: Sequence[int]) -> dict[str, tuple[int, int]]:
    """Trie leaves → their run [lo, hi) of `paths` (sorted trie paths, each term's size in `sizes`).

    A node over SHARD_BYTES splits by its next character. Runs and sizes come from bisection
    and prefix sums, so the cost is per node, not per term."""
    total = [0, *accumulate(sizes)]
    leaves: dict[str, tuple[int, int]] = {}

    def node(lo: int, hi: int, depth: int) -> None:
        while lo < hi:
            prefix = paths[lo][:depth]
            end = bisect_right(paths, prefix + "\x7f", lo, hi)  # every key character is below \x7f
            if depth < MAX_DEPTH and not prefix.endswith("_") and end - lo > 1 \
                    and total[end] - total[lo] > SHARD_BYTES:
                node(lo, end, depth + 1)
            else:
                leaves[prefix] = (lo, end)
            lo = end

    node(0, len(paths), 1)
    return leaves


# ---------------------------------------------------------------- script files

_JSON = json.JSONEncoder(ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def script(call: str, *args: object) -> bytes:
    """`ArchiveSearch.<call>(<json>, …);` — JSON escaped so text can never end the script.

    ASCII-only output escapes U+2028/U+2029 (line breaks to old JS parsers); "<" becomes
    \\u003c so "</script>" or "<!--" in an article cannot matter even if inlined one day."""
    body = ",".join(map(_JSON.encode, args))
    return f"ArchiveSearch.{call}({body.replace('<', LT)});\n".encode("ascii")


def doc_record(doc: SearchDoc) -> dict[str, object]:
    """What the browser shows: the text all indexed, but only its first DOC_TEXT_CHARS kept, as a
    result costs its whole bucket (tests/search_size.py); a later match shows the opening lines."""
    kept = capped(doc.blocks, DOC_TEXT_CHARS)
    record: dict[str, object] = {"b": kept, "k": doc.kind, "m": doc.meta, "t": doc.title,
                                 "u": doc.url}  # tuples: JSON arrays
    if kept != capped(doc.blocks):
        record["c"] = 1  # cut: a phrase not in the kept text may be further on (static/search.js hasPhrase)
    return record


def doc_fragment(doc_id: int, doc: SearchDoc) -> str:
    """`[id,{record}]`, as script() writes it inside a bucket's list."""
    return f"[{doc_id},{_JSON.encode(doc_record(doc)).replace('<', LT)}]"


def bucket_file(bucket: int, fragments: Iterable[str]) -> bytes:
    """What script("docs", bucket, [[id, record], …]) writes, from fragments encoded already
    (documents in id order)."""
    return f"ArchiveSearch.docs({bucket},[{','.join(fragments)}]);\n".encode("ascii")


def shard_file(key: str, fragments: Iterable[str]) -> bytes:
    """What script("shard", key, {term: entry, …}) writes, from entries encoded already."""
    return f'ArchiveSearch.shard("{key}",{{{",".join(fragments)}}});\n'.encode("ascii")


# ---------------------------------------------------------------- the index, cold or incremental


def index_files(corpus: Corpus, data_dir: Path = DATA_DIR) -> dict[str, bytes]:
    """Every file of the search index, by path under the site root."""
    files, _ = _index(corpus, None, None, {}, data_dir, keep_state=False)
    return files  # type: ignore[return-value]  # nothing known: every file is bytes


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def update_index(corpus: Corpus, article_keys: list[str] | None, known: object, previous: dict[str, str],
                 data_dir: Path = DATA_DIR) -> tuple[dict[str, bytes | str], dict[str, object]]:
    """The search index, reusing what a previous build cached; the same bytes as a cold build.

    `article_keys`: a content digest per article of the corpus (None: none known). `known`: the
    state a previous call returned (anything else is ignored). `previous`: the output's
    manifest, path → digest. Returns (path → bytes, or the digest of a file the output holds
    already and that need not be made again; the new state). The caller fills in the digests
    of the state's "paths" entry (path → key becomes path → (key, digest)): a doc or shard file
    counts as held only if the output's manifest still has the digest this state made."""
    return _index(corpus, article_keys, known, previous, data_dir, keep_state=True)


@dataclass
class _Listing:
    """The documents in listing order (articles, contacts, people): what identifies each, and
    how to make it; documents are made only when their terms or their file are needed."""

    corpus: Corpus
    keys: list[str]  # content keys: equal keys, equal documents
    names: list[str]  # stable keys: article slug, contact id, person slug
    articles: int
    contacts: int
    tail_state: tuple[str, tuple[str, ...], tuple[str, ...], int]
    people: dict[str, Person] | None = None

    def doc(self, pos: int) -> SearchDoc:
        if pos < self.articles:
            return article_doc(self.corpus.articles[pos])
        if pos < self.articles + self.contacts:
            return contact_doc(self.corpus.timeline[pos - self.articles])
        if self.people is None:
            self.people = views.people_index(self.corpus.people, self.corpus.articles, self.corpus.timeline)
        return person_doc(self.people[self.names[pos]])


def _listing(corpus: Corpus, article_keys: list[str] | None, held_tail: object) -> _Listing:
    """Keys for every document. The contacts and people are a function of the contacts' fields,
    the people data and who the articles name: when those are unchanged, their keys are the held
    ones and no document is made (not even the people index)."""
    fields = [contact_fields(e) for e in corpus.timeline]
    tail_key = _key("\x00".join((repr(fields), repr(corpus.people), repr(corpus.people_named()))))
    people = None
    if isinstance(held_tail, tuple) and len(held_tail) == 4 and held_tail[0] == tail_key:
        tail_state = held_tail
    else:
        people = views.people_index(corpus.people, corpus.articles, corpus.timeline)
        slugs = sorted(people)
        tail_state = (tail_key,
                      (*("c" + _key(repr(f)) for f in fields), *("p" + _key(repr(people[s])) for s in slugs)),
                      (*(f[0] for f in fields), *slugs), len(fields))
    keys = (["a" + k for k in article_keys] if article_keys is not None
            else [str(n) for n in range(len(corpus.articles))])  # no state kept: keys only need be distinct
    return _Listing(corpus, keys + list(tail_state[1]), corpus.slugs() + list(tail_state[2]),
                    len(corpus.articles), tail_state[3], tail_state, people)


def _held(known: object, params: tuple[object, ...]) -> dict[str, object]:
    """The previous state if it was made with these parameters and has every part, else {}."""
    parts = ("docs", "vocab", "slots", "names", "order", "terms", "sorted", "leaves", "paths", "tail")
    if isinstance(known, dict) and known.get("params") == params and all(p in known for p in parts):
        return known
    return {}


def _ids(listing: _Listing, held: dict[str, object]) -> tuple[list[int], str, int, int]:
    """Each document's id in listing order, a key of the names they come from, the first person id
    and the id space. One range per kind: articles, contacts, people (meta.people: the first person
    id). Ids are a function of the names, so while no document is added, removed or renamed (an
    edit) the held ids are the ids, and no key is hashed again."""
    a_end, c_end = listing.articles, listing.articles + listing.contacts
    names_key = _key(repr((a_end, c_end, listing.names)))
    contacts_base = id_space(a_end)
    people_base = contacts_base + id_space(c_end - a_end)
    if held.get("names") == names_key:
        ids = _array(held["order"]).tolist()  # type: ignore[arg-type]
    else:
        ids = (assign_ids(listing.names[:a_end]) + assign_ids(listing.names[a_end:c_end], contacts_base)
               + assign_ids(listing.names[c_end:], people_base))
    return ids, names_key, people_base, people_base + id_space(len(listing.names) - c_end)


_Members = dict[int, list[tuple[int, int, str]]]  # bucket → its documents' (id, pos, key), in id order


def _buckets(ids: list[int], keys: list[str], moved: set[int], held_paths: dict[str, object],
             previous: dict[str, str]) -> tuple[dict[str, bytes | str], dict[str, str], _Members]:
    """Each bucket's key (of its ids and content keys), the digest of each bucket the output holds
    with the same members, and the members (id, pos, key), in id order, of the buckets to make again.

    A bucket that is not `moved` (none of its ids came, went or changed key) keeps its held key:
    only the others are grouped and hashed, so an edit costs its own bucket, not every document."""
    files: dict[str, bytes | str] = {}
    paths: dict[str, str] = {}
    again: set[int] = set()
    bucket_of = BUCKET_BITS.__rrshift__
    for bucket in set(map(bucket_of, ids)):
        path = f"search/docs/{bucket}.js"
        got = held_paths.get(path)
        if bucket not in moved and isinstance(got, tuple):
            paths[path] = got[0]
            if previous.get(path) == got[1]:
                files[path] = got[1]
                continue
        again.add(bucket)
    members: _Members = defaultdict(list)
    for pos in compress(range(len(ids)), map(again.__contains__, map(bucket_of, ids))):
        members[ids[pos] >> BUCKET_BITS].append((ids[pos], pos, keys[pos]))
    for bucket, held_by in members.items():
        held_by.sort()
        bucket_key = _key(" ".join(f"{doc_id}:{key}" for doc_id, _, key in held_by))
        paths.setdefault(f"search/docs/{bucket}.js", bucket_key)  # a held key stands: the same members
    return files, paths, members


def _index(corpus: Corpus, article_keys: list[str] | None, known: object, previous: dict[str, str],
           data_dir: Path, keep_state: bool) -> tuple[dict[str, bytes | str], dict[str, object]]:
    stop = stopwords(data_dir)
    params = (FORMAT, STATE, _key(" ".join(sorted(stop))), POSTINGS_CAP, SHARD_BYTES, MAX_DEPTH, BUCKET_BITS,
              DOC_TEXT_CHARS)
    held = _held(known, params)
    held_docs: dict[str, bytes] = held.get("docs", {})  # type: ignore[assignment]
    held_slots: dict[int, str] = held.get("slots", {})  # type: ignore[assignment]
    held_paths: dict[str, object] = held.get("paths", {})  # type: ignore[assignment]
    if article_keys is None and keep_state:
        # No digests from the caller: key each article by its document (costly, but only tests do this).
        article_keys = [_key(repr(article_doc(a))) for a in corpus.articles]
    listing = _listing(corpus, article_keys, held.get("tail"))
    keys, total = listing.keys, len(listing.keys)

    ids, names_key, people_base, space = _ids(listing, held)
    if space > 1 << ID_BITS:
        raise ValueError(f"{total} documents: more than {ID_BITS}-bit ids can number")
    rank = array("I", bytes(4 * space))  # id → place in listing order: the cap's "newer" tie-break
    deque(map(rank.__setitem__, ids, range(total)), maxlen=0)  # in C: no Python step per document
    order = array("I", ids).tobytes()

    # ---- each document's terms (held by content key, else tokenised)
    # A bucket file is made again unless the output holds it with the same members (id and content key).
    slots = dict(zip(ids, keys, strict=True))
    gone = held_slots.items() - slots.items()  # (id, key) pairs no longer there
    came = slots.items() - held_slots.items()
    moved = {doc_id >> BUCKET_BITS for doc_id, _ in chain(gone, came)}  # the buckets whose members changed
    files, paths, members = _buckets(ids, keys, moved, held_paths, previous)
    remake = {pos for held_by in members.values() for _, pos, _ in held_by}  # documents whose bucket is made
    terms = Terms(stop, list(held.get("vocab", [""])))  # type: ignore[call-overload]
    docs = {key: held_docs[key] for key in keys if key in held_docs}
    tokenise = {pos for pos, key in enumerate(keys) if key not in docs}
    records: dict[int, str] = {}  # pos → `[id,{record}]` for the buckets made again
    for pos in sorted(remake | tokenise):
        doc = listing.doc(pos)
        if pos in tokenise:
            docs[keys[pos]] = pack(doc_weights(doc, terms))
        if pos in remake:
            records[pos] = doc_fragment(ids[pos], doc)
    for bucket, held_by in members.items():
        files[f"search/docs/{bucket}.js"] = bucket_file(bucket, [records[pos] for _, pos, _ in held_by])

    # ---- postings: patched where documents changed, or built afresh
    held_terms: dict[str, tuple[bytes, str]] = held.get("terms", {})  # type: ignore[assignment]
    patch = bool(held) and len(gone) + len(came) <= total // 4 and all(k in held_docs for _, k in gone)
    if patch:
        postings, touched = _patched(held_terms, held_docs, docs, terms.vocab, gone, came)
        # A capped term keeps its newest postings among equals: if the ids held before and now
        # (their documents edited or not) are in another order, every capped term is encoded again.
        # The same ids in the same order (an edit) need no closer look.
        stay = slots.keys() & held_slots.keys() if order != held["order"] else set()
        held_order = _array(held["order"]) if stay else array("I")  # type: ignore[arg-type]
        if list(filter(stay.__contains__, held_order)) != list(filter(stay.__contains__, ids)):
            capped_terms = [p for p, (data, _) in held_terms.items() if len(data) > 4 * POSTINGS_CAP]
            touched.update(capped_terms)
        table = dict(held_terms)
        trie: list[str] = list(held["sorted"])  # type: ignore[call-overload]
    else:
        postings = _postings(ids, keys, docs, terms.vocab)
        touched = set(postings)
        table = {}
        trie = []
    for path in touched:
        plist = postings[path] if path in postings else _array(table[path][0])
        if plist:
            table[path] = (plist.tobytes(), fragment(_TERM_OF_PATH(path), encode(plist, POSTINGS_CAP, rank, ids)))
        else:
            table.pop(path, None)
    if patch:
        for path in touched:  # terms new or gone: keep the sorted list sorted
            at = bisect_left(trie, path)
            present = at < len(trie) and trie[at] == path
            if path in table and not present:
                insort(trie, path, lo=at)
            elif path not in table and present:
                del trie[at]
    else:
        trie = sorted(table)

    # ---- shards: a leaf is made again if its terms or their entries changed
    fragments = list(map(operator.itemgetter(1), map(table.__getitem__, trie)))
    leaves = split(trie, list(map(len, fragments)))
    held_leaves: dict[str, tuple[str, ...]] = held.get("leaves", {})  # type: ignore[assignment]
    new_leaves: dict[str, tuple[str, ...]] = {}
    for key, (lo, hi) in sorted(leaves.items()):
        members = new_leaves[key] = tuple(trie[lo:hi])
        path = f"search/terms/{key}.js"
        paths[path] = "shard"
        got = held_paths.get(path)
        if held_leaves.get(key) == members and touched.isdisjoint(members) and isinstance(got, tuple) \
                and previous.get(path) == got[1]:
            files[path] = got[1]
        else:
            by_term = sorted(range(lo, hi), key=lambda i: _TERM_OF_PATH(trie[i]))  # json.dumps(sort_keys) order
            files[path] = shard_file(key, map(fragments.__getitem__, by_term))
    files["search/meta.js"] = script("meta", {
        "bucket": BUCKET_BITS, "cap": POSTINGS_CAP, "depth": MAX_DEPTH, "docs": total, "format": FORMAT,
        "people": people_base,  # ids from here on are people: their own name matches count most
        "shards": sorted(leaves), "stop": sorted(stop),
    })
    if not keep_state:
        return files, {}
    return files, {"params": params, "docs": docs, "vocab": terms.vocab, "slots": slots, "names": names_key,
                   "order": order, "terms": table, "sorted": trie, "leaves": new_leaves,
                   "paths": paths, "tail": listing.tail_state}


def _array(data: bytes) -> array:
    postings = array("I")
    postings.frombytes(data)
    return postings


def _postings(ids: list[int], keys: list[str], docs: dict[str, bytes], vocab: list[str]) -> dict[str, array]:
    """Every term's postings (by trie path), documents taken in id order so that each list
    comes out sorted; appended in C (map over array.append), no Python step per posting."""
    table = [array("I") for _ in vocab]  # by term number
    for doc_id, key in sorted(zip(ids, keys, strict=True)):
        numbers, weights = unpack(docs[key])
        deque(map(array.append, map(table.__getitem__, numbers), map((doc_id << 8).__or__, weights)), maxlen=0)
    return {trie_path(term): plist for term, plist in zip(vocab, table, strict=True) if plist}


def _patched(held_terms: dict[str, tuple[bytes, str]], held_docs: dict[str, bytes], docs: dict[str, bytes],
             vocab: list[str], gone: Iterable[tuple[int, str]],
             came: Iterable[tuple[int, str]]) -> tuple[dict[str, array], set[str]]:
    """The postings of the terms whose postings changed (by trie path), patched by bisection:
    a document edited in place changes only the terms whose weight in it changed."""
    change: defaultdict[int, dict[int, int]] = defaultdict(dict)  # id → term number → new weight, -1: drop
    for doc_id, key in gone:
        numbers, weights = unpack(held_docs[key])
        change[doc_id].update(zip(numbers, map((-1).__sub__, weights), strict=True))  # -1 - w: was w
    for doc_id, key in came:
        now = change[doc_id]
        for number, weight in zip(*unpack(docs[key]), strict=True):
            if now.get(number) == -1 - weight:  # held with the same weight: no change
                del now[number]
            else:
                now[number] = weight
    by_term: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, numbered in change.items():
        for number, weight in numbered.items():
            by_term[trie_path(vocab[number])].append((doc_id, weight))
    postings: dict[str, array] = {}
    for path, edits in by_term.items():
        plist = _array(held_terms[path][0]) if path in held_terms else array("I")
        for doc_id, weight in sorted(edits):
            at = bisect_left(plist, doc_id << 8)
            if at < len(plist) and plist[at] >> 8 == doc_id:
                del plist[at]
            if weight >= 0:
                plist.insert(at, doc_id << 8 | weight)
        postings[path] = plist
    return postings, set(by_term)
