//! [`SynthPhysicalCodec`]: the physical extension codec that carries this crate's plans
//! (synthetic and TPC-H scans, the GeoParquet sink) from the scheduler to the executors,
//! delegating everything else to an inner codec (Ballista's by default).
//!
//! A scan travels as its table's recipe, projection, selected rows, limit and the rows of
//! each partition, so an executor generates exactly the rows the scheduler planned. Runtime
//! filters (a hash join's dynamic filter pushed into the scan) are not sent: they only skip
//! rows the join drops anyway.

use std::sync::Arc;

use ballista_core::serde::BallistaPhysicalExtensionCodec;
use datafusion::arrow::compute::SortOptions;
use datafusion::common::{DataFusionError, Result, internal_err, not_impl_err};
use datafusion::config::TableParquetOptions;
use datafusion::datasource::file_format::parquet::ParquetSink;
use datafusion::datasource::physical_plan::{FileSink, FileSinkConfig};
use datafusion::datasource::sink::DataSinkExec;
use datafusion::execution::TaskContext;
use datafusion::physical_expr::{LexRequirement, PhysicalExpr, PhysicalSortRequirement};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::expressions::Column;
use datafusion_proto::physical_plan::{PhysicalExtensionCodec, PhysicalProtoConverterExtension};
use datafusion_proto::protobuf;
use prost::Message as _;
use serde::{Deserialize, Serialize};

use super::logical_codec::ChangeRecipe;
use super::parallel_copy::{CountSumExec, PartitionWriteExec, Writer};
use super::range_scan::RangeScanExec;
use super::recipe::{TableRecipe, build};
use super::wire::{Payload, read, write_inner, write_ours};
use crate::exec::{
    ChangeExec, PartExec, RowRanges, SyntheticExec, TpcdsExec, TpchExec, as_range_leaf,
};
use crate::geoparquet::GeoParquetSink;
use crate::table::parts::BenchmarkTable;
use crate::table::tpcds::{TpcdsTable, TpcdsTableKind};
use crate::table::tpch::{TpchTable, TpchTableKind};

/// Row ranges as `(start, end)` pairs.
type Ranges = Vec<(u64, u64)>;

/// A [`PartExec`]: a benchmark table's recipe and the parts of each partition.
#[derive(Debug, Serialize, Deserialize)]
struct PartScan {
    table: String,
    scale_factor: f64,
    projection: Option<Vec<usize>>,
    /// Rows dropped from the front of the first part (an `OFFSET` inside it).
    skip: u64,
    fetch: Option<usize>,
    /// The parts of each partition.
    partitions: Vec<Ranges>,
}

impl PartScan {
    /// The message of `scan`.
    fn of<T: BenchmarkTable>(scan: &PartExec<T>) -> Self {
        PartScan {
            table: scan.table().table_name().to_string(),
            scale_factor: scan.table().scale_factor(),
            projection: scan.projection().map(<[usize]>::to_vec),
            skip: scan.skip(),
            fetch: scan.fetch(),
            partitions: scan.partition_ranges().iter().map(to_pairs).collect(),
        }
    }

    /// The scan of `table` (the message's table, looked up by the caller).
    fn build<T: BenchmarkTable>(self, table: T) -> Result<Arc<dyn ExecutionPlan>> {
        let parts = self.partitions.iter().map(from_pairs).collect();
        Ok(Arc::new(PartExec::with_partitions(
            table,
            self.projection,
            self.skip,
            self.fetch,
            parts,
        )?))
    }
}

/// Our physical messages.
#[derive(Debug, Serialize, Deserialize)]
enum Message {
    /// A [`SyntheticExec`].
    SyntheticScan {
        table: TableRecipe,
        projection: Option<Vec<usize>>,
        selected: Ranges,
        fetch: Option<usize>,
        partitions: Vec<Ranges>,
    },
    /// A [`TpchExec`].
    TpchScan(PartScan),
    /// A [`TpcdsExec`].
    TpcdsScan(PartScan),
    /// A [`PartitionWriteExec`] (its input is the node's child).
    PartitionWrite {
        sink: SinkConfig,
        /// The GeoParquet geometry columns and covering; none for plain Parquet.
        geo: Option<(Vec<String>, bool)>,
    },
    /// A [`CountSumExec`].
    CountSum,
    /// A [`ChangeExec`].
    ChangeScan {
        view: ChangeRecipe,
        projection: Option<Vec<usize>>,
        skip: u64,
        fetch: Option<usize>,
        partitions: Vec<Ranges>,
    },
    /// A [`RangeScanExec`]: the scan (its partitions unused) over the child's ranges.
    RangeScan { leaf: Box<Message> },
    /// A `DataSinkExec` writing through [`GeoParquetSink`] (its input is the node's child).
    GeoParquetSink {
        sink: SinkConfig,
        columns: Vec<String>,
        covering: bool,
        /// The input order the write requires, as column requirements.
        sort_order: Option<Vec<SortColumn>>,
    },
}

/// A sink configuration and Parquet options as DataFusion's `ParquetSink` message, with
/// the URL as written (the message does not carry it).
#[derive(Debug, Serialize, Deserialize)]
struct SinkConfig {
    parquet_sink: Vec<u8>,
    original_url: String,
}

impl SinkConfig {
    fn encode(config: &FileSinkConfig, options: &TableParquetOptions) -> Result<Self> {
        let parquet = ParquetSink::new(config.clone(), options.clone());
        Ok(SinkConfig {
            parquet_sink: protobuf::ParquetSink::try_from(&parquet)?.encode_to_vec(),
            original_url: config.original_url.clone(),
        })
    }

    fn decode(&self) -> Result<(FileSinkConfig, TableParquetOptions)> {
        let proto = protobuf::ParquetSink::decode(self.parquet_sink.as_slice())
            .map_err(|e| DataFusionError::Internal(format!("Parquet sink message: {e}")))?;
        let parquet = ParquetSink::try_from(&proto)?;
        let mut config = parquet.config().clone();
        config.original_url = self.original_url.clone();
        Ok((config, parquet.parquet_options().clone()))
    }
}

/// One column of a sort requirement.
#[derive(Debug, Serialize, Deserialize)]
struct SortColumn {
    name: String,
    index: usize,
    /// `(descending, nulls_first)`, or none when any order of the column is fine.
    options: Option<(bool, bool)>,
}

fn encode_sort(order: &Option<LexRequirement>) -> Result<Option<Vec<SortColumn>>> {
    let Some(order) = order else {
        return Ok(None);
    };
    order
        .iter()
        .map(|r| match r.expr.downcast_ref::<Column>() {
            Some(c) => Ok(SortColumn {
                name: c.name().to_string(),
                index: c.index(),
                options: r.options.map(|o| (o.descending, o.nulls_first)),
            }),
            None => not_impl_err!(
                "GeoParquet: a write that requires its input sorted by {} (not a column) cannot be sent to a cluster",
                r.expr
            ),
        })
        .collect::<Result<Vec<_>>>()
        .map(Some)
}

fn decode_sort(order: Option<Vec<SortColumn>>) -> Option<LexRequirement> {
    LexRequirement::new(order?.into_iter().map(|c| {
        let expr: Arc<dyn PhysicalExpr> = Arc::new(Column::new(&c.name, c.index));
        PhysicalSortRequirement::new(
            expr,
            c.options.map(|(descending, nulls_first)| SortOptions {
                descending,
                nulls_first,
            }),
        )
    }))
}

/// The physical extension codec of this crate, around `inner`.
#[derive(Debug)]
pub struct SynthPhysicalCodec {
    inner: Arc<dyn PhysicalExtensionCodec>,
}

impl Default for SynthPhysicalCodec {
    /// Around Ballista's physical codec.
    fn default() -> Self {
        Self::new(Arc::new(BallistaPhysicalExtensionCodec::default()))
    }
}

impl SynthPhysicalCodec {
    /// Our codec, delegating what is not ours to `inner`.
    pub fn new(inner: Arc<dyn PhysicalExtensionCodec>) -> Self {
        SynthPhysicalCodec { inner }
    }
}

fn to_pairs(r: &RowRanges) -> Ranges {
    r.ranges().iter().map(|r| (r.start, r.end)).collect()
}

fn from_pairs(p: &Ranges) -> RowRanges {
    RowRanges::from_ranges(p.iter().map(|&(s, e)| s..e).collect())
}

fn encode_message(node: &Arc<dyn ExecutionPlan>) -> Result<Option<Message>> {
    if let Some(w) = node.downcast_ref::<PartitionWriteExec>() {
        return Ok(Some(Message::PartitionWrite {
            sink: SinkConfig::encode(&w.config, &w.options)?,
            geo: match &w.writer {
                Writer::Parquet => None,
                Writer::Geo { columns, covering } => Some((columns.clone(), *covering)),
            },
        }));
    }
    if node.is::<CountSumExec>() {
        return Ok(Some(Message::CountSum));
    }
    if let Some(range_scan) = node.downcast_ref::<RangeScanExec>() {
        let leaf = range_scan.leaf().as_plan();
        let Some(leaf) = encode_message(&leaf)? else {
            return internal_err!("datafusion-synth codec: a range scan's leaf is ours");
        };
        return Ok(Some(Message::RangeScan {
            leaf: Box::new(leaf),
        }));
    }
    if let Some(scan) = node.downcast_ref::<SyntheticExec>() {
        return Ok(Some(Message::SyntheticScan {
            table: TableRecipe::of(scan.table())?,
            projection: scan.projection().map(<[usize]>::to_vec),
            selected: to_pairs(scan.selected()),
            fetch: scan.fetch(),
            partitions: scan.partition_ranges().iter().map(to_pairs).collect(),
        }));
    }
    if let Some(scan) = node.downcast_ref::<TpchExec>() {
        return Ok(Some(Message::TpchScan(PartScan::of(scan))));
    }
    if let Some(scan) = node.downcast_ref::<TpcdsExec>() {
        return Ok(Some(Message::TpcdsScan(PartScan::of(scan))));
    }
    if let Some(scan) = node.downcast_ref::<ChangeExec>() {
        return Ok(Some(Message::ChangeScan {
            view: ChangeRecipe::of(scan.table())?,
            projection: scan.projection().map(<[usize]>::to_vec),
            skip: scan.skip(),
            fetch: scan.fetch(),
            partitions: scan.partition_ranges().iter().map(to_pairs).collect(),
        }));
    }
    if let Some(sink_exec) = node.downcast_ref::<DataSinkExec>()
        && let Some(sink) = sink_exec.sink().downcast_ref::<GeoParquetSink>()
    {
        return Ok(Some(Message::GeoParquetSink {
            sink: SinkConfig::encode(&sink.config, &sink.options)?,
            columns: sink.columns.clone(),
            covering: sink.covering,
            sort_order: encode_sort(sink_exec.sort_order())?,
        }));
    }
    Ok(None)
}

fn decode_message(
    message: Message,
    inputs: &[Arc<dyn ExecutionPlan>],
) -> Result<Arc<dyn ExecutionPlan>> {
    let one_input = |what: &str| match inputs {
        [input] => Ok(Arc::clone(input)),
        _ => internal_err!(
            "datafusion-synth codec: {what} has one input, got {}",
            inputs.len()
        ),
    };
    Ok(match message {
        Message::PartitionWrite { sink, geo } => {
            let (config, options) = sink.decode()?;
            let writer = match geo {
                None => Writer::Parquet,
                Some((columns, covering)) => Writer::Geo { columns, covering },
            };
            Arc::new(PartitionWriteExec::new(
                one_input("a partition write")?,
                config,
                options,
                writer,
            ))
        }
        Message::CountSum => Arc::new(CountSumExec::new(one_input("a count sum")?)),
        Message::RangeScan { leaf } => {
            let [input] = inputs else {
                return internal_err!(
                    "datafusion-synth codec: a range scan has one input, got {}",
                    inputs.len()
                );
            };
            let scan = decode_message(*leaf, &[])?;
            let Some(leaf) = as_range_leaf(scan.as_ref()) else {
                return internal_err!("datafusion-synth codec: a range scan's leaf is a scan");
            };
            Arc::new(RangeScanExec::with_input(leaf, Arc::clone(input))?)
        }
        Message::SyntheticScan {
            table,
            projection,
            selected,
            fetch,
            partitions,
        } => Arc::new(SyntheticExec::with_partitions(
            build(&table)?,
            projection,
            from_pairs(&selected),
            fetch,
            partitions.iter().map(from_pairs).collect(),
        )?),
        Message::TpchScan(scan) => {
            let table =
                TpchTable::try_new(TpchTableKind::from_name(&scan.table)?, scan.scale_factor)?;
            scan.build(table)?
        }
        Message::TpcdsScan(scan) => {
            let table =
                TpcdsTable::try_new(TpcdsTableKind::from_name(&scan.table)?, scan.scale_factor)?;
            scan.build(table)?
        }
        Message::ChangeScan {
            view,
            projection,
            skip,
            fetch,
            partitions,
        } => {
            let parts = partitions.iter().map(from_pairs).collect();
            Arc::new(PartExec::with_partitions(
                view.build()?,
                projection,
                skip,
                fetch,
                parts,
            )?)
        }
        Message::GeoParquetSink {
            sink,
            columns,
            covering,
            sort_order,
        } => {
            let (config, options) = sink.decode()?;
            let sink = GeoParquetSink {
                config,
                options,
                columns,
                covering,
            };
            Arc::new(DataSinkExec::new(
                one_input("a GeoParquet sink")?,
                Arc::new(sink),
                decode_sort(sort_order),
            ))
        }
    })
}

impl PhysicalExtensionCodec for SynthPhysicalCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[Arc<dyn ExecutionPlan>],
        ctx: &TaskContext,
        proto_converter: &dyn PhysicalProtoConverterExtension,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        match read::<Message>(buf)? {
            Payload::Inner(b) => self.inner.try_decode(b, inputs, ctx, proto_converter),
            Payload::Ours(m) => decode_message(m, inputs),
        }
    }

    fn try_encode(
        &self,
        node: Arc<dyn ExecutionPlan>,
        buf: &mut Vec<u8>,
        proto_converter: &dyn PhysicalProtoConverterExtension,
    ) -> Result<()> {
        match encode_message(&node)? {
            Some(m) => write_ours(&m, buf),
            None => write_inner(buf, |b| self.inner.try_encode(node, b, proto_converter)),
        }
    }
}
