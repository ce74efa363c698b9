//! Pure generation: seeding and the per-row random streams, and the Spider point
//! distributions. Nothing in this layer knows about DataFusion or Arrow; every function
//! is a pure function of its inputs so that it can be unit-tested alone and its output
//! pinned by golden tests.
//!
//! Depends on nothing of the crate and on no engine: no DataFusion, Arrow or Parquet type
//! appears here (checked by `tests/it/layers.rs`).

pub mod faker;
pub mod fanout;
pub mod lifecycle;
pub mod params;
pub mod seed;
pub mod spider;
pub mod tabular;

pub use params::ParamError;
pub use seed::{RowRng, row_seed, stream_seed};
