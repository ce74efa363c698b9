//! DataFusion glue: the [`SyntheticTableProvider`] and its leaf [`SyntheticExec`], whose
//! partitions are contiguous row ranges generated lazily, one batch per poll, with
//! projection, limit, exact statistics and exact filter pushdown on key columns.

mod filter;
mod geo_columns;
mod geo_stats;
pub mod geoparquet;
mod geoparquet_covering;
mod geoparquet_parallel;
mod offset;
mod plan;
mod provider;
mod ranges;
mod stream;
mod tpch;
mod write_geoparquet;

pub use geoparquet::GeoParquetFormatFactory;
pub use offset::OffsetPushdown;
pub use plan::SyntheticExec;
pub use provider::SyntheticTableProvider;
pub use ranges::RowRanges;
pub use tpch::{TpchExec, TpchTableProvider};
pub use write_geoparquet::write_geoparquet;
