//! `CREATE [OR REPLACE] SYNTHETIC TABLE [IF NOT EXISTS] name (col TYPE GENERATED ALWAYS AS
//! (expr) [NOT NULL] [HIDDEN] [NULL p PERCENT], …) WITH (rows = N, seed = S)`.
//!
//! The files form a stack, each importing only those below it:
//! `names` (the vocabulary) → `spec` (the definition as SQL pieces) → `show` (its canonical
//! text) and `parse` (the statement) → `types` → `scope` (the planning context) → `call`
//! (reading call sites) → `relations` (parent tables) → `rewrite` (call sites into helper
//! columns) → `plan` (the table) → `builder` ([`SqlTableBuilder`], the Rust equivalent).

mod builder;
mod call;
mod names;
mod parse;
mod plan;
mod relations;
mod rewrite;
mod scope;
mod show;
mod spec;
mod types;

use std::sync::Arc;

use datafusion::common::{Result, plan_err};
use datafusion::dataframe::DataFrame;
use datafusion::execution::SessionState;
use datafusion::logical_expr::LogicalPlanBuilder;
use datafusion::prelude::SessionContext;
use datafusion::sql::planner::object_name_to_table_reference;
use datafusion::sql::sqlparser::dialect::dialect_from_str;

pub use builder::SqlTableBuilder;
pub use names::{GENERATOR_NAMES, NULLIFY, generator_signature};
pub use parse::{CreateSyntheticTable, WITH_OPTIONS, is_create_synthetic, parse_create_synthetic};
pub use show::definition_text;
pub use spec::{ColumnSpec, FanoutSpec, TableSpec};
pub use types::lossless;

use crate::exec::SyntheticTableProvider;
use crate::table::SyntheticTable;
use spec::WHO;

/// Executes a `CREATE SYNTHETIC TABLE` statement in `ctx`: the table is registered under its
/// name; the result is an empty DataFrame, like DataFusion's own DDL.
pub async fn create_synthetic_table(ctx: &SessionContext, sql: &str) -> Result<DataFrame> {
    let state = ctx.state();
    let options = state.config_options();
    let stmt = parse_in_session(&state, sql)?;
    parse::check_name(&stmt.name)?;
    let table_ref = object_name_to_table_reference(
        stmt.name.clone(),
        options.sql_parser.enable_ident_normalization,
    )?;
    if ctx.table_exist(table_ref.clone())? {
        if stmt.if_not_exists {
            return empty(ctx);
        }
        if !stmt.or_replace {
            return plan_err!(
                "{WHO}: table '{table_ref}' already exists; use CREATE OR REPLACE SYNTHETIC TABLE or DROP TABLE first"
            );
        }
    }
    let table = plan::plan_table(
        &state,
        table_ref.table(),
        &stmt.name.to_string(),
        &stmt.table,
    )?;
    let provider = SyntheticTableProvider::new(Arc::new(table));
    if stmt.or_replace {
        ctx.deregister_table(table_ref.clone())?;
    }
    ctx.register_table(table_ref, Arc::new(provider))?;
    empty(ctx)
}

/// Plans the canonical definition of a declared table ([`TableOrigin::Declared`]) again, as
/// table `name`, in `state`, where the parents it names must be registered: how another
/// process (a cluster's scheduler or executor) rebuilds the table.
///
/// [`TableOrigin::Declared`]: crate::table::TableOrigin::Declared
pub fn plan_definition(
    state: &SessionState,
    name: &str,
    definition: &str,
) -> Result<SyntheticTable> {
    let stmt = parse_in_session(state, definition)?;
    plan::plan_table(state, name, &stmt.name.to_string(), &stmt.table)
}

/// Parses a `CREATE SYNTHETIC TABLE` statement with the session's dialect and limits.
fn parse_in_session(state: &SessionState, sql: &str) -> Result<CreateSyntheticTable> {
    let options = state.config_options();
    let dialect_name = options.sql_parser.dialect.to_string();
    let Some(dialect) = dialect_from_str(&dialect_name) else {
        return plan_err!("{WHO}: unsupported SQL dialect {dialect_name}");
    };
    parse_create_synthetic(
        dialect.as_ref(),
        sql,
        options.sql_parser.recursion_limit.get(),
    )
}

fn empty(ctx: &SessionContext) -> Result<DataFrame> {
    Ok(DataFrame::new(
        ctx.state(),
        LogicalPlanBuilder::empty(false).build()?,
    ))
}
