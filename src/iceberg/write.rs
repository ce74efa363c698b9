//! [`IcebergWriteExec`]: `INSERT INTO` an Iceberg table as one plan node. Every input partition
//! streams into DataFusion's Parquet writer (parquet's `AsyncArrowWriter` on the table's object
//! store, the columns named by Iceberg field id), rolled at the target file size; the footers
//! the writer returns become the data files' manifest entries, and when every partition is
//! done the `iceberg` crate commits them as one snapshot (a fast append) through the catalog,
//! or, for `INSERT OVERWRITE`, [`super::overwrite`] commits one overwrite snapshot.
//! A failure or a cancellation commits nothing, and the files written so far are deleted.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, RecordBatch, UInt32Array, UInt64Array};
use datafusion::arrow::compute::cast;
use datafusion::arrow::compute::take_record_batch;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::common::{DataFusionError, Result, internal_err};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::object_store::buffered::BufWriter;
use datafusion::object_store::path::Path;
use datafusion::object_store::{ObjectStore, ObjectStoreExt};
use datafusion::parquet::arrow::AsyncArrowWriter;
use datafusion::parquet::file::properties::WriterProperties;
use datafusion::physical_expr::{EquivalenceProperties, PhysicalExpr};
use datafusion::physical_plan::execution_plan::{
    Boundedness, ChildrenPropertiesMode, EmissionType, ReplaceChildrenOptions,
};
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, Distribution, ExecutionPlan, ExecutionPlanProperties,
    Partitioning, PlanProperties,
};
use futures::StreamExt;
use iceberg::spec::{DataFile, Schema as IcebergSchema, Struct};
use iceberg::transaction::{ApplyTransactionAction, Transaction};
use iceberg::{Catalog, ErrorKind, TableIdent};
use tokio::task::JoinSet;

use super::datafile::data_file;
use super::overwrite::{SqlPointer, try_overwrite};
use super::partition::Partitioner;
use super::storage::key;

/// Commits retried after a conflict with another writer's commit (a fast append does not
/// depend on the files of the other commit, so it is simply redone on the new snapshot).
const COMMIT_ATTEMPTS: usize = 4;

/// Where and how an insert writes.
pub struct WriteTarget {
    /// The catalog that commits.
    pub catalog: Arc<dyn Catalog>,
    /// The table in it.
    pub ident: TableIdent,
    /// The table's directory URL (`…/<namespace>/<table>`); files go to `<dir>/data/`.
    pub table_url: String,
    /// The store of the table's files.
    pub store: Arc<dyn ObjectStore>,
    /// The table's current schema and its Arrow form (with field ids).
    pub schema: IcebergSchema,
    /// The Arrow form of `schema`, every field with its `PARQUET:field_id`.
    pub arrow: SchemaRef,
    /// The default partition spec's id.
    pub spec_id: i32,
    /// The partition value of each row, for a partitioned table.
    pub(crate) partitioner: Option<Partitioner>,
    /// Parquet writer properties.
    pub props: WriterProperties,
    /// Data files are closed at about this many bytes.
    pub target_file_size: u64,
    /// The table as the user wrote it, for messages.
    pub shown: String,
    /// `INSERT OVERWRITE`: the catalog row whose pointer the overwrite snapshot swaps; `None`
    /// for an append.
    pub overwrite: Option<SqlPointer>,
}

/// The plan node of `INSERT INTO` an Iceberg table: one output partition with one row, the
/// number of rows written (as DataFusion's own sinks report it).
pub struct IcebergWriteExec {
    input: Arc<dyn ExecutionPlan>,
    target: Arc<WriteTarget>,
    properties: Arc<PlanProperties>,
}

impl fmt::Debug for IcebergWriteExec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IcebergWriteExec")
            .field("table", &self.target.shown)
            .finish()
    }
}

fn count_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![Field::new(
        "count",
        DataType::UInt64,
        false,
    )]))
}

impl IcebergWriteExec {
    /// An append of `input`'s rows to `target`.
    pub fn new(input: Arc<dyn ExecutionPlan>, target: WriteTarget) -> Self {
        Self::with_target(input, Arc::new(target))
    }

    fn with_target(input: Arc<dyn ExecutionPlan>, target: Arc<WriteTarget>) -> Self {
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

impl DisplayAs for IcebergWriteExec {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter) -> fmt::Result {
        write!(
            f,
            "IcebergWriteExec: table={}, mode=append",
            self.target.shown
        )
    }
}

impl ExecutionPlan for IcebergWriteExec {
    fn name(&self) -> &'static str {
        "IcebergWriteExec"
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
            Err(c) => internal_err!("IcebergWriteExec has one child, got {}", c.len()),
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
            return internal_err!("IcebergWriteExec has one partition, asked for {partition}");
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

fn failed(shown: &str, e: impl fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("Iceberg table '{shown}': {e}"))
}

/// The files written so far by one writer task, deleted when the insert fails.
type Written = Arc<std::sync::Mutex<Vec<Path>>>;

/// Writes every stream into its own files, then commits them all as one snapshot.
async fn write_and_commit(
    target: &Arc<WriteTarget>,
    streams: Vec<SendableRecordBatchStream>,
) -> Result<u64> {
    let run = uuid::Uuid::now_v7();
    let written: Written = Default::default();
    let mut writers = JoinSet::new();
    for (i, stream) in streams.into_iter().enumerate() {
        let files = FileNames {
            dir: format!("{}/data", target.table_url),
            prefix: format!("{run}-{i:05}"),
            next: 0,
        };
        writers.spawn(write_stream(target.clone(), stream, files, written.clone()));
    }
    let result = async {
        let mut files: Vec<DataFile> = vec![];
        let mut rows = 0u64;
        while let Some(joined) = writers.join_next().await {
            let (f, n) = joined
                .map_err(|e| failed(&target.shown, format!("a writer task failed: {e}")))??;
            files.extend(f);
            rows += n;
        }
        commit(target, files, rows).await?;
        Ok(rows)
    }
    .await;
    if result.is_err() {
        writers.abort_all();
        while writers.join_next().await.is_some() {}
        let paths =
            std::mem::take(&mut *written.lock().map_err(|_| failed(&target.shown, "lock"))?);
        for p in paths {
            let _ = target.store.delete(&p).await;
        }
    }
    result
}

/// Commits `files` as one appended (or overwriting) snapshot, redoing it on the newest
/// metadata when another writer committed first.
async fn commit(target: &WriteTarget, files: Vec<DataFile>, rows: u64) -> Result<()> {
    let properties: HashMap<String, String> = [
        ("dfsynth.rows".to_string(), rows.to_string()),
        (
            "engine-name".to_string(),
            format!("datafusion-synth {}", env!("CARGO_PKG_VERSION")),
        ),
    ]
    .into();
    if let Some(pointer) = &target.overwrite {
        for _ in 0..COMMIT_ATTEMPTS {
            let (catalog, ident, shown) = (&*target.catalog, &target.ident, &target.shown);
            if try_overwrite(catalog, ident, shown, pointer, &files, &properties).await? {
                return Ok(());
            }
        }
        return Err(failed(
            &target.shown,
            format!(
                "INSERT OVERWRITE: commit failed: {COMMIT_ATTEMPTS} tries lost the race to other commits"
            ),
        ));
    }
    let mut attempt = 0;
    loop {
        attempt += 1;
        let table = target
            .catalog
            .load_table(&target.ident)
            .await
            .map_err(|e| failed(&target.shown, e))?;
        let tx = Transaction::new(&table);
        let append = tx
            .fast_append()
            .add_data_files(files.clone())
            .set_snapshot_properties(properties.clone());
        let tx = append.apply(tx).map_err(|e| failed(&target.shown, e))?;
        match tx.commit(&*target.catalog).await {
            Ok(_) => return Ok(()),
            Err(e)
                if e.kind() == ErrorKind::CatalogCommitConflicts && attempt < COMMIT_ATTEMPTS =>
            {
                continue;
            }
            Err(e) => return Err(failed(&target.shown, format!("commit failed: {e}"))),
        }
    }
}

struct FileNames {
    dir: String,
    prefix: String,
    next: usize,
}

impl FileNames {
    /// The next file's location, in the partition directory `sub` (`""` or ending in `/`).
    fn next(&mut self, sub: &str) -> String {
        self.next += 1;
        format!("{}/{sub}{}-{:05}.parquet", self.dir, self.prefix, self.next)
    }
}

/// One open data file.
struct Open {
    location: String,
    key: Path,
    partition: Struct,
    writer: AsyncArrowWriter<BufWriter>,
}

/// Drains one input partition into data files of about the target size (per partition value
/// of a partitioned table); returns their entries and the row count.
async fn write_stream(
    target: Arc<WriteTarget>,
    mut stream: SendableRecordBatchStream,
    mut names: FileNames,
    written: Written,
) -> Result<(Vec<DataFile>, u64)> {
    let shown = target.shown.clone();
    let mut files = vec![];
    let mut rows = 0u64;
    let mut open: HashMap<Struct, Open> = HashMap::new();
    while let Some(batch) = stream.next().await {
        let batch = conform(&batch?, &target.arrow, &shown)?;
        if batch.num_rows() == 0 {
            continue;
        }
        rows += batch.num_rows() as u64;
        for (partition, part) in split(&target, batch)? {
            let file = match open.entry(partition) {
                Entry::Occupied(o) => o.into_mut(),
                Entry::Vacant(v) => {
                    let dir = match &target.partitioner {
                        Some(p) => format!("{}/", p.path(v.key())),
                        None => String::new(),
                    };
                    let location = names.next(&dir);
                    let key = key(&location).map_err(|e| failed(&shown, e))?;
                    written
                        .lock()
                        .map_err(|_| failed(&shown, "lock"))?
                        .push(key.clone());
                    let sink = BufWriter::new(target.store.clone(), key.clone());
                    let writer = AsyncArrowWriter::try_new(
                        sink,
                        target.arrow.clone(),
                        Some(target.props.clone()),
                    )
                    .map_err(|e| failed(&shown, e))?;
                    let partition = v.key().clone();
                    v.insert(Open {
                        location,
                        key,
                        partition,
                        writer,
                    })
                }
            };
            file.writer
                .write(&part)
                .await
                .map_err(|e| failed(&shown, e))?;
            let size = (file.writer.bytes_written() + file.writer.in_progress_size()) as u64;
            if size >= target.target_file_size {
                let k = file.partition.clone();
                if let Some(full) = open.remove(&k) {
                    files.push(close(&target, full).await?);
                }
            }
        }
    }
    for (_, file) in open.drain() {
        files.push(close(&target, file).await?);
    }
    Ok((files, rows))
}

/// `batch` split by partition value (the whole batch for an unpartitioned table), in the
/// order values first appear.
fn split(target: &WriteTarget, batch: RecordBatch) -> Result<Vec<(Struct, RecordBatch)>> {
    let Some(p) = &target.partitioner else {
        return Ok(vec![(Struct::empty(), batch)]);
    };
    let keys = p.keys(&batch)?;
    let mut order: Vec<(Struct, Vec<u32>)> = vec![];
    let mut index: HashMap<&Struct, usize> = HashMap::new();
    for (row, k) in keys.iter().enumerate() {
        let i = *index.entry(k).or_insert_with(|| {
            order.push((k.clone(), vec![]));
            order.len() - 1
        });
        order[i].1.push(row as u32);
    }
    if order.len() == 1 {
        let (k, _) = order.pop().unwrap_or((Struct::empty(), vec![]));
        return Ok(vec![(k, batch)]);
    }
    order
        .into_iter()
        .map(|(k, rows)| {
            let part = take_record_batch(&batch, &UInt32Array::from(rows))
                .map_err(|e| failed(&target.shown, e))?;
            Ok((k, part))
        })
        .collect()
}

async fn close(target: &WriteTarget, file: Open) -> Result<DataFile> {
    let meta = file
        .writer
        .close()
        .await
        .map_err(|e| failed(&target.shown, e))?;
    let size = target
        .store
        .head(&file.key)
        .await
        .map_err(|e| failed(&target.shown, e))?
        .size;
    data_file(
        file.location,
        size,
        &meta,
        &target.schema,
        file.partition,
        target.spec_id,
    )
}

/// `batch` in the table's Arrow schema: columns cast to the table's types (which carry the
/// field ids), required columns checked for NULLs.
fn conform(batch: &RecordBatch, schema: &SchemaRef, shown: &str) -> Result<RecordBatch> {
    if batch.num_columns() != schema.fields().len() {
        return Err(failed(
            shown,
            format!(
                "the insert gives {} columns, the table has {}",
                batch.num_columns(),
                schema.fields().len()
            ),
        ));
    }
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(c, f)| {
            if !f.is_nullable() && c.null_count() > 0 {
                return Err(failed(
                    shown,
                    format!(
                        "column '{}' is required (NOT NULL), but the insert gives it NULL values",
                        f.name()
                    ),
                ));
            }
            if c.data_type() == f.data_type() {
                Ok(c.clone())
            } else {
                cast(c, f.data_type())
                    .map_err(|e| failed(shown, format!("column '{}': {e}", f.name())))
            }
        })
        .collect::<Result<Vec<ArrayRef>>>()?;
    RecordBatch::try_new(schema.clone(), columns).map_err(|e| failed(shown, e))
}
