//! Opening an Iceberg table from its catalog, or creating it (and its namespace) there with a
//! declared column list and table properties.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::datatypes::Schema as ArrowSchema;
use datafusion::common::{DataFusionError, Result, plan_err};
use iceberg::spec::Type;
use iceberg::table::Table;
use iceberg::{Catalog, NamespaceIdent, TableCreation};

use super::catalog::IcebergLocation;
use super::schema::iceberg_schema;

fn failed(loc: &IcebergLocation, e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("Iceberg table '{}': {e}", loc.shown))
}

/// The table at `loc` in `catalog`: loaded when it exists (the declared columns, if any, must
/// be its columns), otherwise created with `declared` and `properties`.
pub async fn open_or_create(
    catalog: &Arc<dyn Catalog>,
    loc: &IcebergLocation,
    declared: &ArrowSchema,
    properties: HashMap<String, String>,
) -> Result<Table> {
    let ident = loc.ident();
    let exists = catalog
        .table_exists(&ident)
        .await
        .map_err(|e| failed(loc, e))?;
    if exists {
        let table = catalog.load_table(&ident).await.map_err(|e| failed(loc, e))?;
        if !declared.fields().is_empty() {
            check_columns(loc, &table, declared)?;
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
    let schema = iceberg_schema(declared)?;
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
    let (w, h) = (show(want.as_struct().fields()), show(have.as_struct().fields()));
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
