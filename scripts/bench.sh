#!/usr/bin/env bash
# Runs the datafusion-synth benchmarks from the crate root:
#   copy_parquet  COPY spider(...) TO parquet vs DataFusion's generate_series + random(),
#                 and in-engine sums (env: DFSYNTH_BENCH_ROWS, default 10000000;
#                 DFSYNTH_BENCH_REPS, default 3)
#   points        criterion: rows/s per Spider distribution and per output format
# The first run builds DataFusion in release mode, which takes a while.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "nproc: $(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
echo "rustc: $(rustc --version)"

cargo bench --bench copy_parquet
cargo bench --bench points
