//! Rows per second of the tabular generators.
//!
//! * `column`: every generator alone through its column function (registry
//!   `build_generator`, `evaluate` over `Rows::Range` in batches of 8192).
//! * `table`: a 9-column table through the table model (`SyntheticTableBuilder`, one
//!   `EvalPlan`, `evaluate_range` in batches of 8192): `id sequence`, `amount normal`,
//!   `wait exponential`, `category weighted`, `day date_between`, `at timestamp_between`,
//!   `code pattern`, `key uuid`, `score` a float nulled 5% of the time by an independent
//!   `bernoulli` (a hidden column; the null-mask step is a bench-local column function
//!   standing in for the SQL `CASE` that `NULL p PERCENT` becomes).
//! * `sql`: the same table registered in a `SessionContext`, aggregated in-engine and
//!   `COPY`ed to Parquet, against DataFusion's own `generate_series` + `random()`
//!   equivalent of the same 9 columns in the same run.
//!
//! `cargo bench --bench generators` passes `--bench` and measures N = 1,000,000 rows per
//! iteration (`DFSYNTH_BENCH_ROWS` overrides). Without `--bench` (`cargo test --benches`)
//! criterion runs every benchmark once, on 10,000 rows.

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::nullif;
use datafusion::arrow::datatypes::{DataType, Field, IntervalMonthDayNano, TimeUnit};
use datafusion::common::{Result, ScalarValue};
use datafusion::prelude::SessionContext;
use datafusion_synth::SyntheticTableProvider;
use datafusion_synth::functions::{ColumnFunction, Rows, build_generator};
use datafusion_synth::table::{ColumnDef, SyntheticTable, SyntheticTableBuilder};

const BATCH: u64 = 8192;

fn rows() -> u64 {
    let full = std::env::args().any(|a| a == "--bench");
    if !full {
        return 10_000;
    }
    std::env::var("DFSYNTH_BENCH_ROWS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(1_000_000)
}

fn i(v: i64) -> ScalarValue {
    ScalarValue::Int64(Some(v))
}

fn f(v: f64) -> ScalarValue {
    ScalarValue::Float64(Some(v))
}

fn s(v: &str) -> ScalarValue {
    ScalarValue::Utf8(Some(v.to_string()))
}

fn typed(v: &str, t: DataType) -> ScalarValue {
    s(v).cast_to(&t).expect("literal")
}

fn list(values: &[ScalarValue]) -> ScalarValue {
    ScalarValue::List(ScalarValue::new_list_nullable(
        values,
        &values[0].data_type(),
    ))
}

fn ts() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, None)
}

fn cases() -> Vec<(&'static str, &'static str, Vec<ScalarValue>)> {
    vec![
        ("sequence", "sequence", vec![i(1)]),
        ("unique_int", "unique_int", vec![i(0), i(1 << 40)]),
        ("uniform_int", "uniform", vec![i(0), i(1000)]),
        ("uniform_float", "uniform", vec![f(0.0), f(1.0)]),
        ("normal", "normal", vec![f(0.0), f(1.0)]),
        ("lognormal", "lognormal", vec![f(0.0), f(1.0)]),
        ("exponential", "exponential", vec![f(1.0)]),
        ("pareto", "pareto", vec![f(1.0), f(2.0)]),
        ("zipf", "zipf", vec![i(1_000_000), f(1.1)]),
        ("bernoulli", "bernoulli", vec![f(0.5)]),
        ("poisson_4", "poisson", vec![f(4.0)]),
        ("poisson_100", "poisson", vec![f(100.0)]),
        ("choice", "choice", vec![list(&[s("a"), s("b"), s("c")])]),
        (
            "weighted",
            "weighted",
            vec![list(&[s("a"), s("b"), s("c")]), list(&[i(7), i(2), i(1)])],
        ),
        (
            "date_between",
            "date_between",
            vec![
                typed("2020-01-01", DataType::Date32),
                typed("2024-12-31", DataType::Date32),
            ],
        ),
        (
            "timestamp_series",
            "timestamp_series",
            vec![
                typed("2024-01-01T00:00:00", ts()),
                ScalarValue::IntervalMonthDayNano(Some(IntervalMonthDayNano::new(
                    0,
                    0,
                    1_000_000_000,
                ))),
                f(0.5),
            ],
        ),
        ("pattern", "pattern", vec![s("ORD-####-??")]),
        ("uuid", "uuid", vec![]),
        ("lorem_words", "lorem_words", vec![i(5)]),
    ]
}

fn bench_column(c: &mut Criterion) {
    let n = rows();
    let mut group = c.benchmark_group("column");
    group
        .throughput(Throughput::Elements(n))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (label, name, args) in cases() {
        let g = build_generator(name, &args).expect("valid generator");
        group.bench_function(BenchmarkId::from_parameter(label), |b| {
            b.iter(|| {
                let mut len = 0;
                let mut start = 0;
                while start < n {
                    let end = (start + BATCH).min(n);
                    len += black_box(g.evaluate(&Rows::Range(start..end), 7, &[]).unwrap()).len();
                    start = end;
                }
                assert_eq!(len as u64, n);
            })
        });
    }
    group.finish();
}

/// `value` where `mask` is false, NULL where it is true (the bench's stand-in for
/// `CASE WHEN mask THEN NULL ELSE value END`).
#[derive(Debug)]
struct NullWhere;

impl ColumnFunction for NullWhere {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Float64, true)
    }

    fn evaluate(&self, _rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        Ok(nullif(inputs[0].as_ref(), inputs[1].as_boolean())?)
    }

    fn arity(&self) -> usize {
        2
    }

    fn describe(&self, inputs: &[&str]) -> String {
        format!("CASE WHEN {} THEN NULL ELSE {} END", inputs[1], inputs[0])
    }
}

fn column(name: &str, generator: &str, args: &[ScalarValue]) -> ColumnDef {
    ColumnDef::new(
        name,
        build_generator(generator, args).expect("valid generator"),
    )
}

fn table(n: u64) -> SyntheticTable {
    SyntheticTableBuilder::new("orders", n, 42)
        .column(column("id", "sequence", &[i(1)]))
        .column(column("amount", "normal", &[f(100.0), f(15.0)]))
        .column(column("wait", "exponential", &[f(0.5)]))
        .column(column(
            "category",
            "weighted",
            &[
                list(&[s("books"), s("games"), s("tools")]),
                list(&[i(5), i(3), i(2)]),
            ],
        ))
        .column(column(
            "day",
            "date_between",
            &[
                typed("2020-01-01", DataType::Date32),
                typed("2024-12-31", DataType::Date32),
            ],
        ))
        .column(column(
            "at",
            "timestamp_between",
            &[
                typed("2024-01-01T00:00:00", ts()),
                typed("2024-12-31T23:59:59", ts()),
            ],
        ))
        .column(column("code", "pattern", &[s("ORD-####-??")]))
        .column(column("key", "uuid", &[]))
        .column(column("raw_score", "uniform", &[f(0.0), f(1.0)]).hidden())
        .column(column("score_null", "bernoulli", &[f(0.05)]).hidden())
        .column(
            ColumnDef::new("score", Arc::new(NullWhere)).with_inputs(["raw_score", "score_null"]),
        )
        .build()
        .expect("valid table")
}

fn bench_table(c: &mut Criterion) {
    let n = rows();
    let t = table(n);
    let plan = t.eval_plan(None).expect("eval plan");
    let mut group = c.benchmark_group("table");
    group
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(n))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    group.bench_function("nine_columns", |b| {
        b.iter(|| {
            let mut len = 0;
            let mut start = 0;
            while start < n {
                let end = (start + BATCH).min(n);
                len += black_box(t.evaluate_range(&plan, start, end).unwrap()).num_rows();
                start = end;
            }
            assert_eq!(len as u64, n);
        })
    });
    group.finish();
}

/// The same nine columns from DataFusion's own generators.
fn reference_select(n: u64) -> String {
    format!(
        "SELECT value AS id, \
           100 + 15 * sqrt(-2 * ln(1 - random())) * sin(2 * pi() * random()) AS amount, \
           -ln(1 - random()) / 0.5 AS wait, \
           CASE WHEN random() < 0.5 THEN 'books' WHEN random() < 0.6 THEN 'games' ELSE 'tools' END AS category, \
           CAST(DATE '2020-01-01' + CAST(floor(random() * 1827) AS INT) AS DATE) AS day, \
           to_timestamp_micros(1704067200000000 + CAST(floor(random() * 31622399000000) AS BIGINT)) AS at, \
           'ORD-' || lpad(CAST(CAST(floor(random() * 10000) AS BIGINT) AS VARCHAR), 4, '0') || '-' \
             || chr(65 + CAST(floor(random() * 26) AS INT)) || chr(65 + CAST(floor(random() * 26) AS INT)) AS code, \
           uuid() AS key, \
           CASE WHEN random() < 0.05 THEN NULL ELSE random() END AS score \
         FROM generate_series(1, {n})"
    )
}

const AGGREGATE: &str = "SELECT count(*), sum(amount), sum(wait), count(DISTINCT category), \
    max(day), max(at), max(code), max(key), sum(score)";

fn bench_sql(c: &mut Criterion) {
    let n = rows();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let ctx = SessionContext::new();
    ctx.register_table(
        "orders",
        Arc::new(SyntheticTableProvider::new(Arc::new(table(n)))),
    )
    .expect("register");
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |sql: String| {
        rt.block_on(async {
            let batches = ctx.sql(&sql).await.unwrap().collect().await.unwrap();
            black_box(batches)
        })
    };
    let mut group = c.benchmark_group("sql");
    group
        .sampling_mode(SamplingMode::Flat)
        .throughput(Throughput::Elements(n))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    group.bench_function("aggregate/ours", |b| {
        b.iter(|| run(format!("{AGGREGATE} FROM orders")))
    });
    group.bench_function("aggregate/generate_series", |b| {
        b.iter(|| run(format!("{AGGREGATE} FROM ({})", reference_select(n))))
    });
    let ours = dir.path().join("ours.parquet").display().to_string();
    let theirs = dir.path().join("reference.parquet").display().to_string();
    group.bench_function("copy_parquet/ours", |b| {
        b.iter(|| run(format!("COPY (SELECT * FROM orders) TO '{ours}'")))
    });
    group.bench_function("copy_parquet/generate_series", |b| {
        b.iter(|| run(format!("COPY ({}) TO '{theirs}'", reference_select(n))))
    });
    group.finish();
}

criterion_group!(benches, bench_column, bench_table, bench_sql);
criterion_main!(benches);
