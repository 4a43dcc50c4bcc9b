// Shared by the browser tests and the timing benchmark: launches Debian's
// Chromium through playwright-core, opens a report from file://, and
// collects every console error, page error, dialog and network request as a
// problem.
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";

export async function launch(reportPath) {
  const executablePath = process.env.SEAM_CHROMIUM || "/usr/bin/chromium";
  const url = pathToFileURL(reportPath).href;
  const problems = [];
  const browser = await chromium.launch({
    executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"],
  });
  const check = (ok, message) => { if (!ok) problems.push(message); return ok; };
  async function openPage(hash = "", viewport = { width: 1400, height: 1000 }, context = null) {
    const page = await (context || browser).newPage({ viewport });
    page.on("console", (msg) => { if (msg.type() === "error") problems.push(`console error: ${msg.text()}`); });
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    page.on("dialog", async (dialog) => { problems.push(`dialog opened: ${dialog.message()}`); await dialog.dismiss(); });
    page.on("request", (req) => {
      const u = req.url();
      if (!u.startsWith(url) && !u.startsWith("data:")) problems.push(`network request: ${u}`);
    });
    await page.goto(url + hash, { waitUntil: "load" });
    return page;
  }
  return { browser, url, problems, check, openPage };
}

// WCAG contrast of every visible text element matching `selectors` against
// the background it is painted on (translucent layers composited upwards).
export function contrastProblems(selectors) {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    return [0, 1, 2].map((i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a).concat([a]);
  };
  const background = (el) => {
    const layers = [];
    for (let n = el; n; n = n.parentElement) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let color = [255, 255, 255, 1];
    for (let i = layers.length - 1; i >= 0; i--) color = over(layers[i], color);
    return color;
  };
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const out = [];
  let checked = 0;
  for (const selector of selectors) {
    for (const el of Array.from(document.querySelectorAll(selector)).slice(0, 40)) {
      const text = Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
      if (!text || !el.getClientRects().length) continue;
      const bg = background(el);
      const fg = over(parse(getComputedStyle(el).color), bg);
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const ratio = (a + 0.05) / (b + 0.05);
      checked++;
      if (ratio < 4.5) out.push(`${selector} "${text.slice(0, 30)}": ${ratio.toFixed(2)}:1`);
    }
  }
  return { checked, problems: out };
}
