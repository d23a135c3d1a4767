#!/usr/bin/env bash
# Full 10k builds into empty folders: Hugo, signpost and signpost
# --no-cache in turn, three times over, on tmpfs and then on the disk
# (run setup.sh first). Prints one line a build: wall, user+system CPU,
# peak RSS in KiB.
set -euo pipefail
FAST=${FAST:-/dev/shm/sp-bench}
DISK=${DISK:-/tmp/sp-bench}
HUGO=${HUGO:-$(command -v hugo || echo "$(go env GOPATH)/bin/hugo")}
T="%e s %U+%S CPU %M KB"
for where in "$FAST" "$DISK"; do
  for i in 1 2 3; do
    rm -rf "$where/ho" "$where/so" "$where"/.so.signpost-*; sync
    echo "$where run $i, load $(cut -d' ' -f1-3 /proc/loadavg)"
    /usr/bin/time -f "$where hugo $T" "$HUGO" --source "$where/h10k" --destination "$where/ho" --quiet
    rm -rf "$where/ho"; sync
    /usr/bin/time -f "$where signpost $T" "$where/signpost" build --source "$where/p10k" --out "$where/so" --quiet
    rm -rf "$where/so" "$where"/.so.signpost-*; sync
    /usr/bin/time -f "$where signpost --no-cache $T" "$where/signpost" build --source "$where/p10k" --out "$where/so" --quiet --no-cache
  done
  rm -rf "$where/ho" "$where/so" "$where"/.so.signpost-*
done
