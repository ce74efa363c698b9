//! Learning from Parquet footers alone: row counts, null counts and min/max of every row group,
//! and the bytes of text columns, with no row read. Numbers are taken as uniform between the
//! footer's min and max (rounded by the privacy level); text as lorem or random characters of
//! the mean length.

use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::parquet::arrow::parquet_to_arrow_schema;
use datafusion::parquet::file::metadata::ParquetMetaDataReader;
use datafusion::parquet::file::statistics::Statistics;

use super::profile::{ColumnProfile, Kind};

fn number(s: &Statistics, max: bool) -> Option<f64> {
    Some(match s {
        Statistics::Int32(v) => *(if max { v.max_opt() } else { v.min_opt() })? as f64,
        Statistics::Int64(v) => *(if max { v.max_opt() } else { v.min_opt() })? as f64,
        Statistics::Float(v) => *(if max { v.max_opt() } else { v.min_opt() })? as f64,
        Statistics::Double(v) => *(if max { v.max_opt() } else { v.min_opt() })?,
        Statistics::Boolean(v) => *(if max { v.max_opt() } else { v.min_opt() })? as u8 as f64,
        _ => return None,
    })
}

/// Profiles from the footer of the Parquet file `path`.
pub fn profile(path: &str, probabilities: &[f64]) -> Result<Vec<ColumnProfile>> {
    let file = std::fs::File::open(path)
        .map_err(|e| DataFusionError::Plan(format!("LEARN: cannot read '{path}': {e}")))?;
    let metadata = ParquetMetaDataReader::new()
        .parse_and_finish(&file)
        .map_err(|e| {
            DataFusionError::Plan(format!("LEARN: cannot read '{path}' as Parquet: {e}"))
        })?;
    let descr = metadata.file_metadata().schema_descr();
    let schema = parquet_to_arrow_schema(descr, None)?;
    if descr.num_columns() != schema.fields().len() {
        return plan_err!(
            "LEARN: mode 'footer' reads flat tables; '{path}' has nested columns: use mode 'sample' or 'full'"
        );
    }
    let rows: u64 = metadata
        .row_groups()
        .iter()
        .map(|g| g.num_rows() as u64)
        .sum();
    let mut out = Vec::new();
    for (j, f) in schema.fields().iter().enumerate() {
        let kind = Kind::of(f.data_type());
        let (mut nulls, mut lo, mut hi, mut bytes) = (0u64, f64::INFINITY, f64::NEG_INFINITY, 0i64);
        for g in metadata.row_groups() {
            let c = g.column(j);
            bytes += c.unencoded_byte_array_data_bytes().unwrap_or(0);
            if let Some(s) = c.statistics() {
                nulls += s.null_count_opt().unwrap_or(0);
                if let Some(v) = number(s, false) {
                    lo = lo.min(v);
                }
                if let Some(v) = number(s, true) {
                    hi = hi.max(v);
                }
            }
        }
        // Timestamps in microseconds, as the other modes read them.
        let scale = match f.data_type() {
            DataType::Timestamp(TimeUnit::Second, _) => 1e6,
            DataType::Timestamp(TimeUnit::Millisecond, _) => 1e3,
            DataType::Timestamp(TimeUnit::Nanosecond, _) => 1e-3,
            _ => 1.0,
        };
        let (lo, hi) = (lo * scale, hi * scale);
        let known = lo.is_finite() && hi.is_finite();
        let non_null = rows.saturating_sub(nulls);
        let numeric = !matches!(kind, Kind::Text | Kind::Boolean | Kind::Unsupported);
        let (mean, sd, quantiles) = if known && numeric {
            let q = probabilities.iter().map(|p| lo + p * (hi - lo)).collect();
            (Some((lo + hi) / 2.0), Some((hi - lo) / 12f64.sqrt()), q)
        } else {
            (None, None, vec![])
        };
        out.push(ColumnProfile {
            name: f.name().clone(),
            data_type: f.data_type().clone(),
            kind: kind.clone(),
            rows,
            non_null,
            distinct: 0,
            min: known.then_some(lo),
            max: known.then_some(hi),
            mean,
            sd,
            log_mean: None,
            log_sd: None,
            positive_share: 0.0,
            quantiles,
            mean_chars: (kind == Kind::Text && non_null > 0)
                .then(|| bytes as f64 / non_null as f64),
            mean_words: None,
            detected: vec![],
            true_share: (kind == Kind::Boolean).then_some(0.5),
            categories: None,
        });
    }
    Ok(out)
}
