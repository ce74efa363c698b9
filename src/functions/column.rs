//! The column function: what one column of a synthetic table is, a map from (rows, the
//! column's stream seed, the arrays of the columns it reads) to one Arrow array.

use std::fmt::Debug;
use std::sync::Arc;

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::Result;

use super::Rows;

/// One generator (or derivation) producing one column.
///
/// Implementations write straight into Arrow buffers: no per-row heap allocation and no
/// per-row dynamic dispatch (dispatch happens once per batch, in `evaluate`).
pub trait ColumnFunction: Debug + Send + Sync {
    /// The output field (type, nullability and metadata) for a column called `name`.
    fn field(&self, name: &str) -> Field;

    /// Evaluates the column for `rows`. `stream` is the column's stream seed and `inputs`
    /// are the arrays of the columns this function reads, in declaration order, each with
    /// one value per row of `rows`.
    fn evaluate(&self, rows: &Rows<'_>, stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef>;

    /// How many input columns this function reads.
    fn arity(&self) -> usize {
        0
    }

    /// A readable definition, e.g. `sequence(1, 1)`, used by `EXPLAIN` and `\d`.
    fn describe(&self, inputs: &[&str]) -> String;

    /// Checks that the function can produce all `rows` rows of a table (e.g. that a
    /// sequence does not overflow). Called once, when the table is built.
    fn check_rows(&self, _rows: u64) -> Result<()> {
        Ok(())
    }

    /// When the column is `start + step · row` (a key), its `(start, step)`: such columns get
    /// exact min/max statistics and filters on them narrow the generated row ranges.
    fn as_sequence(&self) -> Option<(i64, i64)> {
        None
    }

    /// When rows `0..n` get pairwise distinct values (a `sequence` with a non-zero step, a
    /// `unique_int` permutation), `n`; `None` when values may repeat. A key with distinct
    /// rows can give deliberate orphans: its value at a row past the parent's end.
    fn distinct_rows(&self) -> Option<u64> {
        None
    }

    /// This function producing `data_type` natively, when it can, with the same values
    /// (e.g. a text generator writing `Utf8View` for a `VARCHAR` column instead of `Utf8`
    /// cast per batch). The planner asks when a column is one generator call whose type
    /// differs from the declared type.
    fn with_output_type(&self, _data_type: &DataType) -> Option<Arc<dyn ColumnFunction>> {
        None
    }

    /// The function as `Any`, for the few that upper layers inspect (a pick of parent rows,
    /// whose parent may change over time); `None` for the others.
    fn as_any(&self) -> Option<&dyn std::any::Any> {
        None
    }
}
