#!/usr/bin/env bash
# Scale-out on a Ballista cluster of this machine: COPY to a Parquet directory of ROWS
# (default 200,000,000) uniform points and of ROWS/10 rows of the 9-column declared table
# (benches/synthetic_table.rs), timed with farm-bench:
#
#   * a cluster of one `dfsynth scheduler` and two `dfsynth executor`s with one task slot
#     each (2 partitions) against the local engine with 1 partition (scale-out efficiency);
#   * the same cluster against the local engine with 2 partitions (the distributed path's
#     overhead).
#
#   scripts/bench-cluster.sh [ROWS]
#
# With PIN=1 each executor runs on its own core (taskset -c 0, -c 1) and the 1-partition
# local run on core 0: DataFusion's Parquet writer encodes columns on other threads, so an
# unpinned 1-partition COPY already keeps both cores of a 2-core machine busy.
#
# Needs a release build with the cluster feature:
#   cargo build --release --features cluster --bin dfsynth
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-200000000}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --features cluster --bin dfsynth" >&2; exit 1; }
out="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$out"; }
trap cleanup EXIT

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sched=$(port)
"$dfsynth" scheduler --bind-port "$sched" > "$out/scheduler.log" 2>&1 & pids+=($!)
sleep 1
pin() { # core: a taskset prefix under PIN=1
  if [ "${PIN:-0}" = 1 ]; then echo "taskset -c $1"; fi
}
for i in 1 2; do
  mkdir -p "$out/work$i"
  $(pin $((i - 1))) "$dfsynth" executor --scheduler-port "$sched" --bind-port "$(port)" --bind-grpc-port "$(port)" \
    --concurrent-tasks 1 --work-dir "$out/work$i" > "$out/executor$i.log" 2>&1 & pids+=($!)
done
sleep 3
url="df://localhost:$sched"

table_rows=$((rows / 10))
nine="CREATE SYNTHETIC TABLE bench (
  id       BIGINT    GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  amount   DOUBLE    GENERATED ALWAYS AS (lognormal(3.0, 1.0)),
  score    DOUBLE    GENERATED ALWAYS AS (normal(50.0, 10.0)),
  category VARCHAR   GENERATED ALWAYS AS (weighted(['a', 'b', 'c', 'd'], [5, 3, 1, 1])),
  day      DATE      GENERATED ALWAYS AS (date_between(DATE '2020-01-01', DATE '2024-12-31')),
  ts       TIMESTAMP GENERATED ALWAYS AS (timestamp_between(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-12-31 23:59:59')),
  code     VARCHAR   GENERATED ALWAYS AS (pattern('ORD-####-??')),
  uid      VARCHAR   GENERATED ALWAYS AS (uuid()),
  maybe    DOUBLE    GENERATED ALWAYS AS (uniform(0.0, 1.0)) NULL 10 PERCENT
) WITH (rows = $table_rows, seed = 42);"

# Each run writes into an emptied directory (a local COPY names its files at random).
points="COPY (SELECT * FROM spider('uniform', $rows, 1)) TO 'DIR/' STORED AS PARQUET;"
table="$nine COPY bench TO 'DIR/' STORED AS PARQUET;"
for workload in points table; do
  sql="${!workload}"
  cmd() { # variant, dfsynth options
    printf '%s\n' "${sql//DIR/$out/$workload-$1}" > "$out/$workload-$1.sql"
    echo "rm -rf $out/$workload-$1 && exec ${3:-} $dfsynth -q $2 -f $out/$workload-$1.sql"
  }
  cluster=$(cmd cluster "--cluster $url --target-partitions 2")
  local1=$(cmd local1 "--target-partitions 1" "$(pin 0)")
  local2=$(cmd local2 "--target-partitions 2")
  n=$([ "$workload" = points ] && echo "$rows" || echo "$table_rows")
  echo "== $workload ($n rows): cluster, 2 executors x 1 slot (A) vs local, 1 partition (B)$([ "${PIN:-0}" = 1 ] && echo ', each on one core'); scale-out = B/A"
  farm-bench -n "${RUNS:-3}" --timeout 3600 --vs "sh -c '$local1'" -- sh -c "$cluster"
  echo
  [ "${PIN:-0}" = 1 ] && continue  # the overhead comparison wants unpinned executors
  echo "== $workload: cluster (A) vs local, 2 partitions (B); overhead = A/B"
  farm-bench -n "${RUNS:-3}" --timeout 3600 --vs "sh -c '$local2'" -- sh -c "$cluster"
  echo
done
