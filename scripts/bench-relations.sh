#!/usr/bin/env bash
# The cost of relations: COPY to Parquet of a child with two foreign keys and one lookup
# (orders -> customers, orders -> products, the customer's signup) vs the same child with
# plain uniform integers in place of the keys, ROWS rows (default 100,000,000), farm-bench;
# once with uniform picks and once with a zipf-skewed customer pick.
#
#   scripts/bench-relations.sh [ROWS]
#
# Needs a release build (cargo build --release --bin dfsynth).
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000000}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --bin dfsynth" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
parents="CREATE SYNTHETIC TABLE customers (id BIGINT GENERATED ALWAYS AS (unique_int(1000000, 9999999)) NOT NULL, signup DATE GENERATED ALWAYS AS (date_between(DATE '2015-01-01', DATE '2024-12-31')) NOT NULL) WITH (rows = 1000000, seed = 1);
CREATE SYNTHETIC TABLE products (sku BIGINT GENERATED ALWAYS AS (unique_int(1, 99999999)) NOT NULL) WITH (rows = 100000, seed = 2);"
cat > "$out/related.sql" <<SQL
$parents
CREATE SYNTHETIC TABLE orders (
  id       BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  c        BIGINT GENERATED ALWAYS AS (parent_row('customers', 'zipf', 1.1)) NOT NULL HIDDEN,
  customer BIGINT GENERATED ALWAYS AS (lookup('customers', 'id', c)) NOT NULL,
  signup   DATE   GENERATED ALWAYS AS (lookup('customers', 'signup', c)) NOT NULL,
  product  BIGINT GENERATED ALWAYS AS (foreign_key('products', 'sku')) NOT NULL,
  qty      BIGINT GENERATED ALWAYS AS (uniform(1, 10)) NOT NULL
) WITH (rows = $rows, seed = 3);
COPY orders TO '$out/related.parquet';
SQL
sed "s/parent_row('customers', 'zipf', 1.1)/parent_row('customers')/" "$out/related.sql" > "$out/uniform.sql"
cat > "$out/plain.sql" <<SQL
CREATE SYNTHETIC TABLE orders (
  id       BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  customer BIGINT GENERATED ALWAYS AS (uniform(1000000, 9999999)) NOT NULL,
  signup   DATE   GENERATED ALWAYS AS (date_between(DATE '2015-01-01', DATE '2024-12-31')) NOT NULL,
  product  BIGINT GENERATED ALWAYS AS (uniform(1, 99999999)) NOT NULL,
  qty      BIGINT GENERATED ALWAYS AS (uniform(1, 10)) NOT NULL
) WITH (rows = $rows, seed = 3);
COPY orders TO '$out/plain.parquet';
SQL
echo "== $rows orders to Parquet: two foreign keys and a lookup, uniform picks (A) vs plain uniform integers (B)"
farm-bench -n "${RUNS:-5}" --timeout 1800 --vs "$dfsynth -q -f $out/plain.sql" -- "$dfsynth" -q -f "$out/uniform.sql"
echo
echo "== the same with a zipf(1.1) customer pick (A) vs plain uniform integers (B)"
farm-bench -n "${RUNS:-5}" --timeout 1800 --vs "$dfsynth -q -f $out/plain.sql" -- "$dfsynth" -q -f "$out/related.sql"

# A fan-out child of 10^9 parents: the cost of CREATE (every parent's count once, a prefix
# sum per block of 4,096 parents), then a scan of its last 10M rows (OFFSET is pushed into
# the scan, so no row before them is generated).
fan="CREATE SYNTHETIC TABLE orders (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL) WITH (rows = 1000000000, seed = 1);
CREATE SYNTHETIC TABLE lines (o BIGINT GENERATED ALWAYS AS (fanout_parent()) NOT NULL HIDDEN, order_id BIGINT GENERATED ALWAYS AS (lookup('orders', 'id', o)) NOT NULL, line BIGINT GENERATED ALWAYS AS (fanout_index() + 1) NOT NULL, qty BIGINT GENERATED ALWAYS AS (uniform(1, 50)) NOT NULL) WITH (parent = 'orders', count = 'uniform(1, 7)', seed = 2);"
total=$("$dfsynth" -q -c "$fan SELECT count(*) FROM lines;" | grep -Eo '[0-9]{6,}' | head -1)
echo
echo "== fan-out child of 10^9 parents ($total rows): CREATE (A) vs a process that creates nothing (B)"
farm-bench -n "${RUNS:-5}" --timeout 1800 --vs "$dfsynth -q -c 'SELECT 1'" -- "$dfsynth" -q -c "$fan"
echo
echo "== the same CREATE plus a scan of the last 10M child rows (A) vs the CREATE alone (B)"
farm-bench -n "${RUNS:-5}" --timeout 1800 --vs "$dfsynth -q -c \"$fan\"" -- "$dfsynth" -q -c "$fan SELECT sum(qty), max(order_id), max(line) FROM (SELECT * FROM lines OFFSET $((total - 10000000)));"
