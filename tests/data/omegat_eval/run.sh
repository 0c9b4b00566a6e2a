#!/bin/sh
# OmegaT 3.6 (Debian package `omegat`) on the TM evaluation set: builds an
# OmegaT project whose tm/ holds tests/data/tm_eval.toml's units as TMX, asks
# OmegaT's fuzzy matcher for every query from a console-mode script, and
# writes omegat_scores.tsv beside this file. Not run by the tests; see README.md.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/omegat_eval.py" build "$work"
# A configuration folder of its own, so the user's OmegaT preferences play no part.
OT_QUERIES="$work/queries.b64" OT_OUT="$work/raw.tsv" \
    omegat "$work/project" --mode=console-translate --config-dir="$work/config" \
    --script="$here/score.groovy" >"$work/omegat.log" 2>&1 ||
    { tail -40 "$work/omegat.log"; exit 1; }
if [ ! -s "$work/raw.tsv" ]; then
    grep -i "error" "$work/omegat.log" | head -20
    echo "score.groovy wrote nothing" >&2
    exit 1
fi
python3 "$here/omegat_eval.py" report "$work/raw.tsv" "$here/omegat_scores.tsv"
