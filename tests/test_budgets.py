"""Page-weight budgets, measured on the built site: the home page ≤ 100 KB and any article page ≤ 60 KB of
HTML + CSS + JS before images (the page plus every stylesheet and script it names, uncompressed;
1 KB = 1000 bytes), and the first render needs no JavaScript.

Run with -s to see the sizes (they are also written to test-artifacts/budgets.txt for the README).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KB = 1000
HOME_BUDGET = 100 * KB
ARTICLE_BUDGET = 60 * KB


@pytest.fixture(scope="module", autouse=True)
def fresh_record() -> None:
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "budgets.txt").write_text("", encoding="utf-8")



class Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.styles: list[str] = []
        self.scripts: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        if tag == "link" and "stylesheet" in named.get("rel", "").split():
            self.styles.append(named["href"])
        if tag == "script":
            self.scripts.append(named)


def assets(page: Path) -> Assets:
    parser = Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def weight(site: Path, page: Path) -> dict[str, int]:
    """Bytes of the page's HTML, CSS and JS (what a browser fetches before any image)."""
    found = assets(page)
    urls = found.styles + [s["src"] for s in found.scripts if s.get("src")]
    files = [(page.parent / url.split("#")[0].split("?")[0]).resolve() for url in urls]
    missing = [str(f) for f in files if not f.is_file()]
    assert not missing, f"{page.relative_to(site)} names files that are not there: {missing}"
    css = sum(f.stat().st_size for f in files if f.suffix == ".css")
    js = sum(f.stat().st_size for f in files if f.suffix == ".js")
    html = page.stat().st_size
    return {"html": html, "css": css, "js": js, "total": html + css + js}


def show(label: str, sizes: dict[str, int]) -> str:
    return (f"{label}: {sizes['total'] / KB:.1f} KB (HTML {sizes['html'] / KB:.1f} + CSS {sizes['css'] / KB:.1f}"
            f" + JS {sizes['js'] / KB:.1f})")


def record(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        print(f"\n[budget] {line}")
    with (ROOT / "test-artifacts" / "budgets.txt").open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")


def test_home_page_within_100_kb(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sizes = weight(site, site / "index.html")
    record(capsys, show("home index.html", sizes) + f" — budget {HOME_BUDGET / KB:.0f} KB")
    assert sizes["total"] <= HOME_BUDGET, show("the home page is over budget", sizes)


def test_every_article_page_within_60_kb(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    articles = sorted(p for p in (site / "articles").glob("*/index.html"))
    assert articles, "no article page was built"
    sizes = {p: weight(site, p) for p in articles}
    largest = max(sizes, key=lambda p: sizes[p]["total"])
    record(capsys, show(f"largest article {largest.relative_to(site)}", sizes[largest])
           + f" — budget {ARTICLE_BUDGET / KB:.0f} KB; {len(articles)} article pages")
    over = [show(str(p.relative_to(site)), s) for p, s in sizes.items() if s["total"] > ARTICLE_BUDGET]
    assert not over, "article pages over budget:\n" + "\n".join(over)


def test_first_render_needs_no_javascript(site: Path) -> None:
    """Scripts never block rendering, and what the page is for is in its HTML, not built by a script."""
    blocking = []
    for page in sorted(site.rglob("*.html")):
        for script in assets(page).scripts:
            if not script.get("src") or not ({"defer", "async"} & set(script) or script.get("type") == "module"):
                blocking.append(f"{page.relative_to(site)}: {script}")
    assert not blocking, "scripts that hold up the first render:\n" + "\n".join(blocking)
    home = (site / "index.html").read_text(encoding="utf-8")
    contacts = json.loads((site / "data" / "contacts.json").read_text(encoding="utf-8"))["contacts"]
    absent = [c["id"] for c in contacts if f'id="{c["id"]}"' not in home]
    assert contacts and not absent, f"contacts not in the home page's HTML: {absent}"
