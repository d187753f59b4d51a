"""Minimal Pelican settings equivalent to the benchmark's scope.

One page per article, a date-ordered list (index.html), tag pages and one Atom feed of
the 50 newest; no authors, categories, archives or pagination. Content and output
folders are passed on the command line; see archive/bench/run.py.
"""

from pathlib import Path

SITENAME = "Benchmark archive"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
THEME = str(Path(__file__).resolve().parent / "theme")

ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_SAVE_AS = "tags/index.html"
DIRECT_TEMPLATES = ["index", "tags"]
DEFAULT_PAGINATION = False

AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = CATEGORIES_SAVE_AS = ""
ARCHIVES_SAVE_AS = YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
PAGE_SAVE_AS = DRAFT_SAVE_AS = DRAFT_PAGE_SAVE_AS = ""

FEED_DOMAIN = "https://example.org"
FEED_ALL_ATOM = "feed.xml"
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
FEED_MAX_ITEMS = 50
RSS_FEED_SUMMARY_ONLY = True

LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
DELETE_OUTPUT_DIRECTORY = True
STATIC_PATHS: list[str] = []
