(function () {
  "use strict";
  // Everything from the audited code reaches the page through textContent,
  // never innerHTML, so no file name or string literal can become markup.
  var data = JSON.parse(document.getElementById("seam-data").textContent);
  var PAGE = 100;
  var MAX_EVIDENCE = 300;
  // Nodes come as rows (see node_fields), files elided where they are the
  // importer's own path: a third less to parse on a large report.
  var fields = data.node_fields;
  var nodes = data.nodes.map(function (row) {
    var n = {};
    for (var k = 0; k < fields.length; k++) n[fields[k]] = row[k];
    return n;
  });
  data.nodes = nodes;
  data.edges.forEach(function (e) { if (e[3] === "") e[3] = nodes[e[0]].id; });
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
  // A cell sorts by its data-sort value, else its text; "1,234" is a number.
  function cellValue(row, i) {
    var cell = row.cells[i];
    var text = (cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent).trim();
    var plain = text.replace(/,/g, "");
    return /^-?[\d.]+%?$/.test(plain) ? parseFloat(plain) : text.toLowerCase();
  }

  // A paged table's rows live in an array; only the page shown is in the
  // document, so sorting 540 routes restyles 100 rows, not 540.
  function rowsOf(table) {
    if (!table.allRows) table.allRows = Array.prototype.slice.call(table.tBodies[0].rows);
    return table.allRows;
  }

  function show(table, rows) {
    var body = table.tBodies[0];
    var fragment = document.createDocumentFragment();
    rows.forEach(function (r) { r.hidden = false; fragment.appendChild(r); });
    body.textContent = "";
    body.appendChild(fragment);
  }

  function paginate(table, page) {
    var everyRow = rowsOf(table);
    var rows = everyRow.filter(function (r) { return !r.dataset.filtered; });
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    page = Math.min(Math.max(0, page), pages - 1);
    table.dataset.page = page;
    show(table, rows.slice(page * PAGE, (page + 1) * PAGE));
    drawPager(table, page, rows.length, everyRow.length,
      function (to) { paginate(table, to); }, function () { show(table, rows); });
  }

  // The line under a paged table: which rows show, of how many, and the
  // ways on. `go(page)` turns the page, `showAll()` draws every row.
  function drawPager(table, page, count, total, go, showAll) {
    var pager = table.nextElementSibling && table.nextElementSibling.classList.contains("pager") ? table.nextElementSibling : null;
    if (!pager) {
      pager = el("div", { "class": "pager", role: "navigation", "aria-label": "Pages of this table" });
      table.parentNode.insertBefore(pager, table.nextSibling);
    }
    pager.textContent = "";
    var of = count === total ? "" : " (of " + total + ")";
    if (count <= PAGE) {
      pager.appendChild(el("span", { text: count + " row(s)" + of }));
      return;
    }
    var pages = Math.ceil(count / PAGE);
    var prev = el("button", { type: "button", text: "‹ Previous" });
    var next = el("button", { type: "button", text: "Next ›" });
    var all = el("button", { type: "button", text: "Show all " + count });
    prev.disabled = page === 0;
    next.disabled = page === pages - 1;
    prev.addEventListener("click", function () { go(page - 1); });
    next.addEventListener("click", function () { go(page + 1); });
    all.addEventListener("click", function () {
      showAll();
      pager.textContent = "";
      pager.appendChild(el("span", { text: "all " + count + " rows" + of }));
    });
    pager.appendChild(prev);
    pager.appendChild(el("span", { text: "rows " + (page * PAGE + 1) + "–" + Math.min(count, (page + 1) * PAGE) + " of " + count + of }));
    pager.appendChild(next);
    pager.appendChild(all);
  }

  // Printing shows every row of every paged table.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("main table.paged").forEach(function (t) { show(t, rowsOf(t)); });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("main table.paged").forEach(function (t) { paginate(t, Number(t.dataset.page) || 0); });
  });

  function sortTable(table, th, i, headers) {
    var body = table.tBodies[0];
    var asc = th.getAttribute("aria-sort") !== "ascending";
    headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    // Keys read once per row, not once per comparison: sorting reads the
    // DOM n times instead of n log n.
    var paged = table.classList.contains("paged");
    var rows = paged ? rowsOf(table) : Array.prototype.slice.call(body.rows);
    var keyed = rows.map(function (r) { return [cellValue(r, i), r]; });
    keyed.sort(function (a, b) {
      var x = a[0], y = b[0];
      if (typeof x !== typeof y) { x = String(x); y = String(y); }
      return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
    });
    if (paged) {
      table.allRows = keyed.map(function (k) { return k[1]; });
      paginate(table, 0);
    } else {
      show(table, keyed.map(function (k) { return k[1]; }));
    }
  }

  document.querySelectorAll("main table:not(.dsm):not(.data-table)").forEach(function (table) {
    if (!table.tHead) return;
    var headers = table.tHead.querySelectorAll("th");
    headers.forEach(function (th, i) {
      // Headers are buttons for the keyboard too.
      th.tabIndex = 0;
      th.setAttribute("role", "columnheader");
      th.title = th.title || "Sort by this column";
      th.addEventListener("click", function () { sortTable(table, th, i, headers); });
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sortTable(table, th, i, headers); }
      });
    });
    if (table.classList.contains("paged")) paginate(table, 0);
  });

  // ---- modules table: drawn from the data, one page at a time -------------
  // 2,500 rows in the DOM cost a second of parsing and styling on a slow
  // machine; sorting and filtering an index array costs milliseconds.
  (function () {
    var table = document.getElementById("modules-table");
    if (!table) return;
    var body = table.tBodies[0];
    var input = document.querySelector('input[data-table="modules-table"]');
    var columns = [
      function (n) { return n.id; }, function (n) { return n.language; },
      function (n) { return n.lines; }, function (n) { return n.fan_in; },
      function (n) { return n.fan_out; }, function (n) { return n.external_deps; },
      function (n) { return n.instability; }
    ];
    var all = [];
    nodes.forEach(function (n, i) { if (n.kind === "module") all.push(i); });
    all.sort(function (a, b) {
      var x = nodes[a], y = nodes[b];
      return (y.fan_in + y.fan_out) - (x.fan_in + x.fan_out) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
    });
    var shown = all;
    var page = 0;
    function row(i) {
      var n = nodes[i];
      var cells = [["path", n.id], ["", n.language], ["num", String(n.lines)], ["num", String(n.fan_in)],
        ["num", String(n.fan_out)], ["num", String(n.external_deps)], ["num", n.instability.toFixed(2)]];
      return el("tr", { "data-node": n.id, tabindex: "0" }, cells.map(function (c) { return el("td", { "class": c[0], text: c[1] }); }));
    }
    function draw(indices) {
      var fragment = document.createDocumentFragment();
      indices.forEach(function (i) { fragment.appendChild(row(i)); });
      body.textContent = "";
      body.appendChild(fragment);
    }
    function render() {
      var pages = Math.max(1, Math.ceil(shown.length / PAGE));
      page = Math.min(Math.max(0, page), pages - 1);
      draw(shown.slice(page * PAGE, (page + 1) * PAGE));
      drawPager(table, page, shown.length, all.length,
        function (to) { page = to; render(); }, function () { draw(shown); });
    }
    var headers = table.tHead.querySelectorAll("th");
    headers.forEach(function (th, k) {
      th.tabIndex = 0;
      th.title = "Sort by this column";
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var key = columns[k];
        var sign = asc ? 1 : -1;
        all.sort(function (a, b) {
          var x = key(nodes[a]), y = key(nodes[b]);
          return (x < y ? -1 : x > y ? 1 : 0) * sign || a - b;
        });
        filter();
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
      });
    });
    function filter() {
      var q = input ? input.value.toLowerCase() : "";
      shown = q ? all.filter(function (i) { return (nodes[i].id + " " + nodes[i].language).toLowerCase().indexOf(q) >= 0; }) : all;
      page = 0;
      render();
    }
    if (input) input.addEventListener("input", filter);
    render();
  })();

  // ---- plan: a service's modules, listed when its count is opened ---------
  // Listing every module of every service in the HTML doubled the plan's
  // weight; the embedded data already says which service holds each.
  document.querySelectorAll("#plan-table details.members > summary").forEach(function (summary) {
    summary.addEventListener("click", function () {
      var list = summary.nextElementSibling;
      if (list.childNodes.length) return;
      var rank = Number(summary.parentNode.dataset.rank);
      var members = [];
      nodes.forEach(function (n, i) { if (n.service && n.service[0] === rank) members.push(i); });
      members.sort(function (a, b) { return nodes[a].id < nodes[b].id ? -1 : 1; });
      members.forEach(function (i) { list.appendChild(nodeLink(i)); list.appendChild(el("br")); });
    });
  });

  // ---- endpoints: which callers a route lists ------------------------------
  var allKinds = document.getElementById("caller-all-kinds");
  var minConfidence = document.getElementById("caller-confidence");
  function applyCallers() {
    var all = allKinds && allKinds.checked;
    var min = minConfidence ? parseFloat(minConfidence.value) : 0;
    var routesTable = document.getElementById("routes-table");
    rowsOf(routesTable).forEach(function (tr) {
      var td = tr.querySelector("td.callers");
      var shown = 0;
      td.querySelectorAll(".caller").forEach(function (c) {
        var on = (all || c.dataset.kind === "data") && parseFloat(c.dataset.confidence) >= min;
        c.hidden = !on;
        if (on) shown++;
      });
      td.classList.toggle("empty", shown === 0);
      td.previousElementSibling.textContent = String(shown);
    });
  }
  if (allKinds) {
    allKinds.addEventListener("change", applyCallers);
    minConfidence.addEventListener("change", applyCallers);
    applyCallers();
  }

  document.querySelectorAll("input.filter").forEach(function (input) {
    var table = document.getElementById(input.dataset.table);
    if (table.classList.contains("data-table")) return;
    input.addEventListener("input", function () {
      var q = input.value.toLowerCase();
      var paged = table.classList.contains("paged");
      (paged ? rowsOf(table) : Array.prototype.slice.call(table.tBodies[0].rows)).forEach(function (r) {
        var out = q !== "" && r.textContent.toLowerCase().indexOf(q) < 0;
        if (out) r.dataset.filtered = "1"; else delete r.dataset.filtered;
        if (!paged) r.hidden = out;
      });
      if (table.classList.contains("paged")) paginate(table, 0);
    });
  });

  // ---- module panel ----------------------------------------------------------
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");

  function evidenceList(edgeIndices, otherEnd, limit) {
    var list = el("ul", { "class": "evidence" });
    limit = limit || MAX_EVIDENCE;
    edgeIndices.slice(0, limit).forEach(function (i) {
      var e = data.edges[i];
      list.appendChild(el("li", {}, [
        nodeLink(e[otherEnd]),
        el("div", { "class": "where", text: e[3] + ":" + e[4] }),
        e[5] ? el("code", { "class": "text", text: e[5] }) : null
      ]));
    });
    if (edgeIndices.length > limit) {
      // Nothing cut off for good: the rest is a click away.
      var more = el("button", { type: "button", text: "Show " + (edgeIndices.length - MAX_EVIDENCE) + " more" });
      var item = el("li", {}, [more]);
      more.addEventListener("click", function () {
        list.replaceWith(evidenceList(edgeIndices, otherEnd, edgeIndices.length));
      });
      list.appendChild(item);
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

  var lastFocus = null;

  function openPanel(index) {
    var n = nodes[index];
    if (panel.hidden) lastFocus = document.activeElement;
    panelBody.textContent = "";
    panelBody.appendChild(el("h3", { id: "panel-title", text: n.id }));
    var facts = [n.kind, n.language, n.name, n.role && ("role: " + n.role)].filter(Boolean).join(" · ");
    panelBody.appendChild(el("div", { "class": "muted", text: facts }));
    if (n.service) {
      panelBody.appendChild(el("div", {}, [
        el("span", { "class": "muted", text: "Candidate service: " }),
        el("a", { href: "#cluster-" + n.service[0], text: n.service[1] })
      ]));
    } else if (n.kind === "module") {
      panelBody.appendChild(el("div", { "class": "muted", text: n.support ? "Not in a service: tests, fixtures and migrations move with the service they import most."
        : "Not in a candidate service (kernel, vendored, generated, script or an uncoupled module)." }));
    }
    if (n.kind === "module") {
      var metrics = el("div", { "class": "metrics" });
      var figures = [["lines", n.lines], ["fan-in", n.fan_in], ["fan-out", n.fan_out], ["external", n.external_deps], ["instability", n.instability.toFixed(2)]];
      if (n.commits) figures.push(["commits", n.commits[0]], ["authors", n.commits[1]]);
      figures.forEach(function (m) {
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
      panelBody.appendChild(el("h4", { text: "In an import-time cycle of " + cycle.size + " module(s)" }));
      panelBody.appendChild(path);
    }
    [[outgoing[index], 1, 0], [incoming[index], 0, 1]].forEach(function (side) {
      groupByKind(side[0]).forEach(function (edges, kind) {
        var title = (KIND_TITLES[kind] || [kind, kind])[side[2]];
        // Production code first; tests, fixtures and migrations apart, so
        // a module "used by 40" shows how many of those are tests.
        var prod = [], support = [];
        edges.forEach(function (i) { (nodes[data.edges[i][side[1]]].support ? support : prod).push(i); });
        var counts = support.length ? " (" + prod.length + " production, " + support.length + " test or migration)" : " (" + edges.length + ")";
        panelBody.appendChild(el("h4", { text: title + counts }));
        if (prod.length) panelBody.appendChild(evidenceList(prod, side[1]));
        if (support.length) {
          var more = el("details", {}, [el("summary", { "class": "muted", text: support.length + " from tests, fixtures and migrations" })]);
          more.appendChild(evidenceList(support, side[1]));
          panelBody.appendChild(more);
        }
      });
    });
    if (outgoing[index].length + incoming[index].length === 0) {
      panelBody.appendChild(el("p", { "class": "muted", text: "No edges in or out." }));
    }
    panel.hidden = false;
    panel.scrollTop = 0;
    panel.focus();
  }

  function closePanel() {
    if (panel.hidden) return;
    panel.hidden = true;
    if (/^#module=/.test(location.hash)) history.replaceState(null, "", location.pathname + location.search);
    if (lastFocus && document.contains(lastFocus)) lastFocus.focus();
  }

  document.getElementById("panel-close").addEventListener("click", closePanel);

  function openNode(id) { location.hash = "module=" + encodeURIComponent(id); }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-node]");
    if (target) openNode(target.getAttribute("data-node"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") closePanel();
    if (event.key === "Enter" && event.target.matches && event.target.matches("[data-node]")) openNode(event.target.getAttribute("data-node"));
  });

  // ---- dependency structure matrix -------------------------------------------
  // Two views of one import graph, both in layered order (data.rs): directory
  // groups, or the candidate services of a proposed cut. A row imports from a
  // column, so a cell above the diagonal points upward, against the layers.
  // Permalinks: #dsm=<row>,<col> for directories, #dsm=services:<row>,<col>.
  var dsmViews = { directories: data.dsm.directories, services: data.dsm.services };
  var dsmMode = "directories";
  var dsm = dsmViews.directories;
  var cellOf = new Map();
  var deferredKind = new Map();
  data.dsm.lazy.forEach(function (i) { deferredKind.set(i, "lazy"); });
  data.dsm.type_only.forEach(function (i) { deferredKind.set(i, "type-only"); });

  function dsmHash(mode, key) { return "dsm=" + (mode === "services" ? "services:" : "") + key; }

  // Inset lines drawn over a cell: a red frame around each knot's block on
  // the diagonal, a thin line where a layer starts.
  function cellFrame(i, j) {
    var k = dsm.knots, lines = [];
    var knot = k[i] !== null && k[i] === k[j];
    if (knot && k[i - 1] !== k[i]) lines.push("inset 0 2px 0 var(--cyc)");
    if (knot && k[i + 1] !== k[i]) lines.push("inset 0 -2px 0 var(--cyc)");
    if (knot && k[j - 1] !== k[j]) lines.push("inset 2px 0 0 var(--cyc)");
    if (knot && k[j + 1] !== k[j]) lines.push("inset -2px 0 0 var(--cyc)");
    if (i > 0 && dsm.layers[i] !== dsm.layers[i - 1]) lines.push("inset 0 1px 0 var(--muted)");
    if (j > 0 && dsm.layers[j] !== dsm.layers[j - 1]) lines.push("inset 1px 0 0 var(--muted)");
    return lines.join(", ");
  }

  function cellLabel(c, i, j) {
    var parts = [dsm.groups[i] + " imports from " + dsm.groups[j] + ": " + c[2] + " import(s)"];
    if (c[4]) parts.push(c[4] + " lazy or type-only");
    if (j > i) parts.push(c[4] === c[2] ? "upward, none at load time" : "upward, closing a cycle between groups");
    if (c[3]) parts.push("on an import cycle");
    return parts.join("; ");
  }

  function matrixCell(i, j, maxCount) {
    var c = cellOf.get(i + "," + j);
    var td = el("td", { "data-cell": i + "," + j });
    var frame = cellFrame(i, j);
    if (frame) td.style.boxShadow = frame;
    if (i === j) td.classList.add("diag");
    if (!c) return td;
    td.textContent = String(c[2]);
    td.setAttribute("tabindex", "-1");
    td.setAttribute("title", cellLabel(c, i, j));
    td.setAttribute("aria-label", cellLabel(c, i, j));
    // Five steps of heat; style.css gives each a text colour of 4.5:1 or more.
    if (i !== j) td.classList.add("h" + Math.max(1, Math.ceil(5 * Math.log(1 + c[2]) / Math.log(1 + maxCount))));
    if (j > i) td.classList.add(c[4] === c[2] ? "back-deferred" : "back");
    if (c[3]) td.classList.add("cyclic");
    return td;
  }

  function renderMatrix(mode) {
    dsmMode = mode;
    dsm = dsmViews[mode];
    cellOf = new Map();
    dsm.cells.forEach(function (c) { cellOf.set(c[0] + "," + c[1], c); });
    var maxCount = dsm.cells.reduce(function (m, c) { return c[0] === c[1] ? m : Math.max(m, c[2]); }, 1);
    document.querySelectorAll("[data-dsm-mode]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-dsm-mode") === mode));
    });
    document.getElementById("dsm-note").textContent = dsm.note;
    document.getElementById("dsm-detail").textContent = "";
    var host = document.getElementById("dsm-matrix");
    host.textContent = "";
    if (dsm.groups.length === 0) { host.appendChild(el("p", { "class": "muted", text: "No groups." })); return; }
    var table = el("table", { "class": "dsm by-" + mode, role: "grid", "aria-label": "Imports between " + mode + ": rows import from columns" });
    var head = el("tr", {}, [el("th", { "class": "corner", text: "imports from →" })]);
    dsm.groups.forEach(function (g, j) {
      head.appendChild(el("th", { "class": "col", scope: "col", title: g }, [el("span", { text: (j + 1) + " " + dsm.labels[j] })]));
    });
    table.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    dsm.groups.forEach(function (g, i) {
      var th = el("th", { "class": "row", scope: "row", title: g, "data-layer": String(dsm.layers[i]), text: (i + 1) + " " + g });
      if (dsm.knots[i] !== null) th.setAttribute("data-knot", String(dsm.knots[i]));
      var row = el("tr", {}, [th]);
      for (var j = 0; j < dsm.groups.length; j++) row.appendChild(matrixCell(i, j, maxCount));
      body.appendChild(row);
    });
    table.appendChild(body);
    host.appendChild(table);
    var first = table.querySelector("td[tabindex]");
    if (first) first.setAttribute("tabindex", "0");
    // Keyboard focus scrolls a cell clear of the sticky headers; measured on
    // the first focus, so rendering the matrix forces no layout of the page.
    table.addEventListener("focusin", function () {
      host.style.scrollPaddingTop = head.offsetHeight + "px";
      host.style.scrollPaddingLeft = table.querySelector("th.row").offsetWidth + "px";
    }, { once: true });
    table.addEventListener("click", function (event) {
      var td = event.target.closest("td[data-cell]");
      if (td && cellOf.has(td.getAttribute("data-cell"))) openCell(td);
    });
    table.addEventListener("keydown", matrixKey);
  }

  function openCell(td) {
    focusCell(td, false);
    location.hash = dsmHash(dsmMode, td.getAttribute("data-cell"));
  }

  // One tab stop for the matrix (roving tabindex): arrow keys, Home and End
  // move between the cells that hold imports, Enter or Space opens one.
  function focusCell(td, move) {
    document.querySelectorAll('#dsm-matrix td[tabindex="0"]').forEach(function (t) { t.setAttribute("tabindex", "-1"); });
    td.setAttribute("tabindex", "0");
    if (move) td.focus();
  }

  function matrixKey(event) {
    var td = event.target.closest("td[data-cell]");
    if (!td || !td.hasAttribute("tabindex")) return;
    if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openCell(td); return; }
    var at = td.getAttribute("data-cell").split(",").map(Number);
    var step = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] }[event.key];
    var n = dsm.groups.length, next = null;
    if (step) {
      for (var r = at[0] + step[0], c = at[1] + step[1]; r >= 0 && c >= 0 && r < n && c < n && !next; r += step[0], c += step[1]) {
        if (cellOf.has(r + "," + c)) next = r + "," + c;
      }
    } else if (event.key === "Home" || event.key === "End") {
      for (var k = 0; k < n; k++) {
        var key = at[0] + "," + (event.key === "Home" ? k : n - 1 - k);
        if (cellOf.has(key)) { next = key; break; }
      }
    } else {
      return;
    }
    event.preventDefault();
    if (next) focusCell(document.querySelector('#dsm-matrix td[data-cell="' + next + '"]'), true);
  }

  document.querySelectorAll("[data-dsm-mode]").forEach(function (button) {
    button.addEventListener("click", function () {
      var mode = button.getAttribute("data-dsm-mode");
      if (mode === dsmMode) return;
      renderMatrix(mode);
      // A cell permalink names the other view's cell: drop it.
      if (/^#dsm=/.test(location.hash)) history.replaceState(null, "", location.pathname + location.search + "#dsm");
    });
  });

  // Scrolls the matrix, not the page, so that a cell opened from a permalink
  // shows clear of the sticky headers.
  function revealCell(td) {
    var host = document.getElementById("dsm-matrix");
    var box = td.getBoundingClientRect(), view = host.getBoundingClientRect();
    var top = view.top + host.querySelector("thead").offsetHeight;
    var left = view.left + host.querySelector("th.row").offsetWidth;
    if (box.top < top || box.bottom > view.bottom) host.scrollTop += box.top - top - box.height;
    if (box.left < left || box.right > view.right) host.scrollLeft += box.left - left - box.width;
  }

  function showCell(spec) {
    var mode = spec.indexOf("services:") === 0 ? "services" : "directories";
    var key = spec.replace(/^services:/, "");
    if (mode !== dsmMode) renderMatrix(mode);
    var parts = key.split(",").map(Number);
    var detail = document.getElementById("dsm-detail");
    detail.textContent = "";
    if (!dsm.groups[parts[0]] || !dsm.groups[parts[1]]) return;
    document.querySelectorAll("#dsm-matrix td.selected").forEach(function (td) { td.classList.remove("selected"); });
    var td = document.querySelector('#dsm-matrix td[data-cell="' + parts[0] + "," + parts[1] + '"]');
    if (td) {
      td.classList.add("selected");
      if (td.hasAttribute("tabindex")) focusCell(td, false);
      revealCell(td);
    }
    var edges = [];
    data.edges.forEach(function (e, i) {
      if (e[2] === "import" && dsm.node_group[e[0]] === parts[0] && dsm.node_group[e[1]] === parts[1]) edges.push(i);
    });
    var title = dsm.groups[parts[0]] + " → " + dsm.groups[parts[1]] + ": " + edges.length + " import(s)";
    if (parts[1] > parts[0] && edges.length) title += ", pointing upward";
    detail.appendChild(el("h3", { text: title }));
    var list = el("ul", { "class": "evidence" });
    edges.slice(0, MAX_EVIDENCE).forEach(function (i) {
      var e = data.edges[i];
      list.appendChild(el("li", {}, [nodeLink(e[0]), el("span", { "class": "arrow", text: "→" }), nodeLink(e[1]),
        deferredKind.has(i) ? el("span", { "class": "badge", text: deferredKind.get(i) }) : null,
        el("div", { "class": "where", text: e[3] + ":" + e[4] }), e[5] ? el("code", { "class": "text", text: e[5] }) : null]));
    });
    if (edges.length > MAX_EVIDENCE) {
      list.appendChild(el("li", { "class": "muted", text: (edges.length - MAX_EVIDENCE) + " more in report.json" }));
    }
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
      results.appendChild(el("li", { role: "option", id: "search-hit-" + k, "data-node": nodes[i].id, "aria-selected": k === 0 ? "true" : "false", text: nodes[i].id }));
    });
    if (hits.length === 0) results.appendChild(el("li", { "class": "muted", text: "no match" }));
    results.hidden = false;
  });
  // Arrow keys move the selection, Enter opens it, Escape closes the list.
  function moveSelection(step) {
    var items = Array.prototype.slice.call(results.querySelectorAll("li[data-node]"));
    if (!items.length) return;
    var at = items.findIndex(function (li) { return li.getAttribute("aria-selected") === "true"; });
    var next = Math.min(items.length - 1, Math.max(0, at + step));
    items.forEach(function (li, k) { li.setAttribute("aria-selected", k === next ? "true" : "false"); });
    items[next].scrollIntoView({ block: "nearest" });
    search.setAttribute("aria-activedescendant", items[next].id);
  }
  search.setAttribute("role", "combobox");
  search.setAttribute("aria-controls", "search-results");
  search.setAttribute("aria-expanded", "false");
  search.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      moveSelection(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      var chosen = results.querySelector("li[aria-selected=true][data-node]") || results.querySelector("li[data-node]");
      if (chosen) { openNode(chosen.getAttribute("data-node")); results.hidden = true; }
    } else if (event.key === "Escape") {
      results.hidden = true;
      event.stopPropagation();
    }
  });
  results.addEventListener("click", function () { results.hidden = true; });

  // ---- theme, kept across reloads ---------------------------------------------
  var THEME_KEY = "seam-theme";
  function storedTheme() { try { return localStorage.getItem(THEME_KEY); } catch (e) { return null; } }
  if (storedTheme() === "dark" || storedTheme() === "light") document.documentElement.setAttribute("data-theme", storedTheme());
  document.getElementById("theme").addEventListener("click", function () {
    var root = document.documentElement;
    var dark = root.getAttribute("data-theme") === "dark" ||
      (!root.getAttribute("data-theme") && window.matchMedia("(prefers-color-scheme: dark)").matches);
    root.setAttribute("data-theme", dark ? "light" : "dark");
    try { localStorage.setItem(THEME_KEY, dark ? "light" : "dark"); } catch (e) { /* file:// without storage */ }
  });

  // ---- sticky headers sit below the navigation, however it wraps -----------
  var nav = document.querySelector("nav");
  function navHeight() { document.documentElement.style.setProperty("--nav-h", nav.offsetHeight + "px"); }
  navHeight();
  window.addEventListener("resize", navHeight);

  // ---- permalinks: #module=<id>, #dsm=<row>,<col>, or a section id ----------
  function route() {
    var hash = decodeURIComponent(location.hash.slice(1));
    if (hash.indexOf("module=") === 0) {
      var index = byId.get(hash.slice(7));
      if (index !== undefined) openPanel(index);
    } else if (hash.indexOf("dsm=") === 0) {
      showCell(hash.slice(4));
    } else if (hash.indexOf("service=") === 0) {
      filterPlan(hash.slice(8));
    }
  }

  // ---- the cluster map filters the plan to one service ----------------------
  function filterPlan(id) {
    var table = document.getElementById("plan-table");
    var bar = document.getElementById("plan-filter");
    if (!table || !bar) return;
    var row = null;
    rowsOf(table).forEach(function (r) {
      if (r.id === id) row = r;
      if (id && r.id !== id) r.dataset.filtered = "1"; else delete r.dataset.filtered;
    });
    document.querySelectorAll(".map-service").forEach(function (a) { a.classList.toggle("selected", a.dataset.service === id); });
    paginate(table, 0);
    // The matrix shows the proposed cut with that service's rows marked.
    var name = id && row ? row.cells[1].querySelector("b").textContent : null;
    if (name && dsmMode !== "services" && dsmViews.services) renderMatrix("services");
    document.querySelectorAll("#dsm-matrix th.row").forEach(function (th) {
      var title = th.getAttribute("title") || "";
      // A group split by language is `name (Python)`.
      th.classList.toggle("focus", !!name && (title === name || title.indexOf(name + " (") === 0));
    });
    bar.textContent = "";
    if (!id || !row) { bar.hidden = true; return; }
    bar.appendChild(el("span", { text: "The plan shows only " + row.cells[1].querySelector("b").textContent + ". " }));
    var all = el("button", { type: "button", text: "Show every service" });
    all.addEventListener("click", function () {
      history.replaceState(null, "", location.pathname + location.search + "#plan-table");
      filterPlan("");
    });
    bar.appendChild(all);
    bar.hidden = false;
    bar.scrollIntoView({ block: "start" });
  }
  renderMatrix("directories");
  window.addEventListener("hashchange", route);
  route();
})();
