//! GeoParquet 1.1 output for `COPY … TO '….parquet'` / `STORED AS PARQUET`.
//!
//! [`GeoParquetFormatFactory`] replaces DataFusion's `parquet` file format factory in the
//! session (see `register_all` / `with_synth`). Its [`GeoParquetFormat`] delegates every
//! call to DataFusion's own `ParquetFormat` (reading, schema and statistics inference, and
//! writing tables without geometry, so those files are exactly DataFusion's), except the
//! writer plan of an input whose schema has geometry fields (`geoarrow.wkb`, or native
//! `geoarrow.point` structs; see [`super::columns`]): that plan is a `DataSinkExec` over
//! a [`GeoParquetSink`]. The sink reuses DataFusion's demultiplexer
//! (single file, directory, `PARTITIONED BY`) and writer properties (built from the same
//! `TableParquetOptions`), writes each file with the parquet crate's `AsyncArrowWriter`, and
//! while the batches stream through collects, per geometry column, the geometry types and
//! the exact bounding box. Before the file is closed it appends the GeoParquet `geo` key-value
//! metadata (also copied into the schema metadata of the embedded `ARROW:schema`, where
//! pyarrow and so GeoPandas look for it):
//!
//! ```json
//! {"version":"1.1.0","primary_column":"geometry",
//!  "columns":{"geometry":{"encoding":"WKB","geometry_types":["Polygon"],
//!                         "bbox":[xmin,ymin,xmax,ymax],"crs":null}}}
//! ```
//!
//! `crs` is `null` (GeoParquet: "unknown"), since Spider coordinates are unit-square
//! values rather than longitude/latitude; the primary column is the geometry column named
//! `geometry`, else the first geometry column. With `allow_single_file_parallelism`
//! (DataFusion's default) each file's row groups are encoded in parallel
//! ([`super::parallel`]); without it, by one `AsyncArrowWriter` per file. Encryption options are not supported on
//! this path and are rejected.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::Session;
use datafusion::common::runtime::SpawnedTask;
use datafusion::common::{DataFusionError, GetExt, Result, Statistics, not_impl_err, plan_err};
use datafusion::config::TableParquetOptions;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::file_format::parquet::{ParquetFormat, ParquetFormatFactory};
use datafusion::datasource::file_format::write::ObjectWriterBuilder;
use datafusion::datasource::file_format::write::demux::DemuxedStreamReceiver;
use datafusion::datasource::file_format::write::get_writer_schema;
use datafusion::datasource::file_format::{FileFormat, FileFormatFactory};
use datafusion::datasource::physical_plan::{FileScanConfig, FileSink, FileSinkConfig, FileSource};
use datafusion::datasource::sink::{DataSink, DataSinkExec};
use datafusion::datasource::table_schema::TableSchema;
use datafusion::execution::TaskContext;
use datafusion::execution::memory_pool::MemoryConsumer;
use datafusion::logical_expr::dml::InsertOp;
use datafusion::object_store::{ObjectMeta, ObjectStore};
use datafusion::parquet::arrow::arrow_writer::ArrowWriterOptions;
use datafusion::parquet::arrow::{ARROW_SCHEMA_META_KEY, AsyncArrowWriter, encode_arrow_schema};
use datafusion::parquet::basic::Encoding;
use datafusion::parquet::file::metadata::KeyValue;
use datafusion::parquet::file::properties::{EnabledStatistics, WriterPropertiesBuilder};
use datafusion::parquet::schema::types::ColumnPath;
use datafusion::physical_expr::LexRequirement;
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, SendableRecordBatchStream,
};
use tokio::task::JoinSet;

use super::columns::{GeoEncoding, encoding_of, geometry_columns};
use super::covering::{add_covering, covering_schema};
use super::parallel::{ParallelFile, write_parallel};
use super::stats::GeoStats;

/// The `parquet` file format factory of this crate: DataFusion's, plus GeoParquet metadata
/// when writing geometry columns (WKB or native points).
#[derive(Debug, Default)]
pub struct GeoParquetFormatFactory {
    inner: ParquetFormatFactory,
}

impl GeoParquetFormatFactory {
    /// Wraps DataFusion's factory (e.g. one built with `new_with_options`).
    pub fn wrap(inner: ParquetFormatFactory) -> Self {
        Self { inner }
    }

    /// DataFusion's factory inside.
    pub fn parquet(&self) -> &ParquetFormatFactory {
        &self.inner
    }
}

impl GetExt for GeoParquetFormatFactory {
    fn get_ext(&self) -> String {
        self.inner.get_ext()
    }
}

impl FileFormatFactory for GeoParquetFormatFactory {
    fn create(
        &self,
        state: &dyn Session,
        format_options: &HashMap<String, String>,
    ) -> Result<Arc<dyn FileFormat>> {
        // Our own option, `covering` (GeoParquet 1.1 bbox covering columns), is taken out
        // before DataFusion's Parquet options see the rest.
        let mut options = format_options.clone();
        let mut covering = false;
        for key in ["format.covering", "covering"] {
            if let Some(v) = options.remove(key) {
                covering = match v.to_ascii_lowercase().as_str() {
                    "bbox" | "true" => true,
                    "none" | "false" => false,
                    _ => {
                        return plan_err!(
                            "GeoParquet: option 'covering' must be 'bbox' (a bbox struct column per geometry column) or 'none', got '{v}'"
                        );
                    }
                };
            }
        }
        let mut format = GeoParquetFormat::wrap(self.inner.create(state, &options)?);
        format.covering = covering;
        Ok(Arc::new(format))
    }

    fn default(&self) -> Arc<dyn FileFormat> {
        Arc::new(GeoParquetFormat::wrap(self.inner.default()))
    }
}

/// DataFusion's `ParquetFormat`, writing GeoParquet `geo` metadata for geometry columns.
#[derive(Debug)]
pub struct GeoParquetFormat {
    inner: Arc<dyn FileFormat>,
    /// Write a bbox covering column per geometry column.
    covering: bool,
}

impl GeoParquetFormat {
    fn wrap(inner: Arc<dyn FileFormat>) -> Self {
        GeoParquetFormat {
            inner,
            covering: false,
        }
    }

    fn options(&self) -> TableParquetOptions {
        self.inner
            .downcast_ref::<ParquetFormat>()
            .map(|p| p.options().clone())
            .unwrap_or_default()
    }
}

#[async_trait]
impl FileFormat for GeoParquetFormat {
    fn get_ext(&self) -> String {
        self.inner.get_ext()
    }

    fn get_ext_with_compression(&self, c: &FileCompressionType) -> Result<String> {
        self.inner.get_ext_with_compression(c)
    }

    fn compression_type(&self) -> Option<FileCompressionType> {
        self.inner.compression_type()
    }

    async fn infer_schema(
        &self,
        state: &dyn Session,
        store: &Arc<dyn ObjectStore>,
        objects: &[ObjectMeta],
    ) -> Result<SchemaRef> {
        self.inner.infer_schema(state, store, objects).await
    }

    async fn infer_stats(
        &self,
        state: &dyn Session,
        store: &Arc<dyn ObjectStore>,
        table_schema: SchemaRef,
        object: &ObjectMeta,
    ) -> Result<Statistics> {
        self.inner
            .infer_stats(state, store, table_schema, object)
            .await
    }

    async fn infer_ordering(
        &self,
        state: &dyn Session,
        store: &Arc<dyn ObjectStore>,
        table_schema: SchemaRef,
        object: &ObjectMeta,
    ) -> Result<Option<datafusion::physical_expr::LexOrdering>> {
        self.inner
            .infer_ordering(state, store, table_schema, object)
            .await
    }

    async fn infer_stats_and_ordering(
        &self,
        state: &dyn Session,
        store: &Arc<dyn ObjectStore>,
        table_schema: SchemaRef,
        object: &ObjectMeta,
    ) -> Result<datafusion::datasource::file_format::FileMeta> {
        self.inner
            .infer_stats_and_ordering(state, store, table_schema, object)
            .await
    }

    async fn create_physical_plan(
        &self,
        state: &dyn Session,
        conf: FileScanConfig,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        self.inner.create_physical_plan(state, conf).await
    }

    async fn create_writer_physical_plan(
        &self,
        input: Arc<dyn ExecutionPlan>,
        state: &dyn Session,
        conf: FileSinkConfig,
        order_requirements: Option<LexRequirement>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let columns = geometry_columns(&get_writer_schema(&conf))?;
        if columns.is_empty() || conf.insert_op != InsertOp::Append {
            // DataFusion's own writer (and its error for overwrites).
            return self
                .inner
                .create_writer_physical_plan(input, state, conf, order_requirements)
                .await;
        }
        let options = self.options();
        if options.crypto.file_encryption.is_some() || options.crypto.factory_id.is_some() {
            return not_impl_err!(
                "GeoParquet: encrypted Parquet output is not supported for tables with geometry columns"
            );
        }
        if self.covering {
            covering_schema(&get_writer_schema(&conf), &columns)?;
        }
        let sink = Arc::new(GeoParquetSink {
            config: conf,
            options,
            columns,
            covering: self.covering,
        });
        Ok(Arc::new(DataSinkExec::new(input, sink, order_requirements)))
    }

    fn file_source(&self, table_schema: TableSchema) -> Arc<dyn FileSource> {
        self.inner.file_source(table_schema)
    }
}

/// Writes Parquet files with GeoParquet `geo` metadata (see the module documentation).
pub struct GeoParquetSink {
    pub(crate) config: FileSinkConfig,
    pub(crate) options: TableParquetOptions,
    /// The geometry columns (WKB or native points).
    pub(crate) columns: Vec<String>,
    /// Add a bbox covering column per geometry column.
    pub(crate) covering: bool,
}

impl fmt::Debug for GeoParquetSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GeoParquetSink")
            .field("columns", &self.columns)
            .finish()
    }
}

impl DisplayAs for GeoParquetSink {
    fn fmt_as(&self, _t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "GeoParquetSink(geometry_columns=[{}], url={})",
            self.columns.join(", "),
            self.config.original_url
        )
    }
}

#[async_trait]
impl DataSink for GeoParquetSink {
    fn schema(&self) -> &SchemaRef {
        self.config.output_schema()
    }

    async fn write_all(
        &self,
        data: SendableRecordBatchStream,
        context: &Arc<TaskContext>,
    ) -> Result<u64> {
        FileSink::write_all(self, data, context).await
    }
}

#[async_trait]
impl FileSink for GeoParquetSink {
    fn config(&self) -> &FileSinkConfig {
        &self.config
    }

    async fn spawn_writer_tasks_and_join(
        &self,
        context: &Arc<TaskContext>,
        demux_task: SpawnedTask<Result<()>>,
        mut file_stream_rx: DemuxedStreamReceiver,
        object_store: Arc<dyn ObjectStore>,
    ) -> Result<u64> {
        let input_schema = get_writer_schema(&self.config);
        let schema = if self.covering {
            covering_schema(&input_schema, &self.columns)?
        } else {
            Arc::clone(&input_schema)
        };
        let covering = self.covering;
        // The embedded Arrow schema (`ARROW:schema`) is written at close time, with the
        // `geo` JSON also in its schema metadata: pyarrow (and so GeoPandas for directories)
        // reads schema metadata from there, not from the file's key-value metadata.
        let embed_arrow_schema = !self.options.global.skip_arrow_metadata;
        let mut options = self.options.clone();
        options.global.skip_arrow_metadata = true;
        let builder = WriterPropertiesBuilder::try_from(&options)?;
        let props = geometry_column_properties(builder, &options, &input_schema, &self.columns)?;
        let buffer = context
            .session_config()
            .options()
            .execution
            .objectstore_writer_buffer_size;
        let mut tasks: JoinSet<Result<u64>> = JoinSet::new();
        let parallel = self.options.global.allow_single_file_parallelism;
        // Row groups encoded at once per file: at least DataFusion's own setting, and one
        // per core, whatever `target_partitions` is (DataFusion's own writer also encodes
        // in parallel with one partition: a task per column).
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let in_flight = self
            .options
            .global
            .maximum_parallel_row_group_writers
            .max(cores)
            .max(1);
        while let Some((path, mut rx)) = file_stream_rx.recv().await {
            if parallel {
                let out = ObjectWriterBuilder::new(
                    FileCompressionType::UNCOMPRESSED,
                    &path,
                    Arc::clone(&object_store),
                )
                .with_buffer_size(Some(buffer))
                .build()?;
                let file = ParallelFile {
                    schema: Arc::clone(&schema),
                    props: props.clone(),
                    columns: self.columns.clone(),
                    covering,
                    embed_arrow_schema,
                    in_flight,
                    reservation: MemoryConsumer::new(format!("GeoParquetSink[{path}]"))
                        .register(context.memory_pool()),
                };
                tasks.spawn(write_parallel(out, rx, file));
                continue;
            }
            let out = ObjectWriterBuilder::new(
                FileCompressionType::UNCOMPRESSED,
                &path,
                Arc::clone(&object_store),
            )
            .with_buffer_size(Some(buffer))
            .build()?;
            let writer_options = ArrowWriterOptions::new()
                .with_properties(props.clone())
                .with_skip_arrow_metadata(true);
            let mut writer =
                AsyncArrowWriter::try_new_with_options(out, Arc::clone(&schema), writer_options)?;
            let mut stats = GeoStats::new(&input_schema, &self.columns)?.with_covering(covering);
            let schema = Arc::clone(&schema);
            let reservation = MemoryConsumer::new(format!("GeoParquetSink[{path}]"))
                .register(context.memory_pool());
            tasks.spawn(async move {
                let mut rows = 0u64;
                while let Some(batch) = rx.recv().await {
                    stats.update(&batch)?;
                    rows += batch.num_rows() as u64;
                    let batch = if covering {
                        add_covering(&batch, &schema)?
                    } else {
                        batch
                    };
                    writer.write(&batch).await?;
                    reservation.try_resize(writer.memory_size())?;
                }
                let geo = stats.json();
                if embed_arrow_schema {
                    let mut metadata = schema.metadata().clone();
                    metadata.insert("geo".to_string(), geo.clone());
                    let with_geo = schema.as_ref().clone().with_metadata(metadata);
                    writer.append_key_value_metadata(KeyValue::new(
                        ARROW_SCHEMA_META_KEY.to_string(),
                        encode_arrow_schema(&with_geo),
                    ));
                }
                writer.append_key_value_metadata(KeyValue::new("geo".to_string(), geo));
                writer.close().await?;
                Ok(rows)
            });
        }
        let mut total = 0;
        while let Some(result) = tasks.join_next().await {
            match result {
                Ok(rows) => total += rows?,
                Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
                Err(e) => return Err(DataFusionError::ExecutionJoin(Box::new(e))),
            }
        }
        demux_task
            .join_unwind()
            .await
            .map_err(|e| DataFusionError::ExecutionJoin(Box::new(e)))??;
        Ok(total)
    }
}

/// The writer properties of the geometry columns, unless the `COPY` options set them for
/// the column. WKB values are (nearly) all distinct: a dictionary only costs the hashing of
/// every value before the writer falls back to plain encoding, so it is off. The values are
/// DELTA_BYTE_ARRAY encoded: each value's prefix shared with the one before (at least the
/// byte order and type header, 5 bytes of a 21-byte point) is stored as a length, so the
/// compressor sees only the coordinates. (With the headers left in, zstd finds a short match
/// in every value and takes about twice the time over the same bytes.) And they get no
/// min/max statistics: byte-wise bounds of WKB mean nothing, and Parquet's own GEOMETRY
/// type (WKB) says its sort order is undefined and no min/max should be written (the `geo`
/// bbox and the `covering` column are the spatial statistics). The coordinates of native
/// points are distinct doubles: no dictionary either (their column paths are
/// `<column>.x`, `<column>.y`), and they keep their min/max statistics.
fn geometry_column_properties(
    mut builder: WriterPropertiesBuilder,
    options: &TableParquetOptions,
    schema: &SchemaRef,
    columns: &[String],
) -> Result<datafusion::parquet::file::properties::WriterProperties> {
    for c in columns {
        let encoding = encoding_of(schema.field_with_name(c)?)?;
        let paths: Vec<Vec<String>> = match encoding {
            Some(GeoEncoding::Wkb) => vec![vec![c.clone()]],
            Some(e) => e
                .coordinates()
                .iter()
                .map(|f| vec![c.clone(), f.to_string()])
                .collect(),
            None => vec![],
        };
        for path in paths {
            let own = options.column_specific_options.get(&path.join("."));
            let path = ColumnPath::new(path);
            if own.is_none_or(|o| o.dictionary_enabled.is_none()) {
                builder = builder.set_column_dictionary_enabled(path.clone(), false);
            }
            if encoding != Some(GeoEncoding::Wkb) {
                continue;
            }
            if own.is_none_or(|o| o.statistics_enabled.is_none()) {
                builder =
                    builder.set_column_statistics_enabled(path.clone(), EnabledStatistics::None);
            }
            if own.is_none_or(|o| o.encoding.is_none()) && options.global.encoding.is_none() {
                builder = builder.set_column_encoding(path, Encoding::DELTA_BYTE_ARRAY);
            }
        }
    }
    Ok(builder.build())
}
