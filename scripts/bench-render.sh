#!/usr/bin/env bash
# Rendering benchmark: COPY … TO 'x.png' (A) against COPY of the same rows to Parquet (B), timed
# side by side with farm-bench (medians, paired ratio): 100M uniform points and 10M parcel boxes
# to a 1024x1024 PNG; the first with and without an `extent` option (without one the query
# runs twice: a bounds pass, then the drawing). Then the peer: GeoPandas + matplotlib plotting
# 1M points (read from GeoParquet, as a user would) against dfsynth drawing the same 1M points
# from the same file, and dfsynth generating + drawing them. Peak RSS of the 100M-point render.
#
#   scripts/bench-render.sh [POINTS] [BOXES]      (default 100000000 10000000)
#
# Needs a release build (cargo build --release --bin dfsynth). The peer runs in its own pinned
# venv (matplotlib + GeoPandas from PyPI), created once under ~/.cache/datafusion-synth.
set -euo pipefail
cd "$(dirname "$0")/.."
points="${1:-100000000}"
boxes="${2:-10000000}"
dfsynth="${CARGO_TARGET_DIR:-target}/release/dfsynth"
[ -x "$dfsynth" ] || { echo "build first: cargo build --release --bin dfsynth" >&2; exit 1; }
venv="${XDG_CACHE_HOME:-$HOME/.cache}/datafusion-synth/render-bench-venv"
pins="geopandas==1.0.1 pyarrow==18.1.0 shapely==2.0.6 pandas==2.2.3 numpy==2.1.3 matplotlib==3.9.2"
if [ ! -f "$venv/.pins" ] || [ "$(cat "$venv/.pins")" != "$pins" ]; then
  python3 -m venv "$venv"
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet --disable-pip-version-check $pins
  echo "$pins" > "$venv/.pins"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
png="OPTIONS ('width' '1024', 'height' '1024')"
pngx="OPTIONS ('width' '1024', 'height' '1024', 'extent' '0,0,1,1')"

echo "== 1. $points uniform points: PNG with extent (A) vs Parquet (B)"
farm-bench -n 3 --timeout 3000 \
  --vs "$dfsynth -q -c \"COPY (SELECT * FROM spider('uniform', $points, 1)) TO '$out/u.parquet'\"" \
  -- "$dfsynth" -q -c "COPY (SELECT * FROM spider('uniform', $points, 1)) TO '$out/u.png' $pngx"
echo
echo "== 2. $points uniform points: PNG without extent, two passes (A) vs Parquet (B)"
farm-bench -n 3 --timeout 3000 \
  --vs "$dfsynth -q -c \"COPY (SELECT * FROM spider('uniform', $points, 1)) TO '$out/u.parquet'\"" \
  -- "$dfsynth" -q -c "COPY (SELECT * FROM spider('uniform', $points, 1)) TO '$out/u2.png' $png"
echo
echo "== 3. $boxes parcel boxes: PNG with extent (A) vs Parquet (B)"
farm-bench -n 3 --timeout 3000 \
  --vs "$dfsynth -q -c \"COPY (SELECT * FROM spider('parcel', $boxes, 1)) TO '$out/p.parquet'\"" \
  -- "$dfsynth" -q -c "COPY (SELECT * FROM spider('parcel', $boxes, 1)) TO '$out/p.png' $pngx"
echo
echo "== 4. 1M points from GeoParquet: dfsynth PNG (A) vs GeoPandas + matplotlib PNG (B)"
"$dfsynth" -q -c "COPY (SELECT * FROM spider('uniform', 1000000, 1)) TO '$out/m.parquet'"
cat > "$out/plot.py" <<PY
import sys, geopandas, matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
frame = geopandas.read_parquet(sys.argv[1])
ax = frame.plot(markersize=0.1, figsize=(10.24, 10.24))
plt.savefig(sys.argv[2], dpi=100)
PY
farm-bench -n 3 --timeout 3000 \
  --vs "$venv/bin/python $out/plot.py $out/m.parquet $out/m-matplotlib.png" \
  -- "$dfsynth" -q -c "COPY (SELECT * FROM '$out/m.parquet') TO '$out/m.png' $pngx"
echo
echo "== 5. 1M points generated and drawn by dfsynth (A) vs GeoPandas + matplotlib reading them (B)"
farm-bench -n 3 --timeout 3000 \
  --vs "$venv/bin/python $out/plot.py $out/m.parquet $out/m-matplotlib.png" \
  -- "$dfsynth" -q -c "COPY (SELECT * FROM spider('uniform', 1000000, 1)) TO '$out/g.png' $pngx"
echo
echo "== 6. peak RSS (MiB) of drawing $points points, 1024x1024"
/usr/bin/time -f '%M' -o "$out/rss.txt" "$dfsynth" -q -c "COPY (SELECT * FROM spider('uniform', $points, 1)) TO '$out/r.png' $pngx" > /dev/null
echo "$(( $(cat "$out/rss.txt") / 1024 )) MiB"
