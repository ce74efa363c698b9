//! Parcel throughput inside DataFusion, and `COPY` of parcel boxes to GeoParquet:
//!
//! * `SELECT sum(xmin), sum(ymin), sum(xmax), sum(ymax) FROM spider('parcel', N, 1,
//!   'format=flat')` for N = 1 000 000 and 10 000 000 at `target_partitions` 1 and 2:
//!   boxes/s overall and per partition (the depth-first walk is O(1) amortized per box, so
//!   the per-core rate should not depend on N or on the partition count);
//! * `COPY (SELECT * FROM spider('parcel', 10 000 000, 1)) TO 'parcel.parquet'` (WKB polygons
//!   with GeoParquet `geo` metadata) at `target_partitions` 2.
//!
//! Each workload runs once untimed, then `reps` times; the median is reported.
//! `cargo bench --bench parcel` passes `--bench` and runs the full sizes with reps =
//! `DFSYNTH_BENCH_REPS` (default 3). Without `--bench` (`cargo test --benches`) or with
//! `--test`, a smoke run of 10 000 boxes checks that everything works.

use std::process::ExitCode;
use std::time::Instant;

use datafusion::arrow::array::AsArray;
use datafusion::arrow::datatypes::UInt64Type;
use datafusion::common::{DataFusionError, Result};
use datafusion::prelude::{SessionConfig, SessionContext};

struct Config {
    sizes: Vec<u64>,
    copy_rows: u64,
    reps: usize,
    full: bool,
}

fn config() -> Result<Config> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let full = args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test");
    if !full {
        return Ok(Config {
            sizes: vec![10_000],
            copy_rows: 10_000,
            reps: 1,
            full,
        });
    }
    let reps = match std::env::var("DFSYNTH_BENCH_REPS") {
        Ok(v) => v
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|r| *r > 0)
            .ok_or_else(|| {
                DataFusionError::Configuration(format!(
                    "DFSYNTH_BENCH_REPS={v:?} is not a positive integer"
                ))
            })?,
        Err(_) => 3,
    };
    Ok(Config {
        sizes: vec![1_000_000, 10_000_000],
        copy_rows: 10_000_000,
        reps,
        full,
    })
}

fn session(target_partitions: usize) -> Result<SessionContext> {
    let ctx = SessionContext::new_with_config(
        SessionConfig::new()
            .with_target_partitions(target_partitions)
            .with_batch_size(8192),
    );
    datafusion_synth::register_all(&ctx)?;
    Ok(ctx)
}

/// Median seconds of `reps` timed runs of `sql` (after one untimed run).
async fn time(ctx: &SessionContext, sql: &str, reps: usize) -> Result<f64> {
    ctx.sql(sql).await?.collect().await?;
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        ctx.sql(sql).await?.collect().await?;
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    Ok(times[times.len() / 2])
}

async fn run(cfg: &Config) -> Result<()> {
    println!(
        "parcel benchmark ({}), reps {}",
        if cfg.full { "bench" } else { "smoke" },
        cfg.reps
    );
    println!("| boxes | target_partitions | seconds | Mboxes/s | Mboxes/s per partition |");
    println!("|---|---|---|---|---|");
    for &n in &cfg.sizes {
        for tp in [1usize, 2] {
            let ctx = session(tp)?;
            let sql = format!(
                "SELECT sum(xmin), sum(ymin), sum(xmax), sum(ymax) FROM spider('parcel', {n}, 1, 'format=flat')"
            );
            let s = time(&ctx, &sql, cfg.reps).await?;
            let rate = n as f64 / s / 1e6;
            println!(
                "| {n} | {tp} | {s:.3} | {rate:.1} | {:.1} |",
                rate / tp as f64
            );
        }
    }
    let dir = std::env::temp_dir().join(format!("dfsynth-parcel-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("parcel.parquet");
    let ctx = session(2)?;
    let sql = format!(
        "COPY (SELECT * FROM spider('parcel', {}, 1)) TO '{}'",
        cfg.copy_rows,
        path.display().to_string().replace('\'', "''")
    );
    let s = time(&ctx, &sql, cfg.reps).await?;
    let written = ctx.sql(&sql).await?.collect().await?;
    let rows = written[0].column(0).as_primitive::<UInt64Type>().value(0);
    if rows != cfg.copy_rows {
        return Err(DataFusionError::Execution(format!(
            "COPY wrote {rows} rows, expected {}",
            cfg.copy_rows
        )));
    }
    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "\nCOPY {} parcel boxes to GeoParquet (target_partitions 2): {s:.3} s, {:.2} Mboxes/s, {:.1} MB",
        cfg.copy_rows,
        cfg.copy_rows as f64 / s / 1e6,
        bytes as f64 / 1e6
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn main() -> ExitCode {
    let result = config().and_then(|cfg| {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(DataFusionError::from)?
            .block_on(run(&cfg))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("parcel benchmark failed: {e}");
            ExitCode::FAILURE
        }
    }
}
