//! Opening an Iceberg table from its catalog, or creating it (and its namespace) there with a
//! declared column list and table properties.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::datatypes::Schema as ArrowSchema;
use datafusion::common::{DataFusionError, Result, plan_err};
use iceberg::spec::Type;
use iceberg::table::Table;
use iceberg::{Catalog, ErrorKind, NamespaceIdent, TableCreation};

use datafusion::object_store::ObjectStore;
use futures::StreamExt;

use super::catalog::IcebergLocation;
use super::partition::parse_partitioning;
use super::schema::iceberg_schema;
use super::storage::key;

fn failed(loc: &IcebergLocation, e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("Iceberg table '{}': {e}", loc.shown))
}

/// The table at `loc` in `catalog`: loaded when it exists (the declared columns, if any, must
/// be its columns), otherwise created with `declared` and `properties`.
pub async fn open_or_create(
    catalog: &Arc<dyn Catalog>,
    store: &Arc<dyn ObjectStore>,
    loc: &IcebergLocation,
    declared: &ArrowSchema,
    partitioning: Option<&str>,
    properties: HashMap<String, String>,
) -> Result<Table> {
    let ident = loc.ident();
    // The memory catalog answers a missing namespace with an error, the SQL catalog with false.
    let exists = match catalog.table_exists(&ident).await {
        Ok(b) => b,
        Err(e) if e.kind() == ErrorKind::NamespaceNotFound => false,
        Err(e) => return Err(failed(loc, e)),
    };
    if exists {
        let table = catalog
            .load_table(&ident)
            .await
            .map_err(|e| failed(loc, e))?;
        if !declared.fields().is_empty() {
            check_columns(loc, &table, declared)?;
        }
        if let Some(p) = partitioning {
            let want = parse_partitioning(p, table.metadata().current_schema())?;
            let have = table.metadata().default_partition_spec();
            let same = want.fields().len() == have.fields().len()
                && want
                    .fields()
                    .iter()
                    .zip(have.fields())
                    .all(|(w, h)| w.source_id == h.source_id && w.transform == h.transform);
            if !same {
                return plan_err!(
                    "Iceberg: the partitioning declared for '{}' ('{p}') is not the table's ({}); declare none to open it as it is",
                    loc.shown,
                    have.fields()
                        .iter()
                        .map(|f| format!("{}: {}", f.name, f.transform))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
            }
        }
        return Ok(table);
    }
    if declared.fields().is_empty() {
        return plan_err!(
            "Iceberg: there is no table '{}.{}' in the catalog for LOCATION '{}'; to create it, give its columns: CREATE EXTERNAL TABLE t (id BIGINT NOT NULL, …) STORED AS ICEBERG LOCATION '…'",
            loc.namespace,
            loc.name,
            loc.shown
        );
    }
    // Files at the location but no table in the catalog: not an Iceberg table of this
    // catalog (another catalog's, or other files); writing a new table there would mix them.
    let prefix = key(&loc.table_url()).map_err(|e| failed(loc, e))?;
    if let Some(found) = store.list(Some(&prefix)).next().await {
        let found = found.map_err(|e| failed(loc, e))?;
        return plan_err!(
            "Iceberg: LOCATION '{}' already holds files (e.g. '{}') but the catalog has no table '{}.{}'; it is not an Iceberg table of this catalog: choose an empty location, or name the catalog that has it ('catalog.uri', 'catalog.name')",
            loc.shown,
            found.location,
            loc.namespace,
            loc.name
        );
    }
    let schema = iceberg_schema(declared)?;
    let spec = partitioning
        .map(|p| parse_partitioning(p, &schema))
        .transpose()?;
    let ns = NamespaceIdent::new(loc.namespace.clone());
    if !catalog
        .namespace_exists(&ns)
        .await
        .map_err(|e| failed(loc, e))?
    {
        catalog
            .create_namespace(&ns, HashMap::new())
            .await
            .map_err(|e| failed(loc, e))?;
    }
    let creation = TableCreation::builder()
        .name(loc.name.clone())
        .location(loc.table_url())
        .schema(schema)
        .partition_spec_opt(spec)
        .properties(properties)
        .build();
    catalog
        .create_table(&ns, creation)
        .await
        .map_err(|e| failed(loc, e))
}

/// Declared columns must be the table's, by name, type and nullability, in order.
fn check_columns(loc: &IcebergLocation, table: &Table, declared: &ArrowSchema) -> Result<()> {
    let want = iceberg_schema(declared)?;
    let have = table.metadata().current_schema();
    let show = |fields: &[Arc<iceberg::spec::NestedField>]| {
        fields
            .iter()
            .map(|f| {
                format!(
                    "{} {}{}",
                    f.name,
                    type_name(&f.field_type),
                    if f.required { " NOT NULL" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (w, h) = (
        show(want.as_struct().fields()),
        show(have.as_struct().fields()),
    );
    if w != h {
        return plan_err!(
            "Iceberg: the columns declared for '{}' ({w}) are not the table's ({h}); declare no columns to open it as it is",
            loc.shown
        );
    }
    Ok(())
}

fn type_name(t: &Type) -> String {
    match t {
        Type::Primitive(p) => p.to_string(),
        Type::Struct(_) => "struct".into(),
        Type::List(_) => "list".into(),
        Type::Map(_) => "map".into(),
    }
}
