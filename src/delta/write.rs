//! [`DeltaWriteExec`]: an insert into a Delta table as one plan node. Every input partition
//! streams into its own delta-rs Parquet writer (rolled at the target file size), so files are
//! encoded in parallel as `COPY` encodes them; when all partitions are done, their `add`
//! actions (plus `remove` actions of the old files for an overwrite) are committed as one new
//! version. A failure or a cancellation commits nothing.

use std::fmt;
use std::num::NonZeroU64;
use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, UInt64Array};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result, internal_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{
    Boundedness, ChildrenPropertiesMode, EmissionType, ReplaceChildrenOptions,
};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, ExecutionPlanProperties,
    Partitioning, PlanProperties,
};
use delta_kernel::table_properties::DataSkippingNumIndexedCols;
use deltalake::DeltaTable;
use deltalake::delta_datafusion::DataFusionMixins;
use deltalake::kernel::engine::arrow_conversion::TryIntoArrow;
use deltalake::kernel::schema::cast::cast_record_batch;
use deltalake::kernel::transaction::{CommitBuilder, CommitProperties};
use deltalake::kernel::{Action, Add, EagerSnapshot, StructField, StructType};
use deltalake::logstore::LogStoreRef;
use deltalake::operations::write::WriterStatsConfig;
use deltalake::operations::write::writer::{DeltaWriter, WriterConfig};
use deltalake::protocol::{DeltaOperation, SaveMode};
use deltalake::table::config::TablePropertiesExt;
use futures::{StreamExt, TryStreamExt};
use serde_json::json;
use tokio::task::JoinSet;

use super::settings::DeltaSettings;

/// What an insert writes to.
pub enum WriteTarget {
    /// An existing table, at the snapshot the insert read; its rows are replaced when
    /// `overwrite`.
    Existing {
        /// The latest snapshot when the insert was planned.
        snapshot: EagerSnapshot,
        /// Replace the table's rows rather than add to them.
        overwrite: bool,
    },
    /// No table yet: the commit creates it with these columns (and the settings' partition
    /// columns and properties) together with the rows, as version 0.
    New {
        /// The columns of the table.
        columns: Vec<StructField>,
    },
}

struct Target {
    log_store: LogStoreRef,
    kind: WriteTarget,
    settings: DeltaSettings,
    shown: String,
}

impl Target {
    fn overwrite(&self) -> bool {
        matches!(
            self.kind,
            WriteTarget::Existing {
                overwrite: true,
                ..
            }
        )
    }
}

/// The plan node of `INSERT INTO` / `INSERT OVERWRITE` a Delta table: one output partition with
/// one row, the number of rows written (as DataFusion's own sinks report it).
pub struct DeltaWriteExec {
    input: Arc<dyn ExecutionPlan>,
    target: Arc<Target>,
    properties: Arc<PlanProperties>,
}

impl fmt::Debug for DeltaWriteExec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeltaWriteExec")
            .field("table", &self.target.shown)
            .field("overwrite", &self.target.overwrite())
            .finish()
    }
}

/// The schema of what an insert returns: `count`, the rows written.
fn count_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![Field::new(
        "count",
        DataType::UInt64,
        false,
    )]))
}

impl DeltaWriteExec {
    /// An insert of `input` into `kind` (an existing table or a new one) through
    /// `log_store`. `shown` names the table in messages.
    pub fn new(
        input: Arc<dyn ExecutionPlan>,
        log_store: LogStoreRef,
        kind: WriteTarget,
        settings: DeltaSettings,
        shown: String,
    ) -> Self {
        let target = Arc::new(Target {
            log_store,
            kind,
            settings,
            shown,
        });
        Self::with_target(input, target)
    }

    fn with_target(input: Arc<dyn ExecutionPlan>, target: Arc<Target>) -> Self {
        let properties = Arc::new(PlanProperties::new(
            EquivalenceProperties::new(count_schema()),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Final,
            Boundedness::Bounded,
        ));
        Self {
            input,
            target,
            properties,
        }
    }
}

impl DisplayAs for DeltaWriteExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "DeltaWriteExec: table={}, mode={}",
            self.target.shown,
            match &self.target.kind {
                WriteTarget::New { .. } => "create",
                WriteTarget::Existing {
                    overwrite: true, ..
                } => "overwrite",
                WriteTarget::Existing { .. } => "append",
            }
        )
    }
}

impl ExecutionPlan for DeltaWriteExec {
    fn name(&self) -> &'static str {
        "DeltaWriteExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn required_input_distribution(&self) -> Vec<Distribution> {
        vec![Distribution::UnspecifiedDistribution]
    }

    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![&self.input]
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn replace_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
        _options: ReplaceChildrenOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        match <[_; 1]>::try_from(children) {
            Ok([input]) => Ok(Arc::new(Self::with_target(input, self.target.clone()))),
            Err(c) => internal_err!("DeltaWriteExec has one child, got {}", c.len()),
        }
    }

    #[allow(deprecated)]
    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        self.replace_children(
            children,
            ReplaceChildrenOptions::new(ChildrenPropertiesMode::Recompute),
        )
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        if partition != 0 {
            return internal_err!("DeltaWriteExec has one partition, asked for {partition}");
        }
        let n = self.input.output_partitioning().partition_count();
        let streams = (0..n)
            .map(|i| self.input.execute(i, context.clone()))
            .collect::<Result<Vec<_>>>()?;
        let target = self.target.clone();
        let schema = count_schema();
        let out = schema.clone();
        let done = async move {
            let rows = write_and_commit(&target, streams).await?;
            RecordBatch::try_new(out, vec![Arc::new(UInt64Array::from(vec![rows]))])
                .map_err(DataFusionError::from)
        };
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            schema,
            futures::stream::once(done),
        )))
    }
}

fn external(shown: &str, e: impl fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("Delta table at '{shown}': {e}"))
}

/// The writer configuration of `target`: the table's schema, partition columns, statistics
/// columns and file size.
fn writer_config(target: &Target) -> Result<(WriterConfig, SchemaRef)> {
    let settings = &target.settings;
    let (schema, partition_columns, stats, table_size) = match &target.kind {
        WriteTarget::Existing { snapshot, .. } => (
            snapshot.input_schema(),
            snapshot.metadata().partition_columns().to_vec(),
            WriterStatsConfig::from_config(snapshot.table_configuration()),
            Some(
                snapshot
                    .table_configuration()
                    .table_properties()
                    .target_file_size(),
            ),
        ),
        WriteTarget::New { columns } => {
            let kernel =
                StructType::try_new(columns.clone()).map_err(|e| external(&target.shown, e))?;
            let arrow: Schema = (&kernel)
                .try_into_arrow()
                .map_err(|e| external(&target.shown, e))?;
            (
                Arc::new(arrow),
                settings.partition_columns.clone(),
                WriterStatsConfig::new(DataSkippingNumIndexedCols::NumColumns(32), None),
                None,
            )
        }
    };
    let size = settings
        .target_file_size
        .or(table_size)
        .or(NonZeroU64::new(DEFAULT_TARGET_FILE_SIZE));
    let config = WriterConfig::new(
        schema.clone(),
        partition_columns,
        settings.writer.clone(),
        size,
        None,
        stats.num_indexed_cols,
        stats.stats_columns,
    );
    Ok((config, schema))
}

/// delta-rs' default target file size (100 MiB), for a table that has none yet.
const DEFAULT_TARGET_FILE_SIZE: u64 = 100 * 1024 * 1024;

/// Writes every stream through its own writer, then commits all files as one version.
async fn write_and_commit(target: &Target, streams: Vec<SendableRecordBatchStream>) -> Result<u64> {
    let (config, input_schema) = writer_config(target)?;
    let store = target.log_store.object_store(None);
    let mut writers = JoinSet::new();
    for stream in streams {
        let writer = DeltaWriter::new(store.clone(), config.clone());
        let schema = input_schema.clone();
        let shown = target.shown.clone();
        writers.spawn(write_stream(writer, stream, schema, shown));
    }
    let mut adds: Vec<Add> = vec![];
    let mut rows = 0u64;
    while let Some(joined) = writers.join_next().await {
        let (written, n) = match joined {
            Ok(Ok(done)) => done,
            Ok(Err(e)) => {
                writers.abort_all();
                return Err(e);
            }
            Err(e) => {
                writers.abort_all();
                return Err(external(
                    &target.shown,
                    format!("a writer task failed: {e}"),
                ));
            }
        };
        adds.extend(written);
        rows += n;
    }
    let metrics = [(
        "operationMetrics".to_string(),
        json!({ "numFiles": adds.len().to_string(), "numOutputRows": rows.to_string() }),
    )];
    let mut actions: Vec<Action> = adds.into_iter().map(Action::Add).collect();
    match &target.kind {
        WriteTarget::New { columns } => {
            let table = DeltaTable::new(target.log_store.clone());
            table
                .create()
                .with_columns(columns.clone())
                .with_partition_columns(target.settings.partition_columns.clone())
                .with_configuration(target.settings.configuration.clone())
                .with_actions(actions)
                .with_commit_properties(CommitProperties::default().with_metadata(metrics))
                .with_save_mode(SaveMode::ErrorIfExists)
                .await
                .map_err(|e| external(&target.shown, e))?;
        }
        WriteTarget::Existing {
            snapshot,
            overwrite,
        } => {
            if *overwrite {
                let removes: Vec<Action> = snapshot
                    .file_views(&target.log_store, None)
                    .map_ok(|f| Action::Remove(f.remove_action(true)))
                    .try_collect()
                    .await
                    .map_err(|e| external(&target.shown, e))?;
                actions.extend(removes);
            }
            let partition_columns = snapshot.metadata().partition_columns().to_vec();
            let operation = DeltaOperation::Write {
                mode: if *overwrite {
                    SaveMode::Overwrite
                } else {
                    SaveMode::Append
                },
                partition_by: (!partition_columns.is_empty()).then_some(partition_columns),
                predicate: None,
            };
            CommitBuilder::default()
                .with_actions(actions)
                .with_app_metadata(metrics.into_iter().collect())
                .build(Some(snapshot), target.log_store.clone(), operation)
                .await
                .map_err(|e| external(&target.shown, e))?;
        }
    }
    Ok(rows)
}

/// Drains one input partition into `writer`; returns its files and row count. On an error
/// the writer's unfinished uploads are aborted.
async fn write_stream(
    mut writer: DeltaWriter,
    mut stream: SendableRecordBatchStream,
    schema: SchemaRef,
    shown: String,
) -> Result<(Vec<Add>, u64)> {
    let mut rows = 0u64;
    let drained: Result<()> = async {
        while let Some(batch) = stream.next().await {
            let batch = batch?;
            for field in schema.fields().iter().filter(|f| !f.is_nullable()) {
                let nulls = batch
                    .column_by_name(field.name())
                    .map_or(batch.num_rows(), |c| c.null_count());
                if nulls > 0 {
                    return Err(DataFusionError::Execution(format!(
                        "Delta table at '{shown}': column '{}' is NOT NULL, but the insert gives it NULL values",
                        field.name()
                    )));
                }
            }
            let batch = cast_record_batch(&batch, schema.clone(), false, true)
                .map_err(|e| external(&shown, e))?;
            rows += batch.num_rows() as u64;
            writer.write(&batch).await.map_err(|e| external(&shown, e))?;
        }
        Ok(())
    }
    .await;
    if let Err(e) = drained {
        let _ = writer.abort().await;
        return Err(e);
    }
    let adds = writer.close().await.map_err(|e| external(&shown, e))?;
    Ok((adds, rows))
}
