//! Pairwise Spearman rank correlation of the numeric columns: the Pearson correlation
//! (DataFusion's `corr`) of their ranks (`rank()` windows), over at most [`MAX_ROWS`] rows
//! (a seeded sample of larger inputs), so the sorts stay small. Reported for the source and
//! for the generated rows, so the report shows which dependencies the statement keeps.

use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::common::Result;
use datafusion::prelude::{DataFrame, SessionContext};

use super::profile::{ColumnProfile, Kind};

/// Rows ranked at most.
pub const MAX_ROWS: usize = 200_000;

/// Numeric columns compared at most (the first ones): 16 columns are 120 pairs.
pub const MAX_COLUMNS: usize = 16;

/// The correlation of one pair of columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub rho: f64,
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The numeric columns of `profiles` that vary.
pub fn numeric_columns(profiles: &[ColumnProfile]) -> Vec<String> {
    profiles
        .iter()
        .filter(|p| {
            matches!(
                p.kind,
                Kind::Integer | Kind::Float | Kind::Decimal(_) | Kind::Date | Kind::Timestamp(_)
            ) && p.sd.is_some_and(|s| s > 0.0)
        })
        .take(MAX_COLUMNS)
        .map(|p| p.name.clone())
        .collect()
}

/// Spearman's rho for every pair of `columns` of `df` (over its first [`MAX_ROWS`] rows).
pub async fn spearman(df: &DataFrame, columns: &[String]) -> Result<Vec<Pair>> {
    if columns.len() < 2 {
        return Ok(vec![]);
    }
    let ctx = SessionContext::new();
    let rows = df.clone().limit(0, Some(MAX_ROWS))?.collect().await?;
    if rows.is_empty() {
        return Ok(vec![]);
    }
    ctx.register_table(
        "t",
        Arc::new(datafusion::datasource::MemTable::try_new(
            rows[0].schema(),
            vec![rows],
        )?),
    )?;
    let ranks: Vec<String> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            format!(
                "CASE WHEN {q} IS NULL THEN NULL ELSE CAST(rank() OVER (ORDER BY {q}) AS DOUBLE) END AS r{i}",
                q = quote(c)
            )
        })
        .collect();
    let mut pairs = Vec::new();
    let mut corrs = Vec::new();
    for i in 0..columns.len() {
        for j in i + 1..columns.len() {
            pairs.push((i, j));
            corrs.push(format!("corr(r{i}, r{j})"));
        }
    }
    let sql = format!(
        "SELECT {} FROM (SELECT {} FROM t)",
        corrs.join(", "),
        ranks.join(", ")
    );
    let batches = ctx.sql(&sql).await?.collect().await?;
    let b = &batches[0];
    let mut out = Vec::new();
    for (k, (i, j)) in pairs.into_iter().enumerate() {
        let a = datafusion::arrow::compute::cast(b.column(k), &DataType::Float64)?;
        let a = a.as_primitive::<Float64Type>();
        if a.is_valid(0) && a.value(0).is_finite() {
            out.push(Pair {
                a: columns[i].clone(),
                b: columns[j].clone(),
                rho: a.value(0),
            });
        }
    }
    Ok(out)
}
