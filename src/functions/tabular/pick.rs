//! [`Pick`]: `choice` and `weighted`, a column of list elements picked by a per-row index
//! and gathered with Arrow's `take` (so the values may be of any type).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, UInt32Array};
use datafusion::arrow::buffer::ScalarBuffer;
use datafusion::arrow::compute::{cast, take};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::Result;

use super::strings::StringEncoding;
use crate::functions::column::ColumnFunction;
use crate::functions::rows::{Rows, RowsFn};
use crate::generate::tabular::{Choice, RowGenerator, Weighted};

/// How a row's index into the values is drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum PickIndex {
    /// Uniformly.
    Choice(Choice),
    /// With weights.
    Weighted(Weighted),
}

/// The values of a list, picked per row.
#[derive(Debug)]
pub struct Pick {
    index: PickIndex,
    values: ArrayRef,
    describe: String,
}

impl Pick {
    /// Picks from `values` (one element per list entry) by `index`.
    pub fn new(index: PickIndex, values: ArrayRef, describe: String) -> Self {
        Pick {
            index,
            values,
            describe,
        }
    }
}

struct Fill<'a, G> {
    generator: &'a G,
    stream: u64,
}

impl<G: RowGenerator<Value = u32>> RowsFn<Vec<u32>> for Fill<'_, G> {
    fn call(self, rows: impl Iterator<Item = u64>) -> Vec<u32> {
        rows.map(|row| self.generator.value(self.stream, row))
            .collect()
    }
}

impl ColumnFunction for Pick {
    fn field(&self, name: &str) -> Field {
        Field::new(
            name,
            self.values.data_type().clone(),
            self.values.null_count() > 0,
        )
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let indices = match &self.index {
            PickIndex::Choice(g) => rows.with_iter(Fill {
                generator: g,
                stream,
            }),
            PickIndex::Weighted(g) => rows.with_iter(Fill {
                generator: g,
                stream,
            }),
        };
        let indices = UInt32Array::new(ScalarBuffer::from(indices), None);
        Ok(take(self.values.as_ref(), &indices, None)?)
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe.clone()
    }

    /// Text values re-encoded once (e.g. `Utf8` list literals for a `VARCHAR` column).
    fn with_output_type(&self, data_type: &DataType) -> Option<Arc<dyn ColumnFunction>> {
        let text = |t: &DataType| StringEncoding::of(t).is_some() || t == &DataType::LargeUtf8;
        if !(text(self.values.data_type()) && text(data_type)) {
            return None;
        }
        let values = cast(&self.values, data_type).ok()?;
        Some(Arc::new(Pick {
            index: self.index.clone(),
            values,
            describe: self.describe.clone(),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Array, StringArray};
    use std::sync::Arc;

    #[test]
    fn picks_preserve_type_and_nulls() {
        let values: ArrayRef = Arc::new(StringArray::from(vec![Some("a"), None]));
        let pick = Pick::new(
            PickIndex::Choice(Choice::new(2).unwrap()),
            values,
            "choice(['a', NULL])".into(),
        );
        assert!(pick.field("c").is_nullable());
        let out = pick.evaluate(&Rows::Range(0..100), 1, &[]).unwrap();
        assert_eq!(out.len(), 100);
        assert!(out.null_count() > 0 && out.null_count() < 100);
    }
}
