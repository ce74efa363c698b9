//! Concurrency: 8 sessions' worth of work in one process, as tokio tasks on one shared
//! `SessionContext` over a multi-threaded runtime. Four tasks query and `COPY` shared tables
//! (a spider table, a declared table, a child with foreign keys and lookups into it, TPC-H)
//! while four others `CREATE`, `CREATE OR REPLACE` and `DROP` tables of their own (some
//! related to the shared tables) as fast as they can. Nothing may panic or deadlock (the
//! whole run has a deadline), and every query's answer must equal its answer in a session
//! of its own.

use crate::common;

use std::time::Duration;

use common::{ctx, hash};
use datafusion::prelude::SessionContext;
use datafusion_synth::execute_sql;

const SHARED: &[&str] = &[
    "CREATE SYNTHETIC TABLE parents (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL, w DOUBLE GENERATED ALWAYS AS (uniform(0.0, 1.0)) NOT NULL, name VARCHAR GENERATED ALWAYS AS (full_name()) NOT NULL) WITH (rows = 5000, seed = 1)",
    "CREATE SYNTHETIC TABLE children (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL, p BIGINT GENERATED ALWAYS AS (parent_row('parents', 'zipf', 1.1)) NOT NULL HIDDEN, parent_id BIGINT GENERATED ALWAYS AS (lookup('parents', 'id', p)) NOT NULL, pname VARCHAR GENERATED ALWAYS AS (lookup('parents', 'name', p)) NOT NULL) WITH (rows = 20000, seed = 2)",
];

/// The queries the readers run, each with the hash of its answer in a session of its own.
const QUERIES: &[&str] = &[
    "SELECT count(*), sum(id), min(x), max(y) FROM spider('gaussian', 20000, 3, 'format=xy')",
    "SELECT parent_id, count(*) AS n FROM children GROUP BY parent_id ORDER BY n DESC, parent_id LIMIT 10",
    "SELECT c.id, p.w FROM children c JOIN parents p ON c.parent_id = p.id WHERE c.id % 997 = 0 ORDER BY c.id",
    "SELECT o_orderpriority, count(*) FROM tpch('orders', 0.01) GROUP BY 1 ORDER BY 1",
    "SELECT * FROM parents ORDER BY id DESC LIMIT 5 OFFSET 3",
];

async fn setup(ctx: &SessionContext) {
    for s in SHARED {
        execute_sql(ctx, s).await.unwrap().collect().await.unwrap();
    }
}

async fn answer(ctx: &SessionContext, sql: &str) -> String {
    let batches = execute_sql(ctx, sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .collect()
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
    hash(&batches)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_sessions_query_copy_and_redefine_tables_at_once() {
    // The single-session answers.
    let alone = ctx(3, 1024);
    setup(&alone).await;
    let mut expected = Vec::new();
    for q in QUERIES {
        expected.push(answer(&alone, q).await);
    }
    let shared = ctx(3, 1024);
    setup(&shared).await;
    let dir = tempfile::tempdir().unwrap();
    let mut tasks = Vec::new();
    for reader in 0..4 {
        let (ctx, expected) = (shared.clone(), expected.clone());
        let out = dir.path().join(format!("r{reader}"));
        tasks.push(tokio::spawn(async move {
            for round in 0..6 {
                for (i, q) in QUERIES.iter().enumerate().skip((reader + round) % 2) {
                    assert_eq!(answer(&ctx, q).await, expected[i], "reader {reader}: {q}");
                }
                let copy = format!(
                    "COPY (SELECT * FROM children WHERE id <= 3000) TO '{}/c{round}.parquet'",
                    out.display()
                );
                execute_sql(&ctx, &copy)
                    .await
                    .unwrap()
                    .collect()
                    .await
                    .unwrap();
                let external = format!(
                    "CREATE EXTERNAL TABLE back_{reader}_{round} STORED AS PARQUET LOCATION '{}/c{round}.parquet'",
                    out.display()
                );
                execute_sql(&ctx, &external).await.unwrap().collect().await.unwrap();
                let back = format!("SELECT count(*) AS n, sum(parent_id) AS s FROM back_{reader}_{round}");
                let want = "SELECT count(*) AS n, sum(parent_id) AS s FROM children WHERE id <= 3000";
                assert_eq!(answer(&ctx, &back).await, answer(&ctx, want).await);
            }
        }));
    }
    for writer in 0..4 {
        let ctx = shared.clone();
        tasks.push(tokio::spawn(async move {
            for round in 0..25 {
                let t = format!("w{writer}");
                let rows = 100 + round * 10;
                let create = format!(
                    "CREATE OR REPLACE SYNTHETIC TABLE {t} (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL, parent BIGINT GENERATED ALWAYS AS (foreign_key('parents', 'id')) NOT NULL, v DOUBLE GENERATED ALWAYS AS (normal(0, 1)) NOT NULL) WITH (rows = {rows}, seed = {round})"
                );
                execute_sql(&ctx, &create).await.unwrap().collect().await.unwrap();
                let n = common::int(&ctx, &format!("SELECT count(*) FROM {t}")).await;
                // Another writer may not touch this table: its count is its own.
                assert_eq!(n, rows as i64, "writer {writer} round {round}");
                if round % 3 == 2 {
                    execute_sql(&ctx, &format!("DROP TABLE {t}"))
                        .await
                        .unwrap()
                        .collect()
                        .await
                        .unwrap();
                }
            }
        }));
    }
    let all = futures::future::join_all(tasks);
    let results = tokio::time::timeout(Duration::from_secs(300), all)
        .await
        .expect("deadlock: the tasks did not finish within 300 s");
    for r in results {
        r.expect("a task panicked");
    }
}
