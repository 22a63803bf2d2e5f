(function () {
  "use strict";
  // The page is complete without this script: it only filters the rows
  // already in the page by pillar, severity and component (clicking a part
  // of the picture shows its findings and unknowns).
  var rank = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
  var selected = null;
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings tr[data-pillar]"));
  var unknown = Array.prototype.slice.call(document.querySelectorAll("#unknown tr[data-component]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("#architecture .component"));
  function apply() {
    var pillar = document.getElementById("pillar").value;
    var min = rank[document.getElementById("severity").value];
    var shown = 0;
    rows.forEach(function (tr) {
      var show = (!pillar || tr.getAttribute("data-pillar") === pillar) &&
        rank[tr.getAttribute("data-severity")] >= min &&
        (!selected || tr.getAttribute("data-component") === selected);
      tr.hidden = !show;
      if (show) { shown += 1; }
    });
    // The unknowns follow the selected part too.
    unknown.forEach(function (tr) {
      tr.hidden = selected !== null && tr.getAttribute("data-component") !== selected;
    });
    groups.forEach(function (g) { g.classList.toggle("selected", g.getAttribute("data-component") === selected); });
    document.getElementById("list-title").textContent =
      (selected ? "Findings on " + selected : "Findings") + " (" + shown + " of " + rows.length + ")";
  }
  groups.forEach(function (g) {
    g.addEventListener("click", function () {
      var id = g.getAttribute("data-component");
      selected = selected === id ? null : id;
      apply();
    });
  });
  ["pillar", "severity"].forEach(function (id) { document.getElementById(id).addEventListener("change", apply); });
  document.getElementById("show-all").addEventListener("click", function () { selected = null; apply(); });
  document.getElementById("filters").classList.add("active");
  // A link can name a part: report.html#egress opens with it selected.
  var named = decodeURIComponent(location.hash.slice(1));
  if (groups.some(function (g) { return g.getAttribute("data-component") === named; })) {
    selected = named;
    apply();
  }
}());
