//! Where an Iceberg table is: its warehouse, namespace and name (from `LOCATION
//! '<warehouse>/<namespace>/<table>'`), and the catalog that holds its current metadata
//! pointer — an in-memory catalog for the life of the process, or the `iceberg-catalog-sql`
//! catalog on a SQLite file (the same tables PyIceberg's `SqlCatalog` and Java's `JdbcCatalog`
//! use), by default `iceberg_catalog.db` in the warehouse directory.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::object_store::ObjectStore;
use iceberg::memory::{MEMORY_CATALOG_WAREHOUSE, MemoryCatalogBuilder};
use iceberg::{Catalog, CatalogBuilder, NamespaceIdent, TableIdent};
use iceberg_catalog_sql::{SQL_CATALOG_PROP_URI, SQL_CATALOG_PROP_WAREHOUSE, SqlCatalogBuilder};
use url::Url;

use super::storage::ObjectStorage;

/// The SQLite file of a local warehouse's default SQL catalog.
pub const DEFAULT_SQLITE_FILE: &str = "iceberg_catalog.db";

/// The catalog name tables are registered under unless `catalog.name` says otherwise
/// (PyIceberg's `SqlCatalog(name, …)` must use the same name to see them).
pub const DEFAULT_CATALOG_NAME: &str = "dfsynth";

/// A table's place: warehouse URL, namespace and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcebergLocation {
    /// The warehouse root (no trailing `/`).
    pub warehouse: Url,
    /// The namespace (one level).
    pub namespace: String,
    /// The table name.
    pub name: String,
    /// The location as written, for messages.
    pub shown: String,
}

impl IcebergLocation {
    /// Parses `<warehouse>/<namespace>/<table>`: a local path (made absolute), a `file://`
    /// URL or an object store URL such as `s3://bucket/warehouse/db/t`.
    pub fn parse(location: &str) -> Result<Self> {
        let shown = location.trim().to_string();
        let allowed = "allowed: '<warehouse>/<namespace>/<table>', e.g. '/data/warehouse/db/events', 'file:///data/warehouse/db/events' or 's3://bucket/warehouse/db/events'";
        let mut url = if shown.contains("://") {
            Url::parse(&shown).map_err(|e| {
                DataFusionError::Plan(format!(
                    "Iceberg: invalid LOCATION '{shown}': {e}; {allowed}"
                ))
            })?
        } else if shown.is_empty() {
            return plan_err!("Iceberg: invalid LOCATION '{shown}'; {allowed}");
        } else {
            let path = std::path::absolute(Path::new(&shown)).map_err(|e| {
                DataFusionError::Plan(format!("Iceberg: invalid LOCATION '{shown}': {e}"))
            })?;
            Url::from_directory_path(&path).map_err(|()| {
                DataFusionError::Plan(format!("Iceberg: invalid LOCATION '{shown}'; {allowed}"))
            })?
        };
        let path = url.path().trim_end_matches('/').to_string();
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let [warehouse @ .., namespace, name] = parts.as_slice() else {
            return plan_err!(
                "Iceberg: LOCATION '{shown}' must name a warehouse, a namespace and a table; {allowed}"
            );
        };
        if warehouse.is_empty() && url.scheme() == "file" {
            return plan_err!(
                "Iceberg: LOCATION '{shown}' must name a warehouse directory above the namespace; {allowed}"
            );
        }
        let (namespace, name) = (namespace.to_string(), name.to_string());
        url.set_path(&format!("/{}", warehouse.join("/")));
        let warehouse_path = url.path().trim_end_matches('/').to_string();
        url.set_path(&warehouse_path);
        Ok(Self {
            warehouse: url,
            namespace,
            name,
            shown,
        })
    }

    /// The table's identifier in its catalog.
    pub fn ident(&self) -> TableIdent {
        TableIdent::new(
            NamespaceIdent::new(self.namespace.clone()),
            self.name.clone(),
        )
    }

    /// The table's own directory: `<warehouse>/<namespace>/<table>`.
    pub fn table_url(&self) -> String {
        format!(
            "{}/{}/{}",
            self.warehouse.as_str().trim_end_matches('/'),
            self.namespace,
            self.name
        )
    }
}

/// Which catalog holds the table.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CatalogKind {
    /// In memory, shared by every statement of this process.
    Memory,
    /// `iceberg-catalog-sql` at this database URI (`sqlite:///…`).
    Sql {
        /// The sqlx URI.
        uri: String,
    },
}

/// A catalog to open: its kind and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogSpec {
    /// Memory or SQL.
    pub kind: CatalogKind,
    /// The catalog's name (rows of a SQL catalog are keyed by it).
    pub name: String,
}

impl CatalogSpec {
    /// The default catalog of a warehouse: SQL on `<warehouse>/iceberg_catalog.db` for a local
    /// warehouse; for another store there is no default (the user names `catalog.uri`).
    pub fn default_sql(warehouse: &Url) -> Option<String> {
        let dir = (warehouse.scheme() == "file")
            .then(|| warehouse.to_file_path().ok())
            .flatten()?;
        Some(format!(
            "sqlite://{}?mode=rwc",
            dir.join(DEFAULT_SQLITE_FILE).display()
        ))
    }
}

type Open = Mutex<HashMap<(CatalogKind, String, String), Arc<dyn Catalog>>>;

fn opened() -> &'static Open {
    static OPENED: OnceLock<Open> = OnceLock::new();
    OPENED.get_or_init(Default::default)
}

/// The catalog `spec` for the warehouse `warehouse`, whose files go through `store`. A
/// memory catalog lives as long as the process; a SQL catalog's connection pool is shared by
/// every table of the same database.
pub async fn open_catalog(
    spec: &CatalogSpec,
    warehouse: &Url,
    store: Arc<dyn ObjectStore>,
) -> Result<Arc<dyn Catalog>> {
    let key = (spec.kind.clone(), spec.name.clone(), warehouse.to_string());
    if let Some(c) = opened().lock().map_err(poisoned)?.get(&key) {
        return Ok(c.clone());
    }
    let factory = ObjectStorage::factory(store);
    let wh = warehouse.as_str().trim_end_matches('/').to_string();
    let catalog: Arc<dyn Catalog> = match &spec.kind {
        CatalogKind::Memory => Arc::new(
            MemoryCatalogBuilder::default()
                .with_storage_factory(factory)
                .load(
                    spec.name.clone(),
                    HashMap::from([(MEMORY_CATALOG_WAREHOUSE.to_string(), wh)]),
                )
                .await
                .map_err(|e| catalog_error(spec, e))?,
        ),
        CatalogKind::Sql { uri } => {
            if let Some(file) = uri.strip_prefix("sqlite://")
                && let Some(dir) = Path::new(file.split('?').next().unwrap_or(file)).parent()
                && !dir.as_os_str().is_empty()
            {
                std::fs::create_dir_all(dir).map_err(|e| {
                    DataFusionError::Execution(format!(
                        "Iceberg catalog '{uri}': cannot create directory '{}': {e}",
                        dir.display()
                    ))
                })?;
            }
            Arc::new(
                SqlCatalogBuilder::default()
                    .with_storage_factory(factory)
                    .load(
                        spec.name.clone(),
                        HashMap::from([
                            (SQL_CATALOG_PROP_URI.to_string(), uri.clone()),
                            (SQL_CATALOG_PROP_WAREHOUSE.to_string(), wh),
                        ]),
                    )
                    .await
                    .map_err(|e| catalog_error(spec, e))?,
            )
        }
    };
    let mut open = opened().lock().map_err(poisoned)?;
    Ok(open.entry(key).or_insert(catalog).clone())
}

fn poisoned<T>(_: T) -> DataFusionError {
    DataFusionError::Internal("the Iceberg catalog registry lock is poisoned".into())
}

fn catalog_error(spec: &CatalogSpec, e: iceberg::Error) -> DataFusionError {
    let what = match &spec.kind {
        CatalogKind::Memory => format!("memory catalog '{}'", spec.name),
        CatalogKind::Sql { uri } => format!("SQL catalog '{}' at '{uri}'", spec.name),
    };
    DataFusionError::Execution(format!("Iceberg {what}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations() {
        let l = IcebergLocation::parse("s3://bucket/wh/db/t/").unwrap();
        assert_eq!(
            (l.warehouse.as_str(), l.namespace.as_str(), l.name.as_str()),
            ("s3://bucket/wh", "db", "t")
        );
        assert_eq!(l.table_url(), "s3://bucket/wh/db/t");
        let l = IcebergLocation::parse("/tmp/wh/db/t").unwrap();
        assert_eq!(l.warehouse.as_str(), "file:///tmp/wh");
        assert_eq!(
            CatalogSpec::default_sql(&l.warehouse).unwrap(),
            "sqlite:///tmp/wh/iceberg_catalog.db?mode=rwc"
        );
        let e = IcebergLocation::parse("/db").unwrap_err().to_string();
        assert!(
            e.contains("must name a warehouse, a namespace and a table"),
            "{e}"
        );
        let e = IcebergLocation::parse("/db/t").unwrap_err().to_string();
        assert!(e.contains("must name a warehouse directory"), "{e}");
    }
}
