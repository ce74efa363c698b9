//! Delta Lake tables written from SQL and read back by another engine: delta-rs' Python
//! bindings (`deltalake`, pinned in the test venv of `scripts/geo-venv.sh`) read every table
//! these tests write — schema, row counts, per-partition counts, the version history and
//! sample rows — and compare them with our own queries. Also: time travel, `delta_history`,
//! overwrite, a process killed mid-insert, two processes inserting at once, and the errors.
#![cfg(feature = "delta")]

use crate::common;

use std::path::Path;
use std::process::Command;

#[cfg(feature = "cli")]
use common::dfsynth;
use common::{error, first, python, run};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::Int64Type;
use datafusion::prelude::SessionContext;
use serde_json::Value;

/// What `scripts/delta_read.py` (delta-rs' Python bindings) reads of the table at `uri`.
fn delta_read(uri: &str, args: &[&str]) -> Value {
    let mut all = vec![uri];
    all.extend_from_slice(args);
    common::python_json("delta_read.py", &all)
}

fn ctx() -> SessionContext {
    common::ctx(2, 8192)
}

const CUSTOMERS: &str = "CREATE SYNTHETIC TABLE customers (
  id    BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  first VARCHAR GENERATED ALWAYS AS (first_name('en_US')) NOT NULL,
  last  VARCHAR GENERATED ALWAYS AS (last_name('en_US')) NOT NULL,
  email VARCHAR GENERATED ALWAYS AS (email(first, last, id)) NOT NULL
) WITH (rows = 100000, seed = 42)";

fn orders(rows: u64) -> String {
    format!(
        "CREATE OR REPLACE SYNTHETIC TABLE orders (
  id          BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  c           BIGINT  GENERATED ALWAYS AS (parent_row('customers', 'zipf', 1.1)) NOT NULL HIDDEN,
  customer_id BIGINT  GENERATED ALWAYS AS (lookup('customers', 'id', c)) NOT NULL,
  email       VARCHAR GENERATED ALWAYS AS (lookup('customers', 'email', c)) NOT NULL,
  tenant      BIGINT  GENERATED ALWAYS AS (uniform(1, 4)) NOT NULL,
  amount      BIGINT  GENERATED ALWAYS AS (uniform(1, 100000)) NOT NULL,
  ip          VARCHAR GENERATED ALWAYS AS (ipv4()) NOT NULL
) WITH (rows = {rows}, seed = 7)"
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_million_rows_reach_python_and_version_zero_stays_readable() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("orders");
    let loc = loc.to_str().unwrap();
    let ctx = ctx();
    run(&ctx, CUSTOMERS).await;
    run(&ctx, &orders(10_000_000)).await;
    // No column list, no table yet: the first insert creates it with its rows (version 0).
    run(
        &ctx,
        &format!("CREATE EXTERNAL TABLE d STORED AS DELTA LOCATION '{loc}'"),
    )
    .await;
    let n = first(&run(&ctx, "INSERT INTO d SELECT * FROM orders").await);
    assert_eq!(n, 10_000_000);
    let sum = first(&run(&ctx, "SELECT sum(amount) FROM orders").await);
    let read = delta_read(
        loc,
        &[
            "--sum",
            "amount",
            "--key",
            "id",
            "--keys",
            "1,2,777777,9999999",
        ],
    );
    assert_eq!(read["version"], 0);
    assert_eq!(read["rows"], 10_000_000);
    assert_eq!(read["sums"]["amount"], sum.to_string());
    let names: Vec<&str> = read["schema"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f[0].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["id", "customer_id", "email", "tenant", "amount", "ip"]
    );
    // The sample rows equal the query's.
    let ours = run(
        &ctx,
        "SELECT id, customer_id, email, amount, ip FROM orders WHERE id IN (1, 2, 777777, 9999999) ORDER BY id",
    )
    .await;
    let ours = &ours[0];
    let sample = read["sample"].as_array().unwrap();
    assert_eq!(sample.len(), 4);
    for (i, row) in sample.iter().enumerate() {
        assert_eq!(
            row["id"],
            ours.column(0).as_primitive::<Int64Type>().value(i)
        );
        assert_eq!(
            row["customer_id"],
            ours.column(1).as_primitive::<Int64Type>().value(i)
        );
        assert_eq!(row["email"], text(ours.column(2), i));
        assert_eq!(
            row["amount"],
            ours.column(3).as_primitive::<Int64Type>().value(i)
        );
        assert_eq!(row["ip"], text(ours.column(4), i));
    }
    // Our own read of the table agrees.
    assert_eq!(first(&run(&ctx, "SELECT sum(amount) FROM d").await), sum);
    // A second insert is version 1; version 0 still reads 10M rows.
    run(&ctx, "INSERT INTO d SELECT * FROM orders WHERE id <= 1000").await;
    let read = delta_read(loc, &[]);
    assert_eq!(read["version"], 1);
    assert_eq!(read["rows"], 10_001_000);
    assert_eq!(
        read["history"],
        serde_json::json!([[1, "WRITE"], [0, "CREATE TABLE"]])
    );
    assert_eq!(delta_read(loc, &["--version", "0"])["rows"], 10_000_000);
    run(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE d0 STORED AS DELTA LOCATION '{loc}' OPTIONS ('version' '0')"
        ),
    )
    .await;
    assert_eq!(
        first(&run(&ctx, "SELECT count(*) FROM d0").await),
        10_000_000
    );
    assert_eq!(
        first(&run(&ctx, "SELECT count(*) FROM d").await),
        10_001_000
    );
    // The commit log as a table.
    let history = run(
        &ctx,
        "SELECT version, operation, num_output_rows FROM delta_history('d') ORDER BY version",
    )
    .await;
    let h = &history[0];
    assert_eq!(h.num_rows(), 2);
    assert_eq!(text(h.column(1), 0), "CREATE TABLE");
    assert_eq!(h.column(2).as_primitive::<Int64Type>().value(0), 10_000_000);
    assert_eq!(h.column(2).as_primitive::<Int64Type>().value(1), 1_000);
}

fn text(array: &dyn Array, i: usize) -> String {
    let s = datafusion::arrow::compute::cast(array, &datafusion::arrow::datatypes::DataType::Utf8)
        .unwrap();
    s.as_string::<i32>().value(i).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_creates_partitioned_tables_and_overwrites_in_one_commit() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("p");
    let loc = loc.to_str().unwrap();
    let ctx = ctx();
    run(&ctx, CUSTOMERS).await;
    run(&ctx, &orders(200_000)).await;
    let copy = format!(
        "COPY (SELECT * FROM orders) TO '{loc}' STORED AS DELTA PARTITIONED BY (tenant) \
         OPTIONS ('compression' 'zstd(3)', 'target_file_size' '1048576')"
    );
    assert_eq!(first(&run(&ctx, &copy).await), 200_000);
    let ours = run(
        &ctx,
        "SELECT tenant, count(*) FROM orders GROUP BY tenant ORDER BY tenant",
    )
    .await;
    let read = delta_read(loc, &["--partition", "tenant", "--codec"]);
    assert_eq!(read["version"], 0);
    assert_eq!(read["partition_columns"], serde_json::json!(["tenant"]));
    assert_eq!(read["codec"], "ZSTD");
    for i in 0..ours[0].num_rows() {
        let tenant = ours[0].column(0).as_primitive::<Int64Type>().value(i);
        let n = ours[0].column(1).as_primitive::<Int64Type>().value(i);
        assert_eq!(read["partitions"][tenant.to_string()], n, "tenant {tenant}");
    }
    assert!(dir.path().join("p/tenant=1").is_dir());
    // A second COPY without a mode refuses to touch the table.
    let e = error(&ctx, &copy).await;
    assert!(
        e.contains(&format!("COPY … STORED AS DELTA: a Delta table exists at '{loc}'; add OPTIONS ('mode' 'append') to add rows or ('mode' 'overwrite') to replace them")),
        "{e}"
    );
    // Overwrite: one commit replaces every row; version 0 keeps them.
    let overwrite = format!(
        "COPY (SELECT * FROM orders WHERE tenant = 2) TO '{loc}' STORED AS DELTA PARTITIONED BY (tenant) OPTIONS ('mode' 'overwrite')"
    );
    let n2 = first(&run(&ctx, &overwrite).await);
    let read = delta_read(loc, &["--partition", "tenant"]);
    assert_eq!(read["version"], 1);
    assert_eq!(read["rows"], n2);
    assert_eq!(read["partitions"], serde_json::json!({ "2": n2 }));
    assert_eq!(delta_read(loc, &["--version", "0"])["rows"], 200_000);
    // `ignore` writes nothing over an existing table; `append` adds a version.
    let ignore = overwrite.replace("'overwrite'", "'ignore'");
    assert_eq!(first(&run(&ctx, &ignore).await), 0);
    let append = overwrite.replace("'overwrite'", "'append'");
    run(&ctx, &append).await;
    let read = delta_read(loc, &[]);
    assert_eq!(read["version"], 2);
    assert_eq!(read["rows"], 2 * n2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn geometry_columns_are_wkb_with_a_comment() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("g");
    let loc = loc.to_str().unwrap();
    let ctx = ctx();
    let copy = format!(
        "COPY (SELECT id, geometry FROM spider('uniform', 1000, 1, 'geometry=box')) TO '{loc}' STORED AS DELTA"
    );
    assert_eq!(first(&run(&ctx, &copy).await), 1000);
    let read = delta_read(loc, &[]);
    let geometry = &read["schema"][1];
    assert_eq!(geometry[0], "geometry");
    assert_eq!(geometry[1], "PrimitiveType(\"binary\")");
    let comment = geometry[3]["comment"].as_str().unwrap();
    assert_eq!(
        comment,
        "geometry as WKB (geoarrow.wkb); GeoParquet metadata is not part of the Delta protocol"
    );
    // Read back, the WKB is byte for byte what the query gave.
    run(
        &ctx,
        &format!("CREATE EXTERNAL TABLE g STORED AS DELTA LOCATION '{loc}'"),
    )
    .await;
    let same = first(
        &run(
            &ctx,
            "SELECT count(*) FROM g JOIN spider('uniform', 1000, 1, 'geometry=box') s ON g.id = s.id AND g.geometry = s.geometry",
        )
        .await,
    );
    assert_eq!(same, 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn declared_tables_time_travel_and_every_error_commits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("t");
    let loc = loc.to_str().unwrap();
    let ctx = ctx();
    // A column list creates the table at once: version 0, no rows.
    run(
        &ctx,
        &format!("CREATE EXTERNAL TABLE t (id BIGINT NOT NULL, name VARCHAR) STORED AS DELTA LOCATION '{loc}'"),
    )
    .await;
    let read = delta_read(loc, &[]);
    assert_eq!(
        (read["version"].clone(), read["rows"].clone()),
        (0.into(), 0.into())
    );
    assert_eq!(read["schema"][0][2], false);
    run(&ctx, "INSERT INTO t VALUES (1, 'a'), (2, 'b')").await;
    let log = || {
        let mut files: Vec<_> = std::fs::read_dir(dir.path().join("t/_delta_log"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        files.sort();
        files
    };
    let before = log();
    assert_eq!(before.len(), 2, "{before:?}");
    let cases = [
        (
            "INSERT INTO t VALUES ('abc', 'x')".to_string(),
            "Cannot cast string 'abc' to value of Int64 type".to_string(),
        ),
        (
            "INSERT INTO t (name) VALUES ('x')".to_string(),
            format!("Delta table at '{loc}': column 'id' is NOT NULL, but the insert gives it NULL values"),
        ),
        (
            format!("CREATE EXTERNAL TABLE u STORED AS DELTA LOCATION '{loc}' OPTIONS ('colour' 'red')"),
            "Delta: unknown option 'colour'; allowed: 'version', 'timestamp', 'target_file_size', 'compression', 'max_row_group_size', 'delta.<property>', 'aws.<option>'".to_string(),
        ),
        (
            format!("CREATE EXTERNAL TABLE u STORED AS DELTA LOCATION '{loc}' OPTIONS ('version' '5')"),
            format!("Delta: invalid value for 'version': 5; the table at '{loc}' has versions 0 to 1"),
        ),
        (
            format!("CREATE EXTERNAL TABLE u STORED AS DELTA LOCATION '{loc}' OPTIONS ('version' 'latest')"),
            "Delta: invalid value for 'version': 'latest'; allowed: a version number 0, 1, 2, …".to_string(),
        ),
        (
            format!("CREATE EXTERNAL TABLE u (id INT) STORED AS DELTA LOCATION '{loc}'"),
            format!("Delta: the declared columns (id Int32) do not match the columns of the table at '{loc}' (id Int64, name Utf8"),
        ),
        (
            format!("COPY (SELECT 1 AS x) TO '{loc}' STORED AS DELTA OPTIONS ('mode' 'append')"),
            format!("COPY … STORED AS DELTA: the query's columns (x) are not the columns of the Delta table at '{loc}' (id, name)"),
        ),
        (
            format!("COPY (SELECT 1 AS x) TO '{loc}' STORED AS DELTA OPTIONS ('mode' 'merge')"),
            "Delta: invalid value for 'mode': 'merge'; allowed: 'error', 'append', 'overwrite', 'ignore'".to_string(),
        ),
        (
            format!("COPY (SELECT 1 AS x) TO '{loc}' STORED AS DELTA OPTIONS ('compression' 'zip')"),
            "Delta: invalid value for 'compression': 'zip'; allowed: 'uncompressed', 'snappy', 'gzip(1..9)', 'lz4', 'lz4_raw', 'brotli(1..11)', 'zstd(1..22)'".to_string(),
        ),
        (
            format!("CREATE EXTERNAL TABLE u STORED AS DELTA LOCATION '{loc}' PARTITIONED BY (name)"),
            format!("Delta: PARTITIONED BY (name) does not match the existing table at '{loc}', partitioned by ()"),
        ),
    ];
    for (sql, expected) in &cases {
        let e = error(&ctx, sql).await;
        assert!(
            e.contains(expected.as_str()),
            "{sql}\n got: {e}\nwant: {expected}"
        );
    }
    assert_eq!(log(), before, "a failed statement committed");
    // Time travel is read only.
    run(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE t0 STORED AS DELTA LOCATION '{loc}' OPTIONS ('version' '0')"
        ),
    )
    .await;
    assert_eq!(first(&run(&ctx, "SELECT count(*) FROM t0").await), 0);
    let e = error(&ctx, "INSERT INTO t0 VALUES (3, 'c')").await;
    assert!(
        e.contains(&format!("Delta table at '{loc}' is opened at version 0 (time travel), which is read only; open it without 'version' and 'timestamp' to write")),
        "{e}"
    );
    assert_eq!(log(), before);
    // A location holding other files is not a table, and never becomes one.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("x.csv"), "a\n1\n").unwrap();
    let other = other.to_str().unwrap();
    let e = error(
        &ctx,
        &format!("CREATE EXTERNAL TABLE o STORED AS DELTA LOCATION '{other}'"),
    )
    .await;
    assert!(
        e.contains(&format!("Delta: LOCATION '{other}' is not a Delta table (it has no _delta_log) but holds other files, e.g. 'x.csv'; use an empty or new directory")),
        "{e}"
    );
    // An unwritable location: a path below a regular file.
    let below_file = format!("{other}/x.csv/t");
    let e = error(
        &ctx,
        &format!("COPY (SELECT 1 AS x) TO '{below_file}' STORED AS DELTA"),
    )
    .await;
    assert!(e.contains(&format!("Delta table at '{below_file}'")), "{e}");
    assert!(!Path::new(&below_file).exists());
}

/// The data files (`*.parquet`) below `dir`.
fn data_files(dir: &Path) -> Vec<String> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().into_string().unwrap();
        if e.file_type().unwrap().is_dir() {
            if name != "_delta_log" {
                out.extend(
                    data_files(&e.path())
                        .into_iter()
                        .map(|f| format!("{name}/{f}")),
                );
            }
        } else if name.ends_with(".parquet") {
            out.push(name);
        }
    }
    out.sort();
    out
}

#[cfg(feature = "cli")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_mid_insert_leaves_the_last_version_readable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k");
    let loc = path.to_str().unwrap();
    let ctx = ctx();
    run(&ctx, CUSTOMERS).await;
    run(&ctx, &orders(1000)).await;
    run(&ctx, &format!("COPY orders TO '{loc}' STORED AS DELTA")).await;
    let committed = data_files(&path);
    // A billion-row insert whose files roll every MiB: killed (SIGKILL) once some are written.
    let sql = format!(
        "{CUSTOMERS}; {}; CREATE EXTERNAL TABLE d STORED AS DELTA LOCATION '{loc}' \
         OPTIONS ('target_file_size' '1048576'); INSERT INTO d SELECT * FROM orders",
        orders(1_000_000_000)
    );
    let mut child = dfsynth(&sql).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while data_files(&path).len() < committed.len() + 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "no data files written in 120 s"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "dfsynth ended before it was killed"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let orphans = data_files(&path).len() - committed.len();
    assert!(orphans >= 3);
    // The log is unchanged: version 0, its 1000 rows, its files only.
    let read = delta_read(loc, &[]);
    assert_eq!(read["version"], 0);
    assert_eq!(read["rows"], 1000);
    assert_eq!(read["files"], committed.len());
    let log: Vec<_> = std::fs::read_dir(path.join("_delta_log"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".json"))
        .collect();
    assert_eq!(log, ["00000000000000000000.json"]);
    // And the table takes the next insert as version 1.
    run(
        &ctx,
        &format!("CREATE EXTERNAL TABLE d STORED AS DELTA LOCATION '{loc}'"),
    )
    .await;
    run(&ctx, "INSERT INTO d SELECT * FROM orders").await;
    let read = delta_read(loc, &[]);
    assert_eq!(
        (read["version"].clone(), read["rows"].clone()),
        (1.into(), 2000.into())
    );
}

#[cfg(feature = "cli")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_inserting_at_once_both_commit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c");
    let loc = path.to_str().unwrap();
    let ctx = ctx();
    run(&ctx, CUSTOMERS).await;
    run(&ctx, &orders(1000)).await;
    run(&ctx, &format!("COPY orders TO '{loc}' STORED AS DELTA")).await;
    let sql = format!(
        "{CUSTOMERS}; {}; CREATE EXTERNAL TABLE d STORED AS DELTA LOCATION '{loc}'; \
         INSERT INTO d SELECT * FROM orders",
        orders(300_000)
    );
    let a = dfsynth(&sql).spawn().unwrap();
    let b = dfsynth(&sql).spawn().unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let mut landed = 0;
    for out in [&a, &b] {
        if out.status.success() {
            landed += 1;
        } else {
            // Blind appends do not conflict in Delta; if one ever fails, it must be Delta's
            // own conflict error, never a broken log.
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("onflict"), "{err}");
        }
    }
    let read = delta_read(loc, &[]);
    assert_eq!(read["version"], landed);
    assert_eq!(read["rows"], 1000 + 300_000 * landed);
    assert_eq!(landed, 2, "two blind appends should both land");
    let history = read["history"].as_array().unwrap();
    assert_eq!(history.len(), 3);
}

#[cfg(feature = "s3")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_on_s3_commit_with_conditional_puts() {
    let moto = common::moto::Moto::start(&[]);
    moto.create_bucket("lake");
    let options = moto.options();
    let ctx = ctx();
    run(&ctx, CUSTOMERS).await;
    run(&ctx, &orders(50_000)).await;
    let loc = "s3://lake/warehouse/orders";
    run(
        &ctx,
        &format!(
            "COPY orders TO '{loc}' STORED AS DELTA PARTITIONED BY (tenant) OPTIONS ({options})"
        ),
    )
    .await;
    run(
        &ctx,
        &format!("CREATE EXTERNAL TABLE d STORED AS DELTA LOCATION '{loc}' OPTIONS ({options})"),
    )
    .await;
    run(&ctx, "INSERT INTO d SELECT * FROM orders WHERE id <= 100").await;
    assert_eq!(first(&run(&ctx, "SELECT count(*) FROM d").await), 50_100);
    let storage = serde_json::json!({
        "AWS_ENDPOINT_URL": moto.endpoint(),
        "AWS_ALLOW_HTTP": "true",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        "AWS_REGION": "us-east-1",
    })
    .to_string();
    let read = delta_read(
        loc,
        &[
            "--storage",
            &storage,
            "--partition",
            "tenant",
            "--sum",
            "amount",
        ],
    );
    assert_eq!(read["version"], 1);
    assert_eq!(read["rows"], 50_100);
    assert_eq!(read["partition_columns"], serde_json::json!(["tenant"]));
    let sum = first(&run(&ctx, "SELECT sum(amount) FROM d").await);
    assert_eq!(read["sums"]["amount"], sum.to_string());
    let v0 = delta_read(loc, &["--storage", &storage, "--version", "0"]);
    assert_eq!(v0["rows"], 50_000);
    let history = run(&ctx, "SELECT count(*) FROM delta_history('d')").await;
    assert_eq!(first(&history), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn time_travel_by_timestamp_reads_the_version_current_then() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("ts");
    let loc = loc.to_str().unwrap();
    let ctx = ctx();
    run(
        &ctx,
        &format!("COPY (SELECT * FROM generate_series(1, 100) AS s(v)) TO '{loc}' STORED AS DELTA"),
    )
    .await;
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let at = run(&ctx, "SELECT to_char(now(), '%Y-%m-%dT%H:%M:%S%.3fZ')").await;
    let at = text(at[0].column(0), 0);
    std::thread::sleep(std::time::Duration::from_millis(1100));
    run(
        &ctx,
        &format!("CREATE EXTERNAL TABLE ts STORED AS DELTA LOCATION '{loc}'"),
    )
    .await;
    run(
        &ctx,
        "INSERT INTO ts SELECT v FROM generate_series(101, 150) AS s(v)",
    )
    .await;
    run(
        &ctx,
        &format!("CREATE EXTERNAL TABLE then STORED AS DELTA LOCATION '{loc}' OPTIONS ('timestamp' '{at}')"),
    )
    .await;
    assert_eq!(first(&run(&ctx, "SELECT count(*) FROM then").await), 100);
    assert_eq!(first(&run(&ctx, "SELECT count(*) FROM ts").await), 150);
    let e = error(
        &ctx,
        &format!("CREATE EXTERNAL TABLE before STORED AS DELTA LOCATION '{loc}' OPTIONS ('timestamp' '2000-01-01T00:00:00Z')"),
    )
    .await;
    assert!(
        e.contains(&format!(
            "Delta: no version of the table at '{loc}' at timestamp '2000-01-01T00:00:00Z'"
        )),
        "{e}"
    );
    let e = error(
        &ctx,
        &format!("CREATE EXTERNAL TABLE bad STORED AS DELTA LOCATION '{loc}' OPTIONS ('timestamp' 'yesterday')"),
    )
    .await;
    assert!(
        e.contains("Delta: invalid value for 'timestamp': 'yesterday'; allowed: an RFC 3339 time such as '2026-01-31T12:00:00Z'"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_with_column_mapping_are_read_but_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let loc = dir.path().join("cm");
    let loc = loc.to_str().unwrap();
    // Written by delta-rs' Python bindings with column mapping by name.
    let made = Command::new(python())
        .arg("-c")
        .arg(format!(
            "import pyarrow as pa\nfrom deltalake import write_deltalake\nwrite_deltalake({loc:?}, pa.table({{'id': pa.array([1, 2], pa.int64())}}), configuration={{'delta.columnMapping.mode': 'name', 'delta.minReaderVersion': '2', 'delta.minWriterVersion': '5'}})"
        ))
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let ctx = ctx();
    run(
        &ctx,
        &format!("CREATE EXTERNAL TABLE cm STORED AS DELTA LOCATION '{loc}'"),
    )
    .await;
    assert_eq!(first(&run(&ctx, "SELECT sum(id) FROM cm").await), 3);
    let e = error(&ctx, "INSERT INTO cm VALUES (3)").await;
    assert!(
        e.contains(&format!("Delta table at '{loc}' uses column mapping (delta.columnMapping.mode = Name), which this writer does not support")),
        "{e}"
    );
    assert_eq!(delta_read(loc, &[])["version"], 0);
}
