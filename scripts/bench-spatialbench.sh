#!/usr/bin/env bash
# The SpatialBench trip table at scale factor SF (default 1: 6,000,000 trips) to Parquet:
# dfsynth running the trip part of sql/examples/spatialbench.sql (A) against
# spatialbench-cli from PyPI generating its trip table on the same machine (B), farm-bench.
# Twice: with each tool's default compression (ours zstd(3), DataFusion's default;
# spatialbench-cli snappy), then both with snappy.
#
#   scripts/bench-spatialbench.sh [SF]
#
# Needs a release build (cargo build --release --bin dfsynth) and spatialbench-cli in the
# bench venv (DFSYNTH_BENCH_VENV, default the cache-dir bench venv of bench-customers.sh),
# created and filled from PyPI on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
sf="${1:-1}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --bin dfsynth" >&2; exit 1; }
venv="${DFSYNTH_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/datafusion-synth/bench-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
[ -x "$venv/bin/spatialbench-cli" ] || "$venv/bin/pip" install --disable-pip-version-check -q spatialbench-cli
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
trips=$(python3 -c "print(int(6000000 * $sf))")
# The parent tables and the trip table of the example, trip rows for SF, then COPY trip.
sed -n '/^CREATE OR REPLACE SYNTHETIC TABLE customer/,/^CREATE OR REPLACE SYNTHETIC TABLE building/p' \
    sql/examples/spatialbench.sql | sed '$d' | sed "s/rows = 6000000/rows = $trips/" > "$out/trip.sql"
echo "COPY trip TO '$out/ours/trip.parquet';" >> "$out/trip.sql"
{ echo "SET datafusion.execution.parquet.compression = 'snappy';"; cat "$out/trip.sql"; } > "$out/trip_snappy.sql"
# spatialbench-cli skips a table whose file exists, so each of its runs starts from an
# empty directory (and so does each of ours).
theirs="sh -c 'rm -rf $out/theirs && $venv/bin/spatialbench-cli -s $sf -T trip -o $out/theirs'"
echo "== trip SF $sf ($trips rows) to Parquet, default compression: dfsynth zstd(3) (A) vs spatialbench-cli snappy (B)"
farm-bench -n "${RUNS:-3}" --timeout 1800 --vs "$theirs" -- sh -c "rm -rf $out/ours && $dfsynth -q -f $out/trip.sql"
echo
echo "== the same, both snappy: dfsynth (A) vs spatialbench-cli (B)"
farm-bench -n "${RUNS:-3}" --timeout 1800 --vs "$theirs" -- sh -c "rm -rf $out/ours && $dfsynth -q -f $out/trip_snappy.sql"
