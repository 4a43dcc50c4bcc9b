// Drives a seam HTML report in headless Chromium and fails on any console
// error, page error or network request.
//
//   node report.test.mjs REPORT.html ARTIFACT_DIR (interactive|hostile)
//
// `interactive` exercises every section (sort, filter, drill-down panel,
// permalink, matrix cell, search, theme) and saves screenshots; `hostile`
// checks that nothing from the audited code ran as script.
import { mkdirSync, readFileSync } from "node:fs";
import { launch } from "./harness.mjs";

const [reportPath, artifacts, mode] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const { browser, problems, check, openPage: open } = await launch(reportPath);

async function openPage(hash = "") {
  const started = Date.now();
  const page = await open(hash);
  return { page, loadMs: Date.now() - started };
}

const visibleRows = (page, table) =>
  page.$$eval(`#${table} tbody tr:not([hidden])`, (rows) => rows.map((r) => Array.from(r.cells, (c) => c.textContent)));

try {
  if (mode === "hostile") {
    const { page } = await openPage();
    await page.waitForTimeout(300);
    check(await page.evaluate(() => window.__pwned === undefined), "an injected script ran (window.__pwned set)");
    const text = await page.evaluate(() => document.body.innerText);
    check(text.includes("onerror"), "hostile file names are not shown as text");
    // Open every module panel: their content is built from the embedded JSON.
    const ids = await page.$$eval("#modules-table tbody tr", (rows) => rows.map((r) => r.dataset.node));
    for (const id of ids) {
      await page.evaluate((id) => { location.hash = "module=" + encodeURIComponent(id); }, id);
      // Wait for this panel, not a fixed time: a loaded machine is slow.
      await page.waitForFunction((id) => document.querySelector("#panel h3")?.textContent === id, id, { timeout: 5000 }).catch(() => {});
      const title = await page.textContent("#panel h3");
      check(title === id, `panel for ${JSON.stringify(id)} shows ${JSON.stringify(title)}`);
    }
    check(await page.evaluate(() => window.__pwned === undefined), "an injected script ran after opening panels");
    await page.screenshot({ path: `${artifacts}/hostile.png`, fullPage: true });
  } else {
    const { page, loadMs } = await openPage();
    console.log(`load: ${loadMs} ms`);
    for (const id of ["overview", "services", "hotspots", "modules", "dsm", "packages", "cycles", "endpoints", "state", "skipped", "diagnostics"]) {
      check(await page.isVisible(`#${id}`), `section #${id} is not visible`);
    }
    check((await page.$$(".figure")).length >= 5, "overview figures missing");
    check((await page.$$(".reading p")).length >= 2, "plain-language reading missing");
    check((await page.$$("#services svg circle")).length >= 1, "cluster map has no clusters");
    check((await page.$$("#plan-table tbody tr")).length >= 1, "migration plan is empty");
    // The plan as numbered steps, each a link to its service's row.
    const steps = await page.$$eval("#plan-steps li", (li) => li.map((l) => l.textContent));
    check(steps.length >= 1 && steps.every((t) => t.startsWith("Extract ")), `plan steps: ${JSON.stringify(steps)}`);
    // Map labels neither overlap nor leave the map.
    const labelBoxes = await page.$$eval("#services .map-label", (ls) =>
      ls.map((l) => { const r = l.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, l.textContent]; }));
    const mapBox = await page.$eval("#services svg", (s) => { const r = s.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; });
    for (let i = 0; i < labelBoxes.length; i++) {
      const a = labelBoxes[i];
      check(a[0] >= mapBox[0] - 1 && a[2] <= mapBox[2] + 1 && a[1] >= mapBox[1] - 1 && a[3] <= mapBox[3] + 1,
        `map label outside the map: ${a[4]}`);
      for (let j = i + 1; j < labelBoxes.length; j++) {
        const b = labelBoxes[j];
        check(!(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]), `map labels overlap: ${a[4]} | ${b[4]}`);
      }
    }
    await page.screenshot({ path: `${artifacts}/overview.png` });

    // Handlers that query tables directly: the demo has ten, two of them writing.
    const handlers = await page.$$eval("#handler-queries-table tbody tr", (rows) =>
      rows.map((r) => Array.from(r.cells).map((c) => c.textContent)));
    check(handlers.length === 10, `expected 10 handlers querying tables, got ${handlers.length}`);
    check(handlers[0][0].includes("update_profile") && handlers[0][2] === "users",
      `first handler row: ${JSON.stringify(handlers[0])}`);
    // Table ownership matrix: inventory is written from backend/shop (W in its row).
    const ownership = await page.$$eval("#table-ownership-matrix tbody tr", (rows) =>
      rows.map((r) => [r.cells[0].textContent, ...Array.from(r.cells).slice(1).map((c) => c.textContent)]));
    check(ownership.length === 6, `ownership matrix rows: ${JSON.stringify(ownership)}`);
    const inventory = ownership.find((r) => r[0] === "inventory");
    check(inventory && inventory.includes("RW"), `inventory row: ${JSON.stringify(inventory)}`);
    await page.locator("#handler-queries").scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${artifacts}/handler-queries.png` });

    // Sort by fan-in, descending (second click).
    const fanIn = page.locator("#modules-table th", { hasText: "Fan-in" });
    await fanIn.click();
    await fanIn.click();
    let rows = await visibleRows(page, "modules-table");
    const values = rows.map((r) => Number(r[3]));
    check(values.length > 0, "modules table is empty");
    check(values.every((v, i) => i === 0 || values[i - 1] >= v), `fan-in not sorted descending: ${values.slice(0, 10)}`);
    const top = rows[0][0];

    // Filter.
    const total = await page.$$eval("#modules-table tbody tr", (r) => r.length);
    const needle = top.split("/").pop().slice(0, 4);
    await page.fill('input[data-table="modules-table"]', needle);
    rows = await visibleRows(page, "modules-table");
    check(rows.length > 0 && rows.every((r) => r.join(" ").toLowerCase().includes(needle.toLowerCase())),
      `filter "${needle}" shows non-matching rows`);
    check(rows.length <= total, "filter shows more rows than exist");
    await page.screenshot({ path: `${artifacts}/modules-filtered.png` });
    await page.fill('input[data-table="modules-table"]', "");

    // Drill down: the most depended-on module's panel lists its importers.
    await page.click(`#modules-table tbody tr[data-node="${top.replace(/"/g, '\\"')}"]`);
    await page.waitForSelector("#panel:not([hidden])");
    check((await page.textContent("#panel h3")) === top, "panel shows another module");
    const evidence = await page.$$eval("#panel .evidence .where", (w) => w.map((x) => x.textContent));
    check(evidence.length > 0 && evidence.every((w) => /:\d+$/.test(w)), "panel evidence lacks file:line");
    await page.screenshot({ path: `${artifacts}/module-panel.png` });
    check(page.url().includes("#module="), "opening a module does not set a permalink");
    const permalink = page.url();
    await page.close();

    // Permalink in a fresh page opens the same panel.
    const fresh = await openPage(permalink.slice(permalink.indexOf("#")));
    await fresh.page.waitForSelector("#panel:not([hidden])");
    check((await fresh.page.textContent("#panel h3")) === top, "permalink opens another module");

    // Matrix: click the busiest off-diagonal cell.
    const cell = await fresh.page.$$eval(".dsm td[data-cell]", (tds) => {
      let best = null;
      for (const td of tds) {
        const [r, c] = td.dataset.cell.split(",");
        if (r !== c && td.textContent && (!best || Number(td.textContent) > Number(best.textContent))) best = td;
      }
      return best && best.dataset.cell;
    });
    if (check(cell, "matrix has no off-diagonal cell")) {
      await fresh.page.click("#panel-close");
      await fresh.page.click(`.dsm td[data-cell="${cell}"]`);
      await fresh.page.waitForSelector("#dsm-detail .evidence li");
      check(fresh.page.url().includes("#dsm="), "matrix cell has no permalink");
      await fresh.page.locator("#dsm").screenshot({ path: `${artifacts}/matrix.png` });
    }

    // Matrix, layered order: a cell above the diagonal is marked as pointing
    // upward and lies inside a knot (both groups in one frame) unless it holds
    // only lazy or type-only imports; each knot's rows are contiguous.
    const matrix = await openPage();
    const layout = await matrix.page.evaluate(() => {
      const knot = Array.from(document.querySelectorAll("#dsm-matrix th.row"), (th) => th.dataset.knot);
      const cells = Array.from(document.querySelectorAll("#dsm-matrix td[data-cell]"))
        .filter((td) => td.textContent)
        .map((td) => [...td.dataset.cell.split(",").map(Number), td.className, getComputedStyle(td, "::before").content]);
      return { knot, cells };
    });
    let above = 0;
    for (const [r, c, cls, before] of layout.cells) {
      const marked = /\bback(-deferred)?\b/.test(cls) && before === '"↑"';
      if (c > r) {
        above++;
        const inKnot = layout.knot[r] !== undefined && layout.knot[r] === layout.knot[c];
        check(marked, `matrix cell ${r},${c} above the diagonal is not marked (${cls})`);
        check(inKnot || cls.includes("back-deferred"), `matrix cell ${r},${c} points upward outside a knot`);
      } else {
        check(!marked, `matrix cell ${r},${c} on or below the diagonal is marked as pointing upward`);
      }
    }
    const knots = layout.knot.filter((k) => k !== undefined);
    check(knots.length > 0 && above > 0, `the demo's matrix shows no knot (${knots.length}) or upward cell (${above})`);
    for (const k of new Set(knots)) {
      const rows = layout.knot.flatMap((x, i) => (x === k ? [i] : []));
      check(rows[rows.length - 1] - rows[0] === rows.length - 1, `knot ${k} is split: rows ${rows}`);
    }
    // Column headers name their group.
    const columns = await matrix.page.$$eval("#dsm-matrix th.col", (ths) => ths.map((th) => [th.title, th.textContent]));
    check(columns.length > 0 && columns.every(([title, text]) => title && text.length > String(columns.length).length + 1),
      `matrix columns are not named: ${JSON.stringify(columns.slice(0, 3))}`);

    // Cell text keeps 4.5:1 against its background in both themes.
    for (const theme of ["light", "dark"]) {
      const worst = await matrix.page.evaluate((theme) => {
        document.documentElement.setAttribute("data-theme", theme);
        const rgb = (s) => s.match(/[\d.]+/g).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
          .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
        const page = rgb(getComputedStyle(document.body).backgroundColor);
        let worst = [Infinity, ""];
        for (const td of document.querySelectorAll("#dsm-matrix td[data-cell]")) {
          if (!td.textContent) continue;
          const style = getComputedStyle(td);
          const bg = rgb(style.backgroundColor);
          const back = bg.length === 4 && bg[3] === 0 ? page : bg.slice(0, 3);
          const [a, b] = [lum(rgb(style.color)), lum(back)];
          const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          if (ratio < worst[0]) worst = [ratio, td.className + " " + style.color + " on " + style.backgroundColor];
        }
        return worst;
      }, theme);
      check(worst[0] >= 4.5, `matrix text contrast in the ${theme} theme: ${worst[0].toFixed(2)} (${worst[1]})`);
      await matrix.page.locator("#dsm").screenshot({ path: `${artifacts}/matrix-${theme}.png` });
    }
    await matrix.page.evaluate(() => document.documentElement.removeAttribute("data-theme"));

    // Keyboard: Tab from the view buttons lands on one matrix cell, arrow keys
    // move between cells that hold imports, Enter opens the evidence.
    await matrix.page.focus('[data-dsm-mode="services"]');
    await matrix.page.keyboard.press("Tab");
    const focused = () => matrix.page.evaluate(() => {
      const a = document.activeElement;
      return a && a.matches("#dsm-matrix td[data-cell]")
        ? [a.dataset.cell, a.textContent, getComputedStyle(a).outlineStyle, document.querySelectorAll('#dsm-matrix td[tabindex="0"]').length]
        : null;
    });
    const start = await focused();
    if (check(start, "Tab does not reach the matrix")) {
      check(start[1] !== "" && start[2] !== "none" && start[3] === 1, `focused matrix cell: ${JSON.stringify(start)}`);
      await matrix.page.keyboard.press("ArrowDown");
      await matrix.page.keyboard.press("ArrowRight");
      const moved = await focused();
      check(moved && moved[0] !== start[0] && moved[1] !== "" && moved[3] === 1, `arrow keys: ${JSON.stringify([start, moved])}`);
      await matrix.page.keyboard.press("Enter");
      await matrix.page.waitForSelector("#dsm-detail .evidence li");
      check(matrix.page.url().endsWith("#dsm=" + moved[0]), `Enter on ${moved[0]} opens ${matrix.page.url()}`);
      check((await matrix.page.$$("#dsm-matrix td.selected")).length === 1, "the opened cell is not marked selected");
      const dirLink = matrix.page.url();
      const reopened = await openPage(dirLink.slice(dirLink.indexOf("#")));
      await reopened.page.waitForSelector("#dsm-detail .evidence li");
      check(await reopened.page.$eval(`#dsm-matrix td[data-cell="${moved[0]}"]`, (td) => td.classList.contains("selected")) &&
        await reopened.page.getAttribute('[data-dsm-mode="directories"]', "aria-pressed") === "true",
        `directory permalink ${dirLink} does not reopen its cell`);
      await reopened.page.close();
    }

    // Services: the toggle shows the candidate services (the kernel and any
    // group of two languages split by language), and a cell's evidence.
    const report = JSON.parse(readFileSync(reportPath.replace(/\.html$/, ".json"), "utf8"));
    const services = new Set(report.clusters.map((c) => c.name));
    if (report.kernel && report.kernel.modules.length) services.add("(shared kernel)");
    await matrix.page.click('[data-dsm-mode="services"]');
    check(await matrix.page.getAttribute('[data-dsm-mode="services"]', "aria-pressed") === "true", "services toggle not pressed");
    check(!matrix.page.url().includes("#dsm="), "toggling keeps the other view's cell permalink");
    const rowNames = await matrix.page.$$eval("#dsm-matrix th.row", (ths) => ths.map((th) => th.title));
    const unsplit = (n) => n.replace(/ \((Python|JS\/TS)\)$/, "").replace(/, (Python|JS\/TS)\)$/, ")");
    check(rowNames.length >= services.size && rowNames.every((n) => services.has(unsplit(n))) &&
      [...services].every((s) => rowNames.some((n) => unsplit(n) === s)),
      `service rows ${JSON.stringify(rowNames)} vs ${JSON.stringify([...services])}`);
    check(/Left out: \d+ modules? in no service/.test(await matrix.page.textContent("#dsm-note")), "the services view does not say what it leaves out");
    const serviceCell = await matrix.page.$$eval("#dsm-matrix td[data-cell]", (tds) => {
      const off = tds.filter((td) => { const [r, c] = td.dataset.cell.split(","); return r !== c && td.textContent; });
      off.sort((a, b) => Number(b.textContent) - Number(a.textContent));
      return off.length ? off[0].dataset.cell : null;
    });
    if (check(serviceCell, "services matrix has no off-diagonal cell")) {
      await matrix.page.click(`#dsm-matrix td[data-cell="${serviceCell}"]`);
      await matrix.page.waitForSelector("#dsm-detail .evidence li");
      const where = await matrix.page.$$eval("#dsm-detail .evidence .where", (w) => w.map((x) => x.textContent));
      check(where.length > 0 && where.every((w) => /:\d+$/.test(w)), "service cell evidence lacks file:line");
      const link = matrix.page.url();
      check(link.endsWith("#dsm=services:" + serviceCell), `service cell permalink: ${link}`);
      const title = await matrix.page.textContent("#dsm-detail h3");
      await matrix.page.locator("#dsm").screenshot({ path: `${artifacts}/matrix-services.png` });
      // The permalink reopens the services view at that cell.
      const again = await openPage(link.slice(link.indexOf("#")));
      await again.page.waitForSelector("#dsm-detail .evidence li");
      check(await again.page.getAttribute('[data-dsm-mode="services"]', "aria-pressed") === "true", "service permalink opens the directories view");
      check((await again.page.textContent("#dsm-detail h3")) === title, "service permalink opens another cell");
      check(await again.page.$eval(`#dsm-matrix td[data-cell="${serviceCell}"]`, (td) => td.classList.contains("selected")),
        "service permalink does not mark its cell");
      await again.page.close();
    }
    await matrix.page.close();

    // Search opens a panel.
    await fresh.page.fill("#search", needle);
    await fresh.page.waitForSelector("#search-results li[data-node]");
    await fresh.page.press("#search", "Enter");
    await fresh.page.waitForSelector("#panel:not([hidden])");

    // Dark theme.
    await fresh.page.click("#panel-close");
    await fresh.page.click("#theme");
    check(await fresh.page.evaluate(() => !!document.documentElement.getAttribute("data-theme")), "theme toggle did nothing");
    await fresh.page.screenshot({ path: `${artifacts}/theme-toggled.png`, fullPage: true });
    for (const id of ["services", "hotspots", "endpoints", "cycles", "packages", "skipped", "diagnostics"]) {
      await fresh.page.locator(`#${id}`).screenshot({ path: `${artifacts}/section-${id}.png` });
    }
  }
} finally {
  await browser.close();
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("ok");
