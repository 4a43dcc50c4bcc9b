#!/bin/sh
# Seeds each fuzz target's corpus from testdata/ (run from the repository
# root or from fuzz/). The corpora themselves are not committed.
set -eu
cd "$(dirname "$0")"
seed() { # target, extension...
    target=$1; shift
    mkdir -p "corpus/$target"
    for ext in "$@"; do
        find ../testdata -type f -name "*.$ext" -size -64k | while read -r f; do
            cp "$f" "corpus/$target/$(echo "${f#../}" | tr / _)"
        done
    done
}
seed extract_python py
seed extract_javascript js jsx mjs cjs
seed extract_typescript ts
seed extract_tsx tsx
seed extract_html html
# Route and request paths as the fixtures write them.
mkdir -p corpus/path_template
grep -rhoE "[\"'](/|\^)[^\"' ]{0,80}[\"']" ../testdata --include=*.py --include=*.js \
    --include=*.ts --include=*.tsx | tr -d "\"'" | sort -u | split -l 4 - corpus/path_template/seed-
