// Injected by `build_site.py serve` only (never written to output/): reload on rebuild,
// show a failed build's error on the page.
(function () {
  "use strict";
  var seen = null;
  var box = null;

  function showError(message) {
    if (!box) {
      box = document.createElement("div");
      box.className = "dev-error";
      box.setAttribute("role", "alert");
      document.body.appendChild(box);
    }
    box.textContent = "Build failed — the page shows the last good build.\n" + message;
  }

  function poll() {
    fetch("/__status", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        if (seen !== null && status.build !== seen && !status.error) { location.reload(); return; }
        seen = status.build;
        if (status.error) { showError(status.error); } else if (box) { box.remove(); box = null; }
      })
      .catch(function () { /* the server is restarting: try again */ })
      .then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
