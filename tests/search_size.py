"""How much one search loads at 10,000 articles, and how long the index takes to build.

    .venv/bin/python tests/search_size.py [N]

Builds a synthetic corpus in memory (Zipf-distributed vocabulary with a long tail of rare
words, 700–1,200-word bodies, people and outlets from pools, contacts, people), times
`archive.search.index_files`, writes the index to a temporary folder and runs real queries
through static/search.js under node, counting every file the query makes the browser load:
static/search.js + search/meta.js + the term shards + the doc buckets of the top 10 results
(each bucket file holds every document of 2^BUCKET_BITS ids, so a result costs its whole bucket).

tests/test_search.py runs `measure` and asserts each query loads ≤ 300 KB.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive import search  # noqa: E402
from archive.model import Article, Contact, Corpus, Participant, Person, Role, TimelineEntry  # noqa: E402

SEARCH_JS = ROOT / "static" / "search.js"
BUDGET = 300_000
RESULTS = 10  # the search page shows 10 results a page (the header popup 6)

# Real words at the head of the distribution, the most frequent first.
HEAD_TEXT = """china us said two countries president relations talks trade minister foreign visit
meeting economic security united states beijing washington government officials week year
policy cooperation taiwan military climate secretary state national diplomatic bilateral
sides leaders summit agreement global tensions issues development market chinese american
administration defense commerce tariffs technology chips export controls sanctions dialogue
communication stability region pacific asia international world support interests people
spokesperson ministry statement conference press told reporters analysts experts public
political strategic competition conflict peace crisis energy finance treasury investment
companies business growth economy supply chains semiconductors fentanyl health students
exchanges visits phone call video virtual held first since last month november june bali
san francisco apec g20 summitry consensus principles one framework channels resume restore
"""
HEAD = HEAD_TEXT.split()
# Function words make up ~45% of news text; most are stopwords the index drops.
FUNCTION_TEXT = """the the the of of and and to to in in a a that is for on with said was as by at it from
has have will be are this an which their its not but were would also after been more"""
FUNCTION = FUNCTION_TEXT.split()
SYLLABLE_TEXT = ("ba be bi bo bu da de di do du fa fe fi ga ge go ha he hi ja jo ka ke ki ko la le li "
             "lo lu ma me mi mo mu na ne ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te "
             "ti to tu va ve vi wa we xi ya yo za zo an en in on un ar er ir or ur")
SYLLABLES = SYLLABLE_TEXT.split()
FIRST = ("Wang", "Li", "Zhang", "Chen", "Liu", "Yang", "Emma", "James", "Sarah", "David", "Mei", "Laura",
         "Kenji", "Priya", "Tom", "Grace", "Michael", "Olivia", "Antony", "Janet", "Gina", "Jake")
LAST = ("Yi", "Qiang", "Feng", "Blinken", "Yellen", "Raimondo", "Sullivan", "Burns", "Smith", "Nguyen",
        "Walker", "Okafor", "Tanaka", "Brooks", "Moreau", "Ortiz", "Fischer", "Reyes", "Patel", "Ward")
OUTLETS = ("China Daily", "Global Times", "Xinhua", "South China Morning Post", "Reuters", "Associated Press",
           "CGTN", "The New York Times", "The Washington Post", "Nikkei Asia", "The Diplomat", "Politico")
TOPICS = ("Taiwan", "Trade and technology", "Leaders' summits", "Communication channels", "Military tensions",
          "Sanctions", "Climate", "Public health", "Fentanyl")


@dataclass(frozen=True)
class Pools:
    vocabulary: list[str]
    cumulative: list[float]
    sentences: list[str]
    people: list[str]


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def pools(seed: int, size: int = 60_000, sentences: int = 40_000) -> Pools:
    """Zipf (s = 1.05) over real head words then pseudo-words: news-like term frequencies."""
    rng = random.Random(seed)
    words = list(dict.fromkeys(HEAD + [pseudo_word(rng) for _ in range(size)]))
    cumulative = list(itertools.accumulate(1 / (rank + 3) ** 1.05 for rank in range(len(words))))
    made = []
    for _ in range(sentences):
        drawn = rng.choices(words, cum_weights=cumulative, k=rng.randint(5, 16))
        mixed = [w for word in drawn for w in (word, rng.choice(FUNCTION)) if w != "-"]
        made.append(" ".join(mixed[:-1]).capitalize() + ".")
    people = sorted({f"{f} {last}" for f in FIRST for last in LAST})[:80]
    return Pools(words, cumulative, made, people)


def article(i: int, p: Pools, seed: int) -> Article:
    rng = random.Random(f"{seed}:{i}")
    people = rng.sample(p.people, rng.randint(1, 4))
    target, count, paragraphs = rng.randint(700, 1200), 0, []
    while count < target:
        sentences = rng.sample(p.sentences, rng.randint(3, 5))
        sentences[0] = f"{rng.choice(people)} said {sentences[0][0].lower()}{sentences[0][1:]}"
        if rng.random() < 0.3:  # the long tail: words found in a handful of articles
            sentences.append(" ".join(pseudo_word(rng) for _ in range(3)).capitalize() + ".")
        paragraphs.append(" ".join(sentences))
        count += sum(len(s.split()) for s in sentences)
    title = " ".join(rng.choices(p.vocabulary[:3000], cum_weights=p.cumulative[:3000], k=rng.randint(6, 10)))
    return Article(
        slug=f"article-{i:05d}", title=title.capitalize(), date=dt.date(2022, 1, 1) + dt.timedelta(days=i % 730),
        body="\n\n".join(paragraphs), outlet=rng.choice(OUTLETS), author=rng.choice(p.people),
        summary=" ".join(rng.sample(p.sentences, 1)), people=tuple(people), topics=tuple(rng.sample(TOPICS, 2)),
    )


def contact(i: int, p: Pools, seed: int) -> TimelineEntry:
    rng = random.Random(f"{seed}:contact:{i}")
    cn, us = rng.sample(p.people, 2)
    return TimelineEntry(Contact(
        id=f"c-{i:04d}", date=f"2023-{i % 12 + 1:02d}-{i % 28 + 1:02d}", date_precision="day",
        participants=(Participant(cn, "CN", "Foreign Minister"), Participant(us, "US", "Secretary of State")),
        mode=rng.choice(("in-person", "phone", "video")), summary=rng.choice(p.sentences),
        place=rng.choice(("Beijing", "Washington", "Bali", None)),
    ), articles=(f"article-{i:05d}",))


def synthetic_corpus(n: int, seed: int = 1) -> Corpus:
    p = pools(seed)
    people = [Person(id=name.lower().replace(" ", "-"), name=name, side="CN" if k % 2 else "US",
                     roles=(Role("Minister", "2023-01-01"),), description=p.sentences[k])
              for k, name in enumerate(p.people)]
    return Corpus([article(i, p, seed) for i in range(n)], people, [contact(i, p, seed) for i in range(n // 8)])


# ---------------------------------------------------------------- running queries in node

# Loads static/search.js as a module, evaluates index files exactly as <script> would
# (they call the global ArchiveSearch), counts their bytes, prints one JSON line per query.
NODE_DRIVER = r"""
const fs = require("fs"), path = require("path"), vm = require("vm");
const [jsPath, site, queriesJson] = process.argv.slice(2);
const S = require(jsPath);
globalThis.ArchiveSearch = S.registry;
(async () => {
  const out = [];
  for (const q of JSON.parse(queriesJson)) {
    const loaded = [];
    const engine = S.makeEngine(async (p) => {
      const code = fs.readFileSync(path.join(site, p));
      loaded.push([p, code.length]);
      vm.runInThisContext(code.toString("utf8"));
    });
    const found = await engine.search(q.text, q.live);
    const results = await engine.results(found, 0, q.limit);
    out.push({text: q.text, loaded, total: found.hits.length, exact: found.exact,
              hits: found.hits.slice(0, q.limit), results: results.map(r => ({id: r.id, anchor: r.snippet.anchor,
              title: r.title, snippet: r.snippet.segments}))});
  }
  process.stdout.write(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
"""


def run_queries(site: Path, queries: list[dict[str, object]]) -> list[dict]:
    """Each query {text, live, limit} through static/search.js; what it loaded and found."""
    with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False) as driver:
        driver.write(NODE_DRIVER)
    try:
        done = subprocess.run(["node", driver.name, str(SEARCH_JS), str(site), json.dumps(queries)],
                              capture_output=True, text=True, check=True, timeout=120)
    finally:
        Path(driver.name).unlink()
    return json.loads(done.stdout)


def write_files(files: dict[str, bytes], folder: Path) -> None:
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def rare_word(corpus: Corpus) -> str:
    """A word of the long tail that some article holds: a realistic rare query."""
    last = corpus.articles[len(corpus.articles) // 2].body.split("\n\n")
    for paragraph in last:
        words = paragraph.rstrip(".").split()
        if len(words[-1]) > 7:
            return words[-1]
    return last[0].split()[-1].rstrip(".")


def queries_for(corpus: Corpus) -> list[str]:
    return ["china", "Antony Blinken", rare_word(corpus), "trade talks", "blin",
            "china us trade talks relations president", '"foreign minister"']


@dataclass
class Measurement:
    articles: int
    build_seconds: float
    index_files: int
    index_bytes: int
    doc_files: int
    shards: int
    largest_shard: int
    queries: list[dict]


def measure(n: int = 10_000, seed: int = 1) -> Measurement:
    corpus = synthetic_corpus(n, seed)
    started = time.process_time()
    files = search.index_files(corpus)
    seconds = time.process_time() - started
    shards = [len(v) for k, v in files.items() if k.startswith("search/terms/")]
    with tempfile.TemporaryDirectory() as folder:
        write_files(files, Path(folder))
        texts = queries_for(corpus)
        found = run_queries(Path(folder), [{"text": t, "live": True, "limit": RESULTS} for t in texts])
    for query in found:
        query["bytes"] = SEARCH_JS.stat().st_size + sum(size for _, size in query["loaded"])
    docs = sum(k.startswith("search/docs/") for k in files)
    return Measurement(n, seconds, len(files), sum(map(len, files.values())), docs, len(shards), max(shards), found)


def report(m: Measurement) -> str:
    lines = [f"{m.articles} articles: index built in {m.build_seconds:.2f} s of CPU; {m.index_files} files "
             f"({m.doc_files} doc buckets), "
             f"{m.index_bytes / 1e6:.1f} MB; {m.shards} term shards, largest {m.largest_shard / 1000:.1f} KB",
             f"per query (search.js {SEARCH_JS.stat().st_size / 1000:.1f} KB + meta + shards + buckets of the "
             f"top {RESULTS} docs):"]
    for q in m.queries:
        shards = [size for p, size in q["loaded"] if p.startswith("search/terms/")]
        docs = [size for p, size in q["loaded"] if p.startswith("search/docs/")]
        lines.append(f"  {q['text']!r:48} {q['bytes'] / 1000:6.1f} KB  ({len(shards)} shards "
                     f"{sum(shards) / 1000:.1f} KB, {len(docs)} doc buckets {sum(docs) / 1000:.1f} KB, "
                     f"{q['total']} hits"
                     f"{'' if q['exact'] else ', capped terms'})")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(measure(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)))
