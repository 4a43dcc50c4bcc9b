#!/usr/bin/env bash
# Times seam against the parse floor and the peers on one corpus, in one
# sitting, and prints the ratios. Figures from a shared 2-core machine are
# noisy: compare ratios from the same run, never absolute times across runs.
#
# Usage: benches/corpus.sh NAME CORPUS_DIR
#   NAME: zulip or django (passed to ../shared/bench/run-peers, which installs
#         ruff and dependency-cruiser into ~/.cache/seam-peers on first use).
#   CORPUS_DIR a git checkout: seam reads its history too, and the history
#         floor (`git log --name-status -M` over the default window) and seam
#         without history are timed beside it.
#   BASELINE=/path/to/seam: also time that build cold, in the same sitting.
set -euo pipefail
name=${1:?usage: corpus.sh NAME CORPUS_DIR}
corpus=$(cd "${2:?usage: corpus.sh NAME CORPUS_DIR}" && pwd)
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SEAM_SHARED:-$here/../shared}
peers=${SEAM_PEERS:-$HOME/.cache/seam-peers}
out=$(mktemp -d)
cd "$here"
cargo build --release --quiet --bin seam --example parse_floor
seam="$here/target/release/seam"
floor="$here/target/release/examples/parse_floor"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
if [ ! -x "$peers/venv/bin/ruff" ]; then
  "$shared/bench/run-peers" "$name" "$corpus" "$out/peers" >/dev/null
fi
case $name in zulip) roots="'.', 'tools'" ;; django) roots="'.', 'tests'" ;; *) roots="'.'" ;; esac

cache="$out/cache"
victim=$(cd "$corpus" && find . -name '*.py' -not -path '*/node_modules/*' -print -quit)
# One script per command: hyperfine -N runs them without a shell's quoting.
cat > "$out/cat.sh" <<SH
cd '$corpus' && find . -type f \( -name '*.py' -o -name '*.js' -o -name '*.ts' -o -name '*.tsx' \) -not -path '*/node_modules/*' -exec cat {} + > /dev/null
SH
cat > "$out/one.sh" <<SH
echo "# touched \$RANDOM" >> '$out/victim' && cp '$out/victim' '$corpus/$victim'
exec '$seam' audit '$corpus' --quiet --cache-dir '$cache' --out '$out/one'
SH
cat > "$out/ruff.sh" <<SH
cd '$corpus' && exec '$peers/venv/bin/ruff' analyze graph --config "src = [$roots]" --config "exclude = []" . > /dev/null
SH
cat > "$out/depcruise.sh" <<SH
cd '$corpus' && exec '$peers/npm/node_modules/.bin/depcruise' --config '$shared/bench/lib/depcruise.cjs' --ts-config '$corpus/tsconfig.json' --output-type json --output-to /dev/null .
SH
cmds=(
  -n "cat (read floor)" "bash $out/cat.sh"
  -n "parse floor" "$floor $corpus"
  -n "seam cold" "$seam audit $corpus --quiet --no-cache --out $out/cold"
  -n "seam warm" "$seam audit $corpus --quiet --cache-dir $cache --out $out/warm"
  -n "seam one file changed" "bash $out/one.sh"
  -n "ruff analyze graph" "bash $out/ruff.sh"
)
if [ -f "$corpus/tsconfig.json" ]; then
  cmds+=(-n "dependency-cruiser" "bash $out/depcruise.sh")
fi
history=$(git -C "$corpus" rev-parse --is-inside-work-tree 2>/dev/null || true)
if [ "$history" = true ]; then
  # The listing seam reads: the year before the newest commit.
  start=$(( $(git -C "$corpus" log -1 --format=%ct) - 365 * 24 * 60 * 60 ))
  cat > "$out/gitlog.sh" <<SH
exec git -C '$corpus' log --no-merges -M --name-status --since=@$start --format=%x00%ct%x09%an -- . > /dev/null
SH
  cmds+=(-n "git log floor" "bash $out/gitlog.sh")
  cmds+=(-n "seam cold, no history" "$seam audit $corpus --quiet --no-cache --no-history --out $out/nohist")
fi
if [ -n "${BASELINE:-}" ]; then
  cmds+=(-n "baseline cold" "$BASELINE audit $corpus --quiet --no-cache --out $out/base")
fi
# -p keeps the victim's time: restored, it is the same file to the caches.
cp -p "$corpus/$victim" "$out/victim.orig"; cp "$corpus/$victim" "$out/victim"
trap 'cp -p "$out/victim.orig" "$corpus/$victim"' EXIT
"$seam" audit "$corpus" --quiet --cache-dir "$cache" --out "$out/warm" # fill the cache
hyperfine --warmup 1 --runs "${RUNS:-5}" -N --export-json "$out/times.json" "${cmds[@]}" > "$out/hyperfine.txt" 2>&1 || { cat "$out/hyperfine.txt"; exit 1; }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
# The one-file runs left a changed victim behind: restore it and refill, so
# the warm figure below is a warm run again.
cp -p "$out/victim.orig" "$corpus/$victim"
"$seam" audit "$corpus" --quiet --cache-dir "$cache" --out "$out/warm"
{
  echo "seam cold $(rss "$seam" audit "$corpus" --quiet --no-cache --out "$out/cold")"
  echo "seam warm $(rss "$seam" audit "$corpus" --quiet --cache-dir "$cache" --out "$out/warm")"
  echo "parse floor $(rss "$floor" "$corpus")"
  echo "ruff analyze graph $(rss bash "$out/ruff.sh")"
  [ -f "$corpus/tsconfig.json" ] && echo "dependency-cruiser $(rss bash "$out/depcruise.sh")"
  if [ "$history" = true ]; then
    echo "seam cold, no history $(rss "$seam" audit "$corpus" --quiet --no-cache --no-history --out "$out/nohist")"
    echo "git log floor $(rss bash "$out/gitlog.sh")"
  fi
  [ -n "${BASELINE:-}" ] && echo "baseline cold $(rss "$BASELINE" audit "$corpus" --quiet --no-cache --out "$out/base")"
  true
} > "$out/rss.txt"
python3 - "$out/times.json" "$out/rss.txt" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
rss = {" ".join(l.split()[:-1]): int(l.split()[-1]) for l in open(sys.argv[2])}
med = {r["command"]: r["median"] for r in results}
floor = med["parse floor"]
print(f"{'what':<24}{'median s':>10}{'x parse':>9}{'peak RSS MB':>13}")
for name, t in med.items():
    mb = f"{rss[name] / 1024:.0f}" if name in rss else ""
    print(f"{name:<24}{t:>10.3f}{t / floor:>9.2f}{mb:>13}")
if "ruff analyze graph" in med:
    print(f"seam warm / ruff: {med['seam warm'] / med['ruff analyze graph']:.2f}")
if "dependency-cruiser" in med:
    print(f"dependency-cruiser / seam cold: {med['dependency-cruiser'] / med['seam cold']:.2f}")
if "git log floor" in med:
    floors = floor + med["git log floor"]
    print(f"seam cold / (parse floor + git log floor): {med['seam cold'] / floors:.2f}")
if "baseline cold" in med:
    print(f"seam cold / baseline cold: {med['seam cold'] / med['baseline cold']:.2f}")
PY
