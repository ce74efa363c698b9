//! [`Sampled`]: a fixed-width Arrow column (integers, doubles, dates, timestamps) from a
//! [`RowGenerator`].

use std::fmt::Debug;
use std::marker::PhantomData;
use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, PrimitiveArray};
use datafusion::arrow::buffer::ScalarBuffer;
use datafusion::arrow::datatypes::{ArrowPrimitiveType, DataType, Field};
use datafusion::common::Result;

use super::limits::{check_batch_rows, check_table_rows};
use crate::functions::column::ColumnFunction;
use crate::functions::rows::{Rows, RowsFn};
use crate::generate::tabular::RowGenerator;

/// A column of `A` values, one per row, from generator `G`.
pub struct Sampled<G, A> {
    generator: G,
    data_type: DataType,
    describe: String,
    limit_reason: &'static str,
    _arrow: PhantomData<fn() -> A>,
}

impl<G: Debug, A> Debug for Sampled<G, A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sampled")
            .field("generator", &self.generator)
            .field("data_type", &self.data_type)
            .finish()
    }
}

impl<G, A> Sampled<G, A>
where
    A: ArrowPrimitiveType,
    G: RowGenerator<Value = A::Native>,
{
    /// A column of `data_type` (which must be `A`'s type, possibly with a time zone),
    /// described as `describe` (e.g. `normal(0, 1)`); `limit_reason` explains a row limit
    /// of the generator in errors.
    pub fn new(
        generator: G,
        data_type: DataType,
        describe: String,
        limit_reason: &'static str,
    ) -> Self {
        Sampled {
            generator,
            data_type,
            describe,
            limit_reason,
            _arrow: PhantomData,
        }
    }
}

struct Fill<'a, G> {
    generator: &'a G,
    stream: u64,
}

impl<G: RowGenerator> RowsFn<Vec<G::Value>> for Fill<'_, G> {
    fn call(self, rows: impl Iterator<Item = u64>) -> Vec<G::Value> {
        let mut out = Vec::with_capacity(rows.size_hint().0);
        self.generator.for_each(self.stream, rows, |v| out.push(v));
        out
    }
}

impl<G, A> ColumnFunction for Sampled<G, A>
where
    A: ArrowPrimitiveType,
    G: RowGenerator<Value = A::Native> + Debug + Send + Sync,
{
    fn field(&self, name: &str) -> Field {
        Field::new(name, self.data_type.clone(), false)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        check_batch_rows(&self.describe, self.generator.row_limit(), rows)?;
        let values = rows.with_iter(Fill {
            generator: &self.generator,
            stream,
        });
        let array = PrimitiveArray::<A>::new(ScalarBuffer::from(values), None)
            .with_data_type(self.data_type.clone());
        Ok(Arc::new(array))
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe.clone()
    }

    fn distinct_rows(&self) -> Option<u64> {
        self.generator.distinct_rows()
    }

    fn check_rows(&self, rows: u64) -> Result<()> {
        check_table_rows(
            &self.describe,
            self.generator.row_limit(),
            self.limit_reason,
            rows,
        )
    }
}
