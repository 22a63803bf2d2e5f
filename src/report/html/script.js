(function () {
  "use strict";
  // The page is complete without this script: it only filters the rows
  // already in the page by pillar, severity and component.
  var rank = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
  var selected = null;
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings tr"));
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
}());
