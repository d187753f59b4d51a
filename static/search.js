// Full-text search over the index that archive/search.py writes to search/.
//
// The index is a set of script files, each calling a function of window.ArchiveSearch:
// <script src> works under file:// where fetch()/XHR do not. A query loads search/meta.js,
// the shard of each query term (search/terms/<key>.js) and the bucket file of each result shown
// (search/docs/<id >> meta.bucket>.js, every document of 2^meta.bucket ids, each loaded once)
// — never the whole index. Pages work without this file. A document's id is a hash of its own
// key, in a range per kind (archive/search.py `assign_ids`).
//
// Index text is hostile data: it only ever reaches the page through textContent.
// Under node the pure functions are exported for tests (tests/test_search.py).
(function () {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-.";
  var TF_MAX = 15, IN_TITLE = 16, IN_NAMES = 32;
  var PREFIX_FACTOR = 0.7; // a word that only starts with what is typed counts for less
  var PREFIX_MIN = 3; // shorter words being typed match exactly: "us" must not mean "use*"
  var PREFIX_SHARDS = 2; // and a prefix is expanded only if its terms sit in ≤ 2 shards
  var MAX_TERMS = 6; // bounds what one query can load
  var SNIPPET_WORDS = 28;

  // ------------------------------------------------------------ tokeniser (= archive/search.py)

  var MARKS = /[\u0300-\u036f]/g;
  var WORD = /[\p{L}\p{N}']+/gu;
  // A word as written, for highlighting: inner apostrophes only, so ‘China’s’ marks China’s.
  var SPAN = /[\p{L}\p{N}\p{M}]+(?:['\u2018\u2019][\p{L}\p{N}\p{M}]+)*/gu;

  function words(text) {
    return text.replace(/[\u2018\u2019]/g, "'").normalize("NFKD").replace(MARKS, "").toLowerCase().match(WORD) || [];
  }

  function length(word) { return Array.from(word).length; } // code points, as Python's len

  function endsWithAny(word, endings) {
    return endings.some(function (e) { return word.slice(-e.length) === e; });
  }

  function stem(word) {
    var n = length(word);
    if (n > 4 && endsWithAny(word, ["ies"])) { return word.slice(0, -3) + "y"; }
    if (n > 4 && endsWithAny(word, ["sses", "shes", "ches", "xes", "zes"])) { return word.slice(0, -2); }
    if (n > 3 && word.slice(-1) === "s" && !endsWithAny(word, ["ss", "us", "is"])) { return word.slice(0, -1); }
    return word;
  }

  function termOf(word, stop) {
    if (word.indexOf("'") !== -1) { word = word.replace(/^'+|'+$/g, "").replace(/'s$/, "").replace(/'/g, ""); }
    if (length(word) < 2 && !/^[0-9]$/.test(word)) { return ""; }
    if (stop.has(word)) { return ""; }
    var term = stem(word);
    return stop.has(term) ? "" : term;
  }

  function tokenize(text, stop) {
    return words(text).map(function (w) { return termOf(w, stop); }).filter(Boolean);
  }

  // ------------------------------------------------------------ query

  function unique(list) {
    return list.filter(function (x, i) { return list.indexOf(x) === i; });
  }

  // Terms (AND), the phrases in quotes, and the word being typed (live: prefix match).
  function parseQuery(text, stop, live) {
    var phrases = [];
    text.replace(/"([^"]*)"?/g, function (_, inner) {
      var terms = tokenize(inner, stop);
      if (terms.length > 1) { phrases.push(terms); }
      return "";
    });
    var terms = unique(tokenize(text, stop)).slice(0, MAX_TERMS);
    var last = words(text).pop() || "";
    var open = live && /[\p{L}\p{N}]$/u.test(text) && (text.match(/"/g) || []).length % 2 === 0;
    var prefix = open && last.length >= PREFIX_MIN && termOf(last, stop) ? termOf(last, stop) : "";
    return { terms: terms, phrases: phrases, prefix: terms.indexOf(prefix) === -1 ? "" : prefix };
  }

  // ------------------------------------------------------------ shards

  function keyChar(c) { return /[a-z0-9]/.test(c) ? c : "-"; }

  function shardKey(term, depth) {
    var key = Array.from(term).slice(0, depth).map(keyChar).join("");
    while (key.length < depth) { key += "_"; }
    return key;
  }

  // The leaf of the trie on the term's path: the one shard that can hold it.
  function shardFor(term, shards) {
    for (var depth = 1; depth <= shards.depth; depth += 1) {
      var key = shardKey(term, depth);
      if (shards.set.has(key)) { return key; }
      if (key.slice(-1) === "_") { break; }
    }
    return null;
  }

  // Every shard that can hold a term starting with `prefix`, or null if too many.
  function shardsForPrefix(prefix, shards) {
    var own = shardFor(prefix, shards);
    var stem = shardKey(prefix, Array.from(prefix).length);
    if (own && own.length <= stem.length) { return [own]; }
    var found = shards.list.filter(function (k) { return k.slice(0, stem.length) === stem; });
    return found.length <= PREFIX_SHARDS ? found : null;
  }

  function shardIndex(meta) {
    return { list: meta.shards, set: new Set(meta.shards), depth: meta.depth };
  }

  // ------------------------------------------------------------ postings and ranking

  // Character code → its place in ALPHABET: the digits of the ids and the weights.
  var DIGIT = [];
  for (var d = 0; d < ALPHABET.length; d += 1) { DIGIT[ALPHABET.charCodeAt(d)] = d; }

  // [df, "ids", "weights"] → {df, ids, weights, cut}. The ids are deltas in base 32, most
  // significant digit first; a digit from the upper half of ALPHABET (≥ 32) means more follow.
  function decode(entry) {
    var digits = entry[1], marks = entry[2], ids = [], weights = [], id = 0, acc = 0;
    for (var i = 0; i < digits.length; i += 1) {
      var digit = DIGIT[digits.charCodeAt(i)];
      if (digit >= 32) {
        acc = acc * 32 + digit - 32;
      } else {
        id += acc * 32 + digit;
        acc = 0;
        ids.push(id);
        weights.push(DIGIT[marks.charCodeAt(ids.length - 1)]);
      }
    }
    return { df: entry[0], ids: ids, weights: weights, cut: entry[0] > ids.length };
  }

  function idf(docs, df) { return Math.log(1 + docs / df); }

  // One posting's score: saturating tf (BM25-like, k1 = 1.2) plus title and name boosts.
  // A name match on a person's own page counts most: "blinken" should find Blinken first.
  function weightScore(weight, isPerson) {
    var tf = weight & TF_MAX;
    return (tf ? tf * 2.2 / (tf + 1.2) : 0) + (weight & IN_TITLE ? 3 : 0) +
      (weight & IN_NAMES ? (isPerson ? 6 : 2) : 0);
  }

  // A query term's postings as doc → score; a prefix group keeps each doc's best term.
  // meta.people: where the people's ids start (ids are ranges by kind: articles, contacts, people).
  function groupScores(entries, meta) {
    var scores = new Map(), cut = false;
    entries.forEach(function (item) {
      var list = decode(item.entry), factor = item.factor;
      cut = cut || list.cut;
      list.ids.forEach(function (id, i) {
        var score = idf(meta.docs, list.df) * weightScore(list.weights[i], id >= meta.people) * factor;
        if (!(scores.get(id) >= score)) { scores.set(id, score); }
      });
    });
    return { scores: scores, cut: cut };
  }

  // AND of the groups. A cut group (a very common term, postings capped) cannot prove a doc
  // lacks the term, so it only scores; docs matching fewer groups rank after full matches.
  function rank(groups) {
    var required = groups.filter(function (g) { return !g.cut; });
    var pool = required.length ? required.slice().sort(function (a, b) { return a.scores.size - b.scores.size; })[0]
      : null;
    var candidates = new Set();
    (pool ? [pool] : groups).forEach(function (g) { g.scores.forEach(function (_, id) { candidates.add(id); }); });
    var hits = [];
    candidates.forEach(function (id) {
      if (!required.every(function (g) { return g.scores.has(id); })) { return; }
      var score = 0, matched = 0;
      groups.forEach(function (g) {
        if (g.scores.has(id)) { score += g.scores.get(id); matched += 1; }
      });
      hits.push({ id: id, score: score, matched: matched });
    });
    // Equal scores: the higher id first, so people, then contacts, then articles (by id range).
    hits.sort(function (a, b) { return b.matched - a.matched || b.score - a.score || b.id - a.id; });
    return { hits: hits, exact: !groups.some(function (g) { return g.cut; }) };
  }

  // ------------------------------------------------------------ snippets

  // Does a word as written match the query? (Its terms, or the prefix being typed.)
  function matcher(query, stop) {
    var wanted = new Set(query.terms);
    return function (span) {
      return tokenize(span, stop).some(function (t) {
        return wanted.has(t) || (query.prefix && t.indexOf(query.prefix) === 0);
      });
    };
  }

  function spans(text) {
    var out = [], m;
    SPAN.lastIndex = 0;
    while ((m = SPAN.exec(text)) !== null) { out.push({ start: m.index, end: m.index + m[0].length, word: m[0] }); }
    return out;
  }

  // Text → [{text, mark}] over spans[from..to), with "…" where cut.
  function segments(text, found, hits, from, to) {
    var out = [], pos = from > 0 ? found[from].start : 0;
    var end = to < found.length ? found[to - 1].end : text.length;
    if (from > 0) { out.push({ text: "… ", mark: false }); }
    for (var i = from; i < to; i += 1) {
      if (!hits[i]) { continue; }
      if (found[i].start > pos) { out.push({ text: text.slice(pos, found[i].start), mark: false }); }
      out.push({ text: found[i].word, mark: true });
      pos = found[i].end;
    }
    if (end > pos) { out.push({ text: text.slice(pos, end), mark: false }); }
    if (to < found.length) { out.push({ text: " …", mark: false }); }
    return out;
  }

  function highlight(text, isHit) {
    var found = spans(text);
    return segments(text, found, found.map(function (s) { return isHit(s.word); }), 0, found.length);
  }

  // The block with the most distinct matching words; a window of it around the densest hits.
  function snippet(blocks, isHit, size) {
    size = size || SNIPPET_WORDS;
    var best = null;
    blocks.forEach(function (block) {
      var found = spans(block[1]), hits = found.map(function (s) { return isHit(s.word); });
      var distinct = new Set(found.filter(function (_, i) { return hits[i]; }).map(function (s) { return s.word.toLowerCase(); }));
      if (distinct.size && (!best || distinct.size > best.distinct)) {
        best = { block: block, found: found, hits: hits, distinct: distinct.size };
      }
    });
    if (!best) {
      var first = blocks[0] || ["", ""], all = spans(first[1]);
      return { anchor: "", segments: segments(first[1], all, [], 0, Math.min(size, all.length)) };
    }
    var start = 0, most = -1;
    best.hits.forEach(function (hit, i) {
      if (!hit) { return; }
      var count = best.hits.slice(i, i + size).filter(Boolean).length;
      if (count > most) { most = count; start = i; }
    });
    start = Math.max(0, Math.min(start - 6, best.found.length - size));
    var to = Math.min(best.found.length, start + size);
    return { anchor: best.block[0], segments: segments(best.block[1], best.found, best.hits, start, to) };
  }

  // Does the doc's text hold the phrase's terms in a row? A doc whose text was cut for its
  // bucket ("c") is kept when the phrase is not in what it keeps: it may come further on.
  function hasPhrase(doc, phrase, stop) {
    var text = [doc.t].concat(doc.b.map(function (b) { return b[1]; })).join(" \n ");
    var terms = tokenize(text, stop), n = phrase.length;
    for (var i = 0; i + n <= terms.length; i += 1) {
      if (terms.slice(i, i + n).join(" ") === phrase.join(" ")) { return true; }
    }
    return !!doc.c;
  }

  // ------------------------------------------------------------ the engine

  var store = { meta: null, shards: {}, docs: {} };
  var registry = {
    meta: function (data) { store.meta = data; },
    shard: function (key, data) { store.shards[key] = data; },
    // One bucket file: [[id, doc], …], every document whose id >> meta.bucket is `bucket`.
    docs: function (bucket, list) { list.forEach(function (pair) { store.docs[pair[0]] = pair[1]; }); }
  };

  // load(path) → Promise resolved once the script at site-relative `path` has run.
  function makeEngine(load) {
    var pending = {};
    function once(path) {
      if (!pending[path]) { pending[path] = load(path); }
      return pending[path];
    }
    function meta() {
      return once("search/meta.js").then(function () {
        var m = store.meta;
        m.stopSet = m.stopSet || new Set(m.stop);
        m.index = m.index || shardIndex(m);
        return m;
      });
    }
    function shard(key) {
      return once("search/terms/" + key + ".js").then(function () { return store.shards[key]; });
    }
    // The docs of `ids`: each bucket file is loaded once (`once`), however many of its docs are asked for.
    function docs(ids) {
      return meta().then(function (m) {
        return Promise.all(ids.map(function (id) {
          return once("search/docs/" + (id >> m.bucket) + ".js").then(function () {
            return store.docs[id];
          });
        }));
      });
    }
    // The query's term groups: exact terms, and for the typed word every term it starts.
    function groups(m, query) {
      return Promise.all(query.terms.map(function (term) {
        var prefix = term === query.prefix ? shardsForPrefix(term, m.index) : null;
        var keys = prefix || [shardFor(term, m.index)].filter(Boolean);
        return Promise.all(keys.map(shard)).then(function (loaded) {
          var entries = [];
          loaded.forEach(function (data) {
            Object.keys(data).sort().forEach(function (t) {
              if (t === term) { entries.push({ entry: data[t], factor: 1 }); }
              else if (prefix && t.indexOf(term) === 0) { entries.push({ entry: data[t], factor: PREFIX_FACTOR }); }
            });
          });
          return groupScores(entries, m);
        });
      }));
    }
    // → {query, hits, exact}: every matching doc id, best first (no doc loaded yet).
    function search(text, live) {
      return meta().then(function (m) {
        var query = parseQuery(text, m.stopSet, live);
        if (!query.terms.length) { return { query: query, hits: [], exact: true }; }
        return groups(m, query).then(function (gs) {
          var ranked = rank(gs);
          return { query: query, hits: ranked.hits, exact: ranked.exact };
        });
      });
    }
    // Docs for hits[from, from + count), as results ready to show; phrases filter here.
    function results(found, from, count) {
      return meta().then(function (m) {
        var slice = found.hits.slice(from, from + count);
        var isHit = matcher(found.query, m.stopSet);
        return docs(slice.map(function (h) { return h.id; })).then(function (loaded) {
          return loaded.map(function (doc, i) {
            return { id: slice[i].id, doc: doc, title: highlight(doc.t, isHit), snippet: snippet(doc.b, isHit) };
          }).filter(function (r) {
            return found.query.phrases.every(function (p) { return hasPhrase(r.doc, p, m.stopSet); });
          });
        });
      });
    }
    return { meta: meta, search: search, results: results, docs: docs };
  }

  var api = {
    words: words, stem: stem, termOf: termOf, tokenize: tokenize, parseQuery: parseQuery,
    shardKey: shardKey, shardFor: shardFor, shardsForPrefix: shardsForPrefix, shardIndex: shardIndex,
    decode: decode, weightScore: weightScore, idf: idf, groupScores: groupScores, rank: rank,
    matcher: matcher, highlight: highlight, snippet: snippet, hasPhrase: hasPhrase,
    makeEngine: makeEngine, registry: registry, store: store
  };
  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    return;
  }

  // ------------------------------------------------------------ the page (browser only)

  window.ArchiveSearch = registry;
  var root = document.body.getAttribute("data-root") || "";

  function loadScript(path) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement("script");
      el.src = root + path;
      el.async = true;
      el.onload = function () { el.remove(); resolve(); };
      el.onerror = function () { el.remove(); reject(new Error("missing " + path)); };
      document.head.appendChild(el);
    });
  }

  var engine = makeEngine(loadScript);

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // Segments → nodes: text nodes and <mark>; index text never goes through innerHTML.
  function fill(node, segs) {
    segs.forEach(function (s) {
      node.appendChild(s.mark ? el("mark", "", s.text) : document.createTextNode(s.text));
    });
    return node;
  }

  function resultHref(result) {
    var anchor = result.doc.k === "article" && result.snippet.anchor ? "#" + result.snippet.anchor : "";
    return root + result.doc.u + anchor;
  }

  function resultLink(result) {
    var a = el("a");
    a.href = resultHref(result);
    a.appendChild(fill(el("span", "result-title"), result.title));
    a.appendChild(el("span", "result-meta", result.doc.m));
    a.appendChild(fill(el("span", "result-snippet"), result.snippet.segments));
    return a;
  }

  function quoted(text) { return "\u201c" + text.trim() + "\u201d"; }

  function debounce(fn, ms) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }

  // -------- header box: an ARIA 1.2 combobox with a listbox popup of links

  function initBox() {
    var box = document.getElementById("search-box");
    var popup = document.getElementById("search-popup");
    if (!box || !popup) { return; }
    var form = box.form, seq = 0, active = -1;
    var live = el("span", "visually-hidden");
    live.setAttribute("role", "status");
    form.appendChild(live);
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("aria-controls", "search-popup");
    popup.setAttribute("role", "listbox");
    popup.setAttribute("aria-label", "Search results");

    function options() {
      return Array.prototype.slice.call(popup.querySelectorAll("[role=option]:not([aria-disabled])"));
    }

    function select(index) {
      var opts = options();
      active = opts.length ? (index + opts.length) % opts.length : -1;
      opts.forEach(function (o, i) { o.setAttribute("aria-selected", String(i === active)); });
      if (active >= 0) {
        box.setAttribute("aria-activedescendant", opts[active].id);
        opts[active].scrollIntoView({ block: "nearest" });
      } else {
        box.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      popup.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function option(node, index) {
      node.id = "search-option-" + index;
      node.setAttribute("role", "option");
      node.setAttribute("aria-selected", "false");
      node.tabIndex = -1;
      return node;
    }

    function show(text, found, results) {
      // Results can arrive while the reader moves through older ones (a search started during a
      // pause in typing ends after the keys were pressed): the chosen result stays chosen.
      var chosen = active >= 0 && !popup.hidden ? options()[active].getAttribute("href") : null;
      popup.replaceChildren();
      results.forEach(function (r, i) { popup.appendChild(option(resultLink(r), i)); });
      if (results.length) {
        var all = el("a", "result-meta", "All results for " + quoted(text));
        all.href = root + "search/index.html?q=" + encodeURIComponent(text.trim());
        popup.appendChild(option(all, results.length));
      } else {
        var none = option(el("span", "result-meta", "No results for " + quoted(text)), 0);
        none.setAttribute("aria-disabled", "true");
        popup.appendChild(none);
      }
      live.textContent = results.length ? found.hits.length + " results" : "No results";
      popup.hidden = false;
      box.setAttribute("aria-expanded", "true");
      active = -1;
      box.removeAttribute("aria-activedescendant");
      var again = chosen ? options().findIndex(function (o) { return o.getAttribute("href") === chosen; }) : -1;
      if (again >= 0) { select(again); }
    }

    function run() {
      var text = box.value, mine = (seq += 1);
      if (!text.trim()) { close(); return; }
      engine.search(text, true).then(function (found) {
        return engine.results(found, 0, 6).then(function (results) {
          if (mine === seq) { show(text, found, results); }
        });
      }).catch(function () { if (mine === seq) { live.textContent = "Search is unavailable."; } });
    }

    box.addEventListener("input", debounce(run, 120));
    box.addEventListener("focus", function () { engine.meta().catch(function () {}); });
    box.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (popup.hidden) { if (box.value.trim()) { run(); } return; }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        select(active < 0 ? (step > 0 ? 0 : -1) : active + step); // wraps at both ends
      } else if (event.key === "Enter" && !popup.hidden && active >= 0) {
        var target = options()[active];
        if (target.href) { event.preventDefault(); window.location.href = target.href; }
      } else if (event.key === "Escape" && !popup.hidden) {
        event.preventDefault();
        close();
      }
    });
    // Keep focus in the box while a result is clicked, so the click lands on the link.
    popup.addEventListener("mousedown", function (event) { event.preventDefault(); });
    document.addEventListener("click", function (event) { if (!form.contains(event.target)) { close(); } });
    form.addEventListener("focusout", function (event) {
      if (!form.contains(event.relatedTarget)) { close(); }
    });
  }

  // -------- the search page: search/index.html?q=…

  function initPage() {
    var box = document.getElementById("search-page-box");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var more = document.getElementById("search-more");
    if (!box || !list || !status) { return; }
    var PAGE = 10, seq = 0, current = null, shown = 0;

    function append(results) {
      results.forEach(function (r) {
        var li = el("li");
        li.appendChild(resultLink(r));
        list.appendChild(li);
      });
    }

    function describe(text, found) {
      if (!found.query.terms.length) { return "Type words to search for."; }
      if (!found.hits.length) { return "No results for " + quoted(text) + "."; }
      var phrase = found.query.phrases.length ? " (exact phrase checked in the results shown)" : "";
      var count = found.exact ? found.hits.length + (found.hits.length === 1 ? " result" : " results")
        : "Many results; the best shown first,";
      return count + " for " + quoted(text) + phrase + ".";
    }

    function page(mine) {
      var from = shown;
      shown += PAGE;
      return engine.results(current, from, PAGE).then(function (results) {
        if (mine !== seq) { return; }
        append(results);
        if (more) { more.hidden = shown >= current.hits.length; }
      });
    }

    function run(text, live) {
      var mine = (seq += 1);
      list.replaceChildren();
      if (more) { more.hidden = true; }
      if (!text.trim()) { status.textContent = ""; return; }
      status.textContent = "Searching\u2026";
      engine.search(text, live).then(function (found) {
        if (mine !== seq) { return null; }
        current = found;
        shown = 0;
        status.textContent = describe(text, found);
        return page(mine);
      }).catch(function () { status.textContent = "The search index could not be loaded."; });
    }

    var query = new URLSearchParams(window.location.search).get("q") || "";
    box.value = query;
    if (query) { run(query, false); }
    box.addEventListener("input", debounce(function () {
      run(box.value, true);
      try { // under file:// Chrome refuses to rewrite the URL; the results still show
        window.history.replaceState(null, "", "?q=" + encodeURIComponent(box.value));
      } catch (e) { /* keep the old URL */ }
    }, 200));
    if (more) { more.addEventListener("click", function () { page(seq); }); }
  }

  initBox();
  initPage();
})();
