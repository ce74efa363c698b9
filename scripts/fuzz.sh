#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo fuzz, libFuzzer) of every parser: the DDL parser and planner,
# spider option strings, generator argument values, fan-out count specs, COPY/GeoParquet
# options and S3 options (fuzz/fuzz_targets/). Not part of CI.
#
#   scripts/fuzz.sh [seconds per target, default 600] [target …]
#
# Installs cargo-fuzz from crates.io if it is missing, seeds the corpora from the .slt files
# (scripts/fuzz_seeds.py), runs each target on the nightly toolchain without a sanitizer
# (safe Rust: the findings are panics, aborts, hangs and runaway memory), and prints the
# executions and coverage of each run. A crash is saved under fuzz/artifacts/<target>/; turn
# it into a regression test and fix it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-600}"
shift || true
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
python3 scripts/fuzz_seeds.py
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cd fuzz && cargo +nightly fuzz list)
fi
mkdir -p fuzz/logs
status=0
for t in "${targets[@]}"; do
  echo "== $t: ${secs}s"
  if ! cargo +nightly fuzz run --sanitizer none --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" -timeout=20 -rss_limit_mb=4096 -max_len=4096 -print_final_stats=1 \
      > "fuzz/logs/$t.log" 2>&1; then
    status=1
    echo "   FAILED: see fuzz/logs/$t.log and fuzz/artifacts/$t/"
  fi
  # The last status line: executions (#N), coverage (cov:) and features (ft:).
  grep -E '^#[0-9]+' "fuzz/logs/$t.log" | tail -1 || true
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "fuzz/logs/$t.log" || true
done
exit $status
