#!/usr/bin/env bash
# Delta Lake write benchmark, two parts:
#   1. INSERT INTO a Delta table of a 9-column declared table (ROWS rows) vs COPY of the same
#      query to a Parquet directory, both snappy, side by side with farm-bench (medians, paired
#      ratio; goal: the Delta insert costs at most 1.1x the COPY: a table commit must cost
#      almost nothing on top of the files);
#   2. peak RSS of the Delta insert at ROWS/10 and ROWS rows (bounded, <= 1 GiB, and flat).
#
#   scripts/bench-delta.sh [ROWS]      (default 100000000)
#
# Needs a release build with the feature (cargo build --release --features delta --bin
# dfsynth). Set CARGO_TARGET_DIR if you build elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000000}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --features delta --bin dfsynth" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# shellcheck source=scripts/events-table.sh
. scripts/events-table.sh

events_table "$rows" > "$out/table.sql"
echo "COPY events TO '$out/pq/' STORED AS PARQUET OPTIONS ('format.compression' 'snappy');" > "$out/copy.sql"
echo "CREATE EXTERNAL TABLE d STORED AS DELTA LOCATION '$out/delta'; INSERT INTO d SELECT * FROM events;" > "$out/insert.sql"
echo "== 1. $rows rows of a 9-column table: INSERT INTO a Delta table (A) vs COPY to a Parquet directory (B), both snappy"
farm-bench -n 3 --timeout 3000 \
  --vs "sh -c 'rm -rf $out/pq && $dfsynth -q -f $out/table.sql -f $out/copy.sql'" \
  -- sh -c "rm -rf $out/delta && $dfsynth -q -f $out/table.sql -f $out/insert.sql"
du -sh "$out/pq" "$out/delta" 2>/dev/null || true
echo
echo "== 2. peak RSS of the Delta insert (MiB)"
for n in "$((rows / 10))" "$rows"; do
  events_table "$n" > "$out/rss-table.sql"
  echo "CREATE EXTERNAL TABLE d STORED AS DELTA LOCATION '$out/rss'; INSERT INTO d SELECT * FROM events;" > "$out/rss-insert.sql"
  rm -rf "$out/rss"
  /usr/bin/time -f '%M' -o "$out/rss.txt" "$dfsynth" -q -f "$out/rss-table.sql" -f "$out/rss-insert.sql" > /dev/null
  echo "$n rows: $(( $(cat "$out/rss.txt") / 1024 )) MiB"
done
