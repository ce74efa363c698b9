//! Building blocks of the `dfsynth` REPL that do not need a terminal, kept in the library so
//! that they can be tested like the rest of the crate: knowing when typed input ends a
//! statement ([`statement_complete`]), showing only the first rows of a result without
//! draining it ([`BoundedQuery`]), printing results in the supported [`OutputFormat`]s
//! ([`ResultWriter`]) and counting the rows a running plan has read ([`PlanProgress`]).
//!
//! The interactive parts (line editing, completion, the progress bar) live in the `dfsynth`
//! binary; SQL always goes through [`crate::execute_sql`].
//!
//! Depends on `sql` and the layers below it; never on `cluster` or the binary.

mod bounded;
mod format;
mod input;
mod progress;
mod summary;

pub use bounded::{BoundedQuery, exact_rows, is_query};
pub use format::{OutputFormat, ResultWriter};
pub use input::statement_complete;
pub use progress::PlanProgress;
pub use summary::{RowSummary, thousands};
