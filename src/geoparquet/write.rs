//! [`write_geoparquet`]: the Rust-API counterpart of SQL `COPY … TO '….parquet'`, writing
//! GeoParquet `geo` metadata for geometry columns (`geoarrow.wkb`, native `geoarrow.point`),
//! which `DataFrame::write_parquet` does not.

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::common::Result;
use datafusion::config::TableParquetOptions;
use datafusion::datasource::file_format::format_as_file_type;
use datafusion::datasource::file_format::parquet::ParquetFormatFactory;
use datafusion::logical_expr::LogicalPlanBuilder;
use datafusion::prelude::DataFrame;

use super::format::GeoParquetFormatFactory;

/// Writes `df` to `path` as Parquet through the same sink as SQL `COPY`: a table with
/// geometry columns (`geoarrow.wkb` or native `geoarrow.point`, e.g. from `spider(...)`)
/// gets the GeoParquet 1.1 `geo` metadata (encoding, geometry types, exact bbox); any other table is written exactly as
/// `DataFrame::write_parquet` would. Use this instead of `DataFrame::write_parquet`, which
/// always uses DataFusion's plain Parquet format and so writes no `geo` metadata.
///
/// `path` is a file if it ends in `.parquet`, else a directory (as for `COPY`);
/// `partition_by` names Hive partition columns (as `COPY … PARTITIONED BY`);
/// `writer_options` default to the session's `datafusion.execution.parquet.*` settings.
/// Returns the `count` batch of `COPY` (one row: the number of rows written).
///
/// ```no_run
/// # async fn f() -> datafusion::common::Result<()> {
/// let ctx = datafusion::prelude::SessionContext::new();
/// datafusion_synth::register_all(&ctx)?;
/// let df = ctx.sql("SELECT * FROM spider('uniform', 1000)").await?;
/// datafusion_synth::geoparquet::write_geoparquet(df, "/tmp/points.parquet", vec![], None).await?;
/// # Ok(()) }
/// ```
pub async fn write_geoparquet(
    df: DataFrame,
    path: &str,
    partition_by: Vec<String>,
    writer_options: Option<TableParquetOptions>,
) -> Result<Vec<RecordBatch>> {
    let inner = match writer_options {
        Some(options) => ParquetFormatFactory::new_with_options(options),
        None => ParquetFormatFactory::new(),
    };
    let file_type = format_as_file_type(Arc::new(GeoParquetFormatFactory::wrap(inner)));
    let (state, plan) = df.into_parts();
    let plan =
        LogicalPlanBuilder::copy_to(plan, path.into(), file_type, HashMap::new(), partition_by)?
            .build()?;
    DataFrame::new(state, plan).collect().await
}
