//! Filter pushdown on key columns (columns that are `start + step · row`).
//!
//! * Logical filters (comparisons with literals, `BETWEEN`, `IN`, `AND`, `OR`, `NOT`,
//!   `IS [NOT] NULL`) become the *exact* set of row ranges they select; anything else is left
//!   to DataFusion.
//! * Runtime filters (physical expressions DataFusion pushes into the scan, e.g. a hash
//!   join's bounds and IN-list of build-side keys) become a *superset* of the rows they
//!   select: unknown parts of a conjunction are ignored; the filter's owner re-checks.
// Row sets are `Vec<Range<u64>>`: a one-range set is intended, not a mistaken `0..n` vector.
#![allow(clippy::single_range_in_vec_init)]

use std::sync::Arc;

use datafusion::common::ScalarValue;
use datafusion::logical_expr::{Between, BinaryExpr, Expr, Operator, expr::InList};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr::expressions::{self as phys, InListExpr};

use super::ranges::RowRanges;
use crate::table::SyntheticTable;

/// The rows of `table` selected by `expr`, or `None` when `expr` is not exactly analyzable.
pub fn rows_selected(table: &SyntheticTable, expr: &Expr) -> Option<RowRanges> {
    Analyzer { table }.analyze(expr)
}

/// A superset of the rows of `table` selected by the physical predicate `expr`.
pub fn rows_superset(table: &SyntheticTable, expr: &Arc<dyn PhysicalExpr>) -> RowRanges {
    let a = Analyzer { table };
    a.superset(expr)
}

struct Analyzer<'a> {
    table: &'a SyntheticTable,
}

/// An inclusive interval of key values (wide enough for any `BIGINT` ± 1).
type Interval = (i128, i128);
const LOWEST: i128 = i64::MIN as i128 - 1;
const HIGHEST: i128 = i64::MAX as i128 + 1;

impl Analyzer<'_> {
    fn all(&self) -> RowRanges {
        RowRanges::full(self.table.rows())
    }

    fn complement(&self, r: &RowRanges) -> RowRanges {
        let mut out = Vec::new();
        let mut pos = 0;
        for range in r.ranges() {
            out.push(pos..range.start);
            pos = range.end;
        }
        out.push(pos..self.table.rows());
        RowRanges::from_ranges(out)
    }

    fn analyze(&self, expr: &Expr) -> Option<RowRanges> {
        match expr {
            Expr::BinaryExpr(BinaryExpr { left, op, right }) => match op {
                Operator::And => Some(self.analyze(left)?.intersect(&self.analyze(right)?)),
                Operator::Or => Some(self.analyze(left)?.union(&self.analyze(right)?)),
                _ => {
                    if let (Some(key), Some(v)) = (self.key(left), literal(right)) {
                        self.compare(key, *op, v)
                    } else if let (Some(v), Some(key)) = (literal(left), self.key(right)) {
                        self.compare(key, op.swap()?, v)
                    } else {
                        None
                    }
                }
            },
            Expr::Between(Between {
                expr,
                negated,
                low,
                high,
            }) => {
                let key = self.key(expr)?;
                let r = self.interval(key, (literal(low)?, literal(high)?));
                Some(if *negated { self.complement(&r) } else { r })
            }
            Expr::InList(InList {
                expr,
                list,
                negated,
            }) => {
                let key = self.key(expr)?;
                let mut ranges = Vec::with_capacity(list.len());
                for item in list {
                    let v = literal(item)?;
                    ranges.extend_from_slice(self.interval(key, (v, v)).ranges());
                }
                let r = RowRanges::from_ranges(ranges);
                Some(if *negated { self.complement(&r) } else { r })
            }
            // Key columns are never NULL, so two-valued logic applies.
            Expr::Not(inner) => Some(self.complement(&self.analyze(inner)?)),
            Expr::IsNotNull(e) => self.key(e).map(|_| self.all()),
            Expr::IsNull(e) => self.key(e).map(|_| RowRanges::empty()),
            _ => None,
        }
    }

    fn superset(&self, expr: &Arc<dyn PhysicalExpr>) -> RowRanges {
        if let Some(b) = expr.downcast_ref::<phys::BinaryExpr>() {
            let (l, r) = (b.left(), b.right());
            return match b.op() {
                Operator::And => self.superset(l).intersect(&self.superset(r)),
                Operator::Or => self.superset(l).union(&self.superset(r)),
                op => {
                    let cmp = if let (Some(key), Some(v)) = (self.phys_key(l), phys_literal(r)) {
                        self.compare(key, *op, v)
                    } else if let (Some(v), Some(key)) = (phys_literal(l), self.phys_key(r)) {
                        op.swap().and_then(|op| self.compare(key, op, v))
                    } else {
                        None
                    };
                    cmp.unwrap_or_else(|| self.all())
                }
            };
        }
        if let Some(list) = expr.downcast_ref::<InListExpr>()
            && !list.negated()
            && let Some(key) = self.phys_key(list.expr())
        {
            let mut ranges = Vec::with_capacity(list.list().len());
            for item in list.list() {
                match phys_literal(item) {
                    Some(v) => ranges.extend_from_slice(self.interval(key, (v, v)).ranges()),
                    None => return self.all(),
                }
            }
            return RowRanges::from_ranges(ranges);
        }
        if let Some(l) = expr.downcast_ref::<phys::Literal>()
            && matches!(
                l.value(),
                ScalarValue::Boolean(Some(false)) | ScalarValue::Boolean(None)
            )
        {
            return RowRanges::empty();
        }
        self.all()
    }

    /// `(start, step)` when the physical `expr` is a key column of the table.
    fn phys_key(&self, expr: &Arc<dyn PhysicalExpr>) -> Option<(i64, i64)> {
        let c = expr.downcast_ref::<phys::Column>()?;
        let index = self.table.schema().index_of(c.name()).ok()?;
        self.table.sequence_of(index)
    }

    /// `(start, step)` when `expr` is a key column of the table.
    fn key(&self, expr: &Expr) -> Option<(i64, i64)> {
        let Expr::Column(c) = expr else { return None };
        let index = self.table.schema().index_of(&c.name).ok()?;
        self.table.sequence_of(index)
    }

    fn compare(&self, key: (i64, i64), op: Operator, v: i128) -> Option<RowRanges> {
        Some(match op {
            Operator::Eq => self.interval(key, (v, v)),
            Operator::NotEq => self.complement(&self.interval(key, (v, v))),
            Operator::Lt => self.interval(key, (LOWEST, v - 1)),
            Operator::LtEq => self.interval(key, (LOWEST, v)),
            Operator::Gt => self.interval(key, (v + 1, HIGHEST)),
            Operator::GtEq => self.interval(key, (v, HIGHEST)),
            _ => return None,
        })
    }

    /// Rows `r` in `0..rows` with `lo <= start + step · r <= hi`.
    fn interval(&self, (start, step): (i64, i64), (lo, hi): Interval) -> RowRanges {
        let n = i128::from(self.table.rows());
        let (start, step) = (i128::from(start), i128::from(step));
        let (first, last) = if step > 0 {
            (ceil_div(lo - start, step), floor_div(hi - start, step))
        } else if step < 0 {
            (ceil_div(start - hi, -step), floor_div(start - lo, -step))
        } else if lo <= start && start <= hi {
            (0, n - 1)
        } else {
            return RowRanges::empty();
        };
        let (first, last) = (first.max(0), last.min(n - 1));
        if first > last {
            RowRanges::empty()
        } else {
            RowRanges::from_ranges(vec![first as u64..(last + 1) as u64])
        }
    }
}

fn floor_div(a: i128, b: i128) -> i128 {
    a.div_euclid(b)
}

fn ceil_div(a: i128, b: i128) -> i128 {
    -((-a).div_euclid(b))
}

/// An integer literal's value (NULL and non-integers are not analyzable).
fn literal(expr: &Expr) -> Option<i128> {
    let Expr::Literal(v, _) = expr else {
        return None;
    };
    integer(v)
}

fn phys_literal(expr: &Arc<dyn PhysicalExpr>) -> Option<i128> {
    integer(expr.downcast_ref::<phys::Literal>()?.value())
}

fn integer(v: &ScalarValue) -> Option<i128> {
    match v {
        ScalarValue::Int8(Some(x)) => Some(i128::from(*x)),
        ScalarValue::Int16(Some(x)) => Some(i128::from(*x)),
        ScalarValue::Int32(Some(x)) => Some(i128::from(*x)),
        ScalarValue::Int64(Some(x)) => Some(i128::from(*x)),
        ScalarValue::UInt8(Some(x)) => Some(i128::from(*x)),
        ScalarValue::UInt16(Some(x)) => Some(i128::from(*x)),
        ScalarValue::UInt32(Some(x)) => Some(i128::from(*x)),
        ScalarValue::UInt64(Some(x)) => Some(i128::from(*x)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::spider::SpiderSpec;
    use crate::table::spider::SpiderTable;
    use datafusion::logical_expr::{col, lit};

    fn table() -> SyntheticTable {
        SpiderSpec {
            distribution: crate::generate::spider::SpiderDistribution::Uniform(Default::default()),
            cardinality: 100,
            seed: 1,
            affine: None,
            format: Default::default(),
            geometry: Default::default(),
        }
        .to_table("t")
        .unwrap()
    }

    fn rows(e: Expr) -> Option<Vec<std::ops::Range<u64>>> {
        rows_selected(&table(), &e).map(|r| r.ranges().to_vec())
    }

    #[test]
    fn comparisons_map_ids_to_rows() {
        // id = row + 1
        assert_eq!(rows(col("id").eq(lit(5i64))), Some(vec![4..5]));
        assert_eq!(rows(col("id").lt(lit(5i64))), Some(vec![0..4]));
        assert_eq!(rows(lit(5i64).lt(col("id"))), Some(vec![5..100]));
        assert_eq!(rows(col("id").gt_eq(lit(99i64))), Some(vec![98..100]));
        assert_eq!(rows(col("id").not_eq(lit(1i64))), Some(vec![1..100]));
        assert_eq!(rows(col("id").eq(lit(0i64))), Some(vec![]));
        assert_eq!(rows(col("id").eq(lit(i64::MAX))), Some(vec![]));
        assert_eq!(
            rows(col("id").between(lit(10i64), lit(12i64))),
            Some(vec![9..12])
        );
        assert_eq!(
            rows(col("id").not_between(lit(2i64), lit(99i64))),
            Some(vec![0..1, 99..100])
        );
        assert_eq!(
            rows(col("id").in_list(vec![lit(3i64), lit(1i64), lit(500i64)], false)),
            Some(vec![0..1, 2..3])
        );
        assert_eq!(
            rows(col("id").lt(lit(3i64)).or(col("id").gt(lit(98i64)))),
            Some(vec![0..2, 98..100])
        );
        assert_eq!(
            rows(col("id").gt(lit(3i64)).and(col("id").lt(lit(6i64)))),
            Some(vec![3..5])
        );
        assert_eq!(rows(!col("id").lt(lit(98i64))), Some(vec![97..100]));
    }

    #[test]
    fn runtime_filters_give_supersets() {
        use datafusion::physical_expr::expressions::{Column, Literal, binary, in_list};
        let t = table();
        let schema = t.schema().as_ref().clone();
        let id: Arc<dyn PhysicalExpr> = Arc::new(Column::new("id", 0));
        let geometry: Arc<dyn PhysicalExpr> = Arc::new(Column::new("geometry", 1));
        let int =
            |v: i64| Arc::new(Literal::new(ScalarValue::Int64(Some(v)))) as Arc<dyn PhysicalExpr>;
        let bin = |l, op, r| binary(l, op, r, &schema).unwrap();
        let rows = |e: &Arc<dyn PhysicalExpr>| rows_superset(&t, e).ranges().to_vec();
        let bounds = bin(
            bin(Arc::clone(&id), Operator::GtEq, int(10)),
            Operator::And,
            bin(Arc::clone(&id), Operator::LtEq, int(20)),
        );
        assert_eq!(rows(&bounds), vec![9..20]);
        // An unknown conjunct is ignored (superset); an unknown disjunct keeps everything.
        let unknown = bin(Arc::clone(&geometry), Operator::Eq, Arc::clone(&geometry));
        let and = bin(Arc::clone(&bounds), Operator::And, Arc::clone(&unknown));
        assert_eq!(rows(&and), vec![9..20]);
        let or = bin(Arc::clone(&bounds), Operator::Or, Arc::clone(&unknown));
        assert_eq!(rows(&or), vec![0..100]);
        let list = in_list(
            Arc::clone(&id),
            vec![int(3), int(1), int(2), int(500)],
            &false,
            &schema,
        )
        .unwrap();
        assert_eq!(rows(&list), vec![0..3]);
        let never: Arc<dyn PhysicalExpr> =
            Arc::new(Literal::new(ScalarValue::Boolean(Some(false))));
        assert_eq!(rows(&never), vec![]);
    }

    #[test]
    fn other_predicates_are_not_analyzable() {
        assert_eq!(rows(col("geometry").is_null()), None);
        assert_eq!(rows(col("id").eq(lit(1.5f64))), None);
        assert_eq!(rows(col("id").eq(lit(ScalarValue::Int64(None)))), None);
        assert_eq!(
            rows(col("id").lt(lit(3i64)).or(col("geometry").is_null())),
            None
        );
    }
}
