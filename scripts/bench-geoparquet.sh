#!/usr/bin/env bash
# GeoParquet COPY against plain Parquet of the same coordinates as flat columns, ROWS rows
# (default 10,000,000), farm-bench, A against B:
#   1. uniform points as WKB vs as x, y DOUBLE;
#   2. the same, both uncompressed (what the codec adds);
#   3. uniform points as GeoParquet native `point` (format=native) vs as x, y DOUBLE;
#   4. the same, the flat x, y also without dictionary (the native writer's setting);
#   5. parcel boxes as WKB polygons vs as xmin, ymin, xmax, ymax;
#   6. the same, both uncompressed;
#   7. WKB points with the GeoParquet writer in parallel (the default) vs serial
#      (allow_single_file_parallelism = false).
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

pts="spider('uniform', $rows, 1"
boxes="spider('parcel', $rows, 1"
raw="OPTIONS ('format.compression' 'uncompressed')"
echo "== 1. $rows uniform points: GeoParquet WKB (A) vs flat x, y Parquet (B)"
run "COPY (SELECT * FROM $pts)) TO '$out/a.parquet'" \
    "COPY (SELECT * FROM $pts, 'format=xy')) TO '$out/b.parquet'"
echo
echo "== 2. $rows uniform points, uncompressed: GeoParquet WKB (A) vs flat x, y Parquet (B)"
run "COPY (SELECT * FROM $pts)) TO '$out/a.parquet' $raw" \
    "COPY (SELECT * FROM $pts, 'format=xy')) TO '$out/b.parquet' $raw"
echo
echo "== 3. $rows uniform points: GeoParquet native point (A) vs flat x, y Parquet (B)"
run "COPY (SELECT * FROM $pts, 'format=native')) TO '$out/a.parquet'" \
    "COPY (SELECT * FROM $pts, 'format=xy')) TO '$out/b.parquet'"
echo
echo "== 4. $rows uniform points: GeoParquet native point (A) vs flat x, y Parquet without dictionary (B)"
run "COPY (SELECT * FROM $pts, 'format=native')) TO '$out/a.parquet'" \
    "COPY (SELECT * FROM $pts, 'format=xy')) TO '$out/b.parquet' OPTIONS ('format.dictionary_enabled::x' 'false', 'format.dictionary_enabled::y' 'false')"
echo
echo "== 5. $rows parcel boxes: GeoParquet WKB polygons (A) vs flat bounds Parquet (B)"
run "COPY (SELECT * FROM $boxes, 'geometry=box')) TO '$out/a.parquet'" \
    "COPY (SELECT * FROM $boxes, 'format=flat')) TO '$out/b.parquet'"
echo
echo "== 6. $rows parcel boxes, uncompressed: GeoParquet WKB polygons (A) vs flat bounds Parquet (B)"
run "COPY (SELECT * FROM $boxes, 'geometry=box')) TO '$out/a.parquet' $raw" \
    "COPY (SELECT * FROM $boxes, 'format=flat')) TO '$out/b.parquet' $raw"
echo
echo "== 7. $rows uniform points to GeoParquet: parallel writer (A) vs serial writer (B)"
run "COPY (SELECT * FROM $pts)) TO '$out/a.parquet'" \
    "SET datafusion.execution.parquet.allow_single_file_parallelism = false; COPY (SELECT * FROM $pts)) TO '$out/b.parquet'"
