"""Dates in news text: finding expressions, resolving them against an article's date, and
inferring the date of a text that states none."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive.dates import (
    find_dates,
    infer_article_date,
    month_in_year,
    parse_address_date,
    parse_full_date,
    parse_header_date,
    period,
    resolve,
)
from archive.model import Block

WEDNESDAY = dt.date(2022, 11, 2)
MONDAY = dt.date(2023, 6, 19)


def one(text: str, article: dt.date | None = MONDAY, future: bool = False):
    found = [e for e in find_dates(text) if not e.bounding]
    assert len(found) == 1, [e.text for e in found]
    return resolve(found[0], article, future)


def test_parse_full_date_still_finds_the_first_full_date():
    assert parse_full_date("Published: Jun 19, 2023 08:26 PM") == dt.date(2023, 6, 19)
    assert parse_full_date("on 8 May 2023 and June 1, 2023") == dt.date(2023, 5, 8)
    assert parse_full_date("2023-06-19") == dt.date(2023, 6, 19)
    assert parse_full_date("in May") is None


@pytest.mark.parametrize(("text", "article", "future", "expected"), [
    ("on Monday", WEDNESDAY, False, ("2022-10-31", "day", None)),
    ("on Wednesday", WEDNESDAY, False, ("2022-11-02", "day", None)),  # the article's own day
    ("on Wednesday", WEDNESDAY, True, ("2022-11-02", "day", None)),  # a plan for today: a week on is "next Wednesday"
    ("last Monday", MONDAY, False, ("2023-06-12", "day", None)),
    ("next Friday", MONDAY, False, ("2023-06-23", "day", None)),
    ("on Sunday and Monday", dt.date(2022, 12, 13), False, ("2022-12-11", "day", "2022-12-12")),
    ("From Sunday to Monday", MONDAY, False, ("2023-06-18", "day", "2023-06-19")),
    ("from Monday to Wednesday", MONDAY, True, ("2023-06-26", "day", "2023-06-28")),
    ("from Tuesday to next Friday", dt.date(2023, 11, 11), True, ("2023-11-14", "day", "2023-11-17")),
    ("On May 8", dt.date(2023, 6, 9), False, ("2023-05-08", "day", None)),
    ("on Dec 28", dt.date(2023, 1, 4), False, ("2022-12-28", "day", None)),
    ("on Jan 5", dt.date(2023, 12, 20), True, ("2024-01-05", "day", None)),
    ("8 May", dt.date(2023, 6, 9), False, ("2023-05-08", "day", None)),
    ("June 19, 2023", None, False, ("2023-06-19", "day", None)),
    ("Jan 21, 2021", None, False, ("2021-01-21", "day", None)),
    ("June 18-19, 2023", None, False, ("2023-06-18", "day", "2023-06-19")),
    ("in November", dt.date(2022, 12, 13), False, ("2022-11", "month", None)),
    ("in November", MONDAY, False, ("2022-11", "month", None)),
    ("in November", MONDAY, True, ("2023-11", "month", None)),
    ("last December", dt.date(2023, 6, 9), False, ("2022-12", "month", None)),
    ("late January", dt.date(2023, 6, 9), False, ("2023-01", "month", None)),
    ("in November 2022", None, False, ("2022-11", "month", None)),
    ("in 2018", None, False, ("2018", "year", None)),
    ("last month", WEDNESDAY, False, ("2022-10", "month", None)),
    ("next month", dt.date(2022, 12, 13), True, ("2023-01", "month", None)),
    ("last week", dt.date(2023, 11, 16), False, ("2023-11", "month", None)),
    ("next week", dt.date(2023, 6, 29), True, ("2023-07", "month", None)),
    ("early next year", dt.date(2022, 12, 13), True, ("2023", "year", None)),
    ("later this year", dt.date(2023, 7, 9), True, ("2023", "year", None)),
    ("yesterday", WEDNESDAY, False, ("2022-11-01", "day", None)),
    ("today", WEDNESDAY, False, ("2022-11-02", "day", None)),
    ("over the weekend", dt.date(2023, 9, 18), False, ("2023-09-16", "day", "2023-09-17")),
    ("this weekend", dt.date(2023, 9, 13), True, ("2023-09-16", "day", "2023-09-17")),
    ("in the coming weeks", dt.date(2023, 6, 9), True, ("2023", "year", None)),
    ("in the coming weeks", dt.date(2023, 12, 1), True, (None, "unknown", None)),
    ("on New Year's Day", dt.date(2023, 3, 21), False, ("2023-01-01", "day", None)),
    ("a year ago", dt.date(2019, 11, 18), False, ("2018-11", "month", None)),
    ("three days ago", dt.date(2019, 11, 18), False, ("2019-11-15", "day", None)),
    ("two months ago", dt.date(2019, 1, 18), False, ("2018-11", "month", None)),
    ("on Christmas Eve", dt.date(2023, 3, 21), False, ("2022-12-24", "day", None)),
])
def test_resolve(text, article, future, expected):
    result = one(text, article, future)
    assert (result.date, result.precision, result.end_date) == expected


def test_relative_dates_need_the_article_date_and_say_so():
    result = one("on Monday", None)
    assert (result.date, result.precision) == (None, "unknown")
    assert "article's date is unknown" in (result.note or "")


def test_notes_name_the_expression_and_the_article_date():
    result = one("on Monday", WEDNESDAY)
    assert result.relative and "'Monday'" in (result.note or "") and "2 Nov 2022" in (result.note or "")
    assert one("June 19, 2023").note is None


def test_vague_expressions_are_unknown():
    result = one("at a later date")
    assert (result.date, result.precision) == (None, "unknown")
    assert "later date" in (result.note or "")


def test_since_marks_a_bound_not_a_date():
    found = find_dates("the first visit since 2018, and since May")
    assert [e.bounding for e in found] == [True, True]


def test_the_verb_may_is_not_a_month():
    assert find_dates("his trip may occur next week")[0].text == "next week"
    assert [e.text for e in find_dates("He may visit. In May, he did.")] == ["May"]


def test_numbers_are_not_years():
    assert find_dates("the index rose 258 points to 33,833.61 and 3,231.41") == []


def test_period_of_partial_dates():
    assert period("2023") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert period("2023-02") == (dt.date(2023, 2, 1), dt.date(2023, 2, 28))
    assert period("2023-06-18", "2023-06-19") == (dt.date(2023, 6, 18), dt.date(2023, 6, 19))
    assert period(None) is None


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
       st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))
def test_weekdays_land_within_a_week_on_the_right_side(article, weekday):
    past = one(f"on {weekday}", article, future=False)
    plan = one(f"on {weekday}", article, future=True)
    past_day, plan_day = dt.date.fromisoformat(past.date), dt.date.fromisoformat(plan.date)
    assert past_day.strftime("%A") == weekday == plan_day.strftime("%A")
    assert 0 <= (article - past_day).days <= 6
    assert 0 <= (plan_day - article).days <= 6  # the article's own weekday: that day (a week on is "next …")


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31)),
       st.integers(1, 12), st.integers(1, 28))
def test_month_days_fall_before_a_report_and_after_a_plan(article, month, day):
    name = dt.date(2001, month, 1).strftime("%B")
    past = dt.date.fromisoformat(one(f"on {name} {day}", article, future=False).date)
    plan = dt.date.fromisoformat(one(f"on {name} {day}", article, future=True).date)
    assert past <= article < past.replace(year=past.year + 1)
    assert plan >= article > plan.replace(year=plan.year - 1)


# --------------------------------------------------------------------------- the article's date


def blocks(*texts: str) -> list[Block]:
    return [Block(f"p-{i}", "paragraph", text) for i, text in enumerate(texts, start=1)]


def test_infer_from_the_latest_full_date():
    day, note = infer_article_date(blocks("On May 8, 2023, Qin Gang met Nicholas Burns in Beijing.",
                                          "Earlier, on April 2, 2023, officials spoke."))
    assert day == dt.date(2023, 5, 8)
    assert note and "8 May 2023" in note and "On May 8, 2023" in note


def test_infer_moves_on_to_a_weekday_narrated_after_it():
    day, note = infer_article_date(blocks("On May 8, 2023, Qin Gang met Nicholas Burns in Beijing.",
                                          "On Friday, the ministry said the talks were useful."))
    assert day == dt.date(2023, 5, 12)
    assert note and "'Friday'" in note and "12 May 2023" in note


def test_infer_keeps_the_date_when_the_text_names_its_weekday():
    day, _ = infer_article_date(blocks("Xi met Blinken in Beijing, June 19, 2023.",
                                       "From Sunday to Monday, Blinken visited Beijing."))
    assert day == dt.date(2023, 6, 19)


def test_infer_takes_a_dateline_on_its_own_line():
    day, note = infer_article_date(blocks("Talks focus on ties", "November 2, 2022",
                                          "Wang Yi spoke with Blinken on Monday."))
    assert day == dt.date(2022, 11, 2) and note and "line of its own" in note


def test_no_inference_without_a_year():
    day, note = infer_article_date(blocks("On May 8, Qin Gang met Nicholas Burns.",
                                          "On May 25, Wang Wentao met Gina Raimondo.", "Pompeo visited in 2018."))
    assert day is None
    assert note and "May 25" in note and "never states the year" in note


def test_no_inference_from_a_file_photo():
    day, note = infer_article_date(blocks("Flags in Beijing, Jan 21, 2021. [Photo/Agencies]",
                                          "Wang Yi spoke with Blinken on Monday."))
    assert day is None and note


def test_no_inference_when_a_later_year_is_mentioned():
    day, note = infer_article_date(blocks("On May 8, 2022, officials met.", "Talks resumed in 2023."))
    assert day is None and note and "2023" in note


# --------------------------------------------------------------------------- seasons, same-day weekdays, shared years

FRIDAY = dt.date(2023, 10, 27)


@pytest.mark.parametrize(("text", "article", "future", "expected"), [
    ("later Friday", FRIDAY, True, ("2023-10-27", "day", None)),  # the article's own day, not next week
    ("on Friday morning", FRIDAY, True, ("2023-10-27", "day", None)),
    ("on Friday", FRIDAY, True, ("2023-10-27", "day", None)),  # a plan for the article's own weekday: that day
    ("on Friday", dt.date(2023, 10, 28), False, ("2023-10-27", "day", None)),  # a report: the one just past
    ("in the spring", dt.date(2024, 2, 17), True, ("2024-03", "month", "2024-05")),
    ("in the fall", dt.date(2024, 2, 17), False, ("2023-09", "month", "2023-11")),
    ("next winter", dt.date(2024, 2, 17), True, ("2024-12", "month", "2025-02")),
    ("last spring", dt.date(2024, 4, 10), False, ("2023-03", "month", "2023-05")),
    ("summer 2021", None, False, ("2021-06", "month", "2021-08")),
    # a report just after the season of "this summer" means the one just over; a plan the next
    ("this summer", dt.date(2023, 9, 10), False, ("2023-06", "month", "2023-08")),
    ("this summer", dt.date(2023, 9, 10), True, ("2024-06", "month", "2024-08")),
    ("in March this year", dt.date(2022, 7, 28), False, ("2022-03", "month", None)),
    ("in November last year", dt.date(2022, 7, 28), False, ("2021-11", "month", None)),
])
def test_resolve_seasons_and_same_day(text, article, future, expected):
    result = one(text, article, future)
    assert (result.date, result.precision, result.end_date) == expected


def test_a_season_says_it_is_approximate():
    assert "season" in (one("in the spring", dt.date(2024, 2, 17), True).note or "")


def test_listed_months_share_the_year_that_follows_them():
    found = find_dates("phone calls in February and September last year")
    assert [resolve(e, dt.date(2022, 7, 28), False).date for e in found] == ["2021-02", "2021-09"]


def test_a_date_right_after_since_is_part_of_the_limit():
    found = find_dates("have met since May last year, most recently in January")
    assert [e.bounding for e in found] == [True, False]


def test_the_fall_of_prices_is_no_season():
    assert find_dates("prices fall in value") == []


def test_over_n_days_is_how_long_not_when():
    assert find_dates("held talks over four days") == []
    assert find_dates("during three days of talks") == []
    assert [e.kind for e in find_dates("over the next four days")] == ["window"]


def test_a_plan_for_the_articles_own_weekday_is_that_day():
    # News style names the day for dates within the week: a plan a week on would say "next
    # Wednesday" or give the date ("are set to hold talks Wednesday", in a Wednesday article).
    assert one("on Wednesday, local time", WEDNESDAY, future=True).date == "2022-11-02"
    assert one("on Wednesday", WEDNESDAY, future=True).date == "2022-11-02"
    assert one("next Wednesday", WEDNESDAY, future=True).date == "2022-11-09"
    assert one("on Thursday", WEDNESDAY, future=True).date == "2022-11-03"


def test_a_month_that_year_takes_the_year_the_context_gives():
    expr = find_dates("in September that year")[0]
    assert expr.kind == "month_that_year"
    assert month_in_year(expr, 2021, "the year named before").date == "2021-09"
    assert one("in September that year", WEDNESDAY).date == "2022-09"  # alone: a month like any other


@pytest.mark.parametrize("line, expected", [
    ("Date 19.02.2023", dt.date(2023, 2, 19)),
    ("10.11.2021 | 21:47", dt.date(2021, 11, 10)),  # dots: day first
    ("Issued on: 18/05/2022 - 22:14", dt.date(2022, 5, 18)),
    ("05/10/2024 04:12 PM EDT", dt.date(2024, 5, 10)),  # a US time zone: month first
    ("03/14/2022 06:58 PM", dt.date(2022, 3, 14)),
    ("2023/11/11-10:24", dt.date(2023, 11, 11)),
    ("2024.06.28", dt.date(2024, 6, 28)),
    ("CGTN | Updated 21:36, 11-May-2023", dt.date(2023, 5, 11)),
    ("Published: Jun 19, 2023 08:26 PM", dt.date(2023, 6, 19)),
    ("05/10/2024 16:12", None),  # May 10 or 5 October: not guessed
    ("Updated at 18 OCT, 17:51", None),  # no year
    ("31.02.2023", None),
])
def test_a_header_line_gives_its_date_written_or_numeric(line: str, expected: dt.date | None) -> None:
    assert parse_header_date(line) == expected


@pytest.mark.parametrize("url, expected", [
    ("https://www3.nhk.or.jp/nhkworld/en/news/20190629_22/", dt.date(2019, 6, 29)),
    ("https://example.com/2023/06/19/world/asia/blinken.html", dt.date(2023, 6, 19)),
    ("https://example.com/news/2023-06-19-blinken-beijing", dt.date(2023, 6, 19)),
    ("https://example.com/article/1234567890", None),  # an id, not a date
    ("https://example.com/2023/13/01/", None),  # no 13th month
    ("https://example.com/2023/06/19/a-look-back-at-2022-01-02", None),  # two days: neither
])
def test_a_page_address_names_a_day(url: str, expected: dt.date | None) -> None:
    assert parse_address_date(url) == expected


def test_ago_in_a_since_clause_is_a_limit_not_a_date():
    found = find_dates("their first talks since Biden took office two years ago")
    assert [(e.text, e.bounding) for e in found] == [("two years ago", True)]
