#!/usr/bin/env bash
# The pictures of the docs (docs/images/*.png), drawn by dfsynth itself with COPY … STORED AS
# PNG: the six Spider distributions as density images, parcel as boxes and as outlines, and
# polygons. Rerun after a change to the renderer or the generators and commit the result.
#
#   scripts/pictures.sh
#
# Uses `cargo run --release --bin dfsynth`, or the binary DFSYNTH names.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/images
mkdir -p "$out"
opts="'width' '384', 'extent' '0,0,1,1'"
sql=""
for d in uniform gaussian diagonal bit sierpinski; do
  sql+="COPY (SELECT * FROM spider('$d', 1000000, 7)) TO '$out/$d.png' OPTIONS ($opts);"
done
sql+="COPY (SELECT * FROM spider('parcel', 1000000, 7, 'dither=0.3')) TO '$out/parcel.png' OPTIONS ($opts);"
sql+="COPY (SELECT * FROM spider('parcel', 500, 7, 'dither=0.3')) TO '$out/parcel-outline.png' OPTIONS ($opts, 'mode' 'outline');"
sql+="COPY (SELECT * FROM spider('gaussian', 3000, 7, 'geometry=polygon maxsize=0.05 segments=3..8')) TO '$out/polygons.png' OPTIONS ($opts, 'mode' 'fill', 'color' '#3b528b80');"
if [ -n "${DFSYNTH:-}" ]; then
  "$DFSYNTH" -c "$sql"
else
  cargo run --release --quiet --bin dfsynth -- -c "$sql"
fi
ls -l "$out"

# The page of `dfsynth serve` (docs/serve.md), in Debian's Chromium through Playwright from
# the test venv (scripts/geo-venv.sh), when Chromium is installed.
if [ -x /usr/bin/chromium ]; then
  python="$(scripts/geo-venv.sh)"
  if [ -n "${DFSYNTH:-}" ]; then
    bin="$DFSYNTH"
  else
    cargo build --release --quiet --bin dfsynth
    bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')/release/dfsynth"
  fi
  "$bin" serve --bind 127.0.0.1:0 > /tmp/dfsynth-serve.$$ &
  server=$!
  trap 'kill $server 2>/dev/null' EXIT
  until grep -q "serving on" /tmp/dfsynth-serve.$$ 2>/dev/null; do sleep 0.1; done
  url="$(sed -n 's/^dfsynth serving on //p' /tmp/dfsynth-serve.$$)"
  "$python" scripts/serve_screenshot.py "$url" "$out/serve-page.png"
  rm -f /tmp/dfsynth-serve.$$
  ls -l "$out/serve-page.png"
fi
