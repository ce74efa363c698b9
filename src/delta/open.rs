//! Opening a Delta table (at its latest version, a version, or the version current at a time)
//! and creating one from an Arrow schema.

use datafusion::arrow::compute::kernels::cast_utils::string_to_timestamp_nanos;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::temporal_conversions::timestamp_ms_to_datetime;
use datafusion::common::{DataFusionError, Result, plan_err};
use deltalake::protocol::SaveMode;
use deltalake::{DeltaTable, DeltaTableBuilder, DeltaTableError};
use futures::{StreamExt, TryStreamExt};

use super::geometry::delta_columns;
use super::location::{DeltaLocation, local_dir};
use super::settings::{DeltaSettings, ReadAt};

/// A delta-rs error as a DataFusion error naming the table.
pub(crate) fn delta_error(loc: &DeltaLocation, e: DeltaTableError) -> DataFusionError {
    DataFusionError::Execution(format!("Delta table at '{}': {e}", loc.shown))
}

fn builder(loc: &DeltaLocation, settings: &DeltaSettings) -> Result<DeltaTableBuilder> {
    Ok(DeltaTableBuilder::from_url(loc.url.clone())
        .map_err(|e| delta_error(loc, e))?
        .with_storage_options(settings.storage.clone()))
}

/// Opens the Delta table at `loc` as `settings.read_at` asks, or `None` when there is none
/// (and nothing else is there either). A location holding other files, a version that does
/// not exist and a time before the first commit are errors naming the location.
pub async fn open_table(
    loc: &DeltaLocation,
    settings: &DeltaSettings,
) -> Result<Option<DeltaTable>> {
    if let Some(dir) = local_dir(&loc.url)
        && dir.exists()
        && !dir.is_dir()
    {
        return plan_err!(
            "Delta: LOCATION '{}' is a file, not a directory; a Delta table is a directory",
            loc.shown
        );
    }
    let absent_dir = local_dir(&loc.url).is_some_and(|d| !d.exists());
    if absent_dir {
        return nothing_at(loc, settings);
    }
    let mut table = builder(loc, settings)?
        .build()
        .map_err(|e| delta_error(loc, e))?;
    match table.load().await {
        Ok(()) => {}
        Err(DeltaTableError::NotATable(_)) => {
            check_nothing_there(&table, loc).await?;
            return nothing_at(loc, settings);
        }
        Err(e) => return Err(delta_error(loc, e)),
    }
    match &settings.read_at {
        ReadAt::Latest => {}
        ReadAt::Version(v) => {
            let latest = table.version().unwrap_or(0);
            if *v > latest {
                return plan_err!(
                    "Delta: invalid value for 'version': {v}; the table at '{}' has versions 0 to {latest}",
                    loc.shown
                );
            }
            table
                .load_version(*v)
                .await
                .map_err(|e| delta_error(loc, e))?;
        }
        ReadAt::Timestamp(t) => {
            let invalid = |e: &dyn std::fmt::Display| {
                DataFusionError::Plan(format!(
                    "Delta: invalid value for 'timestamp': '{t}'; allowed: an RFC 3339 time such as '2026-01-31T12:00:00Z' ({e})"
                ))
            };
            let ms = string_to_timestamp_nanos(t).map_err(|e| invalid(&e))? / 1_000_000;
            let first = first_commit_ms(&table, loc).await?;
            if let Some(f) = first.filter(|f| ms < *f) {
                let shown = timestamp_ms_to_datetime(f)
                    .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
                    .unwrap_or_else(|| format!("{f} ms since the epoch"));
                return plan_err!(
                    "Delta: no version of the table at '{}' at timestamp '{t}': its first commit is at {shown}",
                    loc.shown
                );
            }
            table = builder(loc, settings)?
                .with_datestring(t)
                .map_err(|e| invalid(&e))?
                .load()
                .await
                .map_err(|e| delta_error(loc, e))?;
        }
    }
    Ok(Some(table))
}

/// The time of the oldest commit still in the log (ms since the epoch).
async fn first_commit_ms(table: &DeltaTable, loc: &DeltaLocation) -> Result<Option<i64>> {
    let infos: Vec<_> = table
        .history(None)
        .try_collect()
        .await
        .map_err(|e| delta_error(loc, e))?;
    Ok(infos.last().and_then(|i| i.timestamp))
}

/// No table at `loc`: fine unless a version or time of it was asked for.
fn nothing_at(loc: &DeltaLocation, settings: &DeltaSettings) -> Result<Option<DeltaTable>> {
    if settings.read_at.is_pinned() {
        return plan_err!(
            "Delta: no Delta table at '{}' to read at {}",
            loc.shown,
            settings.read_at.describe()
        );
    }
    Ok(None)
}

/// A location that is not a Delta table must hold nothing, so that a table is never created
/// over (or mixed into) someone else's files.
async fn check_nothing_there(table: &DeltaTable, loc: &DeltaLocation) -> Result<()> {
    let store = table.log_store().object_store(None);
    let first = store.list(None).next().await;
    match first {
        None => Ok(()),
        Some(Err(deltalake::ObjectStoreError::NotFound { .. })) => Ok(()),
        Some(Err(e)) => Err(DataFusionError::Execution(format!(
            "Delta: cannot list LOCATION '{}': {e}",
            loc.shown
        ))),
        Some(Ok(meta)) => plan_err!(
            "Delta: LOCATION '{}' is not a Delta table (it has no _delta_log) but holds other files, e.g. '{}'; use an empty or new directory",
            loc.shown,
            meta.location
        ),
    }
}

/// Creates a Delta table at `loc` with the columns of `schema` (version 0, no rows), the
/// partition columns and table properties of `settings`.
pub async fn create_table(
    loc: &DeltaLocation,
    schema: &SchemaRef,
    settings: &DeltaSettings,
) -> Result<DeltaTable> {
    for p in &settings.partition_columns {
        if schema.field_with_name(p).is_err() {
            let columns = schema
                .fields()
                .iter()
                .map(|f| f.name().as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return plan_err!(
                "Delta: PARTITIONED BY column '{p}' is not a column of the table; columns: {columns}"
            );
        }
    }
    if schema.fields().is_empty() {
        return plan_err!("Delta: a table needs at least one column");
    }
    let columns = delta_columns(schema)?;
    if let Some(dir) = local_dir(&loc.url) {
        std::fs::create_dir_all(&dir).map_err(|e| {
            DataFusionError::Execution(format!(
                "Delta: cannot create the directory of LOCATION '{}': {e}",
                loc.shown
            ))
        })?;
    }
    let table = builder(loc, settings)?
        .build()
        .map_err(|e| delta_error(loc, e))?;
    table
        .create()
        .with_columns(columns)
        .with_partition_columns(settings.partition_columns.clone())
        .with_configuration(settings.configuration.clone())
        .with_save_mode(SaveMode::ErrorIfExists)
        .await
        .map_err(|e| delta_error(loc, e))
}
