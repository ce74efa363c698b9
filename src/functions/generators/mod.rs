//! The generators usable in a synthetic table's column expressions, one small family per
//! file: each file holds its generators' names, signatures, argument checks and builders as
//! [`GeneratorSpec`] constants, and [`super::registry`] lists them in one table.
//!
//! Adding a generator: write its spec next to its family (or in a new file here) and add
//! one line to `GENERATORS` in `registry.rs`.

pub mod address;
pub mod categorical;
pub mod company;
pub mod coordinates;
pub mod finance;
pub mod geometry;
pub mod internet;
pub mod keys;
pub mod numeric;
pub mod person;
mod semantic;
mod spec;
pub mod spider_geometry;
pub mod text;
pub mod time;

pub use spec::{Call, ColumnArg, GeneratorSpec, checked, float_column, int_column};
