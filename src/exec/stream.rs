//! The lazy stream of one partition: each poll generates the next batch of at most
//! `batch_size` rows, and nothing else.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::Result;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::physical_expr_common::physical_expr::snapshot_physical_expr;
use datafusion::physical_plan::RecordBatchStream;
use datafusion::physical_plan::metrics::BaselineMetrics;
use futures::Stream;

use super::filter::rows_superset;
use super::ranges::RowRanges;
use crate::functions::Rows;
use crate::table::{EvalPlan, SyntheticTable};

/// Generates the rows of one partition, batch by batch, only when polled.
pub struct SyntheticStream {
    table: Arc<SyntheticTable>,
    eval: Arc<EvalPlan>,
    ranges: RowRanges,
    /// Index of the current range and the next row in it.
    range: usize,
    next: u64,
    batch_size: usize,
    /// Reused buffer of row indices for batches that span several ranges.
    indices: Vec<u64>,
    /// Runtime filters, applied to `ranges` at the first poll (then emptied).
    runtime_filters: Vec<Arc<dyn PhysicalExpr>>,
    metrics: BaselineMetrics,
}

impl SyntheticStream {
    pub(crate) fn new(
        table: Arc<SyntheticTable>,
        eval: Arc<EvalPlan>,
        ranges: RowRanges,
        runtime_filters: Vec<Arc<dyn PhysicalExpr>>,
        batch_size: usize,
        metrics: BaselineMetrics,
    ) -> Self {
        let next = ranges.ranges().first().map_or(0, |r| r.start);
        SyntheticStream {
            table,
            eval,
            ranges,
            range: 0,
            next,
            batch_size,
            indices: Vec::new(),
            runtime_filters,
            metrics,
        }
    }

    /// Narrows the ranges by the runtime filters' current values. Called at the first poll,
    /// when the producers of the filters (e.g. a hash join's build side) are done.
    fn apply_runtime_filters(&mut self) -> Result<()> {
        for filter in std::mem::take(&mut self.runtime_filters) {
            let current = snapshot_physical_expr(filter)?;
            self.ranges = self.ranges.intersect(&rows_superset(&self.table, &current));
        }
        self.range = 0;
        self.next = self.ranges.ranges().first().map_or(0, |r| r.start);
        Ok(())
    }

    fn next_batch(&mut self) -> Option<Result<RecordBatch>> {
        if !self.runtime_filters.is_empty()
            && let Err(e) = self.apply_runtime_filters()
        {
            return Some(Err(e));
        }
        let current = self.ranges.ranges().get(self.range)?.clone();
        let want = self.batch_size as u64;
        let left_here = current.end - self.next;
        if left_here >= want || self.range + 1 == self.ranges.ranges().len() {
            // The batch lies inside one range: evaluate it as a contiguous range.
            let end = self.next + left_here.min(want);
            let rows = Rows::Range(self.next..end);
            self.advance_to(end);
            return Some(self.table.evaluate(&self.eval, &rows));
        }
        // The batch spans several ranges (e.g. `id IN (...)`): gather the row indices.
        self.indices.clear();
        while (self.indices.len() as u64) < want {
            let Some(r) = self.ranges.ranges().get(self.range).cloned() else {
                break;
            };
            let take = (r.end - self.next).min(want - self.indices.len() as u64);
            self.indices.extend(self.next..self.next + take);
            let end = self.next + take;
            self.advance_to(end);
        }
        let indices = std::mem::take(&mut self.indices);
        let batch = self.table.evaluate(&self.eval, &Rows::Indices(&indices));
        self.indices = indices;
        Some(batch)
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

impl Stream for SyntheticStream {
    type Item = Result<RecordBatch>;

    fn poll_next(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let timer = self.metrics.elapsed_compute().clone();
        let _guard = timer.timer();
        let poll = Poll::Ready(self.next_batch());
        self.metrics.record_poll(poll)
    }
}

impl RecordBatchStream for SyntheticStream {
    fn schema(&self) -> SchemaRef {
        Arc::clone(self.eval.schema())
    }
}
