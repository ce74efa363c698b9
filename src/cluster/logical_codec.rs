//! [`SynthLogicalCodec`]: the logical extension codec that carries synthetic tables (and
//! TPC-H tables, and the GeoParquet file format of `COPY`) from a Ballista client to the
//! scheduler, delegating everything else to an inner codec (Ballista's by default).

use std::sync::Arc;

use ballista_core::serde::BallistaLogicalExtensionCodec;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::TableProvider;
use datafusion::common::{Result, TableReference, internal_err};
use datafusion::datasource::file_format::FileFormatFactory;
use datafusion::datasource::file_format::parquet::ParquetFormatFactory;
use datafusion::execution::TaskContext;
use datafusion::logical_expr::{Extension, LogicalPlan};
use datafusion_proto::logical_plan::LogicalExtensionCodec;
use serde::{Deserialize, Serialize};

use super::recipe::{TableRecipe, build};
use super::wire::{Payload, read, write_inner, write_ours};
use crate::exec::{
    ChangeTableProvider, SyntheticTableProvider, TpcdsTableProvider, TpchTableProvider,
};
use crate::geoparquet::GeoParquetFormatFactory;
use crate::table::changes::{ChangeView, ViewKind};
use crate::table::parts::BenchmarkTable;
use crate::table::parts::PartTable;
use crate::table::tpcds::{TpcdsTable, TpcdsTableKind};
use crate::table::tpch::{TpchTable, TpchTableKind};

/// Our logical messages.
#[derive(Debug, Serialize, Deserialize)]
enum Message {
    /// A synthetic table provider.
    Table(TableRecipe),
    /// A TPC-H table provider.
    Tpch { table: String, scale_factor: f64 },
    /// The GeoParquet format factory around a Parquet factory (its bytes by the inner codec).
    GeoParquet { parquet: Vec<u8> },
    /// A TPC-DS table provider.
    Tpcds { table: String, scale_factor: f64 },
    /// A view of a changing table's history.
    Changes(ChangeRecipe),
}

/// A view of a changing table's history as a recipe: the table's, the view and the call
/// that made it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct ChangeRecipe {
    pub table: TableRecipe,
    pub kind: ViewKind,
    pub descriptor: String,
}

impl ChangeRecipe {
    pub(super) fn of(view: &ChangeView) -> Result<Self> {
        Ok(ChangeRecipe {
            table: TableRecipe::of(view.table())?,
            kind: view.kind().clone(),
            descriptor: view.descriptor(),
        })
    }

    pub(super) fn build(self) -> Result<ChangeView> {
        ChangeView::try_new(build(&self.table)?, self.kind, self.descriptor)
    }
}

/// The logical extension codec of this crate, around `inner`.
#[derive(Debug)]
pub struct SynthLogicalCodec {
    inner: Arc<dyn LogicalExtensionCodec>,
}

impl Default for SynthLogicalCodec {
    /// Around Ballista's logical codec.
    fn default() -> Self {
        Self::new(Arc::new(BallistaLogicalExtensionCodec::default()))
    }
}

impl SynthLogicalCodec {
    /// Our codec, delegating what is not ours to `inner`.
    pub fn new(inner: Arc<dyn LogicalExtensionCodec>) -> Self {
        SynthLogicalCodec { inner }
    }
}

impl LogicalExtensionCodec for SynthLogicalCodec {
    fn try_decode(
        &self,
        buf: &[u8],
        inputs: &[LogicalPlan],
        ctx: &TaskContext,
    ) -> Result<Extension> {
        match read::<Message>(buf)? {
            Payload::Inner(b) => self.inner.try_decode(b, inputs, ctx),
            Payload::Ours(m) => internal_err!("datafusion-synth codec: {m:?} is not a plan node"),
        }
    }

    fn try_encode(&self, node: &Extension, buf: &mut Vec<u8>) -> Result<()> {
        write_inner(buf, |b| self.inner.try_encode(node, b))
    }

    fn try_decode_table_provider(
        &self,
        buf: &[u8],
        table_ref: &TableReference,
        schema: SchemaRef,
        ctx: &TaskContext,
    ) -> Result<Arc<dyn TableProvider>> {
        match read::<Message>(buf)? {
            Payload::Inner(b) => self
                .inner
                .try_decode_table_provider(b, table_ref, schema, ctx),
            Payload::Ours(Message::Table(recipe)) => {
                Ok(Arc::new(SyntheticTableProvider::new(build(&recipe)?)))
            }
            Payload::Ours(Message::Tpch {
                table,
                scale_factor,
            }) => Ok(Arc::new(TpchTableProvider::new(TpchTable::try_new(
                TpchTableKind::from_name(&table)?,
                scale_factor,
            )?))),
            Payload::Ours(Message::Tpcds {
                table,
                scale_factor,
            }) => Ok(Arc::new(TpcdsTableProvider::new(TpcdsTable::try_new(
                TpcdsTableKind::from_name(&table)?,
                scale_factor,
            )?))),
            Payload::Ours(Message::Changes(recipe)) => {
                Ok(Arc::new(ChangeTableProvider::new(recipe.build()?)))
            }
            Payload::Ours(m) => {
                internal_err!("datafusion-synth codec: {m:?} is not a table provider")
            }
        }
    }

    fn try_encode_table_provider(
        &self,
        table_ref: &TableReference,
        node: Arc<dyn TableProvider>,
        buf: &mut Vec<u8>,
    ) -> Result<()> {
        if let Some(p) = node.downcast_ref::<SyntheticTableProvider>() {
            return write_ours(&Message::Table(TableRecipe::of(p.table())?), buf);
        }
        if let Some(p) = node.downcast_ref::<TpchTableProvider>() {
            let message = Message::Tpch {
                table: p.table().kind().name().to_string(),
                scale_factor: p.table().scale_factor(),
            };
            return write_ours(&message, buf);
        }
        if let Some(p) = node.downcast_ref::<ChangeTableProvider>() {
            return write_ours(&Message::Changes(ChangeRecipe::of(p.table())?), buf);
        }
        if let Some(p) = node.downcast_ref::<TpcdsTableProvider>() {
            let message = Message::Tpcds {
                table: p.table().table_name().to_string(),
                scale_factor: p.table().scale_factor(),
            };
            return write_ours(&message, buf);
        }
        #[cfg(feature = "delta")]
        if let Some(p) = node.downcast_ref::<crate::delta::DeltaTableProvider>() {
            return datafusion::common::plan_err!(
                "Delta table '{table_ref}' (at '{}') cannot be read or written on the cluster: a Delta write commits its files once, from one process, and Ballista 55 gives the client no way to collect the files its executors write; run Delta statements without --cluster (generation still runs on every core of this machine)",
                p.location().shown
            );
        }
        #[cfg(feature = "iceberg")]
        if let Some(p) = node.downcast_ref::<crate::iceberg::IcebergTableProvider>() {
            return datafusion::common::plan_err!(
                "Iceberg table '{table_ref}' (at '{}') cannot be read or written on the cluster: an Iceberg insert commits its files as one snapshot from one process, and Ballista 55 gives the client no way to collect the files its executors write; run Iceberg statements without --cluster (generation still runs on every core of this machine)",
                p.location().shown
            );
        }
        write_inner(buf, |b| {
            self.inner.try_encode_table_provider(table_ref, node, b)
        })
    }

    fn try_decode_file_format(
        &self,
        buf: &[u8],
        ctx: &TaskContext,
    ) -> Result<Arc<dyn FileFormatFactory>> {
        match read::<Message>(buf)? {
            Payload::Inner(b) => self.inner.try_decode_file_format(b, ctx),
            Payload::Ours(Message::GeoParquet { parquet }) => {
                let inner = self.inner.try_decode_file_format(&parquet, ctx)?;
                let Some(parquet) = inner.downcast_ref::<ParquetFormatFactory>() else {
                    return internal_err!(
                        "datafusion-synth codec: the GeoParquet format wraps a Parquet format, got {inner:?}"
                    );
                };
                let parquet = match &parquet.options {
                    Some(o) => ParquetFormatFactory::new_with_options(o.clone()),
                    None => ParquetFormatFactory::new(),
                };
                Ok(Arc::new(GeoParquetFormatFactory::wrap(parquet)))
            }
            Payload::Ours(m) => internal_err!("datafusion-synth codec: {m:?} is not a file format"),
        }
    }

    fn try_encode_file_format(
        &self,
        buf: &mut Vec<u8>,
        node: Arc<dyn FileFormatFactory>,
    ) -> Result<()> {
        if let Some(geo) = node.downcast_ref::<GeoParquetFormatFactory>() {
            let parquet = Arc::new(match &geo.parquet().options {
                Some(o) => ParquetFormatFactory::new_with_options(o.clone()),
                None => ParquetFormatFactory::new(),
            });
            let mut bytes = Vec::new();
            self.inner.try_encode_file_format(&mut bytes, parquet)?;
            return write_ours(&Message::GeoParquet { parquet: bytes }, buf);
        }
        #[cfg(feature = "render")]
        if node
            .downcast_ref::<crate::render::PngFormatFactory>()
            .is_some()
        {
            return datafusion::common::not_impl_err!(
                "COPY … TO a PNG image cannot run on the cluster: the image is drawn and written by one process; run it without --cluster (drawing still uses every core of this machine)"
            );
        }
        write_inner(buf, |b| self.inner.try_encode_file_format(b, node))
    }
}
