//! Rows/s of a 9-column `CREATE SYNTHETIC TABLE` (id sequence, two numeric distributions, a
//! weighted category, a date, a timestamp, a pattern, a uuid and a nullable float) against
//! DataFusion's own `generate_series` + `random()` producing the same schema, in one process
//! and one `SessionContext`:
//!
//! * aggregated in-engine: `SELECT count(*), sum(amount), avg(score), count(DISTINCT
//!   category), min(day), max(ts), max(code), max(uid), sum(maybe) FROM …` (every column
//!   is computed, nothing is written);
//! * `COPY (SELECT * FROM …) TO 'x.parquet'`.
//!
//! Each workload first runs once untimed (full mode), then `reps` times, the two workloads of
//! a pair alternating (and swapping which goes first every repetition); the median is
//! reported.
//!
//! `cargo bench --bench synthetic_table` passes `--bench` and runs the full benchmark:
//! N = `DFSYNTH_BENCH_ROWS` (default 10 000 000), reps = `DFSYNTH_BENCH_REPS` (default 3).
//! Without `--bench` (e.g. `cargo test --benches`), or with `--test`, a smoke run of 10 000
//! rows and 1 repetition checks that everything works.

#[path = "common/mod.rs"]
mod common;

use common::{env_number, median};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, UInt64Type};
use datafusion::common::{DataFusionError, Result};
use datafusion::prelude::SessionContext;
use datafusion_synth::execute_sql;

const DEFAULT_ROWS: u64 = 10_000_000;
const DEFAULT_REPS: u64 = 3;
const SMOKE_ROWS: u64 = 10_000;

/// The table under test.
fn create_table(n: u64) -> String {
    format!(
        "CREATE OR REPLACE SYNTHETIC TABLE bench (
           id       BIGINT    GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           amount   DOUBLE    GENERATED ALWAYS AS (lognormal(3.0, 1.0)),
           score    DOUBLE    GENERATED ALWAYS AS (normal(50.0, 10.0)),
           category VARCHAR   GENERATED ALWAYS AS (weighted(['a', 'b', 'c', 'd'], [5, 3, 1, 1])),
           day      DATE      GENERATED ALWAYS AS (date_between(DATE '2020-01-01', DATE '2024-12-31')),
           ts       TIMESTAMP GENERATED ALWAYS AS (timestamp_between(TIMESTAMP '2024-01-01 00:00:00', TIMESTAMP '2024-12-31 23:59:59')),
           code     VARCHAR   GENERATED ALWAYS AS (pattern('ORD-####-??')),
           uid      VARCHAR   GENERATED ALWAYS AS (uuid()),
           maybe    DOUBLE    GENERATED ALWAYS AS (uniform(0.0, 1.0)) NULL 10 PERCENT
         ) WITH (rows = {n}, seed = 42)"
    )
}

/// The same schema from `generate_series` and `random()` (Box–Muller for the normals,
/// inverse CDF for the category, offsets for the date and timestamp).
fn reference_select(n: u64) -> String {
    let draws: Vec<String> = (1..=12).map(|i| format!("random() AS r{i}")).collect();
    format!(
        "SELECT value AS id,
           exp(3.0 + sqrt(-2.0 * ln(1.0 - r1)) * sin(2.0 * pi() * r2)) AS amount,
           50.0 + 10.0 * sqrt(-2.0 * ln(1.0 - r3)) * sin(2.0 * pi() * r4) AS score,
           CAST(CASE WHEN r5 < 0.5 THEN 'a' WHEN r5 < 0.8 THEN 'b' WHEN r5 < 0.9 THEN 'c' ELSE 'd' END AS VARCHAR) AS category,
           CAST(CAST(18262 + floor(r6 * 1827) AS INT) AS DATE) AS day,
           to_timestamp_nanos(CAST(1704067200000000000 + floor(r7 * 31622399000000000) AS BIGINT)) AS ts,
           CAST(concat('ORD-', lpad(CAST(CAST(floor(r8 * 10000) AS BIGINT) AS VARCHAR), 4, '0'), '-',
                  chr(65 + CAST(floor(r9 * 26) AS INT)), chr(65 + CAST(floor(r10 * 26) AS INT))) AS VARCHAR) AS code,
           CAST(uuid() AS VARCHAR) AS uid,
           CASE WHEN r11 < 0.1 THEN NULL ELSE r12 END AS maybe
         FROM (SELECT value, {} FROM generate_series(1, {n}))",
        draws.join(", ")
    )
}

const AGGREGATE: &str = "SELECT count(*), sum(amount), avg(score), count(DISTINCT category), \
     min(day), max(ts), max(code), max(uid), sum(maybe) FROM";

fn sql_path(p: &Path) -> String {
    p.display().to_string().replace('\'', "''")
}

async fn run(ctx: &SessionContext, sql: &str) -> Result<Vec<RecordBatch>> {
    execute_sql(ctx, sql).await?.collect().await
}

/// The first value of the single-row result, as u64 (`COPY`'s row count, `count(*)`).
fn first_u64(batches: &[RecordBatch]) -> Result<u64> {
    let b = batches
        .iter()
        .find(|b| b.num_rows() > 0)
        .ok_or_else(|| DataFusionError::Execution("empty result".into()))?;
    Ok(cast(b.column(0), &DataType::UInt64)?
        .as_primitive::<UInt64Type>()
        .value(0))
}

struct Workload {
    name: &'static str,
    sql: String,
    times: Vec<f64>,
}

impl Workload {
    async fn run_once(&self, ctx: &SessionContext, n: u64) -> Result<f64> {
        let start = Instant::now();
        let batches = run(ctx, &self.sql).await?;
        let secs = start.elapsed().as_secs_f64();
        let got = first_u64(&batches)?;
        if got != n {
            return Err(DataFusionError::Execution(format!(
                "{}: {got} rows, expected {n}",
                self.name
            )));
        }
        Ok(secs)
    }

    fn median(&self) -> f64 {
        median(&self.times)
    }
}

async fn bench(full: bool, rows: u64, reps: u64) -> Result<()> {
    let ctx = SessionContext::new();
    datafusion_synth::register_all(&ctx)?;
    let dir = tempfile::tempdir()?;
    let options = ctx.copied_config();
    println!(
        "synthetic_table: {} mode, nproc {}, target_partitions {}, batch_size {}, rows {rows}, reps {reps}",
        if full { "bench" } else { "smoke" },
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        options.target_partitions(),
        options.batch_size(),
    );
    run(&ctx, &create_table(rows)).await?;
    // Same column names and types on both sides.
    let ours = ctx.table("bench").await?;
    let reference = ctx.sql(&reference_select(10)).await?;
    let types = |s: &datafusion::common::DFSchema| -> Vec<(String, DataType)> {
        s.fields()
            .iter()
            .map(|f| (f.name().clone(), f.data_type().clone()))
            .collect()
    };
    if types(ours.schema()) != types(reference.schema()) {
        return Err(DataFusionError::Execution(format!(
            "schemas differ: ours {:?}, reference {:?}",
            types(ours.schema()),
            types(reference.schema())
        )));
    }
    let ours_file = sql_path(&dir.path().join("ours.parquet"));
    let ref_file = sql_path(&dir.path().join("reference.parquet"));
    let mut pairs = [
        [
            Workload {
                name: "aggregate synthetic table",
                sql: format!("{AGGREGATE} bench"),
                times: vec![],
            },
            Workload {
                name: "aggregate generate_series+random",
                sql: format!("{AGGREGATE} ({})", reference_select(rows)),
                times: vec![],
            },
        ],
        [
            Workload {
                name: "COPY synthetic table -> parquet",
                sql: format!("COPY (SELECT * FROM bench) TO '{ours_file}'"),
                times: vec![],
            },
            Workload {
                name: "COPY generate_series -> parquet",
                sql: format!("COPY ({}) TO '{ref_file}'", reference_select(rows)),
                times: vec![],
            },
        ],
    ];
    for pair in pairs.iter_mut() {
        if full {
            for w in pair.iter() {
                w.run_once(&ctx, rows).await?;
            }
        }
        for rep in 0..reps {
            let order = if rep % 2 == 0 { [0, 1] } else { [1, 0] };
            for i in order {
                let secs = pair[i].run_once(&ctx, rows).await?;
                println!("  rep {:>2}  {:<34} {secs:>8.3} s", rep + 1, pair[i].name);
                pair[i].times.push(secs);
            }
        }
    }
    println!();
    println!(
        "{:<34} {:>9} {:>10} {:>10}",
        "workload", "median s", "Mrows/s", "ours/ref"
    );
    for [ours, reference] in &pairs {
        let ratio = ours.median() / reference.median();
        for (w, r) in [(ours, format!("{ratio:.2}")), (reference, "-".to_string())] {
            let m = w.median();
            println!(
                "{:<34} {m:>9.3} {:>10.2} {r:>10}",
                w.name,
                rows as f64 / m / 1e6
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    let result = (|| {
        let (rows, reps) = if full {
            (
                env_number("DFSYNTH_BENCH_ROWS", DEFAULT_ROWS)?,
                env_number("DFSYNTH_BENCH_REPS", DEFAULT_REPS)?,
            )
        } else {
            (SMOKE_ROWS, 1)
        };
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
            .block_on(bench(full, rows, reps))
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synthetic_table: {e}");
            ExitCode::FAILURE
        }
    }
}
