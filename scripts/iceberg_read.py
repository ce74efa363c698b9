#!/usr/bin/env python3
"""Reads an Iceberg table with PyIceberg (not this project's code) and prints what the tests
compare with their own queries, as one JSON object:

  schema ([id, name, type, required, doc]), spec ([name, source column, transform]),
  snapshots ([id, parent, operation, added-records] oldest first), deleted_records (the
  snapshots' deleted-records, oldest first), current (snapshot id),
  rows, sums ({column: sum}, `a.b` for field b of struct column a), partitions ({"a=1/b=2": rows} from the manifests' partition
  values), sample (rows whose --key is in --keys, sorted), files (data files of the snapshot),
  static_rows (rows read through the metadata file alone, with StaticTable),
  partition_checks / partition_mismatches (with --check-partitions: every row of every data
  file put through PyIceberg's own transforms and compared with the file's partition value).
  With --metadata FILE the table is opened from that metadata file only (no catalog).

usage: iceberg_read.py WAREHOUSE NAMESPACE.TABLE [--catalog NAME] [--uri SQLITE_URI] [--s3-endpoint URL]
                       [--snapshot ID] [--sum COL]... [--key COL --keys K1,K2,...]
"""
import argparse
import json
import os
import sys

import pyarrow.compute as pc
from pyiceberg.catalog.sql import SqlCatalog
from pyiceberg.table import StaticTable


def column(table, path):
    """The column `path` of `table`; `a.b` is field b of struct column a."""
    name, *fields = path.split(".")
    values = table[name]
    for f in fields:
        values = pc.struct_field(values, f)
    return values


def main():
    p = argparse.ArgumentParser()
    p.add_argument("warehouse")
    p.add_argument("table")
    p.add_argument("--catalog", default="dfsynth")
    p.add_argument("--uri")
    p.add_argument("--snapshot", type=int)
    p.add_argument("--sum", action="append", default=[])
    p.add_argument("--key")
    p.add_argument("--keys", default="")
    p.add_argument("--metadata")
    p.add_argument("--s3-endpoint")
    p.add_argument("--check-partitions", action="store_true")
    a = p.parse_args()
    if a.metadata:
        t = StaticTable.from_metadata(a.metadata)
    else:
        uri = a.uri or f"sqlite:///{a.warehouse}/iceberg_catalog.db"
        props = {}
        if a.s3_endpoint:
            props = {
                "s3.endpoint": a.s3_endpoint,
                "s3.access-key-id": "test",
                "s3.secret-access-key": "test",
                "s3.region": "us-east-1",
            }
        warehouse = a.warehouse if "://" in a.warehouse else f"file://{a.warehouse}"
        catalog = SqlCatalog(a.catalog, uri=uri, warehouse=warehouse, **props)
        t = catalog.load_table(a.table)
    schema = t.schema()
    out = {
        "schema": [[f.field_id, f.name, str(f.field_type), f.required, f.doc] for f in schema.fields],
        "spec": [
            [f.name, schema.find_column_name(f.source_id), str(f.transform)] for f in t.spec().fields
        ],
        "snapshots": [
            [s.snapshot_id, s.parent_snapshot_id, s.summary.operation.value, s.summary.get("added-records")]
            for s in sorted(t.snapshots(), key=lambda s: (s.timestamp_ms, s.sequence_number))
        ],
        "current": t.current_snapshot().snapshot_id if t.current_snapshot() else None,
    }
    out["deleted_records"] = [
        s.summary.get("deleted-records")
        for s in sorted(t.snapshots(), key=lambda s: (s.timestamp_ms, s.sequence_number))
    ]
    scan = t.scan(snapshot_id=a.snapshot) if a.snapshot else t.scan()
    table = scan.to_arrow()
    out["rows"] = table.num_rows
    out["sums"] = {c: pc.sum(column(table, c)).as_py() for c in a.sum}
    files = t.inspect.files() if not a.snapshot else t.inspect.files(snapshot_id=a.snapshot)
    out["files"] = files.num_rows
    parts = {}
    names = [f.name for f in t.spec().fields]
    for row in files.select(["partition", "record_count"]).to_pylist():
        key = "/".join(f"{n}={row['partition'][n]}" for n in names)
        parts[key] = parts.get(key, 0) + row["record_count"]
    out["partitions"] = parts
    if a.key:
        keys = [int(k) for k in a.keys.split(",") if k]
        picked = table.filter(pc.is_in(table[a.key], value_set=__import__("pyarrow").array(keys)))
        rows = sorted(picked.to_pylist(), key=lambda r: r[a.key])
        out["sample"] = [{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in r.items()} for r in rows]
    if a.check_partitions:
        import pyarrow.parquet as pq
        checks = mismatches = 0
        for row in files.select(["file_path", "partition"]).to_pylist():
            data = pq.read_table(row["file_path"].removeprefix("file://"))
            for f in t.spec().fields:
                source = schema.find_field(f.source_id)
                fn = f.transform.transform(source.field_type)
                want = row["partition"][f.name]
                for v in data[source.name].to_pylist():
                    got = fn(v)
                    if hasattr(want, "toordinal") and isinstance(got, int):
                        want_cmp = (want - __import__("datetime").date(1970, 1, 1)).days
                    else:
                        want_cmp = want
                    checks += 1
                    mismatches += got != want_cmp
        out["partition_checks"] = checks
        out["partition_mismatches"] = mismatches
    static = StaticTable.from_metadata(t.metadata_location, properties=t.io.properties)
    out["static_rows"] = static.scan(snapshot_id=a.snapshot).to_arrow().num_rows
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
    # The answer is printed; leave without the interpreter's teardown, where pyarrow's
    # thread pools have been seen to abort the process under load ("terminate called without
    # an active exception") before the buffered stdout reached the pipe.
    sys.stdout.flush()
    os._exit(0)
