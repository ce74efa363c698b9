//! End-to-end cost of generating a Spider table inside DataFusion, against DataFusion's own
//! `generate_series` + `random()` producing the same schema (`id BIGINT, x DOUBLE,
//! y DOUBLE`), in one process and one `SessionContext`:
//!
//! * `COPY (SELECT * FROM spider('uniform', N, 1, 'format=xy')) TO 'ours.parquet'` vs
//!   `COPY (SELECT value AS id, random() AS x, random() AS y FROM generate_series(1, N))
//!   TO 'reference.parquet'`;
//! * `SELECT sum(x), sum(y) FROM spider(...)` vs `SELECT sum(x), sum(y) FROM (SELECT
//!   random() AS x, random() AS y FROM generate_series(1, N))`: the generator cost alone,
//!   without Parquet encoding. (`sum(random()), sum(random())` would not do: DataFusion
//!   merges the two identical aggregates and draws one column only.)
//!
//! Each workload first runs once untimed, then `reps` times, the two workloads of a pair
//! alternating (and swapping which one goes first every repetition); the median is
//! reported.
//!
//! `cargo bench --bench copy_parquet` passes `--bench` and runs the full benchmark:
//! N = `DFSYNTH_BENCH_ROWS` (default 10 000 000), reps = `DFSYNTH_BENCH_REPS` (default 3).
//! Without `--bench` (e.g. `cargo test --all-targets` / `cargo test --benches`), or with
//! `--test` (`cargo bench -- --test`), a smoke run of 10 000 rows and 1 repetition checks
//! that everything works and exits in well under a second.

#[path = "common/mod.rs"]
mod common;

use common::{env_number, median};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, UInt64Type};
use datafusion::common::{DataFusionError, Result};
use datafusion::prelude::SessionContext;

const DEFAULT_ROWS: u64 = 10_000_000;
const DEFAULT_REPS: usize = 3;
const SMOKE_ROWS: u64 = 10_000;

struct Config {
    rows: u64,
    reps: usize,
    full: bool,
}

fn config() -> Result<Config> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    if !full {
        return Ok(Config {
            rows: SMOKE_ROWS,
            reps: 1,
            full,
        });
    }
    Ok(Config {
        rows: env_number("DFSYNTH_BENCH_ROWS", DEFAULT_ROWS)?,
        reps: env_number("DFSYNTH_BENCH_REPS", DEFAULT_REPS as u64)? as usize,
        full,
    })
}

fn sql_path(p: &Path) -> String {
    p.display().to_string().replace('\'', "''")
}

fn spider_select(n: u64) -> String {
    format!("SELECT * FROM spider('uniform', {n}, 1, 'format=xy')")
}

fn reference_select(n: u64) -> String {
    format!("SELECT value AS id, random() AS x, random() AS y FROM generate_series(1, {n})")
}

fn spider_sum(n: u64) -> String {
    format!("SELECT sum(x) AS sx, sum(y) AS sy FROM spider('uniform', {n}, 1, 'format=xy')")
}

fn reference_sum(n: u64) -> String {
    // Not `sum(random()), sum(random())`: DataFusion merges the two identical aggregates
    // into one (half the work). Through a projection both columns are drawn.
    format!(
        "SELECT sum(x) AS sx, sum(y) AS sy \
         FROM (SELECT random() AS x, random() AS y FROM generate_series(1, {n}))"
    )
}

fn copy_to(select: &str, path: &Path) -> String {
    format!("COPY ({select}) TO '{}'", sql_path(path))
}

async fn run(ctx: &SessionContext, sql: &str) -> Result<Vec<RecordBatch>> {
    ctx.sql(sql).await?.collect().await
}

/// The single value of the single-row result of `COPY`: the number of rows written.
fn copied_rows(batches: &[RecordBatch]) -> Result<u64> {
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    let batch = batches.iter().find(|b| b.num_rows() > 0);
    match batch {
        Some(b) if rows == 1 && b.num_columns() == 1 => {
            let count = cast(b.column(0), &DataType::UInt64)?;
            Ok(count.as_primitive::<UInt64Type>().value(0))
        }
        _ => Err(DataFusionError::Execution(format!(
            "COPY returned an unexpected result: {batches:?}"
        ))),
    }
}

/// The two values of `SELECT sum(..), sum(..)`.
fn two_sums(batches: &[RecordBatch]) -> Result<[f64; 2]> {
    let batch = batches.iter().find(|b| b.num_rows() > 0);
    match batch {
        Some(b) if b.num_rows() == 1 && b.num_columns() == 2 => {
            let value = |i: usize| -> Result<f64> {
                let a = cast(b.column(i), &DataType::Float64)?;
                let a = a.as_primitive::<Float64Type>();
                if a.is_null(0) {
                    return Err(DataFusionError::Execution("sum is NULL".into()));
                }
                Ok(a.value(0))
            };
            Ok([value(0)?, value(1)?])
        }
        _ => Err(DataFusionError::Execution(format!(
            "aggregate returned an unexpected result: {batches:?}"
        ))),
    }
}

/// One timed workload.
struct Workload {
    name: &'static str,
    /// The statement for `n` rows (writing to `path` for COPY workloads).
    sql: fn(u64, &Path) -> String,
    path: Option<PathBuf>,
    is_copy: bool,
    times: Vec<f64>,
    file_bytes: Option<u64>,
}

impl Workload {
    fn new(name: &'static str, sql: fn(u64, &Path) -> String, path: Option<PathBuf>) -> Self {
        let is_copy = path.is_some();
        Workload {
            name,
            sql,
            path,
            is_copy,
            times: Vec::new(),
            file_bytes: None,
        }
    }

    fn statement(&self, n: u64) -> String {
        (self.sql)(n, self.path.as_deref().unwrap_or(Path::new("")))
    }

    /// Runs the workload for `n` rows and checks its result; returns the elapsed seconds.
    async fn run_once(&mut self, ctx: &SessionContext, n: u64) -> Result<f64> {
        if let Some(p) = &self.path {
            // Start from nothing, so that every repetition writes a fresh file.
            let _ = std::fs::remove_file(p);
        }
        let sql = self.statement(n);
        let start = Instant::now();
        let batches = run(ctx, &sql).await?;
        let secs = start.elapsed().as_secs_f64();
        if self.is_copy {
            let copied = copied_rows(&batches)?;
            if copied != n {
                return Err(DataFusionError::Execution(format!(
                    "{}: COPY wrote {copied} rows, expected {n}",
                    self.name
                )));
            }
            let path = self.path.as_ref().expect("copy workload has a path");
            self.file_bytes = Some(std::fs::metadata(path)?.len());
        } else {
            let sums = two_sums(&batches)?;
            if sums[0] == sums[1] {
                return Err(DataFusionError::Execution(format!(
                    "{}: both sums are {}: the two columns were not drawn separately",
                    self.name, sums[0]
                )));
            }
            // Both generate uniform [0, 1) doubles: the means must be about 1/2 (checked
            // only where a deviation of 0.1 is practically impossible).
            for s in sums.into_iter().filter(|_| n >= 1000) {
                let mean = s / n as f64;
                if !(0.4..0.6).contains(&mean) {
                    return Err(DataFusionError::Execution(format!(
                        "{}: mean {mean} of {n} uniform values is implausible",
                        self.name
                    )));
                }
            }
        }
        Ok(secs)
    }

    fn median(&self) -> f64 {
        median(&self.times)
    }
}

/// Checks that both SELECTs have the same column names and types (`id BIGINT, x DOUBLE,
/// y DOUBLE`).
async fn check_schemas(ctx: &SessionContext) -> Result<()> {
    let ours = ctx.sql(&spider_select(10)).await?;
    let reference = ctx.sql(&reference_select(10)).await?;
    let describe = |s: &datafusion::common::DFSchema| -> Vec<(String, DataType)> {
        s.fields()
            .iter()
            .map(|f| (f.name().clone(), f.data_type().clone()))
            .collect()
    };
    let (a, b) = (describe(ours.schema()), describe(reference.schema()));
    let expected = vec![
        ("id".to_string(), DataType::Int64),
        ("x".to_string(), DataType::Float64),
        ("y".to_string(), DataType::Float64),
    ];
    if a != expected || b != expected {
        return Err(DataFusionError::Execution(format!(
            "schemas differ: spider {a:?}, reference {b:?}, expected {expected:?}"
        )));
    }
    Ok(())
}

/// Checks the Parquet file at `path`: same schema as the SELECT, `n` rows.
async fn check_parquet(ctx: &SessionContext, path: &Path, n: u64) -> Result<()> {
    let path_str = path.to_str().expect("UTF-8 temp path");
    let df = ctx.read_parquet(path_str, Default::default()).await?;
    let types: Vec<DataType> = df
        .schema()
        .fields()
        .iter()
        .map(|f| f.data_type().clone())
        .collect();
    if types != [DataType::Int64, DataType::Float64, DataType::Float64] {
        return Err(DataFusionError::Execution(format!(
            "{} has column types {types:?}",
            path.display()
        )));
    }
    let count = df.count().await? as u64;
    if count != n {
        return Err(DataFusionError::Execution(format!(
            "{} holds {count} rows, expected {n}",
            path.display()
        )));
    }
    Ok(())
}

/// Runs the pair `(ours, reference)` `reps` times, alternating, swapping the order of the
/// two every repetition.
async fn run_pair(ctx: &SessionContext, pair: &mut [Workload; 2], cfg: &Config) -> Result<()> {
    if cfg.full {
        for w in pair.iter_mut() {
            // Untimed, full size: the first run of a query pays for growing the
            // allocator's pools and the page cache of the output file.
            w.run_once(ctx, cfg.rows).await?;
        }
    }
    for rep in 0..cfg.reps {
        let order: [usize; 2] = if rep % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let w = &mut pair[i];
            let secs = w.run_once(ctx, cfg.rows).await?;
            println!("  rep {:>2}  {:<34} {secs:>8.3} s", rep + 1, w.name);
            w.times.push(secs);
        }
    }
    Ok(())
}

fn print_table(rows: u64, pairs: &[[Workload; 2]]) {
    println!();
    println!(
        "{:<34} {:>9} {:>10} {:>10} {:>12}",
        "workload", "median s", "Mrows/s", "ours/ref", "file MiB"
    );
    println!("{}", "-".repeat(79));
    for [ours, reference] in pairs {
        let ratio = ours.median() / reference.median();
        for (w, r) in [(ours, Some(ratio)), (reference, None)] {
            let m = w.median();
            let ratio = r.map_or_else(|| "-".to_string(), |r| format!("{r:.2}"));
            let size = w.file_bytes.map_or_else(
                || "-".to_string(),
                |b| format!("{:.1}", b as f64 / (1024.0 * 1024.0)),
            );
            println!(
                "{:<34} {m:>9.3} {:>10.2} {ratio:>10} {size:>12}",
                w.name,
                rows as f64 / m / 1e6,
            );
        }
    }
    println!();
    println!("ours/ref = median time of ours / median time of the reference (< 1: ours faster)");
    for [ours, reference] in pairs {
        if let (Some(a), Some(b)) = (ours.file_bytes, reference.file_bytes) {
            println!(
                "file sizes: {} = {a} bytes, {} = {b} bytes",
                ours.name, reference.name
            );
        }
    }
}

async fn bench(cfg: Config) -> Result<()> {
    let ctx = SessionContext::new();
    datafusion_synth::register_all(&ctx)?;
    let dir = tempfile::tempdir()?;
    let options = ctx.copied_config();
    println!(
        "copy_parquet: {} mode, nproc {}, target_partitions {}, batch_size {}, rows {}, reps {}",
        if cfg.full { "bench" } else { "smoke" },
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        options.target_partitions(),
        options.batch_size(),
        cfg.rows,
        cfg.reps,
    );
    println!("temp dir: {}", dir.path().display());
    check_schemas(&ctx).await?;

    let ours_path = dir.path().join("ours.parquet");
    let reference_path = dir.path().join("reference.parquet");
    let mut pairs = [
        [
            Workload::new(
                "COPY spider xy -> parquet",
                |n, p| copy_to(&spider_select(n), p),
                Some(ours_path.clone()),
            ),
            Workload::new(
                "COPY generate_series -> parquet",
                |n, p| copy_to(&reference_select(n), p),
                Some(reference_path.clone()),
            ),
        ],
        [
            Workload::new("sum(x), sum(y) spider xy", |n, _| spider_sum(n), None),
            Workload::new(
                "sum(x), sum(y) random() series",
                |n, _| reference_sum(n),
                None,
            ),
        ],
    ];
    for pair in pairs.iter_mut() {
        println!(
            "{} vs {}",
            pair[0].statement(cfg.rows),
            pair[1].statement(cfg.rows)
        );
        run_pair(&ctx, pair, &cfg).await?;
    }
    check_parquet(&ctx, &ours_path, cfg.rows).await?;
    check_parquet(&ctx, &reference_path, cfg.rows).await?;
    print_table(cfg.rows, &pairs);
    Ok(())
}

fn main() -> ExitCode {
    let result = config().and_then(|cfg| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
            .block_on(bench(cfg))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("copy_parquet benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}
