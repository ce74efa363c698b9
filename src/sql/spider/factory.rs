//! `CREATE EXTERNAL TABLE t STORED AS SPIDER LOCATION 'spider://t' OPTIONS (...)`: every
//! parameter named, e.g. `OPTIONS ('distribution' 'diagonal', 'cardinality' '1e8',
//! 'percentage' '0.3', 'seed' '7')`.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider, TableProviderFactory};
use datafusion::common::{Result, plan_err};

use crate::sql::external::check_declared_columns;
use datafusion::logical_expr::CreateExternalTable;

use crate::exec::SyntheticTableProvider;
use crate::functions::spider::named_parameters;
use crate::table::SpiderOrigin;
use crate::table::spider::spider_table;

/// The `STORED AS SPIDER` table factory.
#[derive(Debug, Default)]
pub struct SpiderTableFactory;

/// The `LOCATION` scheme of Spider tables.
pub const SCHEME: &str = "spider://";

#[async_trait]
impl TableProviderFactory for SpiderTableFactory {
    async fn create(
        &self,
        _state: &dyn Session,
        cmd: &CreateExternalTable,
    ) -> Result<Arc<dyn TableProvider>> {
        let name = cmd.name.table();
        match cmd.locations.as_slice() {
            [loc] if loc.starts_with(SCHEME) => {}
            locs => {
                return plan_err!(
                    "STORED AS SPIDER: LOCATION must be one '{SCHEME}<name>' URL, got {}",
                    locs.iter()
                        .map(|l| format!("'{l}'"))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        if !cmd.table_partition_cols.is_empty() {
            return plan_err!("STORED AS SPIDER: PARTITIONED BY is not supported");
        }
        if !cmd.order_exprs.is_empty() {
            return plan_err!("STORED AS SPIDER: WITH ORDER is not supported");
        }
        if cmd.unbounded {
            return plan_err!("STORED AS SPIDER: UNBOUNDED is not supported (tables are bounded)");
        }
        // DataFusion rewrites option keys without a dot to `format.<key>`.
        let mut options: Vec<(String, String)> = cmd
            .options
            .iter()
            .map(|(k, v)| {
                let k = k.strip_prefix("format.").unwrap_or(k).to_ascii_lowercase();
                (k, v.clone())
            })
            .collect();
        options.sort();
        let p = named_parameters(&options)?;
        let table = spider_table(SpiderOrigin {
            name: name.to_string(),
            distribution: p.distribution,
            cardinality: p.cardinality,
            seed: p.seed,
            options: p.options,
        })?;
        let provider = SyntheticTableProvider::new(Arc::new(table));
        check_declared_columns("STORED AS SPIDER", cmd, &provider.schema())?;
        Ok(Arc::new(provider))
    }
}
