#!/usr/bin/env bash
# Peak memory of the jobs issue 10 found running away, as a user runs them:
# importing a 200,000-unit XLIFF and `suggest --json` on 2 million short lines.
# Usage: benches/memory.sh [path/to/tarjuman]   (default: target/release/tarjuman)
# Prints one line per job: wall seconds, peak RSS, input size, output size.
set -euo pipefail
bin=${1:-target/release/tarjuman}
[ -x "$bin" ] || { echo "build it first: cargo build --release" >&2; exit 1; }
bin=$(realpath "$bin")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"

python3 - <<'EOF'
import random
random.seed(7)
words = "وقال البيت الأبيض في بيان إن الرئيس شدد على أهمية اتخاذ روسيا تدابير بحق مجموعات موجودة وتشن هجمات ببرمجيات الفدية".split()
with open("units.ar.txt", "w") as f:
    f.write("\n\n".join(" ".join(random.choice(words) for _ in range(18)) + f" {i}." for i in range(200_000)) + "\n")
with open("lines.ar.txt", "w") as f:
    f.write("".join(f"قال الرئيس {i}.\n" for i in range(2_000_000)))
EOF

measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %M" -o time.txt "$@" > out.bin 2> err.txt || { cat err.txt >&2; exit 1; }
  read -r secs kb < time.txt
  printf '%-40s %6.1f s  peak RSS %5d MB  output %d MB\n' "$name" "$secs" $((kb / 1024)) $(( $(stat -c %s out.bin) >> 20 ))
}

"$bin" export units.ar.txt --format xliff -o units.xlf 2> /dev/null
printf 'XLIFF: %d MB, 200000 units; lines: %d MB, 2000000 lines\n' \
  $(( $(stat -c %s units.xlf) >> 20 )) $(( $(stat -c %s lines.ar.txt) >> 20 ))
measure "import --dry-run (200k-unit XLIFF)" "$bin" import --dry-run units.ar.txt units.xlf
measure "suggest --json (2M lines)" "$bin" suggest --json lines.ar.txt
