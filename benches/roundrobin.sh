#!/usr/bin/env bash
# Round-robin timing of seam builds against the floors on one git checkout:
# each round runs the parse floor, the history floor (`git log
# --name-status -M` over seam's default window) and every build once, cold,
# with history, so a burst of load on a shared machine lands on all of them
# alike (hyperfine, in benches/corpus.sh, runs one command's runs back to
# back). Prints each command's median wall and CPU (user+sys, children
# included) and seam / (parse floor + git floor).
#
# Usage: benches/roundrobin.sh CHECKOUT ROUNDS SEAM_BINARY...
#   e.g. benches/roundrobin.sh ../zulip-git 5 /tmp/seam-base target/release/seam
# Measure only on a quiet machine; order builds differently between sittings.
set -euo pipefail
corpus=${1:?usage: roundrobin.sh CHECKOUT ROUNDS SEAM_BINARY...}
rounds=${2:?usage: roundrobin.sh CHECKOUT ROUNDS SEAM_BINARY...}
shift 2
[ $# -gt 0 ] || { echo "usage: roundrobin.sh CHECKOUT ROUNDS SEAM_BINARY..." >&2; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here" && cargo build --release --quiet --example parse_floor)
floor="$here/target/release/examples/parse_floor"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The window seam reads by default: the year before the newest commit.
start=$(( $(git -C "$corpus" log -1 --format=%ct) - 365 * 24 * 60 * 60 ))
timed() { /usr/bin/time -f "$1 %e %U %S" -a -o "$out/times" "${@:2}" > /dev/null 2>&1; }
for _ in $(seq "$rounds"); do
  timed floor "$floor" "$corpus"
  timed git git -C "$corpus" log --no-merges -M --name-status --since=@"$start" --format=%x00%ct%x09%an -- .
  i=0
  for bin in "$@"; do
    timed "seam$i" "$bin" audit "$corpus" --quiet --no-cache --out "$out/report$i"
    i=$((i + 1))
  done
done
python3 - "$out/times" "$@" <<'PY'
import collections, statistics, sys
wall, cpu = collections.defaultdict(list), collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, w, user, sys_ = line.split()
    wall[name].append(float(w))
    cpu[name].append(float(user) + float(sys_))
med = {k: statistics.median(v) for k, v in wall.items()}
floors = med["floor"] + med["git"]
labels = {"floor": "parse floor", "git": "git log floor"}
labels.update({f"seam{i}": b for i, b in enumerate(sys.argv[2:])})
for k in wall:
    print(f"{labels[k]:<40} wall {med[k]:6.2f} s  cpu {statistics.median(cpu[k]):6.2f} s"
          + (f"  / floors {med[k] / floors:.2f}" if k.startswith("seam") else ""))
PY
