//! One-to-many children: a child table's [`FanOut`] index over its parent's rows, drawn on
//! the table's fan-out stream, and the [`FanoutColumn`]s saying where each child row sits.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int64Array};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{Result, exec_err};

use crate::functions::{ColumnFunction, Rows};
use crate::generate::ParamError;
use crate::generate::fanout::{FanCount, FanOut};
use crate::table::column::stream_of;

/// The stream a one-to-many child's per-parent counts are drawn from.
const FANOUT_STREAM: &str = "__fanout";

/// The fan-out index of a one-to-many child table with seed `seed` over `parent_rows`
/// parent rows: `count` (`fixed(c)`, `uniform(lo, hi)`, …) children per parent row.
pub fn fanout_index(parent_rows: u64, count: &str, seed: u64) -> Result<FanOut, ParamError> {
    let count = FanCount::parse(count)?;
    FanOut::new(parent_rows, count, stream_of(seed, FANOUT_STREAM, 0))
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
