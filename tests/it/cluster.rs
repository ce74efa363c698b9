//! Synthetic tables on a real Ballista cluster: a `dfsynth scheduler` and two
//! `dfsynth executor` processes on loopback (tests/cluster_support). The same statements run
//! on the cluster and locally give the same rows; a `COPY` survives an executor killed in the
//! middle of it; bad cluster addresses fail fast with a clear error.
#![cfg(feature = "cluster")]

use crate::cluster_support;
use crate::common;

use std::time::{Duration, Instant};

use datafusion::prelude::SessionContext;
use datafusion_synth::execute_sql;

use cluster_support::{Cluster, free_port};
use common::hash;

const TABLES: &[&str] = &[
    "CREATE SYNTHETIC TABLE customers (id BIGINT GENERATED ALWAYS AS (sequence(1, 1)), name VARCHAR GENERATED ALWAYS AS (full_name('de_DE')), weight DOUBLE GENERATED ALWAYS AS (uniform(1.0, 5.0))) WITH (rows = 20000, seed = 7)",
    "CREATE SYNTHETIC TABLE orders (id BIGINT GENERATED ALWAYS AS (sequence(1, 1)), customer BIGINT GENERATED ALWAYS AS (foreign_key('customers', 'id', 'weighted', 'weight')), amount DOUBLE GENERATED ALWAYS AS (round(exponential(0.02), 2)), at BYTEA GENERATED ALWAYS AS (spider_geometry('gaussian', 'seed=4'))) WITH (rows = 200000, seed = 11)",
    "CREATE SYNTHETIC TABLE accounts (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL, plan VARCHAR GENERATED ALWAYS AS (weighted(['free', 'pro', 'team'], [6, 3, 1])) NOT NULL, seats BIGINT GENERATED ALWAYS AS (uniform(1, 50)) NOT NULL) WITH (rows = 200000, seed = 5, history_start = '2026-01-01', history_end = '2027-01-01', initial = 0.3, updates = 'poisson(2)', deletes = 0.1, transaction_ms = 60000)",
    "CREATE EXTERNAL TABLE sp STORED AS SPIDER LOCATION 'spider://sp' OPTIONS ('distribution' 'diagonal', 'cardinality' '300000', 'percentage' '0.3', 'format' 'xy')",
];

/// Queries with a deterministic order of their results.
const QUERIES: &[&str] = &[
    // Sums of floats depend on the order partial sums are added in: sum exact integers.
    "SELECT count(*), sum(CAST(x * 1e9 AS BIGINT)), min(y), max(y) FROM spider('uniform', 500000, 3, 'format=xy')",
    "SELECT count(*), sum(CAST(x * 1e9 AS BIGINT)), sum(id) FROM sp WHERE x < 0.5",
    "SELECT customer % 10 AS k, count(*), sum(CAST(amount * 100 AS BIGINT)) FROM orders GROUP BY k ORDER BY k",
    "SELECT c.name, count(*) AS n, sum(CAST(o.amount * 100 AS BIGINT)) AS total FROM orders o JOIN customers c ON o.customer = c.id GROUP BY c.name ORDER BY n DESC, c.name LIMIT 20",
    "SELECT id, customer, amount FROM orders ORDER BY id LIMIT 5 OFFSET 1000",
    "SELECT l_returnflag, count(*), CAST(sum(l_quantity) AS VARCHAR) FROM tpch('lineitem', 0.01) GROUP BY 1 ORDER BY 1",
    "SELECT ss_store_sk, count(*), CAST(sum(ss_net_paid) AS VARCHAR) FROM tpcds('store_sales', 0.01) GROUP BY 1 ORDER BY 1",
    // The views of a table that changes over time (its feed has several parts).
    "SELECT __op, plan, count(*), sum(seats), max(__lsn) FROM changes('accounts', 'flat', 'max_delay_ms=60000 duplicates=0.01') GROUP BY 1, 2 ORDER BY 1, 2",
    "SELECT op, count(*), sum(after.seats), max(source['txId']) FROM changes('accounts') GROUP BY op ORDER BY op",
    "SELECT plan, count(*), sum(seats), sum(version) FROM history('accounts') WHERE id BETWEEN 1000 AND 90000 GROUP BY plan ORDER BY plan",
    "SELECT * FROM as_of('accounts', TIMESTAMP '2026-06-30') ORDER BY id LIMIT 5 OFFSET 50000",
];

async fn setup(ctx: &SessionContext) {
    for sql in TABLES {
        execute_sql(ctx, sql).await.unwrap();
    }
}

async fn rows(ctx: &SessionContext, sql: &str) -> String {
    let batches = execute_sql(ctx, sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    hash(&batches)
}

/// Runs a COPY, returning the number of rows it reports.
async fn copy(ctx: &SessionContext, sql: &str) -> u64 {
    use datafusion::arrow::array::AsArray;
    use datafusion::arrow::datatypes::UInt64Type;
    let batches = execute_sql(ctx, sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    batches[0].column(0).as_primitive::<UInt64Type>().value(0)
}

/// The `geo` key-value metadata of a Parquet file.
fn geo_metadata(path: &std::path::Path) -> String {
    use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|k| k.key == "geo"))
        .and_then(|k| k.value.clone())
        .unwrap_or_else(|| panic!("{}: no geo metadata", path.display()))
}

#[tokio::test(flavor = "multi_thread")]
async fn cluster_queries_and_copies_equal_local_ones() {
    let cluster = Cluster::start(2, 30);
    let remote = cluster.client(4).await;
    let local = common::ctx(4, 8192);
    setup(&remote).await;
    setup(&local).await;
    for sql in QUERIES {
        assert_eq!(rows(&remote, sql).await, rows(&local, sql).await, "{sql}");
    }
    // COPY to a directory (plain Parquet: a declared table, Spider, TPC-DS) and to a GeoParquet
    // file.
    let out = cluster.dir.path();
    for (i, (query, order)) in [
        ("SELECT * FROM orders", "id"),
        ("SELECT * FROM spider('parcel', 100000, 5)", "id"),
        (
            "SELECT * FROM tpcds('store_sales', 0.01)",
            "ss_ticket_number, ss_item_sk",
        ),
        ("SELECT * FROM changes('accounts', 'flat')", "__lsn"),
    ]
    .iter()
    .enumerate()
    {
        let remote_dir = out.join(format!("remote-{i}/"));
        let local_dir = out.join(format!("local-{i}/"));
        for (ctx, dir) in [(&remote, &remote_dir), (&local, &local_dir)] {
            let sql = format!("COPY ({query}) TO '{}' STORED AS PARQUET", dir.display());
            assert!(copy(ctx, &sql).await > 0, "{sql}");
        }
        let reader = common::ctx(2, 8192).enable_url_table();
        let read =
            |dir: &std::path::Path| format!("SELECT * FROM '{}' ORDER BY {order}", dir.display());
        assert_eq!(
            rows(&reader, &read(&remote_dir)).await,
            rows(&reader, &read(&local_dir)).await,
            "{query}"
        );
    }
    // A single GeoParquet file: the same rows and the same `geo` metadata (bbox included).
    let (rf, lf) = (out.join("remote.parquet"), out.join("local.parquet"));
    for (ctx, f) in [(&remote, &rf), (&local, &lf)] {
        let sql = format!(
            "COPY (SELECT * FROM spider('diagonal', 200000, 9, 'geometry=box')) TO '{}'",
            f.display()
        );
        assert_eq!(copy(ctx, &sql).await, 200000, "{sql}");
    }
    assert_eq!(geo_metadata(&rf), geo_metadata(&lf));
    let reader = common::ctx(2, 8192).enable_url_table();
    assert_eq!(
        rows(&reader, &format!("SELECT * FROM '{}'", rf.display())).await,
        rows(&reader, &format!("SELECT * FROM '{}'", lf.display())).await
    );
    #[cfg(feature = "delta")]
    delta_on_the_cluster(&remote, &local, out).await;
    #[cfg(feature = "iceberg")]
    iceberg_on_the_cluster(&remote, &local, out).await;
    // A picture is drawn by one process: refused on the cluster, nothing written.
    let png = out.join("orders.png");
    let sql = format!(
        "COPY (SELECT id, amount FROM orders) TO '{}'",
        png.display()
    );
    let err = common::error(&remote, &sql).await;
    assert!(
        err.contains("COPY … TO a PNG image cannot run on the cluster"),
        "{err}"
    );
    assert!(!png.exists());
}

/// Iceberg inserts commit one snapshot from one process: on the cluster, an Iceberg table in a
/// plan (an `INSERT INTO`, a scan) is refused with a clear error, and nothing is committed.
#[cfg(feature = "iceberg")]
async fn iceberg_on_the_cluster(
    remote: &SessionContext,
    local: &SessionContext,
    out: &std::path::Path,
) {
    let create = format!(
        "CREATE EXTERNAL TABLE ice (id BIGINT NOT NULL, amount DOUBLE) STORED AS ICEBERG \
         LOCATION '{}/iceberg/db/orders'",
        out.display()
    );
    execute_sql(local, &create).await.unwrap();
    execute_sql(remote, &create).await.unwrap();
    for sql in [
        "INSERT INTO ice SELECT id, CAST(amount AS DOUBLE) FROM orders",
        "SELECT count(*) FROM ice",
    ] {
        let err = common::error(remote, sql).await;
        assert!(
            err.contains("cannot be read or written on the cluster: an Iceberg insert commits"),
            "{sql}: {err}"
        );
    }
    // Nothing was committed: the table has no snapshot and no rows.
    let count = execute_sql(local, "SELECT count(*) FROM ice")
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    assert_eq!(
        datafusion::arrow::util::pretty::pretty_format_batches(&count)
            .unwrap()
            .to_string()
            .lines()
            .nth(3),
        Some("| 0        |")
    );
}

/// Delta writes commit once, from one process: on the cluster, a Delta table in a plan (an
/// `INSERT INTO`, a `COPY … STORED AS DELTA`, a scan) is refused with a clear error, and
/// nothing is written.
#[cfg(feature = "delta")]
async fn delta_on_the_cluster(
    remote: &SessionContext,
    local: &SessionContext,
    out: &std::path::Path,
) {
    let table = out.join("delta-orders");
    let copy_sql = format!(
        "COPY (SELECT id, customer, amount FROM orders) TO '{}' STORED AS DELTA",
        table.display()
    );
    assert_eq!(copy(local, &copy_sql).await, 200000);
    let read = format!(
        "CREATE EXTERNAL TABLE d STORED AS DELTA LOCATION '{}'",
        table.display()
    );
    execute_sql(remote, &read).await.unwrap();
    let other = out.join("delta-other");
    for sql in [
        "INSERT INTO d SELECT id, customer, amount FROM orders".to_string(),
        "SELECT count(*) FROM d".to_string(),
        format!(
            "COPY (SELECT id FROM orders) TO '{}' STORED AS DELTA",
            other.display()
        ),
    ] {
        let err = common::error(remote, &sql).await;
        assert!(
            err.contains(
                "cannot be read or written on the cluster: a Delta write commits its files once"
            ),
            "{sql}: {err}"
        );
    }
    assert!(!other.join("_delta_log").exists());
    execute_sql(local, &read).await.unwrap();
    assert_eq!(
        rows(local, "SELECT count(*) FROM d").await,
        rows(local, "SELECT count(*) FROM orders").await
    );
}

/// Ballista reschedules the tasks of an executor that dies: a COPY during which one of the
/// two executors is killed (SIGKILL) completes, and its files hold the local run's rows.
#[tokio::test(flavor = "multi_thread")]
async fn copy_survives_a_killed_executor() {
    let mut cluster = Cluster::start(2, 5);
    let remote = cluster.client(8).await;
    let query = "SELECT * FROM spider('uniform', 3000000, 3)";
    let remote_dir = cluster.dir.path().join("remote/");
    let sql = format!(
        "COPY ({query}) TO '{}' STORED AS PARQUET",
        remote_dir.display()
    );
    let job = tokio::spawn(async move { copy(&remote, &sql).await });
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        !job.is_finished(),
        "the COPY ended before the executor was killed; make it larger"
    );
    cluster.kill_executor(0);
    let started = Instant::now();
    let n = tokio::time::timeout(Duration::from_secs(300), job)
        .await
        .expect("the COPY did not finish within 300 s of the kill")
        .expect("the COPY failed after the kill");
    assert_eq!(n, 3_000_000);
    eprintln!("COPY finished {:?} after the kill", started.elapsed());
    let local = common::ctx(8, 8192);
    let local_dir = cluster.dir.path().join("local/");
    copy(
        &local,
        &format!(
            "COPY ({query}) TO '{}' STORED AS PARQUET",
            local_dir.display()
        ),
    )
    .await;
    let reader = common::ctx(2, 8192).enable_url_table();
    for dir in [&remote_dir, &local_dir] {
        let n = common::int(
            &reader,
            &format!("SELECT count(*) FROM '{}'", dir.display()),
        )
        .await;
        assert_eq!(n, 3_000_000, "{}", dir.display());
    }
    let read = |dir: &std::path::Path| format!("SELECT * FROM '{}' ORDER BY id", dir.display());
    assert_eq!(
        rows(&reader, &read(&remote_dir)).await,
        rows(&reader, &read(&local_dir)).await
    );
}

#[tokio::test]
async fn bad_cluster_urls_are_clear_errors() {
    let config = || datafusion::prelude::SessionConfig::new();
    let err = datafusion_synth::cluster::cluster_context("http://localhost:50050", config())
        .await
        .err()
        .expect("a bad URL is an error")
        .to_string();
    assert!(
        err.contains(
            "cluster: 'http://localhost:50050' has scheme 'http'; a scheduler URL is df://host:port"
        ),
        "{err}"
    );
    let err = datafusion_synth::cluster::cluster_context("localhost:50050", config())
        .await
        .err()
        .expect("a bad URL is an error")
        .to_string();
    assert!(err.contains("a scheduler URL is df://host:port"), "{err}");
    // Nothing listens: the first statement fails, within a bounded time.
    let url = format!("df://127.0.0.1:{}", free_port());
    let ctx = datafusion_synth::cluster::cluster_context(&url, config())
        .await
        .unwrap();
    let started = Instant::now();
    let result = tokio::time::timeout(
        Duration::from_secs(60),
        execute_sql(&ctx, "SELECT count(*) FROM spider('uniform', 10)"),
    )
    .await
    .expect("an unreachable scheduler must fail within 60 s");
    let err = match result {
        Ok(df) => df.collect().await.unwrap_err(),
        Err(e) => e,
    };
    let text = err.to_string();
    assert!(started.elapsed() < Duration::from_secs(60));
    assert!(
        text.to_lowercase().contains("connect") || text.contains("transport"),
        "{text}"
    );
}

/// `dfsynth --cluster` runs a script on the cluster; `dfsynth --cluster` with a bad URL
/// exits with status 1 and names the URL.
#[test]
fn the_command_line_runs_on_the_cluster() {
    let cluster = Cluster::start(1, 30);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dfsynth"))
        .args(["--cluster", &cluster.url(), "--format", "csv", "-c"])
        .arg("SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM spider('bit', 100000, 2, 'format=xy')")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "n,lo,hi\n100000,1,100000\n"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dfsynth"))
        .args(["--cluster", "grpc://x:1", "-c", "SELECT 1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("'grpc://x:1' has scheme 'grpc'"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// With its only executor gone and none to replace it, a job fails with an error within a
/// bounded time (the scheduler's executor timeout and grace period, 5 s here).
#[tokio::test(flavor = "multi_thread")]
async fn losing_the_only_executor_fails_the_job_in_bounded_time() {
    let mut cluster = Cluster::start(1, 5);
    let remote = cluster.client(4).await;
    let sql = format!(
        "COPY (SELECT * FROM spider('uniform', 3000000, 3)) TO '{}' STORED AS PARQUET",
        cluster.dir.path().join("lost/").display()
    );
    let job = tokio::spawn(async move {
        match execute_sql(&remote, &sql).await {
            Ok(df) => df.collect().await.map(|_| ()),
            Err(e) => Err(e),
        }
    });
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        !job.is_finished(),
        "the COPY ended before the executor was killed"
    );
    cluster.kill_executor(0);
    let started = Instant::now();
    let result = tokio::time::timeout(Duration::from_secs(120), job)
        .await
        .expect("a job with no executor left must fail within 120 s")
        .unwrap();
    let err = result
        .expect_err("a job with no executor left cannot succeed")
        .to_string();
    eprintln!("failed {:?} after the kill: {err}", started.elapsed());
    assert!(err.contains("all executors were lost"), "{err}");
}

/// `dfsynth scheduler` logs Ballista's messages to stderr at `info` by default, and
/// `RUST_LOG` filters them.
#[test]
fn cluster_processes_log_to_stderr() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    use std::sync::mpsc;

    // The stderr lines of a scheduler under `rust_log` until `until` is seen or `secs` pass.
    let lines = |rust_log: Option<&str>, until: &str, secs: u64| -> Vec<String> {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dfsynth"));
        cmd.args(["scheduler", "--bind-port", &free_port().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .env_remove("RUST_LOG");
        if let Some(v) = rust_log {
            cmd.env("RUST_LOG", v);
        }
        let mut child = cmd.spawn().expect("cannot start dfsynth scheduler");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut seen = vec![];
        let deadline = Instant::now() + Duration::from_secs(secs);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(line) => {
                    let done = line.contains(until);
                    seen.push(line);
                    if done {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
        child.kill().ok();
        child.wait().ok();
        seen
    };
    let info = lines(None, "Starting Scheduler grpc server", 30);
    assert!(
        info.iter()
            .any(|l| l.contains("[INFO  ballista_scheduler") && l.contains("listening on")),
        "{info:?}"
    );
    // At `warn`, the start line of dfsynth itself and no info message: wait 5 s for the
    // scheduler's own (info) start message, which must not come.
    let warn = lines(Some("warn"), "Starting Scheduler grpc server", 5);
    assert!(
        warn.iter()
            .any(|l| l.starts_with("dfsynth scheduler listening on")),
        "{warn:?}"
    );
    assert!(!warn.iter().any(|l| l.contains("[INFO")), "{warn:?}");
}
