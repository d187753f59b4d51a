"""A synthetic, realistic corpus of records for benchmarks: `python -m archive.bench.corpus N DIR`.

Every record is written with `archive.records.dump_record`, so it is exactly our format:
a title, standfirst, dateline, outlet, author, people and topics from pools, a 700–1,200
word body in paragraphs under 2–4 `## ` subheadings, and 0–3 contacts whose source
sentences appear verbatim in the body. `--minimal` writes only title, date and body.

Deterministic: article i is drawn from `random.Random(f"{seed}:{i}")`, so the same seed
gives byte-identical files, and article N (for an "add one article" benchmark) can be
made without regenerating the others.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from archive.data import DATA_DIR, DataError, load_yaml
from archive.model import Article, Contact, Image, Participant, Source
from archive.records import dump_record

WORDS = (700, 1200)
FIRST_DAY, LAST_DAY = dt.date(2022, 1, 1), dt.date(2023, 12, 31)
SPAN_DAYS = (LAST_DAY - FIRST_DAY).days

OUTLETS = ("China Daily", "Global Times", "Xinhua", "South China Morning Post", "Reuters",
           "Associated Press", "Agence France-Presse", "CGTN", "The New York Times",
           "The Washington Post", "Nikkei Asia", "The Diplomat", "Asia Times", "Politico")
TOPICS = ("Taiwan", "Trade and technology", "Leaders' summits", "Communication channels",
          "Military tensions", "Sanctions", "Climate", "Public health", "People-to-people exchanges",
          "Financial markets", "Agriculture", "Fentanyl")
PEOPLE = (("Wang Yi", "CN", "Foreign Minister"), ("Xi Jinping", "CN", "President"),
          ("Li Qiang", "CN", "Premier"), ("He Lifeng", "CN", "Vice Premier"),
          ("Wang Wentao", "CN", "Commerce Minister"), ("Xie Feng", "CN", "Ambassador"),
          ("Joe Biden", "US", "President"), ("Antony Blinken", "US", "Secretary of State"),
          ("Janet Yellen", "US", "Treasury Secretary"), ("Gina Raimondo", "US", "Commerce Secretary"),
          ("Jake Sullivan", "US", "National Security Adviser"), ("Nicholas Burns", "US", "Ambassador"))
FIRST_NAMES = ("Li", "Zhang", "Chen", "Emma", "James", "Sarah", "David", "Mei", "Hui", "Daniel",
               "Laura", "Kenji", "Priya", "Tom", "Yan", "Grace", "Michael", "Olivia", "Wei", "Anna")
LAST_NAMES = ("Zhou", "Huang", "Smith", "Nguyen", "Walker", "Lin", "Okafor", "Tanaka", "Brooks",
              "Xu", "Moreau", "Ortiz", "Han", "Fischer", "Reyes", "Kim", "Patel", "Gao", "Ward", "Sun")
DATELINES = ("BEIJING", "WASHINGTON", "SHANGHAI", "HONG KONG", "NEW YORK", "SAN FRANCISCO",
             "SINGAPORE", "BALI", "TIANJIN", "GENEVA")
PLACES = ("Beijing", "Washington", "San Francisco", "Bali", "Vienna", "Munich", "Jakarta",
          "Singapore", "Rome", "Tianjin", "Malta", "Bangkok")
HEADINGS = ("A cautious thaw", "Trade and technology", "Channels of communication", "What comes next",
            "Security concerns", "Economic stakes", "Reactions in Washington", "Reactions in Beijing",
            "Background", "Regional implications", "Climate and health", "The road ahead",
            "Markets take note", "Voices from business", "A long agenda", "Managing differences")
SUBJECTS = ("Analysts in Beijing", "Officials in Washington", "Trade negotiators",
            "Diplomats from both sides", "Observers", "Market watchers", "Business groups",
            "Think-tank researchers", "Senior officials", "Lawmakers",
            "Industry leaders", "Scholars", "Foreign policy experts", "Economists",
            "Regional governments", "Several delegations")
VERBS = ("said", "stressed", "warned", "noted", "argued", "suggested", "acknowledged", "insisted",
         "pointed out", "told reporters", "wrote in a commentary")
THINGS = ("the relationship", "bilateral trade", "dialogue between the two militaries",
          "the semiconductor supply chain", "climate cooperation", "people-to-people exchanges",
          "the tariff regime", "export controls on advanced chips", "the Taiwan question",
          "regional security in the Asia-Pacific", "financial stability", "agricultural purchases",
          "student visas", "cooperation on fentanyl", "the global economic outlook",
          "investment screening", "the flow of rare earths")
PREDICATES = ("remained fragile after months of friction", "needed steady management at the highest level",
              "could improve if both sides kept channels open", "was central to any lasting stabilisation",
              "had become a test of mutual trust", "would shape the agenda for the coming year",
              "deserved more attention than it received", "showed signs of modest progress",
              "was likely to remain contentious", "offered room for practical cooperation",
              "depended on concrete follow-up rather than statements",
              "had suffered from a lack of regular contact")
CLAUSES = ("", ", according to people familiar with the discussions", " in recent weeks",
           ", citing figures released last month", " despite lingering disagreements",
           ", a view echoed by several delegations", " during a seminar on Tuesday",
           " ahead of the next round of consultations", ", though few expected a breakthrough",
           " in interviews this week")
QUOTES = ("We need to put guardrails on the relationship", "Dialogue is always better than confrontation",
          "The door to cooperation remains open", "Both sides have a stake in stability",
          "Words must be matched by actions", "Competition should not veer into conflict",
          "There is no substitute for face-to-face diplomacy", "Markets are watching every signal")
SPEAKERS = ("one official said", "a senior researcher said", "a spokesperson told reporters",
            "a diplomat in Beijing said", "an executive in Shanghai said", "a former negotiator said")
TITLE_FORMS = ("{a} and {b} discuss {thing}", "{thing_cap} {pred}", "{a} calls for progress on {thing}",
               "Talks on {thing} resume in {place}", "What {a}'s remarks mean for {thing}",
               "{place} meeting puts {thing} back on the agenda")
CONTACT_FORMS = {"phone": "held a phone call with", "video": "held a video call with",
                 "in-person": "met", "unknown": "held talks with"}
PURPOSES = ("discussing bilateral relations", "exchanging views on trade",
            "focusing on military communication", "covering climate cooperation",
            "addressing the Taiwan question", "reviewing economic ties")


@dataclass(frozen=True)
class Event:
    """One contact many articles may report: a date, two officials, how and where."""

    date: dt.date
    cn: tuple[str, str, str]
    us: tuple[str, str, str]
    mode: str
    place: str | None
    precision: str  # "day" or "month"
    status: str  # "held" or "planned"


@dataclass(frozen=True)
class Pools:
    """Everything shared by the articles of one corpus (seed and size)."""

    seed: int
    people: tuple[tuple[str, str, str], ...]
    outlets: tuple[str, ...]
    topics: tuple[str, ...]
    authors: tuple[str, ...]
    sentences: tuple[str, ...]
    lengths: dict[str, int]  # words per pool sentence
    events: tuple[Event, ...]
    event_days: tuple[int, ...]  # ordinal of each event's date, for bisect


# ---------------------------------------------------------------- pools


def _data_list(name: str) -> object:
    path = DATA_DIR / name
    if not path.is_file():
        return None
    try:
        return load_yaml(path)
    except DataError:
        return None


def people_pool() -> tuple[tuple[str, str, str], ...]:
    """(name, side, role) of CN and US officials: data/people.yaml when it exists, else built in."""
    entries = _data_list("people.yaml")
    found = []
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and entry.get("side") in ("CN", "US") and entry.get("name"):
            found.append((str(entry["name"]), str(entry["side"]), current_role(entry.get("roles"))))
    sides = {side for _, side, _ in found}
    return tuple(found) if sides == {"CN", "US"} else PEOPLE


def current_role(roles: object) -> str:
    """The title held at the end of 2023 (else the last one listed), for the 'Role Name' phrasing."""
    titled = [r for r in roles if isinstance(r, dict) and r.get("title")] if isinstance(roles, list) else []
    held = [r for r in titled if str(r.get("start") or "") <= "2023-12-31" < str(r.get("end") or "9999")]
    chosen = (held or titled or [{"title": "Official"}])[0]
    return str(chosen["title"])


def outlet_pool() -> tuple[str, ...]:
    data = _data_list("outlets.yaml")
    entries = data.get("outlets") if isinstance(data, dict) else None
    names = [str(e["name"]) for e in entries or () if isinstance(e, dict) and e.get("name")]
    return tuple(names) or OUTLETS


def topic_pool() -> tuple[str, ...]:
    data = _data_list("topics.yaml")
    names = [str(key) for key in data] if isinstance(data, dict) else []
    return tuple(dict.fromkeys([*names, *TOPICS]))


def generic_sentence(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return f'"{rng.choice(QUOTES)}," {rng.choice(SPEAKERS)}.'
    if rng.random() < 0.2:
        value, months, change = rng.randint(20, 700), rng.randint(2, 11), rng.randint(1, 29)
        return (f"Figures for the first {months} months put the value at {value} billion dollars, "
                f"{rng.choice(('up', 'down'))} {change} percent from a year earlier.")
    return (f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} that {rng.choice(THINGS)} "
            f"{rng.choice(PREDICATES)}{rng.choice(CLAUSES)}.")


def make_events(rng: random.Random, people: tuple[tuple[str, str, str], ...], count: int) -> list[Event]:
    cn = [p for p in people if p[1] == "CN" and p[2][:1].isupper()]
    us = [p for p in people if p[1] == "US" and p[2][:1].isupper()]
    events = []
    for _ in range(count):
        events.append(Event(
            date=FIRST_DAY + dt.timedelta(days=rng.randrange(SPAN_DAYS + 1)),
            cn=rng.choice(cn), us=rng.choice(us),
            mode=rng.choice(("phone", "video", "in-person", "in-person", "unknown")),
            place=rng.choice(PLACES) if rng.random() < 0.5 else None,
            precision="month" if rng.random() < 0.15 else "day",
            status="planned" if rng.random() < 0.1 else "held",
        ))
    return sorted(events, key=lambda e: (e.date, e.cn, e.us))


def make_pools(n: int, seed: int = 1) -> Pools:
    """The pools a corpus of n articles draws from; the same (n, seed) gives the same pools."""
    rng = random.Random(f"{seed}:pools")
    people = people_pool()
    events = make_events(rng, people, max(12, n // 4))
    sentences = tuple(generic_sentence(rng) for _ in range(6000))
    return Pools(
        seed=seed, people=people, outlets=outlet_pool(), topics=topic_pool(),
        authors=tuple(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(60)),
        sentences=sentences, lengths={s: len(s.split()) for s in sentences},
        events=tuple(events), event_days=tuple(e.date.toordinal() for e in events),
    )


# ---------------------------------------------------------------- one article


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def when_phrase(event: Event) -> str:
    if event.precision == "month":
        return f"in {event.date.strftime('%B %Y')}"
    return f"on {event.date.strftime('%B')} {event.date.day}, {event.date.year}"


def contact_sentence(event: Event, rng: random.Random) -> str:
    (cn, _, cn_role), (us, _, us_role) = event.cn, event.us
    place = f" in {event.place}" if event.place else ""
    if event.status == "planned":
        return f"{cn_role} {cn} is expected to meet {us_role} {us}{place} {when_phrase(event)}."
    verb = CONTACT_FORMS[event.mode]
    return f"{cn_role} {cn} {verb} {us_role} {us}{place} {when_phrase(event)}, {rng.choice(PURPOSES)}."


def contact_of(event: Event, sentence: str, slug: str) -> Contact:
    (cn, _, cn_role), (us, _, us_role) = event.cn, event.us
    date = event.date.isoformat()[: 7 if event.precision == "month" else 10]
    return Contact(
        id=f"{date}-{slugify(cn)}-{slugify(us)}", date=date, date_precision=event.precision,
        participants=(Participant(cn, "CN", cn_role), Participant(us, "US", us_role)),
        mode="in-person" if event.status == "planned" else event.mode, status=event.status,
        place=event.place,
        summary=f"{cn} and {us} {'are to meet' if event.status == 'planned' else 'spoke'}.",
        sources=(Source(slug, sentence),),
    )


def pick_events(pools: Pools, rng: random.Random, date: dt.date) -> list[Event]:
    """0–3 distinct events from the 90 days before the article's date."""
    high = bisect.bisect_right(pools.event_days, date.toordinal())
    low = bisect.bisect_left(pools.event_days, date.toordinal() - 90)
    candidates = pools.events[low:high]
    count = min(len(candidates), rng.choice((0, 1, 1, 2, 2, 3)))
    return rng.sample(candidates, count) if count else []


def named_sentence(person: tuple[str, str, str], rng: random.Random) -> str:
    name, _, role = person
    return f"{role} {name} {rng.choice(VERBS)} that {rng.choice(THINGS)} {rng.choice(PREDICATES)}."


def make_body(pools: Pools, rng: random.Random, extra: list[str]) -> str:
    """Paragraphs of 2–5 sentences to 700–1,200 words, 2–4 subheadings; `extra` sentences woven in."""
    target = rng.randint(WORDS[0] + 20, WORDS[1] - 60)
    headings = rng.sample(HEADINGS, rng.randint(2, 4))
    pending = list(extra)
    reserved = sum(len(s.split()) for s in pending)
    words = sum(len(h.split()) + 1 for h in headings)
    paragraphs: list[list[str]] = []
    while words + reserved < target:
        sentences = rng.sample(pools.sentences, rng.randint(2, 5))
        size = sum(pools.lengths[s] for s in sentences)
        if words + size + reserved > WORDS[1]:
            break
        paragraphs.append(sentences)
        words += size
    for sentence in pending:  # its words are already counted in `reserved`
        sentences = rng.choice(paragraphs)
        sentences.insert(rng.randrange(len(sentences) + 1), sentence)
    return with_headings([" ".join(s) for s in paragraphs], headings)


def with_headings(paragraphs: list[str], headings: list[str]) -> str:
    """The paragraphs with `## ` subheadings spread evenly between them (never first)."""
    count = len(headings)
    places = [max(1, round((k + 1) * len(paragraphs) / (count + 1))) for k in range(count)]
    for place, heading in sorted(zip(places, headings, strict=True), reverse=True):
        paragraphs.insert(place, f"## {heading}")
    return "\n\n".join(paragraphs)


def make_title(pools: Pools, rng: random.Random, people: list[tuple[str, str, str]]) -> str:
    a, b = list(dict.fromkeys(people + rng.sample(pools.people, 3)))[:2]
    thing = rng.choice(THINGS)
    title = rng.choice(TITLE_FORMS).format(a=a[0], b=b[0], thing=thing,
                                           thing_cap=thing[0].upper() + thing[1:],
                                           pred=rng.choice(PREDICATES), place=rng.choice(PLACES))
    return title[0].upper() + title[1:]


def make_article(pools: Pools, index: int) -> Article:
    """Article number `index` of the corpus: the same pools and index always give the same article."""
    rng = random.Random(f"{pools.seed}:{index}")
    date = FIRST_DAY + dt.timedelta(days=rng.randrange(SPAN_DAYS + 1))
    events = pick_events(pools, rng, date)
    mentioned = [e.cn for e in events] + [e.us for e in events] + rng.sample(pools.people, rng.randint(1, 3))
    people = list(dict.fromkeys(mentioned))
    title = make_title(pools, rng, people)
    slug = f"{date.isoformat()}-{slugify(title)[:60].strip('-')}-{index:05d}"
    sentences = [contact_sentence(e, rng) for e in events]
    body = make_body(pools, rng, sentences + [named_sentence(p, rng) for p in people])
    outlet, author = rng.choice(pools.outlets), rng.choice(pools.authors)
    return Article(
        slug=slug, title=title, date=date, body=body, outlet=outlet, author=author,
        author_bio=f"{author} is a staff reporter at {outlet}." if rng.random() < 0.3 else None,
        kind=rng.choices(("news", "analysis", "opinion"), (80, 12, 8))[0],
        dateline=rng.choice(DATELINES), summary=generic_sentence(rng), images=photos(rng, people, date),
        people=tuple(p[0] for p in people), topics=tuple(rng.sample(pools.topics, rng.randint(1, 3))),
        contacts=tuple(contact_of(e, s, slug) for e, s in zip(events, sentences, strict=True)),
    )


def photos(rng: random.Random, people: list[tuple[str, str, str]], date: dt.date) -> tuple[Image, ...]:
    """A captioned photo (no file, as the texts give) for about four articles in ten."""
    if rng.random() >= 0.4:
        return ()
    name, _, role = rng.choice(people)
    caption = f"{role} {name} speaks in {rng.choice(PLACES)}, {date.strftime('%B')} {date.day}, {date.year}."
    return (Image(None, caption, rng.choice(("Photo: Xinhua", "Photo/Agencies", "Reuters", "AFP"))),)


def minimal_record(article: Article) -> str:
    """Only title and date in the front matter, then the body: the least the build accepts."""
    front = yaml.safe_dump({"title": article.title, "date": article.date}, sort_keys=False,
                           allow_unicode=True, width=1000)
    return f"---\n{front}---\n\n{article.body}\n"


def record_text(article: Article, minimal: bool = False) -> str:
    return minimal_record(article) if minimal else dump_record(article)


# ---------------------------------------------------------------- the corpus


def write_article(folder: Path, pools: Pools, index: int, minimal: bool = False) -> Path:
    article = make_article(pools, index)
    path = folder / f"{article.slug}.md"
    path.write_text(record_text(article, minimal), encoding="utf-8")
    return path


def write_corpus(n: int, folder: Path, seed: int = 1, minimal: bool = False) -> list[Path]:
    """Write n records into folder (created if needed); returns their paths in index order."""
    folder.mkdir(parents=True, exist_ok=True)
    pools = make_pools(n, seed)
    return [write_article(folder, pools, index, minimal) for index in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m archive.bench.corpus",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of records to write")
    parser.add_argument("folder", type=Path, help="articles folder to write them into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1); same seed, same files")
    parser.add_argument("--minimal", action="store_true", help="front matter with only title and date")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("n must be at least 1")
    started = time.perf_counter()
    stale = {p.name for p in args.folder.glob("*.md")} if args.folder.is_dir() else set()
    paths = write_corpus(args.n, args.folder, args.seed, args.minimal)
    others = stale - {p.name for p in paths}
    print(f"wrote {len(paths)} records into {args.folder} in {time.perf_counter() - started:.1f} s")
    if others:
        print(f"note: {args.folder} also holds {len(others)} other record(s); use an empty folder for a "
              "clean corpus", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
