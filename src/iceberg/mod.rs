//! Apache Iceberg tables (cargo feature `iceberg`): create or open a table in a catalog (in
//! memory, or `iceberg-catalog-sql` on a SQLite file), append to it (or overwrite it, in a SQL
//! catalog) from any DataFusion plan as one snapshot, and read it at its current snapshot or at
//! a past one.
//!
//! The split of work: data files are written by DataFusion's Parquet writer from our streams
//! (one file per input partition, rolled at the target size, columns named by Iceberg field
//! id) and read by DataFusion's Parquet scan; everything Iceberg-specific — schemas, manifest
//! entries, manifests, manifest lists, metadata JSON, snapshots, commits, scan planning — is
//! the `iceberg` crate's. That crate is built on arrow 58; no Arrow data crosses to it, only
//! metadata (the footers' statistics become its `DataFile` entries), and its file access goes
//! through our object store ([`ObjectStorage`]).
//!
//! A table format, like [`crate::delta`]: it knows nothing of synthetic tables, and the SQL
//! surface (`STORED AS ICEBERG`) lives in `sql`.
//!
//! Depends on: nothing of this crate (DataFusion and `iceberg` only).

mod catalog;
mod datafile;
mod open;
mod overwrite;
mod partition;
mod provider;
mod schema;
mod settings;
mod storage;
mod write;

pub use catalog::{
    CatalogKind, CatalogSpec, DEFAULT_CATALOG_NAME, DEFAULT_SQLITE_FILE, IcebergLocation,
    open_catalog,
};
pub use open::open_or_create;
pub use overwrite::SqlPointer;
pub use partition::parse_partitioning;
pub use provider::{IcebergTableProvider, snapshot_at};
pub use schema::{arrow_schema, iceberg_schema};
pub use settings::{
    COMPRESSION_CODEC, COMPRESSION_LEVEL, DEFAULT_TARGET_FILE_SIZE, ReadAt, TARGET_FILE_SIZE,
    writer_settings,
};
pub use storage::ObjectStorage;
pub use write::{IcebergWriteExec, WriteTarget};
