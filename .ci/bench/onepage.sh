#!/usr/bin/env bash
# One article's body changed, 10k site on the disk, through the build
# record and cache, each rebuild right after a full Hugo build into the
# same disk, five times; then three builds with nothing changed (run
# setup.sh first). The article is put back as it was at the end.
set -euo pipefail
DISK=${DISK:-/tmp/sp-bench}
HUGO=${HUGO:-$(command -v hugo || echo "$(go env GOPATH)/bin/hugo")}
T="%e s %U+%S CPU %M KB"
SP="$DISK/signpost"
F=$(ls "$DISK"/p10k/content/articles/*.md | grep -v _index | sed -n 1p) # sed reads it all: head would end the pipe early (SIGPIPE, under pipefail)
cp "$F" "$DISK/article.orig"
trap 'cp "$DISK/article.orig" "$F"; rm -rf "$DISK/ho"' EXIT
rm -rf "$DISK/sq" "$DISK"/.sq.signpost-*
"$SP" build --source "$DISK/p10k" --out "$DISK/sq" --quiet
sleep 3 # a build records no stat key of an input changed in the 2 s before it
"$SP" build --source "$DISK/p10k" --out "$DISK/sq" --quiet
for i in 1 2 3 4 5; do
  rm -rf "$DISK/ho"; sync
  /usr/bin/time -f "hugo, full build $T" "$HUGO" --source "$DISK/h10k" --destination "$DISK/ho" --quiet
  echo "Edit $i." >> "$F"; sleep 3; sync
  echo "run $i, load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "signpost, one page changed $T" "$SP" build --source "$DISK/p10k" --out "$DISK/sq" 2>&1 | grep -v -e '^ *hint:' -e 'info:'
done
sleep 3
for i in 1 2 3; do
  /usr/bin/time -f "signpost, nothing changed $T" "$SP" build --source "$DISK/p10k" --out "$DISK/sq" --quiet
done
