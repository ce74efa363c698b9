#!/usr/bin/env bash
# The seed workload of issue 9: a 9-column customer/network-events table (id, full name,
# email derived from the name, hostname, IPv4, country, tenant id, risk score, signup date)
# COPYed to Parquet (snappy), ROWS rows (default 10,000,000), timed with farm-bench against
# (a) DuckDB's SQL equivalent with word lists indexed by hash() and (b) the same schema in
# DataFusion from generate_series + random(). Then Python Faker's names per second on one
# core, for scale.
#
#   scripts/bench-customers.sh [ROWS]
#
# Needs a release build (cargo build --release --bin dfsynth; set CARGO_TARGET_DIR if you
# build elsewhere). DuckDB and Faker come from PyPI (pinned) into a cached venv.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --bin dfsynth" >&2; exit 1; }
venv="${DFSYNTH_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/datafusion-synth/bench-venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import duckdb, faker" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --disable-pip-version-check --quiet duckdb==1.1.3 faker==40.63.0
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
python3 scripts/bench-customers.py "$out" "$rows"

echo "== $rows rows to Parquet: dfsynth CREATE SYNTHETIC TABLE (A) vs DuckDB hash()-indexed lists (B)"
farm-bench -n "${RUNS:-5}" --timeout 1800 --vs "$venv/bin/python $out/duck.py" -- "$dfsynth" -q -f "$out/ours.sql"
echo
echo "== $rows rows to Parquet: dfsynth CREATE SYNTHETIC TABLE (A) vs DataFusion generate_series + random() (B)"
farm-bench -n "${RUNS:-5}" --timeout 1800 --vs "$dfsynth -q -f $out/series.sql" -- "$dfsynth" -q -f "$out/ours.sql"
echo
echo "== Python Faker, one core: names per second"
"$venv/bin/python" - <<'PY'
import time
from faker import Faker
f = Faker("en_US")
Faker.seed(1)
n = 200_000
t = time.perf_counter()
for _ in range(n):
    f.name()
dt = time.perf_counter() - t
print(f"faker name(): {n / dt:,.0f} names/s")
PY
