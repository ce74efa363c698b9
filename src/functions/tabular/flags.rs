//! [`Flags`]: a `BOOLEAN` column from a generator of `bool`s (`bernoulli(p)`).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, BooleanArray};
use datafusion::arrow::buffer::BooleanBuffer;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::Result;

use crate::functions::column::ColumnFunction;
use crate::functions::rows::{Rows, RowsFn};
use crate::generate::tabular::RowGenerator;

/// A `BOOLEAN NOT NULL` column, bit-packed as it is generated.
#[derive(Debug)]
pub struct Flags<G> {
    generator: G,
    describe: String,
}

impl<G: RowGenerator<Value = bool>> Flags<G> {
    /// The column of `generator`, described as `describe`.
    pub fn new(generator: G, describe: String) -> Self {
        Flags {
            generator,
            describe,
        }
    }
}

struct Fill<'a, G> {
    generator: &'a G,
    stream: u64,
}

impl<G: RowGenerator<Value = bool>> RowsFn<BooleanBuffer> for Fill<'_, G> {
    fn call(self, rows: impl Iterator<Item = u64>) -> BooleanBuffer {
        rows.map(|row| self.generator.value(self.stream, row))
            .collect()
    }
}

impl<G> ColumnFunction for Flags<G>
where
    G: RowGenerator<Value = bool> + std::fmt::Debug + Send + Sync,
{
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Boolean, false)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let bits = rows.with_iter(Fill {
            generator: &self.generator,
            stream,
        });
        Ok(Arc::new(BooleanArray::new(bits, None)))
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe.clone()
    }
}
