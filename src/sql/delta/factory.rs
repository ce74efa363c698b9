//! `CREATE EXTERNAL TABLE t [(columns)] STORED AS DELTA LOCATION '…' [PARTITIONED BY (…)]
//! [OPTIONS (…)]`: opens the Delta table at the location (at a `version` or `timestamp` when
//! given), or creates it there (from the column list; without one, from the first insert).

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::Schema;
use datafusion::catalog::{Session, TableProvider, TableProviderFactory};
use datafusion::common::{Result, plan_err};
use datafusion::logical_expr::CreateExternalTable;

use super::options::{OptionsOf, delta_settings};
use crate::delta::{DeltaTableProvider, table_url};

/// The `STORED AS` name of Delta tables.
pub const DELTA_FORMAT: &str = "DELTA";

/// The `STORED AS DELTA` table factory.
#[derive(Debug, Default)]
pub struct DeltaTableFactory;

#[async_trait]
impl TableProviderFactory for DeltaTableFactory {
    async fn create(
        &self,
        _state: &dyn Session,
        cmd: &CreateExternalTable,
    ) -> Result<Arc<dyn TableProvider>> {
        let [location] = cmd.locations.as_slice() else {
            return plan_err!(
                "STORED AS DELTA: LOCATION must be one directory or URL, got {}",
                cmd.locations.len()
            );
        };
        if !cmd.order_exprs.is_empty() {
            return plan_err!("STORED AS DELTA: WITH ORDER is not supported");
        }
        if cmd.unbounded {
            return plan_err!(
                "STORED AS DELTA: UNBOUNDED is not supported (Delta tables are bounded)"
            );
        }
        let options: Vec<(String, String)> = cmd
            .options
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let (settings, _) =
            delta_settings(OptionsOf::Table, &options, cmd.table_partition_cols.clone())?;
        let declared = Arc::new(Schema::new(cmd.schema.fields().clone()));
        let loc = table_url(location)?;
        let provider = DeltaTableProvider::open(loc, settings, declared).await?;
        Ok(Arc::new(provider))
    }
}
