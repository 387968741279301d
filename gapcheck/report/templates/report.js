/* Filters for the gap report: by domain and status, kept in the address
   (report.html#status=missing&domain=data-protection) so a filtered view can
   be bookmarked or sent. Without JavaScript every item stays visible. */
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll("article.item"));
  var domains = Array.prototype.slice.call(document.querySelectorAll("section.domain"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=status]"));
  var select = form.querySelector("select[name=domain]");
  var shown = form.querySelector("output.shown");
  var note = document.querySelector("p.filter-note");

  function state() {
    return {
      domain: select.value,
      statuses: boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; })
    };
  }

  function apply(s) {
    var visible = 0;
    items.forEach(function (item) {
      var show = (!s.domain || item.getAttribute("data-domain") === s.domain) &&
        s.statuses.indexOf(item.getAttribute("data-status")) !== -1;
      item.hidden = !show;
      if (show) { visible += 1; }
    });
    domains.forEach(function (section) {
      section.hidden = !section.querySelector("article.item:not([hidden])");
    });
    shown.textContent = "Showing " + visible + " of " + items.length + " items";
    var filtered = visible !== items.length;
    note.hidden = !filtered;
    note.textContent = filtered ? "Filtered: " + describe(s) + " (" + visible + " of " + items.length + " items)." : "";
  }

  function describe(s) {
    var parts = [];
    if (s.domain) { parts.push(select.options[select.selectedIndex].text); }
    parts.push(s.statuses.length ? s.statuses.join(", ") : "no status");
    return parts.join("; ");
  }

  function fromHash() {
    var hash = window.location.hash.replace(/^#/, "");
    if (hash.indexOf("=") === -1) { return false; }  /* an anchor such as #DP-22, not filters */
    var params = {};
    hash.split("&").forEach(function (pair) {
      var kv = pair.split("=");
      params[decodeURIComponent(kv[0])] = decodeURIComponent(kv.slice(1).join("="));
    });
    var domain = params.domain || "";
    select.value = Array.prototype.some.call(select.options, function (o) { return o.value === domain; }) ? domain : "";
    var statuses = params.status ? params.status.split(",") : null;
    boxes.forEach(function (b) { b.checked = !statuses || statuses.indexOf(b.value) !== -1; });
    return true;
  }

  function toHash(s) {
    var parts = [];
    if (s.domain) { parts.push("domain=" + encodeURIComponent(s.domain)); }
    if (s.statuses.length !== boxes.length) { parts.push("status=" + s.statuses.join(",")); }
    var hash = parts.length ? "#" + parts.join("&") : "";
    try {
      window.history.replaceState(null, "", hash || window.location.pathname + window.location.search);
    } catch (e) { /* some browsers refuse for file: pages; the filters still work */ }
  }

  form.addEventListener("change", function () { var s = state(); apply(s); toHash(s); });
  form.addEventListener("reset", function () {
    window.setTimeout(function () { var s = state(); apply(s); toHash(s); }, 0);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("hashchange", function () { if (fromHash()) { apply(state()); } });

  // Folded quotes are part of the evidence: print them all.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.more"), function (d) { d.open = true; });
  });

  form.hidden = false;
  fromHash();
  apply(state());
  document.documentElement.setAttribute("data-filters", "ready");
}());
