//! Running synthetic tables on an [Apache DataFusion Ballista](https://datafusion.apache.org/ballista/)
//! cluster (feature `cluster`).
//!
//! Our tables are pure functions of (seed, column, row) split into row-range partitions, so
//! what crosses the wire is small: a table's recipe ([`TableRecipe`]: the Spider parameters
//! or the canonical `CREATE SYNTHETIC TABLE` text with its parents), and for a scan the rows
//! of each partition. The codecs ([`SynthLogicalCodec`], [`SynthPhysicalCodec`]) handle our
//! tables, scans and the GeoParquet sink and delegate everything else to Ballista's own.
//! [`session`] builds the client context (`dfsynth --cluster df://host:port`), [`process`]
//! runs the scheduler and executor processes carrying the codecs.
//!
//! Depends on `sql` and the layers below it (feature `cluster`); never on `repl` or the
//! binary.

mod logical_codec;
mod parallel_copy;
mod physical_codec;
pub mod process;
mod range_scan;
mod recipe;
pub mod session;
mod wire;

pub use logical_codec::SynthLogicalCodec;
pub use parallel_copy::{CountSumExec, ParallelCopy, PartitionWriteExec};
pub use physical_codec::SynthPhysicalCodec;
pub use range_scan::{ClusterScans, RangeScanExec};
pub use recipe::{TableRecipe, build as build_table};
pub use session::{cluster_context, cluster_session_state};
