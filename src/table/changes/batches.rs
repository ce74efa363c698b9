//! Arrow batches of the change views: versioned rows evaluated by
//! [`evaluate_versions`], then the feed's envelope, flattened or change-data-feed columns,
//! or the history's validity columns around them.

use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, BooleanArray, Int64Array, RecordBatch, RecordBatchOptions, StringArray, StructArray,
    TimestampMicrosecondArray, UInt32Array,
};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::take;
use datafusion::arrow::datatypes::{DataType, Fields, SchemaRef};
use datafusion::common::{Result, exec_err};

use super::super::model::{EvalPlan, SyntheticTable};
use super::feed::{Delivered, Op};
use super::kind::FeedFormat;
use super::model::ChangeModel;
use super::rows::{VersionRow, micros};
use super::versions::evaluate_versions;

/// The rows of one part, before evaluation.
#[derive(Debug)]
pub enum FeedRows {
    Feed(Vec<Delivered>),
    Versions(Vec<VersionRow>),
}

impl FeedRows {
    pub fn len(&self) -> usize {
        match self {
            FeedRows::Feed(d) => d.len(),
            FeedRows::Versions(v) => v.len(),
        }
    }
}

/// The table's rows for (key, version) pairs.
fn images(
    table: &SyntheticTable,
    model: &ChangeModel,
    plan: &EvalPlan,
    pairs: &[(u64, u64)],
) -> Result<RecordBatch> {
    let keys: Vec<u64> = pairs.iter().map(|p| p.0).collect();
    let versions: Vec<u64> = pairs.iter().map(|p| p.1).collect();
    evaluate_versions(table, model, plan, &keys, &versions)
}

/// A struct column of `batch`'s rows at `index` (NULL where `None`), with `fields`.
fn image_struct(batch: &RecordBatch, index: &[Option<u32>], fields: &Fields) -> Result<ArrayRef> {
    let idx = UInt32Array::from(index.to_vec());
    let columns = batch
        .columns()
        .iter()
        .map(|c| take(c.as_ref(), &idx, None))
        .collect::<Result<Vec<_>, _>>()?;
    let nulls = NullBuffer::from(index.iter().map(Option::is_some).collect::<Vec<_>>());
    Ok(Arc::new(StructArray::try_new(
        fields.clone(),
        columns,
        Some(nulls),
    )?))
}

fn struct_fields(schema: &SchemaRef, name: &str) -> Result<Fields> {
    match schema.field_with_name(name)?.data_type() {
        DataType::Struct(f) => Ok(f.clone()),
        other => exec_err!("column '{name}' is {other}, not a struct"),
    }
}

fn ts(values: Vec<i64>) -> ArrayRef {
    Arc::new(TimestampMicrosecondArray::from(values).with_timezone("UTC"))
}

fn int(values: impl IntoIterator<Item = i64>) -> ArrayRef {
    Arc::new(Int64Array::from_iter_values(values))
}

fn text<'a>(values: impl IntoIterator<Item = &'a str>) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(values))
}

/// What a batch is built with: the view's full schema, which of its columns are asked
/// for, the plan of the table's columns they need and where each table column lands in
/// that plan's output, and the output schema.
#[derive(Debug, Clone)]
pub struct Shape {
    pub full: SchemaRef,
    pub needed: Vec<bool>,
    pub plan: EvalPlan,
    pub image_index: Vec<Option<usize>>,
    pub projection: Vec<usize>,
    pub output: SchemaRef,
}

impl Shape {
    /// Whether column `name` of the full schema is asked for.
    fn wants(&self, name: &str) -> bool {
        self.full.index_of(name).is_ok_and(|i| self.needed[i])
    }

    /// The table's columns (the first of the full schema) from `image`, `None` where not
    /// asked for.
    fn row_columns(&self, image: &RecordBatch) -> Vec<Option<ArrayRef>> {
        self.image_index
            .iter()
            .enumerate()
            .map(|(p, i)| {
                i.filter(|_| self.needed[p])
                    .map(|i| Arc::clone(image.column(i)))
            })
            .collect()
    }

    /// The output batch of the full-width `columns` (those asked for present).
    fn finish(&self, columns: Vec<Option<ArrayRef>>, rows: usize) -> Result<RecordBatch> {
        let mut out = Vec::with_capacity(self.projection.len());
        for &i in &self.projection {
            match columns.get(i).cloned().flatten() {
                Some(c) => out.push(c),
                None => return exec_err!("column #{i} of the view was not built"),
            }
        }
        let options = RecordBatchOptions::new().with_row_count(Some(rows));
        Ok(RecordBatch::try_new_with_options(
            Arc::clone(&self.output),
            out,
            &options,
        )?)
    }
}

/// The key sequence number of an event, its position among the entity's events: 0 for the
/// insert, `v` for update `v`, one past the last version for the delete, one more for a
/// re-insert.
fn key_seq(d: &Delivered) -> i64 {
    match d.op {
        Op::Delete => d.version as i64 + 1,
        Op::Create if d.version > 0 => d.version as i64 + 1, // a re-insert, after the delete
        _ => d.version as i64,
    }
}

/// The feed batch of `rows`.
pub fn build_feed(
    table: &SyntheticTable,
    model: &ChangeModel,
    shape: &Shape,
    format: FeedFormat,
    snapshot: bool,
    rows: &[Delivered],
) -> Result<RecordBatch> {
    let event_us = |d: &Delivered| micros(model.time_ns(d.step, d.key));
    let op_code = |d: &Delivered| match d.op {
        Op::Create if snapshot && d.key < model.lifecycle().initial() => "r",
        Op::Create => "c",
        Op::Update => "u",
        Op::Delete => "d",
    };
    match format {
        FeedFormat::Debezium => {
            let (mut after, mut before) = (Vec::new(), Vec::new());
            let (mut after_at, mut before_at) = (Vec::new(), Vec::new());
            for d in rows {
                after_at.push((d.op != Op::Delete).then(|| {
                    after.push((d.key, d.version));
                    after.len() as u32 - 1
                }));
                before_at.push((d.op != Op::Create).then(|| {
                    let v = if d.op == Op::Update {
                        d.version - 1
                    } else {
                        d.version
                    };
                    before.push((d.key, v));
                    before.len() as u32 - 1
                }));
            }
            let schema = &shape.full;
            let image_fields = struct_fields(schema, "after")?;
            let plan = &shape.plan;
            let before = if shape.wants("before") {
                Some(image_struct(
                    &images(table, model, plan, &before)?,
                    &before_at,
                    &image_fields,
                )?)
            } else {
                None
            };
            let after = if shape.wants("after") {
                Some(image_struct(
                    &images(table, model, plan, &after)?,
                    &after_at,
                    &image_fields,
                )?)
            } else {
                None
            };
            let n = rows.len();
            let name = table.name();
            let source = StructArray::try_new(
                struct_fields(schema, "source")?,
                vec![
                    text(std::iter::repeat_n("dfsynth-1", n)),
                    text(std::iter::repeat_n("dfsynth", n)),
                    text(std::iter::repeat_n("dfsynth", n)),
                    int(rows.iter().map(|d| event_us(d).div_euclid(1000))),
                    int(rows.iter().map(event_us)),
                    text(
                        rows.iter()
                            .map(|d| if op_code(d) == "r" { "true" } else { "false" }),
                    ),
                    text(std::iter::repeat_n("synthetic", n)),
                    text(std::iter::repeat_n("public", n)),
                    text(std::iter::repeat_n(name, n)),
                    int(rows.iter().map(|d| d.tx_id)),
                    int(rows.iter().map(|d| model.lsn(d.step, d.key))),
                    int(rows.iter().map(key_seq)),
                ],
                None,
            )?;
            let ids: Vec<String> = rows.iter().map(|d| d.tx_id.to_string()).collect();
            let transaction = StructArray::try_new(
                struct_fields(schema, "transaction")?,
                vec![
                    text(ids.iter().map(String::as_str)),
                    int(rows.iter().map(|d| i64::from(d.tx_order))),
                    int(rows.iter().map(|d| i64::from(d.tx_order))),
                ],
                None,
            )?;
            let columns = vec![
                before,
                after,
                Some(Arc::new(source) as ArrayRef),
                Some(text(rows.iter().map(op_code))),
                Some(int(rows
                    .iter()
                    .map(|d| micros(d.ingest_ns).div_euclid(1000)))),
                Some(int(rows.iter().map(|d| micros(d.ingest_ns)))),
                Some(Arc::new(transaction) as ArrayRef),
            ];
            shape.finish(columns, n)
        }
        FeedFormat::Flat => {
            let pairs: Vec<(u64, u64)> = rows.iter().map(|d| (d.key, d.version)).collect();
            let image = images(table, model, &shape.plan, &pairs)?;
            let mut columns = shape.row_columns(&image);
            columns.extend(
                [
                    text(rows.iter().map(op_code)),
                    text(
                        rows.iter()
                            .map(|d| if d.op == Op::Delete { "true" } else { "false" }),
                    ),
                    int(rows.iter().map(|d| model.lsn(d.step, d.key))),
                    int(rows.iter().map(key_seq)),
                    int(rows.iter().map(|d| d.tx_id)),
                    int(rows.iter().map(|d| i64::from(d.tx_order))),
                    int(rows.iter().map(|d| i64::from(d.tx_events))),
                    ts(rows.iter().map(event_us).collect()),
                    ts(rows.iter().map(|d| micros(d.ingest_ns)).collect()),
                ]
                .map(Some),
            );
            shape.finish(columns, rows.len())
        }
        FeedFormat::Cdf => {
            let mut pairs = Vec::with_capacity(rows.len() * 2);
            let mut kinds = Vec::with_capacity(rows.len() * 2);
            let mut commits = Vec::with_capacity(rows.len() * 2);
            for d in rows {
                let commit = (d.tx_id, micros(model.time_ns(d.tx_last.0, d.tx_last.1)));
                match d.op {
                    Op::Create => {
                        pairs.push((d.key, d.version));
                        kinds.push("insert");
                    }
                    Op::Update => {
                        pairs.push((d.key, d.version - 1));
                        kinds.push("update_preimage");
                        commits.push(commit);
                        pairs.push((d.key, d.version));
                        kinds.push("update_postimage");
                    }
                    Op::Delete => {
                        pairs.push((d.key, d.version));
                        kinds.push("delete");
                    }
                }
                commits.push(commit);
            }
            let image = images(table, model, &shape.plan, &pairs)?;
            let mut columns = shape.row_columns(&image);
            columns.extend(
                [
                    text(kinds),
                    int(commits.iter().map(|c| c.0)),
                    ts(commits.iter().map(|c| c.1).collect()),
                ]
                .map(Some),
            );
            shape.finish(columns, pairs.len())
        }
    }
}

/// The history or snapshot batch of `rows`.
pub fn build_versions(
    table: &SyntheticTable,
    model: &ChangeModel,
    shape: &Shape,
    history: bool,
    rows: &[VersionRow],
) -> Result<RecordBatch> {
    let pairs: Vec<(u64, u64)> = rows.iter().map(|r| (r.key, r.version)).collect();
    let image = images(table, model, &shape.plan, &pairs)?;
    let mut columns = shape.row_columns(&image);
    if history {
        columns.extend(
            [
                int(rows.iter().map(|r| r.version as i64)),
                ts(rows.iter().map(|r| r.from_us).collect()),
                Arc::new(
                    TimestampMicrosecondArray::from(
                        rows.iter().map(|r| r.to_us).collect::<Vec<_>>(),
                    )
                    .with_timezone("UTC"),
                ),
                Arc::new(BooleanArray::from(
                    rows.iter().map(|r| r.to_us.is_none()).collect::<Vec<_>>(),
                )),
            ]
            .map(Some),
        );
    }
    shape.finish(columns, rows.len())
}
