//! `delta_history(table_or_location)`: the commit log of a Delta table, one row per version,
//! newest first. The argument is a table registered with `STORED AS DELTA` (its storage options
//! are used) or a location such as `'/data/t'` or `'s3://bucket/t'`.

use std::sync::Arc;

use datafusion::catalog::{TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::execution::SessionState;
use datafusion::logical_expr::Expr;

use super::super::ddl::resolve_provider;
use crate::delta::{DeltaHistoryTable, DeltaSettings, DeltaTableProvider, table_url};

const USAGE: &str = "delta_history('table or location')";

/// The `delta_history` table function.
#[derive(Debug, Default)]
pub struct DeltaHistoryFunction;

impl TableFunctionImpl for DeltaHistoryFunction {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        let [arg] = exprs else {
            return plan_err!(
                "delta_history: expected 1 argument, got {}; usage: {USAGE}",
                exprs.len()
            );
        };
        let target = match arg {
            Expr::Literal(
                ScalarValue::Utf8(Some(s))
                | ScalarValue::Utf8View(Some(s))
                | ScalarValue::LargeUtf8(Some(s)),
                _,
            ) => s.clone(),
            e => {
                return plan_err!(
                    "delta_history: the argument must be a string (a table name or a location), got {e}; usage: {USAGE}"
                );
            }
        };
        let is_location = target.contains('/') || target.contains('\\') || target.starts_with('.');
        if is_location {
            return Ok(Arc::new(DeltaHistoryTable::new(
                table_url(&target)?,
                DeltaSettings::default(),
            )));
        }
        let Some(state) = args.session().as_any().downcast_ref::<SessionState>() else {
            return plan_err!(
                "delta_history: needs a DataFusion SessionState to look up '{target}'"
            );
        };
        let provider = resolve_provider(state, "delta_history", "table", &target)?;
        let Some(delta) = provider.downcast_ref::<DeltaTableProvider>() else {
            return plan_err!(
                "delta_history: table '{target}' is not a Delta table; give a table created with STORED AS DELTA or a location such as '/data/t'"
            );
        };
        Ok(Arc::new(DeltaHistoryTable::new(
            delta.location().clone(),
            delta.settings().clone(),
        )))
    }
}
