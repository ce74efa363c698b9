//! TPC-DS tables: equality with the Parquet files `tpcgen-cli` writes (the standalone tool of
//! the generator we use, from PyPI, pinned in scripts/geo-venv.sh), identical rows under any
//! partitioning and batch size, exact counts and key statistics without generating, and ten
//! TPC-DS queries answering the same over the lazy tables as over those files.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::ordered::{hash, partitioned_rows, plain};
use common::{ctx, python};
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::common::ScalarValue;
use datafusion::common::stats::Precision;
use datafusion::physical_plan::statistics::{StatisticsArgs, StatisticsContext};
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use datafusion_synth::execute_sql;
use datafusion_synth::table::parts::PartTable;
use datafusion_synth::table::tpcds::{TPCDS_TABLES, TpcdsTable};

/// Runs `tpcgen-cli tpcds parquet -s 0.01` into `dir` (the binary of the test venv).
fn tpcgen_cli(dir: &Path) {
    let python = python();
    let cli = Path::new(&python).with_file_name("tpcgen-cli");
    let out = Command::new(&cli)
        .args(["tpcds", "parquet", "-s", "0.01", "-q", "--output-dir"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", cli.display()));
    assert!(
        out.status.success(),
        "tpcgen-cli failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The answer of `sql` in `ctx` as a table text (plain types).
async fn answer(ctx: &SessionContext, sql: &str) -> datafusion::common::Result<String> {
    let batches = execute_sql(ctx, sql).await?.collect().await?;
    let batches: Vec<RecordBatch> = batches.iter().map(plain).collect();
    Ok(pretty_format_batches(&batches)?.to_string())
}

#[tokio::test]
async fn equal_to_tpcgen_cli_parquet_and_same_query_answers() {
    let dir = tempfile::tempdir().unwrap();
    tpcgen_cli(dir.path());
    let lazy = ctx(3, 8192);
    execute_sql(&lazy, "CREATE TPCDS TABLES WITH (scale_factor = 0.01)")
        .await
        .unwrap();
    let files = ctx(2, 8192);
    for kind in TPCDS_TABLES {
        let path = dir.path().join(format!("{kind}.parquet"));
        files
            .register_parquet(
                kind.name(),
                path.to_str().unwrap(),
                ParquetReadOptions::default(),
            )
            .await
            .unwrap();
    }
    // Every table: the same rows in the same order (our parts concatenated in partition
    // order against tpcgen-cli's single file).
    for kind in TPCDS_TABLES {
        let sql = format!("SELECT * FROM {kind}");
        let (_, ours) = partitioned_rows(&lazy, &sql).await;
        let (_, theirs) = partitioned_rows(&files, &sql).await;
        let n: usize = ours.iter().map(RecordBatch::num_rows).sum();
        let expected = TpcdsTable::try_new(kind, 0.01).unwrap().row_count().value();
        assert_eq!(n as u64, expected, "{kind}: rows against the count");
        assert_eq!(hash(&ours), hash(&theirs), "{kind}");
    }
    // The ten queries of sql/examples/tpcds_queries.sql: the same answers.
    let script = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sql/examples/tpcds_queries.sql"),
    )
    .unwrap();
    let queries = datafusion_synth::split_statements(&script).unwrap();
    assert_eq!(queries.len(), 10);
    let mut non_empty = 0;
    for q in &queries {
        let name = q.text.lines().next().unwrap_or_default().to_string();
        let ours = answer(&lazy, &q.text)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let theirs = answer(&files, &q.text)
            .await
            .unwrap_or_else(|e| panic!("{name} (files): {e}"));
        assert_eq!(ours, theirs, "{name}");
        non_empty += usize::from(ours.lines().count() > 4);
    }
    assert!(
        non_empty >= 8,
        "only {non_empty} queries have rows at SF 0.01"
    );
}

#[tokio::test]
async fn identical_under_partitions_and_batch_sizes() {
    // Sales and returns tables (tickets split across parts), a dimension with history (item)
    // and a large fixed one (customer_demographics: 117 parts).
    let tables = [
        "store_sales",
        "store_returns",
        "catalog_sales",
        "web_returns",
        "item",
        "customer_demographics",
    ];
    for table in tables {
        let sql = format!("SELECT * FROM tpcds('{table}', 0.01)");
        let (_, reference) = partitioned_rows(&ctx(1, 8192), &sql).await;
        let expected = hash(&reference);
        for (partitions, batch_size) in [(2, 37), (7, 1000), (3, 8192)] {
            let (_, batches) = partitioned_rows(&ctx(partitions, batch_size), &sql).await;
            assert_eq!(
                hash(&batches),
                expected,
                "{table}: {partitions} partitions, batch size {batch_size}"
            );
        }
    }
    // Batch size 1 on a table of a few thousand rows over several parts.
    let sql = "SELECT * FROM tpcds('web_returns', 0.01)";
    let (_, reference) = partitioned_rows(&ctx(1, 8192), sql).await;
    let (_, batches) = partitioned_rows(&ctx(3, 1), sql).await;
    assert!(batches.len() > 1000);
    assert_eq!(hash(&batches), hash(&reference));
}

/// Every part's count (from the random streams for sales and returns) equals the rows it
/// generates; the statistics of a dimension table's key equal its scanned minimum and
/// maximum.
#[tokio::test]
async fn part_counts_and_key_statistics_are_exact() {
    for kind in TPCDS_TABLES {
        let table = TpcdsTable::try_new(kind, 0.01).unwrap();
        let n = table.part_count();
        let total: u64 = (0..n).map(|p| table.part_rows(p)).sum();
        assert_eq!(total, table.row_count().value(), "{kind}");
        for part in [0, n / 2, n - 1] {
            let generated: usize = table
                .generate_part(part, 4096)
                .map(|b| b.unwrap().num_rows())
                .sum();
            assert_eq!(
                table.part_rows(part),
                generated as u64,
                "{kind} part {part}"
            );
        }
    }
    let ctx = ctx(4, 8192);
    for kind in TPCDS_TABLES {
        let table = TpcdsTable::try_new(kind, 1.0).unwrap();
        let Some((i, Some((lo, hi)))) = table.key() else {
            continue;
        };
        let key = table.schema().field(i).name().clone();
        let plan = ctx
            .sql(&format!("SELECT {key} FROM tpcds('{kind}', 1)"))
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let stats = StatisticsContext::new()
            .compute(plan.as_ref(), &StatisticsArgs::new())
            .unwrap();
        let scanned = common::query(
            &ctx,
            &format!("SELECT CAST(min({key}) AS BIGINT), CAST(max({key}) AS BIGINT) FROM (SELECT {key} FROM tpcds('{kind}', 1) WHERE {key} IS NOT NULL OR {key} IS NULL)"),
        )
        .await;
        let scanned_lo = ScalarValue::try_from_array(scanned[0].column(0), 0).unwrap();
        let scanned_hi = ScalarValue::try_from_array(scanned[0].column(1), 0).unwrap();
        assert_eq!(scanned_lo, ScalarValue::Int64(Some(lo)), "{kind} min");
        assert_eq!(scanned_hi, ScalarValue::Int64(Some(hi)), "{kind} max");
        let bound = |v: i64| {
            ScalarValue::Int64(Some(v))
                .cast_to(table.schema().field(i).data_type())
                .unwrap()
        };
        assert_eq!(
            stats.column_statistics[0].min_value,
            Precision::Exact(bound(lo)),
            "{kind}"
        );
        assert_eq!(
            stats.column_statistics[0].max_value,
            Precision::Exact(bound(hi)),
            "{kind}"
        );
    }
}
