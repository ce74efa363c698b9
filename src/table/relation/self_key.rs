//! [`SelfKey`]: a table's own key column at an earlier row (a manager, a reply-to).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, BooleanArray};
use datafusion::arrow::compute::nullif;
use datafusion::arrow::datatypes::Field;
use datafusion::common::Result;

use crate::functions::{ColumnFunction, Rows, RowsFn};
use crate::generate::RowRng;
use crate::generate::tabular::below;
use crate::table::column::stream_of;

/// `self_key(key [, window])`: the table's own `key` column at an earlier row, picked
/// uniformly among all earlier rows (or the `window` rows before), `NULL` for the first
/// row: an employee's manager, a message's reply-to. Uniform picks over all earlier rows
/// make a random recursive tree (depth about `ln n`).
#[derive(Debug, Clone)]
pub struct SelfKey {
    key_name: String,
    key: Arc<dyn ColumnFunction>,
    key_stream: u64,
    window: Option<u64>,
}

impl SelfKey {
    /// `key` is the input-free function of column `key_name` of a table with seed `seed`,
    /// evaluated on that column's own stream, so the values are the column's.
    pub fn new(
        key_name: &str,
        key: Arc<dyn ColumnFunction>,
        seed: u64,
        window: Option<u64>,
    ) -> Self {
        SelfKey {
            key_name: key_name.to_string(),
            key,
            key_stream: stream_of(seed, key_name, 0),
            window,
        }
    }
}

struct EarlierRows(Option<u64>, u64);

impl RowsFn<(Vec<u64>, bool)> for EarlierRows {
    fn call(self, rows: impl Iterator<Item = u64>) -> (Vec<u64>, bool) {
        let EarlierRows(window, stream) = self;
        let mut first = false;
        let picks = rows
            .map(|r| {
                first |= r == 0;
                let lo = window.map_or(0, |w| r.saturating_sub(w));
                // Row 0 has no earlier row: a placeholder, then NULL.
                lo + below(&mut RowRng::new(stream, r), (r - lo).max(1))
            })
            .collect();
        (picks, first)
    }
}

impl ColumnFunction for SelfKey {
    fn field(&self, name: &str) -> Field {
        self.key.field(name).with_nullable(true)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let (picks, first) = rows.with_iter(EarlierRows(self.window, stream));
        let values = self
            .key
            .evaluate(&Rows::Indices(&picks), self.key_stream, &[])?;
        if !first {
            return Ok(values);
        }
        let mask: BooleanArray = rows.with_iter(RowZero);
        Ok(nullif(&values, &mask)?)
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        match self.window {
            None => format!("self_key({})", self.key_name),
            Some(w) => format!("self_key({}, {w})", self.key_name),
        }
    }
}

struct RowZero;

impl RowsFn<BooleanArray> for RowZero {
    fn call(self, rows: impl Iterator<Item = u64>) -> BooleanArray {
        rows.map(|r| Some(r == 0)).collect()
    }
}
