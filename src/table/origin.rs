//! [`TableOrigin`]: how a synthetic table was made, in terms another process can replay —
//! the Spider parameters, or the canonical `CREATE SYNTHETIC TABLE` text with the parent
//! tables it captured. The cluster codecs ship a table as its origin and rebuild it on the
//! scheduler and the executors; every cell being a pure function of (seed, column, row),
//! the rebuilt table generates the same bytes.

use std::sync::Arc;

use super::SyntheticTable;

/// How a synthetic table was made.
#[derive(Debug, Clone)]
pub enum TableOrigin {
    /// `spider(...)` or `STORED AS SPIDER`: the table name and the Spider parameters (the
    /// options as `key=value` pairs besides distribution, cardinality and seed).
    Spider {
        /// The table name.
        name: String,
        /// The distribution name.
        distribution: String,
        /// The number of rows.
        cardinality: u64,
        /// The seed.
        seed: u64,
        /// The remaining options, keys in lower case.
        options: Vec<(String, String)>,
    },
    /// `CREATE SYNTHETIC TABLE` (or [`SqlTableBuilder`](crate::sql::ddl::SqlTableBuilder)):
    /// the registered name, the canonical definition and the parents it captured.
    Declared {
        /// The name the table was registered under.
        name: String,
        /// The canonical definition (what `SHOW CREATE TABLE` shows).
        definition: String,
        /// The tables the definition references, by the name it uses for them.
        parents: Vec<(String, Arc<SyntheticTable>)>,
    },
}
