"""Checks a GeoParquet file (or directory) with GeoPandas; used by tests/it/geoparquet.rs.

usage: check_geoparquet.py PATH COUNT GEOMETRY_TYPE XMIN YMIN XMAX YMAX [ENCODING]

Asserts that geopandas.read_parquet opens PATH with a geometry column of the expected
count, that every geometry has the expected type and is valid, that total_bounds equals the
expected bounds exactly, and that the `geo` metadata of every file is GeoParquet 1.1.0 with
the expected encoding (WKB unless ENCODING is given, e.g. `point`) and the same bbox. Exits non-zero with a message on any mismatch.
"""
import glob
import json
import os
import sys

import geopandas
import pyarrow.parquet as pq


def main():
    path, count, gtype = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    bounds = [float(v) for v in sys.argv[4:8]]
    encoding = sys.argv[8] if len(sys.argv) > 8 else "WKB"
    df = geopandas.read_parquet(path)
    assert str(df.geometry.dtype) == "geometry", df.geometry.dtype
    assert df.geometry.name == "geometry", df.geometry.name
    assert len(df) == count, (len(df), count)
    assert set(df.geometry.geom_type) == {gtype}, set(df.geometry.geom_type)
    assert bool(df.geometry.is_valid.all()), "invalid geometries"
    got = [float(v) for v in df.total_bounds]
    assert got == bounds, (got, bounds)
    files = sorted(glob.glob(os.path.join(path, "*.parquet"))) if os.path.isdir(path) else [path]
    assert files, "no parquet files"
    lo = [float("inf")] * 2
    hi = [float("-inf")] * 2
    for f in files:
        geo = json.loads(pq.read_metadata(f).metadata[b"geo"])
        assert geo["version"] == "1.1.0", geo
        assert geo["primary_column"] == "geometry", geo
        col = geo["columns"]["geometry"]
        assert col["encoding"] == encoding, (col, encoding)
        assert col["geometry_types"] == [gtype], col
        lo = [min(lo[0], col["bbox"][0]), min(lo[1], col["bbox"][1])]
        hi = [max(hi[0], col["bbox"][2]), max(hi[1], col["bbox"][3])]
    assert lo + hi == bounds, (lo + hi, bounds)
    print(f"ok {path}: {len(df)} {gtype} ({encoding}) bounds {got} in {len(files)} file(s)")


if __name__ == "__main__":
    main()
    # The answer is printed; leave without the interpreter's teardown, where pyarrow's
    # thread pools have been seen to abort the process under load ("terminate called without
    # an active exception") before the buffered stdout reached the pipe.
    sys.stdout.flush()
    os._exit(0)
