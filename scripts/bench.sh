#!/usr/bin/env bash
# Runs the datafusion-synth benchmarks from the crate root:
#   copy_parquet  COPY spider(...) TO parquet vs DataFusion's generate_series + random(),
#                 and in-engine sums (env: DFSYNTH_BENCH_ROWS, default 10000000;
#                 DFSYNTH_BENCH_REPS, default 3)
#   points        criterion: rows/s per Spider distribution and per output format
#   parcel        parcel boxes/s (1M, 10M; target_partitions 1 and 2) and COPY of 10M
#                 parcel boxes to GeoParquet (env: DFSYNTH_BENCH_REPS, default 3)
# The first run builds DataFusion in release mode, which takes a while.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "nproc: $(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN)"
echo "rustc: $(rustc --version)"

cargo bench --bench copy_parquet
cargo bench --bench points
cargo bench --bench parcel
cargo bench --bench synthetic_table
cargo bench --bench generators
