#!/usr/bin/env python3
"""Reads a Delta table with delta-rs' Python bindings (`deltalake`, not this project's code) and
prints what the tests compare with their own queries, as one JSON object:

  version, schema ([name, type, nullable, metadata]), partition_columns, files (active data
  files), history ([version, operation] newest first), rows, sums ({column: sum}),
  partitions ({value: rows}, with --partition), sample (rows whose --key is in --keys, sorted),
  codec (the compression of a local table's first data file, with --codec).

usage: delta_read.py URI [--version N] [--storage JSON] [--sum COL]... [--partition COL]
                         [--key COL --keys K1,K2,...] [--codec]
"""
import argparse
import json
import os
import sys

import pyarrow.compute as pc
from deltalake import DeltaTable


def main():
    p = argparse.ArgumentParser()
    p.add_argument("uri")
    p.add_argument("--version", type=int)
    p.add_argument("--storage", default="{}")
    p.add_argument("--sum", action="append", default=[])
    p.add_argument("--partition")
    p.add_argument("--key")
    p.add_argument("--keys", default="")
    p.add_argument("--codec", action="store_true")
    a = p.parse_args()

    dt = DeltaTable(a.uri, version=a.version, storage_options=json.loads(a.storage))
    ds = dt.to_pyarrow_dataset()
    out = {
        "version": dt.version(),
        "schema": [
            [f.name, str(f.type), f.nullable, {k: str(v) for k, v in f.metadata.items()}]
            for f in dt.schema().fields
        ],
        "partition_columns": list(dt.metadata().partition_columns),
        "files": len(dt.file_uris()),
        "history": [[h.get("version"), h.get("operation")] for h in dt.history()],
        "rows": ds.count_rows(),
        "sums": {},
    }
    for col in a.sum:
        total = pc.sum(ds.to_table(columns=[col])[col]).as_py()
        out["sums"][col] = str(total)
    if a.partition:
        t = ds.to_table(columns=[a.partition]).group_by(a.partition).aggregate([([], "count_all")])
        out["partitions"] = {
            str(v): n for v, n in zip(t[a.partition].to_pylist(), t["count_all"].to_pylist())
        }
    if a.codec:
        import pyarrow.parquet as pq

        path = dt.file_uris()[0].removeprefix("file://")
        out["codec"] = pq.ParquetFile(path).metadata.row_group(0).column(0).compression
    if a.key:
        keys = [int(k) for k in a.keys.split(",") if k]
        t = ds.to_table(filter=pc.field(a.key).isin(keys)).sort_by(a.key)
        out["sample"] = t.to_pylist()
    print(json.dumps(out, default=str, sort_keys=True))


if __name__ == "__main__":
    main()
    # The answer is printed; leave without the interpreter's teardown, where pyarrow's
    # thread pools have been seen to abort the process under load ("terminate called without
    # an active exception") before the buffered stdout reached the pipe.
    sys.stdout.flush()
    os._exit(0)
