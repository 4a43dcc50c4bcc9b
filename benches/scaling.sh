#!/usr/bin/env bash
# Scaling: seam cold against the parse floor on synthetic monoliths of 10k,
# 100k and 1M lines (benches/synth.py), in one sitting; prints wall time,
# the ratio, seconds per 100k lines, CPU use (user+sys over wall: 200% is
# both cores busy) and peak RSS.
#
# Usage: benches/scaling.sh [LINES ...]     (default: 10000 100000 1000000)
# With two sizes of a million lines or more (e.g. 1000000 3000000) it also
# prints the peak RSS each further million lines adds.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sizes=("${@:-10000 100000 1000000}")
read -r -a sizes <<< "${sizes[*]}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cd "$here"
cargo build --release --quiet --bin seam --example parse_floor
seam="$here/target/release/seam"
floor="$here/target/release/examples/parse_floor"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
printf '%-10s %8s %8s %8s %10s %8s %8s\n' lines files floor_s seam_s "x parse" s/100k "cpu %" 
for n in "${sizes[@]}"; do
  tree="$out/synth-$n"
  python3 benches/synth.py "$n" "$tree" >/dev/null
  files=$(find "$tree" -type f \( -name '*.py' -o -name '*.ts' \) | wc -l)
  hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$out/t.json" \
    -n floor "$floor $tree" \
    -n seam "$seam audit $tree --quiet --no-cache --no-history --out $out/report" >/dev/null 2>&1
  read -r floor_s seam_s <<< "$(python3 -c '
import json,sys
r={x["command"]:x["median"] for x in json.load(open(sys.argv[1]))["results"]}
print(r["floor"], r["seam"])' "$out/t.json")"
  stats=$( { /usr/bin/time -f '%e %U %S %M' "$seam" audit "$tree" --quiet --no-cache --no-history --out "$out/report" >/dev/null; } 2>&1 | tail -1)
  read -r wall user sys rss <<< "$stats"
  python3 - "$n" "$files" "$floor_s" "$seam_s" "$wall" "$user" "$sys" "$rss" <<'PY'
import sys
n, files, floor, seam, wall, user, sys_, rss = sys.argv[1:]
n, floor, seam, wall, user, sys_ = int(n), float(floor), float(seam), float(wall), float(user), float(sys_)
cpu = 100 * (user + sys_) / wall if wall else 0
print(f"{n:<10} {files:>8} {floor:>8.3f} {seam:>8.3f} {seam / floor:>10.2f} {seam / n * 1e5:>8.3f} {cpu:>7.0f}%  RSS {int(rss) / 1024:.0f} MB")
PY
  echo "$n $rss" >> "$out/rss"
done
# The growth issue 18 bounds: peak RSS per further million lines, between
# the smallest and the largest tree of at least a million lines.
python3 - "$out/rss" <<'PY'
import sys
rows = sorted((int(n), int(kb)) for n, kb in (l.split() for l in open(sys.argv[1])))
big = [r for r in rows if r[0] >= 1_000_000]
if len(big) >= 2 and big[-1][0] > big[0][0]:
    (n0, r0), (n1, r1) = big[0], big[-1]
    print(f"peak RSS per further million lines ({n0} -> {n1}): {(r1 - r0) / 1024 / ((n1 - n0) / 1e6):.0f} MB")
PY
