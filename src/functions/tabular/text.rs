//! [`Text`]: a `VARCHAR NOT NULL` column from a [`TextGenerator`], written straight into an
//! Arrow string array (`Utf8View`, what `VARCHAR` declares, or `Utf8`): no per-row `String`.

use datafusion::arrow::array::ArrayRef;
use datafusion::common::Result;

use super::strings::{FillStrings, StringEncoding, StringOut, TextColumn, too_large};
use crate::functions::rows::{Rows, RowsFn};
use crate::generate::tabular::TextGenerator;

/// A `VARCHAR NOT NULL` column.
#[derive(Debug, Clone)]
pub struct Text<G> {
    generator: G,
    encoding: StringEncoding,
    describe: String,
}

impl<G: TextGenerator> Text<G> {
    /// The `Utf8` column of `generator`, described as `describe`.
    pub fn new(generator: G, describe: String) -> Self {
        Text {
            generator,
            encoding: StringEncoding::Utf8,
            describe,
        }
    }
}

struct Fill<'a, G, O> {
    generator: &'a G,
    stream: u64,
    out: &'a mut O,
}

impl<G: TextGenerator, O: StringOut> RowsFn<bool> for Fill<'_, G, O> {
    /// Returns false when a row is refused (see [`StringOut::end_row`]).
    fn call(self, rows: impl Iterator<Item = u64>) -> bool {
        for row in rows {
            let start = self.out.buf().len();
            self.generator.write(self.stream, row, self.out.buf());
            if !self.out.end_row(start) {
                return false;
            }
        }
        true
    }
}

impl<G: TextGenerator> FillStrings for Text<G> {
    fn encoding(&self) -> StringEncoding {
        self.encoding
    }

    fn input_count(&self) -> usize {
        0
    }

    fn describe_text(&self) -> &str {
        &self.describe
    }

    fn row_limit(&self) -> Option<u64> {
        self.generator.row_limit()
    }

    fn fill<O: StringOut>(
        &self,
        rows: &Rows<'_>,
        stream: u64,
        _inputs: &[ArrayRef],
    ) -> Result<ArrayRef> {
        let n = rows.len();
        let mut out = O::with_capacity(n, n.saturating_mul(self.generator.typical_len()));
        let fits = rows.with_iter(Fill {
            generator: &self.generator,
            stream,
            out: &mut out,
        });
        if !fits {
            return too_large(&self.describe, n);
        }
        out.finish()
    }
}

impl<G> TextColumn for Text<G>
where
    G: TextGenerator + Clone + std::fmt::Debug + Send + Sync + 'static,
{
    fn nullable(&self) -> bool {
        false
    }

    fn with_encoding(&self, encoding: StringEncoding) -> Self {
        Text {
            encoding,
            ..self.clone()
        }
    }
}
