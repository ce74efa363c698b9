//! The parallel writer of one GeoParquet file: row groups are encoded on their own tasks
//! (the parquet crate's `ArrowColumnWriter`s, as DataFusion's parallel Parquet sink uses
//! them), each task also gathering the `geo` statistics of its rows, and the encoded row
//! groups are appended to the file in order. So the file is the one the serial writer
//! writes (same row groups, same pages), the `geo` metadata is exact, and encoding runs on
//! as many cores as there are row groups in flight.

use std::collections::VecDeque;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::runtime::SpawnedTask;
use datafusion::common::{DataFusionError, Result};
use datafusion::datasource::file_format::write::SharedBuffer;
use datafusion::execution::memory_pool::MemoryReservation;
use datafusion::parquet::arrow::arrow_writer::{
    ArrowColumnChunk, ArrowRowGroupWriterFactory, ArrowWriterOptions, compute_leaves,
};
use datafusion::parquet::arrow::{ARROW_SCHEMA_META_KEY, ArrowWriter, encode_arrow_schema};
use datafusion::parquet::file::metadata::KeyValue;
use datafusion::parquet::file::properties::{DEFAULT_MAX_ROW_GROUP_ROW_COUNT, WriterProperties};
use tokio::io::{AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc::Receiver;

use super::covering::add_covering;
use super::stats::GeoStats;

/// Bytes of encoded file buffered before they are written to the object store.
const FLUSH_BYTES: usize = 1 << 20;

/// What one file needs besides its data.
pub(crate) struct ParallelFile {
    pub schema: SchemaRef,
    pub props: WriterProperties,
    /// The geometry columns whose `geo` statistics are gathered.
    pub columns: Vec<String>,
    /// `schema` has a bbox covering column per geometry column, filled in here.
    pub covering: bool,
    /// Whether to embed the Arrow schema (with the `geo` JSON in its metadata).
    pub embed_arrow_schema: bool,
    /// Row groups encoded at the same time (at least 1).
    pub in_flight: usize,
    /// Grows with the batches held by row groups being encoded.
    pub reservation: MemoryReservation,
}

/// An encoded row group: its column chunks and the `geo` statistics of its rows.
type Encoded = Result<(Vec<ArrowColumnChunk>, GeoStats)>;

/// Writes the batches of `rx` as one GeoParquet file to `out`; returns the rows written.
pub(crate) async fn write_parallel(
    mut out: Box<dyn AsyncWrite + Send + Unpin>,
    mut rx: Receiver<RecordBatch>,
    file: ParallelFile,
) -> Result<u64> {
    let buffer = SharedBuffer::new(FLUSH_BYTES * 2);
    let options = ArrowWriterOptions::new()
        .with_properties(file.props.clone())
        .with_skip_arrow_metadata(true);
    let writer =
        ArrowWriter::try_new_with_options(buffer.clone(), Arc::clone(&file.schema), options)?;
    let (mut writer, factory) = writer.into_serialized_writer()?;
    let factory = Arc::new(factory);
    let max_rows = file
        .props
        .max_row_group_row_count()
        .unwrap_or(DEFAULT_MAX_ROW_GROUP_ROW_COUNT)
        .max(1);
    let mut stats = GeoStats::new(&file.schema, &file.columns)?.with_covering(file.covering);
    let mut in_flight: VecDeque<(SpawnedTask<Encoded>, usize)> = VecDeque::new();
    let mut held_bytes = 0usize;
    let mut pending: Vec<RecordBatch> = Vec::new();
    let mut pending_rows = 0usize;
    let mut rows = 0u64;
    let mut index = 0usize;

    // Appends the oldest encoded row group to the file, in order.
    macro_rules! append_oldest {
        () => {
            if let Some((task, bytes)) = in_flight.pop_front() {
                let (chunks, group_stats) = task
                    .join_unwind()
                    .await
                    .map_err(|e| DataFusionError::ExecutionJoin(Box::new(e)))??;
                stats.merge(&group_stats);
                let mut group = writer.next_row_group()?;
                for chunk in chunks {
                    chunk.append_to_row_group(&mut group)?;
                }
                group.close()?;
                held_bytes -= bytes;
                file.reservation.try_resize(held_bytes)?;
                flush(&buffer, &mut out, FLUSH_BYTES).await?;
            }
        };
    }

    loop {
        let batch = rx.recv().await;
        let done = batch.is_none();
        if let Some(mut batch) = batch {
            rows += batch.num_rows() as u64;
            // Cut batches at row-group boundaries, as the serial writer does.
            while pending_rows + batch.num_rows() >= max_rows {
                let take = max_rows - pending_rows;
                pending.push(batch.slice(0, take));
                batch = batch.slice(take, batch.num_rows() - take);
                let group = std::mem::take(&mut pending);
                pending_rows = 0;
                let bytes = size_of(&group);
                held_bytes += bytes;
                file.reservation.try_resize(held_bytes)?;
                in_flight.push_back((encode(&factory, index, group, &file), bytes));
                index += 1;
                while in_flight.len() >= file.in_flight {
                    append_oldest!();
                }
            }
            if batch.num_rows() > 0 {
                pending_rows += batch.num_rows();
                pending.push(batch);
            }
        }
        if done {
            break;
        }
    }
    if pending_rows > 0 {
        let group = std::mem::take(&mut pending);
        let bytes = size_of(&group);
        held_bytes += bytes;
        file.reservation.try_resize(held_bytes)?;
        in_flight.push_back((encode(&factory, index, group, &file), bytes));
    }
    while !in_flight.is_empty() {
        append_oldest!();
    }
    let geo = stats.json();
    if file.embed_arrow_schema {
        let mut metadata = file.schema.metadata().clone();
        metadata.insert("geo".to_string(), geo.clone());
        let with_geo = file.schema.as_ref().clone().with_metadata(metadata);
        writer.append_key_value_metadata(KeyValue::new(
            ARROW_SCHEMA_META_KEY.to_string(),
            encode_arrow_schema(&with_geo),
        ));
    }
    writer.append_key_value_metadata(KeyValue::new("geo".to_string(), geo));
    writer.close()?;
    flush(&buffer, &mut out, 0).await?;
    out.shutdown().await?;
    file.reservation.free();
    Ok(rows)
}

/// Encodes the batches of row group `index` on a task of its own.
fn encode(
    factory: &Arc<ArrowRowGroupWriterFactory>,
    index: usize,
    batches: Vec<RecordBatch>,
    file: &ParallelFile,
) -> SpawnedTask<Encoded> {
    let factory = Arc::clone(factory);
    let schema = Arc::clone(&file.schema);
    let columns = file.columns.clone();
    let covering = file.covering;
    SpawnedTask::spawn(async move {
        let mut writers = factory.create_column_writers(index)?;
        let mut stats = GeoStats::new(&schema, &columns)?.with_covering(covering);
        for batch in &batches {
            stats.update(batch)?;
            let with_covering;
            let batch = if covering {
                with_covering = add_covering(batch, &schema)?;
                &with_covering
            } else {
                batch
            };
            let mut next = writers.iter_mut();
            for (array, field) in batch.columns().iter().zip(schema.fields()) {
                for leaf in compute_leaves(field, array)? {
                    match next.next() {
                        Some(w) => w.write(&leaf)?,
                        None => {
                            return Err(DataFusionError::Internal(
                                "GeoParquet: more leaf columns than column writers".into(),
                            ));
                        }
                    }
                }
            }
        }
        let chunks = writers
            .into_iter()
            .map(|w| w.close())
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok((chunks, stats))
    })
}

/// The memory the batches hold.
fn size_of(batches: &[RecordBatch]) -> usize {
    batches.iter().map(|b| b.get_array_memory_size()).sum()
}

/// Writes the buffered bytes to `out` once there are more than `threshold` of them.
async fn flush(
    buffer: &SharedBuffer,
    out: &mut Box<dyn AsyncWrite + Send + Unpin>,
    threshold: usize,
) -> Result<()> {
    let mut bytes = buffer.buffer.lock().await;
    if bytes.len() > threshold {
        out.write_all(bytes.as_slice()).await?;
        bytes.clear();
    }
    Ok(())
}
