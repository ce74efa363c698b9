//! [`SqlTableBuilder`]: the Rust equivalent of `CREATE SYNTHETIC TABLE`, with columns given
//! as SQL text and planned by the same planner.

use std::sync::Arc;

use datafusion::common::{Result, TableReference};
use datafusion::execution::SessionState;
use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::ast::Ident;

use super::names::is_plain_ident;
use super::plan::plan_table;
use super::show::definition_text;
use super::spec::{ColumnSpec, FanoutSpec, TableSpec};
use crate::exec::SyntheticTableProvider;
use crate::table::SyntheticTable;

/// The Rust equivalent of `CREATE SYNTHETIC TABLE`: columns given as SQL text, planned
/// exactly as the statement plans them (same streams, so the same values).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::common::Result<()> {
/// use datafusion_synth::sql::SqlTableBuilder;
///
/// let ctx = datafusion::prelude::SessionContext::new();
/// datafusion_synth::register_all(&ctx)?;
/// SqlTableBuilder::new("orders", 1000)
///     .seed(42)
///     .column("id", "BIGINT", "sequence(1)")?
///     .column("twice", "BIGINT", "id * 2")?
///     .register(&ctx)?;
/// let batches = ctx.sql("SELECT sum(twice) FROM orders").await?.collect().await?;
/// # assert_eq!(batches[0].num_rows(), 1);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SqlTableBuilder {
    name: String,
    spec: TableSpec,
}

impl SqlTableBuilder {
    /// A table called `name` (exact, not normalized) with `rows` rows and seed 0.
    pub fn new(name: impl Into<String>, rows: u64) -> Self {
        SqlTableBuilder {
            name: name.into(),
            spec: TableSpec {
                rows,
                fanout: None,
                seed: 0,
                columns: vec![],
                history: vec![],
            },
        }
    }

    /// Sets a history option (`history_start`, `updates`, …; see
    /// [`HISTORY_OPTIONS`](super::HISTORY_OPTIONS)): the table then changes over time. The
    /// value is written as in SQL, without quotes, e.g. `("updates", "poisson(3)")`.
    pub fn history_option(mut self, key: &str, value: &str) -> Self {
        let key = key.to_ascii_lowercase();
        self.spec.history.retain(|(k, _)| *k != key);
        self.spec.history.push((key, value.to_string()));
        self
    }

    /// Makes the table a one-to-many child of `parent` with `count` rows per parent row
    /// (`fixed(c)`, `uniform(lo, hi)` or `poisson(mean)`), as `WITH (parent = …, count = …)`;
    /// the row count is then computed and the `rows` given to [`Self::new`] is ignored.
    pub fn per_parent(mut self, parent: impl Into<String>, count: impl Into<String>) -> Self {
        self.spec.fanout = Some(FanoutSpec {
            parent: parent.into(),
            count: count.into(),
        });
        self
    }

    /// Sets the table seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.spec.seed = seed;
        self
    }

    /// Adds a visible column from SQL text (see [`ColumnSpec::parse`]).
    pub fn column(self, name: &str, data_type: &str, expr: &str) -> Result<Self> {
        Ok(self.column_spec(ColumnSpec::parse(name, data_type, expr)?))
    }

    /// Adds a column with its options (`NOT NULL`, `HIDDEN`, `NULL p PERCENT`).
    pub fn column_spec(mut self, column: ColumnSpec) -> Self {
        self.spec.columns.push(column);
        self
    }

    /// The table definition.
    pub fn spec(&self) -> &TableSpec {
        &self.spec
    }

    /// The equivalent `CREATE SYNTHETIC TABLE` statement.
    pub fn to_sql(&self) -> String {
        definition_text(&quote_name(&self.name), &self.spec)
    }

    /// Plans and validates the table in `state` (generators, types and functions are
    /// resolved there).
    pub fn build(&self, state: &SessionState) -> Result<SyntheticTable> {
        plan_table(state, &self.name, &quote_name(&self.name), &self.spec)
    }

    /// Builds the table and registers it in `ctx` under its name (replacing a table of the
    /// same name).
    pub fn register(&self, ctx: &SessionContext) -> Result<()> {
        let table = self.build(&ctx.state())?;
        let provider = SyntheticTableProvider::new(Arc::new(table));
        ctx.register_table(TableReference::bare(self.name.clone()), Arc::new(provider))?;
        Ok(())
    }
}

/// `name` as a SQL identifier that reads back as exactly `name`.
pub(crate) fn quote_name(name: &str) -> String {
    if is_plain_ident(name) {
        name.to_string()
    } else {
        Ident::with_quote('"', name).to_string()
    }
}
