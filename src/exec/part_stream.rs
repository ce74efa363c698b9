//! [`PartStream`]: one partition of a table generated in parts, batch by batch, only when
//! polled, in runs of consecutive parts ([`PartTable::parts_per_run`]).

use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, RecordBatchOptions};
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::Result;

use super::leaf::Batches;
use crate::table::parts::{PartBatches, PartTable};

/// Generates the parts of one partition, batch by batch, only when polled. With no column
/// projected (`count(*)`), a part's rows are counted, not generated: one batch of
/// [`PartTable::part_rows`] empty rows per part.
pub(super) struct PartStream<T: PartTable> {
    /// The table, the projection and the projected schema.
    pub(super) table: T,
    pub(super) projection: Option<Vec<usize>>,
    pub(super) schema: SchemaRef,
    /// Parts not started yet.
    pub(super) parts: std::iter::Peekable<std::vec::IntoIter<u64>>,
    /// The part being generated.
    pub(super) current: Option<PartBatches>,
    pub(super) batch_size: usize,
    /// Rows still to drop from the front (an `OFFSET` inside the first part).
    pub(super) skip: u64,
}

impl<T: PartTable> Batches for PartStream<T> {
    fn next_batch(&mut self) -> Option<Result<RecordBatch>> {
        loop {
            let batch = match self.next_unskipped()? {
                Ok(b) => b,
                Err(e) => return Some(Err(e)),
            };
            if self.skip == 0 {
                return Some(Ok(batch));
            }
            let n = batch.num_rows() as u64;
            if n > self.skip {
                let skip = std::mem::take(&mut self.skip) as usize;
                return Some(Ok(batch.slice(skip, batch.num_rows() - skip)));
            }
            self.skip -= n;
        }
    }
}

impl<T: PartTable> PartStream<T> {
    /// The next batch before the skip is applied.
    fn next_unskipped(&mut self) -> Option<Result<RecordBatch>> {
        if self.schema.fields().is_empty() {
            let part = self.parts.next()?;
            let rows = self.table.part_rows(part) as usize;
            let options = RecordBatchOptions::new().with_row_count(Some(rows));
            return Some(
                RecordBatch::try_new_with_options(Arc::clone(&self.schema), vec![], &options)
                    .map_err(Into::into),
            );
        }
        let batch = loop {
            if let Some(batches) = self.current.as_mut()
                && let Some(batch) = batches.next()
            {
                break batch;
            }
            // A run of consecutive parts, as many as the table generates together.
            let first = self.parts.next()?;
            let mut end = first + 1;
            while end - first < self.table.parts_per_run() && self.parts.next_if_eq(&end).is_some()
            {
                end += 1;
            }
            self.current = Some(self.table.generate_parts(
                first..end,
                self.batch_size,
                self.projection.as_deref(),
            ));
        };
        Some(batch.map_err(Into::into))
    }
}
