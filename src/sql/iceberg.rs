//! The SQL surface of Iceberg tables (feature `iceberg`): `CREATE EXTERNAL TABLE t [(columns)]
//! STORED AS ICEBERG LOCATION '<warehouse>/<namespace>/<table>' [OPTIONS (…)]` opens the table
//! in its catalog or creates it there; `INSERT INTO t SELECT …` appends one snapshot. The format
//! itself is [`crate::iceberg`].

use std::collections::HashMap;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::compute::kernels::cast_utils::string_to_timestamp_nanos;
use datafusion::arrow::datatypes::Schema;
use datafusion::catalog::{Session, TableProvider, TableProviderFactory};
use datafusion::common::{Result, plan_err};
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::logical_expr::CreateExternalTable;

use crate::iceberg::{
    COMPRESSION_CODEC, COMPRESSION_LEVEL, CatalogKind, CatalogSpec, DEFAULT_CATALOG_NAME,
    IcebergLocation, IcebergTableProvider, ReadAt, SqlPointer, TARGET_FILE_SIZE, open_catalog,
    open_or_create, writer_settings,
};

/// The `STORED AS` name of Iceberg tables.
pub const ICEBERG_FORMAT: &str = "ICEBERG";

/// The options `STORED AS ICEBERG` takes.
pub const ICEBERG_OPTION_KEYS: &[&str] = &[
    "catalog",
    "catalog.uri",
    "catalog.name",
    "partitioning",
    "snapshot_id",
    "as_of",
    COMPRESSION_CODEC,
    COMPRESSION_LEVEL,
    TARGET_FILE_SIZE,
    "aws.<option>",
];

/// What the options of one statement say.
#[derive(Debug, Clone, PartialEq)]
pub struct IcebergOptions {
    /// The catalog to use.
    pub catalog: CatalogSpec,
    /// The snapshot to read.
    pub read_at: ReadAt,
    /// The partition spec of a table this statement creates (Spark's DDL spelling).
    pub partitioning: Option<String>,
    /// Table properties for a table this statement creates.
    pub properties: HashMap<String, String>,
}

fn quoted(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The options of `STORED AS ICEBERG` for the table at `loc`, checked. Errors name the option,
/// the value and what is allowed.
pub fn iceberg_options(
    options: &[(String, String)],
    loc: &IcebergLocation,
) -> Result<IcebergOptions> {
    let mut kind = None;
    let mut uri = None;
    let mut name = DEFAULT_CATALOG_NAME.to_string();
    let mut read_at = ReadAt::Current;
    let mut properties = HashMap::new();
    let mut partitioning = None;
    let mut sorted = options.to_vec();
    sorted.sort();
    for (raw, value) in &sorted {
        // DataFusion rewrites option keys without a dot to `format.<key>`.
        let key = raw
            .strip_prefix("format.")
            .unwrap_or(raw)
            .to_ascii_lowercase();
        let v = value.trim();
        match key.as_str() {
            "catalog" => {
                kind = Some(match v.to_ascii_lowercase().as_str() {
                    "sql" => "sql",
                    "memory" => "memory",
                    _ => {
                        return plan_err!(
                            "Iceberg: invalid value for 'catalog': '{value}'; allowed: 'sql' (a SQLite file, the default), 'memory'"
                        );
                    }
                })
            }
            "catalog.uri" => uri = Some(v.to_string()),
            "partitioning" => partitioning = Some(v.to_string()),
            "catalog.name" => {
                if v.is_empty() {
                    return plan_err!(
                        "Iceberg: 'catalog.name' is empty; allowed: a non-empty name"
                    );
                }
                name = v.to_string();
            }
            "snapshot_id" | "as_of" => {
                if read_at != ReadAt::Current {
                    return plan_err!("Iceberg: give 'snapshot_id' or 'as_of', not both");
                }
                read_at = if key == "snapshot_id" {
                    match v.parse::<i64>() {
                        Ok(id) => ReadAt::Snapshot(id),
                        Err(_) => {
                            return plan_err!(
                                "Iceberg: invalid value for 'snapshot_id': '{value}'; allowed: a snapshot id (a 64-bit integer, see the table's snapshots)"
                            );
                        }
                    }
                } else {
                    match string_to_timestamp_nanos(v) {
                        Ok(ns) => ReadAt::TimestampMs(ns.div_euclid(1_000_000)),
                        Err(_) => {
                            return plan_err!(
                                "Iceberg: invalid value for 'as_of': '{value}'; allowed: a timestamp such as '2026-12-03T10:00:00Z' or '2026-12-03 10:00:00'"
                            );
                        }
                    }
                };
            }
            // S3 settings of an s3:// warehouse: checked, and the bucket's store registered,
            // before planning (`object_store::prepare_s3_locations`).
            k if k.starts_with("aws.") => {}
            k if k == COMPRESSION_CODEC || k == COMPRESSION_LEVEL || k == TARGET_FILE_SIZE => {
                properties.insert(k.to_string(), v.to_string());
            }
            _ => {
                return plan_err!(
                    "Iceberg: unknown option '{key}'; allowed: {}",
                    quoted(ICEBERG_OPTION_KEYS)
                );
            }
        }
    }
    writer_settings(&properties)?;
    let kind = match (kind.unwrap_or("sql"), uri) {
        ("memory", None) => CatalogKind::Memory,
        ("memory", Some(u)) => {
            return plan_err!(
                "Iceberg: 'catalog.uri' ('{u}') is for the 'sql' catalog; a 'memory' catalog has none"
            );
        }
        (_, Some(u)) => {
            if !u.starts_with("sqlite:") {
                return plan_err!(
                    "Iceberg: invalid value for 'catalog.uri': '{u}'; allowed: a SQLite database such as 'sqlite:///data/catalog.db'"
                );
            }
            CatalogKind::Sql { uri: u }
        }
        (_, None) => match CatalogSpec::default_sql(&loc.warehouse) {
            Some(uri) => CatalogKind::Sql { uri },
            None => {
                return plan_err!(
                    "Iceberg: the warehouse '{}' is not a local directory, so there is no default SQL catalog file; give 'catalog.uri' (e.g. 'sqlite:///data/catalog.db') or 'catalog' 'memory'",
                    loc.warehouse
                );
            }
        },
    };
    Ok(IcebergOptions {
        catalog: CatalogSpec { kind, name },
        read_at,
        partitioning,
        properties,
    })
}

/// The `STORED AS ICEBERG` table factory.
#[derive(Debug, Default)]
pub struct IcebergTableFactory;

#[async_trait]
impl TableProviderFactory for IcebergTableFactory {
    async fn create(
        &self,
        state: &dyn Session,
        cmd: &CreateExternalTable,
    ) -> Result<Arc<dyn TableProvider>> {
        let [location] = cmd.locations.as_slice() else {
            return plan_err!(
                "STORED AS ICEBERG: LOCATION must be one '<warehouse>/<namespace>/<table>', got {}",
                cmd.locations.len()
            );
        };
        if !cmd.order_exprs.is_empty() {
            return plan_err!("STORED AS ICEBERG: WITH ORDER is not supported");
        }
        if cmd.unbounded {
            return plan_err!(
                "STORED AS ICEBERG: UNBOUNDED is not supported (Iceberg tables are bounded)"
            );
        }
        let loc = IcebergLocation::parse(location)?;
        let options: Vec<(String, String)> = cmd
            .options
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut opts = iceberg_options(&options, &loc)?;
        // `PARTITIONED BY (a, b)` is identity partitioning by those columns.
        if !cmd.table_partition_cols.is_empty() {
            if opts.partitioning.is_some() {
                return plan_err!(
                    "STORED AS ICEBERG: give PARTITIONED BY (columns) or OPTIONS ('partitioning' '…'), not both"
                );
            }
            opts.partitioning = Some(cmd.table_partition_cols.join(", "));
        }
        let store_url = ObjectStoreUrl::parse(format!(
            "{}://{}",
            loc.warehouse.scheme(),
            &loc.warehouse[url::Position::BeforeHost..url::Position::AfterPort]
        ))?;
        let store = state.runtime_env().object_store(&store_url)?;
        let catalog = open_catalog(&opts.catalog, &loc.warehouse, store.clone()).await?;
        let declared = Schema::new(cmd.schema.fields().clone());
        if opts.read_at != ReadAt::Current && !declared.fields().is_empty() {
            return plan_err!(
                "Iceberg: a table opened at 'snapshot_id' or 'as_of' takes no column list (its columns are the snapshot's)"
            );
        }
        let table = open_or_create(
            &catalog,
            &store,
            &loc,
            &declared,
            opts.partitioning.as_deref(),
            opts.properties,
        )
        .await?;
        let mut provider =
            IcebergTableProvider::try_new(catalog, loc, &table, store, store_url, opts.read_at)?;
        if let CatalogKind::Sql { uri } = &opts.catalog.kind {
            provider = provider.with_overwrite(SqlPointer {
                uri: uri.clone(),
                catalog_name: opts.catalog.name.clone(),
            });
        }
        Ok(Arc::new(provider))
    }
}
