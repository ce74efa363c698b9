#!/usr/bin/env bash
# The web page's server (`dfsynth serve`), timed with farm-bench (medians, paired ratio):
#   1. time to first preview: a new server process started, then the 1M-point preview
#      fetched (A), against `dfsynth -c "COPY (… 1M points …) TO 'x.png'"` (B);
#   2. the preview alone on a running server (A) against the same COPY (B);
#   3. download throughput: N uniform points as GeoParquet and as CSV through
#      /api/download (A) against COPY to a file (B); rows/s printed from the medians.
#
#   scripts/bench-serve.sh [ROWS]      (default 20000000)
#
# Needs a release build (cargo build --release --bin dfsynth) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-20000000}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --bin dfsynth" >&2; exit 1; }
out="$(mktemp -d)"
server=""
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$out"' EXIT
preview="distribution=uniform&cardinality=1000000&seed=1&image.width=1024&image.height=1024"

cat > "$out/first-preview.sh" <<SH
#!/usr/bin/env bash
# A new server, then its first preview.
set -euo pipefail
log=\$(mktemp)
"$dfsynth" serve --bind 127.0.0.1:0 > "\$log" &
pid=\$!
until grep -q "serving on" "\$log" 2>/dev/null; do sleep 0.005; done
url=\$(sed -n 's/^dfsynth serving on //p' "\$log")
curl -sf -o "$out/first.png" "\${url}api/preview.png?$preview"
kill \$pid
rm -f "\$log"
SH
chmod +x "$out/first-preview.sh"
copy_png="$dfsynth -q -c \"COPY (SELECT * FROM spider('uniform', 1000000, 1)) TO '$out/copy.png' OPTIONS ('width' '1024', 'height' '1024')\""

echo "== 1. time to first preview (new server + 1M-point preview) (A) vs COPY … TO 'x.png' (B)"
farm-bench -n 5 --timeout 600 --vs "$copy_png" -- "$out/first-preview.sh"
echo

"$dfsynth" serve --bind 127.0.0.1:0 > "$out/server.log" &
server=$!
until grep -q "serving on" "$out/server.log" 2>/dev/null; do sleep 0.05; done
url="$(sed -n 's/^dfsynth serving on //p' "$out/server.log")"

echo "== 2. a 1M-point preview on a running server (A) vs COPY … TO 'x.png' (B)"
farm-bench -n 5 --timeout 600 --vs "$copy_png" -- curl -sf -o "$out/p.png" "${url}api/preview.png?$preview"
echo

for format in parquet csv; do
  echo "== 3. $rows points as $format: /api/download (A) vs COPY to a file (B)"
  farm-bench -n 3 --timeout 3000 \
    --vs "$dfsynth -q -c \"COPY (SELECT * FROM spider('uniform', $rows, 1)) TO '$out/c.$format'\"" \
    -- curl -sf -o "$out/d.$format" "${url}api/download?distribution=uniform&cardinality=$rows&seed=1&output=$format"
  cmp "$out/d.$format" "$out/c.$format" && echo "(the download and COPY's file are identical: $(stat -c %s "$out/d.$format") bytes)"
  echo
done
echo "server peak RSS: $(grep VmHWM /proc/$server/status)"
