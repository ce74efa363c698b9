"""Checks with DuckDB that a GeoParquet file's bbox covering columns filter rows; used by
tests/it/geoparquet.rs.

usage: check_covering_duckdb.py PATH COVERING_COLUMN XMIN YMIN EXPECTED_COUNT

Runs `SELECT count(*) … WHERE <covering>.xmin > XMIN AND <covering>.ymin > YMIN` in DuckDB,
asserts the count, asserts that DuckDB pushes the filter into its Parquet scan (EXPLAIN),
and reports how many row groups the covering statistics let a reader skip (from DuckDB's
parquet_metadata). Exits non-zero with a message on any mismatch.
"""
import sys

import duckdb


def main():
    path, cov, xmin, ymin, expected = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
    con = duckdb.connect()
    where = f"{cov}.xmin > {xmin} AND {cov}.ymin > {ymin}"
    count = con.execute(f"SELECT count(*) FROM read_parquet('{path}') WHERE {where}").fetchone()[0]
    assert count == expected, (count, expected)
    plan = "\n".join(r[1] for r in con.execute(f"EXPLAIN SELECT count(*) FROM read_parquet('{path}') WHERE {where}").fetchall())
    scan = plan[plan.find("PARQUET_SCAN"):] if "PARQUET_SCAN" in plan else plan[plan.find("READ_PARQUET"):]
    assert "xmin" in scan and "Filters" in scan, plan
    stats = con.execute(
        f"""SELECT row_group_id, path_in_schema, stats_max FROM parquet_metadata('{path}')
            WHERE path_in_schema IN ('{cov}, xmin', '{cov}, ymin')"""
    ).fetchall()
    groups = {r[0] for r in stats}
    skip = {r[0] for r in stats if (r[1].endswith("xmin") and float(r[2]) <= xmin) or (r[1].endswith("ymin") and float(r[2]) <= ymin)}
    assert groups, "no covering statistics"
    assert skip, "no row group can be skipped"
    print(f"duckdb {duckdb.__version__}: {count} rows match; the covering statistics rule out {len(skip)} of {len(groups)} row groups")


if __name__ == "__main__":
    main()
