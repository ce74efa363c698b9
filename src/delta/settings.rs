//! What a Delta table is opened, created and written with: the version or time to read, the
//! storage options, the table properties and partition columns of a new table, and the Parquet
//! writer settings of inserts. Parsed from SQL options by the `sql` layer.

use std::collections::HashMap;
use std::num::NonZeroU64;

use datafusion::parquet::file::properties::WriterProperties;

/// Which version of a table a read sees.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ReadAt {
    /// The latest version, refreshed at every scan; the only state that can be written.
    #[default]
    Latest,
    /// A fixed version (time travel; read only).
    Version(u64),
    /// The version current at an RFC 3339 time (time travel; read only).
    Timestamp(String),
}

impl ReadAt {
    /// True for a fixed version or time.
    pub fn is_pinned(&self) -> bool {
        !matches!(self, ReadAt::Latest)
    }

    /// How errors name the pin: `version 3`, `timestamp '2026-01-01T00:00:00Z'`.
    pub fn describe(&self) -> String {
        match self {
            ReadAt::Latest => "the latest version".to_string(),
            ReadAt::Version(v) => format!("version {v}"),
            ReadAt::Timestamp(t) => format!("timestamp '{t}'"),
        }
    }
}

/// What a write does when the table already holds data (`COPY … STORED AS DELTA` takes it as
/// the `mode` option; `INSERT INTO` appends, `INSERT OVERWRITE` overwrites).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WriteMode {
    /// Fail when a Delta table exists at the location (the default of `COPY`, as of Spark's
    /// and delta-rs' writers).
    #[default]
    ErrorIfExists,
    /// Add the rows as a new version.
    Append,
    /// Replace the rows in a new version (older versions stay readable).
    Overwrite,
    /// Write nothing when a table exists.
    Ignore,
}

impl WriteMode {
    /// The option values, in the order errors list them.
    pub const NAMES: &'static [&'static str] = &["error", "append", "overwrite", "ignore"];

    /// Parses an option value (case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "error" | "errorifexists" => Some(Self::ErrorIfExists),
            "append" => Some(Self::Append),
            "overwrite" => Some(Self::Overwrite),
            "ignore" => Some(Self::Ignore),
            _ => None,
        }
    }
}

/// Everything a Delta table is opened, created and written with.
#[derive(Debug, Clone, Default)]
pub struct DeltaSettings {
    /// The version a read sees.
    pub read_at: ReadAt,
    /// Storage options of the object store (`aws_endpoint`, `aws_region`, …).
    pub storage: HashMap<String, String>,
    /// Table properties of a new table (`delta.appendOnly`, …).
    pub configuration: HashMap<String, Option<String>>,
    /// Partition columns of a new table.
    pub partition_columns: Vec<String>,
    /// The size at which a data file is closed and a new one started (default: the table's
    /// `delta.targetFileSize`, else delta-rs' 100 MiB).
    pub target_file_size: Option<NonZeroU64>,
    /// Parquet writer properties of inserts (compression, row group size); default: delta-rs'
    /// (snappy).
    pub writer: Option<WriterProperties>,
}
