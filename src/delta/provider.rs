//! [`DeltaTableProvider`]: a Delta table as a DataFusion table. Scans read the latest version
//! at the time the query runs (or the pinned version of a time-travel table) through delta-rs'
//! scan; `INSERT INTO` / `INSERT OVERWRITE` plan a [`DeltaWriteExec`]. A location with no table
//! yet is *staged*: the first insert creates the table together with its rows (version 0),
//! with the columns declared or, without a column list, those of that insert's query.

use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use datafusion::arrow::datatypes::{DataType, Schema, SchemaRef};
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::datasource::TableType;
use datafusion::logical_expr::dml::InsertOp;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_plan::ExecutionPlan;
use delta_kernel::table_features::ColumnMappingMode;
use deltalake::kernel::schema::cast::normalize_for_delta;
use deltalake::table::config::TablePropertiesExt as _;
use deltalake::{DeltaTable, DeltaTableBuilder};

use super::geometry::delta_columns;
use super::location::DeltaLocation;
use super::open::{create_table, delta_error, open_table};
use super::settings::DeltaSettings;
use super::write::{DeltaWriteExec, WriteTarget};

/// A Delta table registered in a session.
#[derive(Debug)]
pub struct DeltaTableProvider {
    loc: DeltaLocation,
    settings: DeltaSettings,
    /// The table, once there is one at the location.
    table: tokio::sync::Mutex<Option<DeltaTable>>,
    /// The columns: the table's, or those staged for its first insert (none yet when the
    /// table was declared without a column list).
    schema: RwLock<SchemaRef>,
}

/// The columns a scan of `table` returns.
async fn scan_schema(table: &DeltaTable, loc: &DeltaLocation) -> Result<SchemaRef> {
    let scan =
        table.table_provider().build().await.map_err(|e| {
            DataFusionError::Execution(format!("Delta table at '{}': {e}", loc.shown))
        })?;
    Ok(scan.schema())
}

/// Same type, counting string and binary views as their plain forms (what a column list says
/// and what Delta stores differ only there).
fn same_type(declared: &DataType, actual: &DataType) -> bool {
    let plain = |t: &DataType| match t {
        DataType::Utf8View | DataType::LargeUtf8 => DataType::Utf8,
        DataType::BinaryView | DataType::LargeBinary => DataType::Binary,
        t => t.clone(),
    };
    plain(declared) == plain(actual)
}

fn show(schema: &Schema) -> String {
    schema
        .fields()
        .iter()
        .map(|f| format!("{} {}", f.name(), f.data_type()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl DeltaTableProvider {
    /// Opens the table at `loc` (as `settings.read_at` asks). When there is none: with
    /// `declared` columns, creates it (version 0, no rows); without, the table is staged until
    /// its first insert, which creates it with its rows. Declared columns of an existing table
    /// must be its columns, and PARTITIONED BY its partitioning.
    pub async fn open(
        loc: DeltaLocation,
        settings: DeltaSettings,
        declared: SchemaRef,
    ) -> Result<Self> {
        let mut table = open_table(&loc, &settings).await?;
        if table.is_none() && !declared.fields().is_empty() {
            table = Some(create_table(&loc, &declared, &settings).await?);
        }
        let schema = match &table {
            Some(t) => {
                check_partitioning(t, &settings, &loc)?;
                let schema = scan_schema(t, &loc).await?;
                check_declared(&declared, &schema, &loc)?;
                schema
            }
            None => staged_schema(&declared, &settings)?,
        };
        Ok(Self {
            loc,
            settings,
            table: tokio::sync::Mutex::new(table),
            schema: RwLock::new(schema),
        })
    }

    /// The table's location.
    pub fn location(&self) -> &DeltaLocation {
        &self.loc
    }

    /// The settings the table was opened with.
    pub fn settings(&self) -> &DeltaSettings {
        &self.settings
    }

    /// True while the table has no columns (declared without a column list at an empty
    /// location, and not inserted into yet).
    pub fn is_pending(&self) -> bool {
        self.schema().fields().is_empty()
    }

    /// Gives a pending table the columns of its first insert (`schema`, as the query gives
    /// them); the insert then creates the table.
    pub fn stage(&self, schema: &SchemaRef) -> Result<()> {
        let staged = staged_schema(schema, &self.settings)?;
        let mut guard = self.schema.write().expect("schema lock");
        if guard.fields().is_empty() {
            *guard = staged;
        }
        Ok(())
    }

    /// The table as a scan or an insert should see it (the latest version, re-read from the
    /// log, unless pinned), or `None` while there is no table at the location.
    pub async fn current(&self) -> Result<Option<DeltaTable>> {
        let mut guard = self.table.lock().await;
        match guard.as_mut() {
            Some(table) if !self.settings.read_at.is_pinned() => table
                .update_state()
                .await
                .map_err(|e| delta_error(&self.loc, e))?,
            Some(_) => {}
            None => {
                // Created since (by an insert of this session or by another writer)?
                let Some(table) = open_table(&self.loc, &self.settings).await? else {
                    return Ok(None);
                };
                let schema = scan_schema(&table, &self.loc).await?;
                *self.schema.write().expect("schema lock") = schema;
                *guard = Some(table);
            }
        }
        Ok(guard.clone())
    }
}

/// The columns staged for a table that does not exist yet: `schema` as Delta will store it.
fn staged_schema(schema: &SchemaRef, settings: &DeltaSettings) -> Result<SchemaRef> {
    if schema.fields().is_empty() {
        return Ok(schema.clone());
    }
    for p in &settings.partition_columns {
        if schema.field_with_name(p).is_err() {
            return plan_err!(
                "Delta: PARTITIONED BY column '{p}' is not a column of the table; columns: {}",
                show(schema)
            );
        }
    }
    // Checks that Delta can store every column.
    delta_columns(schema)?;
    Ok(normalize_for_delta(schema))
}

fn check_partitioning(t: &DeltaTable, settings: &DeltaSettings, loc: &DeltaLocation) -> Result<()> {
    let existing = t
        .snapshot()
        .map(|s| s.metadata().partition_columns().to_vec())
        .unwrap_or_default();
    if !settings.partition_columns.is_empty() && existing != settings.partition_columns {
        return plan_err!(
            "Delta: PARTITIONED BY ({}) does not match the existing table at '{}', partitioned by ({})",
            settings.partition_columns.join(", "),
            loc.shown,
            existing.join(", ")
        );
    }
    Ok(())
}

fn check_declared(declared: &SchemaRef, actual: &SchemaRef, loc: &DeltaLocation) -> Result<()> {
    if declared.fields().is_empty() {
        return Ok(());
    }
    let same = declared.fields().len() == actual.fields().len()
        && declared
            .fields()
            .iter()
            .zip(actual.fields().iter())
            .all(|(d, a)| d.name() == a.name() && same_type(d.data_type(), a.data_type()));
    if !same {
        return plan_err!(
            "Delta: the declared columns ({}) do not match the columns of the table at '{}' ({}); omit the column list to use the table's",
            show(declared),
            loc.shown,
            show(actual)
        );
    }
    Ok(())
}

#[async_trait]
impl TableProvider for DeltaTableProvider {
    fn schema(&self) -> SchemaRef {
        self.schema.read().expect("schema lock").clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> Result<Vec<TableProviderFilterPushDown>> {
        Ok(vec![TableProviderFilterPushDown::Inexact; filters.len()])
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let Some(table) = self.current().await? else {
            return plan_err!(
                "Delta: no table at '{}' yet; its first INSERT creates it",
                self.loc.shown
            );
        };
        table
            .update_datafusion_session(state)
            .map_err(|e| delta_error(&self.loc, e))?;
        let scan = table.table_provider().build().await.map_err(|e| {
            DataFusionError::Execution(format!("Delta table at '{}': {e}", self.loc.shown))
        })?;
        if scan.schema().fields() != self.schema().fields() {
            return plan_err!(
                "Delta table at '{}': its columns changed since it was opened (now {}); register it again",
                self.loc.shown,
                show(&scan.schema())
            );
        }
        scan.scan(state, projection, filters, limit).await
    }

    async fn insert_into(
        &self,
        _state: &dyn Session,
        input: Arc<dyn ExecutionPlan>,
        insert_op: InsertOp,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        if self.settings.read_at.is_pinned() {
            return plan_err!(
                "Delta table at '{}' is opened at {} (time travel), which is read only; open it without 'version' and 'timestamp' to write",
                self.loc.shown,
                self.settings.read_at.describe()
            );
        }
        let overwrite = match insert_op {
            InsertOp::Append => false,
            InsertOp::Overwrite => true,
            InsertOp::Replace => {
                return plan_err!(
                    "Delta: REPLACE INTO is not supported; use INSERT INTO (append) or INSERT OVERWRITE"
                );
            }
        };
        let (log_store, kind) = match self.current().await? {
            Some(table) => {
                let state = table.snapshot().map_err(|e| delta_error(&self.loc, e))?;
                let snapshot = state.snapshot().clone();
                if overwrite
                    && snapshot
                        .table_configuration()
                        .table_properties()
                        .append_only()
                {
                    return plan_err!(
                        "Delta table at '{}' is append-only (delta.appendOnly = true): INSERT OVERWRITE is not allowed",
                        self.loc.shown
                    );
                }
                let mapping = snapshot
                    .table_configuration()
                    .table_properties()
                    .column_mapping_mode;
                if matches!(
                    mapping,
                    Some(ColumnMappingMode::Id | ColumnMappingMode::Name)
                ) {
                    return plan_err!(
                        "Delta table at '{}' uses column mapping (delta.columnMapping.mode = {:?}), which this writer does not support; write it with an engine that does, or copy it to a table without column mapping",
                        self.loc.shown,
                        mapping.unwrap_or(ColumnMappingMode::None)
                    );
                }
                let kind = WriteTarget::Existing {
                    snapshot,
                    overwrite,
                };
                (table.log_store(), kind)
            }
            None => {
                let schema = self.schema();
                if schema.fields().is_empty() {
                    return plan_err!(
                        "Delta: the table at '{}' has no columns yet; run the INSERT through dfsynth or execute_sql, which give it the query's columns",
                        self.loc.shown
                    );
                }
                let columns = delta_columns(&schema)?;
                let table = DeltaTableBuilder::from_url(self.loc.url.clone())
                    .map_err(|e| delta_error(&self.loc, e))?
                    .with_storage_options(self.settings.storage.clone())
                    .build()
                    .map_err(|e| delta_error(&self.loc, e))?;
                (table.log_store(), WriteTarget::New { columns })
            }
        };
        Ok(Arc::new(DeltaWriteExec::new(
            input,
            log_store,
            kind,
            self.settings.clone(),
            self.loc.shown.clone(),
        )))
    }
}
