//! `sequence(start, step)`: the value `start + step · row`, a key column.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Int64Array};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{Result, exec_err, plan_err};

use super::column::ColumnFunction;
use super::rows::Rows;

/// The arithmetic sequence `start + step · row` as `BIGINT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sequence {
    /// Value of row 0.
    pub start: i64,
    /// Increment per row.
    pub step: i64,
}

impl Sequence {
    /// The value of `row`, or `None` when it does not fit in `BIGINT`.
    #[inline]
    pub fn value(&self, row: u64) -> Option<i64> {
        let v = i128::from(self.start) + i128::from(self.step) * i128::from(row);
        i64::try_from(v).ok()
    }
}

impl ColumnFunction for Sequence {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Int64, false)
    }

    fn evaluate(&self, rows: &Rows<'_>, _stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let values: Vec<i64> = match rows {
            Rows::Range(r) if !r.is_empty() => {
                // Bounds checked once for the range; the loop is plain arithmetic.
                if self.value(r.start).is_none() || self.value(r.end - 1).is_none() {
                    return exec_err!("{self:?} overflows BIGINT in rows {r:?}");
                }
                let (start, step) = (self.start, self.step);
                r.clone()
                    .map(|row| start.wrapping_add(step.wrapping_mul(row as i64)))
                    .collect()
            }
            Rows::Range(_) => Vec::new(),
            Rows::Indices(ix) => {
                let mut out = Vec::with_capacity(ix.len());
                for &row in ix.iter() {
                    match self.value(row) {
                        Some(v) => out.push(v),
                        None => return exec_err!("{self:?} overflows BIGINT at row {row}"),
                    }
                }
                out
            }
        };
        Ok(Arc::new(Int64Array::from(values)))
    }

    fn check_rows(&self, rows: u64) -> Result<()> {
        match rows.checked_sub(1).map(|last| self.value(last)) {
            Some(None) => plan_err!(
                "sequence({}, {}) overflows BIGINT within {rows} rows",
                self.start,
                self.step
            ),
            _ => Ok(()),
        }
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        format!("sequence({}, {})", self.start, self.step)
    }

    fn as_sequence(&self) -> Option<(i64, i64)> {
        Some((self.start, self.step))
    }

    fn distinct_rows(&self) -> Option<u64> {
        // Distinct until it overflows, which `check_rows` refuses.
        (self.step != 0).then_some(u64::MAX)
    }
}
