//! Iceberg tables written from SQL and read back by another engine: PyIceberg (pinned in the
//! test venv of `scripts/geo-venv.sh`) opens every table these tests write through the same
//! SQLite catalog file (`SqlCatalog`) and through its metadata file alone (`StaticTable`), and
//! its schema, partition spec, snapshots, row counts, per-partition counts, sums and sample
//! rows are compared with our own queries. Also: time travel, INSERT OVERWRITE, a process
//! killed mid-insert, the memory catalog, and every error a user can cause.
#![cfg(feature = "iceberg")]

use crate::common;

use std::path::Path;

#[cfg(feature = "cli")]
use common::dfsynth;
use common::{error, first, run};
use datafusion::arrow::array::AsArray;
use datafusion::arrow::datatypes::{Float64Type, Int64Type};
use datafusion::prelude::SessionContext;
use serde_json::{Value, json};

/// What `scripts/iceberg_read.py` (PyIceberg) reads of table `table` in `warehouse`.
fn iceberg_read(warehouse: &str, table: &str, args: &[&str]) -> Value {
    let mut all = vec![warehouse, table];
    all.extend_from_slice(args);
    common::python_json("iceberg_read.py", &all)
}

fn ctx() -> SessionContext {
    common::ctx(2, 8192)
}

/// A declared table: tenants, events half a second apart from 2026-01-01, semantic columns.
fn events(rows: u64) -> String {
    format!(
        "CREATE OR REPLACE SYNTHETIC TABLE events (
  id        BIGINT    GENERATED ALWAYS AS (sequence(1)) NOT NULL,
  tenant_id INT       GENERATED ALWAYS AS (CAST(uniform(1, 5) AS INT)) NOT NULL,
  ts        TIMESTAMP GENERATED ALWAYS AS (CAST(to_timestamp_millis(1767225600000 + id * 500) AS TIMESTAMP)) NOT NULL,
  first     VARCHAR   GENERATED ALWAYS AS (first_name('en_US')) NOT NULL HIDDEN,
  last      VARCHAR   GENERATED ALWAYS AS (last_name('en_US')) NOT NULL HIDDEN,
  email     VARCHAR   GENERATED ALWAYS AS (email(first, last, id)) NOT NULL,
  ip        VARCHAR   GENERATED ALWAYS AS (ipv4()),
  amount    DOUBLE    GENERATED ALWAYS AS (exponential(0.1))
) WITH (rows = {rows}, seed = 7)"
    )
}

/// The row count of the Iceberg table at `location` as of snapshot `id`, through a
/// time-travel table registered as `name`.
async fn rows_at(ctx: &SessionContext, name: &str, location: &str, id: i64) -> i64 {
    run(
        ctx,
        &format!(
            "CREATE EXTERNAL TABLE {name} STORED AS ICEBERG LOCATION '{location}' \
             OPTIONS ('snapshot_id' '{id}')"
        ),
    )
    .await;
    first(&run(ctx, &format!("SELECT count(*) FROM {name}")).await)
}

const COLUMNS: &str = "(id BIGINT NOT NULL, tenant_id INT NOT NULL, ts TIMESTAMP NOT NULL, \
     email VARCHAR NOT NULL, ip VARCHAR, amount DOUBLE)";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_million_rows_partitioned_by_day_and_tenant_reach_pyiceberg() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().to_str().unwrap().to_string();
    let ctx = ctx();
    run(&ctx, &events(10_000_000)).await;
    run(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE ice {COLUMNS} STORED AS ICEBERG LOCATION '{wh}/db/events' \
             OPTIONS ('partitioning' 'day(ts), identity(tenant_id)')"
        ),
    )
    .await;
    let n = first(&run(&ctx, "INSERT INTO ice SELECT * FROM events").await);
    assert_eq!(n, 10_000_000);
    // Our own read of the table equals the query.
    let ours = run(&ctx, "SELECT count(*), sum(id), sum(amount) FROM ice").await;
    let want = run(&ctx, "SELECT count(*), sum(id), sum(amount) FROM events").await;
    assert_eq!(first(&ours), 10_000_000);
    assert_eq!(
        ours[0].column(1).as_primitive::<Int64Type>().value(0),
        want[0].column(1).as_primitive::<Int64Type>().value(0)
    );
    let sum = want[0].column(2).as_primitive::<Float64Type>().value(0);
    // PyIceberg through the SQLite catalog.
    let read = iceberg_read(
        &wh,
        "db.events",
        &[
            "--sum",
            "id",
            "--sum",
            "amount",
            "--key",
            "id",
            "--keys",
            "1,4999999,10000000",
        ],
    );
    assert_eq!(read["rows"], 10_000_000);
    assert_eq!(read["static_rows"], 10_000_000);
    assert_eq!(read["sums"]["id"], json!(50_000_005_000_000i64));
    let theirs = read["sums"]["amount"].as_f64().unwrap();
    assert!((theirs - sum).abs() <= sum * 1e-9, "{theirs} vs {sum}");
    assert_eq!(
        read["schema"],
        json!([
            [1, "id", "long", true, null],
            [2, "tenant_id", "int", true, null],
            [3, "ts", "timestamp", true, null],
            [4, "email", "string", true, null],
            [5, "ip", "string", false, null],
            [6, "amount", "double", false, null]
        ])
    );
    assert_eq!(
        read["spec"],
        json!([
            ["ts_day", "ts", "day"],
            ["tenant_id", "tenant_id", "identity"]
        ])
    );
    // Per-partition counts from PyIceberg's manifests equal SQL's grouping.
    let groups = run(
        &ctx,
        "SELECT CAST(CAST(ts AS DATE) AS VARCHAR) AS d, tenant_id, count(*) AS n FROM events \
         GROUP BY 1, 2",
    )
    .await;
    let mut want_parts = serde_json::Map::new();
    for b in &groups {
        let (d, t, n) = (
            b.column(0),
            b.column(1)
                .as_primitive::<datafusion::arrow::datatypes::Int32Type>(),
            b.column(2).as_primitive::<Int64Type>(),
        );
        for i in 0..b.num_rows() {
            want_parts.insert(
                format!(
                    "ts_day={}/tenant_id={}",
                    datafusion::arrow::util::display::array_value_to_string(d, i).unwrap(),
                    t.value(i)
                ),
                json!(n.value(i)),
            );
        }
    }
    assert_eq!(want_parts.len(), 58 * 5, "58 days of 5 tenants");
    assert_eq!(read["partitions"], Value::Object(want_parts));
    // Sample rows equal the query's.
    let sample = run(
        &ctx,
        "SELECT id, tenant_id, email, ip, amount FROM events WHERE id IN (1, 4999999, 10000000) ORDER BY id",
    )
    .await;
    let got = read["sample"].as_array().unwrap();
    assert_eq!(got.len(), 3);
    for (i, row) in got.iter().enumerate() {
        let b = &sample[0];
        assert_eq!(
            row["id"],
            json!(b.column(0).as_primitive::<Int64Type>().value(i))
        );
        assert_eq!(row["email"], json!(b.column(2).as_string_view().value(i)));
        // serde_json's default float parser may miss the last bit of a shortest decimal.
        let (theirs, ours) = (
            row["amount"].as_f64().unwrap(),
            b.column(4).as_primitive::<Float64Type>().value(i),
        );
        assert!(
            (theirs - ours).abs() <= ours.abs() * 1e-15,
            "{theirs} vs {ours}"
        );
    }
    // A second insert is a second snapshot; time travel to the first reads its rows.
    run(&ctx, &events(1_000)).await;
    run(&ctx, "INSERT INTO ice SELECT * FROM events").await;
    let read = iceberg_read(&wh, "db.events", &[]);
    let snaps = read["snapshots"].as_array().unwrap().clone();
    assert_eq!(snaps.len(), 2);
    assert_eq!(snaps[0][2], "append");
    assert_eq!(snaps[0][3], "10000000");
    assert_eq!(
        snaps[1][1], snaps[0][0],
        "the second snapshot's parent is the first"
    );
    assert_eq!(read["rows"], 10_001_000);
    let first_id = snaps[0][0].as_i64().unwrap();
    let old = iceberg_read(&wh, "db.events", &["--snapshot", &first_id.to_string()]);
    assert_eq!(old["rows"], 10_000_000);
    assert_eq!(
        rows_at(&ctx, "ice0", &format!("{wh}/db/events"), first_id).await,
        10_000_000
    );
    assert_eq!(
        first(&run(&ctx, "SELECT count(*) FROM ice").await),
        10_001_000
    );
    let e = error(&ctx, "INSERT INTO ice0 SELECT * FROM events").await;
    assert!(
        e.contains("is opened at a past snapshot (time travel) and is read-only"),
        "{e}"
    );
}

/// The newest metadata file of the table in `dir`.
fn metadata_file(dir: &Path) -> String {
    let mut files: Vec<String> = std::fs::read_dir(dir.join("metadata"))
        .unwrap()
        .map(|e| e.unwrap().path().to_str().unwrap().to_string())
        .filter(|p| p.ends_with(".metadata.json"))
        .collect();
    files.sort();
    files.pop().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bucket_and_truncate_partitions_agree_with_pyiceberg_in_a_memory_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().to_str().unwrap().to_string();
    let ctx = ctx();
    run(&ctx, &events(20_000)).await;
    run(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE m {COLUMNS} STORED AS ICEBERG LOCATION '{wh}/mem/t' \
             OPTIONS ('catalog' 'memory', 'partitioning' 'bucket(8, id), truncate(3, email), month(ts)', \
             'write.parquet.compression-codec' 'snappy')"
        ),
    )
    .await;
    run(&ctx, "INSERT INTO m SELECT * FROM events").await;
    // The memory catalog keeps the table for the process: a second declaration opens it.
    run(
        &ctx,
        &format!("CREATE EXTERNAL TABLE m2 STORED AS ICEBERG LOCATION '{wh}/mem/t' OPTIONS ('catalog' 'memory')"),
    )
    .await;
    assert_eq!(first(&run(&ctx, "SELECT count(*) FROM m2").await), 20_000);
    let e = error(&ctx, "INSERT OVERWRITE m SELECT * FROM events").await;
    assert!(e.contains(&format!("Iceberg table '{wh}/mem/t': INSERT OVERWRITE needs a SQL catalog ('catalog' 'sql'); in the memory catalog (the iceberg crate 0.10 commits appends only) allowed: INSERT INTO")), "{e}");
    // No catalog file is written for a memory catalog; PyIceberg opens the metadata file.
    assert!(!dir.path().join("iceberg_catalog.db").exists());
    let meta = metadata_file(&dir.path().join("mem/t"));
    let read = iceberg_read(&wh, "-", &["--metadata", &meta, "--check-partitions"]);
    assert_eq!(read["rows"], 20_000);
    assert_eq!(read["partition_checks"], 60_000);
    assert_eq!(read["partition_mismatches"], 0);
    assert_eq!(
        read["spec"],
        json!([
            ["id_bucket", "id", "bucket[8]"],
            ["email_trunc", "email", "truncate[3]"],
            ["ts_month", "ts", "month"]
        ])
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insert_overwrite_replaces_the_rows_in_one_snapshot_and_time_travel_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().to_str().unwrap().to_string();
    let ctx = ctx();
    run(&ctx, &events(30_000)).await;
    run(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE o {COLUMNS} STORED AS ICEBERG LOCATION '{wh}/db/o' \
             PARTITIONED BY (tenant_id)"
        ),
    )
    .await;
    run(&ctx, "INSERT INTO o SELECT * FROM events").await;
    run(&ctx, "INSERT INTO o SELECT * FROM events WHERE id <= 1000").await;
    let before = iceberg_read(&wh, "db.o", &[]);
    assert_eq!(before["rows"], 31_000);
    let kept = before["current"].as_i64().unwrap();

    // Only tenant 1's rows remain, in one overwrite snapshot (whatever partitions they touch).
    let ones = first(&run(&ctx, "SELECT count(*) FROM events WHERE tenant_id = 1").await);
    let written = first(
        &run(
            &ctx,
            "INSERT OVERWRITE o SELECT * FROM events WHERE tenant_id = 1",
        )
        .await,
    );
    assert_eq!(written, ones);
    assert_eq!(first(&run(&ctx, "SELECT count(*) FROM o").await), ones);
    let ours = run(&ctx, "SELECT sum(amount) FROM o").await;
    let ours_sum = ours[0].column(0).as_primitive::<Float64Type>().value(0);
    let read = iceberg_read(&wh, "db.o", &["--sum", "amount"]);
    let ops: Vec<&str> = read["snapshots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[2].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["append", "append", "overwrite"]);
    let last = &read["snapshots"][2];
    assert_eq!(
        last[1],
        json!(kept),
        "the overwrite's parent is the replaced snapshot"
    );
    assert_eq!(last[3], json!(ones.to_string()), "added-records");
    assert_eq!(
        read["deleted_records"][2],
        json!("31000"),
        "deleted-records"
    );
    assert_eq!(read["rows"], json!(ones));
    assert_eq!(read["static_rows"], json!(ones));
    assert_eq!(read["partitions"], json!({ "tenant_id=1": ones }));
    let theirs = read["sums"]["amount"].as_f64().unwrap();
    assert!(
        (theirs - ours_sum).abs() <= 1e-9 * ours_sum.abs(),
        "{theirs} vs {ours_sum}"
    );

    // The replaced snapshot is still readable, by PyIceberg and by us.
    let old = iceberg_read(&wh, "db.o", &["--snapshot", &kept.to_string()]);
    assert_eq!(old["rows"], 31_000);
    assert_eq!(
        rows_at(&ctx, "o_before", &format!("{wh}/db/o"), kept).await,
        31_000
    );

    // Appends go on from the overwrite; an empty overwrite empties the table.
    run(
        &ctx,
        "INSERT INTO o SELECT * FROM events WHERE tenant_id = 2",
    )
    .await;
    let twos = first(&run(&ctx, "SELECT count(*) FROM events WHERE tenant_id = 2").await);
    assert_eq!(
        first(&run(&ctx, "SELECT count(*) FROM o").await),
        ones + twos
    );
    assert_eq!(iceberg_read(&wh, "db.o", &[])["rows"], json!(ones + twos));
    run(&ctx, "INSERT OVERWRITE o SELECT * FROM events WHERE id < 0").await;
    assert_eq!(first(&run(&ctx, "SELECT count(*) FROM o").await), 0);
    let read = iceberg_read(&wh, "db.o", &[]);
    assert_eq!(read["rows"], 0);
    assert_eq!(read["files"], 0);
    assert_eq!(read["snapshots"].as_array().unwrap().len(), 5);
}

/// Nested types: a change feed's Debezium envelopes (`before`, `after`, `source`,
/// `transaction` structs) become Iceberg structs with their own field ids.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_feed_with_nested_envelopes_reaches_pyiceberg() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().to_str().unwrap().to_string();
    let ctx = ctx();
    run(
        &ctx,
        "CREATE SYNTHETIC TABLE c (
           id    BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           tier  VARCHAR GENERATED ALWAYS AS (weighted(['bronze', 'gold'], [3, 1])) NOT NULL,
           score DOUBLE  GENERATED ALWAYS AS (uniform(0.0, 1.0))
         ) WITH (rows = 5000, seed = 1, history_start = '2026-01-01',
                 history_end = '2026-02-01', deletes = 0.1)",
    )
    .await;
    let row = "STRUCT<id BIGINT, tier VARCHAR, score DOUBLE>";
    run(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE feed (before {row}, after {row}, \
               source STRUCT<version VARCHAR, connector VARCHAR, name VARCHAR, ts_ms BIGINT, \
                 ts_us BIGINT, snapshot VARCHAR, db VARCHAR, schema VARCHAR, \"table\" VARCHAR, \
                 \"txId\" BIGINT, lsn BIGINT, key_seq BIGINT> NOT NULL, \
               op VARCHAR NOT NULL, ts_ms BIGINT NOT NULL, ts_us BIGINT NOT NULL, \
               transaction STRUCT<id VARCHAR, total_order BIGINT, data_collection_order BIGINT> NOT NULL) \
             STORED AS ICEBERG LOCATION '{wh}/cdc/feed' OPTIONS ('partitioning' 'op')"
        ),
    )
    .await;
    run(&ctx, "INSERT INTO feed SELECT * FROM changes('c')").await;
    let ours = run(
        &ctx,
        "SELECT op, count(*), sum(source.lsn), sum(before.id), sum(after.id) \
         FROM changes('c') GROUP BY op ORDER BY op",
    )
    .await;
    let b = &ours[0];
    let (mut rows, mut lsn, mut before, mut after) = (0, 0, 0, 0);
    let mut parts = serde_json::Map::new();
    for i in 0..b.num_rows() {
        let op = b.column(0).as_string_view_opt().map_or_else(
            || b.column(0).as_string::<i32>().value(i).to_string(),
            |a| a.value(i).to_string(),
        );
        let n = b.column(1).as_primitive::<Int64Type>().value(i);
        parts.insert(format!("op={op}"), json!(n));
        rows += n;
        let sum = |c: usize| b.column(c).as_primitive::<Int64Type>().value(i);
        lsn += sum(2);
        before += sum(3);
        after += sum(4);
    }
    assert!(
        parts.contains_key("op=d") && parts.contains_key("op=u"),
        "{parts:?}"
    );
    assert_eq!(first(&run(&ctx, "SELECT count(*) FROM feed").await), rows);
    let read = iceberg_read(
        &wh,
        "cdc.feed",
        &[
            "--sum",
            "source.lsn",
            "--sum",
            "before.id",
            "--sum",
            "after.id",
        ],
    );
    assert_eq!(read["rows"], json!(rows));
    assert_eq!(read["partitions"], Value::Object(parts));
    assert_eq!(read["sums"]["source.lsn"], json!(lsn));
    assert_eq!(read["sums"]["before.id"], json!(before));
    assert_eq!(read["sums"]["after.id"], json!(after));
    let schema = read["schema"].as_array().unwrap();
    assert_eq!(schema[0][1], "before");
    let before_type = schema[0][2].as_str().unwrap();
    assert!(
        before_type.starts_with("struct<")
            && before_type.contains("id: optional long")
            && before_type.contains("tier: optional string")
            && before_type.contains("score: optional double"),
        "{before_type}"
    );
    assert!(
        schema[6][2]
            .as_str()
            .unwrap()
            .contains("total_order: optional long"),
        "{schema:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_names_the_problem_and_commits_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().to_str().unwrap().to_string();
    let ctx = ctx();
    run(&ctx, &events(100)).await;
    let table = |opts: &str| {
        format!(
            "CREATE EXTERNAL TABLE e {COLUMNS} STORED AS ICEBERG LOCATION '{wh}/db/e' OPTIONS ({opts})"
        )
    };
    let cases = [
        (
            table("'catalog' 'glue'"),
            "Iceberg: invalid value for 'catalog': 'glue'; allowed: 'sql' (a SQLite file, the default), 'memory'",
        ),
        (
            table("'partitioning' 'week(ts)'"),
            "Iceberg: unknown partition transform 'week(ts)'; allowed: identity(col) or col, year(col), month(col), day(col), hour(col), bucket(N, col), truncate(W, col)",
        ),
        (
            table("'partitioning' 'bucket(0, id)'"),
            "Iceberg: partition transform 'bucket(0, id)': bucket count 0; allowed: at least 1",
        ),
        (
            table("'partitioning' 'day(nope)'"),
            "Iceberg: 'partitioning' field 'day(nope)' names column 'nope', which the table does not have; its columns: id, tenant_id, ts, email, ip, amount",
        ),
        (
            table("'colour' 'red'"),
            "Iceberg: unknown option 'colour'; allowed: 'catalog', 'catalog.uri', 'catalog.name', 'partitioning', 'snapshot_id', 'as_of', 'write.parquet.compression-codec', 'write.parquet.compression-level', 'write.target-file-size-bytes'",
        ),
        (
            table("'write.parquet.compression-codec' 'brotli'"),
            "Iceberg: property 'write.parquet.compression-codec' is 'brotli'; allowed: zstd, snappy, gzip, lz4, uncompressed",
        ),
        (
            table("'snapshot_id' 'x'"),
            "Iceberg: invalid value for 'snapshot_id': 'x'; allowed: a snapshot id (a 64-bit integer, see the table's snapshots)",
        ),
        (
            format!("CREATE EXTERNAL TABLE e STORED AS ICEBERG LOCATION '{wh}/db/none'"),
            "there is no table 'db.none' in the catalog for LOCATION",
        ),
        (
            "CREATE EXTERNAL TABLE e STORED AS ICEBERG LOCATION '/db/t'".to_string(),
            "must name a warehouse directory above the namespace",
        ),
        (
            "CREATE EXTERNAL TABLE e STORED AS ICEBERG LOCATION 'file:///t'".to_string(),
            "must name a warehouse, a namespace and a table",
        ),
    ];
    for (sql, want) in &cases {
        let e = error(&ctx, sql).await;
        assert!(e.contains(want), "{sql}\n  got:  {e}\n  want: {want}");
    }
    // A directory of other files is not an Iceberg table.
    std::fs::create_dir_all(dir.path().join("db/other")).unwrap();
    std::fs::write(dir.path().join("db/other/part-0.parquet"), b"x").unwrap();
    let e = error(
        &ctx,
        &format!("CREATE EXTERNAL TABLE o {COLUMNS} STORED AS ICEBERG LOCATION '{wh}/db/other'"),
    )
    .await;
    assert!(
        e.contains("already holds files (e.g. '")
            && e.contains("it is not an Iceberg table of this catalog"),
        "{e}"
    );
    // A real table, then inserts that must fail and commit nothing.
    run(&ctx, &table("'partitioning' 'tenant_id'")).await;
    run(&ctx, "INSERT INTO e SELECT * FROM events").await;
    let e = error(&ctx, "INSERT INTO e SELECT id, tenant_id, ts, email, ip, amount FROM events UNION ALL SELECT 1, 1, NULL, 'x', NULL, NULL").await;
    assert!(
        e.contains("column 'ts' is required (NOT NULL), but the insert gives it NULL values")
            || e.contains("non-nullable"),
        "{e}"
    );
    let e = error(&ctx, "REPLACE INTO e SELECT * FROM events").await;
    assert!(e.contains(&format!("Iceberg table '{wh}/db/e': REPLACE INTO is not supported (Iceberg tables have no primary key); allowed: INSERT INTO, INSERT OVERWRITE")), "{e}");
    let e = error(
        &ctx,
        "INSERT OVERWRITE e SELECT id, tenant_id, NULL, email, ip, amount FROM events",
    )
    .await;
    assert!(
        e.contains("column 'ts' is required (NOT NULL), but the insert gives it NULL values")
            || e.contains("non-nullable"),
        "{e}"
    );
    let e = error(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE e2 (id BIGINT NOT NULL) STORED AS ICEBERG LOCATION '{wh}/db/e'"
        ),
    )
    .await;
    assert!(
        e.contains(
            "are not the table's (id long NOT NULL, tenant_id int NOT NULL, ts timestamp NOT NULL"
        ),
        "{e}"
    );
    let e = error(&ctx, &format!("CREATE EXTERNAL TABLE e2 STORED AS ICEBERG LOCATION '{wh}/db/e' OPTIONS ('partitioning' 'day(ts)')")).await;
    assert!(
        e.contains("is not the table's (tenant_id: identity)"),
        "{e}"
    );
    let e = error(&ctx, &format!("CREATE EXTERNAL TABLE e2 STORED AS ICEBERG LOCATION '{wh}/db/e' OPTIONS ('snapshot_id' '42')")).await;
    assert!(
        e.contains(&format!(
            "Iceberg table '{wh}/db/e' has no snapshot 42; its snapshots: "
        )),
        "{e}"
    );
    let e = error(&ctx, &format!("CREATE EXTERNAL TABLE e2 STORED AS ICEBERG LOCATION '{wh}/db/e' OPTIONS ('as_of' '2001-01-01T00:00:00Z')")).await;
    assert!(e.contains("has no snapshot at or before 2001-01-01T00:00:00.000Z; its first snapshot was committed at 20"), "{e}");
    let read = iceberg_read(&wh, "db.e", &[]);
    assert_eq!(
        read["snapshots"].as_array().unwrap().len(),
        1,
        "the failed inserts committed nothing"
    );
    assert_eq!(read["rows"], 100);
    // The failed insert's files were removed: every data file is the snapshot's.
    let mut on_disk = 0;
    for part in std::fs::read_dir(dir.path().join("db/e/data")).unwrap() {
        on_disk += std::fs::read_dir(part.unwrap().path()).unwrap().count();
    }
    assert_eq!(json!(on_disk), read["files"]);
}

fn parquet_files(dir: &Path) -> usize {
    if !dir.exists() {
        return 0;
    }
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                parquet_files(&e.path())
            } else {
                usize::from(e.file_name().to_string_lossy().ends_with(".parquet"))
            }
        })
        .sum()
}

#[cfg(feature = "cli")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_process_killed_mid_insert_leaves_the_current_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().to_str().unwrap().to_string();
    let ctx = ctx();
    run(&ctx, &events(1000)).await;
    let create = format!(
        "CREATE EXTERNAL TABLE k {COLUMNS} STORED AS ICEBERG LOCATION '{wh}/db/k' \
         OPTIONS ('write.target-file-size-bytes' '1048576')"
    );
    run(&ctx, &create).await;
    run(&ctx, "INSERT INTO k SELECT * FROM events").await;
    let before = iceberg_read(&wh, "db.k", &[]);
    let committed = parquet_files(&dir.path().join("db/k/data"));
    // A billion-row insert whose files roll every MiB: killed (SIGKILL) once some are written.
    let sql = format!(
        "{}; {create}; INSERT INTO k SELECT * FROM events",
        events(1_000_000_000)
    );
    let mut child = dfsynth(&sql).spawn().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while parquet_files(&dir.path().join("db/k/data")) < committed + 3 {
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
    child.kill().unwrap();
    child.wait().unwrap();
    let after = iceberg_read(&wh, "db.k", &[]);
    assert_eq!(after["current"], before["current"]);
    assert_eq!(after["snapshots"], before["snapshots"]);
    assert_eq!(after["rows"], 1000);
    assert_eq!(after["files"], before["files"], "no orphan is referenced");
    // The next insert commits on top of the old snapshot.
    run(&ctx, "INSERT INTO k SELECT * FROM events").await;
    assert_eq!(iceberg_read(&wh, "db.k", &[])["rows"], 2000);
}

#[cfg(feature = "s3")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_on_s3_with_a_local_catalog_reach_pyiceberg() {
    let moto = common::moto::Moto::start(&[]);
    moto.create_bucket("lake");
    let options = moto.options();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("catalog.db");
    let ctx = ctx();
    run(&ctx, &events(30_000)).await;
    let create = format!(
        "CREATE EXTERNAL TABLE s {COLUMNS} STORED AS ICEBERG LOCATION 's3://lake/wh/db/events' \
         OPTIONS ('catalog.uri' 'sqlite://{}?mode=rwc', 'partitioning' 'tenant_id', {options})",
        db.display()
    );
    run(&ctx, &create).await;
    run(&ctx, "INSERT INTO s SELECT * FROM events").await;
    run(&ctx, "INSERT INTO s SELECT * FROM events WHERE id <= 100").await;
    assert_eq!(first(&run(&ctx, "SELECT count(*) FROM s").await), 30_100);
    // Without a catalog file the warehouse on S3 has no default catalog.
    let e = error(
        &ctx,
        &format!("CREATE EXTERNAL TABLE x {COLUMNS} STORED AS ICEBERG LOCATION 's3://lake/wh/db/x' OPTIONS ({options})"),
    )
    .await;
    assert!(e.contains("the warehouse 's3://lake/wh' is not a local directory, so there is no default SQL catalog file"), "{e}");
    let uri = format!("sqlite:///{}", db.display());
    let read = iceberg_read(
        "s3://lake/wh",
        "db.events",
        &[
            "--uri",
            &uri,
            "--s3-endpoint",
            &moto.endpoint(),
            "--sum",
            "id",
        ],
    );
    assert_eq!(read["rows"], 30_100);
    assert_eq!(read["static_rows"], 30_100);
    assert_eq!(read["snapshots"].as_array().unwrap().len(), 2);
    assert_eq!(read["sums"]["id"], json!(450_015_000i64 + 5_050));
    assert_eq!(
        read["spec"],
        json!([["tenant_id", "tenant_id", "identity"]])
    );
    // An overwrite on S3: the pointer swap is in the local catalog, the files on S3.
    run(
        &ctx,
        "INSERT OVERWRITE s SELECT * FROM events WHERE id <= 10",
    )
    .await;
    assert_eq!(first(&run(&ctx, "SELECT count(*) FROM s").await), 10);
    let read = iceberg_read(
        "s3://lake/wh",
        "db.events",
        &[
            "--uri",
            &uri,
            "--s3-endpoint",
            &moto.endpoint(),
            "--sum",
            "id",
        ],
    );
    assert_eq!(read["rows"], 10);
    assert_eq!(read["sums"]["id"], json!(55));
    assert_eq!(read["snapshots"][2][2], "overwrite");
}

#[cfg(feature = "cli")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_inserting_at_once_both_commit() {
    let dir = tempfile::tempdir().unwrap();
    let wh = dir.path().to_str().unwrap().to_string();
    let ctx = ctx();
    run(&ctx, &events(1000)).await;
    let create = format!(
        "CREATE EXTERNAL TABLE c {COLUMNS} STORED AS ICEBERG LOCATION '{wh}/db/c' \
         OPTIONS ('partitioning' 'tenant_id')"
    );
    run(&ctx, &create).await;
    run(&ctx, "INSERT INTO c SELECT * FROM events").await;
    let sql = format!(
        "{}; {create}; INSERT INTO c SELECT * FROM events",
        events(200_000)
    );
    let a = dfsynth(&sql).spawn().unwrap();
    let b = dfsynth(&sql).spawn().unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    for out in [&a, &b] {
        assert!(
            out.status.success(),
            "a concurrent append failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The loser of the race redid its append on the winner's snapshot: a linear history.
    let read = iceberg_read(&wh, "db.c", &[]);
    assert_eq!(read["rows"], 401_000);
    let snaps = read["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 3);
    assert_eq!(snaps[1][1], snaps[0][0]);
    assert_eq!(snaps[2][1], snaps[1][0]);
    assert_eq!(read["current"], snaps[2][0]);
}
