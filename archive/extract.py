"""Extract: the people an article mentions and the China–US contacts it reports, as drafts.

The unit of reading is the sentence, cut into clauses at words like "that", "since",
"after", "who". A clause reports a contact when it has a contact word ("met", "phone
call", "visit" — data/contact_words.yaml) and officials of both sides, or one side's
official and a place on the other side's territory (a visit). Dates come from the clause
(archive.dates), else from the rest of the sentence, else from the paragraph before it
(marked inferred). Reports of one contact in several sentences are merged.

Every vocabulary lives in data/*.yaml; nothing here names an article.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from archive.data import DATA_DIR, load_yaml
from archive.dates import COUNT, DateExpr, Resolved, count_of, find_dates, human, month_in_year, period, resolve
from archive.model import Block, Contact, Participant, Person, Role, Source

SIDES = ("CN", "US")


@dataclass(frozen=True)
class Extraction:
    people: tuple[str, ...]  # canonical names, in order of first mention
    unknown_people: tuple[Participant, ...]  # found by title pattern, not in people.yaml
    contacts: tuple[Contact, ...]  # drafts (review="draft")


# ---------------------------------------------------------------------------------------
# Vocabulary (data/*.yaml), compiled once per data directory


@dataclass(frozen=True)
class Trigger:
    pattern: re.Pattern[str]
    mode: str
    visit: bool
    visit_only: bool = False  # "attend": a trip to the other side, not a meeting of two sides


@dataclass(frozen=True)
class Place:
    name: str
    side: str
    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Vocabulary:
    triggers: tuple[Trigger, ...]
    not_triggers: tuple[re.Pattern[str], ...]
    negations: tuple[re.Pattern[str], ...]
    denial: re.Pattern[str]  # "denied a report": what it denies is no contact
    postponement: re.Pattern[str]  # "postponed": still planned, at the dates announced before
    past_plan: re.Pattern[str]  # "had been due": planned, for a date that has passed
    future: tuple[re.Pattern[str], ...]
    separately: tuple[re.Pattern[str], ...]
    in_sequence: re.Pattern[str]
    one_session: re.Pattern[str]
    together: tuple[re.Pattern[str], ...]
    speech: str  # regex alternation of speech verbs
    speech_participles: str  # "saying": a pronoun after it is the clause's subject
    expecting: str  # "said he expected A and B to meet": verbs of others' plans
    said_before: str  # the verbs that also stand before the speaker: "…, said Wang"
    clause_opener: re.Pattern[str]
    place_date_list: re.Pattern[str]  # a sentence's end listing where and when, items of its main clause
    relative_openers: frozenset[str]
    not_the_person: re.Pattern[str]  # "'s predecessor": the mention is not the participant
    inviter: re.Pattern[str]  # "an invitation from X to visit": the host who invites, not a participant
    under: re.Pattern[str]  # "talks under Biden": a name for a period, not a participant
    prepared_for: re.Pattern[str]  # "to prepare for Blinken's trip": Blinken is not in this contact
    travelling_party: re.Pattern[str]  # "Wang's delegation arrived in Washington": Wang's trip
    request: re.Pattern[str]  # "asked to arrange a call": a contact one side asked for
    refusal: re.Pattern[str]  # "never agreed": the other side did not grant it
    nationality: dict[str, str]  # word -> side
    institutions: tuple[tuple[re.Pattern[str], str], ...]
    head_words: frozenset[str]  # lower case
    definite_heads: frozenset[str]  # "the secretary": one named official's title's head word
    title_words: frozenset[str]  # lower case
    not_name_words: frozenset[str]
    function_words: frozenset[str]
    abbreviations: frozenset[str]
    title_abbreviations: dict[str, str]  # "Sen." → "Senator"
    unique_titles: tuple[tuple[str, str], ...]  # (canonical title, spelling with {nat})
    appositive_heads: frozenset[str]
    chinese_surnames: frozenset[str]
    not_surnames: frozenset[str]
    surname_too: frozenset[str]  # not name words, but a name's last word all the same ("Thomas West")
    places: tuple[Place, ...]
    attributive: re.Pattern[str]  # "Biden administration": a name as a modifier
    references: dict[str, re.Pattern[str]]  # "the two men", "the two heads of state", "The talks", "they"
    pair_roles: dict[str, re.Pattern[str]]  # "envoys" → the role titles "the two envoys" stands for
    pronouns: re.Pattern[str]
    coordination: dict[str, re.Pattern[str]]  # cut points between coordinated contacts
    describing_openers: frozenset[str]
    plural_contacts: re.Pattern[str]
    iterative: re.Pattern[str]  # "several times": no single date to borrow
    contact_verbs: re.Pattern[str]  # "spoken", "took place": after "said", the date is the contact's
    several_meetings: re.Pattern[str]  # "met", "calls": a visitor who "met X and Y" met them one by one
    temporal_opener: re.Pattern[str]  # "after talks": a clause about the sentence's subject
    other_people: re.Pattern[str]  # "before the presidents meet": a clause about others
    between_others: re.Pattern[str]  # "a meeting between their leaders": a contact of people not named
    not_a_destination: re.Pattern[str]  # "a tougher line on Beijing": a place named for its government
    brief_encounter: re.Pattern[str]  # "shook hands": a contact only unless the sentence denies one
    past_tense: re.Pattern[str]  # "met", "travelled": a when-clause in the past is not part of a plan
    present_tense: re.Pattern[str]  # "is", "has": with past_tense, whether a clause has a verb yet
    resident_titles: re.Pattern[str]  # "Ambassador": posted in the other country, so no visitor there


def _patterns(items: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(item, re.I) for item in items)


def _words(items: list[str]) -> str:
    return "|".join(re.escape(item) for item in sorted(items, key=len, reverse=True))


@lru_cache(maxsize=4)
def vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    words: dict[str, Any] = load_yaml(data_dir / "contact_words.yaml")
    titles: dict[str, Any] = load_yaml(data_dir / "titles.yaml")
    return Vocabulary(
        triggers=tuple(Trigger(re.compile(t["pattern"], re.I), t["mode"], bool(t.get("visit")),
                               bool(t.get("visit_only"))) for t in words["triggers"]),
        not_triggers=_patterns(words["not_triggers"]),
        negations=_patterns(words["negations"]),
        denial=re.compile(words["denial"], re.I),
        postponement=re.compile(words["postponement"], re.I),
        past_plan=re.compile(words["past_plan"], re.I),
        future=_patterns(words["future"]),
        separately=_patterns(words["separately"]),
        in_sequence=re.compile(_with_posts(words["in_sequence"], words), re.I),
        one_session=re.compile(words["one_session"], re.I),
        together=_patterns(words["together"]),
        speech=_words(words["speech_verbs"]),
        speech_participles=_words(words["speech_participles"]),
        expecting=_words(words["expecting_verbs"]),
        said_before=_words(words["said_before_name"]),
        clause_opener=_clause_opener(words),
        place_date_list=re.compile(rf":\s{words['place_date_item']}[^;:,]*(?:[;,]\s{words['place_date_item']}[^;:,]*)+$"),
        relative_openers=frozenset(words["relative_openers"]),
        not_the_person=re.compile(rf"['’]s?\s+[\"“]?(?:\w+\s+){{0,2}}(?:{_words(words['not_the_person'])})\b", re.I),
        inviter=re.compile(words["inviter"], re.I),
        under=re.compile(words["under"], re.I),
        prepared_for=re.compile(words["prepared_for"], re.I),
        travelling_party=re.compile(words["travelling_party"], re.I),
        request=re.compile(words["request"], re.I),
        refusal=re.compile(words["refusal"], re.I),
        nationality={word: side for side, items in titles["nationality"].items() for word in items},
        institutions=tuple((re.compile(rf"\b{re.escape(name)}\b", re.I), side)
                           for side, names in titles["institution_sides"].items() for name in names),
        head_words=frozenset(w.lower() for w in titles["head_words"]),
        definite_heads=frozenset(w.lower() for w in titles["definite_heads"]),
        title_words=frozenset(w.lower() for w in titles["title_words"]),
        not_name_words=frozenset(titles["not_name_words"]),
        function_words=frozenset(titles["function_words"]),
        abbreviations=frozenset(titles["abbreviations"]),
        title_abbreviations=dict(titles["title_abbreviations"]),
        unique_titles=tuple((canonical, spelling if "{nat}" in spelling else "{nat} " + spelling)
                            for canonical, spellings in titles["unique_titles"].items()
                            for spelling in spellings),
        appositive_heads=frozenset(titles["appositive_heads"]),
        chinese_surnames=frozenset(titles["chinese_surnames"]),
        not_surnames=frozenset(titles["not_surnames"]),
        surname_too=frozenset(titles["surname_too"]),
        places=tuple(_place(entry) for entry in load_yaml(data_dir / "places.yaml")),
        attributive=re.compile(rf"\s+(?:{_words(words['attributive_nouns'])})\b", re.I),
        references={key: re.compile(value, re.I) for key, value in words["references"].items()},
        pair_roles={noun: re.compile(value) for noun, value in words["pair_roles"].items()},
        pronouns=re.compile(words["pronouns"], re.I),
        coordination={key: re.compile(value) for key, value in _coordination(words).items()},
        describing_openers=frozenset(words["describing_openers"]),
        plural_contacts=re.compile(words["plural_contacts"], re.I),
        iterative=re.compile(words["iterative"], re.I),
        contact_verbs=re.compile(words["contact_verbs"], re.I),
        several_meetings=re.compile(words["several_meetings"], re.I),
        temporal_opener=re.compile(words["temporal_opener"], re.I),
        other_people=re.compile(words["other_people"], re.I),
        between_others=re.compile(words["between_others"]),
        not_a_destination=re.compile(words["not_a_destination"], re.I),
        brief_encounter=re.compile(words["brief_encounter"], re.I),
        past_tense=re.compile(words["past_tense"]),
        present_tense=re.compile(words["present_tense"]),
        resident_titles=re.compile(titles["resident_titles"], re.I),
    )


def _clause_opener(words: dict[str, Any]) -> re.Pattern[str]:
    """Clause openers, semicolons and dashes; "that year", "that trip" is a demonstrative."""
    timed = ("before", "after")  # "before the end of the year" is a date, not a clause
    follow = ("followed", "follows", "follow")  # "Blinken followed later that month, travelling to …": a verb
    openers = _words([w for w in words["clause_openers"] if w != "that" and w not in timed + follow])
    that = rf"\bthat\b(?!\s+(?:{_words(words['not_openers'])})\b)"
    time = r"\b(?:before|after)\b(?!\s+(?:the\s+)?(?:end|start|beginning|middle)\s+of\b)"
    follows = rf"\b(?:{_words(list(follow))})\b(?!\s*,|\s+(?:later|soon|shortly|suit|weeks|days|months)\b)"
    # not inside a hyphenated word: "predecessor-but-one", "long-since"; not an adverb after an
    # auxiliary: "the channels have since begun to reopen"; not an adjective: "the following day"
    adverb = r"(?<!\bhave )(?<!\bhas )(?<!\bhad )(?<!\bthe )"
    words_opening = rf"{adverb}(?<![\w-])(?:{openers})(?![\w-])|{adverb}{follows}"
    colon = rf":\s(?!{words['colon_list']})"  # "…: talks with Wang, …" continues the clause (_coordination)
    return re.compile(rf"(?:{that}|{time}|{words_opening}|;|{colon}|\s--\s|\s—\s)", re.I)


def _with_posts(pattern: str, words: dict[str, Any]) -> str:
    """A pattern with `{not_a_post}` written out: "and then U.S. Treasury Secretary …" is no sequence."""
    return pattern.replace("{not_a_post}", words["not_a_post"])


def _coordination(words: dict[str, Any]) -> dict[str, str]:
    """The cut points of data/contact_words.yaml `coordination`, and a list of contacts after a colon
    ("travelled to Beijing for three days of meetings: talks with Wang, …, and an audience with Xi")
    as `continued` cuts: each item, the last too, is the traveller's, on the traveller's date."""
    cuts = {kind: _with_posts(cut, words) for kind, cut in words["coordination"].items()}
    listed = words["colon_list"]
    cuts["continued"] = rf":\s+(?={listed})|,?\s+and\s+(?={listed})|{cuts['continued']}"
    return cuts


def _place(entry: dict[str, Any]) -> Place:
    aliases = sorted((str(a) for a in entry["aliases"]), key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in aliases) + r")(?![\w-])")
    return Place(str(entry["name"]), str(entry["side"]), str(entry.get("kind", "city")), pattern)


# ---------------------------------------------------------------------------------------
# Sentences and quotations


def _abbreviation(word: str, vocab: Vocabulary) -> bool:
    """A word whose full stop ends no sentence: "U.S.", "Gen.", an initial ("R.")."""
    return word in vocab.abbreviations or re.fullmatch(r"[A-Z]\.", word) is not None


def sentence_spans(text: str, vocab: Vocabulary) -> list[tuple[int, int]]:
    """Sentence boundaries in a block: a full stop followed by a capital, unless it ends an
    abbreviation ("U.S.", "Gen.") or an initial ("Joseph R. Biden"); and every line break
    (a block's lines are a headline, a dateline and a caption, not wrapped prose)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\s*\n\s*", text):
        word = text[: match.start() + 1].rsplit(None, 1)[-1].lstrip("\"“‘'([")
        if "\n" not in match.group(0) and _abbreviation(word, vocab):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in ((a, len(text[:b].rstrip())) for a, b in spans) if text[a:b].strip()]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Quotations in a block (curly or straight double quotes); an unclosed one runs to the end."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"“[^”]*(?:”|$)", text)]
    spans += [(m.start(), m.end()) for m in re.finditer(r"\"[^\"]*(?:\"|$)", text)]
    return spans


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


# ---------------------------------------------------------------------------------------
# People


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the block's text
    end: int
    name: str
    side: str
    known: bool
    role: str | None = None
    title_start: int | None = None  # where the title before the name begins
    full: bool = True  # a full name or a title phrase, not a bare surname
    speaker: bool = False


_NAME_TOKEN = r"(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"
_NAME_RUN = re.compile(rf"{_NAME_TOKEN}(?:\s+(?:[A-Z]\.\s+)?{_NAME_TOKEN})+")  # "Richard M. Daley" too
_MIDDLE_INITIAL = re.compile(r"\s[A-Z]\.(?=\s)")
_SUFFIX = re.compile(r",?\s+(?:Jr|Sr)\.?$")
_TOKEN_BACK = re.compile(r"([\w.'’-]+)\s*$")
_END = r"(?![\w-])(?!['’](?!s\b)\w)"  # a name ends at a word's end; "Xi's" yes, "Xi'an" no
_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an"
    r"|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|e|i|o|u|v)){1,2}"
)


def looks_chinese(name: str, vocab: Vocabulary) -> bool:
    """A pinyin name, family name first: "Xie Feng", "Wang Wenbin"."""
    parts = name.split()
    given = parts[-1].lower().replace("-", "") if len(parts) == 2 else ""
    return parts[0] in vocab.chinese_surnames and bool(given) and bool(_PINYIN.fullmatch(given))


def surname(name: str, side: str, vocab: Vocabulary) -> str:
    """The family name: first for Chinese names, last otherwise."""
    parts = [p for p in name.split() if p not in ("Jr.", "Sr.")]
    chinese = (side == "CN" and parts[0] in vocab.chinese_surnames) or looks_chinese(name, vocab)
    return parts[0] if chinese else parts[-1]


@dataclass(frozen=True)
class PeopleIndex:
    full: re.Pattern[str] | None  # full names and multi-word aliases
    by_text: dict[str, Person]
    single: dict[str, Person]  # one-word aliases ("Blinken", "Xi")
    by_pronoun: dict[str, frozenset[str]]  # "she"/"he" → the names of those people.yaml gives it ("he" if none)


def people_index(people: list[Person]) -> PeopleIndex:
    by_text: dict[str, Person] = {}
    single: dict[str, Person] = {}
    for person in people:
        for text in (person.name, *person.aliases):
            (by_text if " " in text else single)[text] = person
    names = sorted(by_text, key=len, reverse=True)
    full = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + ")" + _END) if names else None
    by_pronoun = {word: frozenset(p.name for p in people if (p.pronoun or "he") == word) for word in ("she", "he")}
    return PeopleIndex(full, by_text, single, by_pronoun)


def title_before(text: str, start: int, taken: list[Mention], vocab: Vocabulary) -> tuple[str | None, int]:
    """The title just before a name ("US Secretary of State", "Foreign Ministry spokesman"),
    and where it starts; None unless it contains a head word ("Secretary", "spokesman")."""
    position, tokens = start, []
    while match := _TOKEN_BACK.search(text[:position]):
        word = match.group(1).rstrip(".'’")
        if not word or not _title_token(word, vocab) or any(m.start <= match.start(1) <= m.end + 1 for m in taken) \
                or (match.group(1).endswith(".") and not _abbreviation(match.group(1), vocab)):
            # … or the sentence before ended there: "in San Francisco. Prime Minister Fumio Kishida"; or the
            # word goes on a name: "President Xi Jinping and President Barack Obama" (the alias "President Xi")
            break
        tokens.insert(0, (match.start(1), vocab.title_abbreviations.get(match.group(1), match.group(1))))
        position = match.start(1)
    while tokens and tokens[0][1].lower() in ("of", "for", "and", "the", "on", "to", "his", "her", "their", "own"):
        tokens.pop(0)
    words = [w for _, w in tokens]
    if not any(re.sub(r"['’]s$", "", part).lower() in vocab.head_words for w in words for part in w.split("-")):
        return None, start
    return " ".join(words).rstrip(",") or None, tokens[0][0]


def _title_token(word: str, vocab: Vocabulary) -> bool:
    if word in vocab.function_words:
        return False
    if word in vocab.nationality:
        return True
    parts = [p for p in word.split("-") if p]  # none in "--": "LIMA -- US President Joe Biden"
    return bool(parts) and all((p[:1].isupper() and p not in vocab.function_words) or p.lower() in vocab.title_words
                               or p.lower() in vocab.head_words for p in parts)


def side_of_title(title: str | None, name: str, vocab: Vocabulary) -> str:
    """CN/US from a nationality word or an institution in the title; a Chinese name with no
    country in its title is taken as Chinese; else "other"."""
    text = title or ""
    for word, side in sorted(vocab.nationality.items(), key=lambda item: -len(item[0])):
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
            return side
    for pattern, side in vocab.institutions:
        if pattern.search(text):
            return side
    # "California Governor", "Shanghai Party Secretary": a place of one side's territory
    for place in vocab.places:
        if place.side in SIDES and place.kind != "country" and place.pattern.search(text):
            return place.side
    return "CN" if looks_chinese(name, vocab) else "other"


@dataclass
class ArticlePeople:
    """What the article has said so far about people, as it is read in order."""

    index: PeopleIndex
    people: list[Person]
    vocab: Vocabulary
    date: dt.date | None
    by_surname: dict[str, dict[str, str]]  # surname -> name -> side, the latest full mention last
    roles: dict[str, str]  # name -> first title the text gave
    order: list[str]
    unknown: dict[str, Participant]
    named: Counter[str] = field(default_factory=Counter)  # name -> mentions so far, full or not
    in_block: set[str] = field(default_factory=set)  # surnames given in full in the block being read

    def note(self, mention: Mention) -> None:
        if mention.full:
            key = surname(mention.name, mention.side, self.vocab)
            people = self.by_surname.setdefault(key, {})
            people.pop(mention.name, None)
            people[mention.name] = mention.side
            self.in_block.add(key)
        self.named[mention.name] += 1
        if mention.role and mention.name not in self.roles:
            self.roles[mention.name] = mention.role
        if mention.name not in self.order:
            self.order.append(mention.name)
        if not mention.known and mention.name not in self.unknown:
            self.unknown[mention.name] = Participant(mention.name, mention.side, mention.role)


def find_mentions(text: str, state: ArticlePeople) -> list[Mention]:
    """Everyone a block names, in order: known names, titled unknown names, unique titles
    ("China's foreign minister"), then bare surnames resolved against the article so far."""
    mentions = _known_mentions(text, state)
    mentions += [_sided_by_appositive(m, text, state.vocab) for m in _titled_unknowns(text, mentions, state)]
    mentions += _appositive_unknowns(text, mentions, state)
    mentions += _title_phrases(text, mentions, state)
    mentions += _definite_titles(text, mentions, state)
    mentions += _pair_mentions(text, mentions, state)
    mentions.sort(key=lambda m: m.start)
    state.in_block.clear()
    resolved: list[Mention] = []
    for candidate in _surname_candidates(text, mentions, state.vocab):
        for mention in [m for m in mentions if m.start < candidate[0] and m not in resolved]:
            resolved.append(mention)
            state.note(mention)
        found = _resolve_surname(candidate, state)
        if found:
            resolved.append(found)
            state.note(found)
    for mention in mentions:
        if mention not in resolved:
            resolved.append(mention)
            state.note(mention)
    return sorted(resolved, key=lambda m: m.start)


# An appositive's words up to its end: any but ",;." — a full stop only after a capital ("U.S.").
_ROLE_TEXT = r"(?:[^,;.]|(?<=\b[A-Z])\.)"
# ", the U.S. chief of naval operations", ", chairman of the US Joint Chiefs of Staff"
_APPOSITIVE_ROLE = re.compile(rf",\s+(?:(?:an?|the)\s+|(?=(?:chairman|chairwoman|chief|commander|head)\s+of\b))"
                              rf"({_ROLE_TEXT}+)")


def _sided_by_appositive(mention: Mention, text: str, vocab: Vocabulary) -> Mention:
    """A titled name of no side whose appositive gives one: "Adm. Lisa Franchetti, the U.S. chief of
    naval operations," (the title, "Adm.", names no country)."""
    role = _APPOSITIVE_ROLE.match(text, mention.end) if mention.side not in SIDES else None
    side = side_of_title(role.group(1), mention.name, vocab) if role else mention.side
    return replace(mention, side=side, role=role.group(1).strip()) if role and side in SIDES else mention


def _known_mentions(text: str, state: ArticlePeople) -> list[Mention]:
    if state.index.full is None:
        return []
    found: list[Mention] = []
    for match in state.index.full.finditer(text):
        person = state.index.by_text[match.group(0)]
        role, title_start = title_before(text, match.start(), found, state.vocab)
        found.append(Mention(match.start(), match.end(), person.name, person.side, True, role, title_start))
    return found


def _overlaps(start: int, end: int, mentions: list[Mention]) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def _titled_unknowns(text: str, taken: list[Mention], state: ArticlePeople) -> list[Mention]:
    """Names the index does not know, introduced by a title: "Vice Premier Liu Guozhong"; none in a
    headline in title case, where every word looks like a name ("Top U.S. Diplomat Makes Rare Trip")."""
    vocab, found = state.vocab, []
    if _title_case(text):
        return []
    for run in _NAME_RUN.finditer(text):
        tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", run.group(0))]
        # the name is what follows the last title or organisation word: "Illinois Governor John Doe",
        # "Major General Song Yanchao"; nothing follows it in "China Power Project"
        cut = max((i + 1 for i, t in enumerate(tokens)
                   if (t[2] in vocab.not_name_words and not _surname_at_end([t[2] for t in tokens], i, vocab))
                   or t[2].lower() in vocab.head_words), default=0)
        tokens = tokens[cut:]
        # and ends before a function word: "Top Diplomat Clash Over COVID Origins", a headline in title case
        tokens = tokens[: next((i for i, t in enumerate(tokens) if t[2] in vocab.function_words), len(tokens))]
        if not 2 <= len(tokens) <= 3:
            continue
        start, end = run.start() + tokens[0][0], run.start() + tokens[-1][1]
        if _overlaps(start, end, taken + found) or vocab.attributive.match(text, end):
            continue  # … or a name qualifying a noun: "special representative on Korean Peninsula affairs"
        role, title_start = title_before(text, start, taken + found, vocab)
        if role is None:
            continue
        name = _SUFFIX.sub("", text[start:end])  # "Henry Paulson Jr." is Henry Paulson
        if (person := state.index.by_text.get(_MIDDLE_INITIAL.sub("", name))) is not None:
            # "Trade Representative Robert E. Lighthizer": a known person, with the initial the index lacks
            found.append(Mention(start, end, person.name, person.side, True, role, title_start))
            continue
        found.append(Mention(start, end, name, side_of_title(role, name, vocab), False, role, title_start))
    return found


def _surname_at_end(words: list[str], index: int, vocab: Vocabulary) -> bool:
    """'Thomas West': a word that names no one elsewhere ends a name after a name word."""
    return index == len(words) - 1 and index > 0 and words[index] in vocab.surname_too \
        and words[index - 1] not in vocab.not_name_words


def _title_case(text: str) -> bool:
    """A short line with no full stop at its end, whose longer words are nearly all capitalised: a
    headline in title case (a sentence naming officials can be as capitalised, but ends with a stop)."""
    line = text.strip()
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    return 3 <= len(words) <= 20 and "\n" not in line and not line.endswith((".", "?", "!", '"', "”")) \
        and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _appositive_unknowns(text: str, taken: list[Mention], state: ArticlePeople) -> list[Mention]:
    """Unknown analysts and officials introduced by an appositive: "Jiang Hua, a researcher at …,",
    or named in one after their title: "the city's Communist Party chief, Chen Jining,"."""
    vocab, found = state.vocab, []
    heads = "|".join(sorted(vocab.appositive_heads))
    name_first = re.compile(rf"({_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}}),\s+((?:(?:an?|the)\s+(?:[\w.'’-]+\s+){{0,5}}?"
                            rf"(?:{heads})\b|(?:[\w'’-]+\s+){{0,2}}?(?:{heads})\s+(?:of|at|for)\b){_ROLE_TEXT}*)")
    title_first = re.compile(rf"\b(?:the|its|his|her|their|[A-Za-z]+['’]s)\s+((?:[\w.'’-]+\s+){{0,4}}?(?i:{heads}))"
                             rf",\s+({_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,2}})(?=\s*(?:[,.;]|\band\b|$))")
    matches = [(m.start(1), m.end(1), m.group(1), m.group(2)) for m in name_first.finditer(text)]
    matches += [(m.start(2), m.end(2), m.group(2), m.group(1)) for m in title_first.finditer(text)]
    for start, end, name, role in sorted(matches):
        words = name.split()
        if any(w in vocab.not_name_words and not _surname_at_end(words, i, vocab) for i, w in enumerate(words)):
            continue
        if _overlaps(start, end, taken + found):
            continue
        role = re.sub(r"^(?:an?|the)\s+", "", role).strip()
        found.append(Mention(start, end, name, side_of_title(role, name, vocab), False, role, start))
    return found


def _title_phrases(text: str, taken: list[Mention], state: ArticlePeople) -> list[Mention]:
    """'China's foreign minister', 'the top US diplomat': whoever held that post on the
    article's date, when exactly one known person did. Skipped when a name follows (then
    it is that name's title) and after "a", "former", "then-" (not a particular person)."""
    if state.date is None:
        return []
    found: list[Mention] = []
    for side in SIDES:
        nat = _words([w for w, s in state.vocab.nationality.items() if s == side])
        for canonical, spelling in state.vocab.unique_titles:
            holder = _holder(canonical, side, state)
            if holder is None:
                continue
            words = [re.escape(part) for part in spelling.split()]
            regex = r"\s+".join(f"(?:{nat})" if part == re.escape("{nat}") else part for part in words)
            for match in re.finditer(rf"(?<![\w-]){regex}(?![\w-])", text):
                if _generic(text, match, state.vocab) or _overlaps(match.start(), match.end(), taken + found):
                    continue
                found.append(Mention(match.start(), match.end(), holder.name, side, True,
                                     match.group(0), match.start()))
    return found


def _title_head(words: list[str]) -> str:
    """The noun a title is about: "secretary of state" → "secretary", "treasury secretary" →
    "secretary"."""
    return words[0] if "of" in words else words[-1]


def _definite_titles(text: str, taken: list[Mention], state: ArticlePeople) -> list[Mention]:
    """'the treasury secretary', 'the vice-premier': the one official named earlier in the article
    whose title (as the text or people.yaml gives it, without its nationality) that is."""
    day = (state.date or dt.date.min).isoformat()
    known = {person.name: person for person in state.people}
    by_title: dict[str, dict[str, str]] = {}  # title → name → side
    for name in dict.fromkeys([*state.order, *(m.name for m in taken if m.full)]):
        person = known.get(name)
        titles = [r.title for r in person.roles if _held_on(r, day)] if person else []
        side = person.side if person else state.unknown[name].side if name in state.unknown else None
        if side not in SIDES:
            continue
        for title in [*titles, state.roles.get(name) or ""]:
            words = [w for w in title.lower().split() if w not in state.vocab.nationality
                     and w.upper() not in state.vocab.nationality]
            if len(words) >= 2:
                by_title.setdefault(" ".join(words), {})[name] = side
                by_title.setdefault(_title_head(words), {})[name] = side
    found: list[Mention] = []
    for title, names in by_title.items():
        if len(names) != 1 or (" " not in title and title not in state.vocab.definite_heads):
            continue
        (name, side), = names.items()
        phrase = r"\s+".join(map(re.escape, title.split()))
        pattern = rf"(?<![\w-])the\s+{phrase}(?![\w-])(?!\s+(?-i:[A-Z]))"
        for match in re.finditer(pattern, text, re.I):
            if not _overlaps(match.start(), match.end(), taken + found):
                found.append(Mention(match.start(), match.end(), name, side, name in known, None, match.start(),
                                     full=False))
    return found


def _generic(text: str, match: re.Match[str], vocab: Vocabulary) -> bool:
    before = text[: match.start()]
    if re.search(r"(?:\b(?:a|an|any|another|every|each|no|former|ex|first|next|future|new|then)\s+|-)$",
                 before, re.I):
        return True
    after = text[match.end():]
    if re.match(rf",\s+{_NAME_TOKEN}\s+{_NAME_TOKEN}\s*[,.;]", after):
        return True  # "his Chinese counterpart, Gao Fu,": the title of the name after it
    return bool(re.match(rf"\s+{_NAME_TOKEN}", after)) and not re.match(r"\s+(?:" + "|".join(
        sorted(vocab.function_words)) + r")\b", after)


def _pair_mentions(text: str, taken: list[Mention], state: ArticlePeople) -> list[Mention]:
    """'the Biden-Xi summit', 'Blinken-Wang talks': two surnames joined by a hyphen, each
    resolving (as a bare surname would) to a different person."""
    found: list[Mention] = []
    for match in re.finditer(r"(?<![\w-])([A-Z][a-z]+)-([A-Z][a-z]+)(?![\w-])", text):
        if _overlaps(match.start(), match.end(), taken):
            continue
        first, second = (_resolve_surname((match.start(i), match.end(i), match.group(i)), state) for i in (1, 2))
        if first and second and first.name != second.name:
            found += [first, second]
    return found


def _holder(title: str, side: str, state: ArticlePeople) -> Person | None:
    """The one known person of that side holding that title on the article's date."""
    day = (state.date or dt.date.min).isoformat()
    holders = [p for p in state.people if p.side == side and any(_holds(r, title, day) for r in p.roles)]
    return holders[0] if len(holders) == 1 else None


def _holds(role: Role, title: str, day: str) -> bool:
    return role.title == title and _held_on(role, day)


def _held_on(role: Role, day: str) -> bool:
    """Role dates are ISO prefixes ("2021", "2023-05", "2023-05-23"): compare at their precision."""
    start, end = role.start or "", role.end
    return day[: len(start)] >= start and (not end or day[: len(end)] <= end)


_VERB_NEXT = re.compile(r"\s+(?:[a-z]+ed|met|said|says|told|spoke|flew|held|went|was|is|has|had|will|would|left|"
                        r"made|took|gave|saw|became|began)\b")


def _surname_candidates(text: str, taken: list[Mention], vocab: Vocabulary) -> list[tuple[int, int, str]]:
    """Capitalised single words outside other mentions and not part of a longer name."""
    found = []
    for match in re.finditer(rf"(?<![\w-]){_NAME_TOKEN}{_END}", text):
        word = match.group(0)
        after, before = text[match.end():], text[: match.start()]
        if _overlaps(match.start(), match.end(), taken):
            continue
        if word in vocab.not_surnames and not re.search(r"\b(?:with|and|by|met|meet|told|to|for|between)\s+$", before) \
                and (word in vocab.function_words or not _VERB_NEXT.match(after)):
            # "He said" is a pronoun; "talks with He" may be He Lifeng, "Rice arrived" Susan Rice
            # (see _resolve_surname: a common word is a surname only after a full mention)
            continue
        if re.match(rf"\s+{_NAME_TOKEN}", after) and not re.match(
                r"\s+(?:" + "|".join(sorted(vocab.not_name_words)) + r")\b", after):
            continue  # "Wang Xiaoming": a longer name this index does not know
        if re.search(rf"{_NAME_TOKEN}\s+$", before) and not re.search(
                r"(?:" + "|".join(sorted(vocab.not_name_words | vocab.function_words)) + r")\s+$", before):
            continue
        found.append((match.start(), match.end(), word))
    return found


def _resolve_surname(candidate: tuple[int, int, str], state: ArticlePeople) -> Mention | None:
    """A bare surname is the person of that surname the article has named; of two or more, the
    latest named in full in this block, else the one named most so far ("Mr Wang" after a passing
    mention of another Wang is still the story's Wang), the latest on a tie. Failing all, the one
    known person whose alias it is."""
    start, end, word = candidate
    if word in state.by_surname:
        people = state.by_surname[word]
        name = next(reversed(people))
        if len(people) > 1 and word not in state.in_block:
            name = max(reversed(people), key=state.named.__getitem__)
        side = people[name]
        return Mention(start, end, name, side, name not in state.unknown, None, start, full=False)
    if word in state.vocab.not_surnames:
        return None  # also a common word: a surname only after a full mention of that name
    person = state.index.single.get(word)
    if person is None:
        return None
    return Mention(start, end, person.name, person.side, True, None, start, full=False)


def mark_speakers(text: str, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """A person who says something ("X said", "said X", "according to X") is a source, not a
    participant — unless they told someone of the other side, or say "he met …"."""
    marked = []
    for mention in mentions:
        marked.append(replace(mention, speaker=_is_speaker(text, mention, mentions, vocab)))
    return marked


def _is_speaker(text: str, mention: Mention, mentions: list[Mention], vocab: Vocabulary) -> bool:
    before = text[: mention.title_start if mention.title_start is not None else mention.start]
    if re.search(rf"(?:[,\"”’]\s*(?:{vocab.said_before})|\baccording to)\s+$", before, re.I):
        return True  # "…, said Wang", "according to Miller"
    after = re.match(rf"(?:['’]s)?\s*(?:,[^,;]{{1,160}}?,\s*)?(?:also\s+|then\s+|later\s+|has\s+|had\s+)?"
                     rf"(?P<verb>{vocab.speech})\b(?P<rest>.*)", text[mention.end:], re.I | re.S)
    if not after:
        return False
    rest_start = mention.end + after.start("rest")
    if re.match(rf"\s+(?:that\s+)?(?:he|she|they)\s+(?:{vocab.expecting})\s+(?!to\b)", after.group("rest")):
        return True  # "X said he expected A and B to meet": others' contact
    if re.match(r"\s+(?:that\s+)?(?:he|she|they)\b", after.group("rest")):
        return False  # "Wang said he had a phone call with Blinken"
    if after.group("verb").lower() in ("told", "tells"):
        listener = next((m for m in mentions if m.start >= rest_start and (m.title_start or m.start) - rest_start
                         <= 2), None)
        return listener is None or listener.side == mention.side
    return True


# ---------------------------------------------------------------------------------------
# Clauses


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    relative: bool  # opened by "who"/"whose": it is about the person before it
    parent: Clause | None = None  # the clause a coordinated one continues ("…, and to hold talks")
    gapped: bool = False  # "… and then Wang Yi in the afternoon": reuses the parent's verb
    opener: str = ""  # the word that opened it ("when", "which"), lower case
    kind: str = "opener"  # how it was cut from the clause before it (data/contact_words.yaml coordination)


def _has_trigger(text: str, vocab: Vocabulary) -> bool:
    text = _blank(text, vocab.not_triggers)
    return any(t.pattern.search(text) for t in vocab.triggers)


def _coordination_cuts(text: str, vocab: Vocabulary) -> list[tuple[int, str]]:
    """Where coordinated contacts meet in a sentence: (offset, kind)."""
    cuts = []
    for kind, pattern in vocab.coordination.items():
        for match in pattern.finditer(text):
            groups = [g for g in ("cut", "cut2", "cut3", "cut4") if g in pattern.groupindex and match.start(g) >= 0]
            cuts.append((match.start(groups[0]) if groups else match.start(), kind))
    return cuts


# ", and Wang Yi, the foreign minister, …": a name and its appositive, after "and"
_NAME_IN_APPOSITION = re.compile(r",\s+and\s+(?:[A-Z][\w'’.-]*\s+){1,3}[A-Z][\w'’-]*,\s+(?:the|an?|[A-Z][\w.]*['’]s)\s")


def _keep_cut(kind: str, left: str, right: str, vocab: Vocabulary) -> bool:
    """A gapped cut needs a contact word before it; a continued one after it; a new subject both;
    a subordinate clause none."""
    if kind == "subordinate":
        return True
    if kind == "gapped":
        return _has_trigger(left, vocab)
    if kind in ("continued", "reported", "pronoun_subject"):
        return _has_trigger(right, vocab)
    if kind == "new_subject" and _NAME_IN_APPOSITION.match(right) and not _has_verb(right, vocab):
        return False  # "met Yang Jiechi, China's top diplomat, and Wang Yi, the foreign minister, in …": one object
    return _has_trigger(left, vocab) and _has_trigger(right, vocab)


def clauses(text: str, start: int, end: int, vocab: Vocabulary) -> list[Clause]:
    """A sentence cut at clause openers ("that", "since", "after", "who", ";") and between
    coordinated contacts ("met A in the morning and then B", "…, and Sullivan met Wang")."""
    sentence = text[start:end]
    cuts = {start + m.start(): "opener" for m in vocab.clause_opener.finditer(sentence)}
    if listed := vocab.place_date_list.search(sentence):  # "…: in Beijing in June; in Singapore in October"
        cuts = {at: kind for at, kind in cuts.items() if not start + listed.start() <= at < start + listed.end()}
    if leading := _LEADING_GERUND.match(sentence):  # "Before seeing Xi, the secretary held talks with Wang"
        cuts[start + leading.end()] = "opener"
    for following in re.finditer(r",\s+(?=following\s)", sentence):  # "…, following Blinken in June"
        if _FOLLOWING_SOMEONE.match(sentence, following.end()):
            cuts.setdefault(start + following.end(), "opener")
    for offset, kind in _coordination_cuts(sentence, vocab):
        cuts.setdefault(start + offset, kind)
    points = sorted(cuts)
    result: list[Clause] = []
    begin, kind_of_begin = start, "opener"
    who: int | None = None  # where the who-clause the current clause belongs to starts in `result`
    for index, point in enumerate([*points, end]):
        if point <= begin:
            continue
        kind = cuts.get(point, "end")
        # what a cut's right side holds runs to the next cut, not to where a who-clause might resume:
        # "…, and his top diplomats, A and B, held talks with …" (a new subject, with its contact word)
        following = next((p for p in points[index + 1:] if p > point and not cuts[p].startswith("resumed")), end)
        # a resumed main clause continues the clause the who-clause interrupted
        resumes = result[who - 1] if kind_of_begin.startswith("resumed") and who else None
        if kind_of_begin == "opener":
            if _opens_who(text[begin:point], vocab):
                who = len(result)
            elif vocab.temporal_opener.match(text, begin) is None:
                who = None  # "Kerry, who flew in ahead of the president, met Wang": still the who-clause
        elif kind_of_begin not in ("continued", "gapped"):
            who = None  # "Sullivan, who traveled to Beijing and met Xi there, said …": still the who-clause
        if kind in ("resumed", "resumed_by_contact"):
            since = result[who].start if who is not None and who < len(result) else begin  # the who-clause's start
            if who is None or (kind == "resumed_by_contact" and not _has_verb(text[since:point], vocab)):
                continue  # only a who-clause ends at ", has said …" (see resumed_by_contact)
        elif kind == "aside_end":
            if not (kind_of_begin == "opener" and begin > start):
                continue  # only a clause opened inside the sentence ends at ", possibly …"
        elif kind not in ("opener", "end") and not _keep_cut(kind, text[begin:point], text[point:following], vocab):
            continue  # not two contacts: "met Yang Jiechi, and Wang Yi" stays one clause
        result += _clause(text, begin, point, kind_of_begin, result, vocab, resumes)
        begin, kind_of_begin = point, kind
    return result


def _has_verb(text: str, vocab: Vocabulary) -> bool:
    return vocab.past_tense.search(text) is not None or vocab.present_tense.search(text) is not None


def _opens_who(text: str, vocab: Vocabulary) -> bool:
    words = text.lower().split()
    return bool(words) and words[0] in vocab.relative_openers and words[0] != "where"


def _clause_parent(kind: str, before: list[Clause]) -> Clause | None:
    """The clause a coordinated one continues; after a who-clause, the one the who-clause
    interrupted ("Ross, who met Hu, has said he hopes to go": Ross's clause)."""
    if kind in ("resumed", "resumed_by_contact", "aside_end"):
        return before[-2] if len(before) >= 2 else None
    if kind in ("gapped", "continued", "new_subject", "pronoun_subject") and before:  # "reported": no subject
        return before[-1]
    return None


def _temporal(text: str, clause: Clause, vocab: Vocabulary) -> bool:
    """'after the ministry cited health reasons': a clause a coordinated one does not continue ("Wang
    stood in at the meetings, after the ministry cited …, and met Blinken": Wang met him)."""
    return vocab.temporal_opener.match(text, clause.start) is not None


# ", following Secretary of State Antony Blinken in June": a person, then a date (not "following talks")
_FOLLOWING_SOMEONE = re.compile(r"\W*following\s+(?:(?:[A-Z][\w.'’-]*|of|for|the)\s+){1,8}(?:in|on|last|earlier)\b")


def _clause(text: str, a: int, b: int, kind: str, before: list[Clause], vocab: Vocabulary,
            resumes: Clause | None = None) -> list[Clause]:
    if not text[a:b].strip():
        return []
    words = text[a:b].lower().replace(",", " ").split()
    opener = next((o for o in sorted(vocab.describing_openers | vocab.relative_openers, key=len, reverse=True)
                   if words[: len(o.split())] == o.split()), "")
    if before and (words[:2] == ["followed", "by"] or _FOLLOWING_SOMEONE.match(text, a)):
        # "X visited in June, followed by Y in July", "the fourth official to visit China, following
        # Secretary of State Antony Blinken in June": Y's own contact of the same kind
        return [Clause(a, b, False, before[-1], False, "", "followed")]
    if kind in ("continued", "gapped"):
        before = [c for c in before if not _temporal(text, c, vocab)] or before
    parent = resumes or _clause_parent(kind, before)
    return [Clause(a, b, opener in vocab.relative_openers, parent, kind == "gapped", opener, kind)]


# ---------------------------------------------------------------------------------------
# Discourse: who "the two men", "he" and "The talks" refer to


@dataclass
class Discourse:
    """What the article has said so far, for references back: the people of the last
    contact (or group) named, and who was mentioned in recent sentences and how often."""

    sentence: int = 0  # the number of the sentence being read, across blocks
    group: tuple[Mention, ...] = ()  # the participants of the last contact clause
    group_sentence: int = -100
    sentence_groups: list[tuple[Mention, ...]] = field(default_factory=list)  # all groups of group_sentence
    recent: list[tuple[int, Mention]] = field(default_factory=list)  # (sentence, mention) read so far
    salience: Counter[str] = field(default_factory=Counter)  # mentions per name so far
    lede_dates: list[tuple[DateExpr, bool]] = field(default_factory=list)  # for the paragraph after the lede
    story_dates: list[tuple[DateExpr, bool]] = field(default_factory=list)  # the lede's, kept for "later"
    lede_read: bool = False  # the first paragraph with a date has been read
    denied: set[tuple[Mention, ...]] = field(default_factory=set)  # groups of contacts reported as not held
    opener: Mention | None = None  # who opened the last sentence read: whom a pronoun opening the next one continues

    def remember_group(self, people: list[Mention], denied: bool = False) -> None:
        if len({m.name for m in people}) >= 2:
            if self.group_sentence != self.sentence:
                self.sentence_groups = []
            self.group, self.group_sentence = tuple(people), self.sentence
            self.sentence_groups.append(self.group)
            if denied:
                self.denied.add(self.group)

    def recent_group(self, within: int, held: bool = False) -> tuple[Mention, ...]:
        """The group last named, at most `within` sentences ago, China–US. When that sentence
        named several ("talks with He …, when she also met Li"), the one the article is most
        about: the pair's mentions so far. `held`: not a group whose contact was denied ("No
        meeting between A and B was planned. The talks in Detroit …" are not A's and B's)."""
        if self.sentence - self.group_sentence > within:
            return ()
        pairs = [g for g in self.sentence_groups if {m.side for m in g} == set(SIDES)
                 and not (held and g in self.denied)]
        if not pairs:
            return ()
        return max(reversed(pairs), key=lambda g: sum(self.salience[m.name] for m in g))

    def recent_party(self, within: int, side: str) -> tuple[Mention, ...]:
        """The last group of several people all of `side`, at most `within` sentences ago:
        "Kritenbrink and Beran visited Beijing. They held talks with Ma Zhaoxu"."""
        if self.sentence - self.group_sentence > within:
            return ()
        return next((g for g in reversed(self.sentence_groups) if {m.side for m in g} == {side}), ())

    def read(self, mentions: list[Mention], opener: Mention | None) -> None:
        self.recent += [(self.sentence, m) for m in mentions]
        self.opener = opener
        self.salience.update(m.name for m in mentions)
        self.sentence += 1


_OPENING = " \"'“‘("  # what may come before a sentence's first word
_JOINED = re.compile(r"\s*(?:,|and|&|as well as)\s*(?:[A-Z][\w.'’-]*\s+){0,4}")
_TITLE_WORDS = re.compile(r"(?:[A-Z][\w.'’-]*\s+){0,4}")  # "Chinese " before "President Xi Jinping"


def _opener(text: str, start: int, mentions: list[Mention]) -> Mention | None:
    """The person a sentence opens with, title and all ("Chinese President Xi Jinping arrived …"), if any."""
    first = min(mentions, key=lambda m: m.start, default=None)
    if first is None:
        return None
    before = text[start: first.title_start if first.title_start is not None else first.start].lstrip(_OPENING)
    joined = any(_JOINED.fullmatch(text[first.end: m.title_start if m.title_start is not None else m.start])
                 for m in mentions if m.start > first.start)  # "Blinken and Yellen spoke …": either may be "he"
    return first if _TITLE_WORDS.fullmatch(before) and not joined else None


# How far back (in sentences) each kind of reference may reach.
_PAIR_REACH = 6
_EVENT_REACH = 2
_PLURAL_REACH = 1
_PRONOUN_REACH = 2


def sentence_group(ctx: Context) -> tuple[Mention, ...]:
    """The people a sentence refers to as a group ("the two heads of state", "the two men",
    "The talks …", "their"), placed at the reference, or ()."""
    text = ctx.block.text[ctx.sentence[0]: ctx.sentence[1]]
    refs, discourse = ctx.vocab.references, ctx.discourse
    found: tuple[Mention, ...] = ()
    if match := refs["heads_of_state"].search(text):
        found = _presidents(ctx, ctx.sentence[0] + match.start())
    elif match := refs["pair"].search(text):
        at = ctx.sentence[0] + match.start()
        found = (_named_before(ctx, at) or _recent_leaders(match.group(0), ctx)
                 or _recent_in_role(match.group(0), ctx) or _completed_pair(ctx, at))
    elif match := refs["event"].search(text):
        found = discourse.recent_group(_EVENT_REACH, held=True)
    elif (match := _plural_reference(text, ctx)) and not _quoted(ctx, ctx.sentence[0] + match.start()):
        found = _named_before(ctx, ctx.sentence[0] + match.start()) or discourse.recent_group(_PLURAL_REACH) \
            or _party_meeting(ctx, ctx.sentence[0] + match.end())
    if not found or match is None:
        return ()
    at = ctx.sentence[0] + match.start()
    if _third_party_before(at, ctx) or _named_after(ctx.sentence[0] + match.end(), ctx) \
            or _meets_a_third_party(ctx.sentence[0] + match.end(), ctx):
        return ()
    group = tuple(replace(m, start=at, end=at + len(match.group(0)), title_start=at, role=None, full=False,
                          speaker=False) for m in found)
    discourse.remember_group(list(group))
    return group


def _party_meeting(ctx: Context, position: int) -> tuple[Mention, ...]:
    """'They' before a contact with people of one side only, after a group of the other side: that
    group ("Kritenbrink and Beran visited Beijing. They held talks with Ma Zhaoxu")."""
    named = {m.side for m in ctx.mentions if position <= m.start < ctx.sentence[1] and not _bystander(m, ctx)}
    if len(named) != 1 or not named <= set(SIDES):
        return ()
    return ctx.discourse.recent_party(_PLURAL_REACH, next(iter(set(SIDES) - named)))


def _named_after(position: int, ctx: Context) -> bool:
    """'The two defense chiefs, Lloyd Austin and Dong Jun, held …': the reference names its people."""
    return any(0 < m.title_start - position <= 3 for m in ctx.mentions if m.title_start is not None)


def _meets_a_third_party(position: int, ctx: Context) -> bool:
    """'The pair met president-elect Lai Ching-te': the group's contact word, right after it, takes an
    official of neither side: that meeting is theirs, not a China–US one."""
    after = ctx.block.text[position: ctx.sentence[1]]
    verb = ctx.vocab.several_meetings.match(after.lstrip())
    return bool(verb) and any(position < m.start < ctx.sentence[1] and m.side not in SIDES
                              and not _bystander(m, ctx) for m in ctx.mentions)


def _third_party_before(position: int, ctx: Context) -> bool:
    """An official of neither side named earlier in the sentence: "Kishida will hold talks with Xi,
    in what would be the first meeting between the two leaders" — the two are Kishida and Xi,
    not the China–US pair the article named before."""
    return any(ctx.sentence[0] <= m.start < position and m.side not in SIDES and not _bystander(m, ctx)
               for m in ctx.mentions)


def _plural_reference(text: str, ctx: Context) -> re.Match[str] | None:
    """'they', 'their' standing for the people named; not 'their presidents' (other people),
    nor after other people ("The ministers will wrap up their meeting": the ministers')."""
    for match in ctx.vocab.references["plural"].finditer(text):
        if ctx.vocab.other_people.search(text, 0, match.start()):
            return None
        if not ctx.vocab.other_people.match(text, match.end() + 1):
            return match
    return None


def _recent_leaders(reference: str, ctx: Context) -> tuple[Mention, ...]:
    """'the two leaders' after a sentence naming both a ministers' pair and the presidents
    ("…, which could pave the way for a summit of their presidents"): the presidents."""
    if "leader" not in reference.lower():
        return ()
    presidents = {p.name for p in _presidents(ctx, ctx.sentence[0])}
    discourse = ctx.discourse
    if len(presidents) < 2 or discourse.sentence - discourse.group_sentence > _PAIR_REACH:
        return ()
    for group in discourse.sentence_groups:
        named = _unique([m for m in group if m.name in presidents])
        if len(named) == 2:
            return tuple(named)
    return ()


def _recent_in_role(reference: str, ctx: Context) -> tuple[Mention, ...]:
    """'the two envoys': the official of each side named last (within _PAIR_REACH sentences) whose
    role on the article's date the noun names, though a later contact named other people."""
    noun = next((n for n in ctx.vocab.pair_roles if reference.lower().endswith(n)), None)
    if noun is None:
        return ()
    titles = ctx.vocab.pair_roles[noun]
    day = (ctx.state.date or dt.date.min).isoformat()
    people = {p.name: p for p in ctx.state.people}
    found: dict[str, Mention] = {}
    discourse = ctx.discourse
    for sentence, mention in reversed(discourse.recent):
        if discourse.sentence - sentence > _PAIR_REACH:
            break
        person = people.get(mention.name)
        if mention.side in found or mention.side not in SIDES or person is None:
            continue
        if any(titles.search(r.title) and _held_on(r, day) for r in person.roles):
            found[mention.side] = mention
    return tuple(found[side] for side in SIDES) if len(found) == 2 else ()


def _named_before(ctx: Context, position: int) -> tuple[Mention, ...]:
    """Officials of both sides named earlier in the sentence, the nearest antecedent of
    "their": those of the latest clause that names both sides."""
    for clause in reversed([c for c in ctx.clauses if c.start < position]):
        named = _unique([m for m in ctx.mentions if clause.start <= m.start < min(clause.end, position)
                         and not _bystander(m, ctx)])
        if {m.side for m in named} == set(SIDES):
            return tuple(named)
    return ()


def _completed_pair(ctx: Context, position: int) -> tuple[Mention, ...]:
    """The last group, or, when the sentence named one side's official before "the two men" ("he held
    talks with Wang Yi, the latest round of a channel the two men opened …"), that official and the
    last group's official of the other side."""
    recent = ctx.discourse.recent_group(_PAIR_REACH)
    named = _unique([m for m in ctx.mentions if ctx.sentence[0] <= m.start < position and m.side in SIDES
                     and not _bystander(m, ctx)])
    if not recent or len(named) != 1 or named[0].name in {m.name for m in recent}:
        return recent
    return (*named, *(m for m in recent if m.side != named[0].side))


def _quoted(ctx: Context, position: int) -> bool:
    return _inside(position, ctx.quotes)


def _presidents(ctx: Context, at: int) -> tuple[Mention, ...]:
    """'the two heads of state': each side's president on the article's date."""
    holders = [_holder("President", side, ctx.state) for side in SIDES]
    return tuple(Mention(at, at, p.name, p.side, True, None, at, full=False) for p in holders if p)


def resolve_pronouns(clause: Clause, people: list[Mention], ctx: Context, start: int,
                     trigger: int | None = None) -> list[Mention]:
    """'he', 'she', 'him' (from `start` on): the one recent official who completes the
    contact. Only when the clause lacks a side, and only when one candidate of the side
    needed stands out (the only one in the last sentences, or clearly the most mentioned).
    Not "him" after the contact word and a comma: "Xi met Bill Gates on Friday, calling him an
    old friend" — him is whom the contact word already named."""
    sides = {m.side for m in people}
    if sides == set(SIDES) or _third_party(clause, ctx):
        return []
    text = ctx.block.text[start: clause.end]
    found: list[Mention] = []
    for match in ctx.vocab.pronouns.finditer(text):
        position = start + match.start()
        if _overlaps(position, position + 1, ctx.mentions):
            continue  # "talks with He on trade": the surname He, not a pronoun
        if _quoted(ctx, position) or re.match(rf"\s+(?:{ctx.vocab.speech})\b", text[match.end():], re.I):
            continue  # "he said": a speaker
        if _speaker_self(position, ctx):
            continue  # "the senator said he plans to …": he is the speaker, not the other side
        if _only_third_parties_before(position, ctx):
            continue  # "Lavrov arrived on Monday, during which he is set to hold talks with Wang Yi": Lavrov
        if trigger is not None and trigger < position and match.group(0).lower() in ("him", "her") \
                and "," in ctx.block.text[trigger: position]:
            continue
        need = _side_needed(people + found, clause, ctx)
        others = {m.name for m in people + found} | _disagreeing(match.group(0), ctx)
        person = _antecedent(need, others, position, ctx)
        if person is not None:
            found.append(Mention(position, position + len(match.group(0)), person.name, person.side, True,
                                 None, position, full=False))
    return found


def _disagreeing(pronoun: str, ctx: Context) -> frozenset[str]:
    """The known people a pronoun cannot stand for: the men for "she" and "her", the women for "he"
    and "him" (data/people.yaml `pronoun`, "he" when omitted)."""
    return ctx.state.index.by_pronoun["he" if pronoun.lower() in ("she", "her") else "she"]


def _only_third_parties_before(position: int, ctx: Context) -> bool:
    """The sentence so far names people, none of either side: a pronoun stands for one of them."""
    before = [m for m in ctx.mentions if ctx.sentence[0] <= m.start < position]
    return bool(before) and all(m.side not in SIDES for m in before)


def _speaker_self(position: int, ctx: Context) -> bool:
    """A pronoun right after a speaker's "said" (or "says that") stands for the speaker; right after
    "saying", for the subject of the clause it ends."""
    before = ctx.block.text[ctx.sentence[0]: position]
    if re.search(rf"\b(?:{ctx.vocab.speech_participles})\s+(?:that\s+)?$", before, re.I):
        return True
    said = re.search(rf"\b(?:{ctx.vocab.speech})\s+(?:that\s+)?$", before, re.I)
    return bool(said) and any(m.speaker and ctx.sentence[0] <= m.start < position for m in ctx.mentions)


def _third_party(clause: Clause, ctx: Context) -> bool:
    """'where he will see the Polish president': the clause names whom 'he' meets, an
    official of neither side, so the pronoun completes no China–US contact."""
    return any(clause.start <= m.start < clause.end and m.side not in SIDES and not m.speaker
               for m in ctx.mentions)


def _side_needed(people: list[Mention], clause: Clause, ctx: Context) -> str | None:
    """The side a pronoun must be to make a contact: the other side of those named, or of
    the place visited."""
    sides = {m.side for m in people}
    if len(sides) == 1:
        return _other(next(iter(sides)))
    if not people:
        place_sides = [p.side for _, p, _ in _places_in(ctx.block.text[clause.start: clause.end], clause.start,
                                                        ctx.vocab) if p.side in SIDES]
        return _other(place_sides[0]) if place_sides else None
    return None


def _other(side: str) -> str:
    return "US" if side == "CN" else "CN"


def _antecedent(side: str | None, exclude: set[str], position: int, ctx: Context) -> Mention | None:
    if side is None:
        return None
    discourse = ctx.discourse
    opener = discourse.opener if not ctx.block.text[ctx.sentence[0]: position].strip(_OPENING) else None
    if opener is not None and opener.side == side and opener.name not in exclude:
        return opener  # "Xi arrived on Tuesday. He and Biden are set to meet …": Xi, however often others were named
    in_sentence = [m for m in ctx.mentions if ctx.sentence[0] <= m.start < position and m.side == side
                   and m.name not in exclude]
    earlier = {m.name: m for m in in_sentence if m.speaker or not _bystander(m, ctx)}
    if len(earlier) == 1:  # "Biden said …, but he has not said when he will next speak to Xi": Biden
        return next(iter(earlier.values()))
    pool = [m for s, m in discourse.recent if s >= discourse.sentence - _PRONOUN_REACH
            and m.side == side and m.name not in exclude]
    pool += [m for m in in_sentence if not _bystander(m, ctx)]
    names = {m.name: m for m in pool}
    if len(names) == 1:
        return next(iter(names.values()))
    ranked = sorted(names.values(), key=lambda m: discourse.salience[m.name], reverse=True)
    if len(ranked) >= 2 and discourse.salience[ranked[0].name] >= 2 * discourse.salience[ranked[1].name]:
        return ranked[0]
    return None


# ---------------------------------------------------------------------------------------
# Contacts from a clause


@dataclass(frozen=True)
class Context:
    """What a clause is read with: the block, the sentence, the article so far."""

    block: Block
    sentence: tuple[int, int]
    mentions: list[Mention]
    quotes: list[tuple[int, int]]
    article_date: dt.date | None
    date_inferred: bool
    slug: str
    vocab: Vocabulary
    earlier_dates: list[tuple[DateExpr, bool, str]]  # dates read before the sentence: (expr, future, where)
    state: ArticlePeople
    discourse: Discourse
    clauses: tuple[Clause, ...] = ()
    group: tuple[Mention, ...] = ()  # whom the sentence refers to as a group
    pronoun_people: dict[int, list[Mention]] = field(default_factory=dict)  # clause start -> whom its pronouns name


def _blank(text: str, patterns: tuple[re.Pattern[str], ...]) -> str:
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def triggers_in(clause: Clause, ctx: Context) -> list[tuple[int, Trigger]]:
    """Contact words in the clause, outside quotations and not part of "called on" etc."""
    text = _blank(ctx.block.text[clause.start: clause.end], ctx.vocab.not_triggers)
    found = []
    for trigger in ctx.vocab.triggers:
        for match in trigger.pattern.finditer(text):
            if not _inside(clause.start + match.start(), ctx.quotes):
                found.append((clause.start + match.start(), trigger))
    return sorted(found, key=lambda item: item[0])


def _bystander(mention: Mention, ctx: Context) -> bool:
    """Not a participant: a speaker, only the owner of someone else ("Li's predecessor",
    "Biden's greetings"), a name used as a modifier ("a Biden administration official"), naming a
    period ("the first talks under Biden") or another contact ("to prepare for Blinken's trip")."""
    after = ctx.block.text[mention.end:]
    rest = " " + mention.name.rsplit(" ", 1)[-1]
    if after.startswith(rest) and not ctx.block.text[mention.start: mention.end].endswith(rest):
        after = after[len(rest):]  # "President Xi" found, "Jinping's top economic adviser" after it
    if ctx.vocab.travelling_party.match(after):
        return mention.speaker
    before = ctx.block.text[: mention.title_start if mention.title_start is not None else mention.start]
    return mention.speaker or bool(ctx.vocab.not_the_person.match(after) or ctx.vocab.attributive.match(after)
                                   or ctx.vocab.inviter.search(before) or ctx.vocab.under.search(before)
                                   or (ctx.vocab.prepared_for.search(before) and after[:2] in ("'s", "’s")))


def participants_in(clause: Clause, ctx: Context, triggers: list[tuple[int, Trigger]]) -> list[Mention]:
    """People of both sides in the clause who are not bystanders; a who-clause adds the
    person it is about, a coordinated clause its subject; a reference to a group ("the
    two men") adds the group; a pronoun the one official who completes the contact."""
    inside = [m for m in ctx.mentions if clause.start <= m.start < clause.end and not _bystander(m, ctx)]
    first = triggers[0][0] if triggers else clause.end
    before = [m for m in ctx.mentions if ctx.sentence[0] <= m.start < clause.start]
    relative = clause.relative and bool(before) and not _own_subject(clause, inside, first)
    if relative:
        inside.insert(0, before[-1])
    inherited = bool(clause.parent) and clause.kind != "followed" and (
        clause.gapped or not [m for m in inside if m.start < first])
    if inherited and clause.parent:
        inside = _subject(clause.parent, ctx) + inside
    elif _GERUND_FIRST.match(ctx.block.text, clause.start) and not [m for m in inside if m.start < first] \
            and (before_it := _clause_before(clause, ctx)):
        # "Blinken toured the city before meeting Wang", "…, before being received by Xi": the
        # gerund's subject is the one of the clause before
        inside = _subject(before_it, ctx) + inside
    elif clause.start == ctx.sentence[0] and _LEADING_GERUND.match(ctx.block.text, clause.start) \
            and not [m for m in inside if m.start < first] and (after_it := _clause_after(clause, ctx)):
        # "Before seeing Xi, Pompeo held talks with Wang": the gerund's subject is the main clause's
        inside = _subject(after_it, ctx) + inside
    elif not inside and (_about_the_subject(clause, ctx) or _adverbial(clause, first, ctx)) and ctx.clauses:
        # "X and Y signed a pact, after a day of talks": the talks are X's and Y's; "the latest of
        # rounds between X and Y, following talks in May": the pair the sentence named
        inside = _subject(ctx.clauses[0], ctx) or list(_named_before(ctx, clause.start))
    named = [m for m in inside if m.side in SIDES]
    group = [m for m in ctx.group if clause.start <= m.start < clause.end
             or not (named or (m.start >= clause.end and _pronoun_subject(clause, first, ctx)))]
    if group and not named and (they := _plural_reference(ctx.block.text[clause.start: first], ctx)) \
            and all(m.start < clause.start for m in group) and (pair := _named_before(ctx, clause.start)):
        # "Biden and Xi spoke on April 2, their first call since they met in November": they are
        # the pair the sentence named just before, not the group an opening "The call" recalled
        at = clause.start + they.start()
        group = [replace(m, start=at, end=at + len(they.group(0)), title_start=at, role=None, full=False,
                         speaker=False) for m in pair]
    people = _unique(inside + group)
    # an inherited subject is what a pronoun before the contact word stands for
    # and so is a pronoun before the contact word of a who/where-clause ("X, where he will meet …")
    pronouns = _unique(resolve_pronouns(clause, people, ctx, first if inherited or relative else clause.start,
                                        first))
    pronouns += _implied_subject(clause, people + pronouns, first, ctx)
    pronouns += _them(clause, people + pronouns, first, ctx)
    ctx.pronoun_people[clause.start] = pronouns
    return people + pronouns


def _clause_before(clause: Clause, ctx: Context) -> Clause | None:
    """The sentence's clause that ends last before this one starts."""
    return next((c for c in reversed(ctx.clauses) if c.end <= clause.start), None)


def _clause_after(clause: Clause, ctx: Context) -> Clause | None:
    """The sentence's clause that starts first after this one ends."""
    return next((c for c in ctx.clauses if c.start >= clause.end), None)


def _gerund_of_plan(clause: Clause, ctx: Context) -> bool:
    """'Kerry is due to leave on Wednesday after meeting Han Zheng': the gerund is as planned as its clause."""
    before = _clause_before(clause, ctx)
    return before is not None and _GERUND_FIRST.match(ctx.block.text, clause.start) is not None \
        and is_future(ctx.block.text[before.start: before.end], ctx.vocab)


_THEM = re.compile(r"\bthem\b")


def _them(clause: Clause, people: list[Mention], first: int, ctx: Context) -> list[Mention]:
    """'… spent two days negotiating with Liu, and on the second day Xi received them': "them" after
    the contact word is the subject of the clause before, when that completes the contact."""
    sides = {m.side for m in people}
    them = _THEM.search(ctx.block.text, first, clause.end)
    before = _clause_before(clause, ctx)
    if them is None or len(sides) != 1 or before is None:
        return []
    needed = [m for m in _unique(_subject(before, ctx)) if m.side in SIDES and m.side not in sides]
    at = them.start()
    return [replace(m, start=at, end=them.end(), title_start=at, role=None, full=False, speaker=False)
            for m in needed]


_GERUND_FIRST = re.compile(r"[\s,]*(?:after|before|while|upon)\s+(?-i:being\s+[a-z]+ed|(?!(?:morning|evening|spring)\b)"
                           r"[a-z]{2,}ing)\b", re.I)  # not "after Beijing declined"
# A sentence opening with a time phrase around another event: that event is a clause of its own.
_LEADING_GERUND = re.compile(_GERUND_FIRST.pattern + r"[^,;:]{0,80}(?=,)", re.I)
_SUBJECTLESS = re.compile(r"(?:talks|meetings?|(?:phone |video )?calls?)\s+with\b", re.I)
_PREPOSITION_FIRST = re.compile(r"[\s\"'“‘(]*(?:at|during|after|before|in|following|since|ahead of|on|for|from|over|"
                                r"amid|with|by|as|while|when|despite)\b", re.I)


def _implied_subject(clause: Clause, people: list[Mention], first: int, ctx: Context) -> list[Mention]:
    """A sentence that names no one before "talks with X" ("The centrepiece of the trip came on
    Saturday: talks with Vice-Premier He Lifeng"; "Separate meetings with A and B rounded out the
    programme") tells of the official the story follows: taken as a pronoun there would be."""
    if not people or {m.side for m in people} == set(SIDES) or not _SUBJECTLESS.match(ctx.block.text, first):
        return []
    if any(ctx.sentence[0] <= m.start < first for m in ctx.mentions) \
            or ctx.vocab.pronouns.search(ctx.block.text, ctx.sentence[0], first) \
            or _PREPOSITION_FIRST.match(ctx.block.text, ctx.sentence[0]):
        return []  # "At Tuesday's talks with A, B announced …": the sentence names its subject later
    person = _antecedent(_side_needed(people, clause, ctx), {m.name for m in people}, ctx.sentence[0], ctx)
    at = ctx.sentence[0]
    return [Mention(at, at, person.name, person.side, True, None, at, full=False)] if person else []


def _about_the_subject(clause: Clause, ctx: Context) -> bool:
    """'after a day of talks' names no one, so it is about the sentence's subject; 'days
    before the two countries' presidents meet' is about other people, 'since their summit'
    about those "their" stands for."""
    text = ctx.block.text[clause.start: clause.end]
    own_group = any(clause.start <= m.start < clause.end for m in ctx.group) or bool(
        ctx.vocab.references["plural"].search(text))
    return bool(ctx.vocab.temporal_opener.match(text)) and not (own_group or ctx.vocab.other_people.search(text))


_ADVERBIAL = re.compile(r",\s+(?:in|during|at|over)\s+(?:a|an|the|their|his|her)\s+(?:[\w-]+\s+)?$", re.I)


def _adverbial(clause: Clause, first: int, ctx: Context) -> bool:
    """'X has told Y that …, in a phone call': the contact word in an adverbial phrase tells how the
    sentence's people spoke, though the clause it ends names no one."""
    return _ADVERBIAL.search(ctx.block.text, clause.start, first) is not None


def _own_subject(clause: Clause, inside: list[Mention], first: int) -> bool:
    """'Trump, whose secretary of state, Pompeo, met Yang' and 'Xi skipped the summit, where
    Biden met Li': a whose- or where-clause naming its own subject is about that person; the
    one before it takes no part."""
    return clause.opener in ("whose", "where") and any(m.start < first for m in inside)


def _pronoun_subject(clause: Clause, first: int, ctx: Context) -> bool:
    """'he is to attend the summit, though no meeting between the two is arranged': a clause
    about "he" is about one person, not the group the sentence names after it."""
    return bool(ctx.vocab.pronouns.search(ctx.block.text[clause.start: first]))


def _unique(mentions: list[Mention]) -> list[Mention]:
    unique: dict[str, Mention] = {}
    for mention in mentions:
        if mention.side in SIDES:
            unique.setdefault(mention.name, mention)
    return list(unique.values())


def _subject(clause: Clause, ctx: Context) -> list[Mention]:
    """Who a clause is about: the people before its contact word (or its parent's)."""
    triggers = triggers_in(clause, ctx)
    first = triggers[0][0] if triggers else clause.end
    own = [m for m in ctx.mentions if clause.start <= m.start < first and not _bystander(m, ctx)]
    own = own or [m for m in ctx.pronoun_people.get(clause.start, []) if m.start < first]  # "when he met …"
    if not own and re.search(r"\b(?:he|she)\b", ctx.block.text[clause.start: first], re.I):
        # "Ross held talks in Xiamen, though he did not meet …": he is the subject before
        earlier = [c for c in ctx.clauses if c.end <= clause.start]
        own = next((found for c in earlier if (found := _subject(c, ctx))), [])
    if not own and clause.relative:  # "Sullivan, who traveled to Beijing": the person it follows
        own = [m for m in ctx.mentions if ctx.sentence[0] <= m.start < clause.start][-1:]
    if not own and clause.parent:
        return _subject(clause.parent, ctx)
    return own


def is_future(text: str, vocab: Vocabulary) -> bool:
    return any(p.search(text) for p in vocab.future)


def _negated(clause: Clause, ctx: Context) -> bool:
    text = ctx.block.text[clause.start: clause.end]
    if clause.gapped and clause.parent:
        text = ctx.block.text[clause.parent.start: clause.parent.end] + text
    return any(p.search(text) for p in ctx.vocab.negations) or bool(ctx.vocab.denial.search(text)) \
        or _denied_report(clause, ctx)


def _denied_report(clause: Clause, ctx: Context) -> bool:
    """'denied a report that Blinken was preparing to travel': the that-clause is what was denied."""
    before = ctx.block.text[ctx.sentence[0]: clause.start].rstrip()
    denied = ctx.vocab.denial.search(before)
    return denied is not None and denied.end() == len(before) \
        and ctx.block.text[clause.start: clause.end].lstrip().lower().startswith("that ")


def _refused_request(clause: Clause, ctx: Context) -> bool:
    """'asked to arrange a call with X, but Beijing never agreed': the refusal may sit in
    another clause of the sentence, so it is looked for across the whole sentence."""
    sentence = ctx.block.text[ctx.sentence[0]: ctx.sentence[1]]
    return bool(ctx.vocab.request.search(ctx.block.text[clause.start: clause.end])
                and ctx.vocab.refusal.search(sentence))


def contacts_in_clause(clause: Clause, ctx: Context, claimed: set[int]) -> list[Contact]:
    triggers = triggers_in(clause, ctx)
    if not triggers and (clause.gapped or clause.kind == "followed") and clause.parent:
        triggers = triggers_in(clause.parent, ctx)  # "… and then Wang Yi in the afternoon"
    if not triggers:
        return []
    if clause.kind == "followed" and not triggers_in(clause, ctx):
        segments = _dated_segments(clause, ctx)
        if len(segments) > 1:
            return [c for segment in segments for c in contacts_in_clause(segment, ctx, claimed)]
    text = ctx.block.text[clause.start: clause.end]
    if _between_others(text, clause.start, ctx):
        return []
    people = participants_in(clause, ctx, triggers)
    # remembered even when negated: "X did not speak with Y. The two men last met in May"
    denied = _negated(clause, ctx) or _refused_request(clause, ctx)
    ctx.discourse.remember_group([m for m in people if not m.speaker], denied)
    if denied:
        return []
    postponed = any(map(ctx.vocab.postponement.search, (text, _predicate_after(clause, ctx))))
    # "Wang is expected to meet Biden, and to hold talks with Sullivan": the plan covers both; not
    # what a quotation says ("everything is going to be OK," Milley told Li in the first call)
    future = postponed or is_future(_unquoted(_own_predicate(text, triggers, clause.start, ctx), clause.start, ctx),
                                    ctx.vocab) or bool(
        clause.parent and is_future(ctx.block.text[clause.parent.start: clause.parent.end], ctx.vocab)) \
        or _when_of_plan(clause, ctx) or _gerund_of_plan(clause, ctx)
    drafts = []
    for bound in bound_groups(people, clause, ctx):  # "a meeting between Biden and Xi next month"
        date, inferred, note = _bound_date(bound, clause, ctx, future, claimed)
        drafts.append(_contact(bound, None, date, inferred, note, _modes(triggers), text, future, ctx))
        people = [m for m in people if m not in bound]
    if drafts and people and all(m in ctx.group for m in people):
        return drafts  # "The talks may lead to a meeting between Biden and Xi": the talks were reported already
    groups = _groups(people, triggers, clause, ctx, text)
    if not groups:
        return drafts
    listed = _listed_dates(clause, ctx, triggers, claimed) if len(groups) == 1 else []
    if listed:  # "phone calls in February and September, a virtual meeting in November …"
        group, where = groups[0]
        for expr, mode in listed:
            date, inferred, note = _resolved(expr, ctx, future, context=False)
            place = _place_before(expr.start, clause, ctx) or where
            drafts.append(_contact(group, place, date, inferred, note, [mode], text, future, ctx))
        return drafts
    if postponed:
        date, inferred, note = _postponed_date(clause, ctx, claimed)
    else:
        date, inferred, note = _fallen_through_date(clause, ctx, claimed) if future and \
            ctx.vocab.past_plan.search(text) else clause_date(clause, ctx, future, claimed)
    return drafts + [_contact(group, where, date, inferred, note, _modes(triggers), text, future, ctx)
                     for group, where in groups]


def _predicate_after(clause: Clause, ctx: Context) -> str:
    """'A trip to Washington by China's top diplomat, which officials had expected this month, has
    been pushed back': a sentence that opens with a contact named by a noun and no verb says what
    became of it after the clauses that describe it."""
    text = ctx.block.text
    if clause.start != ctx.sentence[0] or _has_verb(text[clause.start: clause.end], ctx.vocab):
        return ""
    return text[clause.end: ctx.sentence[1]]


def _when_of_plan(clause: Clause, ctx: Context) -> bool:
    """A when-clause in the present after a plan is part of it: "is expected to meet Wang later this
    month, when Wang travels to the US" (English puts a future when-clause in the present)."""
    if clause.opener != "when":
        return False
    before = [c for c in ctx.clauses if c.end <= clause.start]
    text = ctx.block.text[clause.start: clause.end]
    return bool(before) and is_future(ctx.block.text[before[-1].start: before[-1].end], ctx.vocab) \
        and ctx.vocab.past_tense.search(text) is None


def _own_predicate(text: str, triggers: list[tuple[int, Trigger]], offset: int, ctx: Context) -> str:
    """The clause up to a predicate of its own after its first contact word: "arrived in New York on Sunday
    and is due to fly home on Saturday" is an arrival, the plan only the flight home."""
    after = max(triggers[0][0] - offset, 0) if triggers else len(text)
    second = ctx.vocab.coordination["continued"].search(text, after) or _IN_WHAT.search(text, after)
    own = text[: second.start()] if second else text
    described = _HELD_WHAT.search(own, 0, after)
    return own[: described.end()] + own[after:] if described else own


# "held talks overnight in Lima, in what is expected to be their final meeting": what follows
# describes the contact, and its "expected" makes no plan of it
_IN_WHAT = re.compile(r",\s+in what\b")
# "held what is expected to be his last meeting with Biden": the same, before the contact word
_HELD_WHAT = re.compile(r"\b(?:held|had|made|paid) what\b", re.I)


def _between_others(text: str, offset: int, ctx: Context) -> bool:
    """The clause's contact is between people it does not name ("a video call between
    theater-level commanders of the two militaries")."""
    match = ctx.vocab.between_others.search(text)
    return match is not None and not any(offset + match.start() <= m.start < offset + len(text) for m in ctx.mentions)


def _unquoted(text: str, offset: int, ctx: Context) -> str:
    """The text with what it quotes blanked out."""
    for start, end in ctx.quotes:
        a, b = max(start - offset, 0), min(end - offset, len(text))
        if a < b:
            text = text[:a] + " " * (b - a) + text[b:]
    return text


def _dated_segments(clause: Clause, ctx: Context) -> list[Clause]:
    """'followed by Yellen and Kerry in July and Raimondo last month': each date closes the
    part naming whose contact it dates."""
    text = ctx.block.text
    dates = usable_dates(text[clause.start: clause.end], clause.start, ctx.vocab, ctx.mentions)
    segments, begin = [], clause.start
    for expr in dates:
        if any(begin <= m.start < expr.start for m in ctx.mentions):
            segments.append(replace(clause, start=begin, end=expr.end))
            begin = expr.end
    return segments


def _postponed_date(clause: Clause, ctx: Context, claimed: set[int]) -> tuple[Resolved | None, bool, str | None]:
    """'On Monday, the minister postponed his trip': Monday is when it was put off, and the trip
    was due about then — the month of it (merging joins the exact dates other sentences
    give). A new date after "to" ("postponed to March") is the contact's own."""
    text = ctx.block.text
    for expr in usable_dates(text[clause.start: clause.end], clause.start, ctx.vocab, ctx.mentions):
        if re.search(r"\b(?:to|for|until)\s+$", text[clause.start: expr.start]):
            return _resolved(expr, ctx, True, context=False)
    date, inferred, note = clause_date(clause, ctx, False, claimed)
    if date is None or date.date is None or date.precision != "day":
        return date, inferred, note
    month = date.date[:7]
    return (replace(date, date=month, precision="month", end_date=None,
                    note=f"{note}; that is when it was put off, so the contact was due about {month}"),
            inferred, note)


def _modes(triggers: list[tuple[int, Trigger]]) -> list[str]:
    return [t.mode for _, t in triggers]


def _groups(people: list[Mention], triggers: list[tuple[int, Trigger]], clause: Clause, ctx: Context,
            text: str) -> list[tuple[list[Mention], str | None]]:
    """Who met whom in the clause, and where: both sides present, or a one-sided visit to
    the other side's territory."""
    sides = {m.side for m in people}
    place = find_place(clause, ctx)
    visits = [i for i, t in triggers if t.visit]
    if sides == set(SIDES) and any(not t.visit_only for _, t in triggers) and not _owned_visits(people, triggers, ctx):
        home = _place_side(clause, ctx)
        # a head of state receives a visitor in a meeting of their own, not in the ministers' session
        heads = frozenset(p.name for p in _presidents(ctx, clause.start))
        # the contact word after the first person: "During the Tianjin visit he also spoke separately with A and B"
        first = min(m.start for m in people)
        word = next((i for i, _ in triggers if i > first), triggers[0][0])
        groups = [(group, place) for group in split_participants(people, word, text, ctx.vocab, home,
                                                                     clause.start, heads)]
        return groups + _visitors(people, visits, clause, ctx)
    if sides == set(SIDES):  # both sides only at a forum ("attend"): each side's own visit
        return _visitors(people, visits, clause, ctx)
    if people and visits:
        where = clause.parent if clause.kind == "followed" and clause.parent else clause
        destination = visit_destination(where, ctx, next(iter(sides)))
        # the visitors are those before the visit word when any are: "Rice visited in 2016, and Sullivan's first"
        visitors = _not_posted([m for m in people if m.start < visits[0]] or people, ctx)
        if destination is not None:
            return [(group, destination) for group in _one_by_one(visitors, text, ctx.vocab)]
    return []


def _contact(group: list[Mention], where: str | None, date: Resolved | None, inferred: bool, note: str | None,
             modes: list[str], text: str, future: bool, ctx: Context) -> Contact:
    status = "planned" if future or _after_article(date, ctx.article_date) else "held"
    return _draft(group, date, inferred, note, status, mode_of(modes, where, text), where, duration_in(text), ctx)


def bound_groups(people: list[Mention], clause: Clause, ctx: Context) -> list[list[Mention]]:
    """Pairs the text binds to one contact whatever else the clause says: "the summit
    between Biden and Xi", "the Biden-Xi meeting"."""
    text, found = ctx.block.text, []
    for a, b in itertools.pairwise(people):
        if a.side == b.side or a.start == b.start:
            continue
        gap = text[a.end: b.title_start if b.title_start is not None else b.start]
        before = text[clause.start: a.title_start if a.title_start is not None else a.start]
        if gap == "-" or (re.fullmatch(r",?\s+and\s+", gap) and re.search(r"\bbetween\s+$", before)):
            found.append([a, b])
    return found


def _bound_date(bound: list[Mention], clause: Clause, ctx: Context, future: bool,
                claimed: set[int]) -> tuple[Resolved | None, bool, str | None]:
    """A bound pair's date is the one right after it ("between Biden and Xi next month")."""
    text = ctx.block.text
    after = usable_dates(text[bound[-1].end: clause.end], bound[-1].end, ctx.vocab, ctx.mentions)
    if after:
        claimed.add(after[0].start)
        return _resolved(after[0], ctx, future, context=False)
    return clause_date(clause, ctx, future, claimed)


def _listed_dates(clause: Clause, ctx: Context, triggers: list[tuple[int, Trigger]],
                  claimed: set[int]) -> list[tuple[DateExpr, str]]:
    """Several dates and several contact words (or a plural one) in a clause list several
    contacts: each date with the mode of the contact word before it."""
    text = ctx.block.text[clause.start: clause.end]
    dates = [e for e in usable_dates(text, clause.start, ctx.vocab, ctx.mentions) if e.start not in claimed]
    if len(dates) < 2 or not (_contact_per_date(dates, triggers) or ctx.vocab.plural_contacts.search(text)
                              or _several_places(text, clause.start, ctx)):
        return []
    listed = []
    for expr in dates:
        before = [t for i, t in triggers if i < expr.start]
        listed.append((expr, (before[-1] if before else triggers[0][1]).mode))
        claimed.add(expr.start)
    return listed


def _contact_per_date(dates: list[DateExpr], triggers: list[tuple[int, Trigger]]) -> bool:
    """'met in May and spoke by phone in June': a contact word between each two dates. 'spoke
    by phone in March, and ties soured in the months that followed' lists one contact."""
    return all(any(a.start < i < b.start for i, _ in triggers) for a, b in itertools.pairwise(dates))


def _place_before(position: int, clause: Clause, ctx: Context) -> str | None:
    """The place named last before a listed date: "in Geneva in March and in Oslo in June"."""
    found = _places_in(ctx.block.text[clause.start: position], clause.start, ctx.vocab)
    return found[-1][2] if found else None


def _several_places(text: str, offset: int, ctx: Context) -> bool:
    """'talks in Geneva in March and in Oslo in June': two places, each with its date,
    are two contacts, where one place and two dates may be one contact over both days."""
    return len({place.name for _, place, _ in _places_in(text, offset, ctx.vocab)}) >= 2


def _one_by_one(people: list[Mention], text: str, vocab: Vocabulary) -> list[list[Mention]]:
    """'Raimondo and Kerry are expected to visit China': two trips, unless they go together."""
    if any(p.search(text) for p in vocab.together):
        return [people]
    return [[person] for person in people]


_POSSESSIVE = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}")


def _owned_visits(people: list[Mention], triggers: list[tuple[int, Trigger]], ctx: Context) -> bool:
    """Every contact word is a visit named by its visitor's possessive: "the two discussed
    Blinken's planned visit to China" is Blinken's visit, not a meeting of the two."""
    text = ctx.block.text
    return all(trigger.visit and any(_POSSESSIVE.fullmatch(text, m.end, at) for m in people if m.end <= at)
               for at, trigger in triggers)


def _visitors(people: list[Mention], visits: list[int], clause: Clause,
              ctx: Context) -> list[tuple[list[Mention], str | None]]:
    """'Wang Yi visited Washington, where he met Blinken': the visit is a contact of its own."""
    if not visits:
        return []
    found = []
    for side in SIDES:
        visitors = _not_posted([m for m in people if m.side == side and m.start < visits[0]], ctx)
        destination = visit_destination(clause, ctx, side) if visitors else None
        if destination is not None:
            text = ctx.block.text[clause.start: clause.end]
            found += [(group, destination) for group in _one_by_one(visitors, text, ctx.vocab)]
    return found


def _not_posted(visitors: list[Mention], ctx: Context) -> list[Mention]:
    """Those not ambassadors on the article's date: an ambassador who "arrived in Beijing" took up a
    post there, or came back to it; whom they meet there is a contact, their travel is not a visit."""
    day = (ctx.state.date or dt.date.min).isoformat()
    resident = ctx.vocab.resident_titles.search
    posted = {p.name for p in ctx.state.people if any(resident(r.title) and _held_on(r, day) for r in p.roles)}
    posted |= {name for name, title in ctx.state.roles.items() if resident(title)}
    return [m for m in visitors if m.name not in posted and not resident(m.role or "")]


def _place_side(clause: Clause, ctx: Context) -> str | None:
    """Whose territory the clause's contact is on, if it names a known place."""
    places = _places_in(ctx.block.text[clause.start: clause.end], clause.start, ctx.vocab)
    sides = [p.side for _, p, _ in places if p.side in SIDES]
    return sides[0] if sides else None


def split_participants(people: list[Mention], trigger: int, text: str, vocab: Vocabulary,
                       home: str | None = None, offset: int = 0,
                       heads: frozenset[str] = frozenset()) -> list[list[Mention]]:
    """Several officials of one side named before the contact word and one of the other after
    it ("Xi, Wang Yi and Qin Gang met Blinken") met that person one by one, as protocol
    has it; so does a visitor who meets several hosts ("the minister will meet the premier
    and the central bank governor"). A host who meets several visitors ("met visiting …", "a delegation",
    or on the host's own ground) meets them once, unless the text says "separately"."""
    before = [m for m in people if m.start < trigger]
    after = [m for m in people if m.start >= trigger]
    if len(before) >= 2 and after and _POSSESSIVE.fullmatch(text, before[-1].end - offset, trigger - offset):
        return [[before[-1], *after]]  # "Harris noted a message from Biden's own talks with Xi": Biden's
    together = any(p.search(text) for p in vocab.together)
    if len(before) >= 2 and len({m.side for m in before}) == 1 and len(after) == 1 and not together \
            and after[0].side != before[0].side \
            and not vocab.one_session.search(text[max(0, before[-1].end - offset): max(0, after[0].start - offset)]):
        return [[m, after[0]] for m in before]
    if len(before) == 1 and len(after) >= 2 and all(m.side != before[0].side for m in after):
        # "met X and Y" may be two meetings; "talks with X and Y" is one session
        verb = vocab.several_meetings.search(text[max(0, before[0].end - offset): after[0].start - offset])
        hosting = together or home == before[0].side or re.search(r"\b(?:visiting|delegation)\b", text, re.I)
        # "talks with Wang Yi, his counterpart, and with Wang Xiaohong": "with" again, another meeting
        withs = _WITH.findall(text, max(0, before[0].end - offset), max(0, after[-1].start - offset))
        between = (max(0, after[0].end - offset), max(0, after[-1].start - offset))
        # "holding talks with A … and meeting B": another contact word between them, another meeting
        in_turn = vocab.in_sequence.search(text, *between) or vocab.several_meetings.search(text, *between)
        if any(p.search(text) for p in vocab.separately) or (verb and not hosting) or len(withs) >= len(after) \
                or in_turn or any(m.name in heads for m in after):
            return [[before[0], m] for m in after]
    return [people]


_WITH = re.compile(r"(?<!along )(?<!together )\bwith\b", re.I)


def _after_article(date: Resolved | None, article: dt.date | None) -> bool:
    """The whole period the date names lies after the article's date: a plan."""
    if date is None or date.date is None or article is None:
        return False
    span = period(date.date, date.end_date)
    return span is not None and span[0] > article


def mode_of(modes: list[str], place: str | None, text: str) -> str:
    """The mode the contact words say: video or phone over all; in person if any word or a place says so."""
    for mode in ("video", "phone"):
        if mode in modes:
            return mode
    if "in-person" in modes or place or re.search(r"\bvisiting\b", text):
        return "in-person"
    return "unknown"


_NUMBER = r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|half an?)"
_DURATION = re.compile(rf"\b(?P<n>{_NUMBER}(?:[- ]and[- ]a[- ]half)?)[- ](?P<u>hour|minute)s?\b", re.I)


def duration_in(text: str) -> str | None:
    """'three-hour meeting' -> 'three hours'; 'for seven and a half hours' as given."""
    match = _DURATION.search(text)
    if not match:
        return None
    number = match.group("n").replace("-", " ")
    plural = "" if number.lower() in ("one", "a", "an", "1", "half a", "half an") else "s"
    return f"{number} {match.group('u').lower()}{plural}"


# ---------------------------------------------------------------------------------------
# Places


def _places_in(text: str, offset: int, vocab: Vocabulary) -> list[tuple[int, Place, str]]:
    """Known places named as where something is: after "in", "to", "at", "visit", or "the
    Bali meeting". The display keeps what the text adds: "Langfang, Hebei province"."""
    found = []
    lead = (r"(?:\b(?:in|into|on|to|at|through|across|outside|visit|visits|visited|toured?|left|leaves|leaving)"
            r"\s+(?:the\s+)?"
            r"(?:[a-z-]+\s+){0,3}"  # "the Greek island of", "the northern port city of"
            r"(?:(?:[A-Z][\w-]+\s+)?(?:island|city|resort|port|town)\s+of\s+)?)$")
    for place in vocab.places:
        for match in place.pattern.finditer(text):
            before, after = text[: match.start()], text[match.end():]
            if not (re.search(lead, before) or (re.search(r"\bthe\s+$", before)
                                                 and re.match(r"\s+(?:meeting|summit|talks)", after))):
                continue
            shown = place.name
            extra = re.match(r",\s+((?:[A-Z][\w-]+\s+)?(?:province|state|region)|[A-Z][a-z]+)(?=[\s,.;)])", after)
            if extra and place.kind == "city" and place.name not in ("Washington, DC",):
                region = extra.group(1)
                if "province" in region or any(p.name == region for p in vocab.places):
                    shown = f"{place.name}, {region}"
            found.append((offset + match.start(), place, shown))
    return sorted(found, key=lambda item: (item[0], -len(item[2])))


_KIND_RANK = {"venue": 0, "city": 1, "province": 2, "state": 2, "region": 3, "country": 4}


def find_place(clause: Clause, ctx: Context) -> str | None:
    """Where the clause says the contact took place: the most specific known place, else a
    capitalised name after "in" that is not a month, weekday, person or nationality."""
    text = ctx.block.text[clause.start: clause.end]
    places = _places_in(text, clause.start, ctx.vocab)
    if places:
        best = min(places, key=lambda item: (_KIND_RANK.get(item[1].kind, 5), item[0]))
        return best[2]
    for match in re.finditer(r"\bin\s+((?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+){0,2})", text):
        words = match.group(1).split()
        if any(w in ctx.vocab.not_name_words or w in ctx.vocab.nationality for w in words):
            continue
        if not _overlaps(clause.start + match.start(1), clause.start + match.end(1), ctx.mentions):
            return match.group(1)
    return None


def visit_destination(clause: Clause, ctx: Context, side: str) -> str | None:
    """Where a one-sided visit goes, if it is the other side's territory; "the country"
    refers back to the last country named earlier in the sentence or block."""
    other = "US" if side == "CN" else "CN"
    text = ctx.block.text[clause.start: clause.end]
    for position, place, shown in _places_in(text, clause.start, ctx.vocab):
        if ctx.vocab.not_a_destination.search(ctx.block.text, max(position - 20, 0), position):
            continue  # "a tougher line on Beijing": the government, not a place gone to
        if place.side == other:
            return shown
        if place.side != side:
            return None  # a third country: Riyadh, Taiwan
    if re.search(r"\b(?:visit(?:ed|s)?|arrived|arrives)\b(?!\s+(?:the\s+)?[A-Z])", text) \
            and not _places_in(text, 0, ctx.vocab):
        # "the first trip to China by … since Rice visited in 2016", "… a planned trip to Beijing.
        # Blinken eventually visited in June", "Kerry left Beijing on Wednesday. Kerry, who arrived on
        # Sunday, …": the visit goes where the paragraph's trip went
        trips = _places_in(ctx.block.text[: clause.start], 0, ctx.vocab)
        if trips and trips[-1][1].side == other:
            return trips[-1][2]
    if re.search(r"\b(?:went|flew|came|returned|travell?ed)\s+there\b", text):
        # "the first such trip since her predecessor went there in 2015": the place named before
        earlier = _places_in(ctx.block.text[: clause.start], 0, ctx.vocab)
        if earlier and earlier[-1][1].side == other:
            return earlier[-1][2]
    if re.search(r"\b(?:visit(?:ed|s)?|toured?|to)\s+the\s+(?:country|nation)\b", text):
        earlier = _places_in(ctx.block.text[: clause.start], 0, ctx.vocab)
        countries = [item for item in earlier if item[1].kind == "country"]
        if countries and countries[-1][1].side == other:
            return countries[-1][2]
    return None


# ---------------------------------------------------------------------------------------
# Dates of a contact


def _speech_date(text: str, expr: DateExpr, vocab: Vocabulary) -> bool:
    """'said Sunday', 'told reporters on Monday', 'at a briefing on Friday': when it was said
    — not when a contact word or a plan comes between ("said he had spoken earlier Friday
    with Wang", "said would take place in the coming weeks")."""
    before = text[: expr.start]
    # "the United States in April": "States" is no speech verb
    said = re.search(rf"(?<!United )\b(?:{vocab.speech})((?:\s+[\w-]+){{0,4}})\s+(?:on\s+)?$", before, re.I)
    if said and not (_has_trigger(said.group(1), vocab) or is_future(said.group(1), vocab)
                     or vocab.contact_verbs.search(said.group(1)) or _to_an_official(said.group(1), vocab)):
        return True
    return bool(re.search(r"\b(?:briefing|press conference|statement|interview)(?:\s+in\s+\w+)?\s+(?:on\s+)?$",
                             before, re.I))


def _to_an_official(words: str, vocab: Vocabulary) -> bool:
    """'told US Vice-President Dick Cheney yesterday': said to an official by title, face to face, on the
    day they met (not 'told reporters', 'told CNN')."""
    return any(part in vocab.head_words for word in words.split() for part in word.lower().split("-"))


def _photo_date(text: str, expr: DateExpr) -> bool:
    """'X, pictured at a hearing in March, travelled to Beijing in May': when the photo was taken."""
    return bool(re.search(r"\b(?:pictured|photographed|seen)\b[^,;()]*$", text[: expr.start], re.I))


def _modifier_year(text: str, expr: DateExpr) -> bool:
    """'the protests of 1989', 'the crisis of 2008': a year naming something, not when it happened."""
    return expr.kind == "year" and bool(re.search(r"\b[a-z]+\s+of\s+$", text[: expr.start]))


def usable_dates(text: str, offset: int, vocab: Vocabulary, mentions: list[Mention]) -> list[DateExpr]:
    """Dates of events: not limits ("since 2018"), not when something was said, not inside a
    name ("Dong Jun")."""
    shifted = [replace(e, start=e.start + offset, end=e.end + offset) for e in find_dates(text)
               if not e.bounding and not _speech_date(text, e, vocab) and not _modifier_year(text, e)
               and not _photo_date(text, e)]
    return [e for e in shifted if not _overlaps(e.start, e.end, mentions)]


def _fallen_through_date(clause: Clause, ctx: Context, claimed: set[int]) -> tuple[Resolved | None, bool, str | None]:
    """The date of a plan that fell through ("had been due in Beijing on February 5-6"), which may
    have been before the article or after it: of the two readings, the one nearer the article."""
    readings = []
    for ahead in (True, False):
        taken = set(claimed)
        found = clause_date(clause, ctx, ahead, taken, borrowed_ahead=ahead)
        readings.append((_days_from(found[0], ctx.article_date), found, taken))
    _, found, taken = min(readings, key=lambda reading: reading[0])  # a tie: the reading ahead
    claimed |= taken
    return found


def _days_from(date: Resolved | None, article: dt.date | None) -> int:
    span = period(date.date, date.end_date) if date is not None and date.date else None
    return 0 if span is None or article is None else min(abs((day - article).days) for day in span)


def clause_date(clause: Clause, ctx: Context, future: bool, claimed: set[int],
                borrowed_ahead: bool | None = None) -> tuple[Resolved | None, bool, str | None]:
    """The clause's own date; else that of a describing clause right after it ("…, which
    opens next month"); else one earlier in the sentence that no other contact took; else
    the nearest earlier date in the paragraph, or the paragraph before (inferred, and said
    so). Other dates later in the sentence belong to what follows ("…, who took office in March").
    `borrowed_ahead`: how to read a date borrowed from the paragraph (a plan that fell through is
    read both ways, _fallen_through_date); None: as it was read there."""
    text = ctx.block.text
    own = [e for e in usable_dates(text[clause.start: clause.end], clause.start, ctx.vocab, ctx.mentions)
           if e.start not in claimed]
    if own:
        claimed.add(own[0].start)
        spanned = _spanned(own, ctx, future)
        if spanned:
            return spanned
        date, inferred, note = _resolved(own[0], ctx, future, context=False)
        # "concluded two days of talks on Saturday": the day named is the last of them
        date = _days_long(date, text[clause.start: clause.end], future)
        return _runs_until(date, clause, ctx), inferred, note
    if (counted := _days_from_next(clause, ctx, future)) is not None:
        return counted
    following = _describing_clause(clause, ctx)
    if following is not None:
        dates = usable_dates(text[following.start: following.end], following.start, ctx.vocab, ctx.mentions)
        if dates:
            return _resolved(dates[0], ctx, future, context=False)
    when = _when_date(clause, ctx)
    if when is not None:
        return _resolved(when, ctx, future, context=False)
    # a date earlier in the sentence that no contact has taken: "On Monday, after arriving, X met Y"
    sentence = usable_dates(text[ctx.sentence[0]: clause.start], ctx.sentence[0], ctx.vocab, ctx.mentions)
    # a relative clause happens within what it hangs on: "visited Washington in October, where he met …"
    free = [e for e in sentence if e.start not in claimed or _shares_date(clause, ctx)]
    if free:
        date, inferred, note = _resolved(free[-1], ctx, future, context=False)
        # "met Raimondo on Thursday and Tai in Detroit a day later"
        return _shifted(_days_apart(date, clause, ctx), text[clause.start: clause.end]), inferred, note
    if ctx.vocab.iterative.search(text[clause.start: clause.end]):
        return None, False, "the sentence tells of several contacts and dates none of them"
    # "On the second day he met Wang": a day of the last span named, past any date named since
    spans_only = bool(_NTH_DAY.search(text[ctx.sentence[0]: clause.end]))
    for only_spans in (True, False) if spans_only else (False,):
        for expr, was_future, where in reversed(ctx.earlier_dates):
            ahead = was_future if borrowed_ahead is None else borrowed_ahead
            resolved, inferred, note = _resolved(expr, ctx, ahead, context=True, where=where)
            if future and _before_article(resolved, ctx.article_date):
                continue  # a plan does not take the date of something already past
            if only_spans and not (resolved.precision == "day" and resolved.end_date):
                continue
            resolved = _days_long(resolved, text[clause.start: clause.end], future)
            return _shifted(resolved, text[ctx.sentence[0]: clause.end]), inferred, note
    if not future and _LATER.search(text, clause.start, clause.end):
        # "Kerry later met President Xi Jinping", paragraphs after the lede's "on Wednesday": the story's day
        story = [expr for expr, was_future in ctx.discourse.story_dates if not was_future]
        if story:
            return _resolved(story[0], ctx, False, context=True, where="the opening paragraph's")
    return None, False, "the sentence and the paragraph before it give no date"


_LATER = re.compile(r"\b(?:later|afterwards|then)\b(?!\s+(?:this|that|next|in|on)\b)"
                    r"|\b(?:later )?in the (?:morning|afternoon|evening)\b", re.I)  # "Later in the afternoon, Bush …"


_DAYS_LONG = re.compile(r"\b(?:over|for)\s+(?P<n>two|three|four|five|\d)\s+days\b"
                        r"|\b(?P<m>two|three|four|five|\d)[- ]days?\s+of\b", re.I)
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5}


def _days_long(date: Resolved, text: str, future: bool) -> Resolved:
    """'talks over three days' dated by a day borrowed from around them: the talks end on that
    day when reported (begin on it when planned, or when it is the day of an arrival: "arrived on
    Tuesday for two days of talks"), so the days before (after) are theirs too."""
    match = _DAYS_LONG.search(text)
    if not match or date.precision != "day" or not date.date or date.end_date:
        return date
    word = (match.group("n") or match.group("m")).lower()
    days = _COUNT.get(word) or int(word)
    day = dt.date.fromisoformat(date.date)
    starts = future or _ARRIVAL.search(text, 0, match.start()) is not None
    first, last = (day, day + dt.timedelta(days=days - 1)) if starts else (day - dt.timedelta(days=days - 1), day)
    note = f"{date.note}; '{match.group(0)}' makes it {human(first)} to {human(last)}"
    return replace(date, date=first.isoformat(), end_date=last.isoformat(), note=note)


_ARRIVAL = re.compile(r"\b(?:arrive|arrived|arrives|arriving|land|landed|lands|flew into)\b", re.I)
_CONTINUES = re.compile(r"\b(?:continued|resumed|ended|concluded|wrapped up|until|through|till)\b", re.I)


_RUNS_UNTIL = re.compile(r"\b(?:runs?|lasts?|continues?|ends?)\s+(?:until|through|till|on)\s+$", re.I)


def _runs_until(date: Resolved, clause: Clause, ctx: Context) -> Resolved:
    """'landed on Monday, for a visit that lasts until Friday': the visit ends that day."""
    later = [c for c in ctx.clauses if c.start >= clause.end][:1]
    if date.precision != "day" or not date.date or date.end_date or not later:
        return date
    text = ctx.block.text[later[0].start: later[0].end]
    for expr in find_dates(text):
        if _RUNS_UNTIL.search(text[: expr.start]):
            end = resolve(expr, ctx.article_date, True)
            if end.precision == "day" and end.date and end.date > date.date:
                return replace(date, end_date=end.date, note=f"{date.note}; '{expr.text}' ends it: {end.note}")
    return date


_SHIFT = re.compile(rf"\b{COUNT}\s+days?\s+(?P<way>before|after|earlier|later)"
                    r"(?:\s+(?:that|this|then)\b|(?=\s*[,.;]))", re.I)  # not "a day after the end of X"
# "The following day he spent three hours with Wang Yi", "the day before the talks opened"
_NEXT_DAY = re.compile(r"\bthe\s+(?:(?P<after>following|next)|previous|preceding)\s+day\b"
                       r"|\bthe\s+day\s+(?:(?P<after2>after)|before)\b", re.I)


def _shift_in(text: str) -> tuple[int, str] | None:
    """How many days a borrowed day moves by (negative: earlier), and the words that say so."""
    if match := _SHIFT.search(text):
        days = count_of(match.group("n"))
        return (-days if match.group("way").lower() in ("before", "earlier") else days), match.group(0)
    if match := _NEXT_DAY.search(text):
        return (1 if match.group("after") or match.group("after2") else -1), match.group(0)
    return None


_MONTH_SHIFT = re.compile(rf"\b{COUNT}\s+months?\s+(?P<way>later|earlier)\b", re.I)
# "traveled to Beijing on June 18-19. On the first day he held talks with Qin …": a day of a span named before
_NTH_DAY = re.compile(r"\b(?:on|by)\s+(?:the|his|her|their)\s+"
                      r"(?P<nth>first|second|third|fourth|fifth|final|last)\s+day\b"
                      r"(?!\s+of\s+(?:the\s+)?(?:month|year|week)\b)", re.I)
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def _nth_day(date: Resolved, nth: re.Match[str]) -> Resolved:
    """'on the second day' (`nth`): that day of the span borrowed (June 18-19 → June 19); anything
    else as it was."""
    if date.precision != "day" or not date.date or not date.end_date:
        return date
    start, end = dt.date.fromisoformat(date.date), dt.date.fromisoformat(date.end_date)
    word = nth.group("nth").lower()
    day = end if word in ("final", "last") else start + dt.timedelta(days=_NTH[word] - 1)
    if day > end:
        return date
    note = f"{date.note}; '{nth.group(0)}' makes it {human(day)}" if date.note else None
    return replace(date, date=day.isoformat(), end_date=None, note=note)


def _shifted(date: Resolved, text: str) -> Resolved:
    """A day borrowed from the contact before, 'two days before that', 'the following day': the
    borrowed day (its first day, or its last for a later one) moved by that many days; a month
    borrowed, 'a month later', moved by months."""
    if (months := _MONTH_SHIFT.search(text)) and date.date and date.precision in ("day", "month"):
        count = count_of(months.group("n")) * (-1 if months.group("way").lower() == "earlier" else 1)
        year, month = divmod(int(date.date[:4]) * 12 + int(date.date[5:7]) - 1 + count, 12)
        said = f"'{months.group(0)}' makes it {calendar.month_name[month + 1]} {year}"
        note = f"{date.note}; {said}" if date.note else None
        return Resolved(f"{year:04d}-{month + 1:02d}", "month", None, note, date.relative)
    # the words nearest the clause count: "On the first day …, and on the second day he met …"
    if nth := next(reversed(list(_NTH_DAY.finditer(text))), None):
        return _nth_day(date, nth)
    shift = _shift_in(text)
    return date if shift is None else _moved(date, *shift)


def _moved(date: Resolved, days: int, words: str) -> Resolved:
    """A day moved by `days` (from its first day back, from its last forward), noted with `words`."""
    if date.precision != "day" or not date.date:
        return date
    day = dt.date.fromisoformat(date.date if days < 0 else date.end_date or date.date) + dt.timedelta(days=days)
    note = f"{date.note}; '{words}' makes it {human(day)}" if date.note else None
    return replace(date, date=day.isoformat(), end_date=None, note=note)


_DAYS_TO = re.compile(rf"\b{COUNT}\s+days?\s*$", re.I)
_AFTER_OR_BEFORE = re.compile(r"\W*(?P<way>after|before)\b", re.I)


def _days_from_next(clause: Clause, ctx: Context, future: bool) -> tuple[Resolved, bool, str | None] | None:
    """'telephoned Wang two days after the ruling was issued on July 12': the day of the clause that
    follows, moved by the days counted before it."""
    text = ctx.block.text
    count = _DAYS_TO.search(text, clause.start, clause.end)
    following = _clause_after(clause, ctx)
    way = following and _AFTER_OR_BEFORE.match(text, following.start)
    if not count or not following or not way:
        return None
    dates = usable_dates(text[following.start: following.end], following.start, ctx.vocab, ctx.mentions)
    if not dates:
        return None
    date, inferred, note = _resolved(dates[0], ctx, future, context=False)
    days = count_of(count.group("n")) * (-1 if way.group("way").lower() == "before" else 1)
    return _moved(date, days, f"{count.group(0).strip()} {way.group('way')}"), inferred, note


def _when_date(clause: Clause, ctx: Context) -> DateExpr | None:
    """'his first trip since April 2017, when he visited Trump': a when-clause right after a
    date is dated by it, even by a limit ("since …") that dates nothing else."""
    if clause.opener != "when":
        return None
    start = ctx.sentence[0]
    before = [e for e in find_dates(ctx.block.text[start: clause.start])
              if re.fullmatch(r"[\s,]*", ctx.block.text[start + e.end: clause.start])]
    return replace(before[-1], start=before[-1].start + start, end=before[-1].end + start) if before else None


_APART = re.compile(rf"\b{COUNT}\s+days?\s*$", re.I)


def _days_apart(date: Resolved, clause: Clause, ctx: Context) -> Resolved:
    """'a call on March 18, four days after Sullivan met Yang': the clause after "four days
    after" happened that many days before the date it borrows ("before": after it)."""
    text = ctx.block.text
    count = _APART.search(text[ctx.sentence[0]: clause.start])
    way = re.match(r"\W*(before|after)\b", text[clause.start: clause.end], re.I)
    if not count or not way or date.precision != "day" or not date.date:
        return date
    word = count.group("n").lower()
    days = count_of(word)
    day = dt.date.fromisoformat(date.date) + dt.timedelta(days=days if way.group(1).lower() == "before" else -days)
    note = f"{date.note}; '{count.group(0).strip()} {way.group(1)}' makes it {human(day)}" if date.note else None
    return replace(date, date=day.isoformat(), end_date=None, note=note)


def _shares_date(clause: Clause, ctx: Context) -> bool:
    """A clause that happens within (or right next to) the contact before it takes that
    contact's date: a relative clause ("visited Washington in October, where he met …"), the main
    clause after a leading time phrase ("After arriving on Sunday, Yellen met Li"),
    the same subject going on ("…, and also met X", "…, holding calls with Y"),
    or "days before" it."""
    before = ctx.block.text[ctx.sentence[0]: clause.start]
    leading = _LEADING_GERUND.match(ctx.block.text, ctx.sentence[0])  # "After arriving on Sunday, Yellen met Li"
    return (clause.relative or clause.opener in ctx.vocab.describing_openers
            or (leading is not None and leading.end() == clause.start)
            or clause.kind in ("continued", "gapped")
            or bool(_NTH_DAY.search(ctx.block.text, clause.start, clause.end))  # "…, and on the second day …"
            or bool(_GERUND_FIRST.match(ctx.block.text, clause.start))  # "met Wang before being received by Xi"
            or bool(re.search(r"\b(?:hours|days|a day|shortly|just|soon|minutes)\s*$", before, re.I)))


def _spanned(own: list[DateExpr], ctx: Context, future: bool) -> tuple[Resolved, bool, str | None] | None:
    """'The talks began on Thursday … and resumed on Friday': one contact over both days."""
    if len(own) != 2 or not _CONTINUES.search(ctx.block.text[own[0].end: own[1].start]):
        return None
    first, inferred, note = _resolved(own[0], ctx, future, context=False)
    last = _resolved(own[1], ctx, future, context=False)[0]
    if first.precision != "day" or last.precision != "day" or not first.date or not last.date \
            or last.date <= first.date:
        return None
    note = f"{note}; to '{own[1].text}': {last.date}" if note else None
    return replace(first, end_date=last.end_date or last.date, note=note), inferred, note


_THAT_YEAR_BEFORE = re.compile(r"\b(?:that|the same) year\b[\s,]*(?:in\s+)?$", re.I)


def _that_year(expr: DateExpr, ctx: Context) -> Resolved | None:
    """'in May that year', 'Earlier that year, in April': the month in the year the paragraph last named."""
    before = ctx.block.text[ctx.sentence[0]: expr.start]
    if expr.kind != "month_that_year" and not (expr.kind == "month" and not expr.part("s")
                                               and _THAT_YEAR_BEFORE.search(before)):
        return None
    years = [e.part("y") for e in find_dates(ctx.block.text[: expr.start]) if e.part("y")]
    if not years:
        return None
    return month_in_year(expr, int(years[-1] or 0), "the year the paragraph last named")


def _describing_clause(clause: Clause, ctx: Context) -> Clause | None:
    """The clause right after this one when it opens with "when", "which", "where", or
    continues it by gapping ("met A in the morning and then B … on Tuesday")."""
    later = [c for c in ctx.clauses if c.start >= clause.end]
    if later and later[0].gapped and later[0].parent == clause:
        return later[0]
    aside = next((c for c in later if c.kind == "aside_end" and c.parent == clause), None)
    if aside is not None:  # "… to meet for the first time since 2019, possibly in Lima in the autumn"
        return aside
    if later and later[0].opener in ctx.vocab.describing_openers and _ends_near_trigger(clause, ctx):
        return later[0]
    return None


_NEAR = 12  # words: "to meet at the forum, which opens …" describes the meeting's occasion


def _ends_near_trigger(clause: Clause, ctx: Context) -> bool:
    """A describing clause is about the contact only if the contact word is close before it;
    far after it, it describes some other noun ("talks on … and on the coming conference, which opens …")."""
    found = triggers_in(clause, ctx)
    return bool(found) and len(ctx.block.text[found[-1][0]: clause.end].split()) <= _NEAR


def _before_article(date: Resolved | None, article: dt.date | None) -> bool:
    if date is None or date.date is None or article is None:
        return False
    span = period(date.date, date.end_date)
    return span is not None and span[1] < article


# Words between a year and a later bare month that may move the month out of that year.
_YEAR_BREAK = re.compile(r"[;:]|\b(?:but|while|whereas|although|though|since|until|will|would|again|now|"
                         r"this|next|later|before|after|plans?|planned|expected|scheduled|due)\b", re.I)


def _sentence_year(expr: DateExpr, ctx: Context) -> Resolved | None:
    """'visited China twice last year, travelling to Shanghai in April': a bare month after the
    sentence has named a year ("last year", "in 2021") is a month of that year."""
    if expr.kind != "month" or expr.part("s"):
        return None
    start = ctx.sentence[0]
    before = ctx.block.text[start: expr.start]
    found = [e for e in find_dates(before) if not e.bounding and not _modifier_year(before, e)]
    while found and found[-1].kind == "month" and not found[-1].part("s"):
        found.pop()  # "… last year, in April and in September": each month takes the year
    if not found:
        return None
    between = before[found[-1].end:]
    if re.match(r"\s*:", between):  # "three times last year: in Beijing in June; in Singapore in October"
        between = re.sub(r"[;:]", " ", between)
    if _YEAR_BREAK.search(between):
        return None
    year_expr = found[-1]
    if year_expr.kind == "year" and not year_expr.part("q"):
        year = int(year_expr.part("y") or 0)
    elif year_expr.kind == "rel_year" and not year_expr.part("q") and ctx.article_date is not None:
        year = ctx.article_date.year + {"last": -1, "this": 0, "next": 1}.get((year_expr.part("s") or "").lower(), 0)
    else:
        return None
    return month_in_year(expr, year, f"the year '{year_expr.text}' the sentence names before it")


_TOLD_SHIFTS = ("the following", "the previous")


def _told_after(expr: DateExpr, ctx: Context, future: bool) -> Resolved | None:
    """'… spent February 14 and 15 in Beijing. Liu came to Washington the following week': the week
    (or month) after the last date the paragraph named, not after the article's date."""
    if expr.kind not in ("rel_week", "rel_month") or (expr.part("s") or "").lower() not in _TOLD_SHIFTS:
        return None
    named = [e for e in find_dates(ctx.block.text[: expr.start]) if not e.bounding]
    if not named:
        return None
    anchor = resolve(named[-1], ctx.article_date, future)
    span = period(anchor.date, anchor.end_date)
    if span is None or anchor.precision not in ("day", "month") \
            or (expr.kind == "rel_week" and anchor.precision != "day"):
        return None
    start, end = span
    day = start if (expr.part("s") or "").lower() == "the previous" else end
    told = resolve(expr, day, future)
    note = f"'{expr.text}' after '{named[-1].text}' ({human(day)}), which the paragraph names before it"
    return Resolved(told.date, told.precision, told.end_date, note, anchor.relative)



def _resolved(expr: DateExpr, ctx: Context, future: bool, context: bool,
              where: str = "the paragraph's earlier") -> tuple[Resolved, bool, str | None]:
    resolved = _that_year(expr, ctx) or _sentence_year(expr, ctx) or _told_after(expr, ctx, future) \
        or resolve(expr, ctx.article_date, future)
    note = resolved.note
    inferred = context or (resolved.relative and ctx.date_inferred)
    if resolved.relative and ctx.date_inferred and ctx.article_date is not None:
        note = f"{note} (the article's date is itself inferred)"
    if context:
        note = f"no date in the sentence; taken from {where} '{expr.text}'" + (
            f": {note}" if note else "")
    return resolved, inferred, note


# ---------------------------------------------------------------------------------------
# Drafts, merging and ids


def _draft(group: list[Mention], date: Resolved | None, inferred: bool, note: str | None, status: str,
           mode: str, place: str | None, duration: str | None, ctx: Context) -> Contact:
    participants = tuple(Participant(m.name, m.side, m.role) for m in group)
    sentence = ctx.block.text[ctx.sentence[0]: ctx.sentence[1]].strip()
    return Contact(
        id="",
        date=date.date if date else None,
        date_precision=date.precision if date and date.date else "unknown",
        participants=participants,
        mode=mode,
        status=status,
        end_date=date.end_date if date else None,
        place=place,
        duration=duration,
        sources=(Source(ctx.slug, sentence, ctx.block.anchor),),
        date_inferred=inferred if date and date.date else False,
        date_note=note,
    )


def _span(contact: Contact) -> tuple[dt.date, dt.date] | None:
    return period(contact.date, contact.end_date)


def _not_restated(found: list[Contact], before: list[Contact], clause: Clause, ctx: Context) -> list[Contact]:
    """An aside after a dash or colon, with no date of its own, restates a contact of the same people
    and kind its sentence reported before ("Austin sat down with Wei in Singapore last month — their
    first in-person meeting"): not a second contact, which would take its date from elsewhere."""
    text = ctx.block.text[clause.start: clause.end]
    if not before or not _ASIDE.match(text) or usable_dates(text, clause.start, ctx.vocab, ctx.mentions):
        return found
    return [c for c in found if not any(_people(c) == _people(b) and _same_kind(c, b) for b in before)]


_ASIDE = re.compile(r"\s*[—–:-]")


def _people(contact: Contact) -> frozenset[str]:
    return frozenset(p.name for p in contact.participants)


def _compatible(a: Contact, b: Contact) -> bool:
    """Same people and status (a plan is not the meeting held before it); and either one is
    undated, or their dates overlap."""
    if _people(a) != _people(b) or a.status != b.status:
        return False
    span_a, span_b = _span(a), _span(b)
    return span_a is None or span_b is None or (span_a[0] <= span_b[1] and span_b[0] <= span_a[1])


_PRECISION = {"day": 0, "month": 1, "year": 2, "unknown": 3}


def _rank(contact: Contact) -> tuple[int, int, int]:
    """The most exact report of a contact leads: dated before undated, stated before inferred;
    among days, the report of all its days ("over Friday and Saturday") before one of them."""
    span = _span(contact)
    days = (span[1] - span[0]).days if span else 10**6
    if contact.date_precision == "day":
        days = -days
    return (_PRECISION[contact.date_precision], int(contact.date_inferred), days)


def merge(contacts: list[Contact]) -> list[Contact]:
    """One contact per event: reports with the same people and agreeing dates become one,
    its date from the most exact report, its sources all of theirs. Dated reports are placed
    first, so an undated one ("they have spoken by video before") can join the report of
    its own kind (a call, not the meeting) wherever the article gives it; the article's order stays."""
    merged: list[tuple[int, Contact]] = []
    for index in sorted(range(len(contacts)), key=lambda i: contacts[i].date is None):
        contact = contacts[index]
        homes = [k for k, (_, m) in enumerate(merged) if _compatible(m, contact)]
        home = next((k for k in homes if _same_kind(merged[k][1], contact)), None)
        if home is None:
            merged.append((index, contact))
        else:
            first, earlier = merged[home]
            pair = (earlier, contact) if first < index else (contact, earlier)  # sources in the article's order
            merged[home] = (min(index, first), _combine(*pair))
    return [contact for _, contact in sorted(merged, key=lambda item: item[0])]


_REMOTE = {"phone": True, "video": True, "in-person": False}  # "unknown" is of either kind


def _same_kind(a: Contact, b: Contact) -> bool:
    """Both calls (phone or video) or both meetings, as far as their modes say."""
    return _REMOTE.get(a.mode, _REMOTE.get(b.mode)) == _REMOTE.get(b.mode, _REMOTE.get(a.mode))


def _one_sided(contact: Contact) -> bool:
    return len({p.side for p in contact.participants}) == 1


def join_trips(contacts: list[Contact]) -> list[Contact]:
    """One person's visit reported day by day ("arrived in Shanghai on Wednesday", "concluded
    a visit on Friday") is one trip: day-dated visits by the same people, same status, at
    most a week apart, become one visit spanning them; so does a planned stop inside a trip
    under way (see _leg_of)."""
    joined: list[Contact] = []
    for contact in contacts:
        home = next((i for i, j in enumerate(joined) if _same_trip(j, contact)), None)
        if home is None:
            joined.append(contact)
            continue
        trip, span_a, span_b = joined[home], _span(joined[home]), _span(contact)
        assert span_a is not None and span_b is not None  # _same_trip checked both
        start, end = min(span_a[0], span_b[0]), max(span_a[1], span_b[1])
        places = [p for p in dict.fromkeys((trip.place, contact.place)) if p]
        joined[home] = replace(
            trip, status="held" if "held" in (trip.status, contact.status) else trip.status,
            date=start.isoformat(), end_date=end.isoformat() if end > start else None,
            place=" and ".join(places) or None, sources=trip.sources + contact.sources,
            date_inferred=trip.date_inferred or contact.date_inferred,
            date_note="; ".join(n for n in (trip.date_note, contact.date_note) if n) or None)
    return joined


def _same_trip(a: Contact, b: Contact) -> bool:
    if not (_one_sided(a) and _one_sided(b)) or (a.status != b.status and not _leg_of(a, b)):
        return False
    if {p.name for p in a.participants} != {p.name for p in b.participants}:
        return False
    if a.date_precision != "day" or b.date_precision != "day":
        return False
    span_a, span_b = _span(a), _span(b)
    if span_a is None or span_b is None:
        return False
    gap = max(span_a[0], span_b[0]) - min(span_a[1], span_b[1])
    return gap.days <= 7


def _leg_of(a: Contact, b: Contact) -> bool:
    """A planned stop inside a trip under way (a visit from Monday to Friday, and "she will go
    on to the capital on Wednesday") is part of that trip."""
    held, planned = (a, b) if a.status == "held" else (b, a)
    span_held, span_planned = _span(held), _span(planned)
    if held.status != "held" or planned.status != "planned" or span_held is None or span_planned is None:
        return False
    return span_held[0] <= span_planned[0] and span_planned[1] <= span_held[1]


def _combine(a: Contact, b: Contact) -> Contact:
    lead, other = (a, b) if _rank(a) <= _rank(b) else (b, a)
    sources = a.sources + tuple(s for s in b.sources if s not in a.sources)
    roles = {p.name: p for p in other.participants}
    participants = tuple(p if p.role else roles.get(p.name, p) for p in a.participants)
    mode = next((m for m in ("video", "phone") if m in (a.mode, b.mode)), None) or (
        "in-person" if "in-person" in (a.mode, b.mode) else "unknown")
    return replace(lead, participants=participants, sources=sources, mode=mode,
                   place=_best_place(a.place, b.place), duration=a.duration or b.duration)


def _best_place(a: str | None, b: str | None) -> str | None:
    """Keep the fuller place name ("Langfang, Hebei province" over "Langfang")."""
    if a and b:
        return a if len(a) >= len(b) else b
    return a or b


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def finish(contacts: list[Contact]) -> list[Contact]:
    """Ids (date + participants, Chinese side first) unique in the article, and summaries."""
    taken: set[str] = set()
    done = []
    for contact in contacts:
        names = sorted(contact.participants, key=lambda p: (p.side, slug(p.name)))
        base = "-".join([contact.date or "undated", *(slug(p.name) for p in names)])
        ident, number = base, 2
        while ident in taken:
            ident, number = f"{base}-{number}", number + 1
        taken.add(ident)
        done.append(replace(contact, id=ident, summary=summary(contact)))
    return done


def _names(participants: tuple[Participant, ...]) -> str:
    names = [p.name for p in participants]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def summary(contact: Contact) -> str:
    """One plain line: 'Wang Yi and Antony Blinken spoke by phone.'"""
    who, planned = _names(contact.participants), contact.status == "planned"
    where = f" in {contact.place}" if contact.place else ""
    if len(contact.participants) == 1:
        verb = "is to visit" if planned else "visited"
        return f"{who} {verb} {contact.place or 'the other country'}."
    phrases = {
        "phone": ("are to speak by phone", "spoke by phone"),
        "video": ("are to hold a video call", "held a video call"),
        "in-person": ("are to meet", "met"),
        "unknown": ("are to hold talks", "held talks"),
    }
    verb = phrases[contact.mode][0 if planned else 1]
    return f"{who} {verb}{where if contact.mode in ('in-person', 'unknown') else ''}."


# ---------------------------------------------------------------------------------------
# The article


def borrow_place_dates(contacts: list[Contact], dated: list[tuple[str, Resolved, str]]) -> list[Contact]:
    """'The Bali meeting' with no date takes the date the article gives a meeting in Bali."""
    result = []
    for contact in contacts:
        match = next((d for d in dated if contact.date is None and contact.place == d[0]), None)
        if match and match[1].date:
            place, resolved, text = match
            contact = replace(contact, date=resolved.date, date_precision=resolved.precision,
                              end_date=resolved.end_date, date_inferred=True,
                              date_note=f"no date in the sentence; the article dates the meeting in {place} "
                                        f"'{text}'" + (f": {resolved.note}" if resolved.note else ""))
        result.append(contact)
    return result


def _place_dates(clause: Clause, ctx: Context) -> list[tuple[str, Resolved, str]]:
    """(place, date) pairs from clauses with a contact word: a later 'the Bali meeting' can use them."""
    place = find_place(clause, ctx)
    if place is None or not triggers_in(clause, ctx):
        return []
    text = ctx.block.text[clause.start: clause.end]
    own = usable_dates(text, clause.start, ctx.vocab, ctx.mentions)
    if not own:
        return []
    return [(place, resolve(own[0], ctx.article_date, is_future(text, ctx.vocab)), own[0].text)]


def extract(blocks: list[Block], article_date: dt.date | None, date_inferred: bool,
            people: list[Person], slug: str) -> Extraction:
    """People mentioned and draft contacts of one article, read block by block."""
    vocab = vocabulary()
    state = ArticlePeople(people_index(people), people, vocab, article_date, {}, {}, [], {})
    discourse = Discourse()
    drafts: list[Contact] = []
    place_dates: list[tuple[str, Resolved, str]] = []
    for block in blocks:
        found, dated = _read_block(block, state, discourse, article_date, date_inferred, slug)
        drafts += found
        place_dates += dated
    contacts = finish(join_trips(merge(borrow_place_dates(merge(drafts), place_dates))))
    unknown = tuple(state.unknown.values())
    return Extraction(tuple(state.order), unknown, tuple(_with_roles(contacts, state.roles)))


def _with_roles(contacts: list[Contact], roles: dict[str, str]) -> list[Contact]:
    """A participant named without a title here takes the title the article gave them first."""
    return [replace(c, participants=tuple(p if p.role else replace(p, role=roles.get(p.name))
                                          for p in c.participants)) for c in contacts]


_LEDE_WORDS = 15  # a paragraph this long is prose, not a dateline or byline


def _future_at(position: int, ctx: Context) -> bool:
    """Whether the clause holding `position` tells of a plan ("She will be the second to go: Blinken
    made the trip in June": June is past)."""
    clause = next((c for c in ctx.clauses if c.start <= position < c.end), None)
    text = ctx.block.text[clause.start: clause.end] if clause else ctx.block.text[ctx.sentence[0]: ctx.sentence[1]]
    return is_future(text, ctx.vocab)


def _sentence_contacts(ctx: Context) -> list[Contact]:
    """The contacts of the sentence's clauses, but those an aside restates (_not_restated), and a
    handshake or a greeting in a sentence that says the two held no talks ("The two men shook hands at
    the opening dinner but did not hold talks")."""
    claimed: set[int] = set()
    found: list[Contact] = []
    brief: set[int] = set()  # ids of contacts reported as a handshake or a greeting only
    denied_before = set(ctx.discourse.denied)
    for clause in ctx.clauses:
        made = _not_restated(contacts_in_clause(clause, ctx, claimed), found, clause, ctx)
        if ctx.vocab.brief_encounter.search(ctx.block.text, clause.start, clause.end):
            brief |= {id(c) for c in made}
        found += made
    denied = {frozenset(m.name for m in group) for group in ctx.discourse.denied - denied_before}
    return [c for c in found if not (id(c) in brief and _people(c) in denied)]


def _read_block(block: Block, state: ArticlePeople, discourse: Discourse, article_date: dt.date | None,
                date_inferred: bool, slug: str) -> tuple[list[Contact], list[tuple[str, Resolved, str]]]:
    vocab = state.vocab
    mentions = mark_speakers(block.text, find_mentions(block.text, state), vocab)
    quotes = quoted_spans(block.text)
    drafts: list[Contact] = []
    place_dates: list[tuple[str, Resolved, str]] = []
    # the lede's date can date the paragraph right after it, which often tells the same news
    earlier = [(e, future, "the opening paragraph's") for e, future in discourse.lede_dates
               if not future and block.kind == "paragraph"]
    block_dates: list[tuple[DateExpr, bool]] = []
    for span in sentence_spans(block.text, vocab):
        parts = tuple(clauses(block.text, span[0], span[1], vocab))
        ctx = Context(block, span, mentions, quotes, article_date, date_inferred, slug, vocab, list(earlier),
                      state, discourse, parts)
        ctx = replace(ctx, group=sentence_group(ctx))
        drafts += _sentence_contacts(ctx)
        place_dates += [found for clause in parts for found in _place_dates(clause, ctx)]
        sentence = block.text[span[0]: span[1]]
        found = [(e, _future_at(e.start, ctx)) for e in usable_dates(sentence, span[0], vocab, mentions)]
        earlier += [(e, future, "the paragraph's earlier") for e, future in found]
        block_dates += found
        _remember_named_pair(ctx)
        read = [m for m in mentions if span[0] <= m.start < span[1]]
        discourse.read(read, _opener(block.text, span[0], read))
    lede = block.kind == "paragraph" and len(block.text.split()) >= _LEDE_WORDS and not discourse.lede_read
    discourse.lede_dates = block_dates if lede else []
    if lede and block_dates:
        discourse.story_dates = block_dates
    discourse.lede_read = discourse.lede_read or bool(lede and block_dates)
    return drafts, place_dates


def _remember_named_pair(ctx: Context) -> None:
    """A sentence with no contact that names one official of each side gives "the two" of the
    next one: "X will open the fair, which Y will tour. … whether the two will meet"."""
    if ctx.discourse.group_sentence == ctx.discourse.sentence:
        return
    named = _unique([m for m in ctx.mentions if ctx.sentence[0] <= m.start < ctx.sentence[1]
                     and not _bystander(m, ctx)])
    if len(named) == 2 and {m.side for m in named} == set(SIDES):
        ctx.discourse.remember_group(named)
