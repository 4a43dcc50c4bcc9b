// The report's decision views in Chromium: the first screen, paging,
// keyboard paths, permalinks under the sticky header, the cluster map's
// filter, endpoint caller controls, the module panel, cycle breakers and the
// palette's contrast in both themes.
//
//   node views.test.mjs REPORT.html ARTIFACT_DIR (views|large)
//
// `views` runs on the demo; `large` on a report of zulip's size (thousands
// of modules, hundreds of routes), where paging and sorting must hold.
import { mkdirSync } from "node:fs";
import { launch, contrastProblems } from "./harness.mjs";

const [reportPath, artifacts, mode] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const { browser, problems, check, openPage } = await launch(reportPath);

const SELECTORS = ["header p", "nav a", "h2", ".figure b", ".figure .label", ".figure .detail", ".first-step",
  ".reading p", "p.muted", "th", "td", "td .muted", "code.node-link", ".badge", ".pager span", ".suggestion",
  ".ownership td.w", ".ownership td.r", ".dsm td", ".dsm th", ".legend", "summary"];

// The embedded data's modules, decoded from rows as the page does.
const pageModules = (page) => page.evaluate(() => {
  const data = JSON.parse(document.getElementById("seam-data").textContent);
  const at = (f) => data.node_fields.indexOf(f);
  return data.nodes.filter((n) => n[at("kind")] === "module").map((n) => ({ id: n[at("id")], lines: n[at("lines")] }));
});
const visibleCount = (page, table) => page.$$eval(`#${table} tbody tr`, (rows) => rows.filter((r) => !r.hidden).length);
const rowCount = (page, table) => page.$$eval(`#${table} tbody tr`, (rows) => rows.length);

try {
  if (mode === "views") {
    const page = await openPage();
    // First screen: readiness figures, human-formatted, each linking to its section.
    const header = await page.textContent("header");
    check(/demo/.test(header) && /commit [0-9a-f]{12}|not a git checkout/.test(header) && /report of \d{4}-\d\d-\d\d/.test(header),
      `header lacks project, commit or date: ${header}`);
    const figures = await page.$$eval("#overview .figures:not(.small) .figure", (fs) => fs.map((f) => [f.getAttribute("href"), f.textContent]));
    check(figures.length === 7, `readiness figures: ${JSON.stringify(figures)}`);
    for (const [href] of figures) check(await page.$(href), `figure links to missing ${href}`);
    check(figures.some(([, t]) => /backend routes/.test(t) && /called by no frontend code/.test(t)), "routes figure lacks uncalled count");
    check(figures.some(([, t]) => /data requests/.test(t) && /\d+% linked/.test(t)), "requests figure lacks linked share");
    check(figures.some(([, t]) => /database tables/.test(t) && /written from several services/.test(t)), "tables figure lacks shared writers");
    check(/First step: Extract 1\./.test(await page.textContent(".first-step")), "first step missing");
    await page.screenshot({ path: `${artifacts}/first-screen.png` });

    // Import-time cycles: every knot lists the imports that untie it.
    const knots = await page.$$eval("#cycles > .cycle", (cs) => cs.map((c) => c.querySelectorAll(".breaks li").length));
    check(knots.length > 0 && knots.every((n) => n > 0), `knots without breakers: ${JSON.stringify(knots)}`);

    // Sorting by keyboard: Tab to a header, Enter sorts, Enter again reverses.
    const th = page.locator("#modules-table th", { hasText: "Lines" });
    await th.focus();
    await page.keyboard.press("Enter");
    check((await th.getAttribute("aria-sort")) === "ascending", "Enter on a header does not sort");
    await page.keyboard.press("Enter");
    const lines = await page.$$eval("#modules-table tbody tr:not([hidden])", (rows) => rows.map((r) => Number(r.cells[2].textContent.replace(/,/g, ""))));
    check(lines.every((v, i) => i === 0 || lines[i - 1] >= v), `lines not descending after two Enters: ${lines.slice(0, 8)}`);

    // Search with arrow keys: the second hit opens, focus moves into the panel, Esc closes and clears the permalink.
    await page.fill("#search", "cart");
    await page.waitForSelector("#search-results li[data-node]");
    const hits = await page.$$eval("#search-results li[data-node]", (li) => li.map((l) => l.dataset.node));
    check(hits.length >= 2, `search hits: ${hits}`);
    await page.press("#search", "ArrowDown");
    await page.press("#search", "Enter");
    await page.waitForSelector("#panel:not([hidden])");
    check((await page.textContent("#panel h3")) === hits[1], "ArrowDown + Enter did not open the second hit");
    check(await page.evaluate(() => document.activeElement && document.activeElement.closest("#panel") !== null), "focus did not move into the panel");
    await page.keyboard.press("Escape");
    check(await page.isHidden("#panel"), "Esc does not close the panel");
    check(!page.url().includes("#module="), "Esc leaves the permalink");

    // Module panel: its service, and its importers split production / tests.
    await page.evaluate(() => { location.hash = "module=" + encodeURIComponent("backend/shop/services/pricing.py"); });
    await page.waitForSelector("#panel:not([hidden])");
    const panel = await page.textContent("#panel");
    check(/Candidate service: \d+\./.test(panel), `panel lacks its service: ${panel.slice(0, 200)}`);
    check(/Imported by \(\d+ production, \d+ test or migration\)/.test(panel), `panel does not split importers: ${panel.slice(0, 400)}`);
    await page.screenshot({ path: `${artifacts}/panel.png` });
    await page.keyboard.press("Escape");

    // Cluster map: a click shows only that service's plan row; the bar restores all.
    const total = await rowCount(page, "plan-table");
    await page.click(".map-service >> nth=0");
    await page.waitForSelector("#plan-filter:not([hidden])");
    check((await visibleCount(page, "plan-table")) === 1, "map click does not filter the plan");
    const marked = await page.$$eval("#dsm-matrix th.row.focus", (ths) => ths.map((t) => t.getAttribute("title")));
    check(marked.length >= 1, "the matrix does not mark the service");
    await page.click("#plan-filter button");
    check((await visibleCount(page, "plan-table")) === total, "Show every service does not restore the plan");
    check((await page.$$("line.map-http")).length > 0, "no HTTP edges on the demo's map");
    check(await page.isVisible(".legend"), "map legend missing");

    // Plan rows: counts open onto full lists, nothing 'and N more'.
    const planText = await page.textContent("#plan-table");
    check(!/and \d+ more/.test(planText), "the plan still cuts lists");
    await page.click("#cluster-1 td:nth-child(4) summary");
    check((await page.$$eval("#cluster-1 td:nth-child(4) .list code", (c) => c.length)) === Number(await page.textContent("#cluster-1 td:nth-child(4) summary")),
      "the module count does not open onto that many modules");

    // Endpoints: data callers by default; every kind on demand; a threshold.
    const callers = () => page.$$eval("#routes-table .caller", (cs) => cs.filter((c) => !c.hidden).length);
    const dataOnly = await callers();
    await page.check("#caller-all-kinds");
    const all = await callers();
    check(all > dataOnly, `every kind shows no more callers (${dataOnly} → ${all})`);
    await page.selectOption("#caller-confidence", "0.9");
    check((await callers()) <= all, "the threshold shows more callers");
    await page.uncheck("#caller-all-kinds");
    await page.selectOption("#caller-confidence", "0");

    // Permalinks land below the sticky navigation, also where it wraps (760 px).
    for (const width of [1400, 760]) {
      const narrow = await openPage("#cluster-2", { width, height: 900 });
      await narrow.waitForTimeout(100);
      const [navBottom, rowTop] = await narrow.evaluate(() => [document.querySelector("nav").getBoundingClientRect().bottom,
        document.getElementById("cluster-2").getBoundingClientRect().top]);
      check(rowTop >= navBottom - 1, `at ${width} px the permalink target is under the navigation (${rowTop} < ${navBottom})`);
      // A sticky table header sits below the navigation too.
      await narrow.evaluate(() => { const t = document.getElementById("modules-table"); window.scrollTo(0, t.getBoundingClientRect().top + window.scrollY + 200); });
      await narrow.waitForTimeout(50);
      const [nav2, th2] = await narrow.evaluate(() => [document.querySelector("nav").getBoundingClientRect().bottom,
        document.querySelector("#modules-table th").getBoundingClientRect().top]);
      check(th2 >= nav2 - 1, `at ${width} px the table header hides under the navigation (${th2} < ${nav2})`);
      await narrow.screenshot({ path: `${artifacts}/sticky-${width}.png` });
      await narrow.close();
    }

    // Contrast ≥ 4.5:1 in both themes, the theme kept across a reload.
    for (const theme of ["light", "dark"]) {
      await page.evaluate((t) => document.documentElement.setAttribute("data-theme", t), theme);
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => { d.open = true; }));
      const { checked, problems: low } = await page.evaluate(contrastProblems, SELECTORS);
      check(checked > 100, `${theme}: only ${checked} text elements checked`);
      for (const p of low.slice(0, 20)) problems.push(`${theme} theme contrast below 4.5:1: ${p}`);
      await page.screenshot({ path: `${artifacts}/theme-${theme}.png`, fullPage: true });
    }
    await page.evaluate(() => { document.documentElement.removeAttribute("data-theme"); localStorage.removeItem("seam-theme"); });
    await page.click("#theme");
    const chosen = await page.evaluate(() => document.documentElement.getAttribute("data-theme"));
    await page.reload({ waitUntil: "load" });
    check((await page.evaluate(() => document.documentElement.getAttribute("data-theme"))) === chosen, "the theme is not kept across a reload");
  } else {
    const page = await openPage();
    // Every module is in the page, a page at a time; nothing is cut.
    const modules = (await pageModules(page)).length;
    check(modules > 2000, `only ${modules} modules`);
    check((await visibleCount(page, "modules-table")) === 100, "the modules table does not page");
    const pager = await page.textContent("#modules-table + .pager");
    check(pager.includes(`of ${modules}`), `pager does not say the total: ${pager}`);
    await page.click("#modules-table + .pager button:has-text('Next')");
    check((await page.textContent("#modules-table + .pager")).includes("rows 101–200"), "Next does not turn the page");
    await page.click("#modules-table + .pager button:has-text('Show all')");
    check((await visibleCount(page, "modules-table")) === modules, "Show all does not show every module");
    check(!(await page.textContent("body")).match(/\d+ more (modules|routes) are in report\.json/), "a table still cuts rows");
    // Sorting and filtering work on every module, not the page shown.
    await page.click("#modules-table th:has-text('Lines')");
    await page.click("#modules-table th:has-text('Lines')");
    const biggest = await page.$eval("#modules-table tbody tr", (r) => Number(r.cells[2].textContent));
    const most = Math.max(...(await pageModules(page)).map((n) => n.lines));
    check(biggest === most, `sorting by lines puts ${biggest} first, not ${most}`);
    await page.fill('input[data-table="modules-table"]', "pkg7/mod5");
    const filtered = await page.$$eval("#modules-table tbody tr", (rows) => rows.map((r) => r.dataset.node));
    check(filtered.length > 0 && filtered.every((id) => id.includes("pkg7/mod5")), `filter: ${filtered.slice(0, 5)}`);

    // Routes: hundreds, paged, sortable by path.
    const routesPager = await page.textContent("#routes-table + .pager");
    const routes = Number((routesPager.match(/of (\d+)/) || [])[1]);
    check(routes >= 500, `only ${routes} routes: ${routesPager}`);
    check((await visibleCount(page, "routes-table")) === 100, "the routes table does not page");
    await page.click("#routes-table th:has-text('Path')");
    const paths = await page.$$eval("#routes-table tbody tr:not([hidden])", (rows) => rows.map((r) => r.cells[1].textContent.toLowerCase()));
    check(paths.every((p, i) => i === 0 || paths[i - 1] <= p), "routes not sorted by path");
    // Readiness figures are formatted with separators.
    const lines = await page.textContent('#overview .figures.small .figure[href="#modules"] b');
    check(/^\d{1,3}(,\d{3})+$/.test(lines.trim()), `lines not human-formatted: ${lines}`);
    await page.screenshot({ path: `${artifacts}/large-first-screen.png` });
  }
} finally {
  await browser.close();
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("ok");
