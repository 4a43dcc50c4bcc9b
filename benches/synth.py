#!/usr/bin/env python3
"""Writes a synthetic monolith of about N lines for scaling benchmarks.

Usage: benches/synth.py LINES OUT_DIR

Half Python (packages of modules importing each other and a shared utils
package), half TypeScript (components importing stores and an api client),
each module ~100 lines. Deterministic for a given LINES.
"""
import os
import random
import sys

LINES_PER_MODULE = 100


def python_module(rng, pkg, i, n_pkgs, n_mods):
    imports = {f"from app.utils import helpers{rng.randrange(10)}"}
    for _ in range(4):
        p, m = rng.randrange(n_pkgs), rng.randrange(n_mods)
        imports.add(f"from app.pkg{p} import mod{m}")
    body = [f'"""Module {pkg}.mod{i}."""', *sorted(imports), "", "STATE = {}", ""]
    fn = 0
    while len(body) < LINES_PER_MODULE - 8:
        body += [
            f"def handler_{fn}(request, limit=10):",
            "    items = [x for x in range(limit) if x % 3]",
            "    if not items:",
            "        return None",
            "    total = sum(items) * 2",
            f"    STATE['h{fn}'] = total",
            "    return {'total': total, 'items': items}",
            "",
        ]
        fn += 1
    return "\n".join(body) + "\n"


def ts_module(rng, i, n_mods):
    imports = {f'import {{ api{rng.randrange(10)} }} from "../api/client{rng.randrange(10)}";'}
    for _ in range(4):
        m = rng.randrange(n_mods)
        if m != i:
            imports.add(f'import {{ view{m} }} from "./view{m}";')
    body = [*sorted(imports), "", f"export const view{i} = {{ name: \"view{i}\" }};", ""]
    fn = 0
    while len(body) < LINES_PER_MODULE - 8:
        body += [
            f"export async function load{i}_{fn}(id: number): Promise<number[]> {{",
            "  const values: number[] = [];",
            "  for (let k = 0; k < id; k++) {",
            "    if (k % 2 === 0) values.push(k * 2);",
            "  }",
            "  return values;",
            "}",
            "",
        ]
        fn += 1
    return "\n".join(body) + "\n"


def main():
    lines, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(lines)
    modules = max(lines // LINES_PER_MODULE, 4)
    py_mods, ts_mods = modules // 2, modules - modules // 2
    n_pkgs = max(py_mods // 20, 1)
    per_pkg = max(py_mods // n_pkgs, 1)
    os.makedirs(f"{out}/app/utils", exist_ok=True)
    open(f"{out}/app/__init__.py", "w").close()
    open(f"{out}/app/utils/__init__.py", "w").close()
    for h in range(10):
        with open(f"{out}/app/utils/helpers{h}.py", "w") as f:
            f.write(f"def helper{h}(x):\n    return x * {h}\n")
    for p in range(n_pkgs):
        os.makedirs(f"{out}/app/pkg{p}", exist_ok=True)
        open(f"{out}/app/pkg{p}/__init__.py", "w").close()
        for m in range(per_pkg):
            with open(f"{out}/app/pkg{p}/mod{m}.py", "w") as f:
                f.write(python_module(rng, f"pkg{p}", m, n_pkgs, per_pkg))
    os.makedirs(f"{out}/web/api", exist_ok=True)
    os.makedirs(f"{out}/web/views", exist_ok=True)
    for c in range(10):
        with open(f"{out}/web/api/client{c}.ts", "w") as f:
            f.write(f"export const api{c} = (url: string) => fetch(url);\n")
    for i in range(ts_mods):
        with open(f"{out}/web/views/view{i}.ts", "w") as f:
            f.write(ts_module(rng, i, ts_mods))


if __name__ == "__main__":
    main()
