// How the HTML report responds on a slow machine: Chromium at a CPU
// slowdown (default 4x, through the DevTools protocol), the page's own
// clock. A benchmark, not a test: it prints figures and asserts nothing.
//
//   npm ci --prefix tests/browser
//   node benches/report-timings.mjs REPORT.html [SLOWDOWN] [RUNS]
//
// Prints, as medians over RUNS page loads: first contentful paint, the
// moment the page script has run (load event: the report is interactive),
// and each interaction measured from its event to the end of the layout it
// causes.
import { launch } from "../tests/browser/harness.mjs";

const [reportPath, slowdown = "4", runsArg = "3"] = process.argv.slice(2);
if (!reportPath) {
  console.error("usage: node benches/report-timings.mjs REPORT.html [SLOWDOWN] [RUNS]");
  process.exit(2);
}
const runs = Number(runsArg);
const { browser, openPage } = await launch(reportPath);

// Each interaction runs in the page: a synchronous event, then a forced
// layout, so the time is what the user waits for before the next frame.
const INTERACTIONS = {
  "sort routes by path": () => document.querySelector("#routes-table th:nth-child(2)")?.click(),
  "sort modules by fan-in": () => Array.from(document.querySelectorAll("#modules-table th")).find((t) => /Fan-in/.test(t.textContent))?.click(),
  "filter modules": () => {
    const input = document.querySelector('input[data-table="modules-table"]');
    input.value = "views";
    input.dispatchEvent(new Event("input"));
  },
  "next page of modules": () => Array.from(document.querySelectorAll("#modules-table + .pager button")).find((b) => /Next/.test(b.textContent))?.click(),
  "open a module panel": () => document.querySelector("#modules-table tbody tr")?.click(),
  "close the panel": () => document.getElementById("panel-close").click(),
  "every caller kind": () => document.getElementById("caller-all-kinds")?.click(),
  "open a matrix cell": () => document.querySelector(".dsm td[data-cell]:not(.diag):not(:empty)")?.click(),
  "switch theme": () => document.getElementById("theme").click(),
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

const results = {};
const note = (k, v) => (results[k] = results[k] || []).push(v);
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: Number(slowdown) });
    await page.goto(new URL(`file://${reportPath.startsWith("/") ? "" : process.cwd() + "/"}${reportPath}`).href, { waitUntil: "load" });
    const load = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0];
      const paint = performance.getEntriesByName("first-contentful-paint")[0];
      return { fcp: paint ? paint.startTime : NaN, interactive: nav.loadEventEnd || nav.domContentLoadedEventEnd };
    });
    // A reader clicks after the page has painted: let the first frame and
    // the layout it schedules finish, or the first interaction pays for it.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await page.waitForTimeout(300);
    note("first contentful paint", load.fcp);
    note("interactive (page script done)", load.interactive);
    for (const [name, action] of Object.entries(INTERACTIONS)) {
      const ms = await page.evaluate((src) => {
        const act = new Function(`return (${src})();`);
        const t0 = performance.now();
        act();
        void document.body.offsetHeight;
        return performance.now() - t0;
      }, action.toString());
      note(name, ms);
      await page.waitForTimeout(50);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
console.log(`${reportPath} at ${slowdown}x CPU slowdown, median of ${runs}:`);
for (const [name, xs] of Object.entries(results)) {
  console.log(`  ${name.padEnd(32)} ${median(xs).toFixed(0).padStart(6)} ms`);
}
