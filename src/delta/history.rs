//! The commit log of a Delta table as a table ([`DeltaHistoryTable`], behind SQL's
//! `delta_history(…)`): one row per version, newest first, with its time, operation, parameters
//! and the metrics the writer recorded.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::{
    ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray, TimestampMillisecondArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::datasource::TableType;
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::logical_expr::Expr;
use datafusion::physical_plan::ExecutionPlan;
use deltalake::DeltaTable;
use deltalake::kernel::CommitInfo;
use futures::TryStreamExt;
use serde_json::Value;

use super::location::DeltaLocation;
use super::open::{delta_error, open_table};
use super::settings::DeltaSettings;

/// The columns of the history, in order.
pub const HISTORY_COLUMNS: &[&str] = &[
    "version",
    "timestamp",
    "operation",
    "operation_parameters",
    "num_files",
    "num_output_rows",
    "read_version",
    "is_blind_append",
    "engine_info",
];

/// The schema of the history.
pub fn history_schema() -> SchemaRef {
    let utc = Some("UTC".into());
    Arc::new(Schema::new(vec![
        Field::new("version", DataType::Int64, false),
        Field::new(
            "timestamp",
            DataType::Timestamp(TimeUnit::Millisecond, utc),
            true,
        ),
        Field::new("operation", DataType::Utf8, true),
        Field::new("operation_parameters", DataType::Utf8, true),
        Field::new("num_files", DataType::Int64, true),
        Field::new("num_output_rows", DataType::Int64, true),
        Field::new("read_version", DataType::Int64, true),
        Field::new("is_blind_append", DataType::Boolean, true),
        Field::new("engine_info", DataType::Utf8, true),
    ]))
}

/// A number in the commit's `operationMetrics` (writers store them as numbers or strings).
fn metric(info: &CommitInfo, key: &str) -> Option<i64> {
    match info.info.get("operationMetrics")?.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

/// The history of `table` (loaded at its latest version), newest first.
pub async fn history_batch(table: &DeltaTable, loc: &DeltaLocation) -> Result<RecordBatch> {
    let latest = table.version().unwrap_or(0) as i64;
    let infos: Vec<CommitInfo> = table
        .history(None)
        .try_collect()
        .await
        .map_err(|e| delta_error(loc, e))?;
    let versions: Vec<i64> = (0..infos.len() as i64).map(|i| latest - i).collect();
    let params = infos.iter().map(|i| {
        i.operation_parameters.as_ref().map(|p| {
            let sorted: std::collections::BTreeMap<_, _> = p.iter().collect();
            serde_json::to_string(&sorted).unwrap_or_default()
        })
    });
    let columns: Vec<ArrayRef> = vec![
        Arc::new(Int64Array::from(versions)),
        Arc::new(
            TimestampMillisecondArray::from(infos.iter().map(|i| i.timestamp).collect::<Vec<_>>())
                .with_timezone("UTC"),
        ),
        Arc::new(StringArray::from_iter(
            infos.iter().map(|i| i.operation.clone()),
        )),
        Arc::new(StringArray::from_iter(params)),
        Arc::new(Int64Array::from_iter(
            infos.iter().map(|i| metric(i, "numFiles")),
        )),
        Arc::new(Int64Array::from_iter(
            infos.iter().map(|i| metric(i, "numOutputRows")),
        )),
        Arc::new(Int64Array::from_iter(
            infos.iter().map(|i| i.read_version.map(|v| v as i64)),
        )),
        Arc::new(BooleanArray::from_iter(
            infos.iter().map(|i| i.is_blind_append),
        )),
        Arc::new(StringArray::from_iter(
            infos.iter().map(|i| i.engine_info.clone()),
        )),
    ];
    RecordBatch::try_new(history_schema(), columns).map_err(DataFusionError::from)
}

/// The history of the Delta table at a location, read when the query runs.
#[derive(Debug)]
pub struct DeltaHistoryTable {
    loc: DeltaLocation,
    settings: DeltaSettings,
}

impl DeltaHistoryTable {
    /// The history of the table at `loc`, opened with the storage options of `settings`.
    pub fn new(loc: DeltaLocation, settings: DeltaSettings) -> Self {
        Self { loc, settings }
    }
}

#[async_trait]
impl TableProvider for DeltaHistoryTable {
    fn schema(&self) -> SchemaRef {
        history_schema()
    }

    fn table_type(&self) -> TableType {
        TableType::View
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        _limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let latest = DeltaSettings {
            read_at: Default::default(),
            ..self.settings.clone()
        };
        let Some(table) = open_table(&self.loc, &latest).await? else {
            return plan_err!("delta_history: no Delta table at '{}'", self.loc.shown);
        };
        let batch = history_batch(&table, &self.loc).await?;
        Ok(MemorySourceConfig::try_new_exec(
            &[vec![batch]],
            history_schema(),
            projection.cloned(),
        )?)
    }
}
