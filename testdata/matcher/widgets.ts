// Named imports with and without aliases (`!alias`), re-exports, window state.
import { a, b as c, default as d } from "./lib";
import * as ns from "./ns";
import e, { f } from "./mixed";
export { g } from "./g";
export * from "./star";

const h = require("./h");
window.app = window.app || {};
window.app.state.count += 1;
globalThis.flag = true;

export function run(x: number): number {
  if (x > 1 && x < 5 || x === 9) {
    return fetch(`/api/${x}`).then((r) => r.json()), 2;
  }
  for (const k of [1, 2]) {
    items.push(k);
  }
  return x ?? 0;
}

export class Store {
  url = "/api/store";
  load = () => fetch(this.url);
}

module.exports.helper = run;
exports.other = run;
