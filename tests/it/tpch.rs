//! TPC-H tables: row counts (scanned at SF 0.01, from statistics at SF 1), identical bytes
//! under any partitioning and batch size, equality with the Parquet files `tpchgen-cli`
//! writes (an independent program, from PyPI), and the 22 TPC-H queries answering the same
//! over the lazy tables as over those files.

use crate::common;

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use common::ordered::{hash, partitioned_rows, plain};
use common::{ctx, python};
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::common::stats::Precision;
use datafusion::physical_plan::collect_partitioned;
use datafusion::physical_plan::statistics::{StatisticsArgs, StatisticsContext};
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use datafusion_synth::execute_sql;

const TABLES: [(&str, u64, u64); 8] = [
    // (table, rows at SF 0.01, rows at SF 1) — dbgen's cardinalities.
    ("region", 5, 5),
    ("nation", 25, 25),
    ("supplier", 100, 10_000),
    ("customer", 1_500, 150_000),
    ("part", 2_000, 200_000),
    ("partsupp", 8_000, 800_000),
    ("orders", 15_000, 1_500_000),
    ("lineitem", 60_175, 6_001_215),
];

#[tokio::test]
async fn row_counts_at_sf_001_scanned() {
    let ctx = ctx(2, 8192);
    for (table, rows, _) in TABLES {
        let (_, batches) =
            partitioned_rows(&ctx, &format!("SELECT * FROM tpch('{table}', 0.01)")).await;
        let n: usize = batches.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(n as u64, rows, "{table}");
    }
}

#[tokio::test]
async fn row_counts_at_sf_1_from_statistics_only() {
    let ctx = ctx(4, 8192);
    for (table, _, rows) in TABLES {
        let df = ctx
            .sql(&format!("SELECT * FROM tpch('{table}', 1)"))
            .await
            .unwrap();
        let plan = df.create_physical_plan().await.unwrap();
        let stats = StatisticsContext::new()
            .compute(plan.as_ref(), &StatisticsArgs::new())
            .unwrap();
        assert_eq!(stats.num_rows, Precision::Exact(rows as usize), "{table}");
        // count(*) is answered from the statistics: no scan in the plan.
        let df = ctx
            .sql(&format!("SELECT count(*) FROM tpch('{table}', 1)"))
            .await
            .unwrap();
        let plan = df.create_physical_plan().await.unwrap();
        let shown = datafusion::physical_plan::displayable(plan.as_ref())
            .indent(true)
            .to_string();
        assert!(!shown.contains("TpchExec"), "{table}: {shown}");
    }
}

#[tokio::test]
async fn identical_under_partitions_and_batch_sizes() {
    for (table, _, _) in TABLES {
        let sql = format!("SELECT * FROM tpch('{table}', 0.01)");
        let (_, reference) = partitioned_rows(&ctx(1, 8192), &sql).await;
        let expected = hash(&reference);
        for (partitions, batch_size) in [(2, 37), (7, 1000), (3, 8192)] {
            let (n, batches) = partitioned_rows(&ctx(partitions, batch_size), &sql).await;
            assert!(n >= 1, "{table}");
            assert_eq!(
                hash(&batches),
                expected,
                "{table}: {partitions} partitions, batch size {batch_size}"
            );
        }
    }
}

/// `OFFSET k LIMIT n` and `ORDER BY key DESC LIMIT n` generate only the parts they need
/// (the parts before the offset are counted, not generated) and return what a sort of every
/// row returns; `count(*)` with statistics unknown counts the rows of each part without
/// generating them.
#[tokio::test]
async fn offset_and_last_rows_generate_only_the_parts_they_need() {
    // (table, scale factor, key, tie-breaker, rows): orders and partsupp at SF 0.1 have 10
    // parts, so offsets and last rows cross part boundaries.
    let cases = [
        ("lineitem", 0.01, "l_orderkey", ", l_linenumber", 60_175u64),
        ("orders", 0.1, "o_orderkey", "", 150_000),
        ("partsupp", 0.1, "ps_partkey", ", ps_suppkey", 80_000),
        ("customer", 0.01, "c_custkey", "", 1_500),
        ("nation", 0.01, "n_nationkey", "", 25),
    ];
    for partitions in [1, 3] {
        let ctx = ctx(partitions, 1000);
        for (table, sf, key, tie, rows) in cases {
            let t = format!("tpch('{table}', {sf})");
            // Every row in generation order: the rows OFFSET … LIMIT … must return.
            let (_, all) = partitioned_rows(&ctx, &format!("SELECT * FROM {t}")).await;
            let all = common::concat(&all[0].schema(), &all);
            let boundary = rows / 10; // the first row of the second part at SF 0.1
            for (skip, n) in [
                (0, 5),
                (1, 3),
                (boundary - 2, 5),
                (rows / 2, 7),
                (rows - 4, 10),
                (rows + 5, 3),
            ] {
                let sql = format!("SELECT * FROM {t} LIMIT {n} OFFSET {skip}");
                let (plan, got) = common::query_plan(&ctx, &sql).await;
                let start = (skip as usize).min(all.num_rows());
                let want = all.slice(start, n.min(all.num_rows() - start));
                if want.num_rows() > 0 {
                    assert_eq!(hash(&got), hash(&[want]), "{sql}");
                } else {
                    assert_eq!(got.iter().map(RecordBatch::num_rows).sum::<usize>(), 0);
                }
                let shown = datafusion::physical_plan::displayable(plan.as_ref())
                    .indent(true)
                    .to_string();
                assert!(!shown.contains("GlobalLimitExec"), "{sql}: {shown}");
            }
            let desc_tie = if tie.is_empty() {
                String::new()
            } else {
                format!("{tie} DESC")
            };
            for n in [1usize, 10, 1000, 20_000] {
                let sql = format!("SELECT * FROM {t} ORDER BY {key} DESC{desc_tie} LIMIT {n}");
                let (plan, got) = common::query_plan(&ctx, &sql).await;
                let want = common::query(
                    &ctx,
                    &format!("SELECT * FROM {t} ORDER BY {key} + 0 DESC{desc_tie} LIMIT {n}"),
                )
                .await;
                assert_eq!(hash(&got), hash(&want), "{sql}");
                let shown = datafusion::physical_plan::displayable(plan.as_ref())
                    .indent(true)
                    .to_string();
                if table == "orders" {
                    // 150,000 rows in 10 parts of 15,000: the last part holds 1000 rows,
                    // the last two 20,000.
                    let parts = if n <= 15_000 {
                        "parts=[9..10]"
                    } else {
                        "parts=[8..10]"
                    };
                    assert!(shown.contains(parts), "{sql}: {shown}");
                }
            }
        }
    }
    // The offset's part is found without generating the parts before it.
    let (plan, got) = common::query_plan(
        &ctx(2, 8192),
        "SELECT l_orderkey, l_linenumber FROM tpch('lineitem', 0.1) LIMIT 2 OFFSET 600000",
    )
    .await;
    let shown = datafusion::physical_plan::displayable(plan.as_ref())
        .indent(true)
        .to_string();
    assert!(
        shown.contains("parts=[9..10]") && shown.contains("skip="),
        "{shown}"
    );
    assert_eq!(got.iter().map(RecordBatch::num_rows).sum::<usize>(), 2);
}

/// With no column projected (`count(*)` when statistics are unknown), parts are counted,
/// not generated, and the counts are exact.
#[tokio::test]
async fn counting_a_projection_of_no_columns() {
    use datafusion_synth::exec::TpchExec;
    use datafusion_synth::table::tpch::{TpchTable, TpchTableKind};
    let ctx = ctx(3, 8192);
    for (kind, rows) in [
        (TpchTableKind::LineItem, 60_175u64),
        (TpchTableKind::PartSupp, 8_000),
    ] {
        let table = TpchTable::try_new(kind, 0.01).unwrap();
        let plan = Arc::new(TpchExec::try_new(table, Some(vec![]), None, 3).unwrap());
        let parts = collect_partitioned(plan, ctx.task_ctx()).await.unwrap();
        let n: usize = parts.iter().flatten().map(RecordBatch::num_rows).sum();
        assert_eq!(n as u64, rows, "{kind}");
    }
}

#[tokio::test]
async fn limit_projection_and_key_statistics() {
    let ctx = ctx(4, 100);
    // A limit returns the table's first rows and stops generating.
    let (_, all) = partitioned_rows(
        &ctx,
        "SELECT l_orderkey, l_comment FROM tpch('lineitem', 0.01)",
    )
    .await;
    let all = concat_batches(&all[0].schema(), &all).unwrap();
    let got = execute_sql(
        &ctx,
        "SELECT l_orderkey, l_comment FROM tpch('lineitem', 0.01) LIMIT 250",
    )
    .await
    .unwrap()
    .collect()
    .await
    .unwrap();
    assert_eq!(hash(&got), hash(&[all.slice(0, 250)]));
    // Exact key bounds: the statistics equal the scanned min/max.
    for (table, key) in [
        ("orders", "o_orderkey"),
        ("lineitem", "l_orderkey"),
        ("customer", "c_custkey"),
        ("partsupp", "ps_partkey"),
        ("nation", "n_nationkey"),
    ] {
        let sql = format!("SELECT min({key}) AS lo, max({key}) AS hi FROM tpch('{table}', 0.01)");
        let plan = ctx
            .sql(&format!("SELECT {key} FROM tpch('{table}', 0.01)"))
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let stats = StatisticsContext::new()
            .compute(plan.as_ref(), &StatisticsArgs::new())
            .unwrap();
        let scanned = ctx.sql(&sql).await.unwrap().collect().await.unwrap();
        let lo = scanned[0].column(0).as_ref();
        let hi = scanned[0].column(1).as_ref();
        let lo = datafusion::common::ScalarValue::try_from_array(lo, 0).unwrap();
        let hi = datafusion::common::ScalarValue::try_from_array(hi, 0).unwrap();
        assert_eq!(
            stats.column_statistics[0].min_value,
            Precision::Exact(lo),
            "{table}"
        );
        assert_eq!(
            stats.column_statistics[0].max_value,
            Precision::Exact(hi),
            "{table}"
        );
    }
}

/// The answer of `sql` in `ctx` as a table text (plain types).
async fn answer(ctx: &SessionContext, sql: &str) -> datafusion::common::Result<String> {
    let batches = execute_sql(ctx, sql).await?.collect().await?;
    let batches: Vec<RecordBatch> = batches.iter().map(plain).collect();
    Ok(pretty_format_batches(&batches)?.to_string())
}

/// Runs `tpchgen-cli parquet -s 0.01` into `dir` (the binary of the test venv).
fn tpchgen_cli(dir: &Path) {
    let python = python();
    let cli = Path::new(&python).with_file_name("tpchgen-cli");
    let out = Command::new(&cli)
        .args(["parquet", "-s", "0.01", "--output-dir"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", cli.display()));
    assert!(
        out.status.success(),
        "tpchgen-cli failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A session with the lazy tables and one with tpchgen-cli's Parquet files, both under the
/// TPC-H names.
async fn lazy_and_files(dir: &Path) -> (SessionContext, SessionContext) {
    let lazy = ctx(2, 8192);
    execute_sql(&lazy, "CREATE TPCH TABLES WITH (scale_factor = 0.01)")
        .await
        .unwrap();
    let files = ctx(2, 8192);
    for (table, _, _) in TABLES {
        let path = dir.join(format!("{table}.parquet"));
        files
            .register_parquet(table, path.to_str().unwrap(), ParquetReadOptions::default())
            .await
            .unwrap();
    }
    (lazy, files)
}

#[tokio::test]
async fn equal_to_tpchgen_cli_parquet_and_same_query_answers() {
    let dir = tempfile::tempdir().unwrap();
    tpchgen_cli(dir.path());
    let (lazy, files) = lazy_and_files(dir.path()).await;

    // Every table: the same rows in the same order.
    for (table, rows, _) in TABLES {
        let sql = format!("SELECT * FROM {table}");
        let (_, ours) = partitioned_rows(&lazy, &sql).await;
        let (_, theirs) = partitioned_rows(&files, &sql).await;
        let n: usize = theirs.iter().map(RecordBatch::num_rows).sum();
        assert_eq!(n as u64, rows, "{table} file");
        assert_eq!(hash(&ours), hash(&theirs), "{table}");
    }

    // The 22 queries of sql/examples/tpch_queries.sql: the same answers.
    let script = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sql/examples/tpch_queries.sql"),
    )
    .unwrap();
    let queries = datafusion_synth::split_statements(&script).unwrap();
    assert_eq!(queries.len(), 22);
    let mut non_empty = 0;
    for (i, q) in queries.iter().enumerate() {
        let ours = answer(&lazy, &q.text)
            .await
            .unwrap_or_else(|e| panic!("Q{}: {e}", i + 1));
        let theirs = answer(&files, &q.text)
            .await
            .unwrap_or_else(|e| panic!("Q{} (files): {e}", i + 1));
        assert_eq!(ours, theirs, "Q{}", i + 1);
        non_empty += usize::from(ours.lines().count() > 4);
    }
    // At SF 0.01 every query has rows (Q2, Q18, Q20, Q21 only a few).
    assert_eq!(non_empty, 22);
}
