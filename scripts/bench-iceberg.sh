#!/usr/bin/env bash
# Iceberg write benchmark, two parts:
#   1. INSERT INTO an Iceberg table (SQLite catalog, unpartitioned) of a 9-column declared table
#      (ROWS rows) vs COPY of the same query to a Parquet directory, both zstd(3), side by side
#      with farm-bench (medians, paired ratio; goal: the Iceberg insert costs at most 1.1x the
#      COPY: manifests and a commit must cost almost nothing on top of the files);
#   2. peak RSS of the Iceberg insert at ROWS/10 and ROWS rows (bounded, <= 1 GiB, and flat).
#
#   scripts/bench-iceberg.sh [ROWS]      (default 100000000)
#
# Needs a release build with the feature (cargo build --release --features iceberg --bin
# dfsynth). Set CARGO_TARGET_DIR if you build elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000000}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --features iceberg --bin dfsynth" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# shellcheck source=scripts/events-table.sh
. scripts/events-table.sh

columns="(id BIGINT NOT NULL, user_id BIGINT NOT NULL, tenant BIGINT NOT NULL, kind VARCHAR NOT NULL,
  amount DOUBLE NOT NULL, score DOUBLE NOT NULL, at TIMESTAMP NOT NULL, ip VARCHAR NOT NULL, flag BOOLEAN NOT NULL)"
insert() { # insert WAREHOUSE
  echo "CREATE EXTERNAL TABLE t $columns STORED AS ICEBERG LOCATION '$1/db/events'
    OPTIONS ('write.parquet.compression-codec' 'zstd', 'write.parquet.compression-level' '3');
  INSERT INTO t SELECT * FROM events;"
}
events_table "$rows" > "$out/table.sql"
echo "COPY events TO '$out/pq/' STORED AS PARQUET OPTIONS ('format.compression' 'zstd(3)');" > "$out/copy.sql"
insert "$out/wh" > "$out/insert.sql"
echo "== 1. $rows rows of a 9-column table: INSERT INTO an Iceberg table (A) vs COPY to a Parquet directory (B), both zstd(3)"
farm-bench -n 3 --timeout 3000 \
  --vs "sh -c 'rm -rf $out/pq && $dfsynth -q -f $out/table.sql -f $out/copy.sql'" \
  -- sh -c "rm -rf $out/wh && $dfsynth -q -f $out/table.sql -f $out/insert.sql"
du -sh "$out/pq" "$out/wh" 2>/dev/null || true
echo
echo "== 2. peak RSS of the Iceberg insert (MiB)"
for n in "$((rows / 10))" "$rows"; do
  events_table "$n" > "$out/rss-table.sql"
  insert "$out/rss" > "$out/rss-insert.sql"
  rm -rf "$out/rss"
  /usr/bin/time -f '%M' -o "$out/rss.txt" "$dfsynth" -q -f "$out/rss-table.sql" -f "$out/rss-insert.sql" > /dev/null
  echo "$n rows: $(( $(cat "$out/rss.txt") / 1024 )) MiB"
done
