//! TPC-H tables in DataFusion: [`TpchTableProvider`] and its leaf [`TpchExec`], whose
//! partitions are contiguous runs of tpchgen parts generated lazily, one batch per poll.
//! A part is a fixed run of rows (see [`TpchTable::part_count`]), so the output is the same
//! under any number of partitions, and identical to `tpchgen-cli`'s (and dbgen's).

use std::fmt;
use std::ops::Range;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use async_trait::async_trait;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::SortOptions;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::stats::Precision;
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{ColumnStatistics, Result, ScalarValue, Statistics, internal_err};
use datafusion::config::ConfigOptions;
use datafusion::datasource::TableType;
use datafusion::execution::TaskContext;
use datafusion::logical_expr::Expr;
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr, PhysicalSortExpr};
use datafusion::physical_plan::coop::cooperative;
use datafusion::physical_plan::execution_plan::{
    Boundedness, CardinalityEffect, EmissionType, SchedulingType,
};
use datafusion::physical_plan::expressions::Column;
use datafusion::physical_plan::metrics::{BaselineMetrics, ExecutionPlanMetricsSet, MetricsSet};
use datafusion::physical_plan::statistics::StatisticsArgs;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, Partitioning, PlanProperties, RecordBatchStream,
    SendableRecordBatchStream,
};
use futures::Stream;

use crate::table::tpch::{RowCount, TpchBatches, TpchTable};

/// A TPC-H table as a `TableProvider`.
#[derive(Debug, Clone)]
pub struct TpchTableProvider {
    table: TpchTable,
    /// `tpch('<table>', <sf>)`, what `\d` and `information_schema` show.
    definition: String,
}

impl TpchTableProvider {
    /// Wraps a table.
    pub fn new(table: TpchTable) -> Self {
        let definition = table.descriptor();
        TpchTableProvider { table, definition }
    }

    /// The table.
    pub fn table(&self) -> &TpchTable {
        &self.table
    }
}

#[async_trait]
impl TableProvider for TpchTableProvider {
    fn schema(&self) -> SchemaRef {
        self.table.schema()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn get_table_definition(&self) -> Option<&str> {
        Some(&self.definition)
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let target = state.config_options().execution.target_partitions;
        Ok(Arc::new(TpchExec::try_new(
            self.table,
            projection.cloned(),
            limit,
            target,
        )?))
    }
}

/// The leaf plan generating a TPC-H table.
#[derive(Debug, Clone)]
pub struct TpchExec {
    table: TpchTable,
    projection: Option<Vec<usize>>,
    schema: SchemaRef,
    fetch: Option<usize>,
    /// The tpchgen parts (0-based) each partition generates, in order.
    partitions: Vec<Range<i32>>,
    properties: Arc<PlanProperties>,
    metrics: ExecutionPlanMetricsSet,
}

impl TpchExec {
    /// A plan generating `table` projected to `projection`, at most `fetch` rows (then in one
    /// partition, so that `LIMIT` returns the first rows of the table), else in
    /// `target_partitions` partitions (at most one per part).
    pub fn try_new(
        table: TpchTable,
        projection: Option<Vec<usize>>,
        fetch: Option<usize>,
        target_partitions: usize,
    ) -> Result<Self> {
        let full = table.schema();
        let schema = match &projection {
            Some(p) => Arc::new(full.project(p)?),
            None => full,
        };
        let parts = table.part_count();
        let partitions = match fetch {
            Some(_) => std::iter::once(0..parts).collect(),
            None => split_parts(parts, target_partitions),
        };
        // Every table is generated in the order of its first column (the key).
        let orderings = match schema.index_of(table.schema().field(0).name()) {
            Ok(i) => {
                let key: Arc<dyn PhysicalExpr> = Arc::new(Column::new(schema.field(i).name(), i));
                vec![vec![PhysicalSortExpr::new(key, SortOptions::default())]]
            }
            Err(_) => vec![],
        };
        let properties = Arc::new(
            PlanProperties::new(
                EquivalenceProperties::new_with_orderings(Arc::clone(&schema), orderings),
                Partitioning::UnknownPartitioning(partitions.len()),
                EmissionType::Incremental,
                Boundedness::Bounded,
            )
            .with_scheduling_type(SchedulingType::Cooperative),
        );
        Ok(TpchExec {
            table,
            projection,
            schema,
            fetch,
            partitions,
            properties,
            metrics: ExecutionPlanMetricsSet::new(),
        })
    }

    /// A plan whose partitions generate exactly the tpchgen parts `partitions` (e.g. a plan
    /// decoded on a cluster executor). `projection` and `fetch` are as for [`Self::try_new`].
    pub fn with_partitions(
        table: TpchTable,
        projection: Option<Vec<usize>>,
        fetch: Option<usize>,
        partitions: Vec<Range<i32>>,
    ) -> Result<Self> {
        let mut plan = Self::try_new(table, projection, fetch, 1)?;
        let properties = PlanProperties::clone(&plan.properties)
            .with_partitioning(Partitioning::UnknownPartitioning(partitions.len()));
        plan.properties = Arc::new(properties);
        plan.partitions = partitions;
        Ok(plan)
    }

    /// The table generated.
    pub fn table(&self) -> &TpchTable {
        &self.table
    }

    /// The projection (column positions of the table), `None` for all columns.
    pub fn projection(&self) -> Option<&[usize]> {
        self.projection.as_deref()
    }

    /// The limit, if any.
    pub fn fetch(&self) -> Option<usize> {
        self.fetch
    }

    /// The parts each partition generates.
    pub fn partition_parts(&self) -> &[Range<i32>] {
        &self.partitions
    }

    fn statistics_of(&self, whole_table: bool) -> Statistics {
        let count = self.table.row_count();
        let rows = match (count, self.fetch) {
            (RowCount::Exact(n), Some(f)) => Precision::Exact(n.min(f as u64) as usize),
            (RowCount::Exact(n), None) => Precision::Exact(n as usize),
            (RowCount::Estimate(n), Some(f)) => Precision::Inexact(n.min(f as u64) as usize),
            (RowCount::Estimate(n), None) => Precision::Inexact(n as usize),
        };
        let key_name = self.table.schema().field(0).name().clone();
        let key_range = self.table.key_range().filter(|_| whole_table);
        let column_statistics = self
            .schema
            .fields()
            .iter()
            .map(|f| {
                let mut stats = ColumnStatistics::new_unknown();
                if !f.is_nullable() {
                    stats = stats.with_null_count(Precision::Exact(0));
                }
                if let (true, Some((lo, hi))) = (f.name() == &key_name, key_range) {
                    // Exact for the whole table; a limit keeps them valid bounds.
                    let bound = |v: i64| {
                        let v = ScalarValue::Int64(Some(v))
                            .cast_to(f.data_type())
                            .unwrap_or(ScalarValue::Null);
                        if self.fetch.is_some() {
                            Precision::Inexact(v)
                        } else {
                            Precision::Exact(v)
                        }
                    };
                    stats = stats.with_min_value(bound(lo)).with_max_value(bound(hi));
                }
                stats
            })
            .collect();
        Statistics {
            num_rows: rows,
            total_byte_size: Precision::Absent,
            column_statistics,
        }
    }
}

/// `parts` parts split into at most `n` contiguous, non-empty runs of nearly equal length.
fn split_parts(parts: i32, n: usize) -> Vec<Range<i32>> {
    let n = (n.max(1) as i64).min(i64::from(parts.max(1)));
    let parts = i64::from(parts);
    (0..n)
        .map(|i| (parts * i / n) as i32..(parts * (i + 1) / n) as i32)
        .collect()
}

impl DisplayAs for TpchExec {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        let columns: Vec<&str> = self
            .schema
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        match t {
            DisplayFormatType::Default | DisplayFormatType::Verbose => {
                let rows = match self.table.row_count() {
                    RowCount::Exact(n) => n.to_string(),
                    RowCount::Estimate(n) => format!("~{n}"),
                };
                write!(
                    f,
                    "TpchExec: table={}, rows={rows}, columns=[{}]",
                    self.table.descriptor(),
                    columns.join(", ")
                )?;
                if let Some(n) = self.fetch {
                    write!(f, ", fetch={n}")?;
                }
                let parts: Vec<String> = self
                    .partitions
                    .iter()
                    .map(|p| format!("{}..{}", p.start, p.end))
                    .collect();
                write!(f, ", parts=[{}]", parts.join(", "))
            }
            DisplayFormatType::TreeRender => {
                writeln!(f, "table={}", self.table.kind())?;
                write!(f, "scale_factor={}", self.table.scale_factor())
            }
        }
    }
}

impl ExecutionPlan for TpchExec {
    fn name(&self) -> &'static str {
        "TpchExec"
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        &self.properties
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        vec![]
    }

    fn with_new_children(
        self: Arc<Self>,
        children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        if !children.is_empty() {
            return internal_err!("TpchExec has no children");
        }
        Ok(self)
    }

    fn reset_state(self: Arc<Self>) -> Result<Arc<dyn ExecutionPlan>> {
        let mut fresh = (*self).clone();
        fresh.metrics = ExecutionPlanMetricsSet::new();
        Ok(Arc::new(fresh))
    }

    fn repartitioned(
        &self,
        target_partitions: usize,
        _config: &ConfigOptions,
    ) -> Result<Option<Arc<dyn ExecutionPlan>>> {
        if self.fetch.is_some() || target_partitions == self.partitions.len() {
            return Ok(None);
        }
        Ok(Some(Arc::new(Self::try_new(
            self.table,
            self.projection.clone(),
            None,
            target_partitions,
        )?)))
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        let Some(parts) = self.partitions.get(partition) else {
            return internal_err!(
                "TpchExec has {} partitions, asked for partition {partition}",
                self.partitions.len()
            );
        };
        Ok(Box::pin(cooperative(TpchStream {
            table: self.table,
            parts: parts.clone(),
            current: None,
            projection: self.projection.clone(),
            schema: Arc::clone(&self.schema),
            remaining: self.fetch,
            batch_size: context.session_config().batch_size().max(1),
            metrics: BaselineMetrics::new(&self.metrics, partition),
        })))
    }

    fn metrics(&self) -> Option<MetricsSet> {
        Some(self.metrics.clone_inner())
    }

    fn statistics_from_inputs(
        &self,
        _input_stats: &[Arc<Statistics>],
        args: &StatisticsArgs,
    ) -> Result<Arc<Statistics>> {
        let stats = match args.partition() {
            None => self.statistics_of(true),
            Some(_) if self.partitions.len() == 1 => self.statistics_of(true),
            Some(_) => Statistics::new_unknown(&self.schema),
        };
        Ok(Arc::new(stats))
    }

    fn with_fetch(&self, limit: Option<usize>) -> Option<Arc<dyn ExecutionPlan>> {
        let fetch = match (self.fetch, limit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let plan = Self::try_new(
            self.table,
            self.projection.clone(),
            fetch,
            self.partitions.len(),
        );
        plan.ok().map(|p| Arc::new(p) as Arc<dyn ExecutionPlan>)
    }

    fn fetch(&self) -> Option<usize> {
        self.fetch
    }

    fn cardinality_effect(&self) -> CardinalityEffect {
        CardinalityEffect::Equal
    }
}

/// Generates the parts of one partition, batch by batch, only when polled.
struct TpchStream {
    table: TpchTable,
    /// Parts not started yet.
    parts: Range<i32>,
    /// The part being generated.
    current: Option<TpchBatches>,
    projection: Option<Vec<usize>>,
    schema: SchemaRef,
    /// Rows still to return under a limit.
    remaining: Option<usize>,
    batch_size: usize,
    metrics: BaselineMetrics,
}

impl TpchStream {
    fn next_batch(&mut self) -> Option<Result<RecordBatch>> {
        if self.remaining == Some(0) {
            return None;
        }
        let batch = loop {
            if let Some(batches) = self.current.as_mut()
                && let Some(batch) = batches.next()
            {
                break batch;
            }
            let part = self.parts.next()?;
            self.current = Some(self.table.generate_part(part, self.batch_size));
        };
        let batch = match batch {
            Ok(b) => b,
            Err(e) => return Some(Err(e.into())),
        };
        let batch = match &self.projection {
            Some(p) => match batch.project(p) {
                Ok(b) => b,
                Err(e) => return Some(Err(e.into())),
            },
            None => batch,
        };
        Some(Ok(match self.remaining.as_mut() {
            Some(left) => {
                let n = batch.num_rows().min(*left);
                *left -= n;
                batch.slice(0, n)
            }
            None => batch,
        }))
    }
}

impl Stream for TpchStream {
    type Item = Result<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let timer = self.metrics.elapsed_compute().clone();
        let _guard = timer.timer();
        let poll = Poll::Ready(self.next_batch());
        self.metrics.record_poll(poll)
    }
}

impl RecordBatchStream for TpchStream {
    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_split_contiguously() {
        assert_eq!(split_parts(5, 2), vec![0..2, 2..5]);
        assert_eq!(split_parts(1, 7), vec![0..1]);
        assert_eq!(split_parts(10, 3), vec![0..3, 3..6, 6..10]);
    }
}
