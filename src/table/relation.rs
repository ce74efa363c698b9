//! Related tables without materializing the parent: a child column picks a parent *row
//! index* ([`ParentRow`]) from its own stream, and [`Lookup`] evaluates any column of the
//! captured parent table at the picked rows (the `Rows::Indices` path). A foreign key is a
//! lookup of the parent's key column, so every FK value exists in the parent whatever the
//! key's expression (sequence, unique_int, pattern, uuid); several lookups sharing one
//! hidden pick column give composite keys and parent-dependent values.
//!
//! The parent is captured as an `Arc<SyntheticTable>` when the child is built: dropping or
//! replacing the parent later does not change the child.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, UInt64Array};
use datafusion::arrow::datatypes::Int64Type;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{Result, exec_err, plan_err};

use super::model::{EvalPlan, SyntheticTable};
use crate::functions::{ColumnFunction, Rows, RowsFn};
use crate::generate::RowRng;
use crate::generate::fanout::FanOut;
use crate::generate::tabular::{RowGenerator, Zipf, below};

/// How a child row picks its parent row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PickDistribution {
    /// Every parent row equally likely.
    Uniform,
    /// Parent row `r` (0-based) with probability proportional to `1 / (r + 1)^s`.
    Zipf(f64),
    /// Round-robin: child row `i` picks parent row `i mod parents`.
    Sequential,
}

/// A `BIGINT` column of parent row indices in `[0, parents)` (0-based rows of the parent).
#[derive(Debug, Clone)]
pub struct ParentRow {
    parent: String,
    parents: u64,
    dist: PickDistribution,
    zipf: Option<Zipf>,
}

impl ParentRow {
    /// Picks among the rows of `parent` by `dist`.
    pub fn new(parent: &SyntheticTable, dist: PickDistribution) -> Result<Self> {
        let parents = parent.rows();
        if parents == 0 {
            return plan_err!("parent table '{}' has no rows to reference", parent.name());
        }
        let zipf = match dist {
            PickDistribution::Zipf(s) => match Zipf::new(parents.min(i64::MAX as u64) as i64, s) {
                Ok(z) => Some(z),
                Err(e) => {
                    return plan_err!(
                        "parent_row(): {} must be {}, got {}",
                        e.param,
                        e.allowed,
                        e.value
                    );
                }
            },
            _ => None,
        };
        Ok(ParentRow {
            parent: parent.name().to_string(),
            parents,
            dist,
            zipf,
        })
    }
}

struct Picks<'a>(&'a ParentRow, u64);

impl RowsFn<Vec<i64>> for Picks<'_> {
    fn call(self, rows: impl Iterator<Item = u64>) -> Vec<i64> {
        let Picks(p, stream) = self;
        // Parent rows are below 2^63 (a table has at most 2^63 - 1 rows).
        match (p.dist, &p.zipf) {
            (PickDistribution::Sequential, _) => rows.map(|r| (r % p.parents) as i64).collect(),
            (PickDistribution::Zipf(_), Some(z)) => rows.map(|r| z.value(stream, r) - 1).collect(),
            _ => rows
                .map(|r| below(&mut RowRng::new(stream, r), p.parents) as i64)
                .collect(),
        }
    }
}

impl ColumnFunction for ParentRow {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Int64, false)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let values = rows.with_iter(Picks(self, stream));
        Ok(Arc::new(Int64Array::from(values)))
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        let d = match self.dist {
            PickDistribution::Uniform => "'uniform'".to_string(),
            PickDistribution::Zipf(s) => format!("'zipf', {s}"),
            PickDistribution::Sequential => "'sequential'".to_string(),
        };
        format!("parent_row('{}', {d})", self.parent)
    }
}

/// One column of a captured parent table evaluated at the parent rows of its single input
/// column (a [`ParentRow`] column).
#[derive(Debug, Clone)]
pub struct Lookup {
    parent: Arc<SyntheticTable>,
    column: String,
    plan: EvalPlan,
    field: Field,
    /// The pick column may be NULL (then so is the value).
    nullable_picks: bool,
}

impl Lookup {
    /// Looks up `column` of `parent`; unknown columns are planning errors listing the
    /// parent's columns.
    pub fn new(parent: Arc<SyntheticTable>, column: &str, nullable_picks: bool) -> Result<Self> {
        let schema = parent.schema().clone();
        let Ok(index) = schema.index_of(column) else {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return plan_err!(
                "table '{}' has no column '{column}'; its columns are: {}",
                parent.name(),
                names.join(", ")
            );
        };
        let plan = parent.eval_plan(Some(&[index]))?;
        let field = schema.field(index).clone();
        Ok(Lookup {
            parent,
            column: column.to_string(),
            plan,
            field,
            nullable_picks,
        })
    }
}

impl ColumnFunction for Lookup {
    fn field(&self, name: &str) -> Field {
        self.field
            .clone()
            .with_name(name)
            .with_nullable(self.field.is_nullable() || self.nullable_picks)
    }

    fn evaluate(&self, _rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let Some(picks) = inputs
            .first()
            .and_then(|a| a.as_primitive_opt::<Int64Type>())
        else {
            return exec_err!(
                "lookup('{}', '{}', …) needs one BIGINT parent_row column as input",
                self.parent.name(),
                self.column
            );
        };
        let parents = self.parent.rows();
        // A NULL pick (a NULL PERCENT on the pick column) gives NULL; a pick outside the
        // parent (a user-made index) is an error, never a wrong row.
        let mut indices = Vec::with_capacity(picks.len());
        for (i, v) in picks.iter().enumerate() {
            match v {
                Some(v) if v >= 0 && (v as u64) < parents => indices.push(v as u64),
                Some(v) => {
                    return exec_err!(
                        "lookup('{}', '{}', …): parent row {v} (row {i} of the batch) is outside the parent's rows 0..{parents}",
                        self.parent.name(),
                        self.column
                    );
                }
                None => indices.push(0),
            }
        }
        let batch = self
            .parent
            .evaluate_indices(&self.plan, &UInt64Array::from(indices))?;
        let values = batch.column(0).clone();
        match picks.nulls() {
            None => Ok(values),
            Some(nulls) => {
                let mask = datafusion::arrow::array::BooleanArray::from(
                    (0..picks.len())
                        .map(|i| Some(nulls.is_null(i)))
                        .collect::<Vec<_>>(),
                );
                let null = datafusion::common::ScalarValue::try_from(values.data_type())?
                    .to_array_of_size(values.len())?;
                Ok(datafusion::arrow::compute::kernels::zip::zip(
                    &mask, &null, &values,
                )?)
            }
        }
    }

    fn arity(&self) -> usize {
        1
    }

    fn describe(&self, inputs: &[&str]) -> String {
        format!(
            "lookup('{}', '{}', {})",
            self.parent.name(),
            self.column,
            inputs.first().copied().unwrap_or("?")
        )
    }
}

/// What a fan-out child column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FanoutValue {
    /// The row's parent row (0-based).
    Parent,
    /// The row's position among its parent's children (0-based).
    Index,
}

/// `fanout_parent()` / `fanout_index()`: where a child row of a one-to-many table sits,
/// from the table's [`FanOut`] index (O(log n) to locate a row, O(1) per row after).
#[derive(Debug, Clone)]
pub struct FanoutColumn {
    index: Arc<FanOut>,
    value: FanoutValue,
}

impl FanoutColumn {
    /// The `value` of each child row of `index`.
    pub fn new(index: Arc<FanOut>, value: FanoutValue) -> Self {
        FanoutColumn { index, value }
    }
}

impl ColumnFunction for FanoutColumn {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Int64, false)
    }

    fn evaluate(&self, rows: &Rows<'_>, _stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let total = self.index.total();
        let pick = |(parent, k): (u64, u64)| match self.value {
            FanoutValue::Parent => parent as i64,
            FanoutValue::Index => k as i64,
        };
        let mut out = Vec::with_capacity(rows.len());
        match rows {
            Rows::Range(r) if r.end <= total => {
                self.index
                    .for_each(r.start, r.end, |parent, k| out.push(pick((parent, k))));
            }
            Rows::Indices(ix) if ix.iter().all(|&r| r < total) => {
                out.extend(ix.iter().map(|&r| pick(self.index.locate(r))));
            }
            _ => return exec_err!("fan-out rows beyond the table's {total} rows"),
        }
        Ok(Arc::new(Int64Array::from(out)))
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        match self.value {
            FanoutValue::Parent => "fanout_parent()".to_string(),
            FanoutValue::Index => "fanout_index()".to_string(),
        }
    }
}
