//! `COPY (query) TO 'location' STORED AS DELTA [PARTITIONED BY (…)] [OPTIONS (…)]`: creates the
//! Delta table when absent and writes the query's rows in one commit; with `mode` `append`,
//! `overwrite` or `ignore` over an existing table (the default, `error`, refuses to touch one).
//!
//! COPY rather than `CREATE TABLE … AS`: COPY is the statement DataFusion users already write
//! results to a location with (Parquet, GeoParquet), it takes `PARTITIONED BY` and writer
//! `OPTIONS`, streams without registering anything, and says how many rows it wrote.

use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, UInt64Array};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::catalog::TableProvider;
use datafusion::common::TableReference;
use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::dataframe::DataFrame;
use datafusion::datasource::provider_as_source;
use datafusion::logical_expr::LogicalPlanBuilder;
use datafusion::logical_expr::dml::InsertOp;
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::{CopyToSource, CopyToStatement, DFParser, Statement as DFStatement};
use datafusion::sql::sqlparser::ast::{Statement as SQLStatement, Value};

use super::options::{OptionsOf, delta_settings};
use crate::delta::{DeltaTableProvider, ReadAt, WriteMode, open_table, table_url};

/// The statement, when `sql` is one `COPY … STORED AS DELTA`.
pub(crate) fn delta_copy(sql: &str) -> Option<CopyToStatement> {
    let mut statements = DFParser::parse_sql(sql).ok()?;
    if statements.len() != 1 {
        return None;
    }
    match statements.pop_front()? {
        DFStatement::CopyTo(copy)
            if copy
                .stored_as
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("delta")) =>
        {
            Some(copy)
        }
        _ => None,
    }
}

fn option_text(value: &Value) -> String {
    match value {
        Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => s.clone(),
        Value::Number(n, _) => n.to_string(),
        Value::Boolean(b) => b.to_string(),
        v => v.to_string(),
    }
}

/// Runs a `COPY … STORED AS DELTA`; the result is one row, `count`, the rows written.
pub(crate) async fn copy_to_delta(
    ctx: &SessionContext,
    copy: CopyToStatement,
) -> Result<DataFrame> {
    let options: Vec<(String, String)> = copy
        .options
        .iter()
        .map(|(k, v)| (k.clone(), option_text(v)))
        .collect();
    let (settings, mode) = delta_settings(OptionsOf::Copy, &options, copy.partitioned_by.clone())?;
    let loc = table_url(&copy.target)?;
    let shown = loc.shown.clone();
    let state = ctx.state();
    let df = match copy.source {
        CopyToSource::Relation(name) => ctx.table(name.to_string()).await?,
        CopyToSource::Query(query) => {
            let statement = DFStatement::Statement(Box::new(SQLStatement::Query(query)));
            let plan = state.statement_to_plan(statement).await?;
            DataFrame::new(state.clone(), plan)
        }
    };
    let source: SchemaRef = Arc::new(df.schema().as_arrow().clone());
    let existing = open_table(&loc, &settings).await?;
    let overwrite = match (existing.is_some(), mode) {
        (true, WriteMode::ErrorIfExists) => {
            return plan_err!(
                "COPY … STORED AS DELTA: a Delta table exists at '{}'; add OPTIONS ('mode' 'append') to add rows or ('mode' 'overwrite') to replace them",
                loc.shown
            );
        }
        (true, WriteMode::Ignore) => return written(ctx, 0),
        (true, WriteMode::Overwrite) => true,
        _ => false,
    };
    let latest = crate::delta::DeltaSettings {
        read_at: ReadAt::Latest,
        ..settings
    };
    let provider = DeltaTableProvider::open(loc, latest, Arc::new(Schema::empty())).await?;
    if existing.is_none() {
        // No table yet: the write creates it with the query's columns and its rows.
        provider.stage(&source)?;
    }
    check_same_columns(&source, &provider.schema(), &provider.location().shown)?;
    let op = if overwrite {
        InsertOp::Overwrite
    } else {
        InsertOp::Append
    };
    // An insert plan like `INSERT INTO`'s, so that it runs (or is refused, on a cluster) the
    // same way.
    let target = provider_as_source(Arc::new(provider));
    let name = TableReference::bare(shown);
    let plan =
        LogicalPlanBuilder::insert_into(df.into_unoptimized_plan(), name, target, op)?.build()?;
    let batches = DataFrame::new(state, plan).collect().await?;
    let rows = batches
        .first()
        .and_then(|b| b.column(0).as_any().downcast_ref::<UInt64Array>())
        .map(|a| a.value(0))
        .unwrap_or(0);
    written(ctx, rows)
}

/// The query's columns must be the table's, by name and in order (types are cast).
fn check_same_columns(source: &SchemaRef, table: &SchemaRef, shown: &str) -> Result<()> {
    let names = |s: &SchemaRef| {
        s.fields()
            .iter()
            .map(|f| f.name().clone())
            .collect::<Vec<_>>()
    };
    if names(source) != names(table) {
        return plan_err!(
            "COPY … STORED AS DELTA: the query's columns ({}) are not the columns of the Delta table at '{shown}' ({})",
            names(source).join(", "),
            names(table).join(", ")
        );
    }
    Ok(())
}

fn written(ctx: &SessionContext, rows: u64) -> Result<DataFrame> {
    let schema = Arc::new(Schema::new(vec![Field::new(
        "count",
        DataType::UInt64,
        false,
    )]));
    let batch = RecordBatch::try_new(schema, vec![Arc::new(UInt64Array::from(vec![rows]))])
        .map_err(DataFusionError::from)?;
    ctx.read_batch(batch)
}
