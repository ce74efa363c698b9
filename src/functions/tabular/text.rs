//! [`Text`]: a `VARCHAR` column from a [`TextGenerator`], written into one values buffer
//! (no per-row `String`).

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::buffer::{Buffer, OffsetBuffer, ScalarBuffer};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{Result, exec_err};

use crate::functions::rows::RowsFn;
use crate::functions::{ColumnFunction, Rows};
use crate::generate::tabular::TextGenerator;

/// A `VARCHAR NOT NULL` column.
#[derive(Debug)]
pub struct Text<G> {
    generator: G,
    describe: String,
}

impl<G: TextGenerator> Text<G> {
    /// The column of `generator`, described as `describe`.
    pub fn new(generator: G, describe: String) -> Self {
        Text {
            generator,
            describe,
        }
    }
}

struct Fill<'a, G> {
    generator: &'a G,
    stream: u64,
    values: &'a mut Vec<u8>,
    offsets: &'a mut Vec<i32>,
}

impl<G: TextGenerator> RowsFn<bool> for Fill<'_, G> {
    /// Returns false when the values outgrow 32-bit offsets.
    fn call(self, rows: impl Iterator<Item = u64>) -> bool {
        for row in rows {
            self.generator.write(self.stream, row, self.values);
            match i32::try_from(self.values.len()) {
                Ok(end) => self.offsets.push(end),
                Err(_) => return false,
            }
        }
        true
    }
}

impl<G> ColumnFunction for Text<G>
where
    G: TextGenerator + std::fmt::Debug + Send + Sync,
{
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Utf8, false)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let n = rows.len();
        let mut values = Vec::with_capacity(n.saturating_mul(self.generator.typical_len()));
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0i32);
        let fits = rows.with_iter(Fill {
            generator: &self.generator,
            stream,
            values: &mut values,
            offsets: &mut offsets,
        });
        if !fits {
            return exec_err!(
                "{}: a batch of {n} rows exceeds 2 GiB of text; use a smaller batch size",
                self.describe
            );
        }
        let offsets = OffsetBuffer::new(ScalarBuffer::from(offsets));
        Ok(Arc::new(StringArray::try_new(
            offsets,
            Buffer::from_vec(values),
            None,
        )?))
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe.clone()
    }
}
