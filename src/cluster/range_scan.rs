//! [`RangeScanExec`]: a synthetic or TPC-H scan driven by a small in-memory input that
//! holds each partition's rows (or tpchgen parts) as `(start, end)` pairs.
//!
//! Why: before it ships a stage to an executor, Ballista's scheduler restricts the stage's
//! leaves to the task's slice of partitions, and it knows how to restrict only its own
//! leaves and DataFusion's file and memory scans; any other leaf arrives whole and each task
//! would generate the wrong partitions. So on the scheduler [`ClusterScans`] turns every
//! leaf of ours ([`RangeLeaf`]) into a `RangeScanExec` over a `MemorySourceConfig` of
//! range batches: the scheduler restricts that memory scan like any other, and the executor
//! generates exactly the rows of the partitions its task owns.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::array::{AsArray, RecordBatch, UInt64Array};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, UInt64Type};
use datafusion::common::tree_node::{Transformed, TreeNode, TreeNodeRecursion};
use datafusion::common::{Result, internal_err};
use datafusion::config::ConfigOptions;
use datafusion::datasource::memory::MemorySourceConfig;
use datafusion::datasource::source::DataSourceExec;
use datafusion::execution::TaskContext;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties,
    SendableRecordBatchStream,
};
use futures::{StreamExt, TryStreamExt};

use crate::exec::{RangeLeaf, RowRanges, as_range_leaf};

/// Each partition's ranges, and the partition's index in the whole scan (Ballista renumbers
/// the partitions a task runs from 0; the index names the partition's file in a COPY).
fn ranges_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("start", DataType::UInt64, false),
        Field::new("end", DataType::UInt64, false),
        Field::new("partition", DataType::UInt64, false),
    ]))
}

/// A scan generating, in each partition, the ranges its input partition holds.
#[derive(Debug)]
pub struct RangeScanExec {
    leaf: Arc<dyn RangeLeaf>,
    input: Arc<dyn ExecutionPlan>,
    properties: Arc<PlanProperties>,
}

impl RangeScanExec {
    /// `leaf` driven by a memory scan of its own partitions' ranges.
    pub(crate) fn new(leaf: Arc<dyn RangeLeaf>) -> Result<Self> {
        let schema = ranges_schema();
        let partitions: Vec<Vec<RecordBatch>> = leaf
            .unit_partitions()
            .iter()
            .enumerate()
            .map(|(p, units)| {
                let n = units.ranges().len();
                let (starts, ends): (Vec<u64>, Vec<u64>) =
                    units.ranges().iter().map(|r| (r.start, r.end)).unzip();
                RecordBatch::try_new(
                    Arc::clone(&schema),
                    vec![
                        Arc::new(UInt64Array::from(starts)),
                        Arc::new(UInt64Array::from(ends)),
                        Arc::new(UInt64Array::from(vec![p as u64; n])),
                    ],
                )
                .map(|b| vec![b])
            })
            .collect::<Result<_, _>>()?;
        let input = MemorySourceConfig::try_new_exec(&partitions, schema, None)?;
        Self::with_input(leaf, input)
    }

    /// `leaf` driven by `input` (a decoded or restricted range scan).
    pub(crate) fn with_input(
        leaf: Arc<dyn RangeLeaf>,
        input: Arc<dyn ExecutionPlan>,
    ) -> Result<Self> {
        let count = input.properties().partitioning.partition_count();
        let properties = PlanProperties::clone(leaf.properties())
            .with_partitioning(Partitioning::UnknownPartitioning(count));
        Ok(RangeScanExec {
            leaf,
            input,
            properties: Arc::new(properties),
        })
    }

    /// The scan run over each partition's ranges.
    pub(crate) fn leaf(&self) -> &Arc<dyn RangeLeaf> {
        &self.leaf
    }

    /// The index in the whole scan of (possibly renumbered) partition `p`, when the input
    /// is the in-memory range scan this node was made with.
    pub(crate) fn global_partition(&self, p: usize) -> Option<u64> {
        let source = self.input.downcast_ref::<DataSourceExec>()?;
        let memory = source.data_source().downcast_ref::<MemorySourceConfig>()?;
        let batch = memory.partitions().get(p)?.first()?;
        let column = batch
            .column_by_name("partition")?
            .as_primitive_opt::<UInt64Type>()?;
        (!column.is_empty()).then(|| column.value(0))
    }
}

impl DisplayAs for RangeScanExec {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "RangeScanExec: ")?;
        self.leaf.fmt_as(t, f)
    }
}

impl ExecutionPlan for RangeScanExec {
    fn name(&self) -> &'static str {
        "RangeScanExec"
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

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let [input] = children.as_slice() else {
            return internal_err!("RangeScanExec has one child, got {}", children.len());
        };
        Ok(Arc::new(Self::with_input(
            Arc::clone(&self.leaf),
            Arc::clone(input),
        )?))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        let ranges = self.input.execute(partition, Arc::clone(&context))?;
        let leaf = Arc::clone(&self.leaf);
        let schema = self.schema();
        let rows = async move {
            let batches: Vec<RecordBatch> = ranges.try_collect().await?;
            let mut pairs = Vec::new();
            for b in &batches {
                let (s, e) = (
                    b.column(0).as_primitive::<UInt64Type>(),
                    b.column(1).as_primitive::<UInt64Type>(),
                );
                pairs.extend((0..b.num_rows()).map(|i| (s.value(i), e.value(i))));
            }
            if pairs.is_empty() {
                return Ok(futures::stream::empty().boxed());
            }
            let units = RowRanges::from_ranges(pairs.into_iter().map(|(a, b)| a..b).collect());
            leaf.restricted(units)
                .execute(0, context)
                .map(|s| s.boxed())
        };
        let stream = futures::stream::once(rows).try_flatten();
        Ok(Box::pin(RecordBatchStreamAdapter::new(schema, stream)))
    }
}

/// The scheduler's physical optimizer rule turning synthetic and TPC-H scans into
/// [`RangeScanExec`]s (see the module documentation). Installed in the scheduler's session
/// state only.
#[derive(Debug, Default)]
pub struct ClusterScans;

impl PhysicalOptimizerRule for ClusterScans {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_up(|p| {
            let Some(leaf) = as_range_leaf(p.as_ref()) else {
                return Ok(Transformed::no(p));
            };
            Ok(Transformed::yes(
                Arc::new(RangeScanExec::new(leaf)?) as Arc<dyn ExecutionPlan>
            ))
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "datafusion_synth_cluster_scans"
    }

    fn schema_check(&self) -> bool {
        true
    }
}
