#!/usr/bin/env bash
# Peak memory of COPY … PARTITIONED BY over the network-events example (sql/examples/
# network_events.sql: 20 zipf-skewed tenants) as the row count grows, with an unpartitioned
# COPY of the same rows beside it: prints rows, the write, seconds and peak RSS (MiB).
#
#   scripts/copy-memory.sh [rows …]        (default: 1000000 3000000 10000000)
#
# COPY_OPTIONS='OPTIONS (…)' adds options to the partitioned COPY; TENANTS=n sets the number of
# tenants (directories), 20 by default; COPY_SETUP='SET …' runs before the partitioned COPY.
#
# Uses target/release/dfsynth if built (cargo build --release), else the debug binary.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
bin="$target/release/dfsynth"
[ -x "$bin" ] || bin="$target/debug/dfsynth"
[ -x "$bin" ] || { echo "build dfsynth first: cargo build --release" >&2; exit 1; }
rows=("$@")
[ ${#rows[@]} -gt 0 ] || rows=(1000000 3000000 10000000)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '%-10s %-13s %8s %10s\n' rows write seconds peak_MiB
for n in "${rows[@]}"; do
  sed -e "s/) WITH (rows = 1000000, seed = 4);/) WITH (rows = $n, seed = 4);/" \
      -e "s/) WITH (rows = 20, seed = 1);/) WITH (rows = ${TENANTS:-20}, seed = 1);/" \
      -e '/^SELECT tenant_id/d' -e '/^COPY network_events/d' \
      sql/examples/network_events.sql > "$work/setup.sql"
  for write in partitioned single; do
    rm -rf "$work/out"
    if [ "$write" = partitioned ]; then
      copy="COPY network_events TO '$work/out/' STORED AS PARQUET PARTITIONED BY (tenant_id) ${COPY_OPTIONS:-}"
    else
      copy="COPY network_events TO '$work/out.parquet'"
    fi
    setup=()
    [ "$write" = partitioned ] && [ -n "${COPY_SETUP:-}" ] && setup=(-c "$COPY_SETUP")
    /usr/bin/time -f '%e %M' -o "$work/time" "$bin" -q -f "$work/setup.sql" "${setup[@]}" -c "$copy" > /dev/null
    read -r secs kib < "$work/time"
    printf '%-10s %-13s %8s %10s\n' "$n" "$write" "$secs" "$((kib / 1024))"
  done
done
