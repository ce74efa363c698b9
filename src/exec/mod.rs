//! DataFusion glue: the table providers and one leaf plan, [`LeafExec`], for every source
//! whose output is addressed by position ([`SyntheticExec`] over a synthetic table's rows,
//! [`TpchExec`], [`TpcdsExec`] and [`ChangeExec`] over parts): partitions are contiguous unit ranges generated lazily,
//! one batch per poll, with projection, limit, exact statistics and exact filter pushdown on
//! key columns. Adding a table kind: a [`RangeSource`], a provider and a line in `kinds.rs`.
//!
//! Depends on [`crate::generate`], [`crate::functions`] and [`crate::table`]; never on
//! `sql`, `geoparquet` or `cluster`.

mod filter;
mod kinds;
mod last_rows;
mod leaf;
mod offset;
mod part_filter;
mod part_stream;
mod parts;
mod plan_walk;
mod provider;
mod ranges;
mod synthetic;

pub use kinds::as_range_leaf;
pub use last_rows::LastRowsPushdown;
pub use leaf::{Batches, LeafExec, LeafView, RangeLeaf, RangeSource};
pub use offset::OffsetPushdown;
pub use parts::{
    ChangeExec, ChangeTableProvider, PartExec, PartSource, PartTableProvider, TpcdsExec,
    TpcdsTableProvider, TpchExec, TpchSource, TpchTableProvider,
};
pub use provider::SyntheticTableProvider;
pub use ranges::RowRanges;
pub use synthetic::{SyntheticExec, SyntheticSource};
