//! [`SyntheticExec`]: the leaf plan of a synthetic table, a [`LeafExec`] over a
//! [`SyntheticSource`] whose units are the table's rows. Partitions are contiguous slices of
//! the selected rows; a batch inside one range is evaluated as a range, a batch spanning
//! several (`id IN (…)`) as an index array.

use std::fmt;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::SortOptions;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::stats::Precision;
use datafusion::common::{ColumnStatistics, Result, ScalarValue, Statistics};
use datafusion::physical_expr::utils::collect_columns;
use datafusion::physical_expr::{PhysicalExpr, PhysicalSortExpr};
use datafusion::physical_expr_common::physical_expr::snapshot_physical_expr;
use datafusion::physical_plan::DisplayFormatType;
use datafusion::physical_plan::expressions::Column;

use super::filter::rows_superset;
use super::leaf::{Batches, LeafExec, LeafView, RangeSource};
use super::ranges::RowRanges;
use crate::functions::Rows;
use crate::table::{EvalPlan, SyntheticTable};

/// The leaf execution plan of a synthetic table.
pub type SyntheticExec = LeafExec<SyntheticSource>;

/// A synthetic table projected to some of its columns, as a [`RangeSource`] of rows.
#[derive(Debug, Clone)]
pub struct SyntheticSource {
    table: Arc<SyntheticTable>,
    projection: Option<Vec<usize>>,
    /// What evaluating the projected columns needs, planned once.
    eval: Arc<EvalPlan>,
}

impl SyntheticSource {
    /// `table` projected to `projection` (schema positions, `None` for all columns).
    pub fn try_new(table: Arc<SyntheticTable>, projection: Option<Vec<usize>>) -> Result<Self> {
        let eval = Arc::new(table.eval_plan(projection.as_deref())?);
        Ok(SyntheticSource {
            table,
            projection,
            eval,
        })
    }

    /// The `(start, step)` of output column `f` when it is a key column.
    fn key_of(&self, name: &str) -> Option<(i64, i64)> {
        let i = self.table.schema().index_of(name).ok()?;
        self.table.sequence_of(i)
    }
}

impl RangeSource for SyntheticSource {
    const UNIT_IS_ROW: bool = true;
    const NAME: &'static str = "SyntheticExec";

    fn schema(&self) -> SchemaRef {
        Arc::clone(self.eval.schema())
    }

    /// Key columns are sorted within each partition (ascending for a positive step).
    fn orderings(&self) -> Vec<Vec<PhysicalSortExpr>> {
        self.eval
            .schema()
            .fields()
            .iter()
            .enumerate()
            .filter_map(|(i, f)| {
                let (_, step) = self.key_of(f.name())?;
                (step != 0).then(|| {
                    let expr: Arc<dyn PhysicalExpr> = Arc::new(Column::new(f.name(), i));
                    vec![PhysicalSortExpr::new(
                        expr,
                        SortOptions {
                            descending: step < 0,
                            nulls_first: false,
                        },
                    )]
                })
            })
            .collect()
    }

    fn batches(
        &self,
        units: RowRanges,
        runtime_filters: Vec<Arc<dyn PhysicalExpr>>,
        batch_size: usize,
    ) -> Box<dyn Batches> {
        Box::new(RowBatches::new(
            self.clone(),
            units,
            runtime_filters,
            batch_size,
        ))
    }

    fn statistics(
        &self,
        partitions: &[&RowRanges],
        _whole: bool,
        _fetch: Option<usize>,
    ) -> Statistics {
        let rows: u64 = partitions.iter().map(|r| r.len()).sum();
        let column_statistics = self
            .eval
            .schema()
            .fields()
            .iter()
            .map(|f| {
                let mut stats = ColumnStatistics::new_unknown();
                if !f.is_nullable() {
                    stats = stats.with_null_count(Precision::Exact(0));
                }
                if let Some((start, step)) = self.key_of(f.name()) {
                    let values = partitions
                        .iter()
                        .flat_map(|r| r.ranges().iter())
                        .flat_map(|r| [r.start, r.end - 1])
                        .map(|row| i128::from(start) + i128::from(step) * i128::from(row));
                    let (min, max) =
                        values.fold((None, None), |(lo, hi): (Option<i128>, Option<i128>), v| {
                            (
                                Some(lo.map_or(v, |l| l.min(v))),
                                Some(hi.map_or(v, |h| h.max(v))),
                            )
                        });
                    if let (Some(min), Some(max)) = (min, max) {
                        if let (Ok(min), Ok(max)) = (i64::try_from(min), i64::try_from(max)) {
                            stats = stats
                                .with_min_value(Precision::Exact(ScalarValue::Int64(Some(min))))
                                .with_max_value(Precision::Exact(ScalarValue::Int64(Some(max))));
                        }
                        if step != 0 {
                            stats = stats.with_distinct_count(Precision::Exact(rows as usize));
                        }
                    }
                }
                stats
            })
            .collect();
        Statistics {
            num_rows: Precision::Exact(rows as usize),
            total_byte_size: Precision::Absent,
            column_statistics,
        }
    }

    /// A filter reading a key column of the table narrows the rows.
    fn narrows(&self, filter: &Arc<dyn PhysicalExpr>) -> bool {
        collect_columns(filter)
            .iter()
            .any(|c| self.key_of(c.name()).is_some())
    }

    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter, plan: &LeafView) -> fmt::Result {
        let columns: Vec<&str> = self
            .eval
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect();
        let rows: u64 = plan.partitions.iter().map(RowRanges::len).sum();
        match t {
            DisplayFormatType::Default | DisplayFormatType::Verbose => {
                write!(
                    f,
                    "table={}, rows={rows}, seed={}, columns=[{}]",
                    self.table.descriptor(),
                    self.table.seed(),
                    columns.join(", ")
                )?;
                if let Some(n) = plan.fetch {
                    write!(f, ", fetch={n}")?;
                }
                let parts: Vec<String> = plan.partitions.iter().map(|p| p.to_string()).collect();
                write!(f, ", partitions=[{}]", parts.join(", "))?;
                if !plan.runtime_filters.is_empty() {
                    let filters: Vec<String> =
                        plan.runtime_filters.iter().map(|e| e.to_string()).collect();
                    write!(f, ", runtime_filters=[{}]", filters.join(", "))?;
                }
                Ok(())
            }
            DisplayFormatType::TreeRender => {
                writeln!(f, "table={}", self.table.name())?;
                writeln!(f, "rows={rows}")?;
                write!(f, "seed={}", self.table.seed())
            }
        }
    }
}

impl SyntheticExec {
    /// A plan generating the rows `selected` of `table` (at most `fetch` of them, the first
    /// ones), projected to `projection`, in `target_partitions` partitions.
    ///
    /// With a limit the plan has one partition, so that `LIMIT`/`OFFSET` without `ORDER BY`
    /// return the first rows of the table, the same ones under any configuration.
    pub fn try_new(
        table: Arc<SyntheticTable>,
        projection: Option<Vec<usize>>,
        selected: RowRanges,
        fetch: Option<usize>,
        target_partitions: usize,
    ) -> Result<Self> {
        let source = SyntheticSource::try_new(table, projection)?;
        Ok(Self::from_source(
            source,
            selected,
            fetch,
            target_partitions,
        ))
    }

    /// A plan whose partitions generate exactly `partitions` (e.g. a plan decoded on a
    /// cluster executor). `selected` and `fetch` are as for [`Self::try_new`].
    pub fn with_partitions(
        table: Arc<SyntheticTable>,
        projection: Option<Vec<usize>>,
        selected: RowRanges,
        fetch: Option<usize>,
        partitions: Vec<RowRanges>,
    ) -> Result<Self> {
        let source = SyntheticSource::try_new(table, projection)?;
        Ok(Self::from_partitions(source, selected, fetch, partitions))
    }

    /// The table being generated.
    pub fn table(&self) -> &Arc<SyntheticTable> {
        &self.source().table
    }

    /// The projection (schema positions of the table), `None` for all columns.
    pub fn projection(&self) -> Option<&[usize]> {
        self.source().projection.as_deref()
    }

    /// Total number of rows this plan produces.
    pub fn total_rows(&self) -> u64 {
        self.partition_ranges().iter().map(RowRanges::len).sum()
    }

    /// This plan with the first `skip` of its rows skipped and at most `fetch` of the rest
    /// kept (one partition, in row order): what `OFFSET skip LIMIT fetch` over it returns.
    /// `None` when rows cannot be addressed by position before the scan runs (runtime
    /// filters narrow the rows only when the stream starts).
    pub(crate) fn with_offset(&self, skip: usize, fetch: Option<usize>) -> Option<Self> {
        if self.has_runtime_filters() {
            return None;
        }
        let available = match self.fetch() {
            Some(f) => self.selected().len().min(f as u64),
            None => self.selected().len(),
        };
        let start = (skip as u64).min(available);
        let end = match fetch {
            Some(f) => start.saturating_add(f as u64).min(available),
            None => available,
        };
        let rows = self.selected().slice(start, end);
        let fetch = usize::try_from(end - start).ok()?;
        Some(Self::from_source(
            self.source().clone(),
            rows,
            Some(fetch),
            1,
        ))
    }

    /// This plan reduced to the last `n` of its rows (after its own limit), in one partition
    /// in row order: what a top-`n` sort against the row order reads. Run-time filters are
    /// dropped: under such a sort they come from the sort itself (its dynamic top-`n`
    /// bound), which still applies them, and a superset of `n` rows needs no narrowing.
    pub(crate) fn with_last(&self, n: usize) -> Option<Self> {
        let available = match self.fetch() {
            Some(f) => self.selected().len().min(f as u64),
            None => self.selected().len(),
        };
        let start = available.saturating_sub(n as u64);
        let rows = self.selected().slice(start, available);
        Some(Self::from_source(self.source().clone(), rows, None, 1))
    }

    /// Whether `order` sorts this plan's output against its row order: its first key is a key
    /// column with a positive step sorted descending, or a negative step sorted ascending.
    pub(crate) fn sorts_against_row_order(&self, order: &[PhysicalSortExpr]) -> bool {
        self.key_step(order)
            .is_some_and(|(step, descending)| (step > 0 && descending) || (step < 0 && !descending))
    }

    /// The step of the key column `order` sorts by first, and whether descending.
    fn key_step(&self, order: &[PhysicalSortExpr]) -> Option<(i64, bool)> {
        let first = order.first()?;
        let column = first.expr.downcast_ref::<Column>()?;
        let source = self.source();
        let field = source.eval.schema().fields().get(column.index())?;
        let (_, step) = source.key_of(field.name())?;
        Some((step, first.options.descending))
    }

    /// Whether `order` sorts this plan's output in row order: its first key is a key column
    /// with a positive step, ascending (key values are then distinct and increase with the row).
    pub(crate) fn sorts_in_row_order(&self, order: &[PhysicalSortExpr]) -> bool {
        self.key_step(order)
            .is_some_and(|(step, descending)| step > 0 && !descending)
    }
}

/// The rows of one partition, batch by batch.
struct RowBatches {
    source: SyntheticSource,
    ranges: RowRanges,
    /// Index of the current range and the next row in it.
    range: usize,
    next: u64,
    batch_size: usize,
    /// Reused buffer of row indices for batches that span several ranges.
    indices: Vec<u64>,
    /// Runtime filters, applied to `ranges` at the first batch (then emptied).
    runtime_filters: Vec<Arc<dyn PhysicalExpr>>,
}

impl RowBatches {
    fn new(
        source: SyntheticSource,
        ranges: RowRanges,
        runtime_filters: Vec<Arc<dyn PhysicalExpr>>,
        batch_size: usize,
    ) -> Self {
        let next = ranges.ranges().first().map_or(0, |r| r.start);
        RowBatches {
            source,
            ranges,
            range: 0,
            next,
            batch_size,
            indices: Vec::new(),
            runtime_filters,
        }
    }

    /// Narrows the ranges by the runtime filters' current values. Called at the first batch,
    /// when the producers of the filters (e.g. a hash join's build side) are done.
    fn apply_runtime_filters(&mut self) -> Result<()> {
        for filter in std::mem::take(&mut self.runtime_filters) {
            let current = snapshot_physical_expr(filter)?;
            let rows = rows_superset(&self.source.table, &current);
            self.ranges = self.ranges.intersect(&rows);
        }
        self.range = 0;
        self.next = self.ranges.ranges().first().map_or(0, |r| r.start);
        Ok(())
    }

    /// Moves the cursor to `row`, stepping to the next range at the end of one.
    fn advance_to(&mut self, row: u64) {
        self.next = row;
        let ranges = self.ranges.ranges();
        if ranges.get(self.range).is_some_and(|r| row >= r.end) {
            self.range += 1;
            if let Some(r) = ranges.get(self.range) {
                self.next = r.start;
            }
        }
    }
}

impl Batches for RowBatches {
    fn next_batch(&mut self) -> Option<Result<RecordBatch>> {
        if !self.runtime_filters.is_empty()
            && let Err(e) = self.apply_runtime_filters()
        {
            return Some(Err(e));
        }
        let (table, eval) = (&self.source.table, &self.source.eval);
        let current = self.ranges.ranges().get(self.range)?.clone();
        let want = self.batch_size as u64;
        let left_here = current.end - self.next;
        if left_here >= want || self.range + 1 == self.ranges.ranges().len() {
            // The batch lies inside one range: evaluate it as a contiguous range.
            let end = self.next + left_here.min(want);
            let rows = Rows::Range(self.next..end);
            let batch = table.evaluate(eval, &rows);
            self.advance_to(end);
            return Some(batch);
        }
        // The batch spans several ranges (e.g. `id IN (...)`): gather the row indices.
        let mut indices = std::mem::take(&mut self.indices);
        indices.clear();
        while (indices.len() as u64) < want {
            let Some(r) = self.ranges.ranges().get(self.range).cloned() else {
                break;
            };
            let take = (r.end - self.next).min(want - indices.len() as u64);
            indices.extend(self.next..self.next + take);
            let end = self.next + take;
            self.advance_to(end);
        }
        let batch = self
            .source
            .table
            .evaluate(&self.source.eval, &Rows::Indices(&indices));
        self.indices = indices;
        Some(batch)
    }
}
