"""Checks the SpatialBench-class output of sql/examples/spatialbench.sql with GeoPandas;
used by tests/it/spatialbench.rs.

usage: check_spatialbench.py DIR TRIPS BUILDINGS ZONES

Asserts that geopandas.read_parquet opens trip.parquet (primary geometry t_pickuploc, also
t_dropoffloc), building.parquet and zone.parquet with geometry dtypes, the expected counts
and geometry types, valid geometries, and total bounds equal to the bbox of their GeoParquet
`geo` metadata. Prints one line per table; exits non-zero with a message on any mismatch.
"""
import json
import os
import sys

import geopandas
import pyarrow.parquet as pq


def check(path, column, count, gtype):
    df = geopandas.read_parquet(path)
    geo = json.loads(pq.read_metadata(path).metadata[b"geo"])
    assert geo["version"] == "1.1.0", geo
    assert df.geometry.name == geo["primary_column"], (df.geometry.name, geo)
    series = df[column] if column != df.geometry.name else df.geometry
    if not isinstance(series, geopandas.GeoSeries):
        series = geopandas.GeoSeries(series)
    assert str(series.dtype) == "geometry", series.dtype
    assert len(series) == count, (len(series), count)
    assert set(series.geom_type) == {gtype}, set(series.geom_type)
    assert bool(series.is_valid.all()), "invalid geometries"
    bbox = geo["columns"][column]["bbox"]
    got = [float(v) for v in series.total_bounds]
    assert got == bbox, (column, got, bbox)
    print(f"{os.path.basename(path)} {column}: {count} {gtype}, bounds {got}")


def main():
    out, trips, buildings, zones = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    check(os.path.join(out, "trip.parquet"), "t_pickuploc", trips, "Point")
    check(os.path.join(out, "trip.parquet"), "t_dropoffloc", trips, "Point")
    check(os.path.join(out, "building.parquet"), "b_boundary", buildings, "Polygon")
    check(os.path.join(out, "zone.parquet"), "z_boundary", zones, "Polygon")


if __name__ == "__main__":
    main()
    # The answer is printed; leave without the interpreter's teardown, where pyarrow's
    # thread pools have been seen to abort the process under load ("terminate called without
    # an active exception") before the buffered stdout reached the pipe.
    sys.stdout.flush()
    os._exit(0)
