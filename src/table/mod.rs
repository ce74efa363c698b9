//! The synthetic table model: a row count, a seed and ordered columns, each an expression
//! (a [`ColumnFunction`](crate::functions::ColumnFunction)) over the row index and over
//! other columns of the same table. Columns are evaluated in dependency order into an
//! intermediate set of arrays, for a contiguous row range or an arbitrary index array.

mod builder;
mod model;
mod origin;
pub mod relation;
pub mod spider;
pub mod spider_column;
pub mod tpch;

pub use builder::{ColumnDef, MAX_ROWS, SyntheticTableBuilder};
pub use model::{EvalPlan, SyntheticTable};
pub use origin::TableOrigin;
