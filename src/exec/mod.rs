//! DataFusion glue: the [`SyntheticTableProvider`] and its leaf [`SyntheticExec`], whose
//! partitions are contiguous row ranges generated lazily, one batch per poll, with
//! projection, limit, exact statistics and exact filter pushdown on key columns.

mod filter;
pub mod geoparquet;
mod plan;
mod provider;
mod ranges;
mod stream;
mod write_geoparquet;

pub use geoparquet::GeoParquetFormatFactory;
pub use plan::SyntheticExec;
pub use provider::SyntheticTableProvider;
pub use ranges::RowRanges;
pub use write_geoparquet::write_geoparquet;
