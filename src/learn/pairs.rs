//! Ordered pairs of date or timestamp columns (`created` ≤ `updated`): a later column that never
//! precedes an earlier one in the rows profiled is emitted as the earlier plus a learned gap
//! (its own fitted family or quantile curve, never negative), so that the order holds in every
//! generated row and the gap looks like the source's.

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::common::Result;
use datafusion::functions_aggregate::expr_fn::{avg, sum};
use datafusion::logical_expr::{Expr, cast, ident, lit, when};
use datafusion::prelude::DataFrame;

use super::profile::{ColumnProfile, Kind, as_number, profile};

/// Rows in which both columns must be set before an order is believed.
const MIN_ROWS: i64 = 20;

/// At most this many date/timestamp columns are compared pairwise.
const MAX_COLUMNS: usize = 12;

/// `then` is never before `first`: emitted as `first` plus `gap`.
#[derive(Debug, Clone)]
pub struct OrderedPair {
    /// The earlier column.
    pub first: String,
    /// The later column.
    pub then: String,
    /// The profile of `then − first` (days for dates, microseconds for timestamps), named
    /// `__gap_<then>`.
    pub gap: ColumnProfile,
}

fn same_kind(a: &Kind, b: &Kind) -> bool {
    matches!(
        (a, b),
        (Kind::Date, Kind::Date) | (Kind::Timestamp(_), Kind::Timestamp(_))
    )
}

/// The ordered pairs of `df`'s temporal columns: for each column, the closest column it
/// never precedes (smallest mean gap), when there is one.
pub async fn ordered_pairs(
    df: &DataFrame,
    profiles: &[ColumnProfile],
    probabilities: &[f64],
) -> Result<Vec<OrderedPair>> {
    let temporal: Vec<&ColumnProfile> = profiles
        .iter()
        .filter(|p| matches!(p.kind, Kind::Date | Kind::Timestamp(_)) && p.non_null > 0)
        .take(MAX_COLUMNS)
        .collect();
    let mut candidates = vec![];
    for a in &temporal {
        for b in &temporal {
            if a.name != b.name && same_kind(&a.kind, &b.kind) {
                candidates.push((*a, *b));
            }
        }
    }
    if candidates.is_empty() {
        return Ok(vec![]);
    }
    let num = |p: &ColumnProfile| cast(as_number(&p.name, &p.kind), DataType::Float64);
    let flag = |e: Expr| when(e, lit(1i64)).otherwise(lit(0i64));
    let mut aggs = vec![];
    for (i, (a, b)) in candidates.iter().enumerate() {
        let (x, y) = (num(a), num(b));
        aggs.push(sum(flag(x.clone().gt(y.clone()))?).alias(format!("p{i}_behind")));
        aggs.push(sum(flag(x.clone().lt(y.clone()))?).alias(format!("p{i}_ahead")));
        aggs.push(
            sum(flag(x.clone().is_not_null().and(y.clone().is_not_null()))?)
                .alias(format!("p{i}_both")),
        );
        aggs.push(avg(y - x).alias(format!("p{i}_gap")));
    }
    let batches = df.clone().aggregate(vec![], aggs)?.collect().await?;
    let Some(row) = batches.first().filter(|b| b.num_rows() == 1) else {
        return Ok(vec![]);
    };
    let int = |name: String| {
        row.column_by_name(&name)
            .map(|c| c.as_primitive::<Int64Type>())
            .filter(|c| !c.is_null(0))
            .map_or(0, |c| c.value(0))
    };
    // For each later column, its closest earlier one.
    let mut best: Vec<(usize, f64)> = vec![];
    for (i, (_, b)) in candidates.iter().enumerate() {
        let ordered = int(format!("p{i}_behind")) == 0
            && int(format!("p{i}_ahead")) > 0
            && int(format!("p{i}_both")) >= MIN_ROWS;
        if !ordered {
            continue;
        }
        let gap = row
            .column_by_name(&format!("p{i}_gap"))
            .map(|c| c.as_primitive::<Float64Type>())
            .filter(|c| !c.is_null(0))
            .map_or(f64::INFINITY, |c| c.value(0));
        match best
            .iter_mut()
            .find(|(j, _)| candidates[*j].1.name == b.name)
        {
            Some(slot) if gap < slot.1 => *slot = (i, gap),
            Some(_) => {}
            None => best.push((i, gap)),
        }
    }
    let mut pairs = vec![];
    for (i, _) in best {
        let (a, b) = candidates[i];
        let name = format!("__gap_{}", b.name);
        let gaps = df.clone().select(vec![(num(b) - num(a)).alias(&name)])?;
        let gaps = gaps.filter(ident(&name).is_not_null())?;
        let Some(gap) = profile(&gaps, probabilities, 0).await?.into_iter().next() else {
            continue;
        };
        pairs.push(OrderedPair {
            first: a.name.clone(),
            then: b.name.clone(),
            gap,
        });
    }
    Ok(pairs)
}
