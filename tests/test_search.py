"""Full-text search: the Python index builder and static/search.js, which must agree.

The JS runs under node: static/search.js exports its pure functions and its engine when
`module` exists, and the engine loads index files the way <script> does (they call the
global ArchiveSearch). tests/search_size.py holds the synthetic corpus and the size probe.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import os
import pickle
import random
import shutil
import subprocess
import sys
import textwrap
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest

from archive import search
from archive.model import Article, Contact, Corpus, Participant, Person, Role, Source, TimelineEntry

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_size

ROOT = Path(__file__).resolve().parent.parent
SEARCH_JS = ROOT / "static" / "search.js"
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is needed to run static/search.js")

BLINKEN_ARTICLE = "articles/blinken-in-beijing/index.html"
HOSTILE = '<script>alert(1)</script> "onload=alert(2) \u2028 line\u2029 end </script><!--'


def node(code: str, payload: object) -> object:
    """Run `code` with S = static/search.js and INPUT = payload; it prints JSON."""
    program = f"""
const S = require({json.dumps(str(SEARCH_JS))});
globalThis.ArchiveSearch = S.registry;
const INPUT = JSON.parse(require("fs").readFileSync(0, "utf8"));
(async () => {{ {code} }})().catch(e => {{ console.error(e); process.exit(1); }});
"""
    done = subprocess.run(["node", "-e", program], input=json.dumps(payload), capture_output=True, text=True,
                          check=True, timeout=60)
    return json.loads(done.stdout)


def small_corpus() -> Corpus:
    body = textwrap.dedent("""\
        Antony Blinken met Wang Yi in Beijing on Monday. The talks were long.

        ## Trade

        Tariffs on semiconductors dominated the afternoon session, officials said.

        Both sides agreed that **climate** cooperation would resume, as [reported](https://x.org) before.""")
    contact = Contact(id="2023-06-18-blinken-wang-yi", date="2023-06-18", date_precision="day",
                      participants=(Participant("Wang Yi", "CN", "Foreign Minister"),
                                    Participant("Antony Blinken", "US", "Secretary of State")),
                      mode="in-person", summary="Blinken and Wang Yi held talks in Beijing.", place="Beijing",
                      sources=(Source("blinken-in-beijing", "Antony Blinken met Wang Yi", "p-1"),))
    articles = [
        Article(slug="blinken-in-beijing", title="Blinken visits Beijing", date=dt.date(2023, 6, 19), body=body,
                outlet="Global Times", summary="A first visit since 2018.", people=("Antony Blinken", "Wang Yi"),
                contacts=(contact,)),
        Article(slug="hostile", title=HOSTILE, date=dt.date(2023, 7, 1),
                body=f"Paragraph one about fisheries.\n\n{HOSTILE} café policies"),
        Article(slug="climate-talks", title="Climate envoys meet", date=dt.date(2023, 7, 16),
                body="John Kerry and Xie Zhenhua discussed climate and methane. Climate again.",
                people=("John Kerry", "Xie Zhenhua")),
    ]
    people = [Person(id="wang-yi", name="Wang Yi", side="CN", aliases=("Wang",),
                     roles=(Role("Foreign Minister", "2023-07-25"),), description="China's top diplomat.")]
    return Corpus(articles, people, [TimelineEntry(contact, ("blinken-in-beijing",))])


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    search_size.write_files(search.index_files(small_corpus()), folder)
    return folder


def call_args(data: bytes) -> list[object]:
    """The JSON arguments of an `ArchiveSearch.x(…);` index file."""
    text = data.decode("ascii")
    assert text.startswith("ArchiveSearch.") and text.endswith(");\n")
    return json.loads("[" + text[text.index("(") + 1: -3] + "]")


def shard_terms(files: dict[str, bytes]) -> dict[str, list]:
    terms: dict[str, list] = {}
    for name, data in files.items():
        if name.startswith("search/terms/"):
            key, entries = call_args(data)
            assert name == f"search/terms/{key}.js"
            terms.update(entries)  # type: ignore[arg-type]
    return terms


def decode(entry: list) -> tuple[int, list[int], list[int]]:
    """Python twin of search.js decode: [df, base-32 deltas, weights] → df, ids, weights."""
    ids, total, more = [], 0, 0
    for char in entry[1]:
        digit = search.WEIGHT_ALPHABET.index(char)
        if digit >= 32:  # a leading digit: more follow
            more = more * 32 + digit - 32
        else:
            total += more * 32 + digit
            more = 0
            ids.append(total)
    return entry[0], ids, [search.WEIGHT_ALPHABET.index(c) for c in entry[2]]


def doc_files(files: dict[str, bytes]) -> dict[int, dict]:
    """id → the record of each document of the search/docs/<bucket>.js files, in id order."""
    docs: dict[int, dict] = {}
    for name, data in files.items():
        if name.startswith("search/docs/"):
            bucket, pairs = call_args(data)
            assert name == f"search/docs/{bucket}.js"
            ids = [doc_id for doc_id, _ in pairs]  # type: ignore[attr-defined]
            assert ids == sorted(ids) and all(doc_id >> search.BUCKET_BITS == bucket for doc_id in ids)
            docs.update(pairs)  # type: ignore[arg-type]
    return dict(sorted(docs.items()))


def id_of(files: dict[str, bytes], url: str) -> int:
    return next(i for i, d in doc_files(files).items() if d["u"] == url)


def bucket_path(doc_id: int) -> str:
    return f"search/docs/{doc_id >> search.BUCKET_BITS}.js"


# ---------------------------------------------------------------- tokeniser


def test_tokenizer_folds_case_accents_possessives_plurals_and_drops_stopwords() -> None:
    assert search.tokenize("The Café’s owners met Xi's envoys") == ["cafe", "owner", "met", "xi", "envoy"]
    assert search.tokenize("China-US talks: policies, taxes & buses") == ["china", "us", "talk", "policy", "tax",
                                                                           "buse"]
    assert search.tokenize("G7 leaders, 2023 summit, 5 points, a b") == ["g7", "leader", "2023", "summit", "5",
                                                                          "point"]
    assert search.tokenize("crisis status class") == ["crisis", "status", "class"]
    assert search.tokenize("Zhōngnánhǎi Düsseldorf") == ["zhongnanhai", "dusseldorf"]
    assert "us" in search.tokenize("the US and us")  # "US" is a word here, not a stopword
    assert search.tokenize(HOSTILE) == ["script", "alert", "1", "script", "onload", "alert", "2", "line", "end",
                                        "script"]


AGREEMENT = [
    "Xi’s “talks” with Biden — in Bali", "ÉLYSÉE naïve coöperate façade", "rock'n'roll 'quoted' students'",
    "Straße İstanbul ΣΊΣΥΦΟΣ", "北京 会谈 2023年", "fish_and_chips snake_case", "e-mail, U.S.-China; 3.5%",
    "ﬁnancial ligature ½ ² ⅷ", "policies ties bus crises series", "tab\tnew\nline\u2028sep", "''' ' 's",
    "Ke Qiang’s", "don’t won't it's", HOSTILE, "Ωmega ǅemal Ǆ", "ａｂｃ full-width １２", "Straße STRASSE",
]


def test_python_and_javascript_tokenizers_agree() -> None:
    stop = sorted(search.stopwords())
    got = node("console.log(JSON.stringify(INPUT.texts.map(t => S.tokenize(t, new Set(INPUT.stop)))));",
               {"texts": AGREEMENT, "stop": stop})
    assert got == [search.tokenize(text) for text in AGREEMENT]


def test_index_terms_equal_the_tokenizer_terms() -> None:
    corpus = small_corpus()
    terms = shard_terms(search.index_files(corpus))
    docs = search.search_docs(corpus)
    expected = {t for doc in docs for text in (doc.title, doc.names, doc.extra, *(b for _, b in doc.blocks))
                for t in search.tokenize(text)}
    assert set(terms) == expected


# ---------------------------------------------------------------- the index files


def test_small_corpus_index_holds_the_expected_docs_and_terms() -> None:
    corpus = small_corpus()
    files = search.index_files(corpus)
    docs = doc_files(files)
    meta = call_args(files["search/meta.js"])[0]
    # Ids are ranges by kind: articles, then contacts, then people from meta.people on.
    assert [d["k"] for d in docs.values()] == ["article"] * 3 + ["contact"] + ["person"] * 4
    assert [i >= meta["people"] for i, d in docs.items()] == [d["k"] == "person" for d in docs.values()]  # type: ignore[index]
    article, contact = id_of(files, "articles/blinken-in-beijing/index.html"), \
        id_of(files, "timeline/2023/06/index.html#2023-06-18-blinken-wang-yi")
    hostile, climate = id_of(files, "articles/hostile/index.html"), id_of(files, "articles/climate-talks/index.html")
    assert {d["u"] for d in docs.values()} >= {"people/wang-yi/index.html", "people/john-kerry/index.html"}
    assert ["p-3", "Both sides agreed that climate cooperation would resume, as reported before."] \
        in docs[article]["b"]  # Markdown gone, anchors kept
    terms = shard_terms(files)
    df, ids, weights = decode(terms["blinken"])
    assert df == len(ids) == 3 and article in ids and contact in ids  # the article, the contact, Blinken's page
    assert weights[ids.index(article)] & search.IN_TITLE and weights[ids.index(article)] & search.IN_NAMES
    _, climate_ids, climate_weights = decode(terms["climate"])
    assert climate_ids == sorted([article, climate])
    assert climate_weights[climate_ids.index(climate)] & search.TF_MAX == 2
    assert decode(terms["fishery"])[1] == [hostile]
    assert "the" not in terms and "said" not in terms
    assert meta["docs"] == len(docs) and "the" in meta["stop"]  # type: ignore[index]
    assert sorted(meta["shards"]) == sorted(n[13:-3] for n in files if n.startswith("search/terms/"))  # type: ignore[index]


def test_hostile_text_is_json_data_that_cannot_end_a_script() -> None:
    files = search.index_files(small_corpus())
    for name, data in files.items():
        assert b"</" not in data and b"<" not in data, name
        assert "\u2028".encode() not in data and "\u2029".encode() not in data, name
        assert data.isascii() and data.count(b"\n") == 1 and data.endswith(b");\n"), name
    hostile_id = id_of(files, "articles/hostile/index.html")
    path = bucket_path(hostile_id)
    hostile = dict(call_args(files[path])[1])[hostile_id]  # type: ignore[arg-type]
    assert hostile["t"] == HOSTILE  # type: ignore[index]  # stored exactly, shown later with textContent
    assert [b[1] for b in hostile["b"]][1] == f"{HOSTILE} café policies"  # type: ignore[index]
    raw = files[path].decode()
    assert "\\u003cscript>" in raw and "\\u003c/script>" in raw and "\\u2028" in raw


def test_documents_are_grouped_in_buckets_of_ids_with_their_text_cut() -> None:
    corpus = search_size.synthetic_corpus(200, seed=2)
    files = search.index_files(corpus)
    docs = doc_files(files)  # checks each document sits in the bucket of its id, in id order
    buckets = [n for n in files if n.startswith("search/docs/")]
    assert len(docs) == len(search.search_docs(corpus)) and len(buckets) <= len(docs) // 2
    assert call_args(files["search/meta.js"])[0]["bucket"] == search.BUCKET_BITS  # type: ignore[index]
    assert search.id_space(0) >= 1 << search.BUCKET_BITS  # kinds start at multiples of a bucket: never mixed
    # A doc keeps its first DOC_TEXT_CHARS of text, but all its text (up to INDEX_TEXT_CHARS) is indexed.
    assert max(sum(len(b[1]) for b in d["b"]) for d in docs.values()) == search.DOC_TEXT_CHARS
    terms = shard_terms(files)
    long_doc = next(d for d in search.search_docs(corpus)
                    if sum(len(b) for _, b in d.blocks) > 2 * search.DOC_TEXT_CHARS)
    assert set(search.tokenize(long_doc.blocks[-1][1])) <= set(terms)
    # Cut docs say so: the browser keeps them for a quoted phrase it cannot find in what they keep.
    cut = [d for d in docs.values() if "c" in d]
    assert cut and all(sum(len(b[1]) for b in d["b"]) == search.DOC_TEXT_CHARS for d in cut)
    # The fragments make what script() would.
    name = buckets[0]
    bucket, pairs = call_args(files[name])
    assert files[name] == search.script("docs", bucket, pairs)


def test_a_bucket_is_loaded_once_for_all_the_results_it_holds(tmp_path: Path) -> None:
    corpus = search_size.synthetic_corpus(120, seed=4)
    search_size.write_files(search.index_files(corpus), tmp_path)
    (found,) = search_size.run_queries(tmp_path, [{"text": "china", "live": False, "limit": 60}])
    ids = [r["id"] for r in found["results"]]
    loaded = [p for p, _ in found["loaded"] if p.startswith("search/docs/")]
    assert len(ids) == 60 and len(set(loaded)) == len(loaded)  # each bucket file once
    assert sorted(loaded) == sorted({f"search/docs/{i >> search.BUCKET_BITS}.js" for i in ids})
    assert len(loaded) < len(ids)


def test_same_input_gives_byte_identical_files_whatever_the_hash_seed() -> None:
    first, second = search.index_files(small_corpus()), search.index_files(small_corpus())
    assert first == second
    digest = (f"import hashlib, sys; sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / 'tests')!r}]\n"
              "from archive import search; import search_size\n"
              "files = search.index_files(search_size.synthetic_corpus(60))\n"
              "print(hashlib.sha256(b''.join(k.encode() + v for k, v in sorted(files.items()))).hexdigest())")
    runs = {subprocess.run([sys.executable, "-c", digest], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1


def test_frequent_terms_keep_their_best_postings_and_their_true_df() -> None:
    postings = array("I", [n << 8 | (1 if n % 7 else 40) for n in range(100)])  # id << 8 | weight byte
    df, ids, weights = decode(search.encode(postings, cap=10))
    assert df == 100 and len(ids) == 10 and ids == sorted(ids)
    assert ids == list(range(35, 99, 7)) and weights == [15] * 10  # the heaviest (tf 40 → 15), newest first
    assert decode(search.encode(postings[:5]))[1] == [0, 1, 2, 3, 4]
    # "Newest" is the place in listing order, not the id: here the lower ids are the newer docs.
    rank = list(range(99, -1, -1))
    assert decode(search.encode(postings, cap=10, rank=rank, listed=rank))[1] == list(range(0, 64, 7))
    # Cut among equal weights only: all heavier postings are kept, the rest are the newest.
    mixed = array("I", [n << 8 | (3 if n < 4 else 2 if n % 2 else 1) for n in range(60)])
    assert decode(search.encode(mixed, cap=10))[1] == [0, 1, 2, 3, 49, 51, 53, 55, 57, 59]


def test_ids_are_base_32_deltas_of_any_size() -> None:
    for n in (0, 1, 31, 32, 1023, 1024, 32767, 32768, 10**6, 2**24 - 1):
        assert decode([1, search.vlq(n), "1"])[1] == [n]
    assert [search.vlq(n) for n in range(len(search._VLQ))] == search._VLQ
    ids = [3, 40, 41, 2000, 70_000, 70_031]
    entry = search.encode(array("I", [i << 8 | 1 for i in ids]))
    assert decode(entry)[1] == ids and entry[1] == "".join(map(search.vlq, [3, 37, 1, 1959, 68_000, 31]))
    got = node("console.log(JSON.stringify(S.decode(INPUT)));", entry)
    assert got == {"df": 6, "ids": ids, "weights": [1] * 6, "cut": False}


def test_ids_depend_on_the_keys_not_on_the_order_or_history() -> None:
    keys = [f"article-{n:05d}" for n in range(3000)]
    ids = search.assign_ids(keys)
    assert len(set(ids)) == len(keys) and max(ids) < search.id_space(len(keys)) <= 2 * 3 * len(keys) // 2
    assert search.assign_ids(keys[::-1]) == ids[::-1]  # the order given does not matter
    assert search.assign_ids(keys, 100) == [i + 100 for i in ids]
    more = search.assign_ids([*keys, "article-new"])
    moved = [k for k, a, b in zip(keys, ids, more, strict=False) if a != b]
    assert len(moved) <= 3  # only keys probing past the new one's id can move
    fewer = search.assign_ids(keys[:1500] + keys[1501:])
    assert sum(a != b for a, b in zip(ids[:1500] + ids[1501:], fewer, strict=True)) <= 3



# ---------------------------------------------------------------- incremental builds


class Memory:
    """A store in memory, pickled as archive.store.Store keeps it; `saved` lists each save's entry name."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}
        self.saved: list[str] = []
        self.loaded: list[str] = []

    def load(self, name: str) -> object:
        self.loaded.append(name)
        try:
            return pickle.loads(self.entries[name])
        except (KeyError, pickle.UnpicklingError):  # as Store: a miss, never an error
            return None

    def save(self, name: str, value: object) -> None:
        self.saved.append(name)
        self.entries[name] = pickle.dumps(value)


class Output:
    """An output folder as update_index sees it: bytes by path, the manifest, the saved state."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.store = Memory()

    def build(self, corpus: Corpus, ahead: bool = False) -> set[str]:
        """One build the way archive/build.py runs it; returns the paths written or removed.
        `ahead`: the articles' documents made first (search.articles_ahead), as a build that read
        many records does."""
        keys = [search._key(repr(a)) for a in corpus.articles]
        manifest = {path: hashlib.sha256(data).hexdigest() for path, data in self.files.items()}
        self.store.saved.clear()
        self.store.loaded.clear()
        made_ahead = search.articles_ahead(corpus.articles, keys, self.store) if ahead else None
        made, state = search.update_index(corpus, keys, self.store, manifest, ahead=made_ahead)
        new = {path: self.files[path] if isinstance(data, str) else data for path, data in made.items()}
        assert all(manifest[p] == d for p, d in made.items() if isinstance(d, str)), "a held file is not held"
        changed = {p for p in new.keys() | self.files.keys() if new.get(p) != self.files.get(p)}
        self.files = new
        digests = {path: hashlib.sha256(data).hexdigest() for path, data in new.items()}
        state.save(self.store, digests)
        return changed


def replaced(corpus: Corpus, articles: list[Article]) -> Corpus:
    return Corpus(sorted(articles, key=lambda a: (a.date, a.slug)), corpus.people, corpus.timeline)


def test_incremental_index_equals_a_cold_one_and_changes_only_what_it_must(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "POSTINGS_CAP", 40)  # so that capped terms are patched too
    monkeypatch.setattr(search, "SHARD_BYTES", 3000)
    corpus = search_size.synthetic_corpus(240, seed=3)
    out = Output()
    first = out.build(corpus)
    assert out.files == search.index_files(corpus) and len(first) == len(out.files)
    pool = search_size.pools(3)
    added = dataclasses.replace(search_size.article(999, pool, 3), slug="zz-added", date=corpus.articles[120].date)

    def edit(which: str, **changes: object) -> Callable[[list[Article]], list[Article]]:
        return lambda now: [dataclasses.replace(a, **changes) if a.slug == which else a for a in now]  # type: ignore[arg-type]

    steps: list[tuple[str, Callable[[list[Article]], list[Article]]]] = [
        ("add", lambda now: [*now, added]),
        ("edit body", edit(corpus.articles[100].slug, body=corpus.articles[100].body + "\n\nTariffs rose.")),
        ("delete", lambda now: [a for a in now if a.slug != corpus.articles[7].slug]),
        ("rename", edit(corpus.articles[50].slug, slug="renamed")),
        ("move in date order", edit(corpus.articles[3].slug, date=corpus.articles[-1].date)),
        ("edit title", edit(corpus.articles[200].slug, title="Sanctions and chips")),
        ("nothing", lambda now: now),
    ]
    articles = list(corpus.articles)
    for name, step in steps:
        articles = step(articles)
        changed_corpus = replaced(corpus, articles)
        changed = out.build(changed_corpus)
        cold = search.index_files(changed_corpus)
        assert out.files == cold, name
        docs = {p for p in changed if p.startswith("search/docs/")}
        assert len(docs) <= (0 if name == "nothing" else 4), (name, sorted(docs))  # its bucket, rarely a neighbour's
        if name.startswith("edit"):  # an edit in place: the bucket holding the article, nothing else
            slug = corpus.articles[100 if name == "edit body" else 200].slug
            bucket = {bucket_path(id_of(cold, f"articles/{slug}/index.html"))}
            # (the body's new last line lies past the text a doc keeps: its bucket's bytes are unchanged)
            assert docs == (set() if name == "edit body" else bucket), name
        shards = sum(p.startswith("search/terms/") for p in cold)
        assert len(changed - docs) < shards // 2 or name == "move in date order", (name, len(changed), shards)
        if name == "nothing":
            assert changed == set()


def test_articles_made_ahead_give_the_same_index_and_are_not_made_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "POSTINGS_CAP", 40)
    corpus = search_size.synthetic_corpus(120, seed=5)
    keys = [search._key(repr(a)) for a in corpus.articles]
    made: list[str] = []
    article_doc = search.article_doc
    monkeypatch.setattr(search, "article_doc", lambda a: made.append(a.slug) or article_doc(a))
    ahead = search.articles_ahead(corpus.articles, keys, None)
    assert made == corpus.slugs()
    made.clear()
    files, _ = search.update_index(corpus, keys, None, {}, ahead=ahead)
    assert made == [] and files == search.index_files(corpus)
    # A rebuild: only the articles the held state lacks are made ahead, with the same bytes.
    edited = replaced(corpus, [dataclasses.replace(a, title="Sanctions and chips") if n == 30 else a
                               for n, a in enumerate(corpus.articles)])
    early, plain = Output(), Output()
    for step in (corpus, edited):
        made.clear()
        early.build(step, ahead=True)
        plain.build(step)
        assert early.files == plain.files == search.index_files(step)
    made.clear()
    early.build(replaced(corpus, list(corpus.articles)), ahead=True)  # back as it was: the held state lacks one
    assert made.count(corpus.articles[30].slug) == 1 and early.files == search.index_files(corpus)


@pytest.mark.parametrize("size", [3000, 40, 9])  # small: runs wrap around the end of the id space
def test_reassign_ids_gives_assign_ids(size: int) -> None:
    """Ids worked out from the held ones are the ids worked out afresh, whatever came and went."""
    rng = random.Random(size)
    keys = [f"article-{i}" for i in range(size)]
    for trial in range(300):
        now = list(keys)
        for _ in range(rng.randint(0, 4)):
            if len(now) > 2:
                now.pop(rng.randrange(len(now)))
        for _ in range(rng.randint(0, 4)):
            now.insert(rng.randrange(len(now)), f"new-{trial}-{rng.random()}")
        assert search.reassign_ids(now, 64, keys, search.assign_ids(keys, 64)) == search.assign_ids(now, 64), trial
        keys = now


def test_random_changes_give_a_cold_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adds, deletes, edits, renames and date moves in any mix, with a cap most terms exceed: every
    incremental index is the cold one (the capped terms' kept postings are patched, not redone)."""
    monkeypatch.setattr(search, "POSTINGS_CAP", 12)
    monkeypatch.setattr(search, "SHARD_BYTES", 2000)
    corpus = search_size.synthetic_corpus(90, seed=11)
    pool = search_size.pools(11)
    rng = random.Random(11)
    out = Output()
    out.build(corpus)
    articles = list(corpus.articles)
    for step in range(40):
        for _ in range(rng.randint(1, 3)):
            pick = rng.randrange(len(articles))
            what = rng.choice(("add", "delete", "edit", "rename", "date", "title"))
            a = articles[pick]
            if what == "add":
                made = search_size.article(1000 + step * 10 + pick % 10, pool, 11)
                articles.append(dataclasses.replace(made, slug=f"added-{step}-{pick}", date=a.date))
            elif what == "delete" and len(articles) > 20:
                del articles[pick]
            elif what == "edit":
                articles[pick] = dataclasses.replace(a, body=a.body + f"\n\nSanctions talks {step} trade tariffs.")
            elif what == "rename":
                articles[pick] = dataclasses.replace(a, slug=f"renamed-{step}-{pick}")
            elif what == "date":
                articles[pick] = dataclasses.replace(a, date=articles[rng.randrange(len(articles))].date)
            else:
                articles[pick] = dataclasses.replace(a, title=f"Trade and sanctions {step}")
        changed = replaced(corpus, articles)
        out.build(changed)
        assert out.files == search.index_files(changed), step


@pytest.mark.parametrize("change", ["none", "shortened", "retitled"])
def test_documents_an_added_one_pushes_to_other_ids_keep_their_kept_postings(
        monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    """An added article can push the articles after it in its run of ids along (assign_ids): they
    keep their place in the listing, so their kept postings of capped terms follow them to their new
    ids, unless they lost weight (or the term) in the same build. Every way, the cold index."""
    monkeypatch.setattr(search, "POSTINGS_CAP", 12)
    monkeypatch.setattr(search, "SHARD_BYTES", 2000)
    corpus = search_size.synthetic_corpus(90, seed=5)
    slugs = corpus.slugs()
    assert search.id_space(90) == search.id_space(91)  # the same space: ids are pushed, not all redone
    before = dict(zip(slugs, search.assign_ids(slugs), strict=True))
    new = next(f"added-{n}" for n in range(1000)
               if any(before[s] != i for s, i in zip(slugs, search.assign_ids([*slugs, f"added-{n}"]), strict=False)))
    now = dict(zip([*slugs, new], search.assign_ids([*slugs, new]), strict=True))
    pushed = next(a for a in corpus.articles if now[a.slug] != before[a.slug])
    out = Output()
    out.build(corpus)
    added = dataclasses.replace(search_size.article(500, search_size.pools(5), 5), slug=new,
                                date=corpus.articles[40].date)
    if change == "shortened":  # lighter in most of its terms, and without most of them
        edited = dataclasses.replace(pushed, body=pushed.body[:200])
    elif change == "retitled":  # its title words lose the title's weight
        edited = dataclasses.replace(pushed, title="Untitled")
    else:
        edited = pushed
    articles = [edited if a is pushed else a for a in corpus.articles] + [added]
    changed = replaced(corpus, articles)
    out.build(changed)
    assert out.files == search.index_files(changed)


def test_a_lost_or_corrupt_part_of_the_state_is_a_miss() -> None:
    """A part missing, unreadable, from another build or not a part at all: the index is still the
    cold one, and the part is saved again."""
    corpus = search_size.synthetic_corpus(80, seed=4)
    articles = list(corpus.articles)
    for damage in ("delete", "garbage", "token", "all"):
        out = Output()
        out.build(corpus)
        names = [n for n in out.store.entries if n != search.HEAD]
        hit = names if damage == "all" else names[::5]
        for name in hit:
            if damage == "delete":
                del out.store.entries[name]
            elif damage == "garbage":
                out.store.entries[name] = b"not a pickle"
            else:
                out.store.entries[name] = pickle.dumps(("another build", {}))
        edited = dataclasses.replace(articles[30], body=articles[30].body + "\n\nTariffs rose again.")
        changed = replaced(corpus, [edited if a is articles[30] else a for a in articles])
        out.build(changed)
        assert out.files == search.index_files(changed), damage
        out.build(changed)  # and the parts saved again hold what they must
        assert out.files == search.index_files(changed), damage


def test_an_edit_reads_and_writes_a_few_parts() -> None:
    """The state is in parts: an edit reads the head and the parts of what it touches, and saves
    only the parts it changed (the documents' of the old and new content, the changed terms')."""
    corpus = search_size.synthetic_corpus(200, seed=6)
    out = Output()
    out.build(corpus)
    parts = search.DOC_PARTS + search.TERM_PARTS
    assert len(out.store.saved) == parts + 1
    articles = list(corpus.articles)
    edited = dataclasses.replace(articles[40], body=articles[40].body + "\n\nTariffs rose.")
    out.build(replaced(corpus, [edited if a is articles[40] else a for a in articles]))
    assert out.store.saved[-1] == search.HEAD and len(out.store.saved) <= 6, out.store.saved
    assert len(out.store.loaded) <= 8, out.store.loaded


def test_search_state_is_compact_to_load() -> None:
    """The state is a few big objects (strings, bytes), not one object per term of every document."""
    out = Output()
    corpus = search_size.synthetic_corpus(60)
    out.build(corpus)
    head = out.store.load(search.HEAD)
    assert isinstance(head, dict)
    docs: dict[str, bytes] = {}
    terms: dict[str, tuple[bytes, str, bytes]] = {}
    for number in range(search.DOC_PARTS):
        docs.update(out.store.load(f"{search.HEAD}-{number:02d}")[1])  # type: ignore[index]
    for number in range(search.TERM_PARTS):
        terms.update(out.store.load(f"{search.TERMS}-{number:02d}")[1])  # type: ignore[index]
    assert all(type(packed) is bytes for packed in docs.values())  # one flat object per document
    assert all(isinstance(p, bytes) and isinstance(f, str) and isinstance(k, bytes) for p, f, k in terms.values())
    vocab = head["vocab"]
    assert isinstance(vocab, list) and all(isinstance(t, str) for t in vocab)
    # An entry is the document's terms (by number in vocab) with their weights, as tokenising gives them.
    article = corpus.articles[0]
    numbers, weights = search.unpack(docs["a" + search._key(repr(article))])
    terms_now = search.Terms(search.stopwords(), [""])
    expected = {terms_now.vocab[n]: w for n, w in search.doc_weights(search.article_doc(article), terms_now).items()}
    assert dict(zip([vocab[n] for n in numbers], weights, strict=True)) == expected and "" not in expected


def test_shards_partition_the_terms_and_javascript_finds_each_term_its_shard(monkeypatch: pytest.MonkeyPatch) \
        -> None:
    monkeypatch.setattr(search, "SHARD_BYTES", 300)  # force a deep trie on a small corpus
    files = search.index_files(search_size.synthetic_corpus(30))
    meta = call_args(files["search/meta.js"])[0]
    shards = meta["shards"]  # type: ignore[index]
    assert any(len(k) > 2 for k in shards) and not any(a != b and b.startswith(a) for a in shards for b in shards)
    where = {term: name[13:-3] for name, data in files.items() if name.startswith("search/terms/")
             for term in call_args(data)[1]}  # type: ignore[union-attr]
    sample = sorted(where)[::7]
    found = node("const ix = S.shardIndex(INPUT.meta);"
                 "console.log(JSON.stringify(INPUT.terms.map(t => S.shardFor(t, ix))));",
                 {"meta": meta, "terms": sample})
    assert found == [where[t] for t in sample]
    sizes = [len(d) for n, d in files.items() if n.startswith("search/terms/")]
    assert max(sizes) < 3000


# ---------------------------------------------------------------- search.js behaviour

QUERY = """
const fs = require("fs"), path = require("path"), vm = require("vm");
const out = [];
for (const q of INPUT.queries) {
  const engine = S.makeEngine(async (p) => vm.runInThisContext(fs.readFileSync(path.join(INPUT.site, p), "utf8")));
  const found = await engine.search(q.text, q.live || false);
  const results = await engine.results(found, 0, q.limit || 10);
  out.push({hits: found.hits.map(h => h.id), exact: found.exact, query: found.query,
            results: results.map(r => ({id: r.id, url: r.doc.u, anchor: r.snippet.anchor, title: r.title,
                                         snippet: r.snippet.segments}))});
}
console.log(JSON.stringify(out));
"""


def run(site: Path, *queries: str | dict) -> list[dict]:
    asked = [q if isinstance(q, dict) else {"text": q} for q in queries]
    return node(QUERY, {"site": str(site), "queries": asked})  # type: ignore[return-value]


def marked(segments: list[dict]) -> list[str]:
    return [s["text"] for s in segments if s["mark"]]


def test_and_of_terms_with_title_and_name_matches_first(small_site: Path) -> None:
    blinken, both, none = run(small_site, "blinken", "blinken climate", "blinken fisheries")
    assert [r["url"] for r in blinken["results"]] == [  # his page, then the name in title, names and body
        "people/antony-blinken/index.html", "timeline/2023/06/index.html#2023-06-18-blinken-wang-yi",
        "articles/blinken-in-beijing/index.html"]
    assert [r["url"] for r in both["results"]] == [BLINKEN_ARTICLE]
    assert both["hits"] == [r["id"] for r in both["results"]]
    assert none["hits"] == [] and none["exact"]


def test_snippet_marks_the_matching_words_and_links_the_paragraph(small_site: Path) -> None:
    (tariffs,) = run(small_site, "tariff semiconductor")
    result = tariffs["results"][0]
    assert result["anchor"] == "p-2"
    assert marked(result["snippet"]) == ["Tariffs", "semiconductors"]
    assert "".join(s["text"] for s in result["snippet"]).startswith("Tariffs on semiconductors dominated")
    (talks,) = run(small_site, "Wang talks")
    article = next(r for r in talks["results"] if r["url"].startswith("articles/"))
    assert article["anchor"] == "p-1" and marked(article["snippet"]) == ["Wang", "talks"]


def test_prefix_of_the_word_being_typed_and_phrases(small_site: Path) -> None:
    typing, done, short = run(small_site, {"text": "semicond", "live": True}, {"text": "semicond"},
                              {"text": "us", "live": True})
    assert [r["url"] for r in typing["results"]] == [BLINKEN_ARTICLE] and len(typing["hits"]) == 1
    assert marked(typing["results"][0]["snippet"]) == ["semiconductors"]
    assert done["hits"] == []  # submitted: whole words only
    assert short["query"]["prefix"] == ""  # two letters never expand ("us" is not "use…")
    phrase, reversed_phrase = run(small_site, '"climate cooperation"', '"cooperation climate"')
    assert [r["url"] for r in phrase["results"]] == [BLINKEN_ARTICLE]
    assert reversed_phrase["results"] == [] and phrase["results"][0]["id"] in reversed_phrase["hits"]


def test_hostile_title_comes_back_as_plain_text_segments(small_site: Path) -> None:
    (found,) = run(small_site, "onload")
    title = found["results"][0]["title"]
    assert "".join(s["text"] for s in title) == HOSTILE
    assert marked(title) == ["onload"]
    (accent,) = run(small_site, "cafe policy")
    assert marked(accent["results"][0]["snippet"]) == ["café", "policies"]


def python_rank(files: dict[str, bytes], text: str) -> list[tuple[int, float]]:
    """Independent Python twin of search.js ranking (exact terms, no prefix)."""
    meta = call_args(files["search/meta.js"])[0]
    n, people = meta["docs"], meta["people"]  # type: ignore[index]
    terms = shard_terms(files)
    groups = []
    for term in dict.fromkeys(search.tokenize(text)):
        df, ids, weights = decode(terms.get(term, [1, "", ""])) if term in terms else (1, [], [])
        idf = math.log(1 + n / df)
        scores = {}
        for i, w in zip(ids, weights, strict=True):
            tf = w & search.TF_MAX
            names = (6 if i >= people else 2) if w & search.IN_NAMES else 0
            s = (tf * 2.2 / (tf + 1.2) if tf else 0) + (3 if w & search.IN_TITLE else 0) + names
            scores[i] = idf * s
        groups.append((scores, df > len(ids)))
    required = [g for g, cut in groups if not cut]
    pool = min(required, key=len) if required else {i for g, _ in groups for i in g}
    hits = []
    for i in pool:
        if all(i in g for g in required):
            hits.append((-sum(1 for g, _ in groups if i in g), -sum(g[i] for g, _ in groups if i in g), -i))
    return [(-h[2], -h[1]) for h in sorted(hits)]


def test_javascript_ranking_matches_a_python_twin_on_a_synthetic_corpus(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "POSTINGS_CAP", 60)  # so that some terms are cut
    corpus = search_size.synthetic_corpus(300, seed=5)
    files = search.index_files(corpus)
    search_size.write_files(files, tmp_path)
    queries = ["china", "trade talks", "Antony Blinken", "china us relations president", search_size.rare_word(corpus),
               "talks minister", "nothingmatcheshere"]
    js = run(tmp_path, *queries)
    assert any(not r["exact"] for r in js) and any(r["exact"] and r["hits"] for r in js)
    for text, result in zip(queries, js, strict=True):
        expected = python_rank(files, text)
        assert result["hits"] == [i for i, _ in expected], text


def test_a_query_loads_at_most_300_kb_at_10000_articles() -> None:
    """The issue's budget (Pagefind's figure for a 10,000-page site), measured, not estimated."""
    m = search_size.measure(10_000)
    print("\n" + search_size.report(m))
    for query in m.queries:
        assert query["bytes"] <= search_size.BUDGET, query["text"]
        assert query["results"], query["text"]
    assert m.largest_shard <= 2 * search.SHARD_BYTES
