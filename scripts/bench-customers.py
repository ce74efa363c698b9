#!/usr/bin/env python3
"""Writes the three programs of the seed workload (issue 9's benchmark) into a directory:

  ours.sql      the 9-column customer/network-events table as CREATE SYNTHETIC TABLE, COPY
                to Parquet (snappy);
  duck.py       DuckDB's SQL equivalent: the same word lists as list literals indexed by
                hash(), COPY to Parquet (snappy);
  series.sql    the same schema in DataFusion from generate_series + random(), the same lists
                as array literals, COPY to Parquet (snappy).

The word lists are fake 5's EN first and last names, read from the crate source cargo
fetched (the lists our first_name()/last_name() use). Usage: bench-customers.py OUT_DIR ROWS
"""
import glob
import os
import re
import sys

out, rows = sys.argv[1], int(sys.argv[2])
cargo_home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
src = sorted(glob.glob(f"{cargo_home}/registry/src/*/fake-5.*/src/locales/mod.rs"))[-1]
text = open(src, encoding="utf-8").read()


def words(const):
    body = re.search(const + r": &'static \[&'static str\] = &\[(.*?)\];", text, re.S).group(1)
    return re.findall(r'"((?:[^"\\]|\\.)*)"', body)


first, last = words("NAME_FIRST_NAME"), words("NAME_LAST_NAME")
hosts = ["www", "api", "app", "mail", "db", "web", "cdn", "auth", "vpn", "git"]
labels = ["acme", "alpha", "apex", "atlas", "beacon", "blue", "bright", "cedar", "cloud", "comet"]
countries = ["US"] * 40 + ["DE"] * 15 + ["FR"] * 10 + ["JP"] * 10 + ["BR"] * 10 + ["IN"] * 15


def lit(ws):
    return "[" + ",".join("'" + w.replace("'", "''") + "'" for w in ws) + "]"


with open(f"{out}/ours.sql", "w") as f:
    f.write(f"""CREATE SYNTHETIC TABLE customers (
  id      BIGINT       GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  first   VARCHAR      GENERATED ALWAYS AS (first_name()) NOT NULL HIDDEN,
  last    VARCHAR      GENERATED ALWAYS AS (last_name()) NOT NULL HIDDEN,
  name    VARCHAR      GENERATED ALWAYS AS (first || ' ' || last) NOT NULL,
  email   VARCHAR      GENERATED ALWAYS AS (email(first, last, id)) NOT NULL,
  host    VARCHAR      GENERATED ALWAYS AS (hostname()) NOT NULL,
  ip      VARCHAR      GENERATED ALWAYS AS (ipv4()) NOT NULL,
  country VARCHAR      GENERATED ALWAYS AS (weighted(['US', 'DE', 'FR', 'JP', 'BR', 'IN'], [40, 15, 10, 10, 10, 15])) NOT NULL,
  tenant  BIGINT       GENERATED ALWAYS AS (uniform(1, 500)) NOT NULL,
  risk    DECIMAL(4,2) GENERATED ALWAYS AS (CAST(CAST(uniform(100, 1000) AS DOUBLE) / 100 AS DECIMAL(4,2))) NOT NULL,
  signup  DATE         GENERATED ALWAYS AS (date_between(DATE '2015-01-01', DATE '2025-12-31')) NOT NULL
) WITH (rows = {rows}, seed = 1);
COPY customers TO '{out}/ours.parquet' STORED AS PARQUET OPTIONS ('format.compression' 'snappy');
""")

with open(f"{out}/duck.py", "w") as f:
    f.write(f"""import duckdb
con = duckdb.connect()
con.execute('''COPY (
  WITH t AS (
    SELECT i,
      {lit(first)}[(hash(i, 1) % {len(first)})::BIGINT + 1] AS first,
      {lit(last)}[(hash(i, 2) % {len(last)})::BIGINT + 1] AS last
    FROM range(1, {rows} + 1) r(i))
  SELECT i AS id,
    first || ' ' || last AS name,
    lower(first) || '.' || lower(last) || '.' || i || '@example.com' AS email,
    {lit(hosts)}[(hash(i, 3) % 10)::BIGINT + 1] || (hash(i, 4) % 100) || '.' ||
      {lit(labels)}[(hash(i, 5) % 10)::BIGINT + 1] || '.example' AS host,
    '192.0.2.' || (hash(i, 6) % 256) AS ip,
    {lit(countries)}[(hash(i, 7) % 100)::BIGINT + 1] AS country,
    (hash(i, 8) % 500)::BIGINT + 1 AS tenant,
    CAST(((hash(i, 9) % 901) + 100) / 100.0 AS DECIMAL(4,2)) AS risk,
    DATE '2015-01-01' + CAST(hash(i, 10) % 4018 AS INTEGER) AS signup
  FROM t) TO '{out}/duckdb.parquet' (FORMAT PARQUET, COMPRESSION SNAPPY)''')
""")

def values(ws):
    return "(VALUES " + ",".join("('" + w.replace("'", "''") + "')" for w in ws) + ")"


def table(name, ws):
    # A word list as a table (word, index): array literals would be copied into every batch.
    return f"{name} AS (SELECT column1 AS w, row_number() OVER () - 1 AS k FROM {values(ws)})"


with open(f"{out}/series.sql", "w") as f:
    f.write(f"""COPY (
  WITH {table("fw", first)}, {table("lw", last)}, {table("hw", hosts)}, {table("bw", labels)},
    {table("cw", countries)},
  t AS (
    SELECT value AS i,
      CAST(floor(random() * {len(first)}) AS BIGINT) AS fk,
      CAST(floor(random() * {len(last)}) AS BIGINT) AS lk,
      CAST(floor(random() * 10) AS BIGINT) AS hk,
      CAST(floor(random() * 10) AS BIGINT) AS bk,
      CAST(floor(random() * 100) AS BIGINT) AS ck
    FROM generate_series(1, {rows}))
  SELECT i AS id,
    fw.w || ' ' || lw.w AS name,
    lower(fw.w) || '.' || lower(lw.w) || '.' || CAST(i AS VARCHAR) || '@example.com' AS email,
    hw.w || CAST(CAST(floor(random() * 100) AS BIGINT) AS VARCHAR) || '.' || bw.w || '.example' AS host,
    '192.0.2.' || CAST(CAST(floor(random() * 256) AS BIGINT) AS VARCHAR) AS ip,
    cw.w AS country,
    CAST(floor(random() * 500) AS BIGINT) + 1 AS tenant,
    CAST(CAST(100 + floor(random() * 901) AS DOUBLE) / 100 AS DECIMAL(4,2)) AS risk,
    CAST(CAST(16436 + floor(random() * 4018) AS INT) AS DATE) AS signup
  FROM t JOIN fw ON t.fk = fw.k JOIN lw ON t.lk = lw.k JOIN hw ON t.hk = hw.k
    JOIN bw ON t.bk = bw.k JOIN cw ON t.ck = cw.k
) TO '{out}/series.parquet' STORED AS PARQUET OPTIONS ('format.compression' 'snappy');
""")
