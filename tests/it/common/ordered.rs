//! Rows in generation order: the partition streams of a plan concatenated in partition
//! order, and a hash of them that is equal exactly when the column names, types (views as
//! their plain forms) and values are equal in the same order, however rows were batched.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::arrow::row::{RowConverter, SortField};
use datafusion::physical_plan::{ExecutionPlanProperties, collect_partitioned};
use datafusion::prelude::SessionContext;
use sha2::{Digest, Sha256};

/// View types as their plain forms, so that files and lazy tables compare by value.
pub fn plain(batch: &RecordBatch) -> RecordBatch {
    let (fields, columns): (Vec<Field>, Vec<ArrayRef>) = batch
        .schema()
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(f, c)| {
            let t = match f.data_type() {
                DataType::Utf8View => DataType::Utf8,
                DataType::BinaryView => DataType::Binary,
                t => t.clone(),
            };
            (
                Field::new(f.name(), t.clone(), f.is_nullable()),
                cast(c, &t).unwrap(),
            )
        })
        .unzip();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap()
}

/// SHA-256 of the column names and types and of every row in Arrow's row format (plain
/// types): equal hashes mean the same columns and values in the same order, however rows
/// were batched, whether or not an array without NULLs carries a validity buffer and
/// whatever values sit under its NULLs.
pub fn hash(batches: &[RecordBatch]) -> String {
    let plain: Vec<RecordBatch> = batches.iter().map(plain).collect();
    let schema = plain.first().expect("no batches").schema();
    let mut digest = Sha256::new();
    for f in schema.fields() {
        digest.update(format!(
            "{}:{}:{};",
            f.name(),
            f.data_type(),
            f.is_nullable()
        ));
    }
    let fields = schema
        .fields()
        .iter()
        .map(|f| SortField::new(f.data_type().clone()))
        .collect();
    let converter = RowConverter::new(fields).unwrap();
    for batch in &plain {
        let rows = converter.convert_columns(batch.columns()).unwrap();
        for row in rows.iter() {
            let bytes = row.as_ref();
            digest.update((bytes.len() as u64).to_le_bytes());
            digest.update(bytes);
        }
    }
    format!("{:x}", digest.finalize())
}

/// Every row of `sql`, partition streams concatenated in partition order (the order the
/// table's rows are in), with the plan's partition count.
pub async fn partitioned_rows(ctx: &SessionContext, sql: &str) -> (usize, Vec<RecordBatch>) {
    let plan = ctx
        .sql(sql)
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    let n = plan.output_partitioning().partition_count();
    let parts = collect_partitioned(plan, ctx.task_ctx()).await.unwrap();
    (n, parts.into_iter().flatten().collect())
}
