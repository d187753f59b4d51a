"""The reader, feature by feature, on the seeds and on texts it has never seen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from archive.read import SeedError, decode_seed, read_seed, slugify

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "seeds"


def read_text(text: str):
    return read_seed(text, "test.txt")


def read_file(path: Path):
    text, _ = decode_seed(path.read_bytes(), path.name)
    return read_seed(text, path.name)


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("line, expected", [
    ("November 2, 2022", dt.date(2022, 11, 2)),
    ("Published: Jun 19, 2023 08:26 PM", dt.date(2023, 6, 19)),
    ("Updated: Sep 22, 2023 04:15 PM", dt.date(2023, 9, 22)),
    ("Last updated on December 1, 2022", dt.date(2022, 12, 1)),
    ("Posted: 14 November 2023", dt.date(2023, 11, 14)),
    ("2023-06-19", dt.date(2023, 6, 19)),
])
def test_date_line_formats(line: str, expected: dt.date) -> None:
    article = read_text(f"A title\n\n{line}\n\nThe body says something.\n")
    assert article.date == expected
    assert line not in article.body


def test_a_sentence_with_a_date_is_body_not_a_date_line() -> None:
    article = read_text("A title\n\nOn June 19, 2023, the two ministers met in Beijing for talks.\n")
    assert article.date is None
    assert "June 19, 2023" in article.body


def test_missing_date_stays_missing() -> None:
    assert read_text("A title\n\nNo date anywhere here.\n").date is None


# ---------------------------------------------------------------- captions and images


def test_image_file_name_and_bracket_credit_go_to_front_matter() -> None:
    article = read_file(ROOT / "seeds" / "000_0e1faf5e22431d4b.txt")
    assert len(article.images) == 1
    image = article.images[0]
    assert image.file == "636002daa310fd2becaa1d31.jpeg"
    assert image.caption.startswith("Chinese and US flags flutter")
    assert image.credit == "Photo/Agencies"
    assert ".jpeg" not in article.body and "[Photo/Agencies]" not in article.body


def test_colon_credit_caption_mid_body_is_taken_out() -> None:
    text = ("Title\n\nFirst paragraph of the story, long enough.\n\n"
            "US President George Washington. Photo: Wikimedia Commons\n\nSecond paragraph.\n")
    article = read_text(text)
    assert article.images[0].caption == "US President George Washington."
    assert article.images[0].credit == "Photo: Wikimedia Commons"
    assert "Wikimedia" not in article.body


def test_repeated_caption_is_kept_once() -> None:
    caption = "Chinese President Xi Jinping meets a visitor in Beijing, June 19, 2023. Photo: Xinhua"
    article = read_text(f"Title\n{caption}\n\n{caption}\n\nBody text here.\n")
    assert len(article.images) == 1


def test_parenthesised_credit_and_lone_credit_line() -> None:
    article = read_file(FIXTURES / "crlf_bom_caption.txt")
    assert article.images[0].credit == "Photo: AP"
    assert "(Photo: AP)" not in article.body
    assert article.summary is None


# ---------------------------------------------------------------- furniture


@pytest.mark.parametrize("furniture", [
    "scroll to top", "Connect with us", "Notify of", "Inline Feedbacks", "View all comments",
    "In case you missed it", "Read: US-China trade talks end in more chip war salvos", "Read Time = 3 mins",
    "Share this article", "Advertisement", "Reporting by Andrea Shalal; Editing by Leslie Adler",
    "Listen to this article", "Listen (6 min)", "Gift Article", "Comment 214", "Why you can trust SCMP", "Save",
    "Follow Sky News on WhatsApp",
])
def test_furniture_is_dropped(furniture: str) -> None:
    article = read_text(f"Title\n\nThe first paragraph.\n\n{furniture}\n\nThe last paragraph.\n")
    assert furniture not in article.body
    assert "The last paragraph." in article.body


def test_source_line_names_the_outlet_and_follow_line_the_author() -> None:
    article = read_file(ROOT / "seeds" / "002_b92940aaff74448b.txt")
    assert article.outlet == "Asia Times"
    assert article.author == "Jeff Pao"
    assert "Source:" not in article.body and "Follow Jeff Pao" not in article.body


def test_masthead_line_names_the_outlet() -> None:
    article = read_file(ROOT / "seeds" / "003_50df987d4dd645ea.txt")
    assert article.outlet == "Himalaya Times"
    assert "Himalaya Times" not in article.body


def test_email_domain_names_the_outlet_and_bio_marks_opinion() -> None:
    article = read_file(ROOT / "seeds" / "004_69254ad777e081fd.txt")
    assert article.outlet == "Global Times"
    assert article.kind == "opinion"
    assert article.author_bio and article.author_bio.startswith("The author is deputy director")
    assert "opinion@" not in article.body


def test_unnamed_outlet_is_left_empty() -> None:
    article = read_file(ROOT / "seeds" / "000_0e1faf5e22431d4b.txt")
    assert article.outlet is None and article.author is None


def test_byline_with_two_authors_and_agency_in_dateline() -> None:
    article = read_file(FIXTURES / "wire_reuters_style.txt")
    assert article.author == "Andrea Shalal and Kevin Yao"
    assert article.outlet == "Reuters"
    assert article.dateline == "WASHINGTON"
    assert article.body.startswith("U.S. Treasury Secretary Janet Yellen held a video call")


# ---------------------------------------------------------------- structure


def test_subheadings_become_level_two_headings() -> None:
    article = read_file(ROOT / "seeds" / "002_b92940aaff74448b.txt")
    headings = [line for line in article.body.splitlines() if line.startswith("## ")]
    assert headings == ["## Choosing sides", "## ‘De-risking’ plan", "## China’s demands"]


def test_quoted_subheading() -> None:
    article = read_file(ROOT / "seeds" / "003_50df987d4dd645ea.txt")
    assert "## 'A real conversation'" in article.body.splitlines()


def test_short_sentence_is_not_a_heading() -> None:
    article = read_text("Title\n\nFirst paragraph here.\n\nHe said no.\n\n\"This was a real conversation,\" he said.\n")
    assert not any(line.startswith("#") for line in article.body.splitlines())


def test_dateline_is_taken_from_the_first_paragraph() -> None:
    article = read_file(ROOT / "seeds" / "001_27ae37fc71b1d8d6.txt")
    assert article.dateline == "BEIJING"
    assert article.body.startswith("Officials from China and the United States")


def test_standfirst_is_the_summary_only_when_set_apart() -> None:
    with_standfirst = read_file(ROOT / "seeds" / "001_27ae37fc71b1d8d6.txt")
    assert with_standfirst.summary and with_standfirst.summary.startswith("The discussions follow")
    lead_only = read_file(ROOT / "seeds" / "002_b92940aaff74448b.txt")
    assert lead_only.summary is None
    assert lead_only.body.startswith("The China and the United States governments")


def test_markdown_markers_in_text_are_escaped_not_interpreted() -> None:
    article = read_file(FIXTURES / "crlf_bom_caption.txt")
    assert "\\- The meeting lasted about 90 minutes." in article.body
    assert "\\# Not a heading in the original" in article.body


def test_words_and_typos_are_kept() -> None:
    article = read_file(ROOT / "seeds" / "002_b92940aaff74448b.txt")
    assert "rising hopesof a bilateral thaw" in article.body


def test_opinion_piece_from_an_unknown_outlet() -> None:
    article = read_file(FIXTURES / "opinion_with_bio.txt")
    assert article.kind == "opinion"
    assert article.date == dt.date(2023, 11, 14)
    assert article.outlet is None
    assert "## The lessons of 2022" in article.body


# ---------------------------------------------------------------- decoding


def test_bom_and_crlf_are_normalised() -> None:
    text, notes = decode_seed((FIXTURES / "crlf_only.txt").read_bytes(), "crlf_only.txt")
    assert "\r" not in text and notes == []
    text, _ = decode_seed((FIXTURES / "crlf_bom_caption.txt").read_bytes(), "x.txt")
    assert text.startswith("Defense chiefs")


def test_latin1_is_decoded_with_a_note() -> None:
    text, notes = decode_seed("Caf\u00e9 talks\n\nBody.\n".encode("latin-1"), "old.txt")
    assert "\ufffd" in text
    assert notes and notes[0].startswith("old.txt:1: not valid UTF-8")


@pytest.mark.parametrize("raw, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"PK\x03\x04\x00\x00binary", "binary"),
    (b"x" * (6 * 1024 * 1024), "too large"),
])
def test_unusable_seeds_are_refused_with_the_file_name(raw: bytes, message: str) -> None:
    with pytest.raises(SeedError, match=message) as caught:
        decode_seed(raw, "seeds/bad.txt")
    assert str(caught.value).startswith("seeds/bad.txt: ")


def test_slugify() -> None:
    assert slugify("Need To Choose Between “Cooperation Or Conflict”: China Tells US") == \
        "need-to-choose-between-cooperation-or-conflict-china-tells-us"
    assert slugify("¿¡!") == "article"
    assert len(slugify("word " * 40)) <= 70


# ---------------------------------------------------------------- a page copied from a browser


PAGE = """Skip to main content
DAWN
Home
Latest
World
Business
World / Asia
US, Chinese envoys hold separate talks on Afghanistan in Tunxi
Tahir Naqvi
Published March 31, 2022
Updated about 10 hours ago
Facebook
Translate
Foreign Minister Shah Mahmood Qureshi attends the meeting in Tunxi on Wednesday. — Photo courtesy MOFA
ISLAMABAD: The United States and China held a rare bilateral session on Afghanistan on Thursday.
The two envoys discussed humanitarian aid and the frozen reserves.
"""


def test_menus_breadcrumbs_and_the_masthead_before_the_headline_are_not_the_title() -> None:
    article = read_text(PAGE)
    assert article.title == "US, Chinese envoys hold separate talks on Afghanistan in Tunxi"
    assert article.outlet == "DAWN"  # a listed outlet (data/outlets.yaml), recorded as the text names it
    assert "Latest" not in article.body and "World / Asia" not in article.body


def test_what_stands_between_headline_and_story_is_byline_date_caption_or_furniture() -> None:
    article = read_text(PAGE)
    assert article.author == "Tahir Naqvi"
    assert article.summary is None  # "Updated about 10 hours ago" before "Facebook" is no standfirst
    assert article.date == dt.date(2022, 3, 31)
    assert [image.credit for image in article.images] == ["Photo courtesy MOFA"]
    assert article.body.startswith("The United States and China held a rare bilateral session")
    for widget in ("Facebook", "Translate", "Updated about 10 hours ago", "##"):
        assert widget not in article.body


@pytest.mark.parametrize("front, title", [
    # a section's name over the headline, and a known masthead
    ("Reuters\n\nAsia Pacific\n\nChina cancels military talks with U.S. over Pelosi trip",
     "China cancels military talks with U.S. over Pelosi trip"),
    # a menu on one line, and a domain
    ("chinadaily.com.cn\n\nHOME | CHINA | WORLD | BUSINESS\n\nChinese, US health chiefs meet in Geneva",
     "Chinese, US health chiefs meet in Geneva"),
    # a short headline followed by the story is still the headline
    ("Xi meets Biden", "Xi meets Biden"),
])
def test_the_headline_is_the_first_line_of_its_own(front: str, title: str) -> None:
    article = read_text(f"{front}\n\nPresident Xi Jinping met President Joe Biden on Saturday in Lima.\n")
    assert article.title == title


TAGLINE_PAGE = """The Interpreter
Published daily by the Lowy Institute

Topics
Regions
Authors
Lowy Institute

ANALYSIS

Hangzhou: staircases, ratifications and the last Obama–Xi summit that mattered

The G20 was choreographed to flatter China. The bilateral on the side told us more about the relationship.

By Eleanor Whitlam
6 September 2016

The images most people will remember from the Hangzhou G20 are of a missing staircase. When Air Force One \
landed on Saturday afternoon, Barack Obama descended from the belly of the plane instead.

That evening, Obama and Xi Jinping sat down for talks that ran well past their scheduled time.
"""


def test_a_sites_tagline_before_the_menu_gives_way_to_the_headline_that_names_the_story() -> None:
    article = read_text(TAGLINE_PAGE)
    assert article.title == "Hangzhou: staircases, ratifications and the last Obama–Xi summit that mattered"
    assert article.author == "Eleanor Whitlam"
    assert article.summary.startswith("The G20 was choreographed")
    assert article.body.startswith("The images most people will remember")
    assert "By Eleanor Whitlam" not in article.body


def test_a_headline_naming_nothing_of_the_story_is_still_the_headline_when_nothing_later_does() -> None:
    article = read_text("Made for minds.\n\nA quiet week\n\n" + TAGLINE_PAGE.split("By Eleanor Whitlam")[1])
    assert article.title == "Made for minds."


def test_the_pages_first_line_above_the_headline_names_the_outlet_unless_it_names_a_section() -> None:
    assert read_text(TAGLINE_PAGE).outlet == "The Interpreter"
    story = TAGLINE_PAGE.split("Hangzhou: staircases")[1]
    for section in ("US news", "World", "Cop28", "Climate crisis"):
        assert read_text(f"{section}\n\nHangzhou: staircases{story}").outlet is None
    assert read_text("Hangzhou: staircases" + story).outlet is None  # the headline is no site's name


def test_a_file_name_right_after_a_caption_is_that_captions_photo() -> None:
    article = read_text(TAGLINE_PAGE.replace("6 September 2016\n", "6 September 2016\n\nBarack Obama and Xi "
                                             "Jinping at the West Lake State Guesthouse (Photo: Saul Loeb/AFP)\n"
                                             "obama-xi-westlake-hangzhou-598765432.jpg\n"))
    assert [(i.file, i.credit) for i in article.images] == [
        ("obama-xi-westlake-hangzhou-598765432.jpg", "Photo: Saul Loeb/AFP")]


HEADLINE = "Xi and Biden meet in Lima for their last talks"


@pytest.mark.parametrize("line, caption, credit", [
    ("Chinese President Xi Jinping delivers his keynote address at the opening of the World Economic Forum in "
     "Davos on Tuesday. (Keystone / Laurent Gillieron)",
     "Chinese President Xi Jinping delivers his keynote address at the opening of the World Economic Forum in "
     "Davos on Tuesday.", "Keystone / Laurent Gillieron"),
    ("[Photo caption: Defense Secretary Lloyd Austin listens during a news conference at the Pentagon, April 7, "
     "2022. (AP Photo/Alex Brandon)]",
     "Defense Secretary Lloyd Austin listens during a news conference at the Pentagon, April 7, 2022.",
     "AP Photo/Alex Brandon"),
    ("U.S. President Joe Biden speaks at a news conference at the end of the summit in Hiroshima on Sunday. | REUTERS",
     "U.S. President Joe Biden speaks at a news conference at the end of the summit in Hiroshima on Sunday.",
     "REUTERS"),
    ("Deng Xiaoping waves a cowboy hat at a rodeo in Simonton, Texas, on Feb. 2, 1979. Bettmann via Getty Images",
     "Deng Xiaoping waves a cowboy hat at a rodeo in Simonton, Texas, on Feb. 2, 1979.",
     "Bettmann via Getty Images"),
])
def test_captions_with_an_agencys_credit_leave_the_body(line: str, caption: str, credit: str) -> None:
    article = read_text(f"{HEADLINE}\n\n{line}\n\nPresident Xi Jinping met President Joe Biden on Saturday "
                        "in Lima, their third meeting in person, and the two sides agreed to keep talking.\n")
    assert [(i.caption, i.credit) for i in article.images] == [(caption, credit)]
    assert article.body.startswith("President Xi Jinping met")


def test_a_sentence_ending_with_an_agency_in_brackets_mid_story_stays() -> None:
    text = (f"{HEADLINE}\n\nPresident Xi Jinping met President Joe Biden on Saturday in Lima.\n\n"
            "The two sides agreed to keep talking, according to a readout (Reuters).\n")
    assert read_text(text).images == ()


@pytest.mark.parametrize("widget", ["Why We Wrote This", "FONT SIZE"])
def test_a_pages_widget_under_the_headline_is_no_author(widget: str) -> None:
    article = read_text(f"{HEADLINE}\n\n{widget}\n\nPresident Xi Jinping met President Joe Biden on Saturday.\n")
    assert article.author is None and widget not in article.body


def test_a_posted_and_updated_line_dates_the_page_and_is_no_standfirst() -> None:
    article = read_text(f"{HEADLINE}\n\n"
                        "Posted Wed 25 Sep 2024 at 4:43pm, updated Wed 25 Sep 2024 at 9:20pm\n\n"
                        "Members of the delegation look over a field. (Reuters: Jason Lee)\n\n"
                        "President Xi Jinping met President Joe Biden on Saturday in Lima, their third meeting.\n")
    assert (article.date, article.summary) == (dt.date(2024, 9, 25), None)


def test_a_tagline_over_the_menu_and_an_arrow_breadcrumb_are_not_the_title() -> None:
    page = ("The Standard\nHong Kong's Leading English Newspaper\nLocal\nChina\nWorld\nFinance\n\n"
            "Home → Collections → Hong Kong\n\n"
            "Beijing summons US envoy as Trump signs Hong Kong rights act\n\n"
            "Vice Foreign Minister Le Yucheng summoned US ambassador Terry Branstad on Thursday after President "
            "Donald Trump signed the Hong Kong Human Rights and Democracy Act into law.\n")
    assert read_text(page).title == "Beijing summons US envoy as Trump signs Hong Kong rights act"


def test_a_date_and_a_byline_on_one_line() -> None:
    article = read_text(f"{HEADLINE}\n\nChinese president's final stop caps a state visit\n\n"
                        "January 21, 2011|By Megan Kowalski and Ray Donnelly, Tribune reporters\n\n"
                        "President Xi Jinping met President Joe Biden on Saturday in Lima, their third meeting.\n")
    assert (article.date, article.author, article.summary) == (
        dt.date(2011, 1, 21), "Megan Kowalski and Ray Donnelly",
        "Chinese president's final stop caps a state visit")


def test_a_line_over_an_image_file_is_its_caption_with_a_credit_in_capitals() -> None:
    article = read_text(f"{HEADLINE}\n\nSoybeans near harvest in a field north of Ceresco.\n"
                        "MATT DIXON/THE WORLD-HERALD\nceresco-soybeans-092019-md.jpg\n\n"
                        "President Xi Jinping met President Joe Biden on Saturday in Lima, their third meeting.\n\n"
                        "U.S. Commerce Secretary Wilbur Ross at the start of the talks in Beijing on Sunday. POOL / "
                        "THE ASSOCIATED PRESS\nross_liu_beijing_0603.jpg\n\nThe talks ended without a deal.\n")
    assert [(i.file, i.caption, i.credit) for i in article.images] == [
        ("ceresco-soybeans-092019-md.jpg", "Soybeans near harvest in a field north of Ceresco.",
         "MATT DIXON/THE WORLD-HERALD"),
        ("ross_liu_beijing_0603.jpg", "U.S. Commerce Secretary Wilbur Ross at the start of the talks in Beijing on "
         "Sunday.", "POOL / THE ASSOCIATED PRESS")]
    assert "Ceresco" not in article.body and "Wilbur Ross" not in article.body
    assert article.body.startswith("President Xi Jinping met")


def test_a_dateline_with_an_em_dash_and_no_space() -> None:
    article = read_text(f"{HEADLINE}\n\nWASHINGTON—China warned on Sunday that any trade concessions would be "
                        "void if the United States imposed tariffs, after talks in Beijing ended.\n")
    assert (article.dateline, article.body.split()[0]) == ("WASHINGTON", "China")


def test_a_menu_item_named_like_an_outlet_is_a_section_not_the_outlet() -> None:
    page = ("The Strategist\nASPI | Australian Strategic Policy Institute\nHome\nDefence\nSecurity\n"
            "Foreign policy\nEconomics\n\nShangri-La 2019: Shanahan and Wei keep the door ajar\n\n"
            "For the first time since 2011, China sent its defence minister Wei Fenghe to the Shangri-La Dialogue, "
            "where he met acting US Defense Secretary Patrick Shanahan.\n")
    assert read_text(page).outlet == "The Strategist"


def test_a_byline_ends_before_the_weekday_of_its_date() -> None:
    article = read_text("Biden says he met Chinese premier in Delhi\n\n"
                        "By Reuters   Monday, September 11, 2023 | 09:15 am GMT+7\n\n"
                        "U.S. President Joe Biden said in Hanoi on Sunday that he had met Chinese Premier Li Qiang.\n")
    assert (article.author, article.outlet, article.date) == (None, "Reuters", dt.date(2023, 9, 11))


@pytest.mark.parametrize("line, expected, before", [
    ("August 5, 2022 7:58 PM GMT+7", dt.date(2022, 8, 5), False),
    ("Thu, Jul 18, 2024 page1", dt.date(2024, 7, 18), False),
    ("By ZHOU JINGWEN in New York | China Daily | Updated: 2024-09-28 09:14", dt.date(2024, 9, 28), False),
    ("Published on 19/11/2024 - 9:14 GMT+1•Updated 11:02", dt.date(2024, 11, 19), True),
    ("Source: Xinhua | 2023-01-02 10:27:15 | Editor: huaxia", dt.date(2023, 1, 2), True),
    ("KYODO NEWS - Nov 15, 2023 - 09:12 | World, All", dt.date(2023, 11, 15), True),
    ("Issued on: 18/05/2022 - 22:14", dt.date(2022, 5, 18), False),
])
def test_a_date_in_a_line_around_the_headline_dates_the_article(line: str, expected: dt.date, before: bool) -> None:
    headline = "Wang Yi meets Blinken in New York"
    front = f"{line}\n\n{headline}" if before else f"{headline}\n\n{line}"
    article = read_text(f"{front}\n\nForeign Minister Wang Yi met Secretary of State Antony Blinken on Friday.\n")
    assert (article.date, article.title) == (expected, headline)
    assert line not in article.body


def test_a_standfirst_is_told_from_the_story_by_a_date_line_of_any_form_after_it() -> None:
    article = read_text("U.S., China finance chiefs end talks\n\nThe two sides agreed to keep talking about "
                        "overcapacity and debt.\n\n2023/11/11-10:24\n\nTreasury Secretary Janet Yellen and Vice "
                        "Premier He Lifeng ended two days of talks on Friday.\n")
    assert article.summary == "The two sides agreed to keep talking about overcapacity and debt."
    assert article.date == dt.date(2023, 11, 11)
    assert article.body.startswith("Treasury Secretary Janet Yellen")


def test_a_standfirst_then_the_authors_name_and_post_then_the_date_line_are_all_front_matter() -> None:
    article = read_text("Pompeo and China's top diplomat hold talks in Hawaii\n\nThe secretary of state pressed "
                        "Yang Jiechi on Hong Kong.\n\nSHARE ARTICLE\n\nTom Hartley\n\n"
                        "Asia correspondent @TomHartleySky\n\n"
                        "Thursday 18 June 2020 06:41, UK\n\nMike Pompeo and Yang Jiechi met on Wednesday in "
                        "Honolulu.\n")
    assert article.summary == "The secretary of state pressed Yang Jiechi on Hong Kong."
    assert article.author == "Tom Hartley"
    assert article.date == dt.date(2020, 6, 18)
    assert article.body.startswith("Mike Pompeo and Yang Jiechi met")


def test_a_page_that_gives_its_date_only_in_its_address_is_dated_by_it_and_says_so() -> None:
    text = ("Trump, Xi agree to resume trade talks\n\nUS President Donald Trump and Chinese President Xi "
            "Jinping met in Osaka on Saturday.\n\nhttps://www3.nhk.or.jp/nhkworld/en/news/20190629_22/\n")
    article = read_text(text)
    assert article.date == dt.date(2019, 6, 29) and article.date_inferred
    assert article.date_note and "nhkworld/en/news/20190629_22/" in article.date_note
    assert "https://" not in article.body
    dated = read_text("Talks resume\n\nMay 2, 2019\n\nThe talks resumed.\n\nhttps://example.com/2019/04/30/a\n")
    assert dated.date == dt.date(2019, 5, 2) and not dated.date_inferred  # the page's own date first
    two = read_text("Talks resume\n\nThe talks resumed.\n\nhttps://example.com/2019/04/30/a\n\n"
                    "https://example.com/2018/01/02/b\n")
    assert two.date is None  # addresses that disagree date nothing


def test_after_the_story_the_pages_lists_are_dropped_and_a_late_paragraph_is_kept() -> None:
    article = read_text("Blinken meets Wang Yi in Vientiane\n\nSecretary of State Antony Blinken met Foreign Minister "
                        "Wang Yi on Friday.\n\nThe two spoke for an hour.\n\nRead Next\n\nBiden to press G20 on "
                        "World Bank reform as Xi stays away\n\nChina's Li calls for unity at ASEAN\n\nTopics\n\n"
                        "China\n\nXi Jinping\n\nThe State Department said more talks would follow.\n\n"
                        "Privacy Policy\n\nTerms of Service\n")
    assert article.body == ("Secretary of State Antony Blinken met Foreign Minister Wang Yi on Friday.\n\n"
                            "The two spoke for an hour.\n\nThe State Department said more talks would follow.\n")


def test_a_byline_naming_an_outlet_names_the_outlet_and_a_lone_news_is_no_masthead() -> None:
    article = read_text("Chinese premier meets U.S. senator\n\nBy Global Times\n\nChinese Premier Li Qiang met "
                        "U.S. Senator Steve Daines in Beijing on Sunday.\n")
    assert (article.outlet, article.author) == ("Global Times", None)
    article = read_text("News\n\nChinese premier meets U.S. senator\n\nChinese Premier Li Qiang met U.S. Senator "
                        "Steve Daines in Beijing on Sunday.\n")
    assert article.outlet is None


def test_a_wire_services_paragraph_marks_and_key_points_leave_the_dateline_and_the_story_whole() -> None:
    article = read_text(
        "Xi meets US negotiators as Beijing round ends\n\nBy Iris Chang\n\nFebruary 15, 2019 07:48 AM\n\n"
        "- Xi received Lighthizer, Mnuchin at Great Hall\n\n"
        "BEIJING (MNI) - Chinese President Xi Jinping met Robert Lighthizer on Friday.\n\n"
        "--Xi told the US officials that the talks had made \"important progress\".\n\n"
        "--With assistance from Ana Reyes.\n\n"
        "--MNI Beijing Bureau; tel: +86 10 8532 5998; email: iris.chang@example.com\n")
    assert article.dateline == "BEIJING"
    paragraphs = article.body.strip().split("\n\n")
    assert paragraphs[1] == "Chinese President Xi Jinping met Robert Lighthizer on Friday."
    assert paragraphs[2].startswith("Xi told the US officials")
    assert len(paragraphs) == 3  # the credit and the bureau's contact line are no story


def test_a_related_line_ends_the_story_though_it_is_also_furniture() -> None:
    article = read_text(
        "Xi meets US negotiators\n\nChinese President Xi Jinping met Robert Lighthizer in Beijing on Friday.\n\n"
        "Both sides said the talks would go on in Washington next week.\n\n"
        "Related\n\nBlinken to meet Wang Yi in Bali as ministers gather\n\n[TOPICS: M$A$$$,MX$$$$]\n\n"
        "About Us | Contact | Terms of Use | Privacy Policy\n")
    assert article.body.strip().split("\n\n")[-1] == "Both sides said the talks would go on in Washington next week."


def test_a_byline_crediting_agencies_names_only_its_author() -> None:
    article = read_text("Trade talks carry on regardless\n\nPhoebe Lau and agencies\n\n28 Nov 2019 7:41 pm\n\n"
                        "Vice Foreign Minister Le Yucheng summoned US Ambassador Terry Branstad on Monday.\n")
    assert article.author == "Phoebe Lau"


@pytest.mark.parametrize(("byline", "author"), [
    ("By Catherine M. Doyle, Globe Staff  |  November 21, 2005", "Catherine M. Doyle"),
    ("By Mark Tolliver and Lian Qiu, The Associated Press", "Mark Tolliver and Lian Qiu"),
    ("By ZHOU JINGWEN in New York | China Daily | Updated: 2024-09-28 09:14", "ZHOU JINGWEN"),
    ("By Kelsey Marwood World-Herald Bureau", "Kelsey Marwood"),
    ("By Mere Tuilagi, RNZ Pacific Journalist", "Mere Tuilagi"),
    ("By Kim Ji-hoon, Park Soo-min", "Kim Ji-hoon and Park Soo-min"),
    ("By Reed Halloran on September 23, 2024 at 4:12 PM", "Reed Halloran"),
    ("By Reuters staff", None),
])
def test_a_byline_gives_its_peoples_names_without_posts_places_or_outlets(byline: str, author: str | None) -> None:
    article = read_text(f"{HEADLINE}\n\n{byline}\n\nPresident Xi Jinping met President Joe Biden on Saturday in "
                        "Lima, their third meeting, and the two leaders agreed to keep talking.\n")
    assert article.author == author


def test_a_standfirst_over_a_byline_with_its_date_is_no_story() -> None:
    article = read_text("Bush, Hu pledge to keep talking\n\nChinese leader accepts invitation to visit US early next "
                        "year; no questions allowed at brief appearance\n\nBy Catherine M. Doyle, Globe Staff  |  "
                        "November 21, 2005\n\nBEIJING -- President Bush pressed President Hu Jintao yesterday to give "
                        "Chinese citizens greater religious and political freedom.\n")
    assert (article.summary or "").startswith("Chinese leader accepts")
    assert (article.date, article.dateline) == (dt.date(2005, 11, 21), "BEIJING")
    assert article.body.startswith("President Bush pressed")
