//! # datafusion-synth
//!
//! Deterministic synthetic tables for [Apache DataFusion](https://datafusion.apache.org):
//! a synthetic table is a row count, a seed and columns that are expressions over the row
//! index, generated lazily inside DataFusion streams. Every cell is a pure function of
//! (seed, column, row), so output is identical under any partitioning, batch size,
//! projection or row range.
//!
//! Layers, from the bottom: [`generate`] (pure generation), [`functions`] (generators as column
//! functions over Arrow arrays), [`table`] (the table model), [`exec`] (the DataFusion
//! `TableProvider` and `ExecutionPlan`), [`sql`] (table functions, table factories and
//! [`register_all`]).
//! On top, [`repl`] holds the parts of the `dfsynth` REPL that need no terminal (bounded
//! display, output formats, progress of a running plan), and `serve` (feature `serve`) the
//! local web page of `dfsynth serve`.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> datafusion::common::Result<()> {
//! use datafusion::prelude::SessionContext;
//!
//! let ctx = SessionContext::new();
//! datafusion_synth::register_all(&ctx)?;
//! let batches = ctx
//!     .sql("SELECT id, x, y FROM spider('diagonal', 1000, 42, 'percentage=0.3 format=xy') LIMIT 5")
//!     .await?
//!     .collect()
//!     .await?;
//! assert_eq!(batches.iter().map(|b| b.num_rows()).sum::<usize>(), 5);
//! # Ok(()) }
//! ```

#[cfg(feature = "cluster")]
pub mod cluster;
#[cfg(feature = "delta")]
pub mod delta;
pub mod exec;
pub mod functions;
pub mod generate;
pub mod geoparquet;
#[cfg(feature = "iceberg")]
pub mod iceberg;
pub mod learn;
#[cfg(feature = "render")]
pub mod render;
pub mod repl;
#[cfg(feature = "serve")]
pub mod serve;
pub mod sql;
pub mod table;

pub use exec::{SyntheticExec, SyntheticTableProvider};
pub use geoparquet::{GeoParquetFormatFactory, write_geoparquet};
pub use sql::{SqlStatement, execute_sql, register_all, split_statements, with_synth};
#[cfg(feature = "s3")]
pub use sql::{register_object_stores, s3_runtime_env, with_object_stores};
pub use table::{ColumnDef, SyntheticTable, SyntheticTableBuilder};

/// The Rust examples of the docs, compiled and run as doctests (`cargo test --doc`), as
/// DataFusion does with its user guide.
#[cfg(doctest)]
mod doc_examples {
    #[doc = include_str!("../README.md")]
    mod readme {}
    #[doc = include_str!("../docs/rust-api.md")]
    mod rust_api {}
    #[cfg(feature = "s3")]
    #[doc = include_str!("../docs/s3.md")]
    mod s3 {}
    #[cfg(feature = "cluster")]
    #[doc = include_str!("../docs/cluster.md")]
    mod cluster {}
    #[cfg(feature = "serve")]
    #[doc = include_str!("../docs/serve.md")]
    mod serve {}
}
