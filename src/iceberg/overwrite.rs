//! `INSERT OVERWRITE` of an Iceberg table: one `overwrite` snapshot that adds the new data
//! files and deletes every live file of the snapshot it replaces, committed by swapping the
//! table's metadata pointer in its SQL catalog.
//!
//! The `iceberg` crate 0.10 commits appends only (its overwrite action and the builder of a
//! free-form catalog commit are crate-private), so the snapshot is assembled here from the
//! crate's public writers — manifests ([`ManifestWriterBuilder`]), the manifest list
//! ([`ManifestListWriter`]), the summary ([`SnapshotSummaryCollector`]) and the new metadata
//! ([`TableMetadataBuilder`], written by the crate) — and the commit is the compare-and-swap
//! the crate's SQL catalog itself runs: the row of the table in `iceberg_tables` moves to the
//! new metadata file only if it still names the one this snapshot was built on. The replaced
//! snapshot stays in the history (time travel reads it); its files are not deleted.

use std::collections::HashMap;
use std::str::FromStr;

use datafusion::common::{DataFusionError, Result, plan_err};
use iceberg::io::FileIO;
use iceberg::spec::{
    DataFile, FormatVersion, MAIN_BRANCH, ManifestContentType, ManifestFile, ManifestListWriter,
    ManifestWriter, ManifestWriterBuilder, Operation, PartitionSpecRef, SchemaRef, Snapshot,
    SnapshotSummaryCollector, Summary, TableMetadata, TableMetadataBuilder,
};
use iceberg::table::Table;
use iceberg::{Catalog, MetadataLocation, TableIdent};
use sqlx::{ConnectOptions, sqlite::SqliteConnectOptions};

/// The SQL catalog row that points at a table's current metadata file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlPointer {
    /// The catalog database's sqlx URI (`sqlite://…`).
    pub uri: String,
    /// The catalog's name (its rows are keyed by it).
    pub catalog_name: String,
}

fn failed(shown: &str, e: impl std::fmt::Display) -> DataFusionError {
    DataFusionError::Execution(format!("Iceberg table '{shown}': INSERT OVERWRITE: {e}"))
}

/// Builds the overwrite snapshot of `files` on table `ident` of `catalog` as loaded now and
/// swaps the pointer (`shown` names the table in errors).
/// `Ok(false)` when another commit moved the pointer first (nothing is then visible, and the
/// metadata files written for the attempt are deleted).
pub(crate) async fn try_overwrite(
    catalog: &dyn Catalog,
    ident: &TableIdent,
    shown: &str,
    pointer: &SqlPointer,
    files: &[DataFile],
    properties: &HashMap<String, String>,
) -> Result<bool> {
    let table = catalog
        .load_table(ident)
        .await
        .map_err(|e| failed(shown, e))?;
    let meta = table.metadata();
    if meta.format_version() != FormatVersion::V2 {
        return plan_err!(
            "Iceberg table '{shown}': INSERT OVERWRITE writes format version 2 tables; this table is version {}",
            meta.format_version()
        );
    }
    let previous = table
        .metadata_location()
        .ok_or_else(|| failed(shown, "the table has no metadata file"))?
        .to_string();
    let mut written = vec![];
    let result = async {
        let snapshot = snapshot(&table, files, properties, &mut written)
            .await
            .map_err(|e| failed(shown, e))?;
        let next = TableMetadataBuilder::new_from_metadata(meta.clone(), Some(previous.clone()))
            .set_branch_snapshot(snapshot, MAIN_BRANCH)
            .and_then(|b| b.build())
            .map_err(|e| failed(shown, e))?
            .metadata;
        let location = MetadataLocation::from_str(&previous)
            .map_err(|e| failed(shown, e))?
            .with_new_metadata(&next)
            .to_string();
        written.push(location.clone());
        next.write_to(
            table.file_io(),
            &MetadataLocation::from_str(&location).map_err(|e| failed(shown, e))?,
        )
        .await
        .map_err(|e| failed(shown, e))?;
        swap(pointer, ident, &previous, &location)
            .await
            .map_err(|e| failed(shown, e))
    }
    .await;
    if !matches!(result, Ok(true)) {
        for path in written {
            let _ = table.file_io().delete(&path).await;
        }
    }
    result
}

/// Writes the manifests and the manifest list of the overwrite snapshot (their paths are
/// pushed to `written`) and returns the snapshot.
async fn snapshot(
    table: &Table,
    files: &[DataFile],
    properties: &HashMap<String, String>,
    written: &mut Vec<String>,
) -> iceberg::Result<Snapshot> {
    let meta = table.metadata();
    let io = table.file_io();
    let id = snapshot_id(meta);
    let sequence = meta.next_sequence_number();
    let schema = meta.current_schema().clone();
    let dir = format!("{}/metadata", meta.location().trim_end_matches('/'));
    let run = uuid::Uuid::now_v7();
    let mut summary = SnapshotSummaryCollector::default();
    let mut manifests: Vec<ManifestFile> = vec![];

    let spec = meta.default_partition_spec();
    let path = format!("{dir}/{run}-m0.avro");
    written.push(path.clone());
    let mut added = data_manifest(io, &path, id, &schema, spec)?;
    for file in files {
        summary.add_file(file, schema.clone(), spec.clone());
        added.add_file(file.clone(), sequence)?;
    }
    manifests.push(added.write_manifest_file().await?);

    if let Some(current) = meta.current_snapshot() {
        let list = table.manifest_list_reader(current).load().await?;
        for (i, old) in list.entries().iter().enumerate() {
            if old.content != ManifestContentType::Data {
                return Err(iceberg::Error::new(
                    iceberg::ErrorKind::FeatureUnsupported,
                    "the table has row-level delete files, which INSERT OVERWRITE does not replace",
                ));
            }
            let spec = meta
                .partition_spec_by_id(old.partition_spec_id)
                .cloned()
                .unwrap_or_else(|| spec.clone());
            let manifest = old.load_manifest(io).await?;
            let path = format!("{dir}/{run}-m{}.avro", i + 1);
            let mut deleted = data_manifest(io, &path, id, &schema, &spec)?;
            let mut any = false;
            for entry in manifest.entries().iter().filter(|e| e.is_alive()) {
                summary.remove_file(entry.data_file(), schema.clone(), spec.clone());
                deleted.add_delete_file(
                    entry.data_file().clone(),
                    entry.sequence_number().unwrap_or(old.sequence_number),
                    entry.file_sequence_number.or(Some(old.sequence_number)),
                )?;
                any = true;
            }
            if any {
                written.push(path);
                manifests.push(deleted.write_manifest_file().await?);
            }
        }
    }

    let list = format!("{dir}/snap-{id}-0-{run}.avro");
    written.push(list.clone());
    let mut writer = ManifestListWriter::v2(
        io.new_output(&list)?.writer().await?,
        id,
        meta.current_snapshot_id(),
        sequence,
    );
    writer.add_manifests(manifests.into_iter())?;
    writer.close().await?;

    let mut additional = summary.build();
    additional.extend(totals(files));
    additional.extend(properties.clone());
    Ok(Snapshot::builder()
        .with_manifest_list(list)
        .with_snapshot_id(id)
        .with_parent_snapshot_id(meta.current_snapshot_id())
        .with_sequence_number(sequence)
        .with_summary(Summary {
            operation: Operation::Overwrite,
            additional_properties: additional,
        })
        .with_schema_id(meta.current_schema_id())
        .with_timestamp_ms(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64)
                .max(meta.last_updated_ms() + 1),
        )
        .build())
}

/// A v2 data manifest of snapshot `id` at `path`.
fn data_manifest(
    io: &FileIO,
    path: &str,
    id: i64,
    schema: &SchemaRef,
    spec: &PartitionSpecRef,
) -> iceberg::Result<ManifestWriter> {
    Ok(ManifestWriterBuilder::new(
        io.new_output(path)?,
        Some(id),
        schema.clone(),
        spec.as_ref().clone(),
    )
    .build_v2_data())
}

/// The table totals after the overwrite: exactly the new files.
fn totals(files: &[DataFile]) -> [(String, String); 6] {
    let records: u64 = files.iter().map(|f| f.record_count()).sum();
    let size: u64 = files.iter().map(|f| f.file_size_in_bytes()).sum();
    [
        ("total-data-files", files.len() as u64),
        ("total-records", records),
        ("total-files-size", size),
        ("total-delete-files", 0),
        ("total-position-deletes", 0),
        ("total-equality-deletes", 0),
    ]
    .map(|(k, v)| (k.to_string(), v.to_string()))
}

/// A positive snapshot id the table has not used.
fn snapshot_id(meta: &TableMetadata) -> i64 {
    loop {
        let u = uuid::Uuid::now_v7().as_u128();
        let id = ((u as u64) ^ ((u >> 64) as u64)) as i64 & i64::MAX;
        if id != 0 && meta.snapshot_by_id(id).is_none() {
            return id;
        }
    }
}

/// The SQL catalog's compare-and-swap of the table's metadata pointer (the statement the
/// `iceberg-catalog-sql` crate runs for its own commits, on the same `iceberg_tables` rows
/// PyIceberg's `SqlCatalog` and Java's `JdbcCatalog` use). `false` if the row no longer names
/// `previous`.
async fn swap(
    pointer: &SqlPointer,
    ident: &TableIdent,
    previous: &str,
    next: &str,
) -> std::result::Result<bool, sqlx::Error> {
    let mut conn = SqliteConnectOptions::from_str(&pointer.uri)?
        .connect()
        .await?;
    let done = sqlx::query(
        "UPDATE iceberg_tables SET metadata_location = ?, previous_metadata_location = ? \
         WHERE catalog_name = ? AND table_namespace = ? AND table_name = ? \
         AND (iceberg_type = 'TABLE' OR iceberg_type IS NULL) AND metadata_location = ?",
    )
    .bind(next)
    .bind(previous)
    .bind(&pointer.catalog_name)
    .bind(ident.namespace().join("."))
    .bind(ident.name())
    .bind(previous)
    .execute(&mut conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
