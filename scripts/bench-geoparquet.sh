#!/usr/bin/env bash
# GeoParquet COPY against plain Parquet of the same coordinates as flat columns, ROWS rows
# (default 10,000,000), farm-bench: 10M uniform points as WKB (A) vs as x, y DOUBLE (B);
# 10M parcel boxes as WKB polygons (A) vs as xmin, ymin, xmax, ymax (B); and the GeoParquet
# writer in parallel (A, the default) vs serial (B, allow_single_file_parallelism = false).
#
#   scripts/bench-geoparquet.sh [ROWS]
#
# Needs a release build (cargo build --release --bin dfsynth).
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --bin dfsynth" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
run() { farm-bench -n "${RUNS:-5}" --timeout 1800 --vs "$dfsynth -q -c \"$2\"" -- "$dfsynth" -q -c "$1"; }

echo "== $rows uniform points: GeoParquet WKB (A) vs flat x, y Parquet (B)"
run "COPY (SELECT * FROM spider('uniform', $rows, 1)) TO '$out/a.parquet'" \
    "COPY (SELECT * FROM spider('uniform', $rows, 1, 'format=xy')) TO '$out/b.parquet'"
echo
echo "== $rows parcel boxes: GeoParquet WKB polygons (A) vs flat bounds Parquet (B)"
run "COPY (SELECT * FROM spider('parcel', $rows, 1, 'geometry=box')) TO '$out/a.parquet'" \
    "COPY (SELECT * FROM spider('parcel', $rows, 1, 'format=flat')) TO '$out/b.parquet'"
echo
echo "== $rows uniform points to GeoParquet: parallel writer (A) vs serial writer (B)"
run "COPY (SELECT * FROM spider('uniform', $rows, 1)) TO '$out/a.parquet'" \
    "SET datafusion.execution.parquet.allow_single_file_parallelism = false; COPY (SELECT * FROM spider('uniform', $rows, 1)) TO '$out/b.parquet'"
