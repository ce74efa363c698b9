//! Filters on a part table's ordering columns — a change feed's times and log sequence
//! numbers, a history's or snapshot's key — narrowed to the parts that can hold matching
//! rows ([`PartTable::parts_within`]): comparisons with constants, `BETWEEN` and `AND` of
//! them. The narrowing is a superset (`Inexact`): DataFusion still applies the filter.

use std::ops::Range;

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Between, BinaryExpr, Expr, Operator};

use crate::table::parts::PartTable;

/// The parts of `table` that can hold rows where `expr` is true, or `None` when `expr`
/// does not narrow them.
pub fn parts_selected<T: PartTable>(table: &T, expr: &Expr) -> Option<Range<u64>> {
    match expr {
        Expr::BinaryExpr(BinaryExpr {
            left,
            op: Operator::And,
            right,
        }) => match (parts_selected(table, left), parts_selected(table, right)) {
            (Some(a), Some(b)) => {
                Some(a.start.max(b.start)..a.end.min(b.end).max(a.start.max(b.start)))
            }
            (a, b) => a.or(b),
        },
        Expr::BinaryExpr(BinaryExpr { left, op, right }) => {
            let (column, op, value) = match (column_of(table, left), value_of(right)) {
                (Some(c), Some(v)) => (c, *op, v),
                _ => (column_of(table, right)?, op.swap()?, value_of(left)?),
            };
            let (lo, hi) = match op {
                Operator::Eq => (value.0, value.1),
                Operator::Lt | Operator::LtEq => (i128::MIN, value.1),
                Operator::Gt | Operator::GtEq => (value.0, i128::MAX),
                _ => return None,
            };
            table.parts_within(column, lo, hi)
        }
        Expr::Between(Between {
            expr,
            negated: false,
            low,
            high,
        }) => {
            let column = column_of(table, expr)?;
            let (lo, hi) = (value_of(low)?.0, value_of(high)?.1);
            table.parts_within(column, lo, hi)
        }
        _ => None,
    }
}

/// The position in `table`'s schema of the column `expr` names.
fn column_of<T: PartTable>(table: &T, expr: &Expr) -> Option<usize> {
    match expr {
        Expr::Column(c) => table.schema().index_of(&c.name).ok(),
        _ => None,
    }
}

/// A constant as the integers it lies between: itself for an integer, its microseconds
/// (rounded down, rounded up) for a timestamp.
fn value_of(expr: &Expr) -> Option<(i128, i128)> {
    let Expr::Literal(v, _) = expr else {
        return None;
    };
    let exact = |x: i128| Some((x, x));
    match v {
        ScalarValue::Int8(Some(x)) => exact(i128::from(*x)),
        ScalarValue::Int16(Some(x)) => exact(i128::from(*x)),
        ScalarValue::Int32(Some(x)) => exact(i128::from(*x)),
        ScalarValue::Int64(Some(x)) => exact(i128::from(*x)),
        ScalarValue::UInt8(Some(x)) => exact(i128::from(*x)),
        ScalarValue::UInt16(Some(x)) => exact(i128::from(*x)),
        ScalarValue::UInt32(Some(x)) => exact(i128::from(*x)),
        ScalarValue::UInt64(Some(x)) => exact(i128::from(*x)),
        ScalarValue::TimestampSecond(Some(x), _) => exact(i128::from(*x) * 1_000_000),
        ScalarValue::TimestampMillisecond(Some(x), _) => exact(i128::from(*x) * 1000),
        ScalarValue::TimestampMicrosecond(Some(x), _) => exact(i128::from(*x)),
        ScalarValue::TimestampNanosecond(Some(x), _) => {
            let x = i128::from(*x);
            Some((x.div_euclid(1000), (x + 999).div_euclid(1000)))
        }
        _ => None,
    }
}
