#!/usr/bin/env bash
# The glossary at 100,000 terms, as a user runs it (issue 11): whole commands
# of the release binary, wall time and peak RSS from /usr/bin/time.
#
#   benches/glossary.sh [path/to/tarjuman]     (default: target/release/tarjuman)
#
# The data (a 100,000-term glossary of real words from the seed article and
# glossary.toml, 10 MB of wire text made of them, duplicates in TOML, TBX and
# CSV) is written once by `TARJUMAN_BENCH_WRITE=DIR cargo bench --bench
# matching` into target/glossary-bench (TARJUMAN_BENCH_DATA to change).
# Each job runs TARJUMAN_BENCH_RUNS times (default 3); the fastest is shown.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "${1:-target/release/tarjuman}")
[ -x "$bin" ] || { echo "build it first: cargo build --release" >&2; exit 1; }
data=$(realpath -m "${TARJUMAN_BENCH_DATA:-target/glossary-bench}")
runs=${TARJUMAN_BENCH_RUNS:-3}
if [ ! -f "$data/real.toml" ]; then
  TARJUMAN_BENCH_WRITE="$data" cargo bench --bench matching >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# measure NAME COMMAND…: the fastest of $runs runs (its peak RSS with it).
measure() {
  local name=$1; shift
  local best="" best_kb=0 rc=0
  for _ in $(seq "$runs"); do
    rm -f into.toml .into.toml.lock
    rc=0
    /usr/bin/time -f "%e %M" -o time.txt "$@" > out.bin 2> err.txt || rc=$?
    read -r secs kb < <(tail -1 time.txt)
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; best_kb=$kb; fi
  done
  printf '%-48s %6.2f s  peak RSS %5d MB  exit %d  output %d KB\n' \
    "$name" "$best" $((best_kb / 1024)) "$rc" $(( $(stat -c %s out.bin) >> 10 ))
}

printf 'glossary %d KB (%d terms), text %d KB\n' $(( $(stat -c %s "$data/real.toml") >> 10 )) \
  "$(grep -c '^\[\[term\]\]' "$data/real.toml")" $(( $(stat -c %s "$data/wire.ar.txt") >> 10 ))
measure "glossary check (100k terms)" "$bin" glossary check "$data/real.toml"
measure "glossary check (empty glossary)" "$bin" glossary check "$data/empty.toml"
measure "suggest --json 10 MB (100k terms)" "$bin" suggest --json --glossary "$data/real.toml" "$data/wire.ar.txt"
measure "suggest --json 10 MB (one term)" "$bin" suggest --json --glossary "$data/one.toml" "$data/wire.ar.txt"
measure "glossary check (50k duplicates)" "$bin" glossary check "$data/dups.toml"
measure "glossary import TBX (100k duplicates)" "$bin" glossary import --format tbx --into into.toml "$data/dups.tbx"
measure "glossary import CSV (100k duplicates)" "$bin" glossary import --format csv --into into.toml "$data/dups.csv"
