//! TPC-H tables in DataFusion: [`TpchTableProvider`] and its leaf [`TpchExec`], a
//! [`LeafExec`] over a [`TpchSource`] whose units are tpchgen parts, generated lazily, one
//! batch per poll. A part is a fixed run of rows (see [`TpchTable::part_count`]), so the
//! output is the same under any number of partitions, and identical to `tpchgen-cli`'s (and
//! dbgen's).

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::compute::SortOptions;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::stats::Precision;
use datafusion::common::{ColumnStatistics, Result, ScalarValue, Statistics};
use datafusion::datasource::TableType;
use datafusion::logical_expr::Expr;
use datafusion::physical_expr::{PhysicalExpr, PhysicalSortExpr};
use datafusion::physical_plan::expressions::Column;
use datafusion::physical_plan::{DisplayFormatType, ExecutionPlan};

use super::leaf::{Batches, LeafExec, LeafView, RangeSource};
use super::ranges::RowRanges;
use crate::table::tpch::{RowCount, TpchBatches, TpchTable};

/// A TPC-H table as a `TableProvider`.
#[derive(Debug, Clone)]
pub struct TpchTableProvider {
    table: TpchTable,
    /// `tpch('<table>', <sf>)`, what `\d` and `information_schema` show.
    definition: String,
}

impl TpchTableProvider {
    /// Wraps a table.
    pub fn new(table: TpchTable) -> Self {
        let definition = table.descriptor();
        TpchTableProvider { table, definition }
    }

    /// The table.
    pub fn table(&self) -> &TpchTable {
        &self.table
    }
}

#[async_trait]
impl TableProvider for TpchTableProvider {
    fn schema(&self) -> SchemaRef {
        self.table.schema()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn get_table_definition(&self) -> Option<&str> {
        Some(&self.definition)
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        _filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let target = state.config_options().execution.target_partitions;
        Ok(Arc::new(TpchExec::try_new(
            self.table,
            projection.cloned(),
            limit,
            target,
        )?))
    }
}

/// The leaf plan generating a TPC-H table.
pub type TpchExec = LeafExec<TpchSource>;

/// A TPC-H table projected to some of its columns, as a [`RangeSource`] of tpchgen parts.
#[derive(Debug, Clone)]
pub struct TpchSource {
    table: TpchTable,
    projection: Option<Vec<usize>>,
    schema: SchemaRef,
}

impl TpchSource {
    /// `table` projected to `projection` (`None` for all columns).
    pub fn try_new(table: TpchTable, projection: Option<Vec<usize>>) -> Result<Self> {
        let full = table.schema();
        let schema = match &projection {
            Some(p) => Arc::new(full.project(p)?),
            None => full,
        };
        Ok(TpchSource {
            table,
            projection,
            schema,
        })
    }

    /// Every part of the table.
    fn all_parts(&self) -> RowRanges {
        RowRanges::full(self.table.part_count().max(0) as u64)
    }
}

impl RangeSource for TpchSource {
    const UNIT_IS_ROW: bool = false;
    const NAME: &'static str = "TpchExec";

    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    /// Every table is generated in the order of its first column (the key).
    fn orderings(&self) -> Vec<Vec<PhysicalSortExpr>> {
        match self.schema.index_of(self.table.schema().field(0).name()) {
            Ok(i) => {
                let key: Arc<dyn PhysicalExpr> =
                    Arc::new(Column::new(self.schema.field(i).name(), i));
                vec![vec![PhysicalSortExpr::new(key, SortOptions::default())]]
            }
            Err(_) => vec![],
        }
    }

    fn batches(
        &self,
        units: RowRanges,
        _runtime_filters: Vec<Arc<dyn PhysicalExpr>>,
        batch_size: usize,
    ) -> Box<dyn Batches> {
        let parts = units
            .ranges()
            .iter()
            .flat_map(|r| r.clone())
            .map(|p| p as i32)
            .collect::<Vec<_>>()
            .into_iter();
        Box::new(PartBatches {
            source: self.clone(),
            parts,
            current: None,
            batch_size,
        })
    }

    /// Exact row counts (estimates above scale factor 100) and the key's range, for the
    /// whole table; a partition of several has unknown statistics.
    fn statistics(
        &self,
        _partitions: &[&RowRanges],
        whole: bool,
        fetch: Option<usize>,
    ) -> Statistics {
        if !whole {
            return Statistics::new_unknown(&self.schema);
        }
        let rows = match (self.table.row_count(), fetch) {
            (RowCount::Exact(n), Some(f)) => Precision::Exact(n.min(f as u64) as usize),
            (RowCount::Exact(n), None) => Precision::Exact(n as usize),
            (RowCount::Estimate(n), Some(f)) => Precision::Inexact(n.min(f as u64) as usize),
            (RowCount::Estimate(n), None) => Precision::Inexact(n as usize),
        };
        let key_name = self.table.schema().field(0).name().clone();
        let key_range = self.table.key_range();
        let column_statistics = self
            .schema
            .fields()
            .iter()
            .map(|f| {
                let mut stats = ColumnStatistics::new_unknown();
                if !f.is_nullable() {
                    stats = stats.with_null_count(Precision::Exact(0));
                }
                if let (true, Some((lo, hi))) = (f.name() == &key_name, key_range) {
                    // Exact for the whole table; a limit keeps them valid bounds.
                    let bound = |v: i64| {
                        let v = ScalarValue::Int64(Some(v))
                            .cast_to(f.data_type())
                            .unwrap_or(ScalarValue::Null);
                        if fetch.is_some() {
                            Precision::Inexact(v)
                        } else {
                            Precision::Exact(v)
                        }
                    };
                    stats = stats.with_min_value(bound(lo)).with_max_value(bound(hi));
                }
                stats
            })
            .collect();
        Statistics {
            num_rows: rows,
            total_byte_size: Precision::Absent,
            column_statistics,
        }
    }

    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter, plan: &LeafView) -> fmt::Result {
        match t {
            DisplayFormatType::Default | DisplayFormatType::Verbose => {
                let columns: Vec<&str> = self
                    .schema
                    .fields()
                    .iter()
                    .map(|f| f.name().as_str())
                    .collect();
                let rows = match self.table.row_count() {
                    RowCount::Exact(n) => n.to_string(),
                    RowCount::Estimate(n) => format!("~{n}"),
                };
                write!(
                    f,
                    "table={}, rows={rows}, columns=[{}]",
                    self.table.descriptor(),
                    columns.join(", ")
                )?;
                if let Some(n) = plan.fetch {
                    write!(f, ", fetch={n}")?;
                }
                let parts: Vec<String> = plan
                    .partitions
                    .iter()
                    .flat_map(|p| p.ranges().iter())
                    .map(|p| format!("{}..{}", p.start, p.end))
                    .collect();
                write!(f, ", parts=[{}]", parts.join(", "))
            }
            DisplayFormatType::TreeRender => {
                writeln!(f, "table={}", self.table.kind())?;
                write!(f, "scale_factor={}", self.table.scale_factor())
            }
        }
    }
}

impl TpchExec {
    /// A plan generating `table` projected to `projection`, at most `fetch` rows (then in one
    /// partition, so that `LIMIT` returns the first rows of the table), else in
    /// `target_partitions` partitions (at most one per part).
    pub fn try_new(
        table: TpchTable,
        projection: Option<Vec<usize>>,
        fetch: Option<usize>,
        target_partitions: usize,
    ) -> Result<Self> {
        let source = TpchSource::try_new(table, projection)?;
        let parts = source.all_parts();
        Ok(Self::from_source(source, parts, fetch, target_partitions))
    }

    /// A plan whose partitions generate exactly the tpchgen parts `partitions` (e.g. a plan
    /// decoded on a cluster executor). `projection` and `fetch` are as for [`Self::try_new`].
    pub fn with_partitions(
        table: TpchTable,
        projection: Option<Vec<usize>>,
        fetch: Option<usize>,
        partitions: Vec<RowRanges>,
    ) -> Result<Self> {
        let source = TpchSource::try_new(table, projection)?;
        let parts = source.all_parts();
        Ok(Self::from_partitions(source, parts, fetch, partitions))
    }

    /// The table generated.
    pub fn table(&self) -> &TpchTable {
        &self.source().table
    }

    /// The projection (column positions of the table), `None` for all columns.
    pub fn projection(&self) -> Option<&[usize]> {
        self.source().projection.as_deref()
    }
}

/// Generates the parts of one partition, batch by batch, only when polled.
struct PartBatches {
    source: TpchSource,
    /// Parts not started yet.
    parts: std::vec::IntoIter<i32>,
    /// The part being generated.
    current: Option<TpchBatches>,
    batch_size: usize,
}

impl Batches for PartBatches {
    fn next_batch(&mut self) -> Option<Result<RecordBatch>> {
        let batch = loop {
            if let Some(batches) = self.current.as_mut()
                && let Some(batch) = batches.next()
            {
                break batch;
            }
            let part = self.parts.next()?;
            self.current = Some(self.source.table.generate_part(part, self.batch_size));
        };
        let batch = match batch {
            Ok(b) => b,
            Err(e) => return Some(Err(e.into())),
        };
        Some(match &self.source.projection {
            Some(p) => batch.project(p).map_err(Into::into),
            None => Ok(batch),
        })
    }
}
