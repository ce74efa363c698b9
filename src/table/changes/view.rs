//! [`ChangeView`]: the views of a changing table's history as tables generated in parts
//! ([`PartTable`]): the change feed (Debezium envelope, flattened, or Delta change data
//! feed), the SCD type 2 history (one row per version) and the snapshot as of a time.
//! All three are computed from the same lifecycles and the same versioned rows, so they
//! agree by construction.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::arrow::error::ArrowError;
use datafusion::common::{Result, plan_err};

use super::super::model::SyntheticTable;
use super::super::parts::{PartBatches, PartTable, RowCount};
use super::batches::{FeedRows, Shape, build_feed, build_versions};
use super::feed::{Delivery, part_counts, parts_deliveries};
use super::filter::parts_within;
use super::kind::{ENTITIES_PER_PART, FeedFormat, ViewKind};
use super::model::ChangeModel;
use super::rows::{VersionRow, history_rows, snapshot_rows};

/// Feed parts generated from one walk over the entities.
const FEED_PARTS_PER_RUN: u64 = 4;

/// Counting a feed's rows at planning walks every entity: up to this many expected events
/// the count is exact, above it an estimate (the parts' counts are exact when asked).
const EXACT_MAX_EVENTS: f64 = 5e7;

/// Counting a history's or snapshot's rows walks every entity: exact up to this many.
const EXACT_MAX_ENTITIES: u64 = 10_000_000;

/// A view of a changing table's history (see the module docs).
#[derive(Debug, Clone)]
pub struct ChangeView {
    table: Arc<SyntheticTable>,
    model: Arc<ChangeModel>,
    kind: ViewKind,
    schema: SchemaRef,
    descriptor: String,
    /// The feed's rows per part, counted on first use.
    counts: Arc<OnceLock<Vec<u64>>>,
}

fn ts_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

impl ChangeView {
    /// The view `kind` of `table`, which must change over time; `descriptor` is the call
    /// that made it (for `EXPLAIN`).
    pub fn try_new(table: Arc<SyntheticTable>, kind: ViewKind, descriptor: String) -> Result<Self> {
        let Some(model) = table.changes().cloned() else {
            return plan_err!(
                "table '{}' has no history; declare one with CREATE SYNTHETIC TABLE … WITH (history_start = '…', history_end = '…', …)",
                table.name()
            );
        };
        let row: Vec<Field> = table
            .schema()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        let nullable = |fields: &[Field]| -> Vec<Field> {
            fields
                .iter()
                .map(|f| Field::new(f.name(), f.data_type().clone(), true))
                .collect()
        };
        let image = DataType::Struct(nullable(&row).into());
        let mut meta: Vec<Field> = Vec::new();
        let mut fields: Vec<Field> = match &kind {
            ViewKind::Feed { format, .. } => match format {
                FeedFormat::Debezium => {
                    let source = DataType::Struct(
                        vec![
                            Field::new("version", DataType::Utf8, false),
                            Field::new("connector", DataType::Utf8, false),
                            Field::new("name", DataType::Utf8, false),
                            Field::new("ts_ms", DataType::Int64, false),
                            Field::new("ts_us", DataType::Int64, false),
                            Field::new("snapshot", DataType::Utf8, false),
                            Field::new("db", DataType::Utf8, false),
                            Field::new("schema", DataType::Utf8, false),
                            Field::new("table", DataType::Utf8, false),
                            Field::new("txId", DataType::Int64, false),
                            Field::new("lsn", DataType::Int64, false),
                            Field::new("key_seq", DataType::Int64, false),
                        ]
                        .into(),
                    );
                    let transaction = DataType::Struct(
                        vec![
                            Field::new("id", DataType::Utf8, false),
                            Field::new("total_order", DataType::Int64, false),
                            Field::new("data_collection_order", DataType::Int64, false),
                        ]
                        .into(),
                    );
                    vec![
                        Field::new("before", image.clone(), true),
                        Field::new("after", image, true),
                        Field::new("source", source, false),
                        Field::new("op", DataType::Utf8, false),
                        Field::new("ts_ms", DataType::Int64, false),
                        Field::new("ts_us", DataType::Int64, false),
                        Field::new("transaction", transaction, false),
                    ]
                }
                FeedFormat::Flat => {
                    meta = vec![
                        Field::new("__op", DataType::Utf8, false),
                        Field::new("__deleted", DataType::Utf8, false),
                        Field::new("__lsn", DataType::Int64, false),
                        Field::new("__seq", DataType::Int64, false),
                        Field::new("__tx_id", DataType::Int64, false),
                        Field::new("__tx_order", DataType::Int64, false),
                        Field::new("__tx_events", DataType::Int64, false),
                        Field::new("__event_time", ts_type(), false),
                        Field::new("__ingest_time", ts_type(), false),
                    ];
                    row.clone()
                }
                FeedFormat::Cdf => {
                    meta = vec![
                        Field::new("_change_type", DataType::Utf8, false),
                        Field::new("_commit_version", DataType::Int64, false),
                        Field::new("_commit_timestamp", ts_type(), false),
                    ];
                    row.clone()
                }
            },
            ViewKind::History => {
                meta = vec![
                    Field::new("version", DataType::Int64, false),
                    Field::new("valid_from", ts_type(), false),
                    Field::new("valid_to", ts_type(), true),
                    Field::new("is_current", DataType::Boolean, false),
                ];
                row.clone()
            }
            ViewKind::AsOf(_) => row.clone(),
        };
        for m in &meta {
            if row.iter().any(|f| f.name() == m.name()) {
                return plan_err!(
                    "{descriptor}: table '{}' has a column named '{}', which this view adds; rename the column",
                    table.name(),
                    m.name()
                );
            }
        }
        fields.extend(meta);
        Ok(ChangeView {
            table,
            model,
            kind,
            schema: Arc::new(Schema::new(fields)),
            descriptor,
            counts: Arc::new(OnceLock::new()),
        })
    }

    /// The view's kind.
    pub fn kind(&self) -> &ViewKind {
        &self.kind
    }

    /// The table whose history this is.
    pub fn table(&self) -> &Arc<SyntheticTable> {
        &self.table
    }

    fn feed_counts(&self) -> &[u64] {
        self.counts.get_or_init(|| match &self.kind {
            ViewKind::Feed {
                format, delivery, ..
            } => part_counts(&self.model, delivery, *format == FeedFormat::Cdf),
            _ => Vec::new(),
        })
    }

    fn entity_parts(&self) -> u64 {
        self.table.rows().div_ceil(ENTITIES_PER_PART)
    }

    fn entity_range(&self, part: u64) -> std::ops::Range<u64> {
        let start = part * ENTITIES_PER_PART;
        start.min(self.table.rows())..(start + ENTITIES_PER_PART).min(self.table.rows())
    }

    fn version_rows(&self, part: u64) -> Vec<VersionRow> {
        let range = self.entity_range(part);
        match self.kind {
            ViewKind::History => history_rows(&self.model, range),
            ViewKind::AsOf(us) => snapshot_rows(&self.model, range, us),
            ViewKind::Feed { .. } => Vec::new(),
        }
    }
}

impl PartTable for ChangeView {
    const EXEC_NAME: &'static str = "ChangeExec";

    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    fn part_count(&self) -> u64 {
        match self.kind {
            ViewKind::Feed { .. } => self.model.part_count(),
            _ => self.entity_parts(),
        }
    }

    fn part_rows(&self, part: u64) -> u64 {
        match self.kind {
            ViewKind::Feed { .. } => self.feed_counts().get(part as usize).copied().unwrap_or(0),
            _ if part >= self.entity_parts() => 0,
            _ => self.version_rows(part).len() as u64,
        }
    }

    fn row_count(&self) -> RowCount {
        match self.kind {
            ViewKind::Feed { format, .. } => {
                if self.model.expected_events() <= EXACT_MAX_EVENTS {
                    RowCount::Exact(self.feed_counts().iter().sum())
                } else {
                    let per_event = if format == FeedFormat::Cdf { 1.3 } else { 1.0 };
                    RowCount::Estimate((self.model.expected_events() * per_event) as u64)
                }
            }
            _ if self.table.rows() <= EXACT_MAX_ENTITIES => {
                RowCount::Exact((0..self.entity_parts()).map(|p| self.part_rows(p)).sum())
            }
            _ => RowCount::Estimate(self.table.rows()),
        }
    }

    /// The snapshot's key; the flat feed's `__lsn` when events are delivered in log order
    /// (parts are consecutive time spans, each sorted): the whole feed is then in LSN order
    /// and `ORDER BY __lsn` costs no sort.
    fn key(&self) -> Option<(usize, Option<(i64, i64)>)> {
        match self.kind {
            ViewKind::Feed {
                format: FeedFormat::Flat,
                delivery,
                ..
            } if delivery == Delivery::default() => {
                Some((self.schema.index_of("__lsn").ok()?, None))
            }
            ViewKind::AsOf(_) => {
                let (_, step) = self.table.sequence_of(self.model.key_position())?;
                (step > 0).then_some((self.model.key_position(), None))
            }
            _ => None,
        }
    }

    fn generate_part(&self, part: u64, batch_size: usize) -> PartBatches {
        self.generate_projected(part, batch_size, None)
    }

    fn generate_projected(
        &self,
        part: u64,
        batch_size: usize,
        projection: Option<&[usize]>,
    ) -> PartBatches {
        self.generate_parts(part..part + 1, batch_size, projection)
    }

    /// A feed walks its entities once for [`FEED_PARTS_PER_RUN`] parts.
    fn parts_per_run(&self) -> u64 {
        match self.kind {
            ViewKind::Feed { .. } => FEED_PARTS_PER_RUN,
            _ => 1,
        }
    }

    fn generate_parts(
        &self,
        parts: Range<u64>,
        batch_size: usize,
        projection: Option<&[usize]>,
    ) -> PartBatches {
        let shape = match self.shape(projection) {
            Ok(s) => s,
            Err(e) => {
                let e = ArrowError::ExternalError(Box::new(e));
                return Box::new(std::iter::once(Err(e)));
            }
        };
        let batch_size = batch_size.max(1);
        let runs: Vec<FeedRows> = match &self.kind {
            ViewKind::Feed { delivery, .. } => parts_deliveries(&self.model, delivery, parts)
                .into_iter()
                .map(FeedRows::Feed)
                .collect(),
            _ => parts
                .map(|p| FeedRows::Versions(self.version_rows(p)))
                .collect(),
        };
        let view = self.clone();
        Box::new(runs.into_iter().flat_map(move |rows| {
            let (view, shape) = (view.clone(), shape.clone());
            let total = rows.len();
            let mut start = 0;
            std::iter::from_fn(move || {
                if start >= total {
                    return None;
                }
                let end = (start + batch_size).min(total);
                let batch = view.build(&shape, &rows, start..end);
                start = end;
                Some(batch.map_err(|e| ArrowError::ExternalError(Box::new(e))))
            })
        }))
    }

    fn descriptor(&self) -> String {
        self.descriptor.clone()
    }

    fn tree_lines(&self) -> Vec<String> {
        vec![format!("view={}", self.descriptor)]
    }

    /// A feed's parts by time: `__event_time`, `__ingest_time`, `__lsn` (flat),
    /// `ts_ms`/`ts_us` (Debezium ingest time), `_commit_timestamp` (change data feed); a
    /// history's or snapshot's parts by key.
    fn parts_within(&self, column: usize, lo: i128, hi: i128) -> Option<Range<u64>> {
        parts_within(
            &self.model,
            &self.table,
            &self.kind,
            &self.schema,
            column,
            lo,
            hi,
        )
    }
}

impl ChangeView {
    /// How batches of the columns `projection` are built: the table's columns evaluated
    /// are those asked for (all of them when a Debezium image is).
    fn shape(&self, projection: Option<&[usize]>) -> Result<Shape> {
        let width = self.schema.fields().len();
        let projection: Vec<usize> = projection.map_or_else(|| (0..width).collect(), <[_]>::to_vec);
        let mut needed = vec![false; width];
        for &i in &projection {
            if i >= width {
                return plan_err!("projection index {i} out of range");
            }
            needed[i] = true;
        }
        let visible = self.table.schema().fields().len();
        let images: Vec<usize> = match self.kind {
            ViewKind::Feed {
                format: FeedFormat::Debezium,
                ..
            } => {
                if needed[0] || needed[1] {
                    (0..visible).collect()
                } else {
                    vec![]
                }
            }
            _ => (0..visible).filter(|&p| needed[p]).collect(),
        };
        let mut image_index = vec![None; visible];
        for (i, &p) in images.iter().enumerate() {
            image_index[p] = Some(i);
        }
        Ok(Shape {
            full: Arc::clone(&self.schema),
            needed,
            plan: self.table.eval_plan(Some(&images))?,
            image_index,
            output: Arc::new(self.schema.project(&projection)?),
            projection,
        })
    }

    /// The output batch of `rows[range]`.
    fn build(
        &self,
        shape: &Shape,
        rows: &FeedRows,
        range: std::ops::Range<usize>,
    ) -> Result<RecordBatch> {
        match (rows, &self.kind) {
            (
                FeedRows::Feed(d),
                ViewKind::Feed {
                    format, snapshot, ..
                },
            ) => build_feed(
                &self.table,
                &self.model,
                shape,
                *format,
                *snapshot,
                &d[range],
            ),
            (FeedRows::Versions(v), kind) => build_versions(
                &self.table,
                &self.model,
                shape,
                matches!(kind, ViewKind::History),
                &v[range],
            ),
            _ => plan_err!("{}: rows of another view", self.descriptor),
        }
    }
}
