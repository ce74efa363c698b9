//! The `png` file format: `COPY (…) TO 'x.png' [STORED AS PNG] [OPTIONS (…)]` plans a
//! [`RenderExec`]. It is an output format only: reading a PNG as a table is an error.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::Session;
use datafusion::common::{GetExt, Result, not_impl_err, plan_err};
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::file_format::{FileFormat, FileFormatFactory};
use datafusion::datasource::physical_plan::{
    FileScanConfig, FileSinkConfig, FileSource, JsonSource,
};
use datafusion::datasource::table_schema::TableSchema;
use datafusion::logical_expr::dml::InsertOp;
use datafusion::object_store::{ObjectMeta, ObjectStore};
use datafusion::physical_expr::LexRequirement;
use datafusion::physical_plan::ExecutionPlan;

use super::exec::{RenderExec, Target};
use super::options::RenderOptions;

/// The extension and `STORED AS` name.
pub const PNG_EXT: &str = "png";

/// Makes a [`PngFormat`] from `COPY` options.
#[derive(Debug, Default)]
pub struct PngFormatFactory;

impl GetExt for PngFormatFactory {
    fn get_ext(&self) -> String {
        PNG_EXT.to_string()
    }
}

impl FileFormatFactory for PngFormatFactory {
    fn create(
        &self,
        _state: &dyn Session,
        format_options: &HashMap<String, String>,
    ) -> Result<Arc<dyn FileFormat>> {
        Ok(Arc::new(PngFormat {
            options: RenderOptions::from_options(format_options)?,
        }))
    }

    fn default(&self) -> Arc<dyn FileFormat> {
        Arc::new(PngFormat {
            options: RenderOptions::default(),
        })
    }
}

/// A picture of a query's rows (see the module documentation).
#[derive(Debug)]
pub struct PngFormat {
    options: RenderOptions,
}

impl fmt::Display for PngFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PNG")
    }
}

fn write_only<T>() -> Result<T> {
    not_impl_err!("PNG is an output format of COPY; it cannot be read as a table")
}

#[async_trait]
impl FileFormat for PngFormat {
    fn get_ext(&self) -> String {
        PNG_EXT.to_string()
    }

    fn get_ext_with_compression(&self, c: &FileCompressionType) -> Result<String> {
        if c.is_compressed() {
            return plan_err!("PNG: compression options do not apply to PNG output");
        }
        Ok(self.get_ext())
    }

    fn compression_type(&self) -> Option<FileCompressionType> {
        None
    }

    async fn infer_schema(
        &self,
        _state: &dyn Session,
        _store: &Arc<dyn ObjectStore>,
        _objects: &[ObjectMeta],
    ) -> Result<SchemaRef> {
        write_only()
    }

    async fn infer_stats(
        &self,
        _state: &dyn Session,
        _store: &Arc<dyn ObjectStore>,
        _table_schema: SchemaRef,
        _object: &ObjectMeta,
    ) -> Result<datafusion::common::Statistics> {
        write_only()
    }

    async fn create_physical_plan(
        &self,
        _state: &dyn Session,
        _conf: FileScanConfig,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        write_only()
    }

    async fn create_writer_physical_plan(
        &self,
        input: Arc<dyn ExecutionPlan>,
        _state: &dyn Session,
        conf: FileSinkConfig,
        _order_requirements: Option<LexRequirement>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let shown = conf.original_url.clone();
        if conf.insert_op != InsertOp::Append {
            return not_impl_err!("PNG: only COPY writes PNG images (no INSERT OVERWRITE)");
        }
        if !conf.table_partition_cols.is_empty() {
            return plan_err!(
                "PNG: PARTITIONED BY does not apply to an image; allowed: COPY (…) TO 'file.png'"
            );
        }
        let Some(url) = conf.table_paths.first() else {
            return plan_err!("PNG: COPY has no target");
        };
        if shown.ends_with('/') || !url.is_collection() && url.prefix().filename().is_none() {
            return plan_err!(
                "PNG: invalid value for the target: '{shown}' is a directory; allowed: one file such as 'out.png'"
            );
        }
        let target = Target {
            store: conf.object_store_url.clone(),
            path: url.prefix().clone(),
            shown,
        };
        Ok(Arc::new(RenderExec::try_new(
            input,
            self.options.clone(),
            target,
        )?))
    }

    /// Never used: PNG cannot be read (`infer_schema` refuses first).
    fn file_source(&self, table_schema: TableSchema) -> Arc<dyn FileSource> {
        Arc::new(JsonSource::new(table_schema))
    }
}

/// `CREATE EXTERNAL TABLE … STORED AS PNG`: refused with the reason (DataFusion would say
/// only that it has no factory for PNG).
#[derive(Debug, Default)]
pub struct PngTableFactory;

#[async_trait]
impl datafusion::catalog::TableProviderFactory for PngTableFactory {
    async fn create(
        &self,
        _state: &dyn Session,
        _cmd: &datafusion::logical_expr::CreateExternalTable,
    ) -> Result<Arc<dyn datafusion::catalog::TableProvider>> {
        write_only()
    }
}
