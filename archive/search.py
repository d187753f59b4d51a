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

Incremental: `update_index` reads the state a previous build saved in the cache, by the part, as
it needs it (archive/build.py passes the Store): a small head (STATE layout), DOC_PARTS parts of
documents and TERM_PARTS parts of terms. The head holds the vocabulary, the ids (in listing order,
with the names they came from), each id's content key, the trie (sorted term paths and their
fragments' sizes), its leaves, the capped terms and, per output file, a key of what it holds (a
bucket's: its ids and content keys). A document part holds documents' terms and weights by content
key (`doc_part`; the terms as numbers into the vocabulary, one bytes each: `pack`), a term part
each term's postings, encoded entry and, if capped, its kept postings (`term_part`: by the first
two characters, so a leaf's terms sit in one or two parts). Each part is saved with a token of the
build that wrote it and the head names the token it expects: a part that is missing, corrupt, or
written by a build whose head was then not saved is a miss, never trusted (SearchState.save).

A build tokenises only documents whose content changed, reads the parts holding the old and new
content keys, patches the postings of the terms whose weights changed (their parts read), re-encodes
those terms and rebuilds only the shards holding them (the other terms of those shards read from
their parts). A capped term is re-encoded from its kept postings and the edits (`_kept_after`), not
from all its postings, unless documents that did not change changed order. Ids are worked out from
the held ones when documents come and go (`reassign_ids`). Files the output already holds are
returned as their digest; a bucket is made again (all its documents) when one of them changed; only
the parts that changed are saved. So an edit reads and writes a few hundred KB of state, not all of
it. A part lost or stale where the patch needs it: the postings are made from every document (those
held, and the lost ones tokenised again). The vocabulary only grows between cold builds: a term no
document holds any more keeps its number, and costs a few bytes.
The bytes are always those of a cold build (tests/test_incremental.py, tests/test_search.py).
"""

from __future__ import annotations

import hashlib
import json
import operator
import os
import re
import sys
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from heapq import nlargest, nsmallest
from itertools import accumulate, chain, compress, filterfalse
from pathlib import Path
from typing import Any, Protocol

from archive import views
from archive.blocks import article_texts
from archive.data import DATA_DIR, load_yaml
from archive.model import Article, Corpus, Person, TimelineEntry
from archive.store import shard_of

FORMAT = 3  # 2: stable hashed doc ids, ids as base-32 deltas; 3: documents in buckets of 2^BUCKET_BITS ids
STATE = 3  # the saved state's layout; 2: documents as term numbers (`pack`), ids reused by names; 3: in parts
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
        # The stopwords and lone letters (0), a third of the words, dropped before counting (in C).
        return Counter(filter(None, map(self.__getitem__, words(text))))

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


def article_doc(article: Article) -> SearchDoc:
    meta = " · ".join(x for x in (article.outlet, views.display_day(article.date) if article.date else None) if x)
    anchors, texts = article_texts(article)
    # Most articles hold no Markdown marks at all: one test of the whole text spares a `plain`
    # call per block (stripping is all it would do), and the pairs are made in C.
    plain_text = _is_plain(article.body) and _is_plain(article.summary) and all(_is_plain(i.caption)
                                                                                 for i in article.images)
    return SearchDoc(
        kind="article", title=article.title, url=views.article_url(article.slug), meta=meta or "Article",
        names=" ".join(article.people),
        blocks=capped(filter(_TEXT, zip(anchors, map(str.strip if plain_text else plain, texts), strict=True))),
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
        url=views.timeline_url(contact_id, date, status), meta=meta,
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
    people = views.people_index(corpus.people, corpus.people_named(), corpus.timeline)
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
    homes = [home(k, mask) for k in keys]
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


def home(key: str, mask: int) -> int:
    """A key's first choice of id, less its kind's base."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big") & mask


def reassign_ids(keys: Sequence[str], base: int, held_keys: Sequence[str], held_ids: Sequence[int]) -> list[int]:
    """assign_ids(keys, base), from the ids `held_keys` have (assign_ids(held_keys, base)): only the
    run of taken ids where a key came or went is worked out again (`_settle`; else all of them)."""
    size = id_space(len(keys))
    if id_space(len(held_keys)) != size or len(set(keys)) != len(keys) or len(set(held_keys)) != len(held_keys):
        return assign_ids(keys, base)
    mask = size - 1
    slot_of = dict(zip(held_keys, map((-base).__add__, held_ids), strict=True))
    key_at = dict(zip(slot_of.values(), slot_of.keys(), strict=True))
    now = set(keys)
    for key in sorted(slot_of.keys() - now):
        slot = slot_of.pop(key)
        del key_at[slot]
        if ((slot + 1) & mask) in key_at and not _settle(slot, [], slot_of, key_at, mask):
            return assign_ids(keys, base)
    for key in sorted(now - slot_of.keys()):
        slot = home(key, mask)
        if slot not in key_at:
            slot_of[key], key_at[slot] = slot, key
        elif not _settle(slot, [key], slot_of, key_at, mask):
            return assign_ids(keys, base)
    return list(map(base.__add__, map(slot_of.__getitem__, keys)))


def _settle(slot: int, came: list[str], slot_of: dict[str, int], key_at: dict[int, str], mask: int) -> bool:
    """Place again the keys of the run of taken slots through `slot`, where a key went (`slot` is
    free now) or one came (`came`, whose home `slot` is taken): the ids assign_ids would give.

    Keys take their slots in order of (home, key), each the first free one from its home. A run
    ends at a free slot, which no probe passed (it would have stopped there); the keys placed in a
    run have their homes in it, and those of the runs before and after it come before and after
    them. So the run's keys, placed again in that order in its slots (and the free one after it
    when a key came), get the slots assign_ids gives. A key coming to a free home, or going with
    a free slot after it, moves no other. False, for the caller to work out every id again, when
    the run might wrap around the end of the id space or a key's home is outside it."""
    start = end = slot
    while start - 1 in key_at:
        start -= 1
    while end + 1 in key_at:
        end += 1
    end += bool(came)  # the free slot after the run: the one more key's
    if start == 0 or end >= mask:  # might wrap: rare, and not worth the care
        return False
    members = [key_at[s] for s in range(start, end + 1) if s in key_at] + came
    homes = {key: home(key, mask) for key in members}
    if not all(start <= h <= end for h in homes.values()):
        return False
    placed: dict[int, str] = {}
    for key in sorted(members, key=lambda k: (homes[k], k)):
        at = homes[key]
        while at in placed:
            at += 1
        placed[at] = key
    if max(placed) > end:
        return False
    for s in range(start, end + 1):
        key_at.pop(s, None)
    key_at.update(placed)
    slot_of.update(zip(placed.values(), placed.keys(), strict=True))
    return True


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
    return kept_entry(df, postings if df <= cap else best(postings, cap, rank, listed))


def kept_entry(df: int, kept: array) -> list[int | str]:
    """`encode`'s entry for a term in `df` documents, of which `kept` (sorted by id) are listed."""
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


def doc_json(doc: SearchDoc) -> str:
    """A document's record as JSON, as script() writes it."""
    return _JSON.encode(doc_record(doc)).replace("<", LT)


def doc_fragment(doc_id: int, record: str) -> str:
    """`[id,{record}]` inside a bucket's list, from the record's JSON (doc_json)."""
    return f"[{doc_id},{record}]"


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


class StateStore(Protocol):
    """Where the state is kept between builds (archive.store.Store): a failed load is None."""

    def load(self, name: str) -> Any: ...

    def save(self, name: str, value: Any) -> None: ...


HEAD = "search_docs"  # the head's store entry; the parts are HEAD-NN (documents) and TERMS-NN
TERMS = "search_terms"
DOC_PARTS = 32  # documents' terms by content key: an edit reads and writes 1–2 of these
TERM_PARTS = 32  # terms' postings and entries, by their first two characters


def doc_part(key: str) -> int:
    return shard_of(key, DOC_PARTS)


@cache
def _term_part(head: str) -> int:
    return shard_of(head, TERM_PARTS)


def term_part(path: str) -> int:
    """A term's part, by the first two characters of its trie path (a few hundred distinct)."""
    return _term_part(path[:2])


@dataclass
class Ahead:
    """Article documents made before the rest of the corpus is known: a build that read many records
    starts the index while it merges the timeline, and the articles are most of the work."""

    head: dict[str, Any]  # the held state's head they were made against
    terms: Terms  # the held vocabulary, with the articles' new terms
    made: dict[str, bytes]  # content key → pack(doc_weights), for each article the head does not hold
    records: dict[str, str]  # content key → doc_json, for the same articles


def articles_ahead(articles: Sequence[Article], article_keys: list[str], store: StateStore | None,
                   data_dir: Path = DATA_DIR) -> Ahead:
    """What update_index(…, ahead=) would make of these articles (keyed as update_index keys
    them), done now: the same terms, numbered in the same order, as it would make."""
    stop = stopwords(data_dir)
    head = _head(store, _params(stop))
    held = set(head.get("slots", {}).values())
    ahead = Ahead(head, Terms(stop, list(head.get("vocab", [""]))), {}, {})
    for article, key in zip(articles, article_keys, strict=True):
        key = "a" + key
        if key not in held and key not in ahead.made:
            doc = article_doc(article)
            ahead.made[key] = pack(doc_weights(doc, ahead.terms))
            ahead.records[key] = doc_json(doc)
    return ahead


def update_index(corpus: Corpus, article_keys: list[str] | None, store: StateStore | None,
                 previous: dict[str, str], data_dir: Path = DATA_DIR,
                 ahead: Ahead | None = None) -> tuple[dict[str, bytes | str], SearchState]:
    """The search index, reusing what a previous build kept in `store`; the same bytes as a cold build.

    `article_keys`: a content digest per article of the corpus (None: none known). `previous`: the
    output's manifest, path → digest. Returns (path → bytes, or the digest of a file the output holds
    already and that need not be made again; the new state, for SearchState.save once the caller
    knows each file's digest: a doc or shard file counts as held only if the output's manifest still
    has the digest this state made). `ahead`: articles_ahead of this corpus's articles and keys."""
    return _index(corpus, article_keys, store, previous, data_dir, keep_state=True, ahead=ahead)


@dataclass
class SearchState:
    """What a build keeps for the next one: the head (small: ids, keys, vocabulary, trie, files) and
    the parts it changed, saved under a new token that the head records."""

    head: dict[str, Any]
    parts: list[tuple[str, int, dict[str, Any]]]  # (entry name, number, content) to save

    def save(self, store: StateStore, digests: dict[str, str]) -> None:
        """The parts first, then the head: a head names only parts that were saved before it, and a
        part saved by a build whose head was not (or later replaced) carries a token no head names."""
        token = os.urandom(8).hex()
        for name, number, content in self.parts:
            store.save(f"{name}-{number:02d}", (token, content))
            self.head["doc_tokens" if name == HEAD else "term_tokens"][number] = token
        self.head["paths"] = {path: (key, digests[path]) for path, key in self.head["paths"].items()}
        store.save(HEAD, self.head)


class _Stale(Exception):
    """A part of the held state that the patch needs is missing, corrupt or stale."""


class _Parts:
    """One kind of part (documents or terms) of the held state, each loaded when first asked for.
    A part counts only if it carries the token the head names; any other is None, a miss."""

    def __init__(self, store: StateStore | None, name: str, tokens: object, count: int) -> None:
        self.store, self.name = store, name
        self.tokens: list[str | None] = tokens if isinstance(tokens, list) and len(tokens) == count \
            else [None] * count
        self.loaded: dict[int, dict[str, Any] | None] = {}

    def get(self, number: int) -> dict[str, Any] | None:
        if number not in self.loaded:
            self.loaded[number] = self._load(number)
        return self.loaded[number]

    def _load(self, number: int) -> dict[str, Any] | None:
        token = self.tokens[number]
        if token is None or self.store is None:
            return None
        stored = self.store.load(f"{self.name}-{number:02d}")
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == token and isinstance(stored[1], dict):
            return stored[1]
        return None


@dataclass
class _Listing:
    """The documents in listing order (articles, contacts, people): what identifies each, and
    how to make it; documents are made only when their terms or their file are needed."""

    corpus: Corpus
    keys: list[str]  # content keys: equal keys, equal documents
    names: list[str]  # stable keys: article slug, contact id, person slug
    articles: int
    contacts: int
    tail_state: tuple[object, ...]
    people: dict[str, Person] | None = None

    def doc(self, pos: int) -> SearchDoc:
        if pos < self.articles:
            return article_doc(self.corpus.articles[pos])
        if pos < self.articles + self.contacts:
            return contact_doc(self.corpus.timeline[pos - self.articles])
        if self.people is None:
            self.people = views.people_index(self.corpus.people, self.corpus.people_named(), self.corpus.timeline)
        return person_doc(self.people[self.names[pos]])


def _listing(corpus: Corpus, article_keys: list[str] | None, held_tail: object) -> _Listing:
    """Keys for every document. The contacts are a function of their fields, the people of the
    people data and the first appearance of each name (views.people_index keeps the first): when
    those are unchanged, their keys are the held ones and no document is made, nor the people
    index; an added article naming only known names costs the contacts' keys, not the people's."""
    fields = [contact_fields(e) for e in corpus.timeline]
    shown = list(map(repr, fields))
    fields_key = _key("\x00".join(shown))
    named = dict.fromkeys(chain.from_iterable(corpus.people_named()))  # first appearances, in C
    sides = dict.fromkeys((name, side) for f in fields for name, side, _ in f[7])
    people_key = _key("\x00".join((repr(corpus.people), repr(list(sides)), repr(list(named)))))
    held = held_tail if isinstance(held_tail, tuple) and len(held_tail) == 6 else (None,) * 6
    if held[0] == fields_key:
        contact_keys, contact_names = held[2], held[3]
    else:
        contact_keys = tuple("c" + _key(text) for text in shown)
        contact_names = tuple(f[0] for f in fields)
    people = None
    if held[1] == people_key:
        person_keys, slugs = held[4], held[5]
    else:
        people = views.people_index(corpus.people, corpus.people_named(), corpus.timeline)
        slugs = tuple(sorted(people))
        person_keys = tuple("p" + _key(repr(people[s])) for s in slugs)
    tail_state = (fields_key, people_key, contact_keys, contact_names, person_keys, slugs)
    keys = (["a" + k for k in article_keys] if article_keys is not None
            else [str(n) for n in range(len(corpus.articles))])  # no state kept: keys only need be distinct
    return _Listing(corpus, [*keys, *contact_keys, *person_keys], [*corpus.slugs(), *contact_names, *slugs],
                    len(corpus.articles), len(fields), tail_state, people)


_PARTS = ("vocab", "slots", "names", "named", "ends", "order", "sorted", "sizes", "capped", "leaves", "paths", "tail",
          "doc_tokens", "term_tokens")


def _params(stop: frozenset[str]) -> tuple[object, ...]:
    """What the held state must have been made with to be used."""
    return (FORMAT, STATE, _key(" ".join(sorted(stop))), POSTINGS_CAP, SHARD_BYTES, MAX_DEPTH, BUCKET_BITS,
            DOC_TEXT_CHARS)


def _head(store: StateStore | None, params: tuple[object, ...]) -> dict[str, Any]:
    """The previous state's head if it was made with these parameters and has every part, else {}."""
    head = store.load(HEAD) if store is not None else None
    if isinstance(head, dict) and head.get("params") == params and all(p in head for p in _PARTS):
        return head
    return {}


def _ids(listing: _Listing, held: dict[str, Any]) -> tuple[list[int], str, int, int]:
    """Each document's id in listing order, a key of the names they come from, the first person id
    and the id space. One range per kind: articles, contacts, people (meta.people: the first person
    id). Ids are a function of the names, so while no document is added, removed or renamed (an
    edit) the held ids are the ids, and no key is hashed again; when one is, the held ids of each
    kind are the start (`reassign_ids`)."""
    ends = (0, listing.articles, listing.articles + listing.contacts, len(listing.names))
    names_key = _key(repr((ends[1], ends[2], listing.names)))
    bases = _bases(ends)
    if held.get("names") == names_key:
        return _array(held["order"]).tolist(), names_key, bases[2], bases[3]
    held_ends = held.get("ends")
    ids: list[int] = []
    for kind in range(3):
        names = listing.names[ends[kind]:ends[kind + 1]]
        if not isinstance(held_ends, tuple) or _bases(held_ends)[kind] != bases[kind]:
            ids += assign_ids(names, bases[kind])
            continue
        lo, hi = held_ends[kind], held_ends[kind + 1]
        ids += reassign_ids(names, bases[kind], held["named"][lo:hi], _array(held["order"][4 * lo:4 * hi]))
    return ids, names_key, bases[2], bases[3]


def _bases(ends: tuple[int, ...]) -> tuple[int, int, int, int]:
    """The first id of each kind, and the end of the id space, for kinds ending at `ends`."""
    contacts = id_space(ends[1])
    people = contacts + id_space(ends[2] - ends[1])
    return 0, contacts, people, people + id_space(ends[3] - ends[2])


def _changes(ids: list[int], keys: list[str], order: bytes, held: dict[str, Any]) \
        -> tuple[dict[int, str], list[tuple[int, str]], list[tuple[int, str]]]:
    """id → key, and the (id, key) pairs gone and come since the held state. With the same ids in
    the same order (an edit), only the keys are compared, position by position, in C."""
    slots = dict(zip(ids, keys, strict=True))
    held_slots: dict[int, str] = held.get("slots", {})
    if held and order == held["order"]:
        before = list(map(held_slots.__getitem__, ids))
        differ = list(compress(range(len(ids)), map(operator.ne, keys, before)))
        return slots, [(ids[p], before[p]) for p in differ], [(ids[p], keys[p]) for p in differ]
    return slots, list(held_slots.items() - slots.items()), list(slots.items() - held_slots.items())


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


class _Docs:
    """Each document's terms (`pack`) by content key: those held, read by the part when asked for,
    and those tokenised now. A held part that is lost takes its keys out of `held`: they are
    tokenised again, a miss."""

    def __init__(self, listing: _Listing, terms: Terms, parts: _Parts, held: set[str]) -> None:
        self.listing, self.terms, self.parts, self.held = listing, terms, parts, held
        self.made: dict[str, bytes] = {}
        self.records: dict[str, str] = {}  # content key → doc_json, made ahead (Ahead)
        self.lost: set[int] = set()

    def part(self, number: int) -> dict[str, bytes] | None:
        got = self.parts.get(number)
        if got is None and number not in self.lost:
            self.lost.add(number)
            self.held -= {key for key in self.held if doc_part(key) == number}
        return got

    def get(self, key: str) -> bytes | None:
        got = self.made.get(key)
        if got is None and key in self.held:
            part = self.part(doc_part(key))
            got = None if part is None else part.get(key)
        return got

    def make(self, remake: set[int], records: dict[int, str], ids: list[int], everything: bool = False) -> None:
        """Tokenise the documents no held part holds (their parts loaded first: a lost one adds its
        keys), and make the records of the buckets made again (`remake`): each document made once.
        `everything`: every part is loaded, and a key is held only if its part has it."""
        for number in sorted({doc_part(self.listing.keys[pos]) for pos in self.missing()} - self.lost):
            self.part(number)
        tokenise = set(self.missing())
        if everything:
            tokenise.update(pos for pos, key in enumerate(self.listing.keys) if self.get(key) is None)
        keys = self.listing.keys
        for pos in sorted(tokenise | (remake - records.keys())):
            made_ahead = self.records.get(keys[pos])
            if made_ahead is not None and keys[pos] in self.made:
                if pos in remake:
                    records[pos] = doc_fragment(ids[pos], made_ahead)
                continue
            doc = self.listing.doc(pos)
            if pos in tokenise and keys[pos] not in self.made:
                self.made[keys[pos]] = pack(doc_weights(doc, self.terms))
            if pos in remake:
                records[pos] = doc_fragment(ids[pos], doc_json(doc))

    def missing(self) -> list[int]:
        """Positions of the documents neither held nor tokenised now."""
        held, made = self.held, self.made
        return [pos for pos, key in enumerate(self.listing.keys) if key not in held and key not in made]

    def changed_parts(self, gone: Iterable[str], everything: bool) -> list[tuple[str, int, dict[str, Any]]]:
        """The parts to save, whole: those that lost or gained a key (all, if `everything`)."""
        current = set(self.listing.keys)
        numbers = set(range(DOC_PARTS)) if everything else {doc_part(k) for k in chain(gone, self.made)}
        if self.lost and not everything:  # a lost part that holds current keys: saved again, whole
            numbers |= self.lost & set(map(doc_part, current))
        made: defaultdict[int, dict[str, bytes]] = defaultdict(dict)  # by part, in one pass
        for key, packed in self.made.items():
            made[doc_part(key)][key] = packed
        saved = []
        for number in sorted(numbers):
            held = self.part(number) or {}
            content = {k: v for k, v in held.items() if k in current}
            content.update(made[number])
            if self.parts.get(number) is None or content != held:
                saved.append((HEAD, number, content))
        return saved


_Entry = tuple[bytes, str, bytes]  # a term's postings, its fragment, its kept postings if capped (else b"")


class _Table:
    """The terms' entries by trie path: set now, or read from the held parts (by term_part)."""

    def __init__(self, parts: _Parts) -> None:
        self.parts = parts
        self.new: dict[str, _Entry | None] = {}  # None: the term is gone

    def get(self, path: str) -> _Entry | None:
        if path in self.new:
            return self.new[path]
        part = self.parts.get(term_part(path))
        if part is None:
            raise _Stale(path)
        return part.get(path)

    def changed_parts(self, everything: bool) -> list[tuple[str, int, dict[str, Any]]]:
        """The parts to save, whole: those holding a term set now (all, made afresh, if `everything`)."""
        new: defaultdict[int, dict[str, _Entry | None]] = defaultdict(dict)  # by part, in one pass
        for path, got in self.new.items():
            new[term_part(path)][path] = got
        saved = []
        for number in range(TERM_PARTS) if everything else sorted(new):
            content = {} if everything else dict(self.parts.get(number) or {})
            for path, got in new[number].items():
                if got is None:
                    content.pop(path, None)
                else:
                    content[path] = got
            saved.append((TERMS, number, content))
        return saved


def _index(corpus: Corpus, article_keys: list[str] | None, store: StateStore | None, previous: dict[str, str],
           data_dir: Path, keep_state: bool, ahead: Ahead | None = None) -> tuple[dict[str, bytes | str], SearchState]:
    stop = stopwords(data_dir)
    params = _params(stop)
    head = {} if not keep_state else ahead.head if ahead is not None else _head(store, params)
    if article_keys is None and keep_state:
        # No digests from the caller: key each article by its document (costly, but only tests do this).
        article_keys = [_key(repr(article_doc(a))) for a in corpus.articles]
    listing = _listing(corpus, article_keys, head.get("tail"))
    keys, total = listing.keys, len(listing.keys)

    ids, names_key, people_base, space = _ids(listing, head)
    if space > 1 << ID_BITS:
        raise ValueError(f"{total} documents: more than {ID_BITS}-bit ids can number")
    rank = array("I", bytes(4 * space))  # id → place in listing order: the cap's "newer" tie-break
    deque(map(rank.__setitem__, ids, range(total)), maxlen=0)  # in C: no Python step per document
    order = array("I", ids).tobytes()

    # ---- each document's terms (held by content key, else tokenised)
    # A bucket file is made again unless the output holds it with the same members (id and content key).
    slots, gone, came = _changes(ids, keys, order, head)
    moved = {doc_id >> BUCKET_BITS for doc_id, _ in chain(gone, came)}  # the buckets whose members changed
    files, paths, members = _buckets(ids, keys, moved, head.get("paths", {}), previous)
    docs = _Docs(listing, ahead.terms if ahead is not None else Terms(stop, list(head.get("vocab", [""]))),
                 _Parts(store, HEAD, head.get("doc_tokens"), DOC_PARTS), set(head.get("slots", {}).values()))
    if ahead is not None:
        docs.made.update(ahead.made)
        docs.records = ahead.records
    patch = bool(head) and len(gone) + len(came) <= total // 4
    for _, key in chain(gone, came) if patch else ():  # their parts, loaded now: a lost one is a miss
        docs.get(key)
    patch = patch and all(docs.get(key) is not None for _, key in gone)
    records: dict[int, str] = {}  # pos → `[id,{record}]` for the buckets made again
    remake = {pos for held_by in members.values() for _, pos, _ in held_by}
    table = _Table(_Parts(store, TERMS, head.get("term_tokens"), TERM_PARTS))
    try:
        if not patch:
            raise _Stale("no held state to patch")
        docs.make(remake, records, ids)
        trie, sizes, capped = _patch(head, table, docs, ids, listing.names, slots, order, rank, gone, came)
        leaves, shards = _shards(trie, sizes, table, head, previous)
    except _Stale:  # made from every document: those held, and those tokenised now
        patch = False
        table.new.clear()
        for number in range(DOC_PARTS if head else 0):
            docs.part(number)
        docs.make(remake, records, ids, everything=True)
        trie, sizes, capped = _fresh(table, docs, ids, keys, rank)
        leaves, shards = _shards(trie, sizes, table, head, previous)
    files.update(shards)
    paths.update(dict.fromkeys(shards, "shard"))
    for bucket, held_by in members.items():
        files[f"search/docs/{bucket}.js"] = bucket_file(bucket, [records[pos] for _, pos, _ in held_by])
    files["search/meta.js"] = script("meta", {
        "bucket": BUCKET_BITS, "cap": POSTINGS_CAP, "depth": MAX_DEPTH, "docs": total, "format": FORMAT,
        "people": people_base,  # ids from here on are people: their own name matches count most
        "shards": sorted(leaves), "stop": sorted(stop),
    })
    if not keep_state:
        return files, SearchState({}, [])
    gone_keys = set(head.get("slots", {}).values()) - set(keys) if patch else ()
    parts = docs.changed_parts(gone_keys, everything=not patch) + table.changed_parts(everything=not patch)
    tokens = {"doc_tokens": list(docs.parts.tokens), "term_tokens": list(table.parts.tokens)}
    if not patch:
        tokens["term_tokens"] = [None] * TERM_PARTS  # every part saved again below
    return files, SearchState({
        "params": params, "vocab": docs.terms.vocab, "slots": slots, "names": names_key, "order": order,
        "named": listing.names, "ends": (0, listing.articles, listing.articles + listing.contacts, total),
        "sorted": trie, "sizes": array("I", sizes).tobytes(), "capped": capped, "leaves": leaves,
        "paths": paths, "tail": listing.tail_state, **tokens}, parts)


def _shards(trie: list[str], sizes: list[int], table: _Table, head: dict[str, Any], previous: dict[str, str]) \
        -> tuple[dict[str, tuple[str, ...]], dict[str, bytes | str]]:
    """The trie's leaves (key → terms) and their files: a leaf is made again unless it holds the
    same terms as the held one, none of them set now, and the output holds its file."""
    held_leaves: dict[str, tuple[str, ...]] = head.get("leaves", {})
    held_paths: dict[str, object] = head.get("paths", {})
    leaves: dict[str, tuple[str, ...]] = {}
    files: dict[str, bytes | str] = {}
    for key, (lo, hi) in sorted(split(trie, sizes).items()):
        in_leaf = leaves[key] = tuple(trie[lo:hi])
        path = f"search/terms/{key}.js"
        got = held_paths.get(path)
        if held_leaves.get(key) == in_leaf and table.new.keys().isdisjoint(in_leaf) and isinstance(got, tuple) \
                and previous.get(path) == got[1]:
            files[path] = got[1]
        else:
            by_term = sorted(in_leaf, key=_TERM_OF_PATH)  # json.dumps(sort_keys) order
            files[path] = shard_file(key, [table.get(p)[1] for p in by_term])  # type: ignore[index]
    return leaves, files


def _fresh(table: _Table, docs: _Docs, ids: list[int], keys: list[str], rank: array) \
        -> tuple[list[str], list[int], set[str]]:
    """Every term's entry from the documents: the trie (sorted paths), the fragments' sizes, the capped terms."""
    postings = _postings(ids, keys, docs, docs.terms.vocab)
    capped = set()
    for path, plist in postings.items():
        kept = best(plist, POSTINGS_CAP, rank, ids) if len(plist) > POSTINGS_CAP else None
        got = kept_entry(len(plist), kept) if kept is not None else encode(plist, POSTINGS_CAP)
        table.new[path] = (plist.tobytes(), fragment(_TERM_OF_PATH(path), got), b"" if kept is None else kept.tobytes())
        if kept is not None:
            capped.add(path)
    trie = sorted(table.new)
    return trie, [len(table.new[p][1]) for p in trie], capped  # type: ignore[index]


def _patch(head: dict[str, Any], table: _Table, docs: _Docs, ids: list[int], names: list[str],
           slots: dict[int, str], order: bytes, rank: array, gone: list[tuple[int, str]], came: list[tuple[int, str]]) \
        -> tuple[list[str], list[int], set[str]]:
    """The held entries patched where documents changed: the trie, the fragments' sizes, the capped
    terms. Raises _Stale if a part it needs is lost."""
    # A capped term keeps its newest postings among equals, by place in listing order. With the same
    # ids in the same order (an edit), no place changed. Otherwise the ids whose document changed
    # (`moved`: added, removed, renamed, moved in date order, or taken by another document) may have
    # changed place: their postings count as edited even at an unchanged weight. If the documents that
    # did not change are in another order (never seen: the listing order is a function of the
    # documents), every capped term is listed again from all its postings.
    moved: set[int] = set()
    relabeled: dict[int, int] = {}
    reordered = False
    if order != head["order"]:
        moved, relabeled, reordered = _moved(head, ids, names, slots, {doc_id for doc_id, _ in chain(gone, came)})
    edits = _edits(docs, docs.terms.vocab, gone, came, moved)
    capped: set[str] = set(head["capped"])
    trie: list[str] = list(head["sorted"])
    sizes: list[int] = _array(head["sizes"]).tolist()
    for path in sorted(edits.keys() | (capped if reordered else set())):
        held = table.get(path)
        plist = _patched(_array(held[0]) if held else array("I"), edits.get(path, ()))
        got = _entry(path, plist, held, edits.get(path, ()), None if reordered else moved, relabeled, rank, ids)
        table.new[path] = got
        capped.discard(path)
        if got is not None and got[2]:
            capped.add(path)
        at = bisect_left(trie, path)
        present = at < len(trie) and trie[at] == path
        if got is not None and present:
            sizes[at] = len(got[1])
        elif got is not None:
            trie.insert(at, path)
            sizes.insert(at, len(got[1]))
        elif present:
            del trie[at]
            del sizes[at]
    return trie, sizes, capped


def _moved(head: dict[str, Any], ids: list[int], names: list[str], slots: dict[int, str], changed: set[int]) \
        -> tuple[set[int], dict[int, int], bool]:
    """The ids among `changed` (their document came, went or changed) whose posting may have changed
    place among the others, the ids of documents that kept their place but not their id (old id →
    new), and whether the documents that did not change are in another order. When the documents
    held before and now keep their order among themselves (an article added or removed), only an id
    now another document's, or no document's before or now, can have moved: the contacts and people
    whose documents an added article changed keep their places, and so do the few documents whose
    ids the new one's pushed along (`assign_ids`): their postings follow them."""
    held_ids, held_names = _array(head["order"]), head["named"]
    now = dict(zip(names, ids, strict=True))
    both = [name for name in held_names if name in now]
    kept = set(both)
    if len(now) != len(names) or both != [name for name in names if name in kept]:  # one moved in date order
        stay = slots.keys() & head["slots"].keys() - changed
        return changed, {}, list(filter(stay.__contains__, held_ids)) != list(filter(stay.__contains__, ids))
    same = {doc_id for doc_id, name in zip(held_ids, held_names, strict=True) if now.get(name) == doc_id}
    relabeled = {doc_id: now[name] for doc_id, name in zip(held_ids, held_names, strict=True)
                 if name in now and now[name] != doc_id}
    return changed - same, relabeled, False  # the held documents keep their order: none moved among them


def _entry(path: str, plist: array, held: _Entry | None, edits: Sequence[tuple[int, int]],
           moved: set[int] | None, relabeled: dict[int, int], rank: array, ids: list[int]) -> _Entry | None:
    """A term's new entry from its patched postings; None if no document holds it any more.
    `moved`, `relabeled`: see `_moved` and `_kept_after`; `moved` None: any may have moved."""
    if not plist:
        return None
    kept = None
    if len(plist) > POSTINGS_CAP:
        if held and held[2] and moved is not None:
            kept = _kept_after(_array(held[2]), plist, edits, moved, relabeled, rank, ids)
        else:
            kept = best(plist, POSTINGS_CAP, rank, ids)
        if held and kept.tobytes() == held[2]:  # the same documents listed: only df changed
            return plist.tobytes(), _with_df(held[1], _TERM_OF_PATH(path), len(plist)), held[2]
    got = kept_entry(len(plist), kept) if kept is not None else encode(plist, POSTINGS_CAP)
    return plist.tobytes(), fragment(_TERM_OF_PATH(path), got), b"" if kept is None else kept.tobytes()


def _with_df(held: str, term: str, df: int) -> str:
    """A fragment with another df: `"term":[df,…` (a term's name holds no ":[")."""
    head, _, rest = held.partition(":[")
    return f"{head}:[{df}{rest[rest.index(','):]}"


def _kept_after(kept: array, plist: array, edits: Sequence[tuple[int, int]], moved: set[int],
                relabeled: dict[int, int], rank: Sequence[int], listed: Sequence[int]) -> array:
    """A capped term's best postings after `edits` (id, new weight or -1), from the held best ones
    `kept` and, only if some of those fell, the best of the others (`_best_others`).

    Sound because the postings neither edited nor moved kept their order (weight, then place):
    one that was not kept is still below every one that was and still is. A kept posting stays
    above them if it gained weight, or kept it without changing place (not `moved`); else it fell.
    A kept posting whose document kept its place under another id (`relabeled`, old → new) goes
    with it, and falls only if it lost weight. An edited posting lighter than every kept one is
    left with the others: it can only rise into the list if one fell, and then it is found there."""
    fallen = 0
    lightest = min(kept.tobytes()[_LOW::4])
    carried: dict[int, int] = {}  # new id → the weight kept under the old one
    for old, new in relabeled.items():
        at = bisect_left(kept, old << 8)
        if at < len(kept) and kept[at] >> 8 == old:
            carried[new] = kept[at] & 255
            del kept[at]
    for doc_id, weight in edits:
        at = bisect_left(kept, doc_id << 8)
        if at < len(kept) and kept[at] >> 8 == doc_id:  # held here: by the same document, or by one gone
            if doc_id not in carried and (weight > kept[at] & 255
                                          or (weight == kept[at] & 255 and doc_id not in moved)):
                kept[at] = doc_id << 8 | weight
                continue
            del kept[at]
            fallen += 1
        if weight < carried.get(doc_id, -1):
            fallen += 1
        if weight >= lightest:
            kept.insert(at, doc_id << 8 | weight)
    fallen += len(carried.keys() - {doc_id for doc_id, _ in edits})  # no longer holds the term
    for posting in _best_others(plist, kept, fallen, rank, listed, lightest) if fallen else ():
        kept.insert(bisect_left(kept, posting), posting)
    return _drop_lowest(kept, len(kept) - POSTINGS_CAP, rank, listed)


def _best_others(plist: array, kept: array, count: int, rank: Sequence[int], listed: Sequence[int],
                 lightest: int) -> list[int]:
    """The `count` best postings (weight, then place) of `plist` not in `kept`, which holds every
    edited one as heavy as `lightest`. The others are no heavier than `lightest`, the lightest weight
    kept before the edits: weights are taken from there down, and each looked at in C (counted, compressed,
    the kept ones filtered out, the best place found by max)."""
    weights, kept_weights = plist.tobytes()[_LOW::4], kept.tobytes()[_LOW::4]
    found: list[int] = []
    for weight in sorted((w for w in set(weights) if w <= lightest), reverse=True):
        if weights.count(weight) == kept_weights.count(weight):
            continue  # all kept
        skip = set(compress(kept, kept_weights.translate(_AT[weight])))
        others = filterfalse(skip.__contains__, compress(plist, weights.translate(_AT[weight])))
        places = map(rank.__getitem__, map(_ID_OF, others))
        need = count - len(found)
        found += (listed[place] << 8 | weight for place in ([max(places)] if need == 1 else nlargest(need, places)))
        if len(found) >= count:
            break
    return found


def _drop_lowest(kept: array, excess: int, rank: Sequence[int], listed: Sequence[int]) -> array:
    """`kept` (sorted by id) without its `excess` lowest postings: lightest, then oldest (lowest
    place). An edit adds one or two postings to a capped term: dropping them is a few C passes
    over the kept ones, where `best` would sort their ties."""
    while excess > 0:
        weights = kept.tobytes()[_LOW::4]
        lowest = min(weights)
        places = list(map(rank.__getitem__, map(_ID_OF, compress(kept, weights.translate(_AT[lowest])))))
        drop = [min(places)] if excess == 1 else nsmallest(excess, places)  # one: no heap
        for place in drop:  # a posting is found by its id (at that place) and weight, not looked for
            del kept[bisect_left(kept, listed[place] << 8 | lowest)]
        excess -= len(drop)
    return kept


def _array(data: bytes) -> array:
    postings = array("I")
    postings.frombytes(data)
    return postings


def _postings(ids: list[int], keys: list[str], docs: _Docs, vocab: list[str]) -> dict[str, array]:
    """Every term's postings (by trie path), documents taken in id order so that each list
    comes out sorted; appended in C (map over array.append), no Python step per posting."""
    table = [array("I") for _ in vocab]  # by term number
    for doc_id, key in sorted(zip(ids, keys, strict=True)):
        numbers, weights = unpack(docs.get(key))  # type: ignore[arg-type]
        deque(map(array.append, map(table.__getitem__, numbers), map((doc_id << 8).__or__, weights)), maxlen=0)
    return {trie_path(term): plist for term, plist in zip(vocab, table, strict=True) if plist}


def _edits(docs: _Docs, vocab: list[str], gone: Iterable[tuple[int, str]], came: Iterable[tuple[int, str]],
           moved: set[int]) -> dict[str, list[tuple[int, int]]]:
    """trie path → (id, new weight or -1: dropped), sorted, for each term whose postings changed:
    a document edited in place changes only the terms whose weight in it changed; one whose id
    is in `moved` changes every term it holds (its place may have changed)."""
    change: defaultdict[int, dict[int, int]] = defaultdict(dict)  # id → term number → new weight, -1: drop
    if any(docs.get(key) is None for _, key in chain(gone, came)):
        raise _Stale("a document's part lacks it")  # never seen: a part is saved whole, with its keys
    for doc_id, key in gone:
        numbers, weights = unpack(docs.get(key))  # type: ignore[arg-type]
        change[doc_id].update(zip(numbers, map((-1).__sub__, weights), strict=True))  # -1 - w: was w
    for doc_id, key in came:
        now = change[doc_id]
        for number, weight in zip(*unpack(docs.get(key)), strict=True):  # type: ignore[arg-type]
            if now.get(number) == -1 - weight and doc_id not in moved:  # held with the same weight: no change
                del now[number]
            else:
                now[number] = weight
    by_term: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, numbered in change.items():
        for number, weight in numbered.items():
            by_term[trie_path(vocab[number])].append((doc_id, max(weight, -1)))
    return {path: sorted(edits) for path, edits in by_term.items()}


def _patched(plist: array, edits: Iterable[tuple[int, int]]) -> array:
    """Postings with the edits made, by bisection."""
    for doc_id, weight in edits:
        at = bisect_left(plist, doc_id << 8)
        if at < len(plist) and plist[at] >> 8 == doc_id:
            del plist[at]
        if weight >= 0:
            plist.insert(at, doc_id << 8 | weight)
    return plist
