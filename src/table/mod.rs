//! The synthetic table model: a row count, a seed and ordered columns, each an expression
//! (a [`ColumnFunction`](crate::functions::ColumnFunction)) over the row index and over
//! other columns of the same table. Columns are evaluated in dependency order into an
//! intermediate set of arrays, for a contiguous row range or an arbitrary index array.
//!
//! Depends on [`crate::generate`] and [`crate::functions`]; never on `exec`, `sql` or
//! `cluster`.

mod builder;
pub mod changes;
mod column;
mod model;
mod origin;
pub mod parts;
pub mod relation;
pub mod spider;
pub mod tpcds;
mod tpcds_lines;
pub mod tpch;

pub use crate::functions::MAX_ROWS;
pub use builder::SyntheticTableBuilder;
pub use column::{ColumnDef, stream_of};
pub use model::{EvalPlan, SyntheticTable};
pub use origin::{SpiderOrigin, TableOrigin};
