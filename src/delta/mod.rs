//! Delta Lake tables (cargo feature `delta`): open a Delta table at its latest version or at a
//! given version or time, create one from an Arrow schema, append to or overwrite it from any
//! DataFusion plan in one commit, and read its commit log, all through delta-rs (`deltalake`,
//! which is built on the same DataFusion, arrow and object_store versions as this crate).
//!
//! A table format, like [`crate::geoparquet`]: it knows nothing of synthetic tables, and the SQL
//! surface (`STORED AS DELTA`, `COPY … STORED AS DELTA`, `delta_history`) lives in `sql`.
//!
//! Writes are parallel: every input partition of an insert streams into its own Parquet writer
//! (rolled at the target file size) and the `add` actions of all of them are committed once at
//! the end ([`DeltaWriteExec`]). A failed or cancelled write commits nothing: readers keep
//! seeing the previous version, and the files it left are referenced by no version.
//!
//! Depends on: nothing of this crate (DataFusion and `deltalake` only).

mod geometry;
mod history;
mod location;
mod open;
mod provider;
mod settings;
mod write;

pub use history::{DeltaHistoryTable, HISTORY_COLUMNS, history_batch, history_schema};
pub use location::{DeltaLocation, table_url};
pub use open::{create_table, open_table};
pub use provider::DeltaTableProvider;
pub use settings::{DeltaSettings, ReadAt, WriteMode};
pub use write::{DeltaWriteExec, WriteTarget};
