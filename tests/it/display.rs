//! The REPL's result display and progress, through the library: a bounded display pulls only
//! the rows it shows (checked on the synthetic scans' metrics, never on time), knows the exact
//! total from plan statistics, leaves statements such as `COPY` whole; the progress counter
//! follows a running plan and reaches the exact total.

use crate::common;

use std::sync::Arc;

use common::{ctx, hash, query, synthetic_metrics};
use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::datatypes::Int64Type;
use datafusion::physical_plan::{collect, execute_stream};
use datafusion_synth::execute_sql;
use datafusion_synth::repl::{BoundedQuery, PlanProgress, RowSummary};
use futures::StreamExt;

async fn bounded(
    ctx: &datafusion::prelude::SessionContext,
    sql: &str,
    max_rows: usize,
) -> (BoundedQuery, Vec<RecordBatch>, RowSummary) {
    let df = execute_sql(ctx, sql).await.unwrap();
    let q = BoundedQuery::plan(df, max_rows).await.unwrap();
    let (batches, summary) = q.fetch(ctx.task_ctx()).await.unwrap();
    (q, batches, summary)
}

fn ids(batches: &[RecordBatch]) -> Vec<i64> {
    batches
        .iter()
        .flat_map(|b| b.column(0).as_primitive::<Int64Type>().values().to_vec())
        .collect()
}

#[tokio::test]
async fn first_rows_of_a_quadrillion_row_table_generate_one_batch() {
    for partitions in [1, 4] {
        let ctx = ctx(partitions, 8192);
        let (q, batches, summary) = bounded(
            &ctx,
            "SELECT * FROM spider('uniform', 1000000000000000)",
            40,
        )
        .await;
        assert_eq!(q.total_rows(), Some(1_000_000_000_000_000));
        assert_eq!(
            summary,
            RowSummary {
                shown: 40,
                total: Some(1_000_000_000_000_000),
                more: true
            }
        );
        assert_eq!(summary.to_string(), "40 of 1,000,000,000,000,000 rows");
        assert_eq!(ids(&batches), (1..=40).collect::<Vec<i64>>());
        // One scan, one batch of the 41 rows asked for (the 41st tells that more exist).
        assert_eq!(synthetic_metrics(q.plan_ref()), (1, 41, 1), "{partitions}");
        // The rows shown are the table's first rows.
        let first = query(
            &ctx,
            "SELECT * FROM spider('uniform', 1000000000000000) WHERE id <= 40 ORDER BY id",
        )
        .await;
        assert_eq!(hash(&batches), hash(&first));
    }
}

#[tokio::test]
async fn unknown_totals_say_first_rows_and_stay_bounded() {
    let ctx = ctx(4, 1024);
    let (q, batches, summary) = bounded(
        &ctx,
        "SELECT id, x FROM spider('uniform', 1000000000000, 1, 'format=xy') WHERE x > 0.5",
        40,
    )
    .await;
    assert_eq!(q.total_rows(), None);
    assert_eq!(summary.to_string(), "first 40 rows");
    assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 40);
    let (scans, rows, _) = synthetic_metrics(q.plan_ref());
    assert_eq!(scans, 1);
    // About half the rows pass the filter: a few batches per partition at most, not 10^12.
    assert!((41..=64 * 1024).contains(&rows), "{rows} rows generated");
}

#[tokio::test]
async fn ordered_results_show_the_top_rows() {
    let ctx = ctx(4, 8192);
    let sql = "SELECT id, x FROM spider('uniform', 100000, 9, 'format=xy') ORDER BY x DESC, id";
    let (_, batches, summary) = bounded(&ctx, sql, 40).await;
    assert_eq!(summary.to_string(), "40 of 100,000 rows");
    let all = query(&ctx, sql).await;
    let all = common::concat(&all[0].schema(), &all);
    assert_eq!(hash(&batches), hash(&[all.slice(0, 40)]));
}

#[tokio::test]
async fn small_results_are_shown_whole() {
    let ctx = ctx(2, 8192);
    let sql = "SELECT * FROM spider('bit', 12, 1)";
    let (_, batches, summary) = bounded(&ctx, sql, 40).await;
    assert_eq!(summary.to_string(), "12 rows");
    assert_eq!(ids(&batches), (1..=12).collect::<Vec<i64>>());
    let (_, _, summary) = bounded(&ctx, sql, 12).await;
    assert_eq!(summary.to_string(), "12 rows");
    assert!(!summary.more);
    let (_, batches, summary) = bounded(&ctx, sql, 11).await;
    assert_eq!(summary.to_string(), "11 of 12 rows");
    assert_eq!(ids(&batches), (1..=11).collect::<Vec<i64>>());
    // Without exact statistics the extra row tells whether rows were left out.
    let filtered = "SELECT * FROM spider('bit', 12, 1) WHERE id % 2 = 0";
    let (_, _, summary) = bounded(&ctx, filtered, 6).await;
    assert_eq!(summary.to_string(), "6 rows");
    let (_, _, summary) = bounded(&ctx, filtered, 5).await;
    assert_eq!(summary.to_string(), "first 5 rows");
}

#[tokio::test]
async fn copy_runs_whole_under_a_bounded_display() {
    let ctx = ctx(4, 4096);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("all.parquet");
    let sql = format!(
        "COPY (SELECT * FROM spider('diagonal', 100000, 5)) TO '{}'",
        out.display()
    );
    let (q, batches, summary) = bounded(&ctx, &sql, 40).await;
    assert_eq!(summary.shown, 1);
    let count = batches[0]
        .column(0)
        .as_primitive::<datafusion::arrow::datatypes::UInt64Type>();
    assert_eq!(count.value(0), 100_000);
    assert_eq!(synthetic_metrics(q.plan_ref()).1, 100_000);
    let back = ctx
        .read_parquet(out.to_str().unwrap(), Default::default())
        .await
        .unwrap()
        .count()
        .await
        .unwrap();
    assert_eq!(back, 100_000);
}

#[tokio::test]
async fn copy_progress_counts_reach_the_exact_total() {
    for partitions in [1, 3] {
        let ctx = ctx(partitions, 4096);
        let dir = tempfile::tempdir().unwrap();
        let sql = format!(
            "COPY (SELECT * FROM spider('gaussian', 250001, 2)) TO '{}'",
            dir.path().join("g.parquet").display()
        );
        let plan = execute_sql(&ctx, &sql)
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let progress = PlanProgress::new(&plan);
        assert_eq!(progress.scans(), 1);
        assert_eq!(progress.total_rows(), Some(250_001));
        assert_eq!(progress.rows_done(), 0);
        collect(Arc::clone(&plan), ctx.task_ctx()).await.unwrap();
        assert_eq!(progress.rows_done(), 250_001, "{partitions}");
    }
}

#[tokio::test]
async fn progress_follows_the_running_plan_batch_by_batch() {
    let ctx = ctx(1, 1000);
    let plan = execute_sql(&ctx, "SELECT * FROM spider('uniform', 1000000000000)")
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    let progress = PlanProgress::new(&plan);
    assert_eq!(progress.total_rows(), Some(1_000_000_000_000));
    let mut stream = execute_stream(Arc::clone(&plan), ctx.task_ctx()).unwrap();
    for k in 1..=3u64 {
        stream.next().await.unwrap().unwrap();
        assert_eq!(progress.rows_done(), 1000 * k);
    }
}

#[tokio::test]
async fn progress_adds_every_scan_of_a_join() {
    let ctx = ctx(2, 4096);
    let plan = execute_sql(
        &ctx,
        "SELECT count(*) FROM spider('uniform', 30000) a JOIN spider('bit', 20000) b ON a.id = b.id",
    )
    .await
    .unwrap()
    .create_physical_plan()
    .await
    .unwrap();
    let progress = PlanProgress::new(&plan);
    assert_eq!(progress.scans(), 2);
    assert_eq!(progress.total_rows(), Some(50_000));
    collect(Arc::clone(&plan), ctx.task_ctx()).await.unwrap();
    // The join's runtime filter narrows the larger side to the ids that can match.
    let done = progress.rows_done();
    assert!((40_000..=50_000).contains(&done), "{done}");
}
