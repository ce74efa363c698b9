//! DataFusion glue: the [`SyntheticTableProvider`] and its leaf [`SyntheticExec`], whose
//! partitions are contiguous row ranges generated lazily, one batch per poll, with
//! projection, limit, exact statistics and exact filter pushdown on key columns.
//!
//! Depends on [`crate::generate`], [`crate::functions`] and [`crate::table`]; never on
//! `sql`, `geoparquet` or `cluster`.

mod filter;
mod offset;
mod plan;
mod provider;
mod ranges;
mod stream;
mod tpch;

pub use offset::OffsetPushdown;
pub use plan::SyntheticExec;
pub use provider::SyntheticTableProvider;
pub use ranges::RowRanges;
pub use tpch::{TpchExec, TpchTableProvider};
