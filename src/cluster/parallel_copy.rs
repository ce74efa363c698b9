//! `COPY … TO '<dir>/'` on a cluster, one file per partition: [`ParallelCopy`] turns a
//! Parquet sink over a whole plan (DataFusion writes a directory from one task, after every
//! partition was shuffled to it) into [`PartitionWriteExec`] — each task writes the rows it
//! generates to `part-NNNNN.parquet` — under [`CountSumExec`], which adds up the counts.
//! It applies when the rows come from one synthetic or TPC-H scan through row-wise operators
//! (projections, filters): file `p` then holds the rows of scan partition `p`, which come
//! before those of `p + 1`, so reading the files in name order gives the table's order.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::array::{AsArray, RecordBatch, UInt64Array};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, UInt64Type};
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Result, internal_err};
use datafusion::config::{ConfigOptions, TableParquetOptions};
use datafusion::datasource::file_format::parquet::ParquetSink;
use datafusion::datasource::listing::ListingTableUrl;
use datafusion::datasource::physical_plan::{FileOutputMode, FileSink, FileSinkConfig};
use datafusion::datasource::sink::{DataSink, DataSinkExec};
use datafusion::execution::TaskContext;
use datafusion::logical_expr::dml::InsertOp;
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::coalesce_partitions::CoalescePartitionsExec;
use datafusion::physical_plan::execution_plan::{Boundedness, EmissionType};
use datafusion::physical_plan::filter::FilterExec;
use datafusion::physical_plan::projection::ProjectionExec;
use datafusion::physical_plan::sorts::sort_preserving_merge::SortPreservingMergeExec;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
    SendableRecordBatchStream,
};
use futures::TryStreamExt;

use super::range_scan::RangeScanExec;
use crate::geoparquet::GeoParquetSink;

/// What each partition's file is written with.
#[derive(Debug, Clone)]
pub(crate) enum Writer {
    /// DataFusion's Parquet sink.
    Parquet,
    /// The GeoParquet sink: its geometry columns and covering.
    Geo {
        columns: Vec<String>,
        covering: bool,
    },
}

fn count_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![Field::new(
        "count",
        DataType::UInt64,
        false,
    )]))
}

fn count_batch(n: u64) -> Result<RecordBatch> {
    Ok(RecordBatch::try_new(
        count_schema(),
        vec![Arc::new(UInt64Array::from(vec![n]))],
    )?)
}

/// Writes each input partition to its own Parquet file in a directory and returns, per
/// partition, the number of rows written.
#[derive(Debug)]
pub struct PartitionWriteExec {
    input: Arc<dyn ExecutionPlan>,
    /// The directory's sink configuration.
    pub(crate) config: FileSinkConfig,
    pub(crate) options: TableParquetOptions,
    pub(crate) writer: Writer,
    properties: Arc<PlanProperties>,
}

impl PartitionWriteExec {
    pub(crate) fn new(
        input: Arc<dyn ExecutionPlan>,
        config: FileSinkConfig,
        options: TableParquetOptions,
        writer: Writer,
    ) -> Self {
        let partitions = input.properties().partitioning.partition_count();
        let properties = PlanProperties::new(
            EquivalenceProperties::new(count_schema()),
            Partitioning::UnknownPartitioning(partitions),
            EmissionType::Final,
            Boundedness::Bounded,
        );
        PartitionWriteExec {
            input,
            config,
            options,
            writer,
            properties: Arc::new(properties),
        }
    }

    /// The sink writing partition `p` to `<dir>/part-<p>.<ext>`, `p` the partition's index
    /// in the whole scan (a task's partitions are renumbered from 0).
    fn sink(&self, p: usize) -> Result<Arc<dyn DataSink>> {
        let p = range_scan(&self.input)
            .and_then(|r| r.global_partition(p))
            .map_or(p, |g| g as usize);
        let mut config = self.config.clone();
        let Some(base) = config.table_paths.first() else {
            return internal_err!("PartitionWriteExec: the sink names no output directory");
        };
        let dir = base.as_str().trim_end_matches('/').to_string();
        let file = format!("{dir}/part-{p:05}.{}", config.file_extension);
        config.table_paths = vec![ListingTableUrl::parse(&file)?];
        config.original_url = file;
        config.file_output_mode = FileOutputMode::SingleFile;
        Ok(match &self.writer {
            Writer::Parquet => Arc::new(ParquetSink::new(config, self.options.clone())),
            Writer::Geo { columns, covering } => Arc::new(GeoParquetSink {
                config,
                options: self.options.clone(),
                columns: columns.clone(),
                covering: *covering,
            }),
        })
    }
}

impl DisplayAs for PartitionWriteExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "PartitionWriteExec: url={}, file per partition, {}",
            self.config.original_url,
            match &self.writer {
                Writer::Parquet => "parquet".to_string(),
                Writer::Geo { columns, .. } => format!("geoparquet [{}]", columns.join(", ")),
            }
        )
    }
}

impl ExecutionPlan for PartitionWriteExec {
    fn name(&self) -> &'static str {
        "PartitionWriteExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
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

    fn benefits_from_input_partitioning(&self) -> Vec<bool> {
        vec![false]
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let [input] = children.as_slice() else {
            return internal_err!("PartitionWriteExec has one child, got {}", children.len());
        };
        Ok(Arc::new(Self::new(
            Arc::clone(input),
            self.config.clone(),
            self.options.clone(),
            self.writer.clone(),
        )))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        let data = self.input.execute(partition, Arc::clone(&context))?;
        let sink = self.sink(partition)?;
        let write = async move { count_batch(sink.write_all(data, &context).await?) };
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            count_schema(),
            futures::stream::once(write),
        )))
    }
}

/// Adds up the `count` column of its single input partition into one row (the result of
/// `COPY`).
#[derive(Debug)]
pub struct CountSumExec {
    input: Arc<dyn ExecutionPlan>,
    properties: Arc<PlanProperties>,
}

impl CountSumExec {
    pub(crate) fn new(input: Arc<dyn ExecutionPlan>) -> Self {
        let properties = PlanProperties::new(
            EquivalenceProperties::new(count_schema()),
            Partitioning::UnknownPartitioning(1),
            EmissionType::Final,
            Boundedness::Bounded,
        );
        CountSumExec {
            input,
            properties: Arc::new(properties),
        }
    }
}

impl DisplayAs for CountSumExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "CountSumExec")
    }
}

impl ExecutionPlan for CountSumExec {
    fn name(&self) -> &'static str {
        "CountSumExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
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

    fn required_input_distribution(&self) -> Vec<datafusion::physical_plan::Distribution> {
        vec![datafusion::physical_plan::Distribution::SinglePartition]
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let [input] = children.as_slice() else {
            return internal_err!("CountSumExec has one child, got {}", children.len());
        };
        Ok(Arc::new(Self::new(Arc::clone(input))))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        if partition != 0 {
            return internal_err!("CountSumExec has one partition, asked for {partition}");
        }
        let input = self.input.execute(0, context)?;
        let sum = async move {
            let batches: Vec<RecordBatch> = input.try_collect().await?;
            let n = batches
                .iter()
                .flat_map(|b| b.column(0).as_primitive::<UInt64Type>().values().iter())
                .sum();
            count_batch(n)
        };
        Ok(Box::pin(RecordBatchStreamAdapter::new(
            count_schema(),
            futures::stream::once(sum),
        )))
    }
}

/// The range scan under a chain of row-wise operators (each output partition is the rows
/// of the same scan partition, in order), if `plan` is such a chain.
fn range_scan(plan: &Arc<dyn ExecutionPlan>) -> Option<&RangeScanExec> {
    if let Some(r) = plan.downcast_ref::<RangeScanExec>() {
        return Some(r);
    }
    let row_wise = plan.is::<ProjectionExec>()
        || plan.is::<FilterExec>()
        || plan.name() == "CoalesceBatchesExec"
        || plan.name() == "CooperativeExec";
    match plan.children().as_slice() {
        [child] if row_wise => range_scan(child),
        _ => None,
    }
}

/// The scheduler's rule writing `COPY … TO '<dir>/'` one file per partition (see the module
/// documentation). Plans it does not apply to (a single file, `PARTITIONED BY`, an order
/// that spans partitions, other formats) are left as they are.
#[derive(Debug, Default)]
pub struct ParallelCopy;

impl ParallelCopy {
    fn rewrite(sink_exec: &DataSinkExec) -> Result<Option<Arc<dyn ExecutionPlan>>> {
        let sink = sink_exec.sink();
        let (config, options, writer) = if let Some(g) = sink.downcast_ref::<GeoParquetSink>() {
            let writer = Writer::Geo {
                columns: g.columns.clone(),
                covering: g.covering,
            };
            (g.config.clone(), g.options.clone(), writer)
        } else if let Some(p) = sink.downcast_ref::<ParquetSink>() {
            (
                p.config().clone(),
                p.parquet_options().clone(),
                Writer::Parquet,
            )
        } else {
            return Ok(None);
        };
        let [base] = config.table_paths.as_slice() else {
            return Ok(None);
        };
        let directory = !config.file_output_mode.single_file_output(base);
        if !directory
            || !config.table_partition_cols.is_empty()
            || config.insert_op != InsertOp::Append
        {
            return Ok(None);
        }
        let input = sink_exec.input();
        // Partitions named by their index in the scan, holding rows in scan order.
        let data = if let Some(c) = input.downcast_ref::<CoalescePartitionsExec>() {
            Arc::clone(c.input())
        } else if let Some(m) = input.downcast_ref::<SortPreservingMergeExec>()
            && m.fetch().is_none()
        {
            Arc::clone(m.input())
        } else {
            return Ok(None);
        };
        if range_scan(&data).is_none() {
            return Ok(None);
        }
        let write = Arc::new(PartitionWriteExec::new(data, config, options, writer));
        Ok(Some(Arc::new(CountSumExec::new(Arc::new(
            CoalescePartitionsExec::new(write),
        )))))
    }
}

impl PhysicalOptimizerRule for ParallelCopy {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_up(|p| {
            let Some(sink_exec) = p.downcast_ref::<DataSinkExec>() else {
                return Ok(Transformed::no(p));
            };
            Ok(match Self::rewrite(sink_exec)? {
                Some(new) => Transformed::yes(new),
                None => Transformed::no(p),
            })
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "datafusion_synth_parallel_copy"
    }

    fn schema_check(&self) -> bool {
        true
    }
}
