#!/usr/bin/env bash
# Learning benchmark: a 10M-row, 12-column Parquet table (written by dfsynth itself, 100,000
# rows per row group) learned by `dfsynth learn` in each mode — footer, sample (1 % of the row
# groups), full — timed with farm-bench (whole process: reading, profiling, fitting, and the
# check that runs the statement and compares 100,000 generated rows). Then SDV's
# GaussianCopulaSynthesizer (PyPI sdv, pinned, in its own venv) fitted on a 1 % sample
# (every 100th row), against `dfsynth learn` on the same rows; and the marginal fidelity of both: the
# mean two-sample Kolmogorov–Smirnov statistic over the numeric columns between the sample
# and 100,000 generated rows (scripts/bench_learn_fidelity.py).
#
#   scripts/bench-learn.sh [ROWS]      (default 10000000)
#
# Needs a release build (cargo build --release --bin dfsynth).
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000000}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --bin dfsynth" >&2; exit 1; }
venv="${XDG_CACHE_HOME:-$HOME/.cache}/datafusion-synth/sdv-venv"
pins="sdv==2.0.0 pyarrow==18.1.0"
if [ ! -f "$venv/.pins" ] || [ "$(cat "$venv/.pins")" != "$pins" ]; then
  python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet --disable-pip-version-check $pins
  echo "$pins" > "$venv/.pins"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$dfsynth" -q -c "CREATE SYNTHETIC TABLE source (
  id       BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  first    VARCHAR GENERATED ALWAYS AS (first_name('en_US')) NOT NULL,
  last     VARCHAR GENERATED ALWAYS AS (last_name('en_US')) NOT NULL,
  email    VARCHAR GENERATED ALWAYS AS (email(first, last, id)) NOT NULL,
  age      DOUBLE  GENERATED ALWAYS AS (normal(41.0, 12.0)) NULL 3 PERCENT,
  income   DOUBLE  GENERATED ALWAYS AS (lognormal(10.5, 0.6)),
  wait_s   DOUBLE  GENERATED ALWAYS AS (exponential(0.2)),
  visits   BIGINT  GENERATED ALWAYS AS (poisson(4.0)),
  score    BIGINT  GENERATED ALWAYS AS (uniform(0, 1000)),
  plan     VARCHAR GENERATED ALWAYS AS (weighted(['free', 'pro', 'team', 'enterprise'], [60, 25, 12, 3])) NOT NULL,
  active   BOOLEAN GENERATED ALWAYS AS (bernoulli(0.7)),
  joined   DATE    GENERATED ALWAYS AS (date_between(DATE '2018-01-01', DATE '2025-12-31'))
) WITH (rows = $rows, seed = 7)" \
  -c "COPY source TO '$out/source.parquet' OPTIONS ('format.max_row_group_size' '100000')"
echo "source: $rows rows, 12 columns, $(du -h "$out/source.parquet" | cut -f1)"

for mode in footer "sample --fraction 0.01" full; do
  echo "== dfsynth learn --mode $mode"
  # shellcheck disable=SC2086
  farm-bench -n 3 --timeout 1800 -- "$dfsynth" learn "$out/source.parquet" --mode $mode
  echo
done

# A 1 % sample (every 100th row) for both to learn from: SDV cannot fit 10M rows in memory
# and time here, so both fit the same 100,000 rows.
echo "== SDV GaussianCopulaSynthesizer fit + 100k rows (A) vs dfsynth learn --mode full (B), both on the same 1 % sample"
"$dfsynth" -q -c "COPY (SELECT * FROM '$out/source.parquet' WHERE id % 100 = 0) TO '$out/sample.parquet'"
cat > "$out/sdv_fit.py" <<'PY'
import sys, pandas, pyarrow.parquet as pq
from sdv.metadata import Metadata
from sdv.single_table import GaussianCopulaSynthesizer
data = pq.read_table(sys.argv[1]).to_pandas()
metadata = Metadata.detect_from_dataframes({"source": data})
synth = GaussianCopulaSynthesizer(metadata)
synth.fit({"source": data})
sampled = synth.sample(num_rows=100000)
(sampled["source"] if isinstance(sampled, dict) else sampled).to_parquet(sys.argv[2])
PY
farm-bench -n 3 --timeout 3000 \
  --vs "$dfsynth learn $out/sample.parquet --mode full" \
  -- "$venv/bin/python" "$out/sdv_fit.py" "$out/sample.parquet" "$out/sdv.parquet"
echo
# Our generated rows from the statement learned on the same sample.
"$dfsynth" learn "$out/sample.parquet" --mode full --name ours --rows 100000 | sed -n '/^CREATE SYNTHETIC TABLE/,/^) WITH/p' > "$out/ours.sql"
"$dfsynth" -q -f "$out/ours.sql" -c "COPY ours TO '$out/ours.parquet'"
"$venv/bin/python" scripts/bench_learn_fidelity.py "$out/sample.parquet" "$out/ours.parquet" "$out/sdv.parquet"
