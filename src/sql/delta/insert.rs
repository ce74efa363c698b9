//! The first `INSERT` into a Delta table declared without columns at an empty location: the
//! table takes the columns of the inserted query (names and types), and the insert creates it
//! together with its rows (version 0).

use std::sync::Arc;

use datafusion::arrow::datatypes::{Field, Schema};
use datafusion::common::{Result, plan_err};
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::{DFParser, Statement as DFStatement};
use datafusion::sql::sqlparser::ast::{Statement as SQLStatement, TableObject};

use crate::delta::DeltaTableProvider;

/// Gives the Delta table `sql` inserts into the query's columns, when it has none yet.
pub(crate) async fn create_on_first_insert(ctx: &SessionContext, sql: &str) -> Result<()> {
    let Ok(mut statements) = DFParser::parse_sql(sql) else {
        return Ok(());
    };
    if statements.len() != 1 {
        return Ok(());
    }
    let Some(DFStatement::Statement(statement)) = statements.pop_front() else {
        return Ok(());
    };
    let SQLStatement::Insert(insert) = *statement else {
        return Ok(());
    };
    let (TableObject::TableName(name), Some(source)) = (&insert.table, &insert.source) else {
        return Ok(());
    };
    let Ok(provider) = ctx.table_provider(name.to_string()).await else {
        return Ok(());
    };
    let Some(delta) = provider.downcast_ref::<DeltaTableProvider>() else {
        return Ok(());
    };
    if !delta.is_pending() {
        return Ok(());
    }
    let state = ctx.state();
    let query = DFStatement::Statement(Box::new(SQLStatement::Query(source.clone())));
    let plan = state.statement_to_plan(query).await?;
    let fields = plan.schema().as_arrow().fields().clone();
    let fields: Vec<Field> = if insert.columns.is_empty() {
        fields.iter().map(|f| f.as_ref().clone()).collect()
    } else {
        if insert.columns.len() != fields.len() {
            return plan_err!(
                "INSERT INTO {name}: {} columns named but the query gives {}",
                insert.columns.len(),
                fields.len()
            );
        }
        fields
            .iter()
            .zip(&insert.columns)
            .map(|(f, c)| f.as_ref().clone().with_name(c.to_string()))
            .collect()
    };
    delta.stage(&Arc::new(Schema::new(fields)))
}
