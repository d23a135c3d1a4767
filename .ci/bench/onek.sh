#!/usr/bin/env bash
# Full 1k builds on tmpfs: Hugo, signpost and signpost --no-cache in turn,
# five times over (run setup.sh first).
set -euo pipefail
FAST=${FAST:-/dev/shm/sp-bench}
HUGO=${HUGO:-$(command -v hugo || echo "$(go env GOPATH)/bin/hugo")}
T="%e s %U+%S CPU %M KB"
for i in 1 2 3 4 5; do
  rm -rf "$FAST/ho1" "$FAST/so1" "$FAST"/.so1.signpost-*
  echo "run $i, load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "hugo $T" "$HUGO" --source "$FAST/h1k" --destination "$FAST/ho1" --quiet
  /usr/bin/time -f "signpost $T" "$FAST/signpost" build --source "$FAST/p1k" --out "$FAST/so1" --quiet
  rm -rf "$FAST/so1" "$FAST"/.so1.signpost-*
  /usr/bin/time -f "signpost --no-cache $T" "$FAST/signpost" build --source "$FAST/p1k" --out "$FAST/so1" --quiet --no-cache
done
rm -rf "$FAST/ho1" "$FAST/so1" "$FAST"/.so1.signpost-*
