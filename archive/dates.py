"""Dates in news text: full dates, partial and relative ones, and an article's own date.

`find_dates` reads every date expression in a piece of text ("June 19, 2023", "May 8",
"in November", "last December", "on Sunday and Monday", "early next year", "in the
coming weeks"); `resolve` turns one into an ISO date only as precise as the text allows,
against the article's date, with a note a reader can check. `infer_article_date` guesses
the date of a text that states none, or says why it cannot.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from archive.data import DATA_DIR, load_yaml
from archive.model import Block

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
FULL_DATE_PATTERNS = [
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})\b", re.I),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>(?:19|20)\d{2})\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]


# Numeric dates as a page's header prints them ("19.02.2023", "18/05/2022", "2023/11/11",
# "2024.06.28") and "11-May-2023". Read only in the lines around a headline (parse_header_date),
# never in the story, where "10.11" is a number.
_NUMERIC_DATE = re.compile(r"(?<![\d.,/])(?:(?P<year>(?:19|20)\d{2})[./](?P<month>\d{1,2})[./](?P<day>\d{1,2})"
                           r"|(?P<first>\d{1,2})(?P<mark>[./])(?P<second>\d{1,2})[./](?P<year2>(?:19|20)\d{2}))(?![\d.,/])")
_DAY_MONTH_YEAR = re.compile(r"\b(?P<day>\d{1,2})-" + _MONTH + r"-(?P<year>(?:19|20)\d{2})\b", re.I)
# a time in a US zone: the month comes first ("05/10/2024 04:12 PM EDT")
_MONTH_FIRST = re.compile(r"\b(?:[ECMP][SD]T|AK[SD]T|H[SD]T|ET|PT)\b")


# A day in a page's address: ".../2019/06/29/...", "...-2019-06-29-...", ".../20190629_22/".
_ADDRESS_DAY = re.compile(r"(?<![\d])((?:19|20)\d{2})([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![\d])")


def parse_address_date(url: str) -> dt.date | None:
    """The day a page's address names, if it names exactly one."""
    days = set()
    for match in _ADDRESS_DAY.finditer(url):
        with contextlib.suppress(ValueError):
            days.add(dt.date(int(match[1]), int(match[3]), int(match[4])))
    return days.pop() if len(days) == 1 else None


def parse_header_date(text: str) -> dt.date | None:
    """The date of a line from a page's header: a written one (parse_full_date) or a numeric one.
    Day and month are told apart when one is over 12; else a dotted date is day first (as
    everywhere dots are used), a slashed one month first only with a US time zone, and otherwise
    not read at all: a wrong date is worse than none."""
    written = parse_full_date(text) or _dated(_DAY_MONTH_YEAR.search(text))
    if written is not None:
        return written
    match = _NUMERIC_DATE.search(text)
    if match is None:
        return None
    if match["year"]:
        return _dated(match)
    first, second = int(match["first"]), int(match["second"])
    if first > 12 or (match["mark"] == "." and second <= 12):
        return _calendar_date(int(match["year2"]), second, first)
    if second > 12 or _MONTH_FIRST.search(text):
        return _calendar_date(int(match["year2"]), first, second)
    return None


def _dated(match: re.Match[str] | None) -> dt.date | None:
    """The date a match's year, month and day groups name, if it is one."""
    if match is None:
        return None
    return _calendar_date(int(match["year"]), _month_number(match["month"]), int(match["day"]))


def _calendar_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # "31.02.2023"
        return None


def _month_number(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS[value.lower().rstrip(".")]


def parse_full_date(text: str) -> dt.date | None:
    """The first complete calendar date (day, month and year) in the text, or None."""
    found = [(match.start(), day) for pattern in FULL_DATE_PATTERNS for match in pattern.finditer(text)
             if (day := _dated(match)) is not None]
    return min(found)[1] if found else None


# ---------------------------------------------------------------------------------------
# Date expressions
#
# Month and weekday names must be capitalised (so the verb "may" is never May); the
# words around them ("last", "early next") match in any case.

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CAP_MONTH = (
    r"(?-i:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
)
_CAP_WEEKDAY = r"(?-i:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
_YEAR = r"(?:19|20)\d{2}(?![\d,.]\d)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)"
_DASH = r"\s*(?:-|–|—|to|through|until|and)\s*"
_NUMBER = r"(?:a few|a couple of|several|some|two|three|four|five|six|\d+)"

_WD_PREFIX = rf"(?:{_CAP_WEEKDAY},?\s+)?"
_DAYS = rf"(?P<d>{_DAY})(?:{_DASH}(?P<d2>{_DAY}))?"
_QUALIFIER = r"(?:\b(?P<q>early|mid|late|end of|the end of)[- ]?)?"

# A small count, in words or digits ("a", "eight", "12"): `count_of` reads it.
COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
               "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
COUNT = rf"(?P<n>{'|'.join(COUNT_WORDS)}|\d{{1,2}})"


def count_of(word: str) -> int:
    return COUNT_WORDS.get(word.lower()) or int(word)


# (kind, pattern): named groups carry the parts. Longer forms come first; overlapping
# matches are settled by position, then length (see find_dates).
_PATTERNS: list[tuple[str, str]] = [
    ("full", rf"{_WD_PREFIX}(?P<m>{_CAP_MONTH})\s+{_DAYS},?\s+(?P<y>{_YEAR})"),
    ("full", rf"{_WD_PREFIX}{_DAYS}\s+(?:of\s+)?(?P<m>{_CAP_MONTH}),?\s+(?P<y>{_YEAR})"),
    ("full", r"\b(?P<y>(?:19|20)\d{2})-(?P<mn>\d{2})-(?P<d>\d{2})\b"),
    ("month_day", rf"{_WD_PREFIX}(?P<m>{_CAP_MONTH})\s+{_DAYS}\b"),
    ("month_day", rf"{_WD_PREFIX}\b{_DAYS}\s+(?:of\s+)?(?P<m>{_CAP_MONTH})"),
    # days of the calendar named, not numbered (their month and day: _NAMED_DAYS)
    ("month_day", r"(?-i:\b(?P<named>New Year['’]s Day|New Year['’]s Eve|Christmas Day|Christmas Eve))"),
    ("month_year", rf"{_QUALIFIER}(?P<m>{_CAP_MONTH}),?\s+(?P<y>{_YEAR})"),
    # "from Tuesday to next Friday": "next" only says the range runs into the next week
    ("weekday_range", rf"(?:\bfrom\s+)?(?P<w>{_CAP_WEEKDAY}){_DASH}(?:(?:next|the following)\s+)?"
                      rf"(?P<w2>{_CAP_WEEKDAY})"),
    ("weekday", rf"(?:\b(?P<s>last|next|this|this coming|coming)\s+|\b(?P<same>later|earlier)\s+)?"
                rf"(?P<w>{_CAP_WEEKDAY})(?:'s|’s)?(?:\s+(?P<part>morning|afternoon|evening|night)\b)?"
                rf"(?P<local>,?\s+(?:local|Beijing|Washington|Eastern|Pacific|(?-i:[A-Z]{{2,4}})) time\b)?"),
    ("month_rel_year", rf"{_QUALIFIER}(?P<m>{_CAP_MONTH})\s+(?:of\s+)?(?P<s>last|this|next)\s+year\b"),
    # "in September that year": the year is one named before (see month_in_year); alone, a month
    ("month_that_year", rf"{_QUALIFIER}(?P<m>{_CAP_MONTH})\s+(?:of\s+)?(?:that|the same)\s+year\b"),
    ("season", rf"\b(?:(?P<s>last|next|this|this past|this coming|coming)\s+|the\s+(?:(?:early|late)\s+)?)"
               rf"(?P<season>spring|summer|autumn|fall|winter)\b(?!\s+festival)(?:\s+(?:of\s+)?(?P<y>{_YEAR}))?"),
    ("season", rf"\b(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?(?P<y>{_YEAR})"),
    ("month", rf"(?:\b(?P<q>early|mid|late|earlier in|later in|end of|the end of)[- ]?)?"
              rf"(?:\b(?P<s>last|next|this|this past|past|coming)\s+)?(?P<m>{_CAP_MONTH})(?![-'’]\w)(?!\s*\d)"),
    ("year", rf"{_QUALIFIER}\b(?P<y>{_YEAR})\b"),
    ("rel_day", r"\b(?P<r>yesterday|today|tomorrow|tonight|last night|this (?:morning|afternoon|evening))\b"),
    # "a year ago", "three days ago": counted back from the article's date
    ("ago", rf"\b{COUNT}\s+(?P<u>days?|months?|years?)\s+ago\b"),
    ("rel_week", r"\b(?:(?P<q>earlier|later) )?"
                 r"(?P<s>last|next|this|the following|the previous|the past) week\b"),
    ("rel_weekend", r"\b(?:(?P<s>this|next|last|the|over the|this past|this coming))\s+weekend\b"),
    ("rel_month", r"\b(?:(?P<q>earlier|later|early|late) )?"
                  r"(?P<s>last|next|this|the previous|the following) month\b"),
    ("rel_year", r"\b(?:(?P<q>early|earlier|late|later|mid|the end of|end of|the start of|the beginning of)"
                 r"(?: in)?[- ]?)?(?P<s>last|next|this) year\b"),
    # "before the end of the year": the year of the article (a bare "the year" is left alone)
    ("rel_year", r"\b(?P<q>the end of|end of) (?P<s>the) year\b"),
    # "at the end of the month": the article's month
    ("rel_month", r"\b(?P<q>the end of|end of|the start of|the beginning of|the middle of) (?P<s>the) month\b"),
    # "over four days" is how long something lasted, not when: "over"/"during" need "the"
    ("window", rf"\b(?:(?:in|within)\s+(?:the\s+)?|(?:over|during)\s+the\s+)(?:(?:coming|next|following)\s+)?"
               rf"(?:{_NUMBER}\s+)?(?:coming\s+)?(?P<u>days|weeks|months)\b"),
    ("vague", r"\b(?:at a later (?:date|time|stage)|in the (?:near )?future|at an (?:unspecified|undisclosed|"
              r"unannounced) (?:date|time)|soon|shortly)\b"),
]


@functools.cache  # compiled on first use: a build imports this module for `period` alone
def _compiled() -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, re.compile(pattern, re.I)) for kind, pattern in _PATTERNS]


_ABBREVIATED = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_SINCE_CLAUSE = re.compile(r"\bsince\b[^,;.]*$", re.I)  # "since Biden took office two years ago": a limit
_SINCE = re.compile(r"\b(?:since|until|till|as of)\s+(?:(?:the\s+)?(?:start|end|beginning) of\s+)?$", re.I)
_SHIFT = {"last": -1, "past": -1, "this past": -1, "the previous": -1, "the past": -1, "next": 1,
          "coming": 1, "this coming": 1, "the following": 1, "this": 0, "the": 0, "over the": 0}
_REL_DAY = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "this morning": 0,
            "this afternoon": 0, "this evening": 0, "tomorrow": 1}
_WINDOW_DAYS = {"days": 10, "weeks": 56, "months": 180}


@dataclass(frozen=True)
class DateExpr:
    """One date expression in a text, as found: its words and what they say."""

    text: str
    start: int
    end: int
    kind: str
    parts: tuple[tuple[str, str], ...]  # the pattern's named groups that matched
    bounding: bool = False  # "since 2018", "until May": a limit, not when something happened

    def part(self, name: str) -> str | None:
        return dict(self.parts).get(name)


@dataclass(frozen=True)
class Resolved:
    """A date expression resolved against an article's date."""

    date: str | None
    precision: str  # day / month / year / unknown
    end_date: str | None = None
    note: str | None = None
    relative: bool = False  # the result depends on the article's date


_NAMED_DAYS = {"New Year's Day": (("m", "January"), ("d", "1")), "New Year's Eve": (("m", "December"), ("d", "31")),
               "Christmas Day": (("m", "December"), ("d", "25")), "Christmas Eve": (("m", "December"), ("d", "24"))}


def find_dates(text: str) -> list[DateExpr]:
    """Every date expression in the text, in order; overlaps go to the earlier, longer match."""
    found: list[DateExpr] = []
    for kind, pattern in _compiled():
        for match in pattern.finditer(text):
            parts = tuple((k, v) for k, v in match.groupdict().items() if v)
            if named := match.group("named") if "named" in pattern.groupindex else None:
                parts = _NAMED_DAYS[named.replace("’", "'")]
            bounding = bool(_SINCE.search(text[: match.start()])) or (
                kind == "ago" and bool(_SINCE_CLAUSE.search(text, 0, match.start())))
            found.append(DateExpr(match.group(0).strip(), match.start(), match.end(), kind, parts, bounding))
    found.sort(key=lambda e: (e.start, -(e.end - e.start)))
    chosen: list[DateExpr] = []
    for expr in found:
        if not chosen or expr.start >= chosen[-1].end:
            chosen.append(expr)
    return _share_years(text, _extend_bounds(text, [e for e in chosen if _plausible(e)]))


def _extend_bounds(text: str, exprs: list[DateExpr]) -> list[DateExpr]:
    """A date right after a limit is part of it: "since May last year", "since 2018 and 2019"."""
    result: list[DateExpr] = []
    for expr in exprs:
        if result and result[-1].bounding and re.fullmatch(r"[\s,]*(?:and|or)?\s*", text[result[-1].end: expr.start]):
            expr = replace(expr, bounding=True)
        result.append(expr)
    return result


def _share_years(text: str, exprs: list[DateExpr]) -> list[DateExpr]:
    """Months listed before one with its year take that year: "in February and September
    last year" is February last year too."""
    result = list(exprs)
    for index in range(len(result) - 2, -1, -1):
        expr, following = result[index], result[index + 1]
        joined = re.fullmatch(r"\s*(?:,|and|, and)\s*", text[expr.end: following.start])
        if expr.kind == "month" and not expr.part("s") and joined and following.kind in ("month_rel_year",
                                                                                         "month_year"):
            shared = tuple(p for p in following.parts if p[0] in ("s", "y"))
            result[index] = replace(expr, kind=following.kind, parts=expr.parts + shared)
    return result


def _plausible(expr: DateExpr) -> bool:
    """Drop impossible days ("June 31"), and a bare abbreviated month ("Jun", "Mar") that is
    no date word at all unless "in", "last", "early" … stands before it ("Dong Jun")."""
    if expr.kind == "month" and expr.text.lower() in _ABBREVIATED:
        return False
    if expr.kind in ("full", "month_day"):
        try:
            dt.date(2000, _month_of(expr), int(re.sub(r"\D", "", expr.part("d") or "")))
        except ValueError:
            return False
    return True


def _month_of(expr: DateExpr) -> int:
    numeric = expr.part("mn")
    return int(numeric) if numeric else MONTHS[(expr.part("m") or "").lower().rstrip(". ")]


def _int(value: str | None) -> int | None:
    return int(re.sub(r"\D", "", value)) if value else None


# ---------------------------------------------------------------------------------------
# Resolution


def period(date: str | None, end_date: str | None = None) -> tuple[dt.date, dt.date] | None:
    """The first and last day a partial ISO date ("2023", "2023-06", "2023-06-18") and an
    optional end date can mean; None for no date."""
    if not date:
        return None
    start = _bounds(date)[0]
    end = _bounds(end_date or date)[1]
    return start, max(start, end)


@functools.lru_cache(maxsize=1 << 14)  # the timeline asks ~10⁵ times about a few thousand dates
def _bounds(date: str) -> tuple[dt.date, dt.date]:
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 3:
        return dt.date(*parts), dt.date(*parts)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def human(day: dt.date) -> str:
    """'2 Nov 2022': the form date notes use."""
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def iso_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def resolve(expr: DateExpr, article_date: dt.date | None, future: bool) -> Resolved:
    """The expression as an ISO date (as precise as the text), against the article's date.

    `future` says the sentence reports what will happen: a bare weekday or month then
    means the next one after the article's date instead of the latest one before it.
    """
    if expr.kind == "full":
        return _full(expr)
    if expr.kind == "year":
        return Resolved(str(_int(expr.part("y"))), "year")
    if expr.kind == "month_year":
        return Resolved(iso_month(_int(expr.part("y")) or 0, _month_of(expr)), "month")
    if expr.kind == "season" and expr.part("y"):
        return _season(expr, _int(expr.part("y")) or 0)
    if expr.kind == "vague":
        return Resolved(None, "unknown", note=f"'{expr.text}' gives no date")
    if article_date is None:
        return Resolved(None, "unknown", relative=True,
                        note=f"'{expr.text}' is relative and the article's date is unknown")
    resolver = _RELATIVE[expr.kind]
    result = resolver(expr, article_date, future)
    return Resolved(result.date, result.precision, result.end_date, result.note, relative=True)


def _full(expr: DateExpr) -> Resolved:
    year, month, day = _int(expr.part("y")) or 0, _month_of(expr), _int(expr.part("d")) or 1
    start = dt.date(year, month, day)
    end_day = _int(expr.part("d2"))
    end = start.replace(day=end_day).isoformat() if end_day and end_day > day else None
    return Resolved(start.isoformat(), "day", end)


def _against(expr: DateExpr, article: dt.date, rule: str) -> str:
    return f"'{expr.text}' {rule} the article's date {human(article)}"


def _month_day(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    month, day = _month_of(expr), _int(expr.part("d")) or 1
    year = article.year
    if future and _safe_date(year, month, day) < article:
        year += 1
    if not future and _safe_date(year, month, day) > article:
        year -= 1
    start = _safe_date(year, month, day)
    end_day = _int(expr.part("d2"))
    end = start.replace(day=end_day).isoformat() if end_day and end_day > day else None
    rule = "taken as the next such day after" if future else "taken as the latest such day on or before"
    return Resolved(start.isoformat(), "day", end, _against(expr, article, f"gives no year; {rule}"))


def _safe_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _weekday_shift(article: dt.date, weekday: int, shift: int, future: bool) -> dt.date:
    """The weekday nearest the article's date in the direction the text means."""
    back = (article.weekday() - weekday) % 7  # 0 when the article is that weekday
    ahead = (weekday - article.weekday()) % 7 or 7
    if shift > 0:
        return article + dt.timedelta(days=ahead)
    if shift < 0:
        return article - dt.timedelta(days=back or 7)
    return article + dt.timedelta(days=ahead) if future else article - dt.timedelta(days=back)


def _weekday(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    weekday = WEEKDAYS.index((expr.part("w") or "").lower())
    if weekday == article.weekday() and (future or expr.part("same") or expr.part("part") or expr.part("local")) \
            and not expr.part("s"):
        # "later Friday", "Friday morning", "Wednesday, local time" in a Friday (Wednesday)
        # article: that very day, plan or report; a plan for "Wednesday" in a Wednesday article
        # too (a week on would be "next Wednesday")
        return Resolved(article.isoformat(), "day", None, _against(expr, article, "is the day of"))
    day = _weekday_shift(article, weekday, _SHIFT.get((expr.part("s") or "").lower(), 0), future)
    rule = "resolved to the next one after" if future else "resolved to the latest one on or before"
    return Resolved(day.isoformat(), "day", None, _against(expr, article, rule) + f": {human(day)}")


def _weekday_range(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    first = WEEKDAYS.index((expr.part("w") or "").lower())
    last = WEEKDAYS.index((expr.part("w2") or "").lower())
    length = (last - first) % 7
    if future:
        start = _weekday_shift(article, first, 0, True)
        end = start + dt.timedelta(days=length)
    else:
        end = _weekday_shift(article, last, 0, False)
        start = end - dt.timedelta(days=length)
    rule = "resolved to the next such days after" if future else "resolved to the latest such days up to"
    note = _against(expr, article, rule) + f": {human(start)} to {human(end)}"
    return Resolved(start.isoformat(), "day", end.isoformat(), note)


def _month(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    month = _month_of(expr)
    shift = _SHIFT.get((expr.part("s") or "").lower(), 0)
    year = article.year
    if shift < 0 or (shift == 0 and not future):
        # the latest such month on or before the article's (strictly before for "last")
        if month > article.month or (shift < 0 and month == article.month):
            year -= 1
    elif month < article.month or (shift > 0 and month == article.month):
        year += 1
    note = _against(expr, article, "gives no year; placed by") + f": {calendar.month_name[month]} {year}"
    return Resolved(iso_month(year, month), "month", None, note)


def month_in_year(expr: DateExpr, year: int, how: str) -> Resolved:
    """A month expression placed in a year the context gives ("September that year")."""
    month = _month_of(expr)
    return Resolved(iso_month(year, month), "month", None,
                    f"'{expr.text}': {calendar.month_name[month]} {year}, {how}")


def _month_rel_year(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    year = article.year + _SHIFT.get((expr.part("s") or "").lower(), 0)
    month = _month_of(expr)
    return Resolved(iso_month(year, month), "month", None,
                    f"'{expr.text}' relative to the article's year {article.year}: {calendar.month_name[month]} {year}")


# A season as months (northern hemisphere): (first month, last month); winter runs into the next year.
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}


def _season(expr: DateExpr, year: int, how: str = "") -> Resolved:
    """The season's months as a month range: 'spring 2024' is March to May 2024."""
    first, last = _SEASONS[(expr.part("season") or "").lower()]
    end_year = year + 1 if last < first else year
    note = (f"'{expr.text}' is a season, taken as {calendar.month_name[first]} {year} to "
            f"{calendar.month_name[last]} {end_year}{how}; the text gives no closer date")
    return Resolved(iso_month(year, first), "month", iso_month(end_year, last), note)


def _relative_season(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    """'in the spring', 'next summer', 'last winter' against the article's date: a plan
    means the next such season not yet over, a report the latest one already begun."""
    first, last = _SEASONS[(expr.part("season") or "").lower()]
    begun = article.year if article.month >= first else article.year - 1  # the latest one begun
    end_month = begun * 12 + (last if last >= first else last + 12)
    under_way = article.year * 12 + article.month <= end_month
    shift = (expr.part("s") or "").lower()
    if shift in ("last", "this past"):
        year = begun - 1 if under_way else begun
    elif shift in ("next", "coming", "this coming"):
        year = begun + 1
    elif future:
        year = begun if under_way else begun + 1
    elif shift == "this":  # a report in September of "this summer" means the one just over
        year = begun
    else:
        year = begun
    return _season(expr, year, f" against the article's date {human(article)}")


def _rel_day(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    day = article + dt.timedelta(days=_REL_DAY[(expr.part("r") or "").lower()])
    note = _against(expr, article, "resolved against") + f": {human(day)}"
    return Resolved(day.isoformat(), "day", None, note)


def _period(start: dt.date, end: dt.date) -> tuple[str | None, str]:
    """The most precise partial date that covers a whole period."""
    if (start.year, start.month) == (end.year, end.month):
        return iso_month(start.year, start.month), "month"
    if start.year == end.year:
        return str(start.year), "year"
    return None, "unknown"


def _rel_week(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    monday = article - dt.timedelta(days=article.weekday())
    monday += dt.timedelta(weeks=_SHIFT.get((expr.part("s") or "").lower(), 0))
    sunday = monday + dt.timedelta(days=6)
    date, precision = _period(monday, sunday)
    note = f"'{expr.text}' relative to the article's date {human(article)}: {human(monday)}–{human(sunday)}"
    return Resolved(date, precision, None, note)


def _rel_weekend(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    shift = _SHIFT.get((expr.part("s") or "").lower(), 0)
    if shift == 0 and expr.part("s") not in ("this", "this coming"):
        shift = 0 if future else -1  # "over the weekend" in a report means the one just past
    saturday = _weekday_shift(article, 5, shift, future)
    sunday = saturday + dt.timedelta(days=1)
    note = f"'{expr.text}' relative to the article's date {human(article)}: {human(saturday)}–{human(sunday)}"
    return Resolved(saturday.isoformat(), "day", sunday.isoformat(), note)


def _rel_month(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    index = article.year * 12 + article.month - 1 + _SHIFT.get((expr.part("s") or "").lower(), 0)
    year, month = divmod(index, 12)
    note = _against(expr, article, "resolved against") + f": {calendar.month_name[month + 1]} {year}"
    return Resolved(iso_month(year, month + 1), "month", None, note)


def _rel_year(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    year = article.year + _SHIFT.get((expr.part("s") or "").lower(), 0)
    return Resolved(str(year), "year", None, f"'{expr.text}' relative to the article's year {article.year}")


def _window(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    end = article + dt.timedelta(days=_WINDOW_DAYS[(expr.part("u") or "weeks").lower()])
    date, precision = _period(article, end)
    where = f"so {date}" if date else "which spans a change of year, so no date"
    note = f"'{expr.text}' from the article's date {human(article)} runs to about {human(end)}, {where}"
    return Resolved(date, precision, None, note)


def _ago(expr: DateExpr, article: dt.date, future: bool) -> Resolved:
    """'three days ago': that day; 'a year ago', 'two months ago': that month (the count is round)."""
    word, unit = (expr.part("n") or "1").lower(), (expr.part("u") or "days").lower()
    count = count_of(word)
    if unit.startswith("day"):
        day = article - dt.timedelta(days=count)
        return Resolved(day.isoformat(), "day", None, _against(expr, article, "counted back from") + f": {human(day)}")
    year, month = divmod(article.year * 12 + article.month - 1 - count * (12 if unit.startswith("year") else 1), 12)
    note = _against(expr, article, "counted back from") + f": about {calendar.month_name[month + 1]} {year}"
    return Resolved(iso_month(year, month + 1), "month", None, note)


_RELATIVE = {
    "ago": _ago,
    "month_day": _month_day,
    "weekday": _weekday,
    "weekday_range": _weekday_range,
    "month": _month,
    "rel_day": _rel_day,
    "rel_week": _rel_week,
    "rel_weekend": _rel_weekend,
    "rel_month": _rel_month,
    "rel_year": _rel_year,
    "window": _window,
    "month_rel_year": _month_rel_year,
    "month_that_year": _month,
    "season": _relative_season,
}


# ---------------------------------------------------------------------------------------
# The article's own date, when the text states none


@dataclass(frozen=True)
class _Seen:
    expr: DateExpr
    context: str  # the words around it, for the note
    alone: bool = False  # the date stands on a line of its own: a dateline


def _context(text: str, expr: DateExpr) -> str:
    """From the start of the expression's sentence (at most 40 characters back) to a little after it."""
    stop = text.rfind(". ", 0, expr.start)
    begin = max(stop + 2 if stop >= 0 else 0, expr.start - 40)
    return " ".join(text[begin: expr.end + 25].split())


def _seen(blocks: Iterable[Block]) -> list[_Seen]:
    """Dates the text narrates: file-photo captions carry the photo's date, not the story's."""
    markers = [re.compile(p, re.I) for p in load_yaml(DATA_DIR / "dates.yaml")["file_photo_markers"]]
    seen: list[_Seen] = []
    for block in blocks:
        if any(marker.search(block.text) for marker in markers):
            continue
        for expr in find_dates(block.text):
            if expr.bounding:
                continue
            seen.append(_Seen(expr, _context(block.text, expr), block.text.strip() == expr.text))
    return seen


def _future_words() -> list[re.Pattern[str]]:
    return [re.compile(p, re.I) for p in load_yaml(DATA_DIR / "contact_words.yaml")["future"]]


def infer_article_date(blocks: list[Block]) -> tuple[dt.date | None, str | None]:
    """For a text that states no publication date: infer one from what it narrates where that
    is sound — the latest full date it mentions, moved on to a later weekday the text then
    narrates as past — returning (date, note) where the note is a sentence a reader can
    check. Where no sound inference exists return (None, note saying what was found)."""
    seen = _seen(blocks)
    full = [(s, _full(s.expr)) for s in seen if s.expr.kind == "full"]
    if not full:
        return None, _no_full_date(seen)
    latest_seen, latest = max(full, key=lambda pair: pair[1].end_date or pair[1].date or "")
    day = dt.date.fromisoformat(latest.end_date or latest.date or "")
    if latest_seen.alone:
        return day, f"The text gives the date {human(day)} on a line of its own, taken as the article's date."
    note = f"The text states no date; the latest date it mentions is {human(day)} ('{latest_seen.context} …')"
    beyond = _later_year(seen, day)
    if beyond is not None:
        return None, (f"the text states no date; the latest full date it mentions is {human(day)} but it "
                      f"also mentions {beyond.expr.text} ('{beyond.context} …'), so it was written later "
                      "than any date it gives")
    later = _later_weekday(blocks, latest_seen, day)
    if later is None:
        return day, note + ", taken as the article's date."
    moved, word = later
    return moved, (f"{note} and it then refers to '{word}' as past, so the article is dated no earlier "
                   f"than {human(moved)}, the first {word} on or after it.")


def _no_full_date(seen: list[_Seen]) -> str:
    partial = [s for s in seen if s.expr.kind == "month_day"] or [
        s for s in seen if s.expr.kind == "month" and not s.expr.part("s")
    ]
    if partial:
        last = max(partial, key=lambda s: (_month_of(s.expr), _int(s.expr.part("d")) or 0))
        return (f"the text states no date; the latest date mentioned is {last.expr.text} "
                "but the text never states the year")
    return "the text states no date and mentions no calendar date"


def _later_year(seen: list[_Seen], day: dt.date) -> _Seen | None:
    """A year or month-and-year later than the latest full date: then that date is not the article's."""
    for item in seen:
        if item.expr.kind == "year" and (_int(item.expr.part("y")) or 0) > day.year:
            return item
        if item.expr.kind == "month_year" and _year_month(item.expr) > (day.year, day.month):
            return item
    return None


def _year_month(expr: DateExpr) -> tuple[int, int]:
    return _int(expr.part("y")) or 0, _month_of(expr)


def _later_weekday(blocks: list[Block], latest: _Seen, day: dt.date) -> tuple[dt.date, str] | None:
    """A weekday the text narrates as past after the latest full date: the article is later.

    Only weekdays named after that date in reading order count (the narrative has moved
    on); the result is the earliest date consistent with them, never a guess beyond.

    When the text calls that date's own weekday by name ("on Monday", and the date is a
    Monday) it is narrating that day, and the date stands.
    """
    future = _future_words()
    named: list[str] = []
    reached = False
    for block in blocks:
        for sentence in re.split(r"(?<=[.!?])\s+", block.text):
            reached = reached or latest.expr.text in sentence
            if not reached:
                continue
            if any(p.search(sentence) for p in future):
                continue
            for expr in find_dates(sentence):
                if expr.kind in ("weekday", "weekday_range") and not expr.part("s"):
                    named.append((expr.part("w2") or expr.part("w") or "").capitalize())
    if not named or WEEKDAYS[day.weekday()].capitalize() in named:
        return None
    moved = [day + dt.timedelta(days=(WEEKDAYS.index(w.lower()) - day.weekday()) % 7) for w in named]
    best = max(moved)
    return best, WEEKDAYS[best.weekday()].capitalize()
