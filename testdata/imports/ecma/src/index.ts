// One of every import form; each line names the edge it must produce.
import App from "./App"; // → src/App.tsx (extension probing)
import { debounce, throttle } from "./util"; // → src/util/index.ts (index probing)
import * as fmt from "./util/format"; // → src/util/format.ts
import "./polyfill"; // → src/polyfill.js (side effect)
import type { Order } from "@/types"; // type-only → src/types.ts (tsconfig paths)
import { helper } from "./esm.js"; // → src/esm.ts (.js naming a .ts file)
import { q } from "~lib/q"; // → lib/q.ts (second paths target)
import { Button } from "@acme/ui"; // → packages/ui/src/index.ts (workspace)
import React from "react"; // → ext:npm:react
import { thing } from "@scope/pkg/sub"; // → ext:npm:@scope/pkg
import fs from "node:fs"; // → ext:npm:fs
import data from "./data.json"; // asset: no edge
import "./style.css"; // asset: no edge
import { nope } from "./nope"; // unresolved: not found
export { reexported } from "./reexport"; // reexport → src/reexport.ts
export * from "./star"; // reexport → src/star.ts

const legacy = require("./legacy.cjs"); // require → src/legacy.cjs

export async function lazyPage() {
  return import("./lazy"); // dynamic, lazy → src/lazy.ts
}

export const all = [App, debounce, throttle, fmt, helper, q, Button, React, thing, fs, data, nope, legacy];
export type Maybe = Order | null;
