//! `CREATE EXTERNAL TABLE t STORED AS SPIDER LOCATION 'spider://t' OPTIONS (...)`: every
//! parameter named, e.g. `OPTIONS ('distribution' 'diagonal', 'cardinality' '1e8',
//! 'percentage' '0.3', 'seed' '7')`.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider, TableProviderFactory};
use datafusion::common::{Result, plan_err};
use datafusion::logical_expr::CreateExternalTable;

use super::spider_options::spec_from_named;
use crate::exec::SyntheticTableProvider;
use crate::table::TableOrigin;

/// The `STORED AS SPIDER` table factory.
#[derive(Debug, Default)]
pub struct SpiderTableFactory;

/// Checks the column list of a `CREATE EXTERNAL TABLE` against the generated columns: none,
/// or the same names and types in the same order.
pub(crate) fn check_declared_columns(
    who: &str,
    cmd: &CreateExternalTable,
    actual: &datafusion::arrow::datatypes::SchemaRef,
) -> Result<()> {
    let declared = cmd.schema.fields();
    let show = |fields: &mut dyn Iterator<Item = &datafusion::arrow::datatypes::FieldRef>| {
        fields
            .map(|f| format!("{} {}", f.name(), f.data_type()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let same = declared.len() == actual.fields().len()
        && declared
            .iter()
            .zip(actual.fields().iter())
            .all(|(d, a)| d.name() == a.name() && d.data_type() == a.data_type());
    if declared.is_empty() || same {
        return Ok(());
    }
    plan_err!(
        "{who}: the declared columns ({}) do not match the table's columns ({}); omit the column list",
        show(&mut declared.iter()),
        show(&mut actual.fields().iter())
    )
}

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
        let spec = spec_from_named(&options)?;
        let mut table = spec.to_table(name)?;
        let distribution = options
            .iter()
            .find(|(k, _)| k == "distribution")
            .map(|(_, v)| v.clone())
            .unwrap_or_default();
        table.set_origin(TableOrigin::Spider {
            name: name.to_string(),
            distribution,
            cardinality: spec.cardinality,
            seed: spec.seed,
            options: options
                .into_iter()
                .filter(|(k, _)| !matches!(k.as_str(), "distribution" | "cardinality" | "seed"))
                .collect(),
        });
        let provider = SyntheticTableProvider::new(Arc::new(table));
        check_declared_columns("STORED AS SPIDER", cmd, &provider.schema())?;
        Ok(Arc::new(provider))
    }
}
