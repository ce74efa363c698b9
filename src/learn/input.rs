//! The rows learned from: a registered table or a file (Parquet, CSV, JSON lines) read whole,
//! or a seeded sample of it held in memory (whole row groups of a Parquet file, chosen by a
//! hash of the seed and the row group; rows of any other source, chosen by a hash of the seed
//! and the row's position), at most `max_sample_rows` rows.

use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{BooleanArray, RecordBatch};
use datafusion::arrow::compute::filter_record_batch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::datasource::MemTable;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use datafusion::prelude::{
    CsvReadOptions, DataFrame, JsonReadOptions, ParquetReadOptions, SessionContext,
};
use futures::StreamExt;

/// What a run reads.
pub struct Input {
    /// The rows profiled: the whole source, or the sample in memory.
    pub df: DataFrame,
    /// The source's row count when known without a scan (Parquet footers, a sample's pass).
    pub source_rows: Option<u64>,
}

/// A 64-bit mix (SplitMix64's finalizer) of the seed and a position.
fn mix(seed: u64, i: u64) -> u64 {
    let mut z = seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Whether position `i` is in a `fraction` sample with `seed`.
pub fn chosen(seed: u64, i: u64, fraction: f64) -> bool {
    (mix(seed, i) >> 11) as f64 / (1u64 << 53) as f64 <= fraction
}

/// The kind of file a path names, by its extension.
pub fn file_kind(source: &str) -> Option<&'static str> {
    let lower = source.to_ascii_lowercase();
    let lower = lower.trim_end_matches('/');
    if lower.ends_with(".parquet") {
        Some("parquet")
    } else if lower.ends_with(".csv") {
        Some("csv")
    } else if lower.ends_with(".json") || lower.ends_with(".ndjson") || lower.ends_with(".jsonl") {
        Some("json")
    } else {
        None
    }
}

/// The source as a DataFrame: a table of the session by that name, or a file.
pub async fn open(ctx: &SessionContext, source: &str) -> Result<DataFrame> {
    if (!source.contains(['/', '.', '\\']) || ctx.table_exist(source).unwrap_or(false))
        && let Ok(df) = ctx.table(source).await
    {
        return Ok(df);
    }
    let local = !source.contains("://");
    if local && !Path::new(source).exists() {
        return plan_err!("LEARN: cannot read '{source}': no such file, directory or table");
    }
    match file_kind(source) {
        Some("parquet") => ctx.read_parquet(source, ParquetReadOptions::default()).await,
        Some("csv") => ctx.read_csv(source, CsvReadOptions::new()).await,
        Some(_) => {
            let ext = source.rsplit('.').next().unwrap_or("json").to_string();
            ctx.read_json(source, JsonReadOptions::default().file_extension(&format!(".{ext}")))
                .await
        }
        None => plan_err!(
            "LEARN: cannot read '{source}': not a table of the session, and not a file ending in .parquet, .csv, .json, .ndjson or .jsonl"
        ),
    }
    .map_err(|e| DataFusionError::Plan(format!("LEARN: cannot read '{source}': {e}")))
}

/// Row groups of a local Parquet file chosen with `seed` (at least one), read into batches
/// of at most `max_rows` rows in all; and the file's row count.
fn parquet_row_groups(
    path: &str,
    fraction: f64,
    seed: u64,
    max_rows: usize,
) -> Result<(SchemaRef, Vec<RecordBatch>, u64)> {
    let file = std::fs::File::open(path)
        .map_err(|e| DataFusionError::Plan(format!("LEARN: cannot read '{path}': {e}")))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| {
        DataFusionError::Plan(format!("LEARN: cannot read '{path}' as Parquet: {e}"))
    })?;
    let metadata = Arc::clone(builder.metadata());
    let schema = Arc::clone(builder.schema());
    let groups = metadata.num_row_groups();
    let total: u64 = metadata
        .row_groups()
        .iter()
        .map(|g| g.num_rows() as u64)
        .sum();
    let mut picked: Vec<usize> = (0..groups)
        .filter(|g| chosen(seed, *g as u64, fraction))
        .collect();
    if picked.is_empty() && groups > 0 {
        picked.push(
            (0..groups)
                .min_by_key(|g| mix(seed, *g as u64))
                .unwrap_or(0),
        );
    }
    let reader = builder.with_row_groups(picked).build()?;
    let mut batches = Vec::new();
    let mut rows = 0;
    for batch in reader {
        let batch = batch?;
        if rows >= max_rows {
            break;
        }
        let keep = batch.num_rows().min(max_rows - rows);
        rows += keep;
        batches.push(batch.slice(0, keep));
    }
    Ok((schema, batches, total))
}

/// The rows to profile for a sample of `df` (from `source`).
pub async fn sample(
    df: DataFrame,
    source: &str,
    fraction: f64,
    seed: u64,
    max_rows: usize,
) -> Result<Input> {
    let local_parquet = file_kind(source) == Some("parquet")
        && Path::new(source).is_file()
        && !source.contains("://");
    let (schema, batches, total) = if local_parquet {
        let path = source.to_string();
        tokio::task::spawn_blocking(move || parquet_row_groups(&path, fraction, seed, max_rows))
            .await
            .map_err(|e| DataFusionError::Execution(e.to_string()))??
    } else {
        let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
        let mut stream = df.execute_stream().await?;
        let (mut batches, mut kept, mut seen) = (Vec::new(), 0usize, 0u64);
        while let Some(batch) = stream.next().await {
            let batch = batch?;
            let mask: BooleanArray = (0..batch.num_rows() as u64)
                .map(|i| Some(kept < max_rows && chosen(seed, seen + i, fraction)))
                .collect();
            seen += batch.num_rows() as u64;
            let picked = filter_record_batch(&batch, &mask)?;
            kept += picked.num_rows();
            if picked.num_rows() > 0 {
                batches.push(picked);
            }
        }
        (schema, batches, seen)
    };
    let table = MemTable::try_new(schema, vec![batches])?;
    let ctx = SessionContext::new();
    Ok(Input {
        df: ctx.read_table(Arc::new(table))?,
        source_rows: Some(total),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_seeded_and_near_their_fraction() {
        let n = 100_000u64;
        let picked = (0..n).filter(|i| chosen(7, *i, 0.1)).count() as f64;
        // 6 standard deviations of a binomial(n, 0.1).
        assert!(
            (picked - 10_000.0).abs() < 6.0 * (n as f64 * 0.09).sqrt(),
            "{picked}"
        );
        let other = (0..n).filter(|i| chosen(8, *i, 0.1)).count() as f64;
        assert_ne!(picked, other);
    }
}
