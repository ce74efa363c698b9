//! [`IcebergTableProvider`]: an Iceberg table as a DataFusion table. A scan asks the `iceberg`
//! crate's scan planning for the data files of the snapshot read (the current one, reloaded
//! from the catalog at every scan, or a fixed one for time travel) and reads them with
//! DataFusion's own Parquet scan; an insert (an append, or an overwrite in a SQL catalog) is an
//! [`IcebergWriteExec`].

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::Session;
use datafusion::common::stats::Precision;
use datafusion::common::{DataFusionError, Result, Statistics, plan_err};
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::physical_plan::{FileGroup, FileScanConfigBuilder, ParquetSource};
use datafusion::datasource::source::DataSourceExec;
use datafusion::datasource::{TableProvider, TableType};
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::logical_expr::dml::InsertOp;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::object_store::ObjectStore;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::empty::EmptyExec;
use futures::TryStreamExt;
use iceberg::Catalog;
use iceberg::spec::TableMetadata;
use iceberg::table::Table;

use super::catalog::IcebergLocation;
use super::overwrite::SqlPointer;
use super::partition::Partitioner;
use super::schema::arrow_schema;
use super::settings::{ReadAt, writer_settings};
use super::storage::key;
use super::write::{IcebergWriteExec, WriteTarget};

/// An Iceberg table, read at its current snapshot or at a fixed one.
pub struct IcebergTableProvider {
    catalog: Arc<dyn Catalog>,
    location: IcebergLocation,
    store: Arc<dyn ObjectStore>,
    store_url: ObjectStoreUrl,
    read_at: ReadAt,
    schema: SchemaRef,
    overwrite: Option<SqlPointer>,
}

impl fmt::Debug for IcebergTableProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IcebergTableProvider")
            .field("location", &self.location.shown)
            .field("read_at", &self.read_at)
            .finish()
    }
}

fn failed(loc: &IcebergLocation, e: impl fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("Iceberg table '{}': {e}", loc.shown))
}

/// The id of the snapshot `at` names in `meta` (`None` for a table without snapshots).
/// Errors name the snapshot or time and what exists.
pub fn snapshot_at(meta: &TableMetadata, at: ReadAt, shown: &str) -> Result<Option<i64>> {
    match at {
        ReadAt::Current => Ok(meta.current_snapshot().map(|s| s.snapshot_id())),
        ReadAt::Snapshot(id) => match meta.snapshot_by_id(id) {
            Some(_) => Ok(Some(id)),
            None => {
                let ids: Vec<String> = meta
                    .history()
                    .iter()
                    .map(|l| l.snapshot_id.to_string())
                    .collect();
                plan_err!(
                    "Iceberg table '{shown}' has no snapshot {id}; its snapshots: {}",
                    if ids.is_empty() {
                        "none".to_string()
                    } else {
                        ids.join(", ")
                    }
                )
            }
        },
        ReadAt::TimestampMs(ms) => {
            let log = meta.history();
            match log.iter().rev().find(|l| l.timestamp_ms <= ms) {
                Some(l) => Ok(Some(l.snapshot_id)),
                None => {
                    let first = log.first().map(|l| l.timestamp_ms);
                    plan_err!(
                        "Iceberg table '{shown}' has no snapshot at or before {}; {}",
                        show_ms(ms),
                        match first {
                            Some(f) =>
                                format!("its first snapshot was committed at {}", show_ms(f)),
                            None => "it has no snapshot".to_string(),
                        }
                    )
                }
            }
        }
    }
}

fn show_ms(ms: i64) -> String {
    datafusion::arrow::temporal_conversions::timestamp_ms_to_datetime(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_else(|| ms.to_string())
}

impl IcebergTableProvider {
    /// The table `table` (as loaded from `catalog` at `location`), whose files are in `store`
    /// (`store_url`), read at `read_at` (checked here).
    pub fn try_new(
        catalog: Arc<dyn Catalog>,
        location: IcebergLocation,
        table: &Table,
        store: Arc<dyn ObjectStore>,
        store_url: ObjectStoreUrl,
        read_at: ReadAt,
    ) -> Result<Self> {
        let meta = table.metadata();
        let snapshot = snapshot_at(meta, read_at, &location.shown)?;
        // A snapshot read sees the schema it was written with.
        let schema = match (read_at, snapshot.and_then(|id| meta.snapshot_by_id(id))) {
            (ReadAt::Current, _) | (_, None) => meta.current_schema().clone(),
            (_, Some(s)) => s
                .schema_id()
                .and_then(|id| meta.schema_by_id(id).cloned())
                .unwrap_or_else(|| meta.current_schema().clone()),
        };
        Ok(Self {
            catalog,
            location,
            store,
            store_url,
            read_at,
            schema: arrow_schema(&schema),
            overwrite: None,
        })
    }

    /// Allows `INSERT OVERWRITE`, committed by swapping the table's row in this SQL catalog
    /// (without it, only appends are allowed: the memory catalog of the `iceberg` crate 0.10
    /// commits appends only).
    pub fn with_overwrite(mut self, pointer: SqlPointer) -> Self {
        self.overwrite = Some(pointer);
        self
    }

    /// Where the table is.
    pub fn location(&self) -> &IcebergLocation {
        &self.location
    }

    async fn load(&self) -> Result<Table> {
        self.catalog
            .load_table(&self.location.ident())
            .await
            .map_err(|e| failed(&self.location, e))
    }
}

#[async_trait]
impl TableProvider for IcebergTableProvider {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> Result<Vec<TableProviderFilterPushDown>> {
        Ok(vec![
            TableProviderFilterPushDown::Unsupported;
            filters.len()
        ])
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let table = self.load().await?;
        let projected = match projection {
            Some(p) => Arc::new(self.schema.project(p)?),
            None => self.schema.clone(),
        };
        let Some(id) = snapshot_at(table.metadata(), self.read_at, &self.location.shown)? else {
            return Ok(Arc::new(EmptyExec::new(projected)));
        };
        let tasks: Vec<_> = table
            .scan()
            .snapshot_id(id)
            .build()
            .map_err(|e| failed(&self.location, e))?
            .plan_files()
            .await
            .map_err(|e| failed(&self.location, e))?
            .try_collect()
            .await
            .map_err(|e| failed(&self.location, e))?;
        if let Some(t) = tasks.iter().find(|t| !t.deletes.is_empty()) {
            return plan_err!(
                "Iceberg table '{}': data file '{}' has delete files (row-level deletes), which this reader does not apply; read the table with an engine that does",
                self.location.shown,
                t.data_file_path
            );
        }
        let mut files: Vec<(String, u64, Option<u64>)> = tasks
            .iter()
            .map(|t| {
                (
                    t.data_file_path.clone(),
                    t.file_size_in_bytes,
                    t.record_count,
                )
            })
            .collect();
        files.sort();
        files.dedup_by(|a, b| a.0 == b.0);
        if files.is_empty() {
            return Ok(Arc::new(EmptyExec::new(projected)));
        }
        let rows: u64 = files.iter().filter_map(|f| f.2).sum();
        let groups_n = state.config().target_partitions().clamp(1, files.len());
        let mut groups: Vec<Vec<PartitionedFile>> = vec![vec![]; groups_n];
        for (i, (path, size, _)) in files.iter().enumerate() {
            let k = key(path).map_err(|e| failed(&self.location, e))?;
            groups[i % groups_n].push(PartitionedFile::new(k.to_string(), *size));
        }
        let mut stats = Statistics::new_unknown(&self.schema);
        if files.iter().all(|f| f.2.is_some()) {
            stats.num_rows = Precision::Exact(rows as usize);
        }
        let source = Arc::new(ParquetSource::new(self.schema.clone()));
        let config = FileScanConfigBuilder::new(self.store_url.clone(), source)
            .with_file_groups(groups.into_iter().map(FileGroup::new).collect())
            .with_statistics(stats)
            .with_limit(limit)
            .with_projection_indices(projection.cloned())?
            .build();
        Ok(DataSourceExec::from_data_source(config))
    }

    async fn insert_into(
        &self,
        _state: &dyn Session,
        input: Arc<dyn ExecutionPlan>,
        insert_op: InsertOp,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        if self.read_at != ReadAt::Current {
            return plan_err!(
                "Iceberg table '{}' is opened at a past snapshot (time travel) and is read-only; open it without 'snapshot_id'/'as_of' to insert",
                self.location.shown
            );
        }
        let overwrite = match (insert_op, &self.overwrite) {
            (InsertOp::Append, _) => None,
            (InsertOp::Overwrite, Some(pointer)) => Some(pointer.clone()),
            (InsertOp::Overwrite, None) => {
                return plan_err!(
                    "Iceberg table '{}': INSERT OVERWRITE needs a SQL catalog ('catalog' 'sql'); in the memory catalog (the iceberg crate 0.10 commits appends only) allowed: INSERT INTO",
                    self.location.shown
                );
            }
            (InsertOp::Replace, _) => {
                return plan_err!(
                    "Iceberg table '{}': REPLACE INTO is not supported (Iceberg tables have no primary key); allowed: INSERT INTO, INSERT OVERWRITE",
                    self.location.shown
                );
            }
        };
        let table = self.load().await?;
        let meta = table.metadata();
        let schema = meta.current_schema().as_ref().clone();
        let partitioner = Partitioner::new(
            meta.default_partition_spec().clone(),
            meta.current_schema().clone(),
        )?;
        let arrow = arrow_schema(&schema);
        if arrow.fields().len() != self.schema.fields().len() {
            return plan_err!(
                "Iceberg table '{}' changed its columns since it was opened; open it again",
                self.location.shown
            );
        }
        let (props, target_file_size) = writer_settings(meta.properties())?;
        let target = WriteTarget {
            catalog: self.catalog.clone(),
            ident: self.location.ident(),
            table_url: meta.location().trim_end_matches('/').to_string(),
            store: self.store.clone(),
            spec_id: meta.default_partition_spec().spec_id(),
            partitioner,
            schema,
            arrow,
            props,
            target_file_size,
            shown: self.location.shown.clone(),
            overwrite,
        };
        Ok(Arc::new(IcebergWriteExec::new(input, target)))
    }
}
