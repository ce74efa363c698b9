//! The generators as column functions: the vocabulary a synthetic table's columns are
//! written in. A column function maps (rows, its stream seed, the arrays of the columns it
//! reads) to an Arrow array. The same code evaluates a contiguous row range (a scan) and an
//! arbitrary array of row indices (a lookup).
//!
//! Depends on [`crate::generate`] only (and DataFusion/Arrow types); never on `table`,
//! `exec`, `sql` or `cluster`.

pub mod args;
mod column;
mod expr;
pub mod generators;
mod geometry;
pub mod reference;
pub mod registry;
mod rows;
mod sequence;
pub mod spider;
pub mod tabular;

pub use column::ColumnFunction;
pub use expr::ExprColumn;
pub use geometry::{PointField, PointNative, PointToWkb, PointToWkt};
pub use registry::{GENERATOR_NAMES, GENERATORS, build_generator, generator_signature};
pub use rows::{MAX_ROWS, Rows, RowsFn};
pub use sequence::Sequence;
pub use spider::{
    BOX_FIELDS, BoxEncode, BoxEncoding, SpiderBox, SpiderPoint, SpiderPolygon, point_struct_type,
};
