//! Column profiles: what one aggregate pass over the rows (DataFusion's own aggregates:
//! counts, `approx_distinct`, moments, t-digest quantiles, regular-expression shares) and one
//! grouped count per low-cardinality text column say about each column. Memory is bounded by
//! the sketches and the category limit, whatever the row count.

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type, TimeUnit};
use std::collections::HashMap;

use datafusion::arrow::compute::cast as cast_array;
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::functions::expr_fn::{character_length, ln};
use datafusion::functions_aggregate::expr_fn::{approx_distinct, avg, count, max, min, stddev};
use datafusion::logical_expr::{Expr, cast, col, ident, lit, when};
use datafusion::prelude::DataFrame;

use super::quantiles::quantiles_udaf;

/// What a column holds, for learning.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Integer,
    Float,
    /// A decimal with its scale (values are rounded to it).
    Decimal(i8),
    Text,
    Boolean,
    Date,
    /// Timestamps as microseconds, with the column's time zone.
    Timestamp(Option<String>),
    /// Not learned (binary, nested…): named in the DDL's comments.
    Unsupported,
}

impl Kind {
    pub fn of(t: &DataType) -> Self {
        match t {
            DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => Kind::Integer,
            DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64 => {
                Kind::Integer
            }
            DataType::Float16 | DataType::Float32 | DataType::Float64 => Kind::Float,
            DataType::Decimal128(_, s) | DataType::Decimal256(_, s) => Kind::Decimal(*s),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Kind::Text,
            DataType::Boolean => Kind::Boolean,
            DataType::Date32 | DataType::Date64 => Kind::Date,
            DataType::Timestamp(_, tz) => Kind::Timestamp(tz.as_ref().map(|t| t.to_string())),
            _ => Kind::Unsupported,
        }
    }

    fn numeric(&self) -> bool {
        !matches!(self, Kind::Text | Kind::Boolean | Kind::Unsupported)
    }
}

/// Content detectors of text columns: name and regular expression.
pub const DETECTORS: [(&str, &str); 6] = [
    ("email", r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"),
    (
        "uuid",
        r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
    ),
    ("ipv4", r"^(\d{1,3}\.){3}\d{1,3}$"),
    ("url", r"^https?://\S+$"),
    ("phone", r"^\+?[0-9][0-9 ().\-]{6,}[0-9]$"),
    (
        "iso_date",
        r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?",
    ),
];

/// Rows the content detectors read (the first ones): enough to tell emails from free text,
/// and it keeps six regular expressions per text column off a full scan.
pub const DETECTOR_ROWS: usize = 100_000;

/// What was learned of one column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnProfile {
    pub name: String,
    pub data_type: DataType,
    pub kind: Kind,
    pub rows: u64,
    pub non_null: u64,
    /// Distinct non-null values (HyperLogLog estimate).
    pub distinct: u64,
    /// Numbers (dates as days, timestamps as microseconds): moments and quantiles.
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    /// Mean and standard deviation of ln(x) over the positive values, and their share.
    pub log_mean: Option<f64>,
    pub log_sd: Option<f64>,
    pub positive_share: f64,
    /// Quantiles at the options' probabilities.
    pub quantiles: Vec<f64>,
    /// Text: mean length in characters and in words.
    pub mean_chars: Option<f64>,
    pub mean_words: Option<f64>,
    /// Text: the share of non-null values each detector matches.
    pub detected: Vec<(&'static str, f64)>,
    /// Booleans: the share of true.
    pub true_share: Option<f64>,
    /// Low-cardinality text: every value with its count, most frequent first.
    pub categories: Option<Vec<(String, u64)>>,
}

fn float(batch: &RecordBatch, i: usize) -> Option<f64> {
    let a = batch.column(i);
    if a.is_null(0) {
        return None;
    }
    match a.data_type() {
        DataType::Float64 => Some(a.as_primitive::<Float64Type>().value(0)),
        DataType::Int64 => Some(a.as_primitive::<Int64Type>().value(0) as f64),
        _ => ScalarValue::try_from_array(a, 0)
            .ok()?
            .cast_to(&DataType::Float64)
            .ok()
            .and_then(|v| match v {
                ScalarValue::Float64(f) => f,
                _ => None,
            }),
    }
}

/// The doubles of the list in column `i` of the first row (empty when NULL).
fn floats(batch: &RecordBatch, i: usize) -> Vec<f64> {
    let a = batch.column(i);
    let Some(list) = a.as_list_opt::<i32>() else {
        return Vec::new();
    };
    if list.is_null(0) {
        return Vec::new();
    }
    let values = list.value(0);
    let Some(values) = values.as_primitive_opt::<Float64Type>() else {
        return Vec::new();
    };
    values.iter().flatten().collect()
}

/// The column as a number: dates as days since 1970, timestamps as microseconds.
pub(crate) fn as_number(name: &str, kind: &Kind) -> Expr {
    let c = ident(name);
    match kind {
        Kind::Date => cast(cast(c, DataType::Date32), DataType::Int32),
        Kind::Timestamp(_) => cast(
            cast(c, DataType::Timestamp(TimeUnit::Microsecond, None)),
            DataType::Int64,
        ),
        _ => c,
    }
}

fn column(name: &str) -> Expr {
    ident(name)
}

/// Profiles every column of `df` (`probabilities` for the quantiles; text columns with at
/// most `max_categories` distinct values get their value counts).
pub async fn profile(
    df: &DataFrame,
    probabilities: &[f64],
    max_categories: usize,
) -> Result<Vec<ColumnProfile>> {
    let schema = df.schema().as_arrow().clone();
    let quantiles = quantiles_udaf(probabilities);
    let mut aggs = vec![count(lit(1)).alias("__rows")];
    // The content detectors (regular expressions, the costly part) read the first
    // DETECTOR_ROWS rows only.
    let mut text_columns = vec![];
    for (i, f) in schema.fields().iter().enumerate() {
        let kind = Kind::of(f.data_type());
        let c = column(f.name());
        aggs.push(count(c.clone()).alias(format!("c{i}_n")));
        if kind == Kind::Unsupported {
            continue;
        }
        // `approx_distinct` takes integers and strings: floats and decimals as text, dates
        // and timestamps as their numbers.
        let distinct = match &kind {
            Kind::Float | Kind::Decimal(_) => cast(c.clone(), DataType::Utf8),
            Kind::Date | Kind::Timestamp(_) => as_number(f.name(), &kind),
            Kind::Boolean => cast(c.clone(), DataType::Int32),
            _ => c.clone(),
        };
        aggs.push(approx_distinct(distinct).alias(format!("c{i}_d")));
        if kind.numeric() {
            let x = cast(as_number(f.name(), &kind), DataType::Float64);
            aggs.push(min(x.clone()).alias(format!("c{i}_min")));
            aggs.push(max(x.clone()).alias(format!("c{i}_max")));
            aggs.push(avg(x.clone()).alias(format!("c{i}_mean")));
            aggs.push(stddev(x.clone()).alias(format!("c{i}_sd")));
            let logx = when(x.clone().gt(lit(0.0)), ln(x.clone())).end()?;
            aggs.push(avg(logx.clone()).alias(format!("c{i}_lmean")));
            aggs.push(stddev(logx.clone()).alias(format!("c{i}_lsd")));
            aggs.push(count(logx).alias(format!("c{i}_pos")));
            aggs.push(quantiles.call(vec![x]).alias(format!("c{i}_q")));
        } else if kind == Kind::Text {
            let chars = cast(character_length(c.clone()), DataType::Float64);
            aggs.push(avg(chars).alias(format!("c{i}_chars")));
            let spaces = cast(
                character_length(c.clone())
                    - character_length(datafusion::functions::expr_fn::replace(
                        c.clone(),
                        lit(" "),
                        lit(""),
                    )),
                DataType::Float64,
            );
            aggs.push(avg(spaces + lit(1.0)).alias(format!("c{i}_words")));
            text_columns.push(f.name().as_str());
        } else if kind == Kind::Boolean {
            aggs.push(
                avg(cast(cast(c, DataType::Int32), DataType::Float64)).alias(format!("c{i}_true")),
            );
        }
    }
    let batches = df.clone().aggregate(vec![], aggs)?.collect().await?;
    let b = &batches[0];
    let mut detected = detect(df, &text_columns).await?;
    let at = |name: &str| b.schema().index_of(name).ok().and_then(|i| float(b, i));
    let rows = at("__rows").unwrap_or(0.0) as u64;
    let mut out = Vec::new();
    for (i, f) in schema.fields().iter().enumerate() {
        let kind = Kind::of(f.data_type());
        let get = |s: &str| at(&format!("c{i}_{s}"));
        let non_null = get("n").unwrap_or(0.0) as u64;
        let mut p = ColumnProfile {
            name: f.name().clone(),
            data_type: f.data_type().clone(),
            kind: kind.clone(),
            rows,
            non_null,
            distinct: get("d").unwrap_or(0.0) as u64,
            min: get("min"),
            max: get("max"),
            mean: get("mean"),
            sd: get("sd"),
            log_mean: get("lmean"),
            log_sd: get("lsd"),
            positive_share: if non_null > 0 {
                get("pos").unwrap_or(0.0) / non_null as f64
            } else {
                0.0
            },
            // t-digest interpolates between values: integers stay integers.
            quantiles: b
                .schema()
                .index_of(&format!("c{i}_q"))
                .ok()
                .map(|c| floats(b, c))
                .unwrap_or_default()
                .into_iter()
                .map(|q| {
                    if matches!(kind, Kind::Integer | Kind::Date) {
                        q.round()
                    } else {
                        q
                    }
                })
                .collect(),
            mean_chars: get("chars"),
            mean_words: get("words"),
            detected: detected.remove(f.name().as_str()).unwrap_or_default(),
            true_share: get("true"),
            categories: None,
        };
        if kind == Kind::Text && p.distinct > 0 && p.distinct as usize <= max_categories {
            p.categories = Some(categories(df, f.name(), max_categories).await?);
        }
        out.push(p);
    }
    Ok(out)
}

/// For every text column of `columns`, the share of its non-NULL values among the first
/// [`DETECTOR_ROWS`] rows that each of [`DETECTORS`] matches (as `regexp_like` would; the
/// expressions compiled once, not once per batch). A column without a non-NULL value there
/// has no shares.
async fn detect(
    df: &DataFrame,
    columns: &[&str],
) -> Result<HashMap<String, Vec<(&'static str, f64)>>> {
    let mut out = HashMap::new();
    if columns.is_empty() {
        return Ok(out);
    }
    let regexes = DETECTORS
        .iter()
        .map(|(_, re)| regex::Regex::new(re))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| DataFusionError::Internal(format!("a content detector: {e}")))?;
    let batches = df
        .clone()
        .select_columns(columns)?
        .limit(0, Some(DETECTOR_ROWS))?
        .collect()
        .await?;
    for (i, name) in columns.iter().enumerate() {
        let mut seen = 0u64;
        let mut hits = vec![0u64; regexes.len()];
        for b in &batches {
            let a = cast_array(b.column(i), &DataType::Utf8)?;
            for v in a.as_string::<i32>().iter().flatten() {
                seen += 1;
                for (h, re) in hits.iter_mut().zip(&regexes) {
                    *h += u64::from(re.is_match(v));
                }
            }
        }
        if seen > 0 {
            let shares = DETECTORS
                .iter()
                .zip(hits)
                .map(|((name, _), h)| (*name, h as f64 / seen as f64))
                .collect();
            out.insert(name.to_string(), shares);
        }
    }
    Ok(out)
}

/// The values of a text column with their counts, most frequent first (ties by value).
async fn categories(df: &DataFrame, name: &str, limit: usize) -> Result<Vec<(String, u64)>> {
    let c = column(name);
    let counted = df
        .clone()
        .filter(c.clone().is_not_null())?
        .aggregate(
            vec![cast(c, DataType::Utf8).alias("v")],
            vec![count(lit(1)).alias("n")],
        )?
        .sort(vec![
            col("n").sort(false, false),
            col("v").sort(true, false),
        ])?
        .limit(0, Some(limit + 1))?
        .collect()
        .await?;
    let mut out = Vec::new();
    for b in &counted {
        let values = b.column(0).as_string::<i32>();
        let counts = b.column(1).as_primitive::<Int64Type>();
        for r in 0..b.num_rows() {
            out.push((values.value(r).to_string(), counts.value(r) as u64));
        }
    }
    Ok(out)
}
