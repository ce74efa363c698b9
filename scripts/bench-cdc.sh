#!/usr/bin/env bash
# Change-feed benchmark, three parts:
#   1. COPY to Parquet of the flat change feed of a customers table (about EVENTS events)
#      vs COPY of the same table's plain rows, EVENTS of them (the same columns, no history),
#      side by side with farm-bench (medians, paired ratio; goal: the feed costs at most
#      twice the plain rows per row, i.e. events/s >= 0.5x rows/s);
#   2. the Debezium feed as JSON lines: dfsynth vs the peer users write today, a Python loop
#      with Faker (scripts/cdc_faker_peer.py), events/s of each (the peer at PEER_EVENTS);
#   3. peak RSS of the feed COPY at EVENTS and at 2·EVENTS (bounded and flat).
#
#   scripts/bench-cdc.sh [EVENTS] [PEER_EVENTS]      (defaults 10000000 and 500000)
#
# Needs a release build (cargo build --release --bin dfsynth) and the test venv
# (scripts/geo-venv.sh, which pins Faker). Set CARGO_TARGET_DIR if you build elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-10000000}"
peer_events="${2:-500000}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --bin dfsynth" >&2; exit 1; }
python="$(scripts/geo-venv.sh)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# 1 insert + poisson(2) updates + 0.1 deletes: 3.1 events per entity.
entities=$(python3 -c "print(round($events / 3.1))")
columns="id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  first VARCHAR GENERATED ALWAYS AS (first_name('en_US')) NOT NULL,
  last VARCHAR GENERATED ALWAYS AS (last_name('en_US')) NOT NULL,
  email VARCHAR GENERATED ALWAYS AS (email(first, last, id)) NOT NULL,
  tier VARCHAR GENERATED ALWAYS AS (weighted(['bronze', 'silver', 'gold'], [6, 3, 1])) NOT NULL"
history="history_start = '2026-01-01', history_end = '2027-01-01', initial = 0.3,
  updates = 'poisson(2)', update_columns = 'first 0.3, tier 0.5', deletes = 0.1"
changing="CREATE SYNTHETIC TABLE customers ($columns) WITH (rows = $entities, seed = 42, $history);"
plain="CREATE SYNTHETIC TABLE customers ($columns) WITH (rows = $events, seed = 42);"
feed_rows=$("$dfsynth" -q --format csv -c "$changing" -c "SELECT count(*) FROM changes('customers')" | tail -1)

echo "== 1. COPY to Parquet: the flat feed of $entities customers ($feed_rows events, A) vs $events plain rows (B)"
farm-bench -n 5 --timeout 900 \
  --vs "$dfsynth -q -c \"$plain\" -c \"COPY customers TO '$out/plain.parquet'\"" \
  -- "$dfsynth" -q -c "$changing" -c "COPY (SELECT * FROM changes('customers', 'flat')) TO '$out/feed.parquet'"
echo
echo "== 1b. the same with the table's columns and __op only (A), and the SCD2 history (B), vs nothing: rows/s"
for q in "SELECT id, first, last, email, tier, __op FROM changes('customers', 'flat')" "SELECT * FROM history('customers')"; do
  n=$("$dfsynth" -q --format csv -c "$changing" -c "SELECT count(*) FROM ($q)" | tail -1)
  t0=$(date +%s.%N)
  "$dfsynth" -q -c "$changing" -c "COPY ($q) TO '$out/b.parquet'" > /dev/null
  t1=$(date +%s.%N)
  Q="$q" python3 -c "import os; r=$n; s=$t1-$t0; print(f'{r} rows  {s:.2f} s  {r/s:,.0f} rows/s  :: ' + os.environ['Q'])"
done
t0=$(date +%s.%N)
"$dfsynth" -q -c "$plain" -c "COPY customers TO '$out/plain.parquet'" > /dev/null
t1=$(date +%s.%N)
python3 -c "r=$events; s=$t1-$t0; print(f'{r} rows  {s:.2f} s  {r/s:,.0f} rows/s  :: the plain table')"
echo
echo "== 2. Debezium JSON lines: dfsynth ($feed_rows events) vs Python + Faker ($peer_events events)"
t0=$(date +%s.%N)
"$dfsynth" -q -c "$changing" \
  -c "COPY (SELECT * FROM changes('customers')) TO '$out/feed.json' STORED AS JSON" > /dev/null
t1=$(date +%s.%N)
python3 -c "r=$feed_rows; s=$t1-$t0; print(f'dfsynth events {r}  seconds {s:.2f}  events_per_s {r/s:,.0f}')"
"$python" scripts/cdc_faker_peer.py "$peer_events" "$out/peer.json"
echo
echo "== 3. peak RSS of the feed COPY (MiB): $entities and $((entities * 2)) customers"
for n in "$entities" "$((entities * 2))"; do
  sql="CREATE SYNTHETIC TABLE customers ($columns) WITH (rows = $n, seed = 42, $history);"
  /usr/bin/time -f '%M' -o "$out/rss" "$dfsynth" -q -c "$sql" \
    -c "COPY (SELECT * FROM changes('customers', 'flat')) TO '$out/rss.parquet'" > /dev/null
  echo "$n customers: $(( $(cat "$out/rss") / 1024 )) MiB"
done
