#!/usr/bin/env bash
# Sets up the performance runs of README.md's Performance section: the
# 10k and 1k corpora of shared/tools/gencorpus.py (seed 1) in signpost's
# schema and in Hugo's, on tmpfs ($FAST, default /dev/shm/sp-bench) and on
# the disk ($DISK, default /tmp/sp-bench), Hugo v0.165.0, and signpost
# built from this checkout into each. SHARED is the folder that holds
# tools/gencorpus.py and tools/hugo-site/ (default ../shared).
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
FAST=${FAST:-/dev/shm/sp-bench}
DISK=${DISK:-/tmp/sp-bench}
command -v hugo >/dev/null || [ -x "$(go env GOPATH)/bin/hugo" ] ||
  GOFLAGS= go install github.com/gohugoio/hugo@v0.165.0
for where in "$FAST" "$DISK"; do
  mkdir -p "$where"
  for n in 10000 1000; do
    k=$((n / 1000))k
    [ -d "$where/p$k" ] || python3 "$SHARED/tools/gencorpus.py" --pages $n --seed 1 --schema signpost --out "$where/p$k"
    if [ ! -d "$where/h$k" ]; then
      python3 "$SHARED/tools/gencorpus.py" --pages $n --seed 1 --schema hugo --out "$where/h$k"
      cp -r "$SHARED/tools/hugo-site/." "$where/h$k/"
    fi
  done
  go build -o "$where/signpost" ./cmd/signpost
done
