//! `CREATE SYNTHETIC TABLE` end to end: determinism across partitions, batch sizes and
//! projections; per-call-site streams (editing one column never changes another); null
//! masks independent of values; SHOW CREATE TABLE text that recreates the same data; the
//! Rust builder equivalent; COPY to Parquet and back; exact pushdowns through the DDL path.

use crate::common;

use common::{ctx, hash, query_plan, synthetic_metrics};
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{Float64Type, Int64Type};
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use datafusion_synth::sql::{ColumnSpec, SqlTableBuilder};
use datafusion_synth::{SyntheticExec, SyntheticTableProvider, execute_sql};

const ROWS: u64 = 20_000;

fn orders_ddl(rows: u64) -> String {
    format!(
        "CREATE OR REPLACE SYNTHETIC TABLE orders (
           id       BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           qty      BIGINT  GENERATED ALWAYS AS (uniform(1, 10)),
           price    DOUBLE  GENERATED ALWAYS AS (normal(100.0, 15.0)),
           status   VARCHAR GENERATED ALWAYS AS (choice(['new', 'paid', 'shipped'])),
           discount DOUBLE  GENERATED ALWAYS AS (uniform(0.0, 0.2)) NULL 10 PERCENT,
           total    DOUBLE  GENERATED ALWAYS AS (CAST(qty AS DOUBLE) * price * (1 - coalesce(discount, 0))),
           noise    DOUBLE  GENERATED ALWAYS AS (uniform(0.0, 1.0) + uniform(0.0, 1.0)) HIDDEN,
           score    DOUBLE  GENERATED ALWAYS AS (noise * 10)
         ) WITH (rows = {rows}, seed = 42)"
    )
}

async fn run(ctx: &SessionContext, sql: &str) -> Vec<RecordBatch> {
    execute_sql(ctx, sql)
        .await
        .unwrap()
        .collect()
        .await
        .unwrap()
}

async fn run_err(ctx: &SessionContext, sql: &str) -> String {
    match execute_sql(ctx, sql).await {
        Err(e) => e.strip_backtrace(),
        Ok(df) => df.collect().await.unwrap_err().strip_backtrace(),
    }
}

/// All batches as one (equal content compares equal whatever the batch split).
fn one(batches: &[RecordBatch]) -> RecordBatch {
    concat_batches(&batches[0].schema(), batches).unwrap()
}

async fn table_with(partitions: usize, batch: usize, ddl: &str) -> SessionContext {
    let ctx = ctx(partitions, batch);
    run(&ctx, ddl).await;
    ctx
}

#[tokio::test]
async fn identical_bytes_across_partitions_batch_sizes_and_projections() {
    let projections = ["*", "status, price, id", "total", "score, discount", "qty"];
    let mut expected: Vec<Option<RecordBatch>> = vec![None; projections.len()];
    for partitions in [1, 2, 3, 7] {
        for batch in [8192, 1000, 37] {
            let ctx = table_with(partitions, batch, &orders_ddl(ROWS)).await;
            for (i, p) in projections.iter().enumerate() {
                let got = one(&run(&ctx, &format!("SELECT {p} FROM orders ORDER BY id")).await);
                // (ORDER BY id works for projections without id: DataFusion sorts before projecting.)
                match &expected[i] {
                    None => expected[i] = Some(got),
                    Some(e) => {
                        assert_eq!(&got, e, "{p} with {partitions} partitions, batch {batch}")
                    }
                }
            }
        }
    }
    // Every projection agrees with the full table.
    let all = expected[0].as_ref().unwrap();
    let sub = expected[1].as_ref().unwrap();
    assert_eq!(sub.column(1), all.column_by_name("price").unwrap());
    assert_eq!(all.num_rows(), ROWS as usize);
}

#[tokio::test]
async fn rows_are_the_same_whatever_range_is_asked() {
    let ctx = table_with(4, 8192, &orders_ddl(ROWS)).await;
    let all = one(&run(&ctx, "SELECT * FROM orders ORDER BY id").await);
    let some = one(&run(
        &ctx,
        "SELECT * FROM orders WHERE id IN (3, 5000, 19999) ORDER BY id",
    )
    .await);
    for (k, id) in [3usize, 5000, 19999].iter().enumerate() {
        assert_eq!(some.slice(k, 1), all.slice(id - 1, 1));
    }
    // A larger table has the same first rows.
    let ctx = table_with(3, 8192, &orders_ddl(ROWS * 2)).await;
    let first = one(&run(
        &ctx,
        &format!("SELECT * FROM orders WHERE id <= {ROWS} ORDER BY id"),
    )
    .await);
    assert_eq!(first, all);
}

#[tokio::test]
async fn editing_one_column_leaves_the_others_unchanged() {
    let a = "a DOUBLE GENERATED ALWAYS AS (normal(0.0, 1.0))";
    let ctx1 = table_with(
        2,
        8192,
        &format!("CREATE SYNTHETIC TABLE t ({a}, b BIGINT GENERATED ALWAYS AS (uniform(1, 6))) WITH (rows = 5000, seed = 9)"),
    )
    .await;
    let ctx2 = table_with(
        3,
        1000,
        &format!(
            "CREATE SYNTHETIC TABLE t (
               c VARCHAR GENERATED ALWAYS AS (choice(['x', 'y'])),
               b BIGINT GENERATED ALWAYS AS (uniform(1, 600) * 2),
               {a},
               d DOUBLE GENERATED ALWAYS AS (a * 2)
             ) WITH (rows = 5000, seed = 9)"
        ),
    )
    .await;
    let q = "SELECT a FROM t ORDER BY a";
    let a1 = one(&run(&ctx1, "SELECT a FROM t").await);
    let a2 = one(&run(&ctx2, "SELECT a FROM t").await);
    assert_eq!(sorted_f64(&a1), sorted_f64(&a2), "{q}");
    // Row by row, not only as a multiset.
    let by_row =
        |ctx: SessionContext| async move { one(&run(&ctx, "SELECT a FROM t ORDER BY a").await) };
    assert_eq!(by_row(ctx1).await, by_row(ctx2).await);
    // Same generator and arguments in a differently named column: other values.
    let ctx3 = table_with(
        1,
        8192,
        "CREATE SYNTHETIC TABLE t (a DOUBLE GENERATED ALWAYS AS (normal(0.0, 1.0)), a2 DOUBLE GENERATED ALWAYS AS (normal(0.0, 1.0))) WITH (rows = 100, seed = 9)",
    )
    .await;
    let both = one(&run(&ctx3, "SELECT a, a2 FROM t").await);
    assert_ne!(both.column(0), both.column(1));
}

fn sorted_f64(b: &RecordBatch) -> Vec<u64> {
    let mut v: Vec<u64> = b
        .column(0)
        .as_primitive::<Float64Type>()
        .values()
        .iter()
        .map(|x| x.to_bits())
        .collect();
    v.sort_unstable();
    v
}

#[tokio::test]
async fn a_generator_alone_or_inside_an_expression_gives_the_same_values() {
    let ctx = table_with(
        2,
        8192,
        "CREATE SYNTHETIC TABLE t1 (id BIGINT GENERATED ALWAYS AS (sequence(0)), x BIGINT GENERATED ALWAYS AS (uniform(1, 1000))) WITH (rows = 3000, seed = 5)",
    )
    .await;
    run(&ctx, "CREATE SYNTHETIC TABLE t2 (id BIGINT GENERATED ALWAYS AS (sequence(0)), x BIGINT GENERATED ALWAYS AS ((uniform(1, 1000) + 0))) WITH (rows = 3000, seed = 5)").await;
    let a = one(&run(&ctx, "SELECT x FROM t1 ORDER BY id").await);
    let b = one(&run(&ctx, "SELECT x FROM t2 ORDER BY id").await);
    assert_eq!(a, b);
}

#[tokio::test]
async fn null_percent_masks_rows_independently_of_values() {
    let n = 40_000usize;
    let ctx = table_with(
        3,
        4096,
        &format!(
            "CREATE SYNTHETIC TABLE t (
               id BIGINT GENERATED ALWAYS AS (sequence(0)),
               x DOUBLE GENERATED ALWAYS AS (normal(0.0, 1.0)),
               y DOUBLE GENERATED ALWAYS AS (normal(0.0, 1.0)) NULL 20 PERCENT,
               z DOUBLE GENERATED ALWAYS AS (nullify(normal(0.0, 1.0), 0.2))
             ) WITH (rows = {n}, seed = 3)"
        ),
    )
    .await;
    let b = one(&run(&ctx, "SELECT x, y, z FROM t ORDER BY id").await);
    let y = b.column(1).as_primitive::<Float64Type>();
    let z = b.column(2).as_primitive::<Float64Type>();
    // Null share: 0.2 ± 5 standard errors.
    let se = (0.2f64 * 0.8 / n as f64).sqrt();
    let share = y.null_count() as f64 / n as f64;
    assert!((share - 0.2).abs() < 5.0 * se, "null share {share}");
    // `NULL p PERCENT` and `nullify(e, p/100)` are the same rewrite: same mask, same values
    // (for the same column name; y and z, different columns, have different masks).
    assert_ne!(y.nulls(), z.nulls());
    run(&ctx, &format!("CREATE SYNTHETIC TABLE w (id BIGINT GENERATED ALWAYS AS (sequence(0)), z DOUBLE GENERATED ALWAYS AS (normal(0.0, 1.0)) NULL 20 PERCENT) WITH (rows = {n}, seed = 3)")).await;
    let w = one(&run(&ctx, "SELECT z FROM w ORDER BY id").await);
    assert_eq!(w.column(0).as_primitive::<Float64Type>(), z);
    // Adding the mask does not change the values that stay: compare with a table without it.
    run(&ctx, &format!("CREATE SYNTHETIC TABLE u (id BIGINT GENERATED ALWAYS AS (sequence(0)), y DOUBLE GENERATED ALWAYS AS (normal(0.0, 1.0))) WITH (rows = {n}, seed = 3)")).await;
    let full = one(&run(&ctx, "SELECT y FROM u ORDER BY id").await);
    let full = full.column(0).as_primitive::<Float64Type>();
    let mut kept = 0;
    for i in 0..n {
        if y.is_valid(i) {
            assert_eq!(y.value(i).to_bits(), full.value(i).to_bits());
            kept += 1;
        }
    }
    assert!(kept > 0);
    // The mask is independent of the values: mean of the masked-out values ≈ 0 (N(0, 1)).
    let (mut s, mut m) = (0.0, 0usize);
    for i in 0..n {
        if y.is_null(i) {
            s += full.value(i);
            m += 1;
        }
    }
    let mean = s / m as f64;
    assert!(
        mean.abs() < 5.0 / (m as f64).sqrt(),
        "mean of masked values {mean}"
    );
}

#[tokio::test]
async fn show_create_table_recreates_identical_data() {
    let ctx = ctx(3, 8192);
    let config = ctx.copied_config().with_information_schema(true);
    let ctx = SessionContext::new_with_config(config);
    datafusion_synth::register_all(&ctx).unwrap();
    run(&ctx, &orders_ddl(5000)).await;
    let before = one(&run(&ctx, "SELECT * FROM orders ORDER BY id").await);
    let def = one(&run(
        &ctx,
        "SELECT definition FROM information_schema.views WHERE table_name = 'orders'",
    )
    .await);
    let text = def
        .column(0)
        .as_string_view_opt()
        .map(|a| a.value(0).to_string())
        .unwrap_or_else(|| def.column(0).as_string::<i32>().value(0).to_string());
    assert!(text.starts_with("CREATE SYNTHETIC TABLE orders (\n  id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,"), "{text}");
    assert!(
        text.contains("discount DOUBLE GENERATED ALWAYS AS (uniform(0.0, 0.2)) NULL 10 PERCENT"),
        "{text}"
    );
    assert!(text.ends_with(") WITH (rows = 5000, seed = 42)"), "{text}");
    run(&ctx, "DROP TABLE orders").await;
    assert!(
        run_err(&ctx, "SELECT * FROM orders")
            .await
            .contains("not found")
    );
    run(&ctx, &text).await;
    let after = one(&run(&ctx, "SELECT * FROM orders ORDER BY id").await);
    assert_eq!(before, after);
}

#[tokio::test]
async fn the_rust_builder_plans_like_the_statement() {
    let ctx = table_with(2, 8192, &orders_ddl(3000)).await;
    let expected = one(&run(&ctx, "SELECT * FROM orders ORDER BY id").await);
    let builder = SqlTableBuilder::new("orders2", 3000)
        .seed(42)
        .column_spec(
            ColumnSpec::parse("id", "BIGINT", "sequence(1)")
                .unwrap()
                .not_null(),
        )
        .column("qty", "BIGINT", "uniform(1, 10)")
        .unwrap()
        .column("price", "DOUBLE", "normal(100.0, 15.0)")
        .unwrap()
        .column("status", "VARCHAR", "choice(['new', 'paid', 'shipped'])")
        .unwrap()
        .column_spec(
            ColumnSpec::parse("discount", "DOUBLE", "uniform(0.0, 0.2)")
                .unwrap()
                .null_percent(10.0),
        )
        .column(
            "total",
            "DOUBLE",
            "CAST(qty AS DOUBLE) * price * (1 - coalesce(discount, 0))",
        )
        .unwrap()
        .column_spec(
            ColumnSpec::parse("noise", "DOUBLE", "uniform(0.0, 1.0) + uniform(0.0, 1.0)")
                .unwrap()
                .hidden(),
        )
        .column("score", "DOUBLE", "noise * 10")
        .unwrap();
    assert!(
        builder
            .to_sql()
            .starts_with("CREATE SYNTHETIC TABLE orders2 (\n  id BIGINT")
    );
    builder.register(&ctx).unwrap();
    let got = one(&run(&ctx, "SELECT * FROM orders2 ORDER BY id").await);
    assert_eq!(got, expected);
    // Errors surface from build() with the same text as from the statement.
    let err = SqlTableBuilder::new("bad", 10)
        .column("a", "VARCHAR", "sequence(1)")
        .unwrap()
        .build(&ctx.state())
        .unwrap_err()
        .strip_backtrace();
    assert!(err.contains("column 'a' is declared VARCHAR"), "{err}");
    assert!(ColumnSpec::parse("a", "BIGINT", "1 +").is_err());
}

#[tokio::test]
async fn copy_to_parquet_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.parquet");
    let ctx = table_with(3, 8192, &orders_ddl(ROWS)).await;
    let cols = "id, qty, price, status, discount";
    let n = run(
        &ctx,
        &format!("COPY (SELECT {cols} FROM orders) TO '{}'", path.display()),
    )
    .await;
    assert_eq!(
        n[0].column(0)
            .as_primitive::<datafusion::arrow::datatypes::UInt64Type>()
            .value(0),
        ROWS
    );
    let expected = hash(&run(&ctx, &format!("SELECT {cols} FROM orders ORDER BY id")).await);
    ctx.register_parquet(
        "back",
        path.to_str().unwrap(),
        ParquetReadOptions::default(),
    )
    .await
    .unwrap();
    let back = run(&ctx, &format!("SELECT {cols} FROM back ORDER BY id")).await;
    assert_eq!(hash(&back), expected);
    assert!(back.iter().map(|b| b.column(4).null_count()).sum::<usize>() > 0);
}

#[tokio::test]
async fn pushdowns_apply_to_ddl_tables() {
    let ctx = table_with(4, 8192, &orders_ddl(1_000_000_000_000)).await;
    // count(*): exact statistics, nothing generated.
    let (plan, b) = query_plan(&ctx, "SELECT count(*) FROM orders").await;
    assert_eq!(
        b[0].column(0).as_primitive::<Int64Type>().value(0),
        1_000_000_000_000
    );
    assert_eq!(synthetic_metrics(&plan).1, 0);
    // LIMIT stops generation.
    let (plan, b) = query_plan(&ctx, "SELECT * FROM orders LIMIT 3").await;
    assert_eq!(b.iter().map(RecordBatch::num_rows).sum::<usize>(), 3);
    assert_eq!(synthetic_metrics(&plan).1, 3);
    // A filter on the sequence key narrows the generated rows.
    let (plan, b) = query_plan(
        &ctx,
        "SELECT id, total FROM orders WHERE id BETWEEN 500000000001 AND 500000000100",
    )
    .await;
    assert_eq!(b.iter().map(RecordBatch::num_rows).sum::<usize>(), 100);
    assert_eq!(synthetic_metrics(&plan).1, 100);
    // Projection: only the needed columns and their dependencies (helpers included).
    let provider = ctx.table_provider("orders").await.unwrap();
    let table = provider
        .downcast_ref::<SyntheticTableProvider>()
        .unwrap()
        .table()
        .clone();
    let names: Vec<String> = table
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let idx = |n: &str| names.iter().position(|x| x == n).unwrap();
    let computed = |cols: &[&str]| {
        let p: Vec<usize> = cols.iter().map(|c| idx(c)).collect();
        table
            .computed_columns(&table.eval_plan(Some(&p)).unwrap())
            .join(",")
    };
    assert_eq!(computed(&["id"]), "id");
    // choice() writes VARCHAR's Utf8View itself: no helper.
    assert_eq!(computed(&["status"]), "status");
    assert_eq!(computed(&["score"]), "__noise#0,__noise#1,noise,score");
    let total = computed(&["total"]);
    for needed in [
        "qty",
        "price",
        "__discount#0",
        "__discount#1",
        "discount",
        "total",
    ] {
        assert!(total.split(',').any(|c| c == needed), "{total}");
    }
    assert!(
        !total.contains("status") && !total.contains("id"),
        "{total}"
    );
    // Exact statistics of the key column through the DDL path.
    use datafusion::common::ScalarValue;
    use datafusion::common::stats::Precision;
    use datafusion::physical_plan::statistics::{StatisticsArgs, StatisticsContext};
    let plan = ctx
        .sql("SELECT id FROM orders WHERE id BETWEEN 11 AND 20010")
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    assert!(
        plan.downcast_ref::<SyntheticExec>().is_some(),
        "a bare synthetic scan"
    );
    let stats = StatisticsContext::new()
        .compute(plan.as_ref(), &StatisticsArgs::new())
        .unwrap();
    assert_eq!(stats.num_rows, Precision::Exact(20_000));
    assert_eq!(
        stats.column_statistics[0].max_value,
        Precision::Exact(ScalarValue::Int64(Some(20_010)))
    );
}

#[tokio::test]
async fn lookups_by_index_equal_the_scan() {
    use datafusion::arrow::array::UInt64Array;
    let ctx = table_with(2, 8192, &orders_ddl(5000)).await;
    let provider = ctx.table_provider("orders").await.unwrap();
    let table = provider
        .downcast_ref::<SyntheticTableProvider>()
        .unwrap()
        .table()
        .clone();
    let plan = table.eval_plan(None).unwrap();
    let scan = table.evaluate_range(&plan, 0, 5000).unwrap();
    let picks = [4999u64, 0, 17, 17, 2500, 1];
    let looked = table
        .evaluate_indices(&plan, &UInt64Array::from(picks.to_vec()))
        .unwrap();
    for (k, &row) in picks.iter().enumerate() {
        assert_eq!(looked.slice(k, 1), scan.slice(row as usize, 1), "row {row}");
    }
}

#[tokio::test]
async fn sessions_built_with_with_synth_know_the_statement_and_the_generators() {
    use datafusion::execution::SessionStateBuilder;
    let state =
        datafusion_synth::with_synth(SessionStateBuilder::new().with_default_features()).build();
    let ctx = SessionContext::new_with_state(state);
    run(
        &ctx,
        "CREATE SYNTHETIC TABLE t (x BIGINT GENERATED ALWAYS AS (uniform(1, 3))) WITH (rows = 10)",
    )
    .await;
    let b = one(&run(&ctx, "SELECT min(x) >= 1 AND max(x) <= 3 FROM t").await);
    assert!(b.column(0).as_boolean().value(0));
    let err = run_err(&ctx, "SELECT normal(0.0, 1.0)").await;
    assert!(
        err.starts_with("Error during planning: normal() generates per-row values and can only be used in a CREATE SYNTHETIC TABLE column expression"),
        "{err}"
    );
    // DataFusion's own uuid() is kept.
    let b = one(&run(&ctx, "SELECT length(uuid())").await);
    assert_eq!(
        b.column(0)
            .as_primitive::<datafusion::arrow::datatypes::Int32Type>()
            .value(0),
        36
    );
}

/// The values of a DDL table are part of the reproducibility contract: call-site streams
/// `(seed, column, position)`, the null-mask rewrite and the generators are frozen.
#[tokio::test]
async fn golden_hash_of_a_ddl_table() {
    let ctx = table_with(3, 1000, &orders_ddl(10_000)).await;
    let got = hash(&run(&ctx, "SELECT * FROM orders ORDER BY id").await);
    assert_eq!(
        got,
        "36fcabf186501480129a9d93e8f4ad439f4166cfc7bfb91cad0aa28f4cf07cbf"
    );
}

#[tokio::test]
async fn varchar_generators_write_utf8_view_natively_with_the_values_of_the_cast_path() {
    let ctx = ctx(2, 8192);
    // Each column is one generator call: it must produce VARCHAR's Utf8View itself (no
    // hidden helper cast per batch). The same columns wrapped in CAST take the cast path.
    let columns = [
        ("code", "pattern('AB-####-??')"),
        ("long", "lorem_words(5)"),
        ("status", "choice(['new', 'paid', 'a longer status'])"),
    ];
    let build = |cast: bool| {
        let mut b = SqlTableBuilder::new("t", 5000).seed(3);
        for (name, expr) in columns {
            let expr = if cast {
                format!("CAST({expr} AS VARCHAR)")
            } else {
                expr.to_string()
            };
            b = b.column(name, "VARCHAR", &expr).unwrap();
        }
        b.build(&ctx.state()).unwrap()
    };
    let (native, cast) = (build(false), build(true));
    for (i, (name, _)) in columns.iter().enumerate() {
        let plan = native.eval_plan(Some(&[i])).unwrap();
        assert_eq!(native.computed_columns(&plan), vec![*name]);
        let plan = cast.eval_plan(Some(&[i])).unwrap();
        assert_eq!(cast.computed_columns(&plan).len(), 2, "{name}");
    }
    let a = native
        .evaluate_range(&native.eval_plan(None).unwrap(), 0, 5000)
        .unwrap();
    let b = cast
        .evaluate_range(&cast.eval_plan(None).unwrap(), 0, 5000)
        .unwrap();
    for i in 0..columns.len() {
        assert_eq!(
            a.column(i).data_type(),
            &datafusion::arrow::datatypes::DataType::Utf8View
        );
        a.column(i).to_data().validate_full().unwrap();
    }
    assert_eq!(a, b);
}
