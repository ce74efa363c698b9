//! `CREATE [OR REPLACE] SYNTHETIC TABLE [IF NOT EXISTS] name (col TYPE GENERATED ALWAYS AS
//! (expr) [NOT NULL] [HIDDEN] [NULL p PERCENT], …) WITH (rows = N, seed = S)`.
//!
//! The files form a stack, each importing only those below it:
//! `names` (the vocabulary) → `spec` (the definition as SQL pieces) → `show` (its canonical
//! text) and `parse` (the statement) → `types` → `scope` (the planning context) → `call`
//! (reading call sites) → `relations` (parent tables) → `rewrite` (call sites into helper
//! columns) → `plan` (the table) → `builder` ([`SqlTableBuilder`], the Rust equivalent) → `create` (the
//! statement run in a session).

mod builder;
mod call;
mod create;
mod history;
mod names;
mod parse;
mod plan;
mod relations;
mod rewrite;
mod scope;
mod show;
mod spec;
mod types;

pub use builder::SqlTableBuilder;
pub use create::{create_synthetic_table, plan_definition};
pub use history::HISTORY_OPTIONS;
pub use names::{GENERATOR_NAMES, NULLIFY, generator_signature};
pub use parse::{CreateSyntheticTable, is_create_synthetic, parse_create_synthetic};
#[cfg(feature = "delta")]
pub(crate) use relations::resolve_provider;
pub(crate) use relations::resolve_table;
pub use show::definition_text;
pub use spec::{ColumnSpec, FanoutSpec, TableSpec, WITH_OPTIONS};
pub use types::lossless;
