#!/usr/bin/env python3
"""A minimal Debezium consumer: applies a change feed and writes the resulting table.

usage: debezium_apply.py FEED.json [--key id] [--until-us T] --out STATE.csv

FEED.json holds newline-delimited Debezium envelopes ({"before", "after", "source", "op",
...}), e.g. from `COPY (SELECT * FROM changes('t')) TO 'feed.json' STORED AS JSON`.
Deliveries may be duplicated and out of order, so the consumer drops repeated source.lsn
values (a repeat must carry the same before/after/op/source) and applies the rest in lsn
order, per key (after[KEY], or before[KEY] for deletes):
  c, r  insert      (before must be null; the key must not be live)
  u     replace     (the key must be live and `before` must equal its current row)
  d     delete      (the key must be live and `before` must equal its current row)
With --until-us only events with source.ts_us <= T are applied (source.ts_ms * 1000 when a
feed has no ts_us). The live rows go to STATE.csv, sorted by key, with the columns of the
`after` structs in their JSON order and the values as Python's csv module writes them (str()
of the JSON value, null as empty), "\\n" line ends. Exits non-zero with a message on any
violation; prints a one-line summary to stderr. Standard library only.
"""
import argparse
import csv
import json
import sys


def fail(msg):
    sys.exit(f"debezium_apply: error: {msg}")


ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("feed")
ap.add_argument("--key", default="id")
ap.add_argument("--until-us", type=int)
ap.add_argument("--out", required=True)
args = ap.parse_args()

by_lsn, read, dups = {}, 0, 0
with open(args.feed, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        if not line.strip():
            continue
        try:
            ev = json.loads(line)
            lsn = ev["source"]["lsn"]
        except (ValueError, KeyError, TypeError) as e:
            fail(f"{args.feed}:{n}: not a Debezium envelope with source.lsn ({e})")
        read += 1
        if lsn in by_lsn:
            first = by_lsn[lsn]
            if any(first.get(k) != ev.get(k) for k in ("before", "after", "op", "source")):
                fail(f"{args.feed}:{n}: lsn {lsn} delivered twice with different content")
            dups += 1
        else:
            by_lsn[lsn] = ev


def ts_us(src):
    return src["ts_us"] if "ts_us" in src else src["ts_ms"] * 1000


state, columns, applied = {}, None, 0
for lsn in sorted(by_lsn):
    ev = by_lsn[lsn]
    op, before, after = ev.get("op"), ev.get("before"), ev.get("after")
    if args.until_us is not None and ts_us(ev["source"]) > args.until_us:
        continue
    where = f"lsn {lsn} (op {op!r})"
    shape = {"c": (False, True), "r": (False, True), "u": (True, True), "d": (True, False)}
    if op not in shape:
        fail(f"{where}: unknown op")
    if (before is not None, after is not None) != shape[op]:
        fail(f"{where}: before/after must be {'set' if shape[op][0] else 'null'}/"
             f"{'set' if shape[op][1] else 'null'}")
    row = after if after is not None else before
    if args.key not in row:
        fail(f"{where}: no key column {args.key!r} in {row}")
    key = row[args.key]
    if after is not None:
        if columns is None:
            columns = list(after)
        elif list(after) != columns:
            fail(f"{where}: after has columns {list(after)}, expected {columns}")
    if before is not None and before.get(args.key) != key:
        fail(f"{where}: the key changes from {before.get(args.key)!r} to {key!r}")
    if op in ("c", "r"):
        if key in state:
            fail(f"{where}: key {key!r} is already live: {state[key]}")
        state[key] = after
    else:
        if key not in state:
            fail(f"{where}: key {key!r} is not live")
        if before != state[key]:
            fail(f"{where}: key {key!r}: before {before} differs from the current row {state[key]}")
        if op == "u":
            state[key] = after
        else:
            del state[key]
    applied += 1

with open(args.out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    if columns is not None:
        w.writerow(columns)
        for key in sorted(state):
            w.writerow([state[key][c] for c in columns])
print(f"debezium_apply: {read} events read, {dups} duplicates dropped, {applied} applied, "
      f"{len(state)} live rows", file=sys.stderr)
