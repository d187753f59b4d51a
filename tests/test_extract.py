"""The extraction stage: people, dates and contacts, sentence by sentence and on the
annotated set (tests/annotated/*.yaml), whose precision and recall are printed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from archive.blocks import find_anchor
from archive.data import load_people
from archive.dates import period
from archive.extract import Extraction, extract, sentence_spans, vocabulary
from archive.model import Block, Contact

ROOT = Path(__file__).resolve().parent.parent
ANNOTATED = ROOT / "tests" / "annotated"


def blocks_of(text: str) -> list[Block]:
    """Paragraphs split on blank lines, as the brief says: p-1, p-2 …"""
    chunks = [c.strip() for c in text.split("\n\n") if c.strip()]
    return [Block(f"p-{i}", "paragraph", chunk) for i, chunk in enumerate(chunks, start=1)]


def run(text: str, day: str | None = "2023-06-19", inferred: bool = False) -> Extraction:
    date = dt.date.fromisoformat(day) if day else None
    return extract(blocks_of(text), date, inferred, load_people(), "test-article")


def only(text: str, day: str | None = "2023-06-19", inferred: bool = False) -> Contact:
    contacts = run(text, day, inferred).contacts
    assert len(contacts) == 1, [c.summary for c in contacts]
    return contacts[0]


def sides(text: str, day: str) -> set[tuple[str, str]]:
    """The one contact's participants with their sides."""
    return {(p.name, p.side) for p in only(text, day).participants}


def names(contact: Contact) -> set[str]:
    return {p.name for p in contact.participants}


# --------------------------------------------------------------------------- contacts


def test_video_call_with_titles_and_weekday():
    c = only("US Treasury Secretary Janet Yellen held a video call with Chinese Vice Premier He Lifeng "
             "on Thursday.", "2023-11-20")
    assert names(c) == {"Janet Yellen", "He Lifeng"}
    assert (c.date, c.date_precision, c.mode, c.status) == ("2023-11-16", "day", "video", "held")
    roles = {p.name: p.role for p in c.participants}
    assert roles == {"Janet Yellen": "US Treasury Secretary", "He Lifeng": "Chinese Vice Premier"}
    assert {p.name: p.side for p in c.participants} == {"Janet Yellen": "US", "He Lifeng": "CN"}
    assert c.id == "2023-11-16-he-lifeng-janet-yellen"
    assert c.summary == "Janet Yellen and He Lifeng held a video call."
    assert c.review == "draft"


def test_meeting_in_third_country_with_abbreviated_month():
    c = only("Defense Secretary Lloyd Austin met Chinese Defense Minister Wei Fenghe in Cambodia on Nov 22.",
             "2022-11-25")
    assert names(c) == {"Lloyd Austin", "Wei Fenghe"}
    assert (c.date, c.place, c.mode, c.status) == ("2022-11-22", "Cambodia", "in-person", "held")
    assert "gives no year" in (c.date_note or "")


def test_planned_meeting_this_weekend_with_surnames():
    text = ("Chinese Foreign Minister Wang Yi said on Tuesday that ties were improving.\n\n"
            "Sullivan will meet Wang in Malta this weekend, officials said.")
    c = only(text, "2023-09-13")
    assert names(c) == {"Jake Sullivan", "Wang Yi"}
    assert c.status == "planned"
    assert (c.date, c.end_date, c.place) == ("2023-09-16", "2023-09-17", "Malta")


def test_phone_conversation_on_monday_against_article_date():
    c = only("Wang Yi had a phone conversation on Monday with US Secretary of State Antony Blinken.",
             "2022-11-02")
    assert (c.date, c.mode, c.status) == ("2022-10-31", "phone", "held")
    assert c.date_note and "2 Nov 2022" in c.date_note
    assert c.date_inferred is False


def test_inferred_article_date_marks_relative_contact_dates():
    c = only("Blinken and Wang Yi spoke for three hours on Monday at the Diaoyutai State Guesthouse.",
             "2023-06-19", inferred=True)
    assert (c.date, c.duration, c.place, c.mode) == ("2023-06-19", "three hours", "Diaoyutai State Guesthouse",
                                                     "in-person")
    assert c.date_inferred is True and "inferred" in (c.date_note or "")


def test_absolute_date_with_year_needs_no_article_date():
    c = only("Chinese President Xi Jinping met US President Joe Biden in Bali, Indonesia, on Nov 14, 2022.",
             None)
    assert (c.date, c.place, c.date_inferred) == ("2022-11-14", "Bali, Indonesia", False)


def test_relative_date_without_article_date_is_unknown_not_guessed():
    c = only("Qin Gang met Nicholas Burns in Beijing on Monday.", None)
    assert (c.date, c.date_precision) == (None, "unknown")
    assert "unknown" in (c.date_note or "")


def test_multi_day_talks_from_sunday_to_monday():
    c = only("From Sunday to Monday, Vice Foreign Minister Xie Feng held talks with Daniel Kritenbrink "
             "in Langfang, Hebei province.", "2022-12-13")
    assert (c.date, c.end_date, c.place) == ("2022-12-11", "2022-12-12", "Langfang, Hebei province")


def test_duration_and_month_precision():
    c = only("The talks follow the three-hour meeting between President Xi Jinping and US President Joe Biden "
             "in November.", "2022-12-13")
    assert (c.date, c.date_precision, c.duration) == ("2022-11", "month", "three hours")


def test_seven_and_a_half_hours():
    c = only("On Sunday, Blinken met for seven and a half hours with Foreign Minister Qin Gang.", "2023-06-19")
    assert (c.date, c.duration) == ("2023-06-18", "seven and a half hours")
    assert {p.name: p.role for p in c.participants}["Qin Gang"] == "Foreign Minister"


def test_one_sided_visit_planned_early_next_year():
    c = only("US Secretary of State Antony Blinken will visit China early next year.", "2022-12-13")
    assert names(c) == {"Antony Blinken"}
    assert (c.date, c.date_precision, c.status, c.place) == ("2023", "year", "planned", "China")
    assert c.summary == "Antony Blinken is to visit China."


def test_past_visit_to_the_country_in_a_year():
    contacts = run("If confirmed, Blinken's trip will mark the highest-level visit of a US official to China "
                   "since then-Secretary of State Mike Pompeo visited the country in 2018.", "2023-06-09").contacts
    by_name = {next(iter(names(c))): c for c in contacts}
    assert by_name["Mike Pompeo"].date == "2018" and by_name["Mike Pompeo"].status == "held"
    assert by_name["Antony Blinken"].status == "planned"
    assert by_name["Mike Pompeo"].participants[0].role == "then-Secretary of State"


def test_chinese_official_visiting_washington_with_separate_meetings():
    contacts = run("Chinese Foreign Minister Wang Yi visited Washington in late October, where he met "
                   "separately with Secretary of State Antony Blinken and national security adviser "
                   "Jake Sullivan.", "2023-11-16").contacts
    assert sorted(sorted(names(c)) for c in contacts) == [
        ["Antony Blinken", "Wang Yi"], ["Jake Sullivan", "Wang Yi"], ["Wang Yi"]]
    assert {c.date for c in contacts} == {"2023-10"}


def test_several_hosts_meet_one_visitor_one_by_one():
    contacts = run("Chinese President Xi Jinping, China's senior diplomat Wang Yi, and Foreign Minister "
                   "Qin Gang met Blinken.", "2023-06-19").contacts
    assert sorted(sorted(names(c)) for c in contacts) == [
        ["Antony Blinken", "Qin Gang"], ["Antony Blinken", "Wang Yi"], ["Antony Blinken", "Xi Jinping"]]


def test_one_host_meets_a_delegation_once():
    c = only("Vice-Foreign Minister Xie Feng had met with visiting US Assistant Secretary of State for East "
             "Asian and Pacific Affairs Daniel Kritenbrink and National Security Council Senior Director "
             "for China Laura Rosenberger on Sunday and Monday.", "2022-12-13")
    assert names(c) == {"Xie Feng", "Daniel Kritenbrink", "Laura Rosenberger"}
    roles = {p.name: p.role for p in c.participants}
    assert roles["Daniel Kritenbrink"] == "US Assistant Secretary of State for East Asian and Pacific Affairs"
    assert roles["Laura Rosenberger"] == "National Security Council Senior Director for China"


def test_spokesperson_reporting_a_meeting_is_not_a_participant():
    c = only("Foreign Ministry spokesman Wang Wenbin said that Vice Foreign Minister Xie Feng met "
             "Daniel Kritenbrink on Monday.", "2022-12-13")
    assert names(c) == {"Xie Feng", "Daniel Kritenbrink"}


def test_speech_date_is_not_the_contact_date():
    c = only("Both countries said Sunday that Qin accepted an offer to pay a return visit to Washington "
             "at a later date.", "2023-06-19")
    assert names(c) == {"Qin Gang"}
    assert (c.status, c.date, c.date_precision) == ("planned", None, "unknown")
    assert "later date" in (c.date_note or "")


def test_unconfirmed_meeting_is_planned_and_relative_clause_gets_its_subject():
    contacts = run("Neither Washington nor Beijing has confirmed a meeting between Blinken and Xi, China's most "
                   "powerful leader in decades, whose meeting with President Joe Biden in November in Bali "
                   "raised cautious hopes for a thaw.", "2023-06-19").contacts
    found = {frozenset(names(c)): c for c in contacts}
    planned = found[frozenset({"Antony Blinken", "Xi Jinping"})]
    held = found[frozenset({"Xi Jinping", "Joe Biden"})]
    assert (planned.status, planned.date) == ("planned", None)
    assert (held.status, held.date, held.place) == ("held", "2022-11", "Bali")


def test_month_day_in_a_plan_takes_the_next_year():
    c = only("Blinken is expected to visit Beijing on Jan 5.", "2023-12-20")
    assert (c.date, c.status) == ("2024-01-05", "planned")


def test_future_weekday_is_the_next_one():
    c = only("Raimondo will travel to Shanghai on Wednesday.", "2023-08-29")
    assert (c.date, c.status, c.place) == ("2023-08-30", "planned", "Shanghai")


def test_date_from_earlier_in_the_paragraph_is_marked_inferred():
    text = ("From Sunday to Monday, Antony Blinken made a trip to Beijing. Qin Gang met Blinken "
            "for hours of talks.")
    contacts = run(text, "2023-06-19").contacts
    qin = next(c for c in contacts if "Qin Gang" in names(c))
    assert (qin.date, qin.end_date, qin.date_inferred) == ("2023-06-18", "2023-06-19", True)
    assert "paragraph" in (qin.date_note or "")


def test_same_contact_in_two_paragraphs_is_merged_with_both_sources():
    text = ("Wang Yi had a phone call with Antony Blinken on Monday.\n\n"
            "During the call, Blinken told Wang that the two sides should keep talking.")
    c = only(text, "2022-11-02")
    assert [s.anchor for s in c.sources] == ["p-1", "p-2"]
    assert c.sources[0].sentence == "Wang Yi had a phone call with Antony Blinken on Monday."
    assert all(find_anchor(blocks_of(text), s.sentence) == s.anchor for s in c.sources)


def test_two_meetings_on_one_day_with_different_people_stay_two():
    contacts = run("Raimondo met Premier Li Qiang on Tuesday. Raimondo also met Vice Premier He Lifeng "
                   "on Tuesday.", "2023-08-29").contacts
    assert len(contacts) == 2 and {c.date for c in contacts} == {"2023-08-29"}
    assert len({c.id for c in contacts}) == 2


def test_last_week_and_last_month_give_month_precision():
    c = only("Treasury Secretary Janet Yellen met Vice Premier He Lifeng in San Francisco last week.",
             "2023-11-16")
    assert (c.date, c.date_precision) == ("2023-11", "month")
    c = only("Wang Wentao met Katherine Tai in Detroit last month.", "2023-06-09")
    assert (c.date, c.place) == ("2023-05", "Detroit")


def test_title_phrase_resolves_to_the_holder_on_the_date():
    contacts = run("China and the US must cooperate, Beijing's top diplomat told US Secretary of State Antony "
                   "Blinken on Monday, his final day of a trip to Beijing.", "2023-06-19").contacts
    assert sorted(sorted(names(c)) for c in contacts) == [["Antony Blinken"], ["Antony Blinken", "Wang Yi"]]
    assert {c.date for c in contacts} == {"2023-06-19"}
    c = only("China's foreign minister met the US ambassador to China, Nicholas Burns, on Monday.",
             "2023-05-10")
    assert names(c) == {"Qin Gang", "Nicholas Burns"}


# --------------------------------------------------------------------------- background, plans and lists
# (capabilities added after the second held-out set was scored; sentences written for these tests)


def test_a_postponed_trip_is_still_planned_at_its_dates():
    text = ("Commerce Secretary Gina Raimondo on Tuesday postponed her trip to Shanghai.\n\n"
            "She had been scheduled to arrive in Shanghai on Thursday for talks on export controls.")
    c = only(text, "2024-03-05")
    assert (names(c), c.status, c.date) == ({"Gina Raimondo"}, "planned", "2024-03-07")


def test_a_postponement_with_no_other_date_is_due_about_then():
    c = only("The dispute in early March led Raimondo to postpone a planned visit to Shanghai.", "2024-05-02")
    assert (c.status, c.date, c.date_precision) == ("planned", "2024-03", "month")


def test_said_she_talked_dates_the_call_not_the_saying():
    c = only("Raimondo said she talked Monday with Wang Wentao by phone.", "2024-03-06")
    assert (c.date, c.mode) == ("2024-03-04", "phone")


def test_a_negated_contact_still_names_the_two_men():
    text = "Lloyd Austin did not meet Dong Jun at the forum. The two men last met in Beijing in May."
    c = only(text, "2024-06-10")
    assert (names(c), c.date, c.status) == ({"Lloyd Austin", "Dong Jun"}, "2024-05", "held")


def test_a_capitalised_surname_that_is_also_a_pronoun():
    text = ("Vice Premier He Lifeng spoke at a forum on Monday.\n\n"
            "Raimondo held talks with He in Beijing on Tuesday.")
    c = only(text, "2024-03-06")
    assert (names(c), c.date) == ({"Gina Raimondo", "He Lifeng"}, "2024-03-05")


def test_a_visitor_meets_several_hosts_one_by_one():
    contacts = run("Sullivan will travel to Beijing on Sunday, where he is scheduled to meet Wang Yi and "
                   "Premier Li Qiang.", "2024-08-22").contacts
    assert sorted(sorted(names(c)) for c in contacts) == [
        ["Jake Sullivan"], ["Jake Sullivan", "Li Qiang"], ["Jake Sullivan", "Wang Yi"]]
    assert {(c.status, c.date) for c in contacts} == {("planned", "2024-08-25")}


def test_talks_with_two_hosts_are_one_session():
    contacts = run("Wang Wentao flew to Washington in March for talks with Raimondo and Katherine Tai.",
                   "2024-06-01").contacts
    assert sorted(sorted(names(c)) for c in contacts) == [
        ["Gina Raimondo", "Katherine Tai", "Wang Wentao"], ["Wang Wentao"]]


def test_and_also_met_continues_the_subject_and_its_date():
    contacts = run("Raimondo visited Shanghai in March, when she held talks with Wang Wentao and also met "
                   "Premier Li Qiang and Vice Premier He Lifeng.", "2024-05-01").contacts
    assert sorted(sorted(names(c)) for c in contacts) == [
        ["Gina Raimondo"], ["Gina Raimondo", "He Lifeng"], ["Gina Raimondo", "Li Qiang"],
        ["Gina Raimondo", "Wang Wentao"]]
    assert {c.date for c in contacts} == {"2024-03"}


def test_that_year_takes_the_year_named_before():
    contacts = run("Lloyd Austin flew to Singapore in June 2022. He went on to meet Wei Fenghe in Cambodia in "
                   "November that year, speaking by phone with Yang Jiechi.", "2023-11-15").contacts
    found = {frozenset(names(c)): c.date for c in contacts}
    assert found[frozenset({"Lloyd Austin", "Wei Fenghe"})] == "2022-11"
    assert found[frozenset({"Lloyd Austin", "Yang Jiechi"})] == "2022-11"


def test_a_who_clause_ends_where_the_main_clause_resumes():
    contacts = run("Commerce Secretary Gina Raimondo, who met Commerce Minister Wang Wentao in Detroit last "
                   "month, has said she plans to visit China this year.", "2023-06-03").contacts
    found = {frozenset(names(c)): (c.status, c.date) for c in contacts}
    assert found == {frozenset({"Gina Raimondo", "Wang Wentao"}): ("held", "2023-05"),
                     frozenset({"Gina Raimondo"}): ("planned", "2023")}


def test_days_before_shares_the_date_of_the_contact_before():
    contacts = run("Blinken and Wang Yi met in Munich in February, days before Biden and Xi held a phone call.",
                   "2024-04-01").contacts
    assert {frozenset(names(c)): c.date for c in contacts}[frozenset({"Joe Biden", "Xi Jinping"})] == "2024-02"


def test_the_first_and_second_day_are_days_of_the_span_named_before():
    text = ("Secretary of State Antony Blinken traveled to Beijing on June 18-19, after a trip postponed in "
            "February. On the first day he held talks with Foreign Minister Qin Gang, and on the second day he "
            "met Wang Yi.")
    dated = {frozenset(names(c)): (c.date, c.end_date) for c in run(text, "2023-08-10").contacts}
    assert dated[frozenset({"Antony Blinken", "Qin Gang"})] == ("2023-06-18", None)
    assert dated[frozenset({"Antony Blinken", "Wang Yi"})] == ("2023-06-19", None)


def test_his_final_day_is_the_last_day_of_the_trip():
    text = ("Secretary of State Antony Blinken travelled to Shanghai and Beijing from April 24 to 26. On his "
            "final day he met Foreign Minister Wang Yi for five hours.")
    pair = next(c for c in run(text, "2024-06-17").contacts if len(c.participants) == 2)
    assert (pair.date, pair.end_date) == ("2024-04-26", None)


def test_followed_with_no_object_is_the_subject_going_on():
    c = only("Secretary of State Antony Blinken followed later that month, travelling to Shanghai and Beijing "
             "from April 24 to 26.", "2024-06-17")
    assert (names(c), c.date, c.end_date) == ({"Antony Blinken"}, "2024-04-24", "2024-04-26")


def test_the_following_week_is_after_the_day_the_paragraph_named():
    text = ("Robert Lighthizer and Steven Mnuchin held talks in Beijing on February 14 and 15. Vice Premier "
            "Liu He travelled to Washington the following week.")
    visit = next(c for c in run(text, "2019-03-25").contacts if names(c) == {"Liu He"})
    assert (visit.date, visit.status) == ("2019-02", "held")  # February 18-24, not the week after March 25
    assert "'February 14 and 15'" in (visit.date_note or "")


def test_a_gerund_after_before_or_after_has_the_subject_of_the_clause_before():
    c = only("On June 19 Blinken toured the Forbidden City before meeting Foreign Minister Wang Yi.", "2023-08-10")
    assert (names(c), c.date) == ({"Antony Blinken", "Wang Yi"}, "2023-06-19")
    contacts = run("On June 19 Blinken met Wang Yi before being received by Chinese President Xi Jinping.",
                   "2023-08-10").contacts
    assert {(frozenset(names(c)), c.date) for c in contacts} == {
        (frozenset({"Antony Blinken", "Wang Yi"}), "2023-06-19"),
        (frozenset({"Antony Blinken", "Xi Jinping"}), "2023-06-19")}


def test_a_gerund_of_a_plan_is_planned():
    text = ("Mr Kerry, who arrived in Beijing on Sunday, is due to leave on Wednesday after meeting "
            "Vice-President Han Zheng.")
    pair = next(c for c in run(text, "2023-07-18").contacts if len(c.participants) == 2)
    assert (names(pair), pair.status) == ({"John Kerry", "Han Zheng"}, "planned")


def test_them_after_the_contact_word_is_the_subject_of_the_clause_before():
    text = ("Robert Lighthizer and Steven Mnuchin held talks with Vice Premier Liu He in Beijing on February 14 "
            "and 15, and on the second day Xi Jinping received them at the Great Hall of the People.")
    dated = {frozenset(names(c)): c.date for c in run(text, "2019-03-25").contacts}
    assert dated[frozenset({"Robert Lighthizer", "Steven Mnuchin", "Xi Jinping"})] == "2019-02-15"


def test_coming_to_a_place_in_a_plan_is_a_planned_visit():
    contacts = run("Biden has said he hopes President Xi Jinping will come to San Francisco for the APEC summit in "
                   "November.", "2023-08-10").contacts
    assert [(names(c), c.date, c.status) for c in contacts] == [({"Xi Jinping"}, "2023-11", "planned")]


def test_a_name_before_envoy_or_aide_is_not_a_participant():
    text = ("Trump's transition team has not sent anyone to Baku. If a Trump envoy asked to come to Beijing next "
            "year, a Chinese delegate said, Beijing would consider it.")
    assert not run(text, "2024-11-20").contacts


def test_a_stay_on_named_days_is_a_visit():
    contacts = run("Climate envoy John Kerry spent July 16-19 in Beijing, away from the summer heat in Washington.",
                   "2023-08-10").contacts
    assert [(sorted(names(c)), c.date, c.end_date, c.place) for c in contacts] == \
        [(["John Kerry"], "2023-07-16", "2023-07-19", "Beijing")]


def test_flew_into_the_port_city_of_is_a_visit():
    contacts = run("Gina Raimondo flew into the eastern port city of Shanghai on Tuesday evening.",
                   "2023-08-31").contacts
    assert [(sorted(names(c)), c.date, c.place) for c in contacts] == [(["Gina Raimondo"], "2023-08-29", "Shanghai")]


def test_a_day_fronted_after_and_dates_the_clause_it_opens():
    text = ("Gina Raimondo arrived in Shanghai on Tuesday evening and, on Wednesday, held talks with Vice Premier "
            "He Lifeng in the morning and with Premier Li Qiang in the afternoon.")
    assert summaries(text, "2023-08-31") == [(["Gina Raimondo"], "2023-08-29", None, "held"),
                                             (["Gina Raimondo", "He Lifeng"], "2023-08-30", None, "held"),
                                             (["Gina Raimondo", "Li Qiang"], "2023-08-30", None, "held")]


def test_a_title_and_surname_owning_someone_else_is_no_participant():
    text = ("Treasury Secretary Janet Yellen met Vice Premier He Lifeng, President Xi Jinping's top economic aide, "
            "on July 7.")
    assert summaries(text, "2023-07-10") == [(["He Lifeng", "Janet Yellen"], "2023-07-07", None, "held")]


def test_since_someone_took_office_does_not_keep_the_occasion_from_the_meeting():
    c = only("Kamala Harris and Li Qiang are expected to hold their first meeting since Li took office on the "
             "sidelines of the ASEAN summit in Jakarta later this month.", "2023-09-01")
    assert (c.date, c.status) == ("2023-09", "planned")


def test_brought_together_with_is_a_meeting():
    c = only("The security dialogue brought Defense Secretary Lloyd Austin together with Defense Minister Wei Fenghe "
             "in Singapore on June 10.", "2022-06-12")
    assert (sorted(names(c)), c.date, c.status) == (["Lloyd Austin", "Wei Fenghe"], "2022-06-10", "held")


def test_a_delegation_arriving_is_its_heads_visit():
    contacts = run("Vice Premier Liu He's delegation of about 30 officials arrived in Washington on Tuesday.",
                   "2019-01-31").contacts
    assert [(sorted(names(c)), c.date, c.status) for c in contacts] == [(["Liu He"], "2019-01-29", "held")]


def test_they_before_a_contact_with_the_other_side_are_the_visitors_named_before():
    text = ("Assistant Secretary of State Daniel Kritenbrink and Deputy Secretary of State Kurt Campbell visited "
            "Beijing on Sunday. They held talks with Vice Foreign Minister Sun Weidong on Monday.")
    assert (["Daniel Kritenbrink", "Kurt Campbell", "Sun Weidong"], "2024-06-10", None, "held") \
        in summaries(text, "2024-06-12")


def test_whose_contact_someone_is_briefed_on_takes_no_part():
    text = ("Secretary of State Antony Blinken met Foreign Minister Wang Yi on Monday to brief him on President "
            "Joe Biden's talks with Prime Minister Fumio Kishida.")
    assert summaries(text, "2023-06-21") == [(["Antony Blinken", "Wang Yi"], "2023-06-19", None, "held")]


def test_chinas_financial_hub_is_shanghai():
    contacts = run("Treasury Secretary Janet Yellen landed in China's financial hub on Thursday.",
                   "2023-07-08").contacts
    assert [(sorted(names(c)), c.date, c.place) for c in contacts] == [(["Janet Yellen"], "2023-07-06", "Shanghai")]


def test_days_of_talks_after_an_arrival_begin_on_its_day():
    c = only("Vice Premier Liu He arrived in Washington on Tuesday for two days of talks.", "2019-01-31")
    assert (c.date, c.end_date) == ("2019-01-29", "2019-01-30")


def test_a_list_of_meetings_after_a_colon_is_the_travellers():
    text = ("Treasury Secretary Janet Yellen traveled to Beijing in July for four days of meetings: talks with "
            "Vice Premier He Lifeng, a session with Premier Li Qiang, and a meeting with Finance Minister Liu Kun.")
    assert [s[:2] for s in summaries(text, "2023-07-20")] == [
        (["He Lifeng", "Janet Yellen"], "2023-07"), (["Janet Yellen"], "2023-07"),
        (["Janet Yellen", "Li Qiang"], "2023-07"), (["Janet Yellen", "Liu Kun"], "2023-07")]


def test_negotiating_with_is_one_session_of_the_visitors():
    contacts = run("Trade Representative Robert Lighthizer and Treasury Secretary Steven Mnuchin spent two days "
                   "in Beijing negotiating with Vice Premier Liu He.", "2019-02-16").contacts
    assert {frozenset(names(c)) for c in contacts if len(c.participants) > 1} == \
        {frozenset({"Robert Lighthizer", "Steven Mnuchin", "Liu He"})}


def test_coming_to_a_place_is_a_visit():
    c = only("Vice Premier Liu He came to Washington in January for two days of trade talks.", "2019-03-01")
    assert (names(c), c.date, c.place, c.status) == ({"Liu He"}, "2019-01", "Washington", "held")


def test_went_there_goes_to_the_place_named_before():
    contacts = run("It would be the first visit to China by a Pentagon chief since Mark Esper went there in "
                   "2019.", "2024-02-07").contacts
    assert [(sorted(names(c)), c.date, c.place) for c in contacts] == [(["Mark Esper"], "2019", "China")]


def test_the_one_who_invites_does_not_travel():
    c = only("Sullivan accepted an invitation from Wang Yi to visit China later this year.", "2024-03-01")
    assert (names(c), c.status, c.date) == ({"Jake Sullivan"}, "planned", "2024")


def test_most_recently_dates_the_latest_of_several_calls():
    c = only("Lloyd Austin and Dong Jun have held three video calls since January, most recently in May.",
             "2024-06-10")
    assert (c.date, c.mode) == ("2024-05", "video")


def test_in_addition_to_lists_meetings_of_the_same_pair():
    contacts = run("Blinken and Wang Yi have spoken by phone often since 2021, in addition to meetings in "
                   "Rome in 2021 and in Munich in 2024.", "2024-04-03").contacts
    assert {c.date for c in contacts if c.date} == {"2021", "2024"}


def test_a_visit_that_lasts_until_a_day_and_its_planned_stop():
    text = ("Raimondo landed in Shanghai on Monday, for a visit that lasts until Friday. "
            "She will fly to Beijing on Wednesday.")
    c = only(text, "2024-03-05")
    assert (c.status, c.date, c.end_date) == ("held", "2024-03-04", "2024-03-08")


def test_talks_over_days_end_on_the_day_they_borrow():
    text = ("SHANGHAI, Aug 30 - Gina Raimondo ended a visit to China that both sides described as a step "
            "towards steadier trade ties.\n\nRaimondo met Wang Wentao over three days.")
    pair = next(c for c in run(text, "2023-08-30").contacts if len(c.participants) == 2)
    assert (pair.date, pair.end_date) == ("2023-08-28", "2023-08-30")


def test_attending_a_forum_is_a_visit_not_a_meeting():
    contacts = run("Vice Premier He Lifeng will attend a finance forum in New York next week, which Janet Yellen "
                   "will open.", "2023-05-11").contacts
    assert [sorted(names(c)) for c in contacts] == [["He Lifeng"]]


def test_the_two_named_in_a_sentence_without_a_contact():
    text = ("Vice Premier He Lifeng will attend a finance forum in New York next week, which Janet Yellen will "
            "open. Neither side has confirmed whether the two will hold a meeting there.")
    pairs = [c for c in run(text, "2023-05-11").contacts if len(c.participants) == 2]
    assert [(sorted(names(c)), c.status) for c in pairs] == [(["He Lifeng", "Janet Yellen"], "planned")]


def test_a_speaker_reporting_others_plans_is_not_in_them():
    c = only('Sullivan said he expected Wang Yi and Blinken to meet "in the coming weeks."', "2023-07-09")
    assert (names(c), c.status) == ({"Wang Yi", "Antony Blinken"}, "planned")


def test_planned_travel_of_two_officials_is_two_planned_trips():
    contacts = run("Officials welcomed the planned travel of Gina Raimondo and John Kerry to China in the coming "
                   "months.", "2023-06-03").contacts
    assert sorted((sorted(names(c)), c.status) for c in contacts) == [
        (["Gina Raimondo"], "planned"), (["John Kerry"], "planned")]


def test_an_undated_earlier_call_joins_the_call_not_the_meeting():
    text = ("Raimondo and Commerce Minister Wang Wentao met in Detroit on Thursday. The two ministers had "
            "previously held talks only by phone. Their most recent call was in March.")
    contacts = run(text, "2023-05-26").contacts
    assert sorted((c.date, c.mode) for c in contacts) == [("2023-03", "phone"), ("2023-05-25", "in-person")]


# --------------------------------------------------------------------------- negatives


def test_spokesperson_briefing_is_not_a_contact():
    assert run("Chinese Foreign Ministry spokesperson Mao Ning told a regular news briefing on Monday that "
               "the United States should stop arming Taiwan.", "2024-01-15").contacts == ()


def test_third_country_visits_are_not_contacts():
    text = ("Chinese President Xi Jinping paid a three-day visit to Riyadh last December.\n\n"
            "On Thursday, Blinken told the media during his visit to Saudi Arabia that the US is not "
            "asking anyone to choose.\n\n"
            "US House Speaker Nancy Pelosi's visit to Taiwan angered Beijing.")
    assert run(text, "2023-06-09").contacts == ()


def test_a_quote_with_no_contact_and_called_on():
    text = ("\"We hope to meet each other halfway,\" Wang Yi said of Blinken.\n\n"
            "Blinken called on Beijing to use its influence over Iran.")
    assert run(text, "2024-01-15").contacts == ()


def test_declined_meeting_is_not_a_contact():
    assert run("Chinese Defense Minister Li Shangfu declined an invitation to meet Defense Secretary "
               "Lloyd Austin in Singapore.", "2023-06-04").contacts == ()


def test_private_citizen_is_not_a_side():
    assert run("Former US secretary of state Henry Kissinger met Chinese President Xi Jinping in Beijing "
               "on Thursday.", "2023-07-21").contacts == ()


def test_meet_expectations_is_not_a_meeting():
    assert run("Wang Yi said ties with Blinken's country must meet the expectations of the world.",
               "2022-11-02").contacts == ()


# --------------------------------------------------------------------------- people


def test_people_in_order_with_unknowns_and_surnames():
    text = ("Foreign Ministry spokesman Wang Wenbin said Chinese Vice Premier Liu Guozhong met "
            "US Ambassador to China Nicholas Burns.\n\n"
            "Wang said the talks were candid. Liu and Burns agreed to stay in touch.\n\n"
            "Jiang Hua, a researcher at the China Institute of International Studies, said the talks mattered.")
    result = run(text, "2023-09-01")
    assert result.people == ("Wang Wenbin", "Liu Guozhong", "Nicholas Burns", "Jiang Hua")
    unknown = {p.name: p for p in result.unknown_people}
    assert unknown["Liu Guozhong"].side == "CN" and unknown["Liu Guozhong"].role == "Chinese Vice Premier"
    assert unknown["Jiang Hua"].role == "researcher at the China Institute of International Studies"
    assert [sorted(names(c)) for c in result.contacts] == [["Liu Guozhong", "Nicholas Burns"]]


def test_ambiguous_surname_goes_to_the_latest_full_mention():
    text = ("Wang Yi met Jake Sullivan in Vienna on May 11. Commerce Minister Wang Wentao met "
            "Gina Raimondo on May 25. Wang later held a video call with Sullivan.")
    contacts = run(text, "2023-06-09").contacts
    video = next(c for c in contacts if c.mode == "video")
    assert names(video) == {"Wang Wentao", "Jake Sullivan"}


def test_ambiguous_surname_in_a_later_block_goes_to_the_person_named_most():
    text = ("Jake Sullivan and Wang Yi began talks in Bangkok on Friday.\n\n"
            "Mr Sullivan and Mr Wang last met in Malta in September.\n\n"
            "A US delegation will be received by Minister of Public Security Wang Xiaohong.\n\n"
            "Mr Wang held a second round of talks with Mr Sullivan on Saturday.")
    contacts = run(text, "2024-01-29").contacts
    saturday = next(c for c in contacts if c.date == "2024-01-27")
    assert names(saturday) == {"Wang Yi", "Jake Sullivan"}


def test_a_pronoun_with_no_antecedent_is_not_resolved():
    assert run("She met Wang Yi in Beijing on Monday.", "2023-06-19").contacts == ()


# --------------------------------------------------------------------------- discourse


def test_the_two_men_are_the_last_contacts_pair():
    text = ("Commerce Secretary Gina Raimondo held talks with Commerce Minister Wang Wentao in Beijing on "
            "Tuesday.\n\nThe two men had last spoken by phone on March 3.")
    contacts = run(text, "2023-08-30").contacts
    assert sorted((c.date, c.mode) for c in contacts) == [("2023-03-03", "phone"), ("2023-08-29", "in-person")]
    assert all(names(c) == {"Gina Raimondo", "Wang Wentao"} for c in contacts)


def test_a_later_sentence_dates_the_same_contact():
    text = ("Janet Yellen held talks with He Lifeng in Guangzhou. The two met for three hours on Saturday "
            "at a guesthouse.")
    c = only(text, "2024-04-08")
    assert (c.date, c.duration) == ("2024-04-06", "three hours")


def test_the_talks_sentence_dates_the_contact_and_spans_days():
    text = ("John Kerry met Xie Zhenhua at a hotel in Sunnylands. The talks opened on Saturday morning "
            "and resumed on Monday.")
    c = only(text, "2023-11-08")
    assert (c.date, c.end_date) == ("2023-11-04", "2023-11-06")


def test_the_two_heads_of_state_are_the_presidents():
    c = only("Gina Raimondo said the two heads of state would meet in Lima next month.", "2024-10-20")
    assert names(c) == {"Xi Jinping", "Joe Biden"} and (c.status, c.date) == ("planned", "2024-11")


def test_their_refers_to_the_pair_named_in_the_sentence():
    c = only("Blinken's trip came after a call between Xi and Biden on May 2, their third conversation "
             "this year.", "2024-05-20")
    assert names(c) == {"Xi Jinping", "Joe Biden"} and c.date == "2024-05-02"


def test_a_subject_pronoun_is_the_recent_official_of_the_other_side():
    text = ('"We will keep talking," Katherine Tai told reporters in Geneva.\n\n'
            "She flew to Beijing on Sunday and met Wang Wentao there on Monday.")
    contacts = run(text, "2023-06-20").contacts
    assert sorted(sorted(names(c)) for c in contacts) == [["Katherine Tai"], ["Katherine Tai", "Wang Wentao"]]


def test_an_object_pronoun_completes_the_contact():
    text = "Jake Sullivan landed in Beijing on Monday. Xi Jinping received him on Wednesday."
    contacts = run(text, "2024-09-05").contacts
    met = next(c for c in contacts if len(c.participants) == 2)
    assert names(met) == {"Jake Sullivan", "Xi Jinping"} and met.date == "2024-09-04"


def test_a_pronoun_between_two_candidates_of_one_side_is_left_alone():
    text = "Blinken and Sullivan spoke at the forum. He met Wang Yi on Friday."
    assert run(text, "2024-03-10").contacts == ()
    # of a man and a woman, "he" is the man (data/people.yaml `pronoun`)
    text = "Blinken and Yellen spoke at the forum. He met Wang Yi on Friday."
    assert [s[0] for s in summaries(text, "2024-03-10")] == [["Antony Blinken", "Wang Yi"]]


def test_lists_of_earlier_contacts_become_one_contact_each():
    text = ("Xi Jinping and Joe Biden held a video call on Friday. It was their fourth conversation, following "
            "phone calls in January and April last year and a virtual meeting in June this year.")
    dates = sorted(c.date or "" for c in run(text, "2024-08-02").contacts)
    assert dates == ["2023-01", "2023-04", "2024-06", "2024-08-02"]


# --------------------------------------------------------------------------- coordination


def test_two_meetings_in_one_sentence_with_and_then():
    contacts = run("Kurt Campbell met Ma Zhaoxu in the morning and then Wang Yi in the evening in Beijing on "
                   "Tuesday.", "2024-05-02").contacts
    assert sorted(sorted(names(c)) for c in contacts) == [["Kurt Campbell", "Ma Zhaoxu"],
                                                          ["Kurt Campbell", "Wang Yi"]]
    assert {c.date for c in contacts} == {"2024-04-30"}


def test_a_second_subject_after_comma_and_is_a_second_contact():
    contacts = run("Yellen visited Beijing in July, where she met He Lifeng, and Raimondo held talks with "
                   "Wang Wentao in Beijing in August.", "2023-09-10").contacts
    found = sorted((sorted(names(c)), c.date) for c in contacts)
    assert found == [(["Gina Raimondo", "Wang Wentao"], "2023-08"), (["He Lifeng", "Janet Yellen"], "2023-07"),
                     (["Janet Yellen"], "2023-07")]


def test_a_continued_plan_shares_its_subject_and_tense():
    text = ("Dong Jun is expected to meet Lloyd Austin later Tuesday, and to hold talks with Charles Brown "
            "before he flies home on Wednesday.")
    contacts = run(text, "2024-06-04").contacts
    assert sorted(sorted(names(c)) for c in contacts) == [["Charles Brown", "Dong Jun"], ["Dong Jun", "Lloyd Austin"]]
    assert {c.status for c in contacts} == {"planned"}
    assert next(c for c in contacts if "Lloyd Austin" in names(c)).date == "2024-06-04"


def test_and_said_does_not_make_the_speaker_a_participant():
    c = only("Sullivan passed on Biden's greetings to Xi and said the two heads of state had met in Lima "
             "last November.", "2025-01-10")
    assert names(c) == {"Xi Jinping", "Joe Biden"} or names(c) == {"Xi Jinping", "Donald Trump"}


def test_a_meeting_between_two_people_is_theirs_alone():
    contacts = run("Wang Yi held talks with Blinken in Washington, laying the groundwork for a meeting "
                   "between Biden and Xi next month.", "2023-10-27").contacts
    found = {frozenset(names(c)): c for c in contacts}
    assert set(found) == {frozenset({"Wang Yi", "Antony Blinken"}), frozenset({"Joe Biden", "Xi Jinping"})}
    summit = found[frozenset({"Joe Biden", "Xi Jinping"})]
    assert (summit.status, summit.date) == ("planned", "2023-11")


def test_a_hyphenated_pair_names_the_contact():
    text = "Joe Biden spoke on Monday. Officials are preparing for a Biden-Xi summit in November."
    c = only(text, "2023-10-10")
    assert names(c) == {"Joe Biden", "Xi Jinping"} and (c.status, c.date) == ("planned", "2023-11")


# --------------------------------------------------------------------------- negation and bystanders


@pytest.mark.parametrize("sentence", [
    "Li Shangfu never held formal talks with Austin.",
    "Qin Gang did not meet Blinken during the forum.",
    "Wang Yi has no plans to meet Sullivan in Geneva.",
    "Yellen left Beijing without meeting Li Qiang.",
    "Austin is not scheduled to meet Dong Jun in Singapore.",
    "No further talks between Blinken and Wang Yi have been arranged.",
    # a contact one side asked for, refused in another clause of the sentence
    "The Pentagon asked twice to arrange a call between Austin and Dong Jun, but Beijing never agreed.",
    "Beijing has not responded to requests for talks between Austin and Dong Jun.",
])
def test_negated_contacts_are_not_drafted(sentence):
    assert run(sentence, "2024-03-01").contacts == ()


def test_a_name_used_as_a_modifier_is_not_a_participant():
    contacts = run("Kerry flew to Beijing in May for talks with Xie Zhenhua, the first visit by a senior Biden "
                   "administration official this year.", "2023-06-01").contacts
    assert sorted(sorted(names(c)) for c in contacts) == [["John Kerry"], ["John Kerry", "Xie Zhenhua"]]


def test_a_speaker_quoted_as_saying_is_not_in_the_summit_they_mention():
    text = ('"Both sides must build on it," Wang Yi was quoted as saying, referring to the summit between '
            "Joe Biden and Xi Jinping in Bali in November.")
    c = only(text, "2023-02-18")
    assert names(c) == {"Joe Biden", "Xi Jinping"} and c.date == "2022-11"


# --------------------------------------------------------------------------- titles and people


def test_military_and_deputy_titles_give_names_and_sides():
    text = ("Deputy Assistant Secretary of Defense Jane Roe held talks with Major General Zhou Hanming "
            "at the Pentagon on Monday.")
    result = run(text, "2024-02-07")
    sides = {p.name: p.side for p in result.unknown_people}
    assert sides == {"Jane Roe": "US", "Zhou Hanming": "CN"}
    assert len(result.contacts) == 1


def test_organisation_words_are_not_names():
    result = run("Ann Lee, director of the China Power Project at a think tank, said talks mattered.",
                 "2024-02-07")
    assert "Power Project" not in result.people


def test_a_state_official_takes_the_side_of_the_state():
    result = run("Illinois Governor John Doe met Xi Jinping in Beijing on Monday.", "2024-02-07")
    assert {p.name: p.side for p in result.unknown_people} == {"John Doe": "US"}
    assert len(result.contacts) == 1


def test_a_visit_told_in_a_when_clause():
    c = only("The last such trip came in May 2019, when Mark Esper traveled to Beijing.", "2024-02-07")
    assert (names(c), c.date, c.place) == ({"Mark Esper"}, "2019-05", "Beijing")


def test_an_intransitive_visit_goes_where_the_trip_went():
    contacts = run("It was the first trip to China by a US treasury secretary since Steven Mnuchin visited "
                   "in 2019, and Yellen's first.", "2023-07-08").contacts
    assert [(sorted(names(c)), c.date) for c in contacts] == [(["Steven Mnuchin"], "2019")]


def test_a_describing_clause_dates_the_contact_before_it():
    c = only("Analysts expect Dong Jun and Lloyd Austin to meet at the forum, which opens next month in Singapore.",
             "2024-04-17")
    assert (c.status, c.date) == ("planned", "2024-05")


def test_the_lede_dates_the_next_paragraph():
    text = ("China pressed its demands on Tuesday as a senior American envoy visited for talks on the relationship "
            "and the next steps.\n\nWendy Sherman met Xie Feng in the port city of Tianjin.")
    c = only(text, "2024-07-24")
    assert c.date == "2024-07-23" and c.date_inferred
    assert "opening paragraph" in (c.date_note or "")


def test_repeated_contacts_take_no_date_from_around():
    text = "Blinken visited China in 2023. He and Wang Yi have met several times since."
    contacts = run(text, "2024-06-01").contacts
    pair = next(c for c in contacts if len(c.participants) == 2)
    assert pair.date is None


def test_unknown_side_from_title_nationality():
    result = run("US Deputy Trade Representative Sarah Bianchi met Chinese Vice Commerce Minister "
                 "Tang Wenhong in Beijing on Monday.", "2023-06-19")
    sides = {p.name: p.side for p in result.unknown_people}
    assert sides == {"Sarah Bianchi": "US", "Tang Wenhong": "CN"}
    assert len(result.contacts) == 1


def test_sentences_do_not_break_after_abbreviations():
    text = "U.S. Secretary of State Antony Blinken met Gen. Li Shangfu in Washington, D.C. on Oct. 6. Then he left."
    spans = sentence_spans(text, vocabulary())
    assert [text[a:b] for a, b in spans] == [
        "U.S. Secretary of State Antony Blinken met Gen. Li Shangfu in Washington, D.C. on Oct. 6.",
        "Then he left."]


# --------------------------------------------------------------------------- round 4 capabilities


def summaries(text: str, day: str) -> list[tuple[list[str], str | None, str | None, str]]:
    return sorted(((sorted(names(c)), c.date, c.end_date, c.status) for c in run(text, day).contacts),
                  key=lambda s: (s[0], s[1] or "", s[2] or "", s[3]))  # undated first


def test_has_yet_to_speak_is_not_a_contact():
    assert run("Trade Representative Katherine Tai has yet to speak with Commerce Minister Wang Wentao.",
               "2024-03-01").contacts == ()


def test_were_not_expected_to_meet_is_not_a_contact():
    assert run("Gina Raimondo and He Lifeng were not expected to meet in Paris.", "2024-03-01").contacts == ()


def test_a_new_subject_after_comma_and_may_open_on_a_lower_case_title():
    text = ("Treasury Secretary Janet Yellen met Premier Li Qiang in Beijing on Monday, and trade envoy "
            "Katherine Tai is due in China next month for talks with Vice Premier He Lifeng.")
    assert summaries(text, "2024-05-08") == [
        (["He Lifeng", "Katherine Tai"], "2024-06", None, "planned"),
        (["Janet Yellen", "Li Qiang"], "2024-05-06", None, "held"),
        (["Katherine Tai"], "2024-06", None, "planned")]


def test_a_possible_venue_for_a_meeting_is_a_plan():
    text = ("Officials named the summit in Lima in November as a possible venue for a meeting between "
            "Joe Biden and Xi Jinping.")
    c = only(text, "2024-08-01")
    assert (c.status, c.date) == ("planned", "2024-11")


def test_an_envoy_arriving_to_take_up_his_post_has_made_no_contact():
    assert run("Ambassador Xie Feng arrived in Washington on Tuesday to take up his post.",
               "2023-05-25").contacts == ()


def test_days_of_talks_ending_on_a_named_day_span_back_from_it():
    c = only("Jake Sullivan and Wang Yi wrapped up three days of talks in Vienna on Friday.", "2024-03-02")
    assert (c.date, c.end_date) == ("2024-02-28", "2024-03-01")


def test_the_report_of_all_the_days_leads_over_one_of_them():
    text = ("Wang Yi and Jake Sullivan met over Monday and Tuesday in Geneva.\n\n"
            "[Photo caption: Wang Yi and Jake Sullivan in Geneva on Monday.]")
    c = only(text, "2024-03-06")
    assert (c.date, c.end_date) == ("2024-03-04", "2024-03-05")


def test_days_before_that_move_the_borrowed_day():
    text = ("Jake Sullivan met Wang Yi in Rome on June 12 and 13. Three days before that, Ambassador "
            "Nicholas Burns met Qin Gang in Beijing.")
    dates = {tuple(sorted(names(c))): c.date for c in run(text, "2023-06-20").contacts}
    assert dates[("Nicholas Burns", "Qin Gang")] == "2023-06-09"


def test_a_day_after_an_event_is_not_a_shift():
    text = ("Antony Blinken met Wang Yi on July 9. The meeting, held a day after the end of a forum, "
            "was their first this year.")
    assert [c.date for c in run(text, "2022-07-12").contacts] == ["2022-07-09"]


def test_talks_in_two_places_with_two_dates_are_two_contacts():
    text = ("Wang Yi and Jake Sullivan met in Geneva on Friday, following talks in Vienna last April and "
            "on the Indonesian island of Bali in October.")
    contacts = {(c.date, c.place) for c in run(text, "2024-03-02").contacts}
    assert contacts == {("2024-03-01", "Geneva"), ("2023-04", "Vienna"), ("2023-10", "Bali")}


def test_a_date_of_the_photo_is_not_the_contact_date():
    c = only("[Photo caption: Secretary of State Antony Blinken, pictured at a hearing in April, "
             "travelled to Beijing in June.]", "2023-07-02")
    assert c.date == "2023-06"


def test_a_clause_word_inside_a_hyphenated_word_does_not_cut():
    text = ("Lloyd Austin met Dong Jun on Friday. Austin last held talks with Dong's predecessor-but-one, "
            "Wei Fenghe, in Phnom Penh in November 2022.")
    assert (["Lloyd Austin", "Wei Fenghe"], "2022-11", None, "held") in summaries(text, "2024-06-01")


def test_a_pronoun_meeting_a_third_country_official_is_not_completed():
    text = ("Joe Biden and Xi Jinping spoke by phone on Monday.\n\n"
            "Biden will go on to Warsaw, where he will meet President Anna Nowak of Poland.")
    assert [sorted(names(c)) for c in run(text, "2024-03-06").contacts] == [["Joe Biden", "Xi Jinping"]]


def test_a_pronoun_after_said_is_the_speaker():
    text = ("Commerce Secretary Gina Raimondo held talks with Wang Wentao in May.\n\n"
            "Senator Chuck Schumer said he plans to head a delegation of lawmakers to Beijing next spring.")
    assert (["Chuck Schumer"], "2024-03", "2024-05", "planned") in summaries(text, "2023-09-10")
    assert all(len(c.participants) == 2 for c in run(text, "2023-09-10").contacts if "Wang Wentao" in names(c))


def test_one_who_misses_the_talks_is_not_in_them():
    c = only("Gina Raimondo meets He Lifeng in Paris as Wang Wentao skips the trade talks", "2024-05-02")
    assert names(c) == {"Gina Raimondo", "He Lifeng"}


def test_the_two_leaders_are_the_presidents_the_sentence_before_named():
    text = ("Antony Blinken met Wang Yi on Monday. The talks may lead to a meeting between Joe Biden and "
            "Xi Jinping later this year. Xi may attend a summit in Seattle in November, where the two "
            "leaders could meet.")
    planned = [sorted(names(c)) for c in run(text, "2023-07-13").contacts if c.status == "planned"]
    assert ["Joe Biden", "Xi Jinping"] in planned
    assert all("Antony Blinken" not in group for group in planned)


def test_a_head_of_state_among_the_hosts_meets_the_visitor_apart():
    text = "Antony Blinken visited Beijing last month, when he held talks with Qin Gang and President Xi Jinping."
    assert summaries(text, "2023-07-13") == [
        (["Antony Blinken"], "2023-06", None, "held"),
        (["Antony Blinken", "Qin Gang"], "2023-06", None, "held"),
        (["Antony Blinken", "Xi Jinping"], "2023-06", None, "held")]


def test_both_sides_attending_a_forum_are_each_their_own_visit():
    for _ in range(3):  # the same answer every run: no set order decides it
        text = "Lloyd Austin and Dong Jun will both attend a forum in Beijing next month."
        assert summaries(text, "2024-05-01") == [(["Lloyd Austin"], "2024-06", None, "planned")]


def test_a_bare_visit_goes_where_the_paragraphs_trip_went():
    text = ("The dispute led Secretary of State Antony Blinken to put off a planned trip to Beijing. "
            "Blinken finally visited in June.")
    assert (["Antony Blinken"], "2023-06", None, "held") in summaries(text, "2024-01-27")


def test_an_agreement_for_two_to_meet_before_the_end_of_the_year_is_a_plan():
    c = only("Officials reached a deal for Joe Biden and Xi Jinping to hold a video call before the end of "
             "the year.", "2021-10-09")
    assert (c.status, c.date, c.mode) == ("planned", "2021", "video")


def test_a_name_after_under_names_a_period_not_a_participant():
    c = only("Wang Yi met Antony Blinken in Munich on Friday, their first talks under President Joe Biden.",
             "2021-06-07")
    assert names(c) == {"Wang Yi", "Antony Blinken"}


def test_a_whose_or_where_clause_with_its_own_subject_leaves_out_the_one_before():
    text = ("The review recalls former President Donald Trump, whose envoy, John Kerry, met Yang Jiechi "
            "in Geneva in 2019.")
    assert summaries(text, "2021-06-07") == [(["John Kerry", "Yang Jiechi"], "2019", None, "held")]
    text = "Xi Jinping skipped the summit in Rome, where Joe Biden held brief talks with Li Qiang."
    assert summaries(text, "2021-11-02") == [(["Joe Biden", "Li Qiang"], None, None, "held")]


def test_the_pronoun_of_a_where_clause_is_the_one_it_follows():
    text = ("Wang Yi stayed away from the assembly.\n\n"
            "Antony Blinken will spend the week in New York, where he will meet ministers from Africa.")
    assert run(text, "2023-09-18").contacts == ()


def test_a_pronoun_clause_is_not_the_group_named_after_it():
    text = ("Jake Sullivan met Wang Yi in Beijing in August.\n\n"
            "After Lima, he will attend a summit in Brazil, though no meeting between the two has been arranged.")
    assert summaries(text, "2024-11-17") == [(["Jake Sullivan", "Wang Yi"], "2024-08", None, "held")]


def test_two_dates_list_two_contacts_only_with_a_contact_word_between():
    text = "Joe Biden and Xi Jinping last spoke by phone in March, and ties soured in the months that followed."
    assert summaries(text, "2022-07-01") == [(["Joe Biden", "Xi Jinping"], "2022-03", None, "held")]


def test_arrived_and_held_talks_takes_the_days_of_the_talks():
    text = "John Kerry arrived in Beijing on Monday and held talks on Tuesday and Wednesday with Xie Zhenhua."
    assert (["John Kerry", "Xie Zhenhua"], "2023-07-18", "2023-07-19", "held") in summaries(text, "2023-07-21")


def test_days_after_a_contact_moves_the_date_back():
    text = ("Joe Biden and Xi Jinping spoke by phone on March 18, four days after Jake Sullivan met Yang Jiechi "
            "in Rome.")
    assert summaries(text, "2022-04-20") == [(["Jake Sullivan", "Yang Jiechi"], "2022-03-14", None, "held"),
                                             (["Joe Biden", "Xi Jinping"], "2022-03-18", None, "held")]


def test_a_call_since_a_call_is_two_calls_of_the_same_pair():
    text = "Joe Biden and Xi Jinping spoke by phone last week, their first conversation since a call in February."
    assert summaries(text, "2021-09-15") == [(["Joe Biden", "Xi Jinping"], "2021-02", None, "held"),
                                             (["Joe Biden", "Xi Jinping"], "2021-09", None, "held")]


def test_a_clause_about_other_people_does_not_take_the_subject():
    text = "Janet Yellen and He Lifeng ended two days of talks on Friday, days before their presidents are due to meet."
    assert summaries(text, "2023-11-11") == [(["He Lifeng", "Janet Yellen"], "2023-11-09", "2023-11-10", "held")]


def test_a_when_clause_takes_the_date_it_follows_even_after_since():
    text = "The trip is Xi Jinping's first to the US since April 2017, when he visited Donald Trump in Florida."
    assert (["Donald Trump", "Xi Jinping"], "2017-04", None, "held") in summaries(text, "2023-11-11")


def test_followed_by_gives_each_named_their_own_contact_and_date():
    text = ("Gina Raimondo travelled to Shanghai in March, followed by Lloyd Austin and Jake Sullivan in May "
            "and Antony Blinken last month.")
    assert summaries(text, "2024-09-10") == [(["Antony Blinken"], "2024-08", None, "held"),
                                             (["Gina Raimondo"], "2024-03", None, "held"),
                                             (["Jake Sullivan"], "2024-05", None, "held"),
                                             (["Lloyd Austin"], "2024-05", None, "held")]


# --------------------------------------------------------------------------- the annotated set


@dataclass
class Score:
    name: str
    drafts: int
    annotated: int
    matched: int

    @property
    def precision(self) -> float:
        return self.matched / self.drafts if self.drafts else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.annotated if self.annotated else 1.0


def _dates_agree(draft: Contact, wanted: dict) -> bool:
    """Within their precision: the periods the two dates name overlap; no date only matches no date."""
    want = period(_iso(wanted.get("date")), _iso(wanted.get("end_date")))
    have = period(draft.date, draft.end_date)
    if want is None or have is None:
        return want is None and have is None
    return have[0] <= want[1] and want[0] <= have[1]


def _iso(value: object) -> str | None:
    return None if value is None else str(value)


def matches(draft: Contact, wanted: dict) -> bool:
    return (names(draft) == set(wanted["participants"]) and draft.status == wanted["status"]
            and _dates_agree(draft, wanted))


def score(path: Path) -> tuple[Score, list[str]]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = (ROOT / spec["text_file"]).read_text(encoding="utf-8")
    drafts = list(run(text, str(spec["article_date"]), bool(spec["date_inferred"])).contacts)
    wanted = list(spec["contacts"] or [])
    matched, misses = 0, []
    for item in wanted:
        hit = next((d for d in drafts if matches(d, item)), None)
        if hit is None:
            misses.append(f"missed {item['participants']} {item.get('date')} {item['status']}")
        else:
            drafts.remove(hit)
            matched += 1
    misses += [f"extra {sorted(names(d))} {d.date} {d.status}" for d in drafts]
    return Score(path.stem, matched + len(drafts), len(wanted), matched), misses


def _spec(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _is_heldout(path: Path) -> bool:
    """Annotations marked `heldout: true` were written after tuning and are scored apart."""
    return _spec(path).get("heldout") is True


ALL_ANNOTATIONS = sorted(ANNOTATED.glob("*.yaml"))
ANNOTATIONS = [p for p in ALL_ANNOTATIONS if not _is_heldout(p)]  # the set the extractor was tuned on
HELDOUT = [p for p in ALL_ANNOTATIONS if _is_heldout(p)]  # never tuned on: an honest measurement

# Floors just below what the extractor measures (see the printed table); they fail if it regresses.
# Held-out set 6 joined the set after one round of tuning on it (P=0.78 R=0.67 on its own): the
# overall figures fell from P=0.99 R=0.95 to P=0.96 R=0.92, and its lowest text recalls 0.43.
# Set 7 joined after one round (P=0.91 R=0.84 on its own): P=0.96 R=0.91 (407 of 448, 426 drafts).
# Set 8 joined after one round (P=0.84 R=0.77 on its own): P=0.94 R=0.89 (462 of 517, 491 drafts).
# Set 9 joined after one round (P=0.79 R=0.74 on its own): P=0.92 R=0.87 (525 of 601, 569 drafts).
# Set 10 joined after one round (P=0.77 R=0.71 on its own): P=0.91 R=0.86 (582 of 677, 642 drafts).
# Set 11 joined after one round (P=0.74 R=0.53 on its own): P=0.89 R=0.83 (622 of 752, 695 drafts);
# its lowest text recalls 0.33 (a mayor the people data does not know, named without a title).
# Set 12 joined after one round (P=0.76 R=0.53 on its own): P=0.89 R=0.80 (665 of 831, 750 drafts);
# its lowest text recalls 0.31 (mayors and a consul general named without a title).
# Set 13 joined after one round (P=0.75 R=0.60 on its own): P=0.88 R=0.79 (707 of 899, 807 drafts);
# its lowest text recalls 0.12 (a delegation touring Iowa towns the place data does not know, and
# state officials of no side in their titles): the per-text floor only catches a collapse to none.
# Set 14 joined after one round (P=0.89 R=0.70 on its own): P=0.88 R=0.78 (765 of 980, 872 drafts).
# Set 15 joined after one round (P=0.78 R=0.62 on its own): P=0.87 R=0.77 (815 of 1061, 934 drafts).
# Set 16 joined after one round (P=0.71 R=0.54 on its own): P=0.86 R=0.75 (861 of 1144, 998 drafts).
# Set 17 joined after one round (P=0.73 R=0.56 on its own): P=0.86 R=0.74 (906 of 1222, 1058 drafts).
# Set 18 joined after one round (P=0.78 R=0.62 on its own): P=0.85 R=0.736 (966 of 1312, 1134 drafts).
# Set 19 joined after one round (P=0.70 R=0.59 on its own): P=0.845 R=0.731 (1018 of 1392, 1205 drafts).
# Set 20 joined after one round (P=0.74 R=0.65 on its own): P=0.839 R=0.728 (1082 of 1486, 1289 drafts).
# Set 21 joined after one round (P=0.82 R=0.65 on its own): P=0.840 R=0.731 (1166 of 1596, 1388 drafts).
# Set 22 joined after one round (P=0.85 R=0.73 on its own): P=0.841 R=0.732 (1239 of 1692, 1474 drafts).
# Set 23 joined after one round, with fifteen officials of 2013–2022 added to the people data (P=0.91
# R=0.79 on its own): P=0.846 R=0.738 (1321 of 1789, 1562 drafts).
# Set 24 joined after one round (P=0.84 R=0.76 on its own): P=0.846 R=0.740 (1396 of 1887, 1650 drafts).
# Set 25 joined after one round, with fourteen Obama-era officials added to the people data (P=0.85
# R=0.78 on its own): P=0.846 R=0.742 (1467 of 1977, 1734 drafts).
# Set 26 joined after one round, with fifteen officials of 2003-2022 and the women's pronoun added to
# the people data (P=0.79 R=0.73 on its own): P=0.846 R=0.744 (1538 of 2067, 1817 drafts).
# Set 27 joined after one round (P=0.88 R=0.81 on its own): P=0.848 R=0.748 (1609 of 2151, 1897 drafts);
# with "later" taking the opening paragraph's day, "following A in June" and "spent some 12 hours over
# two days with": P=0.850 R=0.752 (1618 of 2151, 1904 drafts).
# Set 28 joined after one round (P=0.77 R=0.59 on its own): P=0.847 R=0.746 (1682 of 2255, 1987 drafts).
# Set 29 joined after one round, with 51 officials of 2001-2012 and 2025 added to the people data (P=0.88
# R=0.74 on its own): P=0.848 R=0.749 (1762 of 2352, 2079 drafts).
# Set 30 joined after one round, with sixteen officials of 1988-2019 added to the people data (P=0.76
# R=0.73 on its own): P=0.843 R=0.751 (1853 of 2468, 2198 drafts).
OVERALL_PRECISION_FLOOR = 0.83
OVERALL_RECALL_FLOOR = 0.72
# A collapse shows as texts of which nothing is found. One tuned text has none: set 16's piece on a
# working group "co-chaired by" two officials whose meeting the paragraph before dates ("took place
# on Thursday and Friday") and whose other contacts are lists of one-sided trips and pairs.
TEXT_RECALL_FLOOR = 0.1
TEXTS_BELOW_FLOOR = 1


def test_annotated_set_is_large_enough():
    seeds = [p for p in ANNOTATIONS if "seeds/" in p.read_text(encoding="utf-8")]
    assert len(seeds) == 5 and len(ANNOTATIONS) - len(seeds) >= 6


def test_precision_and_recall_on_the_annotated_set(capsys: pytest.CaptureFixture[str]):
    scores, notes = [], []
    for path in ANNOTATIONS:
        result, misses = score(path)
        scores.append(result)
        notes += [f"    {path.stem}: {m}" for m in misses]
    total = Score("overall", sum(s.drafts for s in scores), sum(s.annotated for s in scores),
                  sum(s.matched for s in scores))
    lines = ["", "Extraction on the annotated set (drafts / annotated / matched, precision, recall):"]
    lines += [f"  {s.name:42} {s.drafts:3} {s.annotated:3} {s.matched:3}  P={s.precision:.2f}  R={s.recall:.2f}"
              for s in [*scores, total]]
    lines += ["  differences:", *notes]
    with capsys.disabled():  # shown in every pytest run, with or without -s
        print("\n".join(lines))
    assert total.precision >= OVERALL_PRECISION_FLOOR, lines
    assert total.recall >= OVERALL_RECALL_FLOOR, lines
    assert sum(s.recall < TEXT_RECALL_FLOOR for s in scores) <= TEXTS_BELOW_FLOOR, lines


# Floors only to catch a collapse on texts the extractor was never tuned on; the README reports
# the measured figures. Do not raise them by tuning on these texts: that ends their being held out.
HELDOUT_PRECISION_FLOOR = 0.5
HELDOUT_RECALL_FLOOR = 0.3


# The first held-out set (heldout_*) was scored (P=0.65 R=0.44) and then tuned on; so were the
# second (heldout2_*: P=0.67 R=0.53), the third (heldout3_*: P=0.70 R=0.66), the fourth
# (heldout4_*: P=0.71 R=0.73), the fifth (heldout5_*: P=0.75 R=0.86) and the sixth (heldout6_*:
# P=0.70 R=0.58 when first scored, by the rules of the time; P=0.78 R=0.67 after one round of
# tuning on it), the seventh (heldout7_*: P=0.71 R=0.74 when first scored; P=0.91 R=0.84 after
# one round) and the eighth (heldout8_*: P=0.73 R=0.64 when first scored, by the rules tuned on
# the seventh, P=0.68 R=0.61 by those before; P=0.84 R=0.77 after one round) and the ninth
# (heldout9_*: P=0.69 R=0.62 when first scored, by the rules tuned on the eighth, P=0.70 R=0.62 by
# those before; P=0.79 R=0.74 after one round) and the tenth (heldout10_*: P=0.71 R=0.68 when first
# scored, by the rules tuned on the ninth, P=0.71 R=0.67 by those before; P=0.77 R=0.71 after one
# round), the eleventh (heldout11_*: P=0.61 R=0.45 when first scored, by the rules tuned on the
# tenth, P=0.58 R=0.43 by those before the ninth set's round; P=0.74 R=0.53 after one round) and
# the twelfth (heldout12_*: P=0.73 R=0.51 when first scored, the same by the rules before the
# eleventh's round; P=0.76 R=0.53 after one round) and the thirteenth (heldout13_*: P=0.75 R=0.57
# when first scored, the same by the rules before the twelfth's round; P=0.75 R=0.60 after one
# round) and the fourteenth (heldout14_*: P=0.78 R=0.62 when first scored, by the rules tuned on the
# thirteenth, the same by those before; P=0.89 R=0.70 after one round) and the fifteenth
# (heldout15_*: P=0.77 R=0.58 when first scored, by the rules tuned on the thirteenth, the same by
# those tuned on the fourteenth; P=0.78 R=0.62 after one round) and the sixteenth (heldout16_*:
# P=0.73 R=0.53 when first scored, by the rules tuned on the fourteenth, the same by those tuned on
# the fifteenth; P=0.71 R=0.54 after one round) and the seventeenth (heldout17_*: P=0.68 R=0.55
# when first scored, by the rules tuned on the fifteenth, the same by those tuned on the sixteenth;
# P=0.73 R=0.56 after one round) and the eighteenth (heldout18_*: P=0.63 R=0.48 when first scored, by
# the rules tuned on the sixteenth; the same by those tuned on the seventeenth; P=0.78 R=0.62 after
# one round) and the nineteenth (heldout19_*: P=0.61 R=0.51 when first scored, by the rules tuned on
# the eighteenth; P=0.63 R=0.51 by those before; P=0.70 R=0.59 after one round) and the twentieth
# (heldout20_*: P=0.59 R=0.54 when first scored, by the rules tuned on the nineteenth; the same by
# those before; P=0.74 R=0.65 after one round) and the twenty-first (heldout21_*: P=0.79 R=0.63 when
# first scored, by the rules tuned on the twentieth; P=0.79 R=0.62 by those before; P=0.82 R=0.65
# after one round) and the twenty-second (heldout22_*: P=0.78 R=0.60 when first scored, by the rules
# tuned on the twenty-first; P=0.79 R=0.60 by those before; P=0.85 R=0.73 after one round) and the
# twenty-third (heldout23_*: P=0.84 R=0.70 when first scored, by the rules tuned on the twenty-second;
# P=0.84 R=0.68 by those before; P=0.91 R=0.79 after one round) and the twenty-fourth (heldout24_*:
# P=0.82 R=0.70 when first scored, by the rules tuned on the twenty-third; P=0.83 R=0.69 by those
# before; P=0.84 R=0.76 after one round) and the twenty-fifth (heldout25_*: P=0.83 R=0.50 when first
# scored, by the rules tuned on the twenty-fourth; the same by those before; P=0.85 R=0.78 after one
# round, most of it from the Obama-era officials added to the people data) and the twenty-sixth
# (heldout26_*: P=0.64 R=0.49 when first scored, by the rules tuned on the twenty-fourth; P=0.66 R=0.56
# by those of the first part of round 25; P=0.79 R=0.73 after one round) and the twenty-seventh
# (heldout27_*: P=0.83 R=0.70 when first scored, by the rules tuned on the twenty-fifth, the same by
# those at the start of that session; P=0.85 R=0.71 after round 26; P=0.88 R=0.81 after one round).
# The twenty-eighth (heldout28_*, contacts of 2009-2024: P=0.74 R=0.54 when first scored, by the rules
# tuned on the twenty-sixth; P=0.70 R=0.45 by those tuned on the twenty-fifth; P=0.66 R=0.36 by those of
# the session before; P=0.74 R=0.55 after the first part of round 27) is held out: its files, marked
# `heldout: true`, are scored here apart, with the floors below.
NO_HELDOUT = ("no annotation is marked `heldout: true`: every held-out set written so far has been "
              "tuned on, so nothing held out can be measured")


def test_heldout_set_is_present_and_apart_from_the_tuned_set():
    if not HELDOUT:
        pytest.skip(NO_HELDOUT)
    assert not set(HELDOUT) & set(ANNOTATIONS)
    assert all((ROOT / _spec(p)["text_file"]).is_file() for p in HELDOUT)


def test_precision_and_recall_on_the_heldout_set(capsys: pytest.CaptureFixture[str]):
    if not HELDOUT:
        pytest.skip(NO_HELDOUT)
    scores, notes = [], []
    for path in HELDOUT:
        result, misses = score(path)
        scores.append(result)
        notes += [f"    {path.stem}: {m}" for m in misses]
    total = Score("overall (held-out)", sum(s.drafts for s in scores), sum(s.annotated for s in scores),
                  sum(s.matched for s in scores))
    lines = ["", "Extraction on the HELD-OUT set, never tuned on (drafts / annotated / matched, precision, recall):"]
    lines += [f"  {s.name:40} {s.drafts:3} {s.annotated:3} {s.matched:3}  P={s.precision:.2f}  R={s.recall:.2f}"
              for s in [*scores, total]]
    lines += ["  differences:", *notes]
    with capsys.disabled():  # shown in every pytest run, with or without -s
        print("\n".join(lines))
    assert total.precision >= HELDOUT_PRECISION_FLOOR, lines
    assert total.recall >= HELDOUT_RECALL_FLOOR, lines


# ----------------------------------------------------------- rules from held-out set 5's misses


def test_a_negation_with_an_adverb_or_ruled_out_is_not_a_plan():
    assert run("Joe Biden will therefore not meet Xi Jinping at the summit in Bali.", "2022-11-01").contacts == ()
    assert run("The White House ruled out a meeting between Joe Biden and Xi Jinping in Glasgow.",
               "2021-10-31").contacts == ()
    kept = run("The White House has not ruled out a meeting between Joe Biden and Xi Jinping in Glasgow.",
               "2021-10-31").contacts  # not denied
    assert [sorted(names(c)) for c in kept] == [["Joe Biden", "Xi Jinping"]]


def test_agreed_in_principle_to_hold_is_a_plan():
    assert summaries("Joe Biden and Xi Jinping have agreed in principle to hold a virtual summit before the end "
                     "of the year.", "2021-10-31") == [(["Joe Biden", "Xi Jinping"], "2021", None, "planned")]


def test_a_subordinate_clause_of_another_subject_takes_no_part():
    assert summaries("Antony Blinken meets Wang Yi in Rome as Xi Jinping stays home.", "2021-10-31") == [
        (["Antony Blinken", "Wang Yi"], None, None, "held")]


def test_who_discussed_a_plan_do_not_join_the_planned_contact():
    text = ("Joe Biden and Xi Jinping have agreed to hold a virtual summit next month, a plan Antony Blinken "
            "and Wang Yi discussed on Sunday.")
    assert (["Joe Biden", "Xi Jinping"], "2021-11", None, "planned") in summaries(text, "2021-10-31")
    assert all(set(people) != {"Antony Blinken", "Joe Biden", "Wang Yi", "Xi Jinping"}
               for people, *_ in summaries(text, "2021-10-31"))


def test_when_they_last_talked_is_an_earlier_contact_of_the_pair():
    text = ("Antony Blinken spoke with Wang Yi by phone on Saturday. When they last talked, on Feb. 22, "
            "Wang said China would uphold the U.N. Charter.")
    assert summaries(text, "2022-03-05") == [(["Antony Blinken", "Wang Yi"], "2022-02-22", None, "held"),
                                             (["Antony Blinken", "Wang Yi"], "2022-03-05", None, "held")]


def test_the_talks_do_not_refer_to_a_meeting_the_text_denies():
    text = ("No meeting between Wang Wentao and Treasury Secretary Janet Yellen was on his schedule. "
            "The talks in Detroit were held on the margins of a gathering of trade ministers.")
    assert run(text, "2023-05-26").contacts == ()


def test_their_after_other_people_is_theirs():
    text = ("Gina Raimondo met Wang Wentao in Washington on Thursday. The ministers will wrap up their "
            "meeting on Saturday.")
    assert summaries(text, "2023-05-26") == [(["Gina Raimondo", "Wang Wentao"], "2023-05-25", None, "held")]


def test_a_second_meeting_a_day_later_in_one_sentence():
    text = "Wang Wentao met Gina Raimondo in Washington on Thursday and Katherine Tai in Detroit a day later."
    assert summaries(text, "2023-05-27") == [(["Gina Raimondo", "Wang Wentao"], "2023-05-25", None, "held"),
                                             (["Katherine Tai", "Wang Wentao"], "2023-05-26", None, "held")]


def test_a_visit_named_by_its_visitor_is_theirs_alone():
    text = ("Qin Gang held a phone call with Antony Blinken on Sunday. The two discussed Blinken's planned "
            "visit to China early this year.")
    found = summaries(text, "2023-01-02")
    assert (["Antony Blinken"], "2023", None, "planned") in found
    assert (["Antony Blinken", "Qin Gang"], "2023", None, "planned") not in found


# ----------------------------------------------------------- rules from held-out set 6's misses


def test_months_after_a_year_in_the_sentence_are_of_that_year():
    text = ("John Kerry visited China twice last year, travelling to Shanghai in April and to Tianjin in "
            "September for talks with Xie Zhenhua.")
    dates = {c.date for c in run(text, "2022-11-16").contacts}
    assert dates and dates <= {"2021", "2021-04", "2021-09"}
    assert "2021-09" in dates
    # a break between the year and the month leaves the month to the article's date
    for joined, year in ((", and", "2021"), (", but he", "2022")):
        text = f"John Kerry visited China last year{joined} met Xie Zhenhua in Tianjin in September."
        assert {c.date for c in run(text, "2022-11-16").contacts if len(c.participants) == 2} == {f"{year}-09"}


def test_the_two_envoys_are_the_envoys_named_last():
    text = ("Xie Zhenhua met John Kerry in Sharm el-Sheikh on Tuesday, a day after Xi Jinping and Joe Biden "
            "held talks in Bali. The two envoys are scheduled to meet again on Thursday.")
    planned = [sorted(names(c)) for c in run(text, "2022-11-16").contacts if c.status == "planned"]
    assert planned == [["John Kerry", "Xie Zhenhua"]]


def test_exploring_a_meeting_is_a_plan():
    text = ("Officials on both sides are now exploring an in-person meeting between Joe Biden and Xi Jinping "
            "on the sidelines of the G-20 summit in Bali in November.")
    assert summaries(text, "2022-09-23") == [(["Joe Biden", "Xi Jinping"], "2022-11", None, "planned")]


def test_an_unknown_official_after_a_title_word_or_its_abbreviation():
    for text in ("Senator Mike Crapo met Xi Jinping in Beijing on Monday.",
                 "Republican Sen. Mike Crapo met Xi Jinping in Beijing on Monday."):
        assert summaries(text, "2023-10-10") == [(["Mike Crapo", "Xi Jinping"], "2023-10-09", None, "held")]


# ----------------------------------------------------------- rules from held-out set 7's misses


def test_the_two_leaders_after_a_third_countrys_leader_are_not_the_china_us_pair():
    text = ("Gina Raimondo and Wang Wentao held talks on Tuesday in San Francisco. Prime Minister Fumio Kishida "
            "is arranging to hold talks with Xi on Thursday, in what would be the first meeting between the two "
            "leaders in about a year.")
    assert summaries(text, "2023-11-15") == [(["Gina Raimondo", "Wang Wentao"], "2023-11-14", None, "held")]


def test_a_pronoun_opening_a_sentence_continues_the_subject_of_the_one_before():
    text = ("Wang Wentao held talks with Katherine Tai on Monday, and Wang met Gina Raimondo on Tuesday. "
            "Chinese President Xi Jinping arrived in San Francisco on Tuesday. He and President Joe Biden are "
            "set to hold talks on Thursday.")
    planned = [sorted(names(c)) for c in run(text, "2023-11-15").contacts if c.status == "planned"]
    assert planned == [["Joe Biden", "Xi Jinping"]]


def test_a_pronoun_after_two_people_opening_a_sentence_is_still_left_alone():
    text = "Blinken and Sullivan arrived in Bali on Friday. He met Wang Yi on Saturday."
    assert all(len(c.participants) == 1 for c in run(text, "2022-07-10").contacts)


def test_a_plan_for_the_articles_own_weekday_is_that_day():
    c = only("Joe Biden and Xi Jinping are set to hold talks Wednesday at an estate south of the city.",
             "2023-11-15")
    assert (c.status, c.date) == ("planned", "2023-11-15")


def test_an_aside_after_a_dash_restates_the_contact_it_follows():
    text = ("Antony Blinken is due to meet Wang Yi on Saturday. Lloyd Austin sat down with his Chinese "
            "counterpart, Wei Fenghe, in Singapore last month — their first in-person meeting.")
    assert summaries(text, "2022-07-05") == [(["Antony Blinken", "Wang Yi"], "2022-07-09", None, "planned"),
                                             (["Lloyd Austin", "Wei Fenghe"], "2022-06", None, "held")]


def test_as_a_titled_president_weighs_something_he_takes_no_part():
    c = only("Liu He and Janet Yellen held a video call on Tuesday, as President Joe Biden weighs whether to "
             "roll back some of the tariffs.", "2022-07-05")
    assert names(c) == {"Liu He", "Janet Yellen"}


def test_an_ambassador_arriving_at_his_post_makes_no_visit():
    text = ("Qin Gang met Nicholas Burns on Monday. Burns, a former diplomat who arrived in Beijing in March "
            "2022, has been outspoken.")
    assert summaries(text, "2023-05-09") == [(["Nicholas Burns", "Qin Gang"], "2023-05-08", None, "held")]


def test_a_request_to_speak_that_went_unanswered_is_no_contact():
    text = ("A Pentagon request for Lloyd Austin to speak with his Chinese counterpart, Li Shangfu, has gone "
            "unanswered, officials said.")
    assert run(text, "2023-05-09").contacts == ()


def test_a_wish_to_visit_is_not_a_visit_made():
    c = only("Janet Yellen said she would like to visit China.", "2023-05-09")
    assert c.status == "planned"


def test_a_when_clause_in_the_present_after_a_plan_is_part_of_the_plan():
    text = "Gina Raimondo is expected to meet Wang Wentao later this month, when Wang travels to the United States."
    assert {c.status for c in run(text, "2023-05-09").contacts} == {"planned"}


def test_a_when_clause_in_the_past_after_a_plan_was_held():
    text = "Joe Biden will meet Xi Jinping next month, their first meeting since November, when they met in Bali."
    assert ("held", "2022-11") in {(c.status, c.date) for c in run(text, "2023-05-09").contacts}


def test_an_if_after_a_meeting_in_the_past_does_not_make_it_a_plan():
    c = only('Antony Blinken met Wang Yi in Munich on Saturday, and warned Beijing of "consequences" if it '
             'provided weapons to Russia.', "2023-02-19")
    assert (c.status, c.date) == ("held", "2023-02-18")


def test_a_plan_that_fell_through_keeps_the_date_nearer_the_article():
    earlier = only("Antony Blinken had been due in Beijing on February 5-6 but postponed the trip.", "2023-02-19")
    later = only("Antony Blinken had been due in Beijing on Sunday but postponed the trip.", "2023-02-03")
    assert (earlier.status, earlier.date) == ("planned", "2023-02-05")  # not February 2024
    assert (later.status, later.date) == ("planned", "2023-02-05")  # not the Sunday before


def test_their_previous_call_is_the_pair_named_sentences_before():
    text = ("Joe Biden spoke with Xi Jinping on Thursday. Xi told Biden that US policy had caused difficulties. "
            "The official gave no details. Their only previous call as presidents came in February.")
    assert ("held", "2021-02") in {(c.status, c.date) for c in run(text, "2021-09-09").contacts}


def test_a_plan_is_never_merged_into_a_meeting_held_before_it():
    text = ("Joe Biden met Xi Jinping in Bali in November. Biden said on Thursday that he expected to speak with "
            "Xi, without saying when.")
    assert {(c.status, c.date) for c in run(text, "2023-02-19").contacts} == {("held", "2022-11"), ("planned", None)}


def test_a_contact_between_people_the_clause_does_not_name_is_not_the_subjects():
    text = ("Jake Sullivan met Wang Yi in Beijing on Tuesday. They also agreed to hold a video call between "
            "theater-level commanders of the two militaries.")
    assert summaries(text, "2024-08-29") == [(["Jake Sullivan", "Wang Yi"], "2024-08-27", None, "held")]


def test_words_of_a_plan_inside_a_quotation_do_not_make_the_contact_a_plan():
    text = ("Gen. Mark Milley, chairman of the Joint Chiefs of Staff, spoke by phone with General Li Zuocheng on "
            'October 30, 2020.\n\n"I want to assure you that the American government is stable and everything is '
            'going to be OK," Milley told Li in the first call, according to the excerpts.')
    assert {c.status for c in run(text, "2021-09-15").contacts} == {"held"}


def test_a_title_does_not_reach_back_into_the_sentence_before():
    # "San Francisco. Prime Minister" is no title: it would make Kishida an American official
    text = "Antony Blinken met Wang Yi in San Francisco. Prime Minister Fumio Kishida met Xi Jinping on Thursday."
    assert summaries(text, "2023-11-15") == [(["Antony Blinken", "Wang Yi"], None, None, "held")]


# ----------------------------------------------------------- rules from held-out set 8's misses


def test_the_two_diplomats_are_the_diplomats_named_not_the_presidents_named_since():
    text = ("Wang Yi met Antony Blinken in New York on Friday. Wang said ties had steadied since the two heads of "
            "state met in San Francisco last November. The two diplomats have met four times this year, after "
            "talks in Munich in February.")
    assert (["Antony Blinken", "Wang Yi"], "2024-02", None, "held") in summaries(text, "2024-09-28")


def test_since_after_an_auxiliary_is_an_adverb_and_maj_is_an_abbreviation():
    c = only("The military channels have since begun to reopen: Michael Chase, a deputy assistant secretary of "
             "defense, held talks at the Pentagon on Monday with Maj. Gen. Song Yanchao of China's Central Military "
             "Commission.", "2024-01-12")
    assert (sorted(names(c)), c.date) == (["Michael Chase", "Song Yanchao"], "2024-01-08")


def test_what_was_denied_is_no_plan():
    text = "The State Department denied a report that Antony Blinken was preparing to travel to Beijing next month."
    assert run(text, "2024-01-12").contacts == ()


def test_a_plan_in_a_second_predicate_is_not_the_visits():
    c = only("Liu Jianchao arrived in New York on Sunday and is due to fly home on Saturday.", "2024-01-12")
    assert (c.status, c.date) == ("held", "2024-01-07")


def test_a_place_named_for_its_government_is_no_destination():
    text = ("President Joe Biden, on his first trip abroad as president, is seeking backing for a tougher line on "
            "Beijing.")
    assert run(text, "2021-06-11").contacts == ()


def test_a_headline_in_title_case_names_no_one_after_a_title():
    text = "Blinken, China's Top Diplomat Clash Over COVID Origins in Phone Call"
    assert all("Clash Over" not in names(c) for c in run(text, "2021-06-11").contacts)


def test_an_undated_call_does_not_join_a_meeting_in_person():
    text = ("Blinken, China's Top Diplomat Clash in Phone Call\n\nIn a phone call with Yang Jiechi, Antony Blinken "
            '"stressed the importance of cooperation." The call was the first conversation between the two men since '
            "their meeting in Anchorage in March.")
    assert {(c.mode, c.date) for c in run(text, "2021-06-11").contacts} == {("phone", None), ("in-person", "2021-03")}


def test_what_someone_called_and_many_calls_are_no_contacts():
    text = ('In his meeting with Wendy Sherman, Wang Yi laid out what he called three "bottom lines." The two had '
            "met in Tianjin in July, and had many phone calls since.")
    assert {c.mode for c in run(text, "2021-09-01").contacts} == {"in-person"}


def test_a_who_clause_with_its_own_verb_ends_at_a_contact_verb():
    text = ("John Kerry left Beijing on Wednesday. Mr. Kerry, who arrived on Sunday, held talks with Xie Zhenhua "
            "from Monday to Wednesday. He saw Vice President Han Zheng on Wednesday morning.")
    found = summaries(text, "2023-07-20")
    assert (["John Kerry"], "2023-07-16", None, "held") in found  # the arrival: a visit to Beijing
    assert (["Han Zheng", "John Kerry"], "2023-07-19", None, "held") in found


# ----------------------------------------------------------- rules from held-out set 9's misses


def test_would_be_in_a_city_is_a_plan():
    text = ("The State Department said Antony Blinken would be in Beijing on June 18 and 19, making him the most "
            "senior US official to visit China in years.")
    assert summaries(text, "2023-06-14") == [(["Antony Blinken"], "2023-06-18", "2023-06-19", "planned")]


def test_the_call_and_a_days_call_are_contact_words():
    text = ("Qin Gang has told Antony Blinken that Washington must respect China's core concerns, in a phone call. "
            "The call on Wednesday was made at the request of the US side. On Wednesday's call, Blinken underscored "
            "the need for open lines.")
    assert summaries(text, "2023-06-14") == [(["Antony Blinken", "Qin Gang"], "2023-06-14", None, "held")]


def test_whose_trip_a_meeting_prepares_is_not_at_the_meeting():
    text = ("Daniel Kritenbrink travelled to Beijing last week, where he met Vice Foreign Minister Ma Zhaoxu to "
            "prepare for Antony Blinken's trip.")
    found = [c[0] for c in summaries(text, "2023-06-14")]
    assert found == [["Daniel Kritenbrink"], ["Daniel Kritenbrink", "Ma Zhaoxu"]]


def test_him_after_the_contact_and_a_comma_is_whom_it_named_and_he_after_saying_its_subject():
    text = ("Antony Blinken met Xi Jinping on Monday. Xi also met Microsoft co-founder Bill Gates in Beijing on "
            'Friday, calling him "an old friend" and saying he welcomed American companies.')
    assert summaries(text, "2023-06-19") == [(["Antony Blinken", "Xi Jinping"], "2023-06-19", None, "held")]


def test_hoped_to_lead_a_delegation_is_a_plan():
    c = only("Senate Majority Leader Chuck Schumer said he hoped to lead a bipartisan delegation of senators to "
             "China later this year.", "2023-06-19")
    assert (c.status, c.date) == ("planned", "2023")


def test_titles_with_regions_and_appositives_with_us_name_the_envoys():
    text = ("Sung Kim, the U.S. special representative for North Korea, and Liu Xiaoming, the Chinese government's "
            "special representative on Korean Peninsula affairs, spoke by phone Wednesday, the department said.")
    c = only(text, "2021-10-14")
    assert (sorted(names(c)), c.date, c.mode) == (["Liu Xiaoming", "Sung Kim"], "2021-10-13", "phone")


def test_a_pronoun_is_the_one_official_of_its_side_named_earlier_in_the_sentence():
    text = ("Lloyd Austin met Li Shangfu in Singapore. Joe Biden said last month that he expected relations to "
            "thaw, but he has not said when he will next speak to Xi Jinping.")
    assert all("Lloyd Austin" not in names(c) or "Li Shangfu" in names(c) for c in run(text, "2023-06-14").contacts)


def test_a_handshake_in_a_sentence_that_denies_talks_is_no_contact():
    text = ("Lloyd Austin met Li Shangfu's deputy. Li and Austin were both in Singapore. The two men shook hands at "
            "the opening dinner but did not hold talks.")
    assert all(names(c) != {"Lloyd Austin", "Li Shangfu"} for c in run(text, "2023-06-14").contacts)


def test_sitting_down_on_a_day_with_two_hosts_is_two_meetings():
    text = "Gavin Newsom also sat down Tuesday with Vice President Han Zheng and Foreign Minister Wang Yi."
    assert summaries(text, "2023-10-25") == [(["Gavin Newsom", "Han Zheng"], "2023-10-24", None, "held"),
                                             (["Gavin Newsom", "Wang Yi"], "2023-10-24", None, "held")]


def test_a_trip_not_yet_confirmed_is_no_plan():
    assert run("Xi Jinping has not confirmed he will travel to San Francisco.", "2023-10-25").contacts == ()


# ----------------------------------------------------------- rules from held-out set 10's misses


def test_a_who_clause_goes_on_through_and_until_its_said():
    text = ("Jake Sullivan, who traveled to Beijing in late August and met Xi Jinping there, said the two leaders "
            "also agreed on nuclear weapons.")
    assert (["Jake Sullivan", "Xi Jinping"], "2024-08", None, "held") in summaries(text, "2024-11-17")


def test_who_would_have_received_him_did_not():
    text = ("John Kerry met Wang Yi and Premier Li Qiang on Tuesday, but not the man who would ordinarily have "
            "received him at the Foreign Ministry: Foreign Minister Qin Gang.")
    assert all("Qin Gang" not in names(c) for c in run(text, "2023-07-19").contacts)


def test_a_coordinated_clause_continues_the_main_clause_not_a_temporal_one():
    text = ("Wang Yi stood in for him at the meetings in Jakarta last week, after the ministry cited health reasons "
            "for Qin Gang's absence, and met Secretary of State Antony Blinken on the sidelines there.")
    assert [c[0] for c in summaries(text, "2023-07-19")] == [["Antony Blinken", "Wang Yi"]]


def test_as_someones_return_looms_is_a_clause_of_its_own():
    c = only("Biden, Xi hold last summit as Trump's return looms", "2024-11-17")
    assert names(c) == {"Joe Biden", "Xi Jinping"}


def test_in_what_is_expected_to_be_their_last_meeting_describes_the_talks_held():
    c = only("Joe Biden and Xi Jinping held talks on Saturday in Lima, in what is expected to be their final "
             "face-to-face meeting.", "2024-11-17")
    assert (c.status, c.date) == ("held", "2024-11-16")


def test_held_what_is_expected_to_be_their_last_meeting_was_held():
    c = only("Wang Yi held what is expected to be his last meeting with Antony Blinken on Sept. 27 in New York.",
             "2024-12-10")
    assert (c.status, c.date) == ("held", "2024-09-27")


def test_a_director_general_in_an_appositive_is_an_official():
    text = ("Mallory Stewart, the U.S. assistant secretary of state for arms control, hosted Sun Xiaobo, "
            "director-general of the Chinese Foreign Ministry's Department of Arms Control, on Monday.")
    assert summaries(text, "2023-11-07") == [(["Mallory Stewart", "Sun Xiaobo"], "2023-11-06", None, "held")]


# ----------------------------------------------------------- rules from held-out set 11's misses


def test_an_appositive_with_us_and_an_under_secretary_are_american():
    text = ("Vice Minister of Finance Liao Min and U.S. Treasury Under Secretary for International Affairs Jay "
            "Shambaugh held talks in Beijing on Monday.")
    assert sides(text, "2024-02-07") == {("Liao Min", "CN"), ("Jay Shambaugh", "US")}


def test_the_following_day_moves_the_day_borrowed():
    text = ("Antony Blinken held talks with Qin Gang on Sunday. The following day he spent three hours with "
            "Wang Yi.")
    assert (["Antony Blinken", "Wang Yi"], "2023-06-19", None, "held") in summaries(text, "2023-06-21")


def test_calling_someone_a_name_is_no_call_and_a_visit_by_his_secretary_is_not_his():
    text = ("Joe Biden has called China's leader Xi Jinping a \"dictator\", a day after his secretary of state "
            "ended a visit to Beijing.")
    assert run(text, "2023-06-21").contacts == ()


def test_a_colon_ends_the_plan_before_it():
    text = ("Janet Yellen will visit Beijing from Thursday to Sunday. She will be the second cabinet member to go "
            "to China in a month: Antony Blinken made the trip in June and met Xi Jinping. Yellen is expected to "
            "hold talks with He Lifeng.")
    found = summaries(text, "2023-07-03")
    assert (["Antony Blinken", "Xi Jinping"], "2023-06", None, "held") in found
    assert (["He Lifeng", "Janet Yellen"], "2023-07-06", "2023-07-09", "planned") in found


def test_the_two_chiefs_named_right_after_are_those_named():
    text = ("Xi Jinping and Joe Biden spoke on April 2. The two defense chiefs, Lloyd Austin and Dong Jun, held a "
            "video call in mid-April and are expected to meet at the end of the month.")
    found = summaries(text, "2024-05-06")
    assert (["Dong Jun", "Lloyd Austin"], "2024-04", None, "held") in found
    assert (["Dong Jun", "Lloyd Austin"], "2024-05", None, "planned") in found


# ----------------------------------------------------------- rules from held-out set 12's misses


def test_separately_with_two_hosts_after_a_visit_noun_is_two_calls():
    text = ("John Kerry visited Tianjin in early September. During the Tianjin visit he also spoke separately by "
            "video link with Vice Premier Han Zheng and Foreign Minister Wang Yi.")
    calls = [c[0] for c in summaries(text, "2021-11-10") if len(c[0]) > 1]
    assert calls == [["Han Zheng", "John Kerry"], ["John Kerry", "Wang Yi"]]


def test_a_headline_in_title_case_names_no_unknown_after_a_title():
    text = "Top U.S. Diplomat for Asia Makes Rare Trip to Beijing After Defense Snub"
    assert all("Makes Rare Trip" not in names(c) for c in run(text, "2023-06-06").contacts)
    assert only("Chinese Premier Li Qiang met with U.S. Senator Steve Daines in Beijing on Sunday.",
                "2024-03-24").date == "2024-03-24"  # a sentence as capitalised still names its people


# ----------------------------------------------------------- rules from held-out set 13's misses


def test_an_appositive_gives_a_side_to_a_titled_name_of_none():
    text = ("Adm. Lisa Franchetti, the chief of naval operations, spoke for roughly 90 minutes with Adm. Hu "
            "Zhongming, commander of the People's Liberation Army Navy, on Wednesday.")
    assert sides(text, "2024-06-13") == {("Lisa Franchetti", "US"), ("Hu Zhongming", "CN")}


def test_a_department_of_several_words_in_a_title_ends_before_the_name():
    text = ("China's top health official Lei Haichao met US Secretary of Health and Human Services Xavier Becerra "
            "on Tuesday in Geneva.")
    assert summaries(text, "2024-05-29") == [(["Lei Haichao", "Xavier Becerra"], "2024-05-28", None, "held")]


# ----------------------------------------------------------- rules from held-out set 14's misses


def test_would_with_an_adverb_before_the_verb_is_a_plan():
    text = "Officials said Secretary of State Antony Blinken would probably meet Foreign Minister Wang Yi this weekend."
    assert summaries(text, "2023-07-12") == [(["Antony Blinken", "Wang Yi"], "2023-07-15", "2023-07-16", "planned")]


def test_talks_with_one_host_and_with_another_are_two_meetings():
    text = ("Treasury Secretary Janet Yellen will hold talks on Saturday with Vice Premier He Lifeng, her "
            "counterpart, and with central bank governor Pan Gongsheng.")
    assert summaries(text, "2024-04-04") == [(["He Lifeng", "Janet Yellen"], "2024-04-06", None, "planned"),
                                             (["Janet Yellen", "Pan Gongsheng"], "2024-04-06", None, "planned")]


def test_a_trip_named_by_a_noun_and_put_off_later_in_the_sentence_stays_planned():
    text = ("A visit to Beijing by Commerce Secretary Gina Raimondo, which aides had pencilled in for this month, "
            "has been put off.")
    assert summaries(text, "2023-06-20") == [(["Gina Raimondo"], "2023-06", None, "planned")]


def test_the_following_day_does_not_open_a_clause():
    text = ("Defense Secretary Lloyd Austin lands in Jakarta on Monday and will sit down with Defense Minister "
            "Dong Jun the following day.")
    assert summaries(text, "2024-11-15") == [(["Dong Jun", "Lloyd Austin"], "2024-11-19", None, "planned")]


def test_a_dated_meeting_then_and_with_another_host_at_another_date():
    text = ("Ambassador Xie Feng has been on the road. He met Senator Chuck Grassley in May and with Agriculture "
            "Secretary Tom Vilsack in February.")
    assert summaries(text, "2024-06-10") == [(["Chuck Grassley", "Xie Feng"], "2024-05", None, "held"),
                                             (["Tom Vilsack", "Xie Feng"], "2024-02", None, "held")]


# ----------------------------------------------------------- rules from held-out set 15's misses


def test_a_compass_word_can_end_a_name_and_a_country_in_a_title_is_not_one():
    text = ("US Special Representative for Afghanistan Thomas West met Chinese Special Envoy for Afghan Affairs "
            "Yue Xiaoyong on Thursday.")
    assert summaries(text, "2022-04-01") == [(["Thomas West", "Yue Xiaoyong"], "2022-03-31", None, "held")]
    text = ("Thomas West, the US special representative for Afghanistan, and Yue Xiaoyong, China's special envoy for "
            "Afghan affairs, met on Thursday.")
    assert summaries(text, "2022-04-01") == [(["Thomas West", "Yue Xiaoyong"], "2022-03-31", None, "held")]


def test_and_then_a_described_group_is_a_new_subject():
    text = ("President Joe Biden spoke to Xi Jinping by phone in February, and his top diplomats, Antony Blinken "
            "and Jake Sullivan, held talks with Yang Jiechi and Wang Yi in Anchorage in March.")
    assert [c[:2] for c in summaries(text, "2021-06-02")] == [
        (["Antony Blinken", "Jake Sullivan", "Wang Yi", "Yang Jiechi"], "2021-03"),
        (["Joe Biden", "Xi Jinping"], "2021-02")]


# ----------------------------------------------------------- rules from held-out set 16's misses


def test_titles_only_washington_writes_so_make_an_american():
    text = ("Under Secretary of Commerce for International Trade Marisa Lago and Chinese Vice Minister of Commerce "
            "Wang Shouwen held talks in Tianjin on Saturday.")
    assert summaries(text, "2024-09-09") == [(["Marisa Lago", "Wang Shouwen"], "2024-09-07", None, "held")]
    text = "Foreign Affairs Undersecretary Theresa Lazaro met Chinese Vice Foreign Minister Chen Xiaodong on Tuesday."
    assert run(text, "2024-07-04").contacts == ()  # Manila writes "Undersecretary": no American there


def test_the_two_chairs_of_a_session_met():
    text = ("The session was co-chaired by PBOC deputy governor Xuan Changneng and Brent Neiman, the US "
            "Treasury's assistant secretary for international finance, on Thursday.")
    assert summaries(text, "2024-08-19") == [(["Brent Neiman", "Xuan Changneng"], "2024-08-15", None, "held")]


# ----------------------------------------------------------- rules from held-out set 17's misses


def test_a_name_in_apposition_after_and_is_one_more_object_not_a_new_subject():
    text = ("Antony Blinken, the secretary of state, and Jake Sullivan, the national security adviser, met Yang "
            "Jiechi, China's top diplomat, and Wang Yi, the foreign minister, in Anchorage, Alaska, in March, in "
            "talks that opened with a public exchange of barbs.")
    assert summaries(text, "2021-05-21") == [
        (["Antony Blinken", "Jake Sullivan", "Wang Yi", "Yang Jiechi"], "2021-03", None, "held")]


def test_a_month_later_moves_the_month_it_borrows():
    text = ("Secretary of State Antony Blinken met Yang Jiechi in Anchorage in March. A month later, climate envoy "
            "John Kerry held talks in Shanghai with his counterpart, Xie Zhenhua.")
    assert ["John Kerry", "Xie Zhenhua"] in [c[0] for c in summaries(text, "2021-05-21") if c[1] == "2021-04"]


def test_someone_described_as_a_leaders_number_two_or_top_general_is_not_the_leader():
    text = ("President Joe Biden said he had spoken with Chinese Premier Li Qiang, whom he described as Chinese "
            "leader Xi Jinping's \"number two,\" on the sidelines of the G20 summit on Sunday.")
    assert [c[0] for c in summaries(text, "2023-09-11")] == [["Joe Biden", "Li Qiang"]]
    text = "Beijing insists Lloyd Austin must speak to its defence minister, not Xi Jinping's top general"
    assert run(text, "2021-05-21").contacts == ()


# ----------------------------------------------------------- rules from held-out set 18's misses


def test_a_ministry_of_two_subjects_in_a_title_ends_before_the_name():
    text = "On Tuesday Gina Raimondo met Minister of Culture and Tourism Hu Heping to discuss flights."
    assert summaries(text, "2023-08-31") == [(["Gina Raimondo", "Hu Heping"], "2023-08-29", None, "held")]


def test_a_name_in_apposition_after_its_title_is_a_person():
    text = ("On Wednesday Gina Raimondo went to Shanghai, where she met the city's Communist Party chief, Chen "
            "Jining, and held a roundtable.")
    assert sides(text, "2023-08-31") == {("Gina Raimondo", "US"), ("Chen Jining", "CN")}


def test_a_visitor_received_by_one_host_and_later_another_met_each():
    text = ("On Tuesday Gina Raimondo was received by Premier Li Qiang at the Great Hall of the People and later "
            "sat down with Vice Premier He Lifeng.")
    assert sorted(c[0] for c in summaries(text, "2023-08-31")) == [["Gina Raimondo", "He Lifeng"],
                                                                    ["Gina Raimondo", "Li Qiang"]]


def test_the_two_men_after_one_named_official_are_that_official_and_the_last_counterpart():
    text = ("Jake Sullivan also met General Zhang Youxia on Thursday.\n\n"
            "On Tuesday and Wednesday he held talks with Foreign Minister Wang Yi near Beijing, the latest round "
            "of a channel the two men opened in Vienna in May last year.")
    pairs = sorted(c[0] for c in summaries(text, "2024-08-30"))
    assert ["Jake Sullivan", "Wang Yi"] in pairs
    assert all(len(pair) == 2 for pair in pairs)


def test_talks_with_someone_in_a_sentence_naming_no_one_else_are_the_story_officials():
    text = ("US Treasury Secretary Janet Yellen left Beijing on Sunday. Ms Yellen, who arrived on Thursday, was "
            "received on Friday by Premier Li Qiang.\n\n"
            "The centrepiece of the trip came on Saturday: talks with Vice-Premier He Lifeng, which ran for about "
            "five hours. Separate meetings with Finance Minister Liu Kun and central bank governor Yi Gang rounded "
            "out the official programme.")
    pairs = [c[0] for c in summaries(text, "2023-07-10")]
    assert ["He Lifeng", "Janet Yellen"] in pairs
    assert ["Janet Yellen", "Liu Kun"] in pairs and ["Janet Yellen", "Yi Gang"] in pairs
    text = ("Wang Yi met Antony Blinken in Vientiane on Saturday. At Tuesday's talks with Defense Secretary "
            "Gilberto Teodoro, Blinken and Lloyd Austin announced new military aid.")
    assert all("Wang Yi" not in c[0] or len(c[0]) == 2 for c in summaries(text, "2024-07-31"))


def test_more_than_six_days_after_a_dated_meeting_counts_back():
    text = ("Lloyd Austin met Wei Fenghe on Tuesday in Siem Reap. Tuesday's meeting came eight days after President "
            "Joe Biden and Chinese President Xi Jinping met for more than three hours in Bali.")
    assert (["Joe Biden", "Xi Jinping"], "2022-11-14", None, "held") in summaries(text, "2022-11-22")


# ----------------------------------------------------------- rules from held-out set 19's misses


def test_two_officials_who_held_talks_with_one_held_one_session():
    text = ("U.S. Trade Representative Robert Lighthizer and Treasury Secretary Steven Mnuchin held talks with "
            "Chinese Vice-Premier Liu He in Shanghai on Tuesday.")
    assert [c[0] for c in summaries(text, "2019-07-31")] == [["Liu He", "Robert Lighthizer", "Steven Mnuchin"]]
    text = "Xi Jinping, Wang Yi and Qin Gang met Antony Blinken in Beijing on Monday."  # protocol: one by one
    assert len(summaries(text, "2023-06-20")) == 3


def test_the_title_of_an_official_named_before_stands_for_that_official():
    text = ("Janet Yellen arrived in Guangzhou on Thursday. On Friday, the treasury secretary also met Guangdong "
            "Province Governor Wang Weizhong.")
    assert (["Janet Yellen", "Wang Weizhong"], "2024-04-05", None, "held") in summaries(text, "2024-04-08")
    text = ("Janet Yellen arrived in Guangzhou on Thursday. Officials said the treasury secretary Lawrence Summers "
            "met Wang Weizhong.")  # a title before a name is that name's
    assert all("Janet Yellen" not in c[0] or len(c[0]) == 1 for c in summaries(text, "2024-04-08"))


def test_a_pronoun_after_only_a_third_countrys_official_is_that_official():
    text = ("Antony Blinken is expected to travel to China again in the coming weeks. Separately, Russian Foreign "
            "Minister Sergey Lavrov arrived in Beijing on Monday for a two-day visit, during which he is set to hold "
            "talks with his Chinese counterpart Wang Yi.")
    assert [c[0] for c in summaries(text, "2024-04-08")] == [["Antony Blinken"]]


def test_a_counterpart_named_in_apposition_is_that_person_not_the_leader():
    text = ("President Donald Trump spoke with Xi Jinping on Thursday. Robert Redfield, director of the Centers for "
            "Disease Control and Prevention, has said he first learned of the cluster in a phone call from his "
            "Chinese counterpart, Gao Fu, on 3 January.")
    assert (["Gao Fu", "Robert Redfield"], "2020-01-03", None, "held") in summaries(text, "2020-03-27")
    assert all("Robert Redfield" not in c[0] or "Xi Jinping" not in c[0] for c in summaries(text, "2020-03-27"))


def test_signing_a_deal_with_an_official_of_the_other_side_is_a_meeting():
    text = "Donald Trump signed the deal at the White House with Chinese vice-premier Liu He on 15 January."
    assert summaries(text, "2020-03-27") == [(["Donald Trump", "Liu He"], "2020-01-15", None, "held")]
    assert run("Donald Trump signed the bill with the support of both parties on Friday.", "2020-03-27").contacts == ()


def test_a_month_after_that_year_is_in_the_year_named_before():
    text = ("Trump was hosted by Xi during a state visit to Beijing in November 2017. Earlier that year, in April, "
            "Xi traveled to Mar-a-Lago for his first summit with Trump.")
    assert (["Donald Trump", "Xi Jinping"], "2017-04", None, "held") in summaries(text, "2019-06-29")


def test_a_year_ago_dates_a_contact_to_that_month():
    text = ("A year ago, Gen Wei Fenghe travelled to Washington, where he held talks with Defense Secretary Jim "
            "Mattis.")
    assert (["Jim Mattis", "Wei Fenghe"], "2018-11", None, "held") in summaries(text, "2019-11-18")


# ----------------------------------------------------------- rules from held-out set 20's misses


def test_two_officials_who_spoke_with_one_held_one_call():
    text = ("US Trade Representative Robert Lighthizer and Treasury Secretary Steven Mnuchin spoke by phone with "
            "Chinese Vice Premier Liu He on Monday.")
    assert [c[0] for c in summaries(text, "2020-08-25")] == [["Liu He", "Robert Lighthizer", "Steven Mnuchin"]]


def test_apart_from_opens_a_clause_of_its_own():
    text = ("The call was the highest-level contact since Secretary of State Mike Pompeo met China's top diplomat "
            "Yang Jiechi in Hawaii on June 17, apart from a phone call between US defence secretary Mark Esper and "
            "his Chinese counterpart Wei Fenghe on August 6, in which Esper urged Beijing to reduce military "
            "activity near Taiwan.")
    found = summaries(text, "2020-08-25")
    assert (["Mike Pompeo", "Yang Jiechi"], "2020-06-17", None, "held") in found
    assert (["Mark Esper", "Wei Fenghe"], "2020-08-06", None, "held") in found


def test_two_visitors_who_meet_a_host_make_a_visit_each():
    text = ("Robert Lighthizer and Steven Mnuchin traveled to Beijing for two days of talks with Vice Premier Liu He "
            "on Feb. 14 and 15.")
    found = [c[0] for c in summaries(text, "2019-02-25")]
    assert ["Robert Lighthizer"] in found and ["Steven Mnuchin"] in found
    assert ["Robert Lighthizer", "Steven Mnuchin"] not in found


def test_two_visitors_received_together_and_in_talks_with_one_host_are_one_session():
    text = ("Mr. Lighthizer and Mr. Mnuchin traveled to Beijing for two days of talks with Vice Premier Liu He on "
            "Feb. 14 and 15, and were received by Xi Jinping at the Great Hall of the People on Feb. 15.")
    found = [c[0] for c in summaries(text, "2019-02-25")]
    assert ["Liu He", "Robert Lighthizer", "Steven Mnuchin"] in found
    assert ["Robert Lighthizer", "Steven Mnuchin", "Xi Jinping"] in found
    assert ["Liu He", "Robert Lighthizer"] not in found and ["Robert Lighthizer", "Xi Jinping"] not in found


def test_talks_owned_by_a_possessive_are_that_persons_only():
    text = ("Kamala Harris met Xi Jinping on Saturday. Harris \"noted a key message\" from President Joe Biden's "
            "own talks with Xi, namely that the two countries must keep lines of communication open, the official "
            "said.")
    assert all(len(c[0]) == 2 for c in summaries(text, "2022-11-19"))


def test_neither_nor_with_a_contact_verb_denies_the_contact_but_neither_confirmed_does_not():
    text = ("Neither Antony Blinken nor Jake Sullivan, both of whom spoke in Davos this week, had any meeting with "
            "Premier Li Qiang there, officials said.")
    assert run(text, "2024-01-17").contacts == ()
    text = "Neither Washington nor Beijing has confirmed a meeting between Antony Blinken and Xi Jinping."
    assert [c[0] for c in summaries(text, "2023-06-16")] == [["Antony Blinken", "Xi Jinping"]]


def test_the_pair_who_met_a_third_partys_official_met_no_china_us_pair():
    text = ("Joe Biden and Xi Jinping met in Woodside on November 15. Beijing reacted angrily when Washington sent "
            "an unofficial delegation of two former officials to Taipei after Saturday's election there. The pair "
            "met president-elect Lai Ching-te, whom Beijing regards as a separatist.")
    assert [c[1] for c in summaries(text, "2024-01-17")] == ["2023-11-15"]


def test_a_stop_in_the_other_countrys_capital_is_a_visit():
    text = "Secretary of State Mike Pompeo stopped in Beijing on June 14 on his way home from Singapore."
    assert summaries(text, "2018-06-28") == [(["Mike Pompeo"], "2018-06-14", None, "held")]


# ----------------------------------------------------------- rules from held-out set 21's misses


def test_days_spent_in_the_other_country_are_a_visit_and_a_second_contact_word_a_second_meeting():
    text = ("Treasury Secretary Janet Yellen spent six days in China from April 4 to 9, holding talks with Vice "
            "Premier He Lifeng in Guangzhou on April 5 and 6 and meeting Premier Li Qiang in Beijing on April 7.")
    found = [c[0] for c in summaries(text, "2024-04-17")]
    assert ["Janet Yellen"] in found
    assert ["He Lifeng", "Janet Yellen"] in found and ["Janet Yellen", "Li Qiang"] in found
    assert ["He Lifeng", "Janet Yellen", "Li Qiang"] not in found


def test_they_after_a_pair_named_in_the_sentence_are_that_pair_not_the_call_recalled():
    text = ("On Tuesday, Defense Secretary Lloyd Austin held a video call with Chinese Defense Minister Dong Jun.\n\n"
            "The call came two weeks after President Joe Biden and Xi Jinping spoke by phone on April 2, their first "
            "conversation since they met at the Filoli estate outside San Francisco in November.")
    found = summaries(text, "2024-04-17")
    assert (["Joe Biden", "Xi Jinping"], "2023-11", None, "held") in found
    assert (["Dong Jun", "Lloyd Austin"], "2023-11", None, "held") not in found


def test_the_united_states_before_a_date_is_no_speech_verb():
    text = "Xi Jinping visited the United States in April 2017."
    assert summaries(text, "2023-11-14") == [(["Xi Jinping"], "2017-04", None, "held")]


# ----------------------------------------------------------- rules from held-out set 25's misses


def test_obama_era_officials_are_known_with_their_posts_then():
    text = ("President Barack Obama met Chinese President Xi Jinping at the White House on Friday. Vice-Premier "
            "Wang Yang held talks with Treasury Secretary Jack Lew and Finance Minister Lou Jiwei.")
    found = summaries(text, "2015-09-27")
    assert (["Barack Obama", "Xi Jinping"], "2015-09-25", None, "held") in found
    assert (["Jack Lew", "Lou Jiwei", "Wang Yang"], "2015-09-25", None, "held") in found


def test_the_secretary_is_the_one_secretary_named_before():
    text = ("US Secretary of State John Kerry met Foreign Minister Wang Yi on Wednesday. The secretary flew into "
            "Beijing on Tuesday evening from Phnom Penh.")
    assert (["John Kerry"], "2016-01-26", None, "held") in summaries(text, "2016-01-27")
    text = ("Secretary of State John Kerry and Treasury Secretary Jack Lew met Wang Yang on Monday. The secretary "
            "flew into Beijing on Sunday.")  # two secretaries: neither is "the secretary"
    assert [s for s in summaries(text, "2016-06-07") if len(s[0]) == 1] == []


def test_a_leading_time_phrase_is_a_clause_of_its_own_with_the_main_subject():
    text = ("Secretary of State Mike Pompeo arrived in Beijing on Wednesday. Before seeing Xi, Pompeo held talks "
            "with Foreign Minister Wang Yi, then sat down separately with Yang Jiechi.")
    pairs = [s[0] for s in summaries(text, "2018-06-14")]
    assert ["Mike Pompeo", "Wang Yi"] in pairs and ["Mike Pompeo", "Yang Jiechi"] in pairs
    assert not [p for p in pairs if "Xi Jinping" in p and len(p) > 2]
    found = summaries("After meeting Xi on Monday, Blinken held talks with Wang Yi.", "2023-07-12")
    assert (["Antony Blinken", "Xi Jinping"], "2023-07-10", None, "held") in found
    assert (["Antony Blinken", "Wang Yi"], "2023-07-10", None, "held") in found


def test_after_speaking_with_someone_is_a_contact():
    c = only("After speaking with Xi by phone on Friday, Biden said he was hopeful.", "2023-07-10")
    assert (names(c), c.date, c.mode) == ({"Joe Biden", "Xi Jinping"}, "2023-07-07", "phone")
    assert run("Trump has said he is not interested in speaking with Xi.", "2020-07-27").contacts == ()


def test_telephoned_days_after_a_dated_event_is_dated_from_it():
    c = only("Kerry also telephoned Wang Yi two days after the ruling was issued on July 12, according to the "
             "State Department.", "2016-07-26")
    assert (names(c), c.date, c.mode) == ({"John Kerry", "Wang Yi"}, "2016-07-14", "phone")
    c = only("Blinken met Wang Yi three days before the summit opened on November 15.", "2023-11-20")
    assert c.date == "2023-11-12"


def test_no_plans_at_present_is_no_contact():
    assert run("There were no plans at present for Defense Secretary Ash Carter to speak with his Chinese "
               "counterpart, General Chang Wanquan.", "2016-07-26").contacts == ()


def test_a_surname_that_is_a_common_word_is_the_person_before_a_verb_after_a_full_mention():
    text = "Susan Rice met Yang Jiechi on Monday. Rice arrived in Beijing on Sunday."
    assert (["Susan Rice"], "2016-07-24", None, "held") in summaries(text, "2016-07-26")
    assert summaries("He Lifeng met Yellen on Monday. He said the talks were useful.", "2023-07-12") == [
        (["He Lifeng", "Janet Yellen"], "2023-07-10", None, "held")]


def test_a_title_is_not_read_across_the_rest_of_a_name_after_an_alias():
    c = only("Chinese President Xi Jinping and President Barack Obama met at the White House on Friday.", "2015-09-27")
    assert {p.name: p.role for p in c.participants}["Barack Obama"] == "President"


# ----------------------------------------------------------- rules from held-out set 26's misses


def test_she_stands_for_a_woman_not_the_man_the_story_follows():
    text = ("Defense Secretary Leon Panetta met Xi Jinping on Wednesday. Panetta also met Liang Guanglie.\n\n"
            "Panetta's trip comes two weeks after Hillary Clinton's visit to Beijing, during which she held talks "
            "with Foreign Minister Yang Jiechi on Sept. 4.")
    pairs = [s[0] for s in summaries(text, "2012-09-19")]
    assert ["Hillary Clinton", "Yang Jiechi"] in pairs and ["Leon Panetta", "Yang Jiechi"] not in pairs


def test_that_country_is_no_clause_opener():
    text = ("In May, Liang Guanglie visited the United States, the first trip by a Chinese defense minister to "
            "that country in nine years, and held talks with Leon Panetta at the Pentagon on May 7.")
    assert (["Leon Panetta", "Liang Guanglie"], "2012-05-07", None, "held") in summaries(text, "2012-09-19")


def test_a_middle_initial_is_part_of_a_name_and_of_a_known_one():
    c = only("Chicago Mayor Richard M. Daley met Chinese President Hu Jintao on Thursday.", "2011-01-21")
    assert names(c) == {"Richard M. Daley", "Hu Jintao"}
    c = only("Trade Representative Robert E. Lighthizer met Vice Premier Liu He on Thursday.", "2019-02-16")
    assert names(c) == {"Robert Lighthizer", "Liu He"}


def test_arrived_at_a_place_outside_a_city_and_touched_down_are_visits():
    c = only("Chinese President Hu Jintao arrived at Andrews Air Force Base outside Washington on Tuesday. Hu "
             "touched down at O'Hare International Airport in Chicago on Thursday.", "2011-01-21")  # one trip
    assert (names(c), c.date, c.end_date) == ({"Hu Jintao"}, "2011-01-18", "2011-01-20")
    assert c.place == "Washington and Chicago"


def test_the_spring_festival_is_no_season():
    c = only("Xi Jinping and Joe Biden held a phone call on the eve of the Spring Festival in February.", "2021-05-27")
    assert (c.date, c.end_date) == ("2021-02", None)


def test_looking_forward_to_meeting_is_a_plan_and_not_saying_whether_is_none():
    c = only("Xie Zhenhua said he looked forward to meeting John Kerry again in Glasgow in November.", "2021-05-27")
    assert (c.status, c.date) == ("planned", "2021-11")
    assert run("The spokesman did not say whether Defense Minister Wei Fenghe would hold a call with Defense "
               "Secretary Lloyd Austin.", "2021-05-27").contacts == ()


def test_then_before_a_title_is_the_post_of_the_time_not_a_second_contact():
    c = only("Liu He last spoke with Robert Lighthizer and then U.S. Treasury Secretary Steven Mnuchin in a phone "
             "call in August last year.", "2021-05-27")
    assert (names(c), c.date, c.mode) == ({"Liu He", "Robert Lighthizer", "Steven Mnuchin"}, "2020-08", "phone")


def test_held_the_named_dialogue_with_is_a_meeting():
    c = only("In March, Yang Jiechi and Wang Yi held the China-U.S. high-level strategic dialogue with Antony "
             "Blinken and Jake Sullivan in Anchorage, Alaska.", "2021-05-27")
    assert (len(c.participants), c.date) == (4, "2021-03")


def test_months_after_last_year_and_a_colon_are_last_years():
    text = ("Defense Minister Wei Fenghe met Jim Mattis three times last year: in Beijing in June, when Mattis "
            "was also received by Xi Jinping; in Singapore in October; and in Washington in November.")
    assert (["Jim Mattis", "Xi Jinping"], "2018-06", None, "held") in summaries(text, "2019-06-03")


# ----------------------------------------------------------- rules from held-out set 27's misses


def test_spoke_by_video_and_a_video_teleconference_are_video_calls():
    found = summaries("Lloyd Austin and Dong Jun spoke by video in April before meeting in Singapore in late May.",
                      "2024-09-10")
    assert (["Dong Jun", "Lloyd Austin"], "2024-04", None, "held") in found
    c = only("Samuel Paparo held a video teleconference with Chinese General Wu Yanan on Monday.", "2024-09-10")
    assert (c.mode, c.date) == ("video", "2024-09-09")


def test_a_plan_that_fell_through_lends_its_nearer_day_to_the_next_sentence():
    text = ("Blinken had been due to arrive in Beijing on Sunday for two days of talks. He had been expected to "
            "meet Foreign Minister Qin Gang. He postponed the trip on Friday.")
    found = summaries(text, "2023-02-06")
    assert (["Antony Blinken"], "2023-02-05", "2023-02-06", "planned") in found
    assert (["Antony Blinken", "Qin Gang"], "2023-02-05", None, "planned") in found


def test_a_floated_meeting_is_a_plan_and_the_same_three_men_are_the_three():
    c = only("Aides have floated a meeting between Donald Trump and Xi Jinping at the summit in Santiago, Chile, in "
             "November.", "2019-09-21")
    assert (c.status, c.date) == ("planned", "2019-11")
    text = ("Liu He held talks with Robert Lighthizer and Steven Mnuchin in Shanghai in July. The same three men "
            "spoke by phone last month.")
    assert (["Liu He", "Robert Lighthizer", "Steven Mnuchin"], "2019-08", None, "held") in summaries(text, "2019-09-21")


def test_two_named_who_spoke_on_a_day_held_a_call_and_a_summons_is_a_meeting():
    c = only("Trump and Chinese President Xi Jinping spoke on March 27, agreeing to cooperate against the virus.",
             "2020-05-08")
    assert (names(c), c.date) == ({"Donald Trump", "Xi Jinping"}, "2020-03-27")
    assert run("Donald Trump and Mike Pence spoke on Tuesday.", "2020-05-08").contacts == ()
    c = only("Mike Pompeo and Yang Jiechi, director of the Office of the Foreign Affairs Commission, held a tense "
             "call on March 16.", "2020-05-08")
    assert (c.mode, c.date) == ("phone", "2020-03-16")
    c = only("Vice Foreign Minister Le Yucheng summoned US ambassador Terry Branstad on Thursday.", "2019-11-28")
    assert (names(c), c.mode, c.date) == ({"Le Yucheng", "Terry Branstad"}, "in-person", "2019-11-28")


def test_later_in_a_paragraph_after_the_lede_takes_the_storys_day():
    text = ("US Secretary of State John Kerry and Chinese Foreign Minister Wang Yi acknowledged sharp differences "
            "on Wednesday over how to punish North Korea.\n\n"
            "Wang said sanctions should not be an end in themselves.\n\n"
            "Kerry later met President Xi Jinping at the Great Hall of the People.")
    c = only(text, "2016-01-27")
    assert (names(c), c.date, c.date_inferred) == ({"John Kerry", "Xi Jinping"}, "2016-01-27", True)
    assert "opening paragraph" in (c.date_note or "")


def test_following_named_visitors_with_their_dates_are_their_own_visits():
    text = ("Gina Raimondo is the fourth senior Biden administration official to visit China this summer, "
            "following Secretary of State Antony Blinken in June, and Treasury Secretary Janet Yellen and "
            "climate envoy John Kerry in July.")
    found = summaries(text, "2023-08-30")
    for visit in ((["Antony Blinken"], "2023-06"), (["Janet Yellen"], "2023-07"), (["John Kerry"], "2023-07")):
        assert (*visit, None, "held") in found


def test_spent_hours_with_someone_after_a_number_of_words_is_a_meeting():
    c = only("In January, national security adviser Jake Sullivan spent some 12 hours over two days with Wang Yi "
             "in Bangkok.", "2024-04-10")
    assert (names(c), c.date, c.place) == ({"Jake Sullivan", "Wang Yi"}, "2024-01", "Bangkok")
    c = only("Jake Sullivan spent four and a half hours with China's top diplomat, Yang Jiechi, in Luxembourg on "
             "June 13.", "2022-06-20")
    assert (names(c), c.date) == ({"Jake Sullivan", "Yang Jiechi"}, "2022-06-13")


def test_a_dateline_dash_is_no_part_of_a_title():
    c = only("LIMA -- US President Joe Biden met Chinese President Xi Jinping on Saturday.", "2024-11-17")
    assert {p.name: p.role for p in c.participants}["Joe Biden"] == "US President"


def test_a_who_clause_cut_by_ahead_of_still_resumes_at_the_contact_verb():
    c = only("Secretary of State John Kerry, who flew in ahead of the president, met Foreign Minister Wang Yi "
             "last Saturday to close the remaining gaps.", "2014-11-13")
    assert names(c) == {"John Kerry", "Wang Yi"} and c.date == "2014-11-08"


def test_called_on_an_official_is_a_visit_and_called_on_someone_to_act_is_none():
    c = only("Obama called on Premier Li Keqiang at the Great Hall on Wednesday.", "2014-11-13")
    assert names(c) == {"Barack Obama", "Li Keqiang"} and c.mode == "in-person" and c.date == "2014-11-12"
    assert not run("Obama called on Premier Li Keqiang to open China's markets on Wednesday.", "2014-11-13").contacts
    c = only("Obama called Premier Li Keqiang on Wednesday.", "2014-11-13")
    assert c.mode == "phone"


def test_the_formal_talks_and_the_leaders_are_the_pair_named_before():
    text = ("Obama arrived on Monday. Xi hosted him on Tuesday. The formal talks on Wednesday ratified what "
            "had been settled over dinner.")
    assert [(sorted(names(c)), c.date) for c in run(text, "2014-11-13").contacts] == [
        (["Barack Obama", "Xi Jinping"], "2014-11-11"), (["Barack Obama", "Xi Jinping"], "2014-11-12")]
    c = only("BEIJING -- Barack Obama and Hu Jintao promised Tuesday to work together on climate change.\n\n"
             "The leaders read statements to reporters after more than two hours of talks.", "2009-11-18")
    assert names(c) == {"Barack Obama", "Hu Jintao"} and c.date == "2009-11-17"


def test_a_meeting_under_consideration_is_planned_and_a_dinner_together_is_a_meeting():
    c = only("Two people briefed on the planning said a Trump-Xi meeting at Mar-a-Lago in March was under "
             "consideration.", "2019-02-15")
    assert (c.status, c.date) == ("planned", "2019-03")
    c = only("The truce Trump and Xi agreed over dinner in Buenos Aires on Dec. 1 expires on March 1.", "2019-02-15")
    assert (names(c), c.status, c.date, c.mode) == ({"Donald Trump", "Xi Jinping"}, "held", "2018-12-01", "in-person")


def test_a_list_of_where_and_when_after_a_colon_gives_one_contact_per_item():
    contacts = run("Defense Minister Wei Fenghe met Defense Secretary Jim Mattis three times last year: in Beijing in "
                   "June; in Singapore in October; and in Washington in November.", "2019-06-02").contacts
    assert [(c.date, c.place) for c in contacts] == [
        ("2018-06", "Beijing"), ("2018-10", "Singapore"), ("2018-11", "Washington")]


def test_a_who_clause_with_its_own_day_resumes_at_last_met():
    c = only("National Security Adviser Jake Sullivan, who briefed reporters on Monday, last met Foreign Minister "
             "Wang Yi in January.", "2024-08-28")
    assert (names(c), c.date) == ({"Jake Sullivan", "Wang Yi"}, "2024-01")


def test_an_official_who_faced_others_in_talks_met_them():
    c = only("The round followed three days of deputy-level talks from Monday to Wednesday, in which Deputy USTR "
             "Jeffrey Gerrish faced Vice Commerce Minister Wang Shouwen and Vice Finance Minister Liao Min.",
             "2019-02-15")
    assert names(c) == {"Jeffrey Gerrish", "Wang Shouwen", "Liao Min"}
    assert (c.date, c.end_date) == ("2019-02-11", "2019-02-13")


def test_met_twice_with_two_months_is_two_meetings():
    contacts = run("Foreign Minister Wang Yi met Secretary of State Antony Blinken twice this year, in February and "
                   "in April.", "2024-06-15").contacts
    assert [c.date for c in contacts] == ["2024-02", "2024-04"]


def test_a_jr_is_no_part_of_the_name_and_the_speaker_of_an_opening_speech_no_participant():
    c = only("Treasury Secretary Henry Paulson Jr. and Vice Premier Wu Yi held talks on Thursday.", "2006-12-15")
    assert names(c) == {"Henry Paulson", "Wu Yi"}
    c = only("Secretary of State Hillary Clinton met State Councilor Dai Bingguo in Beijing. The talks opened "
             "Thursday with a speech by President Hu Jintao, who urged both sides to respect each other.", "2012-05-05")
    assert names(c) == {"Hillary Clinton", "Dai Bingguo"}


def test_a_plan_continued_by_and_hold_talks_after_an_aside_is_a_planned_meeting_too():
    contacts = run("Xi is scheduled to make a state visit to the United States in September, his first since taking "
                   "office, and hold talks with President Barack Obama at the White House.", "2015-05-17").contacts
    assert [(sorted(names(c)), c.status, c.date) for c in contacts] == [
        (["Xi Jinping"], "planned", "2015-09"), (["Barack Obama", "Xi Jinping"], "planned", "2015-09")]


def test_greeting_an_official_is_meeting_and_greeting_news_is_not():
    c = only("California Governor Jerry Brown greeted President Xi Jinping on the tarmac on Thursday.", "2013-06-09")
    assert (names(c), c.date, c.mode) == ({"Jerry Brown", "Xi Jinping"}, "2013-06-06", "in-person")
    assert not run("Secretary of State John Kerry greeted the news from Beijing on Thursday, a day after Foreign "
                   "Minister Wang Yi spoke.", "2013-06-09").contacts


def test_later_in_the_afternoon_takes_the_storys_day_and_agreeing_to_lead_is_a_plan():
    text = ("BEIJING -- President Bush met President Hu Jintao yesterday at the Great Hall of the People.\n\n"
            "Hu said China would continue to push forward reform.\n\n"
            "Later in the afternoon, Bush crossed the Great Hall for a separate meeting with Premier Wen Jiabao.")
    assert [(sorted(names(c)), c.date) for c in run(text, "2005-11-21").contacts] == [
        (["George W. Bush", "Hu Jintao"], "2005-11-20"), (["George W. Bush", "Wen Jiabao"], "2005-11-20")]
    contacts = run("Vice Premier Wu Yi has agreed to lead her delegation to Washington for talks with Treasury "
                   "Secretary Henry Paulson.", "2006-12-15").contacts
    assert {c.status for c in contacts} == {"planned"} and len(contacts) == 2  # her trip, and the talks


def test_scheduled_for_a_month_is_a_plan_and_no_date_set_for_a_meeting_is_none():
    c = only("Vice Premier Wu Yi's visit to Washington is scheduled for May.", "2006-12-15")
    assert (c.status, c.date) == ("planned", "2007-05")
    assert not run("Defense Secretary Patrick Shanahan said the two had agreed to stay in touch with Defense Minister "
                   "Wei Fenghe, though no date was set for another meeting.", "2019-06-03").contacts


def test_a_predecessor_after_an_s_apostrophe_is_not_the_named_man():
    contacts = run("President Hu Jintao received Defense Secretary Robert Gates yesterday morning, two years after he "
                   "met Gates' predecessor, Donald Rumsfeld, there in October 2005.", "2007-11-07").contacts
    assert [(sorted(names(c)), c.date) for c in contacts] == [
        (["Hu Jintao", "Robert Gates"], "2007-11-06"), (["Donald Rumsfeld", "Hu Jintao"], "2005-10")]


def test_a_dotless_gen_is_a_title_and_chairman_of_the_us_joint_chiefs_gives_the_side():
    c = only("Gen Thomas Harrow, chairman of the US Joint Chiefs of Staff, met Defence Minister Cao Gangchuan in "
             "Beijing in January.", "2004-04-15")
    assert ({(p.name, p.side) for p in c.participants}, c.date) == (
        {("Thomas Harrow", "US"), ("Cao Gangchuan", "CN")}, "2004-01")


def test_what_was_told_to_an_official_by_title_dates_the_next_paragraphs_talks():
    text = ("China's leaders told US Vice-President Dick Cheney yesterday that Taiwan independence was the biggest "
            "threat to peace in the region.\n\n"
            "Cheney held talks with President Hu Jintao at the Diaoyutai State Guesthouse in the morning.")
    c = only(text, "2004-04-15")
    assert (names(c), c.date) == ({"Dick Cheney", "Hu Jintao"}, "2004-04-14")


def test_are_to_co_chair_with_someone_later_this_year_is_a_plan():
    c = only("Attorney General Jeff Sessions and Homeland Security Secretary John Kelly are to co-chair the third "
             "dialogue with Public Security Minister Guo Shengkun later this year.", "2017-06-22")
    assert (names(c), c.status, c.date) == ({"Jeff Sessions", "John Kelly", "Guo Shengkun"}, "planned", "2017")
