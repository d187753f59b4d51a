"""The build cache: what a rebuild can reuse, and the keys that say when it may.

Kept in `.cache/<output name>/` beside the output folder (git-ignored). The entries:

  records   record file → its stamp, content digest, parsed Article (pickled until a build uses
            it), warnings, lead, meta digest and what every build needs of it (slug, date...), in
            SHARDS files by path: a file whose size and mtime are unchanged is not read again, one
            whose bytes are unchanged (a `touch`) is not parsed again, and an edit rewrites one
            shard, not the whole cache. A build that read many records saves them from a forked
            process while it renders (archive.build.Forked).
  timeline  the merged timeline and each article page's context digest (archive.build
            page_contexts), by the corpus's meta digest (everything but the bodies); with it, each
            entry's group (the people it names) and each article's meta digest and groups.
  groups    each group's reports (archive.timeline.Report), in SHARDS files by group: a changed
            corpus reads the shards of the groups its changed articles fall in, and merges only
            those groups again (archive.timeline.patch_timeline), without making any other article.
  pages     output path → (dependency key, output digest): a page whose key is unchanged and whose
            file in the output still has that digest is neither rendered nor written. The key
            hashes exactly what the page is rendered from: its template and the templates it uses,
            its context (cards by meta digest), the site config and the code version; an article
            page's, its record and its context digest; a list page's, what it shows
            (archive.render.PagePlan.shows: its cards' meta digests, its contacts' shown digests).
  exports   each export's pieces (a record line, a contact's rows or event) by content digest, in
            SHARDS files: an added article rewrites the few that hold its pieces.
  rest      every page but the articles' and every export, by the meta digest and templates:
            when neither changed, none of them is even keyed.
  fragments article cards and contact cards as rendered (archive.render.Renderer.once), by
            their content, in SHARDS files: a list page that changes re-renders only its new cards.
  templates each template's dependency digest, by the templates' sources.
  search    the search index's files by a key of the whole corpus (reused as a whole), and
  search_docs  the search index's state, in parts: a head (ids, trie, file keys), 32 parts of
            documents' terms and weights by content digest (search_docs-NN) and 32 of terms'
            postings by prefix (search_terms-NN), each saved with a token its head names: an edit
            re-tokenises only the changed documents and reads and writes a few parts
            (archive.search.update_index).
  build     (archive.store) a fingerprint of every input (files' sizes and mtimes, options, code) and of the
            output's manifest: when nothing changed, the build stops there.

Any unreadable, corrupt or foreign cache is ignored and rebuilt: the cache can make a
build faster, never wrong and never fail. `--no-cache` reads none of it and rewrites it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from archive.blocks import replacer
from archive.model import Article
from archive.render import Card
from archive.store import Store, digest
from archive.views import ContactView

# ---------------------------------------------------------------- template dependencies


def template_digests(templates: Path, store: Store | None = None) -> dict[str, str]:
    """Template name → digest of its source and of every template it extends, imports or includes.

    A template whose references cannot be resolved statically depends on all of them. Kept in
    `store` by the templates' sources: parsing them all costs a rebuild ~0.1 s."""
    sources = {p.name: p.read_text(encoding="utf-8") for p in sorted(templates.glob("*")) if p.is_file()}
    key = digest(*(f"{name}\x01{source}" for name, source in sources.items()))
    known = store.load("templates") if store is not None else None
    if isinstance(known, tuple) and len(known) == 2 and known[0] == key:
        return known[1]
    found = _template_digests(sources)
    if store is not None:
        store.save("templates", (key, found))
    return found


def _template_digests(sources: dict[str, str]) -> dict[str, str]:
    env = jinja2.Environment()
    references: dict[str, set[str]] = {}
    for name, source in sources.items():
        try:
            found = list(jinja2.meta.find_referenced_templates(env.parse(source)))
        except jinja2.TemplateSyntaxError:
            found = [None]  # the render will report the error; depend on everything meanwhile
        references[name] = set(sources) if None in found else {str(f) for f in found}

    def closure(name: str) -> list[str]:
        seen, todo = {name}, [name]
        while todo:
            for ref in references.get(todo.pop(), ()):
                if ref not in seen:
                    seen.add(ref)
                    todo.append(ref)
        return sorted(seen)

    return {name: digest(*(f"{n}\x01{sources.get(n, '')}" for n in closure(name))) for name in sources}


# ---------------------------------------------------------------- page dependency keys


class Fingerprint:
    """A page context → a digest of everything in it, cheaply.

    Articles count by their content digest (computed once per build), contact views by
    their repr (memoised); everything else is walked. Functions passed to templates count by
    name: what they compute is covered by the code version and by the values they are given."""

    def __init__(self, article_digests: dict[str, str]) -> None:
        self.article_digests = article_digests  # slug → the article's content digest
        # id → (object, digest): holding the object keeps its id from being reused by another
        self.memo: dict[int, tuple[Any, str]] = {}

    def key(self, *parts: Any) -> str:
        out: list[str] = []
        for part in parts:
            self.feed(part, out)
        return digest("\x00".join(out))

    def feed(self, value: Any, out: list[str]) -> None:
        known = self.memo.get(id(value))  # first: most of a list page's context is shared cards
        if known is not None and known[0] is value:
            out.append(known[1])
        elif value is None or isinstance(value, str | int | float | bool | dt.date):
            out.append(repr(value))
        elif isinstance(value, Article | ContactView | Card):
            out.append(self.shared(value))
        elif isinstance(value, dict):
            out.append("{")
            for key, item in value.items():
                self.feed(key, out)
                self.feed(item, out)
            out.append("}")
        elif isinstance(value, list | tuple):
            out.append("[")
            for item in value:
                self.feed(item, out)
            out.append("]")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            out.append(type(value).__name__)
            for field in dataclasses.fields(value):
                self.feed(getattr(value, field.name), out)
        elif isinstance(value, types.ModuleType):
            out.append(f"module:{value.__name__}")
        elif callable(value):
            out.append(f"function:{getattr(value, '__qualname__', type(value).__name__)}")
        else:
            out.append(repr(value))


    def shared(self, value: Article | ContactView | Card) -> str:
        """digest_of, memoised with the keys' own memo."""
        known = self.memo.get(id(value))
        if known is None or known[0] is not value:
            known = self.memo[id(value)] = (value, self.digest_of(value))
        return known[1]

    def digest_of(self, value: Article | ContactView | Card) -> str:
        """Values that are shared by many pages, immutable, and costly to walk each time."""
        if isinstance(value, Article) and value.slug in self.article_digests:
            return self.article_digests[value.slug]
        if isinstance(value, Card):
            if value.key is not None:
                return value.key
            out: list[str] = []
            self.feed(dict(value), out)
            return digest(*out)
        return digest(repr(value))


def meta_digest(article: Article, lead: str) -> str:
    """Everything of an article but its body, and the lead its cards show: all that any page but
    its own, and any export, shows of it (tests/test_incremental.py checks that claim)."""
    return digest(repr(_with_body(article, "")), lead)


_with_body = replacer(Article, "body")  # dataclasses.replace(article, body=...), without its cost


def article_digest(record_digest: str, article: Article) -> str:
    """A parsed article is a function of its record file; anchoring then fills its sources' anchors."""
    return digest(record_digest, repr(article.contacts))
