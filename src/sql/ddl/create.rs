//! Running the statement: `CREATE SYNTHETIC TABLE` in a session (parse with the session's
//! dialect, plan, register), and planning a canonical definition again in another process.

use std::sync::Arc;

use datafusion::common::{Result, plan_err};
use datafusion::dataframe::DataFrame;
use datafusion::execution::SessionState;
use datafusion::logical_expr::LogicalPlanBuilder;
use datafusion::prelude::SessionContext;
use datafusion::sql::planner::object_name_to_table_reference;
use datafusion::sql::sqlparser::dialect::dialect_from_str;

use super::parse::{CreateSyntheticTable, check_name, parse_create_synthetic};
use super::plan::plan_table;
use super::spec::WHO;
use crate::exec::SyntheticTableProvider;
use crate::table::SyntheticTable;

/// Executes a `CREATE SYNTHETIC TABLE` statement in `ctx`: the table is registered under its
/// name; the result is an empty DataFrame, like DataFusion's own DDL.
pub async fn create_synthetic_table(ctx: &SessionContext, sql: &str) -> Result<DataFrame> {
    let state = ctx.state();
    let options = state.config_options();
    let stmt = parse_in_session(&state, sql)?;
    check_name(&stmt.name)?;
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
    let table = plan_table(
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
    plan_table(state, name, &stmt.name.to_string(), &stmt.table)
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
