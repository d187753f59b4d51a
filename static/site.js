// Progressive enhancement only: every page is complete without this file.
(function () {
  "use strict";

  // "/" focuses the search box, as on most sites with search.
  document.addEventListener("keydown", function (event) {
    var box = document.getElementById("search-box");
    var tag = (event.target && event.target.tagName) || "";
    if (event.key === "/" && box && !/^(INPUT|TEXTAREA|SELECT)$/.test(tag) && !event.target.isContentEditable) {
      event.preventDefault();
      box.focus();
      box.select();
    }
  });

  // Past a size, the home page lists the months, each on a page of its own (timeline/YYYY/MM/)
  // with its held and planned contacts. A link made to such a contact on the home page (index.html#2023-11-15-…)
  // while the archive was smaller is sent on to the contact's month: an id starts with its date.
  var monthPages = document.querySelector("[data-month-pages]");
  var wanted = decodeURIComponent(location.hash.slice(1));
  var month = /^(\d{4})-(\d{2})(?:-|$)/.exec(wanted);
  if (monthPages && month && !document.getElementById(wanted)) {
    location.replace((document.body.getAttribute("data-root") || "") + "timeline/" + month[1] + "/" + month[2] +
      "/index.html" + location.hash);
    return;
  }

  // Search is loaded only when it is wanted: the first focus of the header box, or the search page.
  // Pages stay light (the budget counts every script a page names) and fully readable without it.
  var searchLoaded = false;
  function loadSearch() {
    if (searchLoaded) { return; }
    searchLoaded = true;
    var script = document.createElement("script");
    script.src = (document.body.getAttribute("data-root") || "") + "static/search.js";
    script.onload = function () {
      var box = document.getElementById("search-box");
      if (box && box.value && document.activeElement === box) {
        box.dispatchEvent(new Event("input", { bubbles: true }));
      }
    };
    document.head.appendChild(script);
  }
  var headerBox = document.getElementById("search-box");
  if (headerBox) {
    headerBox.addEventListener("focus", loadSearch);
    if (document.activeElement === headerBox) { loadSearch(); }
  }
  if (document.getElementById("search-page-box")) { loadSearch(); }

  // Timeline filters: by mode and by person.
  var filters = document.getElementById("filters");
  if (!filters) { return; }
  filters.hidden = false;
  var contacts = Array.prototype.slice.call(document.querySelectorAll(".timeline .contact"));
  var status = filters.querySelector(".filter-status");
  var personBox = filters.querySelector("input[name=person]");

  function apply() {
    var modes = Array.prototype.slice.call(filters.querySelectorAll("input[name=mode]:checked")).map(function (b) { return b.value; });
    var person = personBox.value.trim().toLowerCase();
    var shown = 0;
    contacts.forEach(function (card) {
      var visible = modes.indexOf(card.getAttribute("data-mode")) !== -1 &&
        (!person || card.getAttribute("data-people").toLowerCase().indexOf(person) !== -1);
      card.parentNode.classList.toggle("is-hidden", !visible);
      if (visible) { shown += 1; }
    });
    document.querySelectorAll("section.month").forEach(function (section) {
      section.classList.toggle("is-hidden", !section.querySelector(".timeline > li:not(.is-hidden)"));
    });
    status.textContent = shown === contacts.length ? "Showing all " + shown + " contacts." : "Showing " + shown + " of " + contacts.length + " contacts.";
  }
  filters.addEventListener("change", apply);
  personBox.addEventListener("input", apply);
})();
