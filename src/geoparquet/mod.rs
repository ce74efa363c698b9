//! GeoParquet 1.1 output: a Parquet file format that writes the `geo` metadata (encodings,
//! geometry types, exact bounding boxes, bbox covering columns) for the geometry columns of
//! any stream, serially or with row groups encoded in parallel.
//!
//! Depends on DataFusion, Arrow/Parquet and the georust WKB crates only: it knows nothing of
//! synthetic tables (no `crate::` import), so any DataFusion plan can be written through it.
//! `sql` installs it in sessions; `cluster` ships its sink.

mod bbox;
mod columns;
mod covering;
mod format;
mod parallel;
mod stats;
mod write;

pub use format::{GeoParquetFormat, GeoParquetFormatFactory, GeoParquetSink};
pub use stats::GeoStats;
pub use write::write_geoparquet;
