#!/usr/bin/env bash
# Creates (idempotently) the Python virtual environment of the tests that check our output
# with independent tools — GeoPandas for GeoParquet (tests/it/geoparquet.rs), tpchgen-cli for
# TPC-H (tests/it/tpch.rs, which runs `$(dirname python)/tpchgen-cli`), tpcgen-cli for TPC-DS
# (tests/it/tpcds.rs, `$(dirname python)/tpcgen-cli`), DuckDB for GeoParquet
# coverings, moto's S3-compatible server for the object-store tests (tests/it/s3.rs, which runs
# `python -m moto.server`), Faker for the CDC peer benchmark (scripts/cdc_faker_peer.py), delta-rs'
# Python bindings (`deltalake`) reading the Delta tables of tests/it/delta.rs, Playwright driving
# Chromium (tests/it/serve_browser.rs), vega_datasets' data files learned by tests/it/learn.rs, PyIceberg
# reading the Iceberg tables of tests/it/iceberg.rs — and
# prints the path of its python interpreter on stdout.
#
#   DFSYNTH_VENV   where to create it (default ${XDG_CACHE_HOME:-$HOME/.cache}/datafusion-synth/venv)
#   PYTHON         the interpreter used to create it (default python3)
#
# The packages come from PyPI with pinned versions; a marker file records the pins so a
# second run with the same pins does nothing. All progress output goes to stderr.
set -euo pipefail

venv="${DFSYNTH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/datafusion-synth/venv}"
python="${PYTHON:-python3}"
pins="geopandas==1.0.1 pyarrow==18.1.0 shapely==2.0.6 pandas==2.2.3 numpy==2.1.3 tpchgen-cli==4.0.0 tpcgen-cli==4.0.0 duckdb==1.1.3 moto[server]==5.1.22 Faker==40.63.0 deltalake==1.6.6 playwright==1.65.2 vega_datasets==0.9.0 pyiceberg[sql-sqlite,pyarrow]==0.12.0"
marker="$venv/.dfsynth-pins"

if [ -x "$venv/bin/python" ] && [ -f "$marker" ] && [ "$(cat "$marker")" = "$pins" ]; then
  echo "$venv/bin/python"
  exit 0
fi

{
  echo "geo-venv: creating $venv with: $pins"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet --upgrade pip
  # Word splitting of $pins is wanted; globbing is not (`moto[server]` is a pattern).
  set -f
  # shellcheck disable=SC2086
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet $pins
  set +f
  "$venv/bin/python" -c "import duckdb, geopandas, pyarrow, shapely, moto, moto.server, faker, deltalake, playwright, vega_datasets, pyiceberg, sqlalchemy; print('geo-venv: geopandas', geopandas.__version__, 'duckdb', duckdb.__version__, 'moto', moto.__version__)"
} 1>&2
echo "$pins" > "$marker"
echo "$venv/bin/python"
