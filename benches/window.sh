#!/usr/bin/env bash
# Launch-to-window time and peak memory of the real release binary under Xvfb.
#
#   bash benches/window.sh [FILE]      (default: the shipped seed project)
#
# Needs xvfb and x11-utils (xwininfo). Prints the milliseconds from exec to the
# window being mapped, and VmHWM (peak resident memory) after 5 s of idling.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$(cargo build --release --message-format=json 2>/dev/null | grep -o '"executable":"[^"]*tarjuman"' | cut -d'"' -f4 | tail -1)
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1400x900x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; kill $app 2>/dev/null || true' EXIT
sleep 1
start=$(date +%s%N)
DISPLAY=$display "$bin" "$@" >/dev/null 2>&1 &
app=$!
until DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q '"Tarjuman\|tarjuman'; do
  sleep 0.005
done
mapped=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 5
echo "window mapped after ${mapped} ms; $(grep VmHWM /proc/$app/status)"
