(function () {
  "use strict";
  // Everything from the audited code reaches the page through textContent,
  // never innerHTML, so no file name or string literal can become markup.
  var data = JSON.parse(document.getElementById("seam-data").textContent);
  var PAGE = 100;
  var MAX_EVIDENCE = 300;
  var nodes = data.nodes;
  var byId = new Map();
  nodes.forEach(function (n, i) { byId.set(n.id, i); });
  var outgoing = nodes.map(function () { return []; });
  var incoming = nodes.map(function () { return []; });
  data.edges.forEach(function (e, i) { outgoing[e[0]].push(i); incoming[e[1]].push(i); });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function nodeLink(index) {
    return el("code", { "class": "node-link", "data-node": nodes[index].id, tabindex: "0", text: nodes[index].id });
  }

  // ---- tables: sort, filter, paginate --------------------------------------
  function cellValue(row, i) {
    var text = row.cells[i].textContent.trim();
    return /^-?[\d.]+$/.test(text) ? parseFloat(text) : text.toLowerCase();
  }

  function paginate(table, page) {
    var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (r) { return !r.dataset.filtered; });
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    page = Math.min(Math.max(0, page), pages - 1);
    table.dataset.page = page;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) { r.hidden = true; });
    rows.slice(page * PAGE, (page + 1) * PAGE).forEach(function (r) { r.hidden = false; });
    var pager = table.nextElementSibling && table.nextElementSibling.classList.contains("pager") ? table.nextElementSibling : null;
    if (!pager) {
      pager = el("div", { "class": "pager" });
      table.parentNode.insertBefore(pager, table.nextSibling);
    }
    pager.textContent = "";
    if (rows.length <= PAGE) {
      pager.appendChild(el("span", { text: rows.length + " row(s)" }));
      return;
    }
    var prev = el("button", { type: "button", text: "‹ Previous" });
    var next = el("button", { type: "button", text: "Next ›" });
    prev.disabled = page === 0;
    next.disabled = page === pages - 1;
    prev.addEventListener("click", function () { paginate(table, page - 1); });
    next.addEventListener("click", function () { paginate(table, page + 1); });
    pager.appendChild(prev);
    pager.appendChild(el("span", { text: "page " + (page + 1) + " of " + pages + " · " + rows.length + " rows" }));
    pager.appendChild(next);
  }

  document.querySelectorAll("main table:not(.dsm)").forEach(function (table) {
    var headers = table.querySelectorAll("th");
    headers.forEach(function (th, i) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var asc = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i), y = cellValue(b, i);
          return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
        if (table.classList.contains("paged")) paginate(table, 0);
      });
    });
    if (table.classList.contains("paged")) paginate(table, 0);
  });

  document.querySelectorAll("input.filter").forEach(function (input) {
    var table = document.getElementById(input.dataset.table);
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        var out = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
        if (out) r.dataset.filtered = "1"; else delete r.dataset.filtered;
        r.hidden = out;
      });
      if (table.classList.contains("paged")) paginate(table, 0);
    });
  });

  // ---- module panel ----------------------------------------------------------
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");

  function evidenceList(edgeIndices, otherEnd) {
    var list = el("ul", { "class": "evidence" });
    edgeIndices.slice(0, MAX_EVIDENCE).forEach(function (i) {
      var e = data.edges[i];
      list.appendChild(el("li", {}, [
        nodeLink(e[otherEnd]),
        el("div", { "class": "where", text: e[3] + ":" + e[4] }),
        e[5] ? el("code", { "class": "text", text: e[5] }) : null
      ]));
    });
    if (edgeIndices.length > MAX_EVIDENCE) {
      list.appendChild(el("li", { "class": "muted", text: (edgeIndices.length - MAX_EVIDENCE) + " more in report.json" }));
    }
    return list;
  }

  function groupByKind(edgeIndices) {
    var groups = new Map();
    edgeIndices.forEach(function (i) {
      var kind = data.edges[i][2];
      if (!groups.has(kind)) groups.set(kind, []);
      groups.get(kind).push(i);
    });
    return groups;
  }

  var KIND_TITLES = {
    "import": ["Imports", "Imported by"],
    "reads_global": ["Reads globals", "Read by"],
    "writes_global": ["Writes globals", "Written by"],
    "uses_table": ["Uses tables", "Used by"],
    "handles": ["Handles", "Handled by"],
    "requests": ["Requests", "Requested by"],
    "co_change": ["Changes with", "Changes with"]
  };

  function openPanel(index) {
    var n = nodes[index];
    panelBody.textContent = "";
    panelBody.appendChild(el("h3", { text: n.id }));
    var facts = [n.kind, n.language, n.name, n.role && ("role: " + n.role)].filter(Boolean).join(" · ");
    panelBody.appendChild(el("div", { "class": "muted", text: facts }));
    if (n.kind === "module") {
      var metrics = el("div", { "class": "metrics" });
      [["lines", n.lines], ["fan-in", n.fan_in], ["fan-out", n.fan_out], ["external", n.external_deps], ["instability", n.instability.toFixed(2)]].forEach(function (m) {
        metrics.appendChild(el("div", {}, [el("b", { text: String(m[1]) }), el("span", { "class": "muted", text: m[0] })]));
      });
      panelBody.appendChild(metrics);
    }
    if (n.cycle !== null && n.cycle !== undefined) {
      var cycle = data.cycles[n.cycle];
      var path = el("div", {});
      cycle.path.forEach(function (step, i) {
        if (i > 0) path.appendChild(el("span", { "class": "arrow", text: "→" }));
        path.appendChild(nodeLink(step));
      });
      panelBody.appendChild(el("h4", { text: "In an import cycle of " + cycle.size + " module(s)" }));
      panelBody.appendChild(path);
    }
    [[outgoing[index], 1, 0], [incoming[index], 0, 1]].forEach(function (side) {
      groupByKind(side[0]).forEach(function (edges, kind) {
        var title = (KIND_TITLES[kind] || [kind, kind])[side[2]];
        panelBody.appendChild(el("h4", { text: title + " (" + edges.length + ")" }));
        panelBody.appendChild(evidenceList(edges, side[1]));
      });
    });
    if (outgoing[index].length + incoming[index].length === 0) {
      panelBody.appendChild(el("p", { "class": "muted", text: "No edges in or out." }));
    }
    panel.hidden = false;
    panel.scrollTop = 0;
  }

  document.getElementById("panel-close").addEventListener("click", function () {
    panel.hidden = true;
    if (/^#module=/.test(location.hash)) history.replaceState(null, "", location.pathname + location.search);
  });

  function openNode(id) { location.hash = "module=" + encodeURIComponent(id); }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-node]");
    if (target) openNode(target.getAttribute("data-node"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") panel.hidden = true;
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-node]")) openNode(event.target.getAttribute("data-node"));
  });

  // ---- dependency structure matrix -------------------------------------------
  var dsm = data.dsm;
  var cellOf = new Map();
  dsm.cells.forEach(function (c) { cellOf.set(c[0] + "," + c[1], c); });
  var maxCount = dsm.cells.reduce(function (m, c) { return c[0] === c[1] ? m : Math.max(m, c[2]); }, 1);

  function renderMatrix() {
    var host = document.getElementById("dsm-matrix");
    if (dsm.groups.length === 0) { host.appendChild(el("p", { "class": "muted", text: "No modules." })); return; }
    var table = el("table", { "class": "dsm" });
    var head = el("tr", {}, [el("th", { "class": "row", text: "imports from →" })]);
    dsm.groups.forEach(function (g, j) { head.appendChild(el("th", { title: g, text: String(j + 1) })); });
    table.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    dsm.groups.forEach(function (g, i) {
      var row = el("tr", {}, [el("th", { "class": "row", title: g, text: (i + 1) + " " + g })]);
      dsm.groups.forEach(function (h, j) {
        var c = cellOf.get(i + "," + j);
        var td = el("td", { "data-cell": i + "," + j, title: g + " → " + h + (c ? ": " + c[2] + " import(s)" : "") });
        if (i === j) td.className = "diag";
        if (c) {
          td.textContent = String(c[2]);
          if (i !== j) {
            var alpha = 0.12 + 0.75 * Math.log(1 + c[2]) / Math.log(1 + maxCount);
            td.style.background = "rgba(var(--heat)," + alpha.toFixed(2) + ")";
            if (alpha > 0.55) td.style.color = "#fff";
          }
          if (c[3]) td.classList.add("cyclic");
        }
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    host.appendChild(table);
    table.addEventListener("click", function (event) {
      var td = event.target.closest("td[data-cell]");
      if (td && cellOf.has(td.getAttribute("data-cell"))) location.hash = "dsm=" + td.getAttribute("data-cell");
    });
  }

  function showCell(key) {
    var parts = key.split(",").map(Number);
    var detail = document.getElementById("dsm-detail");
    detail.textContent = "";
    document.querySelectorAll(".dsm td.selected").forEach(function (td) { td.classList.remove("selected"); });
    var td = document.querySelector('.dsm td[data-cell="' + parts[0] + "," + parts[1] + '"]');
    if (td) td.classList.add("selected");
    var edges = [];
    data.edges.forEach(function (e, i) {
      if (e[2] === "import" && dsm.node_group[e[0]] === parts[0] && dsm.node_group[e[1]] === parts[1]) edges.push(i);
    });
    detail.appendChild(el("h3", { text: dsm.groups[parts[0]] + " → " + dsm.groups[parts[1]] + ": " + edges.length + " import(s)" }));
    var list = el("ul", { "class": "evidence" });
    edges.slice(0, MAX_EVIDENCE).forEach(function (i) {
      var e = data.edges[i];
      list.appendChild(el("li", {}, [nodeLink(e[0]), el("span", { "class": "arrow", text: "→" }), nodeLink(e[1]),
        el("div", { "class": "where", text: e[3] + ":" + e[4] }), e[5] ? el("code", { "class": "text", text: e[5] }) : null]));
    });
    detail.appendChild(list);
    detail.scrollIntoView({ block: "nearest" });
  }

  // ---- search -----------------------------------------------------------------
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  search.addEventListener("input", function () {
    var q = search.value.toLowerCase().trim();
    results.textContent = "";
    if (!q) { results.hidden = true; return; }
    var hits = [];
    for (var i = 0; i < nodes.length && hits.length < 20; i++) {
      if (nodes[i].id.toLowerCase().indexOf(q) >= 0 || nodes[i].name.toLowerCase().indexOf(q) >= 0) hits.push(i);
    }
    hits.forEach(function (i, k) {
      results.appendChild(el("li", { role: "option", "data-node": nodes[i].id, "aria-selected": k === 0 ? "true" : "false", text: nodes[i].id }));
    });
    if (hits.length === 0) results.appendChild(el("li", { "class": "muted", text: "no match" }));
    results.hidden = false;
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = results.querySelector("li[data-node]");
      if (first) { openNode(first.getAttribute("data-node")); results.hidden = true; }
    }
  });
  results.addEventListener("click", function () { results.hidden = true; });

  // ---- theme ------------------------------------------------------------------
  document.getElementById("theme").addEventListener("click", function () {
    var root = document.documentElement;
    var dark = root.getAttribute("data-theme") === "dark" ||
      (!root.getAttribute("data-theme") && window.matchMedia("(prefers-color-scheme: dark)").matches);
    root.setAttribute("data-theme", dark ? "light" : "dark");
  });

  // ---- permalinks: #module=<id>, #dsm=<row>,<col>, or a section id ----------
  function route() {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf("module=") === 0) {
      var index = byId.get(hash.slice(7));
      if (index !== undefined) openPanel(index);
    } else if (hash.indexOf("dsm=") === 0) {
      showCell(hash.slice(4));
    }
  }
  renderMatrix();
  window.addEventListener("hashchange", route);
  route();
})();
