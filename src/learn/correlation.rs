//! Pairwise Spearman rank correlation of the numeric columns: the Pearson correlation of
//! their ranks (SQL `rank()`: ties share the lowest), over at most [`MAX_ROWS`] rows, so the
//! sorts stay small (one sort per column, in memory, not one window plan per column). Reported for the source and
//! for the generated rows, so the report shows which dependencies the statement keeps.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, AsArray};
use datafusion::arrow::compute::{cast, concat_batches};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::common::Result;
use datafusion::prelude::DataFrame;

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

/// Spearman's rho for every pair of `columns` of `df` (over its first [`MAX_ROWS`] rows):
/// each column's ranks as SQL's `rank()` gives them (ties share the lowest rank, NULLs have
/// none), then the Pearson correlation of two columns' ranks over the rows where both have
/// one (as `corr` counts them).
pub async fn spearman(df: &DataFrame, columns: &[String]) -> Result<Vec<Pair>> {
    if columns.len() < 2 {
        return Ok(vec![]);
    }
    let picked: Vec<&str> = columns.iter().map(String::as_str).collect();
    let batches = df
        .clone()
        .select_columns(&picked)?
        .limit(0, Some(MAX_ROWS))?
        .collect()
        .await?;
    if batches.is_empty() {
        return Ok(vec![]);
    }
    let batch = concat_batches(&batches[0].schema(), &batches)?;
    let ranks = (0..columns.len())
        .map(|i| ranks(batch.column(i)))
        .collect::<Result<Vec<_>>>()?;
    let mut out = Vec::new();
    for i in 0..columns.len() {
        for j in i + 1..columns.len() {
            let rho = pearson(&ranks[i], &ranks[j]);
            if rho.is_finite() {
                out.push(Pair {
                    a: columns[i].clone(),
                    b: columns[j].clone(),
                    rho,
                });
            }
        }
    }
    Ok(out)
}

/// The column as doubles (dates as days, timestamps as their integers; NULL stays NULL).
fn doubles(a: &ArrayRef) -> Result<Vec<Option<f64>>> {
    let a = match a.data_type() {
        DataType::Date32 => cast(a, &DataType::Int32)?,
        DataType::Date64 | DataType::Timestamp(_, _) => cast(a, &DataType::Int64)?,
        _ => Arc::clone(a),
    };
    let a = cast(&a, &DataType::Float64)?;
    Ok(a.as_primitive::<Float64Type>().iter().collect())
}

/// SQL `rank()` of every value in ascending order (1-based, ties share the lowest rank);
/// `None` for NULL.
fn ranks(a: &ArrayRef) -> Result<Vec<Option<f64>>> {
    let values = doubles(a)?;
    let mut order: Vec<(f64, usize)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (v, i)))
        .collect();
    order.sort_unstable_by(|x, y| x.0.total_cmp(&y.0));
    let mut out = vec![None; values.len()];
    let mut rank = 1;
    for (pos, &(v, i)) in order.iter().enumerate() {
        if pos > 0 && order[pos - 1].0.total_cmp(&v).is_ne() {
            rank = pos + 1;
        }
        out[i] = Some(rank as f64);
    }
    Ok(out)
}

/// The Pearson correlation of `x` and `y` over the rows where both are set (NaN when
/// either is constant there or fewer than two rows are).
fn pearson(x: &[Option<f64>], y: &[Option<f64>]) -> f64 {
    let both = || x.iter().zip(y).filter_map(|(a, b)| Some(((*a)?, (*b)?)));
    let (n, sx, sy) = both().fold((0usize, 0.0, 0.0), |(n, sx, sy), (a, b)| {
        (n + 1, sx + a, sy + b)
    });
    if n < 2 {
        return f64::NAN;
    }
    let (mx, my) = (sx / n as f64, sy / n as f64);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in both() {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    sxy / (sxx * syy).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Float64Array, Int64Array};

    #[test]
    fn ranks_are_sql_ranks_and_rho_is_pearson_of_them() {
        let a: ArrayRef = Arc::new(Int64Array::from(vec![
            Some(30),
            None,
            Some(10),
            Some(30),
            Some(20),
        ]));
        assert_eq!(
            ranks(&a).unwrap(),
            vec![Some(3.0), None, Some(1.0), Some(3.0), Some(2.0)]
        );
        let x = [Some(1.0), Some(2.0), Some(3.0), None];
        let y = [Some(2.0), Some(4.0), Some(6.0), Some(1.0)];
        assert!((pearson(&x, &y) - 1.0).abs() < 1e-12);
        let z: ArrayRef = Arc::new(Float64Array::from(vec![3.0, 2.0, 1.0]));
        let r = ranks(&z).unwrap();
        assert!((pearson(&r, &[Some(1.0), Some(2.0), Some(3.0)]) + 1.0).abs() < 1e-12);
        assert!(pearson(&[Some(1.0), Some(1.0)], &[Some(1.0), Some(2.0)]).is_nan());
    }
}
