#!/usr/bin/env bash
# How long verify takes here: the full proof on a fresh clone (what CI runs: `CI=true bash .ci/run`), then,
# with the result cache filled by one `npm run verify`, the same command after a change to one kata's suite
# and with nothing changed. Each figure is wall time and CPU time (user + sys of every process it started,
# which a busy machine does not inflate as much as the wall time), with the load before it. The figures are
# copied by hand into src/bench/verify.md.
#   bash src/bench/verify-time.sh [kata number, default 07]
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
kata=${1:-07}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$repo" "$work/clone"
cd "$work/clone" || exit 1

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), Node $(node --version), $(uname -sr)"
measure () {
  local label=$1
  shift
  echo "== $label (load before: $(cut -d' ' -f1-3 /proc/loadavg))"
  /usr/bin/time -f "$label: %e s wall, %U s user + %S s sys" "$@" > "$work/out.txt" 2> "$work/time.txt"
  grep -E '^\(|^verify:' "$work/out.txt"
  tail -n 1 "$work/time.txt"
}

measure 'fresh clone: CI=true bash .ci/run' env CI=true bash .ci/run
measure 'cache filled: npm run verify' npm run verify
suite=$(ls katas/"$kata"-*/*.test.ts | head -n 1)
echo "// a change for the benchmark" >> "$suite"
measure "after a change to $suite: npm run verify" npm run verify
measure 'nothing changed: npm run verify' npm run verify
