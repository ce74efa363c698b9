//! Shared helpers of the integration tests: sessions, canonical hashes of Arrow data and
//! the metrics of the synthetic scans in an executed plan.
#![allow(dead_code)]

pub mod geo;
pub mod moto;
pub mod ordered;

use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::{cast, concat_batches};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type, SchemaRef};
use datafusion::physical_plan::metrics::MetricValue;
use datafusion::physical_plan::{ExecutionPlan, collect};
use datafusion::prelude::{SessionConfig, SessionContext};
use datafusion_synth::SyntheticExec;
use sha2::{Digest, Sha256};

/// A session with `target_partitions` and `batch_size`, everything registered.
pub fn ctx(target_partitions: usize, batch_size: usize) -> SessionContext {
    let config = SessionConfig::new()
        .with_target_partitions(target_partitions)
        .with_batch_size(batch_size);
    let ctx = SessionContext::new_with_config(config);
    datafusion_synth::register_all(&ctx).unwrap();
    ctx
}

/// The Python interpreter of the test venv (GeoPandas, pyarrow, tpchgen-cli): `DFSYNTH_PYTHON`,
/// or the one `scripts/geo-venv.sh` creates from pinned PyPI packages. Panics (the test fails,
/// never skips) when it cannot be set up.
pub fn python() -> String {
    if let Ok(p) = std::env::var("DFSYNTH_PYTHON")
        && !p.is_empty()
    {
        return p;
    }
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/geo-venv.sh");
    let out = std::process::Command::new("bash")
        .arg(script)
        .output()
        .expect("cannot run scripts/geo-venv.sh");
    assert!(
        out.status.success(),
        "scripts/geo-venv.sh failed (python3 and network access to PyPI are required):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Runs `sql` and returns its batches.
pub async fn query(ctx: &SessionContext, sql: &str) -> Vec<RecordBatch> {
    ctx.sql(sql).await.unwrap().collect().await.unwrap()
}

/// Runs one statement of any kind through `execute_sql` (so `CREATE SYNTHETIC TABLE` works
/// too), panicking with the statement and the error when it fails.
pub async fn run(ctx: &SessionContext, sql: &str) -> Vec<RecordBatch> {
    datafusion_synth::execute_sql(ctx, sql)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .collect()
        .await
        .unwrap()
}

/// The error text of `sql`, which must fail (in planning or in execution).
pub async fn error(ctx: &SessionContext, sql: &str) -> String {
    match datafusion_synth::execute_sql(ctx, sql).await {
        Err(e) => e.to_string(),
        Ok(df) => match df.collect().await {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{sql}: expected an error"),
        },
    }
}

/// The integer (signed or unsigned 64-bit) in the first column of the first row.
pub fn first(batches: &[RecordBatch]) -> i64 {
    let c = batches[0].column(0);
    match c.data_type() {
        datafusion::arrow::datatypes::DataType::UInt64 => c
            .as_primitive::<datafusion::arrow::datatypes::UInt64Type>()
            .value(0) as i64,
        _ => c.as_primitive::<Int64Type>().value(0),
    }
}

/// The JSON object a Python script of `scripts/` prints, run with the test venv's
/// interpreter. pyarrow's thread pool has been seen to abort the interpreter at exit under
/// load ("terminate called without an active exception") after printing nothing; the script
/// is then run once more (it only reads).
pub fn python_json(script: &str, args: &[&str]) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(script);
    let read = || {
        std::process::Command::new(python())
            .arg(&path)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run scripts/{script}: {e}"))
    };
    let mut out = read();
    if !out.status.success()
        && String::from_utf8_lossy(&out.stderr)
            .contains("terminate called without an active exception")
    {
        out = read();
    }
    assert!(
        out.status.success(),
        "{script} {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// `dfsynth -c sql` as a child process (stdout and stderr captured).
#[cfg(feature = "cli")]
pub fn dfsynth(sql: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_dfsynth"));
    cmd.arg("-c").arg(sql);
    cmd.stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    cmd
}

/// The BIGINT in the first column of the first row of `sql`'s result.
pub async fn int(ctx: &SessionContext, sql: &str) -> i64 {
    run(ctx, sql).await[0]
        .column(0)
        .as_primitive::<Int64Type>()
        .value(0)
}

/// Runs `sql`, returning the executed physical plan and the batches.
pub async fn query_plan(
    ctx: &SessionContext,
    sql: &str,
) -> (Arc<dyn ExecutionPlan>, Vec<RecordBatch>) {
    let plan = ctx
        .sql(sql)
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    let batches = collect(Arc::clone(&plan), ctx.task_ctx()).await.unwrap();
    (plan, batches)
}

/// One batch holding all rows (schema taken from the first batch, or `schema`).
pub fn concat(schema: &SchemaRef, batches: &[RecordBatch]) -> RecordBatch {
    concat_batches(schema, batches).unwrap()
}

/// A SHA-256 over the column names, types and values of `batches` in row order, independent
/// of how rows are split into batches and of Parquet or any other encoding.
pub fn hash(batches: &[RecordBatch]) -> String {
    let Some(first) = batches.first() else {
        return "empty".to_string();
    };
    let batch = concat(&first.schema(), batches);
    let mut h = Sha256::new();
    for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
        // View types (what the Parquet reader returns) hash like their plain forms.
        let column = match column.data_type() {
            DataType::BinaryView => cast(column, &DataType::Binary).unwrap(),
            DataType::Utf8View => cast(column, &DataType::Utf8).unwrap(),
            _ => Arc::clone(column),
        };
        h.update(field.name().as_bytes());
        h.update(column.data_type().to_string().as_bytes());
        for i in 0..column.len() {
            if column.is_null(i) {
                h.update([0u8]);
                continue;
            }
            h.update([1u8]);
            match column.data_type() {
                DataType::Int64 => {
                    h.update(column.as_primitive::<Int64Type>().value(i).to_le_bytes())
                }
                DataType::Float64 => h.update(
                    column
                        .as_primitive::<Float64Type>()
                        .value(i)
                        .to_bits()
                        .to_le_bytes(),
                ),
                DataType::Binary => {
                    let v = column.as_binary::<i32>().value(i);
                    h.update((v.len() as u64).to_le_bytes());
                    h.update(v);
                }
                DataType::Utf8 => {
                    let v = column.as_string::<i32>().value(i);
                    h.update((v.len() as u64).to_le_bytes());
                    h.update(v.as_bytes());
                }
                // GeoArrow native structs: the children's doubles in order.
                DataType::Struct(_) => {
                    for child in column.as_struct().columns() {
                        let v = child.as_primitive::<Float64Type>().value(i);
                        h.update(v.to_bits().to_le_bytes());
                    }
                }
                // Other types (TPC-DS integers, decimals, dates): their value as text.
                _ => {
                    let v = datafusion::common::ScalarValue::try_from_array(&column, i).unwrap();
                    let v = v.to_string();
                    h.update((v.len() as u64).to_le_bytes());
                    h.update(v.as_bytes());
                }
            }
        }
    }
    format!("{:x}", h.finalize())
}

/// Sum of `output_rows` and `output_batches` over the synthetic scans of an executed plan.
pub fn synthetic_metrics(plan: &Arc<dyn ExecutionPlan>) -> (usize, usize, usize) {
    let mut scans = 0;
    let mut rows = 0;
    let mut batches = 0;
    let mut todo = vec![Arc::clone(plan)];
    while let Some(p) = todo.pop() {
        if p.downcast_ref::<SyntheticExec>().is_some() {
            scans += 1;
            if let Some(m) = p.metrics() {
                rows += m.output_rows().unwrap_or(0);
                batches += m
                    .sum(|m| matches!(m.value(), MetricValue::OutputBatches(_)))
                    .map(|v| v.as_usize())
                    .unwrap_or(0);
            }
        }
        todo.extend(p.children().into_iter().cloned());
    }
    (scans, rows, batches)
}

/// Column `name` of `batch` as f64 values.
pub fn f64s(batch: &RecordBatch, name: &str) -> Vec<f64> {
    batch
        .column_by_name(name)
        .unwrap()
        .as_primitive::<Float64Type>()
        .values()
        .to_vec()
}

/// The points of `spider(dist, n, seed, opts + ' format=xy')` in id order.
pub async fn points(dist: &str, n: u64, seed: u64, opts: &str) -> (Vec<f64>, Vec<f64>) {
    let ctx = ctx(2, 8192);
    let sql =
        format!("SELECT x, y FROM spider('{dist}', {n}, {seed}, '{opts} format=xy') ORDER BY id");
    let batches = query(&ctx, &sql).await;
    let batch = concat(&batches[0].schema(), &batches);
    (f64s(&batch, "x"), f64s(&batch, "y"))
}
