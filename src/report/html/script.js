(function () {
  "use strict";
  // The page is complete without this script: it only filters what is
  // already in the page — by pillar, severity, part of the picture (click
  // one to list its findings, unknowns and attestations) and, for a fleet,
  // cluster (which also shows that cluster's picture alone).
  var rank = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
  var selected = null;
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  var rows = all("#findings tr[data-pillar]");
  var related = all("#unknown tr[data-component], #attestations tr[data-component], #todo tr[data-component]");
  var groups = all(".architecture .component");
  var pictures = all("figure.picture");
  var clusterSelect = document.getElementById("cluster");
  function inCluster(tr, cluster) {
    // Rows tied to no cluster (workloads, the registry…) belong to every one.
    return !cluster || !tr.hasAttribute("data-cluster") || tr.getAttribute("data-cluster") === cluster;
  }
  function apply() {
    var pillar = document.getElementById("pillar").value;
    var min = rank[document.getElementById("severity").value];
    var cluster = clusterSelect ? clusterSelect.value : "";
    var shown = 0;
    rows.forEach(function (tr) {
      var show = (!pillar || tr.getAttribute("data-pillar") === pillar) &&
        rank[tr.getAttribute("data-severity")] >= min &&
        (!selected || tr.getAttribute("data-component") === selected) &&
        inCluster(tr, cluster);
      tr.hidden = !show;
      if (show) { shown += 1; }
    });
    // Unknowns, attestations and attestations to write follow the selection too.
    related.forEach(function (tr) {
      var component = tr.getAttribute("data-component");
      tr.hidden = (selected !== null && component !== "" && component !== selected) || !inCluster(tr, cluster);
    });
    if (clusterSelect) {
      pictures.forEach(function (figure) { figure.hidden = figure.getAttribute("data-cluster") !== cluster; });
    }
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
  ["pillar", "severity", "cluster"].forEach(function (id) {
    var control = document.getElementById(id);
    if (control) { control.addEventListener("change", apply); }
  });
  document.getElementById("show-all").addEventListener("click", function () { selected = null; apply(); });
  document.getElementById("filters").classList.add("active");
  // A link can name a part: report.html#egress opens with it selected.
  var named = decodeURIComponent(location.hash.slice(1));
  if (groups.some(function (g) { return g.getAttribute("data-component") === named; })) {
    selected = named;
  }
  apply();
}());
