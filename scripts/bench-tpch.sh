#!/usr/bin/env bash
# TPC-H benchmark: COPY of all eight tables at a scale factor to Parquet with dfsynth (lazy
# tpchgen-arrow tables, DataFusion's Parquet writer) vs tpchgen-cli (PyPI) writing the same
# files, timed side by side with farm-bench (medians, paired ratio). Then where our time goes:
# generation alone (an aggregate that reads every table and writes nothing).
#
#   scripts/bench-tpch.sh [SF]        (default SF 1)
#
# Needs a release build (cargo build --release --bin dfsynth) and the test venv
# (scripts/geo-venv.sh, which pins tpchgen-cli). Set CARGO_TARGET_DIR if you build elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
sf="${1:-1}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --bin dfsynth" >&2; exit 1; }
python="$(scripts/geo-venv.sh)"
tpchgen_cli="$(dirname "$python")/tpchgen-cli"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

tables="part supplier partsupp customer orders lineitem nation region"
copy_sql="CREATE TPCH TABLES WITH (scale_factor = $sf);"
gen_sql="CREATE TPCH TABLES WITH (scale_factor = $sf);"
for t in $tables; do
  copy_sql+=" COPY $t TO '$out/ours/$t.parquet';"
done
# Generation only: every column of every table is generated (tpchgen-arrow builds whole
# rows); sum() over one column keeps the work and writes nothing.
gen_sql+=" SELECT sum(l_linenumber) FROM lineitem; SELECT sum(o_shippriority) FROM orders;"
gen_sql+=" SELECT sum(ps_availqty) FROM partsupp; SELECT sum(p_size) FROM part;"
gen_sql+=" SELECT sum(c_nationkey) FROM customer; SELECT sum(s_nationkey) FROM supplier;"

mkdir -p "$out/ours"
echo "== COPY of the 8 TPC-H tables at SF $sf to Parquet: dfsynth (A) vs tpchgen-cli (B)"
farm-bench -n 5 --timeout 900 --vs "$tpchgen_cli parquet -s $sf --overwrite --output-dir $out/theirs" \
  -- "$dfsynth" -q -c "$copy_sql"
echo
echo "== generation only (no Parquet): dfsynth aggregate over every table vs the COPY above"
farm-bench -n 5 --timeout 900 --vs "$dfsynth -q -c \"$copy_sql\"" -- "$dfsynth" -q -c "$gen_sql"
