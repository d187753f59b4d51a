"""Full-text search: the Python index builder and static/search.js, which must agree.

The JS runs under node: static/search.js exports its pure functions and its engine when
`module` exists, and the engine loads index files the way <script> does (they call the
global ArchiveSearch). tests/search_size.py holds the synthetic corpus and the size probe.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from archive import search
from archive.model import Article, Contact, Corpus, Participant, Person, Role, Source, TimelineEntry

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_size

ROOT = Path(__file__).resolve().parent.parent
SEARCH_JS = ROOT / "static" / "search.js"
pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is needed to run static/search.js")

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
    """Python twin of search.js decode: [df, hex deltas, weights] → df, ids, weights."""
    ids, total = [], 0
    for part in entry[1].split(","):
        total += int(part, 16)
        ids.append(total)
    return entry[0], ids, [search.WEIGHT_ALPHABET.index(c) for c in entry[2]]


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
    docs = dict(sorted((int(name[12:-3]), call_args(data)[1]) for name, data in files.items()
                       if name.startswith("search/docs/")))
    assert [d["k"] for d in docs.values()] == ["article"] * 3 + ["contact"] + ["person"] * 4  # type: ignore[index]
    assert docs[0]["u"] == "articles/blinken-in-beijing/index.html"  # type: ignore[index]
    assert docs[3]["u"] == "index.html#2023-06-18-blinken-wang-yi"  # type: ignore[index]
    assert {d["u"] for d in docs.values()} >= {"people/wang-yi/index.html", "people/john-kerry/index.html"}  # type: ignore[index]
    assert ["p-3", "Both sides agreed that climate cooperation would resume, as reported before."] \
        in docs[0]["b"]  # type: ignore[index]  # Markdown gone, anchors kept
    terms = shard_terms(files)
    df, ids, weights = decode(terms["blinken"])
    assert df == len(ids) and 0 in ids and 3 in ids  # the article, the contact, Blinken's page
    assert weights[ids.index(0)] & search.IN_TITLE and weights[ids.index(0)] & search.IN_NAMES
    _, climate_ids, climate_weights = decode(terms["climate"])
    assert climate_ids == [0, 2] and climate_weights[1] & search.TF_MAX == 2
    assert decode(terms["fishery"])[1] == [1]
    assert "the" not in terms and "said" not in terms
    meta = call_args(files["search/meta.js"])[0]
    assert meta["docs"] == len(docs) and "the" in meta["stop"]  # type: ignore[index]
    assert sorted(meta["shards"]) == sorted(n[13:-3] for n in files if n.startswith("search/terms/"))  # type: ignore[index]


def test_hostile_text_is_json_data_that_cannot_end_a_script() -> None:
    files = search.index_files(small_corpus())
    for name, data in files.items():
        assert b"</" not in data and b"<" not in data, name
        assert "\u2028".encode() not in data and "\u2029".encode() not in data, name
        assert data.isascii() and data.count(b"\n") == 1 and data.endswith(b");\n"), name
    hostile = call_args(files["search/docs/1.js"])[1]
    assert hostile["t"] == HOSTILE  # type: ignore[index]  # stored exactly, shown later with textContent
    assert [b[1] for b in hostile["b"]][1] == f"{HOSTILE} café policies"  # type: ignore[index]
    raw = files["search/docs/1.js"].decode()
    assert "\\u003cscript>" in raw and "\\u003c/script>" in raw and "\\u2028" in raw


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
    postings = [((1 if n % 7 else 40) << search.ID_BITS) | n for n in range(100)]
    df, ids, weights = decode(search.encode(postings, cap=10))
    assert df == 100 and len(ids) == 10 and ids == sorted(ids)
    assert ids == list(range(35, 99, 7)) and weights == [15] * 10  # the heaviest (tf 40 → 15), newest first
    assert decode(search.encode(postings[:5]))[1] == [0, 1, 2, 3, 4]


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
        "people/antony-blinken/index.html", "index.html#2023-06-18-blinken-wang-yi",
        "articles/blinken-in-beijing/index.html"]
    assert both["hits"] == [0]
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
    assert typing["hits"] == [0] and marked(typing["results"][0]["snippet"]) == ["semiconductors"]
    assert done["hits"] == []  # submitted: whole words only
    assert short["query"]["prefix"] == ""  # two letters never expand ("us" is not "use…")
    phrase, reversed_phrase = run(small_site, '"climate cooperation"', '"cooperation climate"')
    assert [r["id"] for r in phrase["results"]] == [0]
    assert reversed_phrase["results"] == [] and 0 in reversed_phrase["hits"]


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
