//! Pushdowns are exact and observable in the metrics: `count(*)` needs no generation, a
//! limit stops generation after one batch, filters on `id` shrink the generated ranges and
//! remove DataFusion's own filter, and a projection computes only what it needs.

use crate::common;

use common::{ctx, query_plan, synthetic_metrics};
use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::datatypes::Int64Type;
use datafusion::physical_plan::displayable;
use datafusion_synth::SyntheticExec;

fn total_rows(batches: &[RecordBatch]) -> usize {
    batches.iter().map(RecordBatch::num_rows).sum()
}

fn plan_text(plan: &std::sync::Arc<dyn datafusion::physical_plan::ExecutionPlan>) -> String {
    displayable(plan.as_ref()).indent(true).to_string()
}

#[tokio::test]
async fn count_star_of_a_trillion_rows_generates_nothing() {
    let ctx = ctx(4, 8192);
    let (plan, batches) = query_plan(
        &ctx,
        "SELECT count(*) FROM spider('uniform', 1000000000000)",
    )
    .await;
    assert_eq!(
        batches[0].column(0).as_primitive::<Int64Type>().value(0),
        1_000_000_000_000
    );
    let (_, rows, generated) = synthetic_metrics(&plan);
    assert!(generated <= 1, "{generated} batches generated");
    assert_eq!(rows, 0, "count(*) is answered from exact statistics");
    // The same with a filter on id: still exact, still free.
    let (plan, batches) = query_plan(
        &ctx,
        "SELECT count(*) FROM spider('uniform', 1000000000000) WHERE id > 999999999000",
    )
    .await;
    assert_eq!(
        batches[0].column(0).as_primitive::<Int64Type>().value(0),
        1000
    );
    assert_eq!(synthetic_metrics(&plan).1, 0);
}

#[tokio::test]
async fn limit_on_a_quadrillion_rows_generates_one_batch() {
    for partitions in [1, 4] {
        let ctx = ctx(partitions, 8192);
        let (plan, batches) = query_plan(
            &ctx,
            "SELECT * FROM spider('uniform', 1000000000000000) LIMIT 3",
        )
        .await;
        assert_eq!(total_rows(&batches), 3);
        let (scans, rows, generated) = synthetic_metrics(&plan);
        assert_eq!(scans, 1);
        assert_eq!(generated, 1, "batches generated");
        assert_eq!(rows, 3, "rows generated");
        // With an offset, the first offset + limit rows are generated, no more.
        let (plan, batches) = query_plan(
            &ctx,
            "SELECT id FROM spider('uniform', 1000000000000000) LIMIT 5 OFFSET 10",
        )
        .await;
        let ids: Vec<i64> = batches
            .iter()
            .flat_map(|b| b.column(0).as_primitive::<Int64Type>().values().to_vec())
            .collect();
        assert_eq!(ids, vec![11, 12, 13, 14, 15]);
        // OFFSET is pushed into the scan: the rows before it are never generated.
        assert_eq!(synthetic_metrics(&plan).1, 5);
    }
}

/// `OFFSET` deep into a 10^18-row table returns at once: the scan generates exactly the rows
/// returned (spider tables and declared tables; plain, under `ORDER BY id`, through
/// projections, with `OFFSET` alone).
#[tokio::test]
async fn offset_generates_only_the_rows_returned() {
    let ctx = ctx(4, 8192);
    datafusion_synth::execute_sql(
        &ctx,
        "CREATE SYNTHETIC TABLE big (id BIGINT GENERATED ALWAYS AS (sequence(7, 3)), \
         v DOUBLE GENERATED ALWAYS AS (uniform(0.0, 1.0))) WITH (rows = 1000000000000000000)",
    )
    .await
    .unwrap();
    let n = 1_000_000_000_000_000_000u64;
    let cases = [
        (
            format!(
                "SELECT id FROM spider('uniform', {n}) OFFSET {} LIMIT 5",
                n - 7
            ),
            5,
            n as i64 - 6,
        ),
        (
            format!(
                "SELECT id FROM spider('uniform', {n}) ORDER BY id LIMIT 4 OFFSET {}",
                n - 100
            ),
            4,
            n as i64 - 99,
        ),
        (
            format!(
                "SELECT id, id - 1 AS before FROM spider('uniform', {n}) ORDER BY id LIMIT 3 OFFSET {}",
                n / 2
            ),
            3,
            (n / 2) as i64 + 1,
        ),
        (
            format!("SELECT id FROM spider('uniform', {n}) OFFSET {}", n - 3),
            3,
            n as i64 - 2,
        ),
        (
            format!("SELECT id, v * 2 FROM big OFFSET {} LIMIT 6", n - 10),
            6,
            7 + 3 * (n as i64 - 10),
        ),
        (
            format!("SELECT id FROM big ORDER BY id LIMIT 2 OFFSET {}", n - 1),
            1,
            7 + 3 * (n as i64 - 1),
        ),
    ];
    for (sql, rows, first_id) in cases {
        let (plan, batches) = query_plan(&ctx, &sql).await;
        assert_eq!(total_rows(&batches), rows, "{sql}");
        let (scans, generated, _) = synthetic_metrics(&plan);
        assert_eq!((scans, generated), (1, rows), "{sql}: rows generated");
        let first = batches.iter().find(|b| b.num_rows() > 0).unwrap();
        assert_eq!(
            first.column(0).as_primitive::<Int64Type>().value(0),
            first_id,
            "{sql}"
        );
    }
}

/// `OFFSET`/`LIMIT` (pushed) return exactly the slice of the full result (not pushed): plain
/// and under `ORDER BY id`, for many offsets, limits and partition counts.
#[tokio::test]
async fn offset_slices_equal_the_full_result() {
    for partitions in [1, 2, 7] {
        let ctx = ctx(partitions, 64);
        let all = common::query(
            &ctx,
            "SELECT * FROM spider('gaussian', 1000, 9) ORDER BY id",
        )
        .await;
        let all = common::concat(&all[0].schema(), &all);
        for skip in [1usize, 63, 64, 500, 999, 1000, 1500] {
            for fetch in [None, Some(1usize), Some(37), Some(600)] {
                let limit = fetch.map(|f| format!(" LIMIT {f}")).unwrap_or_default();
                let end = fetch
                    .map_or(1000, |f| (skip + f).min(1000))
                    .max(skip.min(1000));
                let start = skip.min(1000);
                let expected = all.slice(start, end - start);
                for order in ["", " ORDER BY id"] {
                    let sql = format!(
                        "SELECT * FROM spider('gaussian', 1000, 9){order}{limit} OFFSET {skip}"
                    );
                    let (plan, got) = query_plan(&ctx, &sql).await;
                    let got: Vec<RecordBatch> =
                        got.into_iter().filter(|b| b.num_rows() > 0).collect();
                    let got = if got.is_empty() {
                        expected.slice(0, 0)
                    } else {
                        common::concat(&expected.schema(), &got)
                    };
                    assert_eq!(got, expected, "{sql} ({partitions} partitions)");
                    assert_eq!(
                        synthetic_metrics(&plan).1,
                        end - start,
                        "{sql}: rows generated"
                    );
                }
            }
        }
    }
}

/// `ORDER BY key DESC LIMIT n` (and ascending over a key with a negative step) generates
/// only the last `n` rows, and returns what a sort of every row returns (`id + 0` is not a
/// key column, so that query sorts the whole table).
#[tokio::test]
async fn top_n_against_the_row_order_generates_only_the_last_rows() {
    for partitions in [1, 3] {
        let ctx = ctx(partitions, 64);
        execute_sql_all(
            &ctx,
            &["CREATE SYNTHETIC TABLE down (k BIGINT GENERATED ALWAYS AS (sequence(5000, -2)) NOT NULL, v DOUBLE GENERATED ALWAYS AS (normal(0, 1))) WITH (rows = 1000, seed = 4)"],
        )
        .await;
        let cases = [
            (
                "spider('gaussian', 1000, 9, 'format=xy')",
                "id DESC",
                "id + 0 DESC",
            ),
            (
                "spider('parcel', 1000, 9)",
                "id DESC, geometry",
                "id + 0 DESC",
            ),
            (
                "(SELECT y, id AS i FROM spider('uniform', 1000, 2, 'format=xy'))",
                "i DESC",
                "i + 0 DESC",
            ),
            (
                "(SELECT * FROM spider('uniform', 1000, 2, 'format=xy') WHERE id BETWEEN 10 AND 700)",
                "id DESC",
                "id + 0 DESC",
            ),
            ("down", "k", "k + 0"),
        ];
        for (table, order, baseline) in cases {
            for n in [1usize, 3, 64, 65, 999, 1000, 5000] {
                let sql = format!("SELECT * FROM {table} ORDER BY {order} LIMIT {n}");
                let (plan, got) = query_plan(&ctx, &sql).await;
                let want = common::query(
                    &ctx,
                    &format!("SELECT * FROM {table} ORDER BY {baseline} LIMIT {n}"),
                )
                .await;
                assert_eq!(common::hash(&got), common::hash(&want), "{sql}");
                let (_, rows, _) = synthetic_metrics(&plan);
                assert!(
                    rows <= n,
                    "{sql}: {rows} rows generated ({partitions} partitions)"
                );
            }
        }
    }
    // At the largest table: the last rows at once.
    let (plan, got) = query_plan(
        &ctx(2, 8192),
        "SELECT id FROM spider('uniform', 9223372036854775807) ORDER BY id DESC LIMIT 3",
    )
    .await;
    let ids: Vec<i64> = got
        .iter()
        .flat_map(|b| b.column(0).as_primitive::<Int64Type>().values().to_vec())
        .collect();
    assert_eq!(ids, [i64::MAX, i64::MAX - 1, i64::MAX - 2]);
    assert_eq!(synthetic_metrics(&plan).1, 3);
}

async fn execute_sql_all(ctx: &datafusion::prelude::SessionContext, statements: &[&str]) {
    for s in statements {
        datafusion_synth::execute_sql(ctx, s)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn filters_on_id_narrow_the_generated_rows() {
    let ctx = ctx(3, 8192);
    let cases = [
        ("id BETWEEN 1000001 AND 1002000", 2000),
        ("id = 123456789012", 1),
        ("id IN (5, 7, 999999999999999)", 3),
        ("id < 11 OR id > 999999999999990", 20),
        ("NOT (id > 100) AND id >= 91", 10),
        ("id > 5 AND id < 3", 0),
    ];
    for (filter, expected) in cases {
        let sql =
            format!("SELECT id, geometry FROM spider('gaussian', 1000000000000000) WHERE {filter}");
        let (plan, batches) = query_plan(&ctx, &sql).await;
        assert_eq!(total_rows(&batches), expected, "{filter}");
        assert_eq!(
            synthetic_metrics(&plan).1,
            expected,
            "{filter}: rows generated"
        );
        let text = plan_text(&plan);
        assert!(
            !text.contains("FilterExec"),
            "{filter}: filter is exact\n{text}"
        );
    }
    // A filter on another column is evaluated by DataFusion, on every generated row.
    let (plan, batches) = query_plan(
        &ctx,
        "SELECT id FROM spider('uniform', 1000, 1, 'format=xy') WHERE x < 0.5 AND id <= 100",
    )
    .await;
    assert!(plan_text(&plan).contains("FilterExec"));
    assert_eq!(
        synthetic_metrics(&plan).1,
        100,
        "only the id range is generated"
    );
    assert!(total_rows(&batches) < 100);
}

#[tokio::test]
async fn projection_computes_only_needed_columns() {
    let ctx = ctx(1, 8192);
    let df = ctx
        .sql("SELECT id FROM spider('diagonal', 1000, 1)")
        .await
        .unwrap();
    let plan = df.create_physical_plan().await.unwrap();
    let exec = plan
        .downcast_ref::<SyntheticExec>()
        .expect("a bare synthetic scan");
    let table = exec.table();
    let eval = |p: Option<&[usize]>| {
        table
            .computed_columns(&table.eval_plan(p).unwrap())
            .join(",")
    };
    assert_eq!(eval(Some(&[0])), "id");
    assert_eq!(eval(Some(&[1])), "__point,geometry");
    assert_eq!(eval(None), "id,__point,geometry");
    assert_eq!(eval(Some(&[])), "");
    // x/y share one hidden point column, computed once.
    let xy = ctx
        .sql("SELECT * FROM spider('uniform', 10, 1, 'format=xy')")
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    let table = xy.downcast_ref::<SyntheticExec>().unwrap().table().clone();
    let plan = table.eval_plan(Some(&[2, 1])).unwrap();
    assert_eq!(table.computed_columns(&plan), vec!["__point", "x", "y"]);
}

#[tokio::test]
async fn statistics_are_exact() {
    use datafusion::common::ScalarValue;
    use datafusion::common::stats::Precision;
    use datafusion::physical_plan::statistics::{StatisticsArgs, StatisticsContext};
    let ctx = ctx(4, 8192);
    let plan = ctx
        .sql("SELECT * FROM spider('bit', 1000000, 3) WHERE id BETWEEN 11 AND 20010")
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    let stats = StatisticsContext::new()
        .compute(plan.as_ref(), &StatisticsArgs::new())
        .unwrap();
    assert_eq!(stats.num_rows, Precision::Exact(20_000));
    let id = &stats.column_statistics[0];
    assert_eq!(id.min_value, Precision::Exact(ScalarValue::Int64(Some(11))));
    assert_eq!(
        id.max_value,
        Precision::Exact(ScalarValue::Int64(Some(20_010)))
    );
    assert_eq!(id.null_count, Precision::Exact(0));
    assert_eq!(id.distinct_count, Precision::Exact(20_000));
    // Per partition: contiguous slices of 5,000 rows.
    let p1 = StatisticsContext::new()
        .compute(
            plan.as_ref(),
            &StatisticsArgs::new().with_partition(Some(1)),
        )
        .unwrap();
    assert_eq!(p1.num_rows, Precision::Exact(5_000));
    assert_eq!(
        p1.column_statistics[0].min_value,
        Precision::Exact(ScalarValue::Int64(Some(5_011)))
    );
}

#[tokio::test]
async fn joins_on_id_generate_only_the_matching_rows() {
    // The hash join's runtime filter (bounds and IN-list of the build side's ids) narrows
    // the trillion-row probe side to the rows that can match.
    for partitions in [1, 4] {
        let ctx = ctx(partitions, 8192);
        let (plan, batches) = query_plan(
            &ctx,
            "SELECT count(*), sum(CASE WHEN a.x = b.x AND a.y = b.y THEN 1 ELSE 0 END) \
             FROM spider('uniform', 100, 8, 'format=xy') a \
             JOIN spider('uniform', 1000000000000, 8, 'format=xy') b ON a.id = b.id",
        )
        .await;
        assert_eq!(
            batches[0].column(0).as_primitive::<Int64Type>().value(0),
            100
        );
        // Same seed, same rows: every joined point is identical.
        assert_eq!(
            batches[0].column(1).as_primitive::<Int64Type>().value(0),
            100
        );
        let (scans, rows, _) = synthetic_metrics(&plan);
        assert_eq!(scans, 2);
        assert!(rows <= 200, "{rows} rows generated");
        assert!(plan_text(&plan).contains("runtime_filters=[DynamicFilter"));
    }
    // Ids 5..=14 of a shifted range: the filter keeps only the 6 overlapping ids.
    let ctx = ctx(2, 8192);
    let (plan, batches) = query_plan(
        &ctx,
        "SELECT count(*) FROM (SELECT id + 4 AS k FROM spider('bit', 10)) a \
         JOIN spider('bit', 1000000000000000) b ON a.k = b.id WHERE b.id <= 10",
    )
    .await;
    assert_eq!(batches[0].column(0).as_primitive::<Int64Type>().value(0), 6);
    assert!(synthetic_metrics(&plan).1 <= 10 + 10);
}
