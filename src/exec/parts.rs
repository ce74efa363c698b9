//! Tables generated in parts (TPC-H, TPC-DS; see [`PartTable`]) in DataFusion:
//! [`PartTableProvider`] and its leaf [`PartExec`], a [`LeafExec`] over a [`PartSource`] whose
//! units are the generator's parts, generated lazily, one batch per poll. A part is a fixed
//! run of rows, so the output is the same under any number of partitions, and identical to
//! the standalone generator's (`tpchgen-cli`, dbgen, dsdgen).

use std::fmt;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::compute::SortOptions;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::stats::Precision;
use datafusion::common::{ColumnStatistics, Result, ScalarValue, Statistics};
use datafusion::datasource::TableType;
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown};
use datafusion::physical_expr::{PhysicalExpr, PhysicalSortExpr};
use datafusion::physical_plan::expressions::Column;
use datafusion::physical_plan::{DisplayFormatType, ExecutionPlan};

use super::leaf::{Batches, LeafExec, LeafView, RangeSource};
use super::part_filter::parts_selected;
use super::part_stream::PartStream;
use super::ranges::RowRanges;
use crate::table::changes::ChangeView;
use crate::table::parts::{PartTable, RowCount};
use crate::table::tpcds::TpcdsTable;
use crate::table::tpch::TpchTable;

/// A table generated in parts as a `TableProvider`.
#[derive(Debug, Clone)]
pub struct PartTableProvider<T: PartTable> {
    table: T,
    /// `tpch('<table>', <sf>)`, what `\d` and `information_schema` show.
    definition: String,
}

/// A TPC-H table as a `TableProvider`.
pub type TpchTableProvider = PartTableProvider<TpchTable>;
/// A TPC-DS table as a `TableProvider`.
pub type TpcdsTableProvider = PartTableProvider<TpcdsTable>;
/// A view of a changing table's history as a `TableProvider`.
pub type ChangeTableProvider = PartTableProvider<ChangeView>;

impl<T: PartTable> PartTableProvider<T> {
    /// Wraps a table.
    pub fn new(table: T) -> Self {
        let definition = table.descriptor();
        PartTableProvider { table, definition }
    }

    /// The table.
    pub fn table(&self) -> &T {
        &self.table
    }
}

#[async_trait]
impl<T: PartTable> TableProvider for PartTableProvider<T> {
    fn schema(&self) -> SchemaRef {
        self.table.schema()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn get_table_definition(&self) -> Option<&str> {
        Some(&self.definition)
    }

    /// Filters on a column that orders the parts narrow them (a superset: `Inexact`).
    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> Result<Vec<TableProviderFilterPushDown>> {
        Ok(filters
            .iter()
            .map(|f| match parts_selected(&self.table, f) {
                Some(_) => TableProviderFilterPushDown::Inexact,
                None => TableProviderFilterPushDown::Unsupported,
            })
            .collect())
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let target = state.config_options().execution.target_partitions;
        let source = PartSource::try_new(self.table.clone(), projection.cloned())?;
        let mut parts = source.all_parts();
        for f in filters {
            if let Some(r) = parts_selected(&self.table, f) {
                parts = parts.intersect(&RowRanges::from_ranges(vec![r]));
            }
        }
        Ok(Arc::new(PartExec::from_source(
            source, parts, limit, target,
        )))
    }
}

/// The leaf plan generating a table in parts.
pub type PartExec<T> = LeafExec<PartSource<T>>;
/// The leaf plan generating a TPC-H table.
pub type TpchExec = PartExec<TpchTable>;
/// The leaf plan generating a TPC-DS table.
pub type TpcdsExec = PartExec<TpcdsTable>;
/// The leaf plan generating a view of a changing table's history.
pub type ChangeExec = PartExec<ChangeView>;
/// A TPC-H table's [`RangeSource`].
pub type TpchSource = PartSource<TpchTable>;

/// A table projected to some of its columns, as a [`RangeSource`] of its generator's parts.
#[derive(Debug, Clone)]
pub struct PartSource<T: PartTable> {
    table: T,
    projection: Option<Vec<usize>>,
    schema: SchemaRef,
    /// Rows dropped from the front of the first part (an `OFFSET` inside it).
    skip: u64,
}

impl<T: PartTable> PartSource<T> {
    /// `table` projected to `projection` (`None` for all columns).
    pub fn try_new(table: T, projection: Option<Vec<usize>>) -> Result<Self> {
        let full = table.schema();
        let schema = match &projection {
            Some(p) => Arc::new(full.project(p)?),
            None => full,
        };
        Ok(PartSource {
            table,
            projection,
            schema,
            skip: 0,
        })
    }

    /// Every part of the table.
    fn all_parts(&self) -> RowRanges {
        RowRanges::full(self.table.part_count())
    }
}

impl<T: PartTable> RangeSource for PartSource<T> {
    const UNIT_IS_ROW: bool = false;
    const NAME: &'static str = T::EXEC_NAME;

    fn schema(&self) -> SchemaRef {
        Arc::clone(&self.schema)
    }

    /// A table with a key column is generated in its order.
    fn orderings(&self) -> Vec<Vec<PhysicalSortExpr>> {
        match self.key_index() {
            Some(i) => {
                let key: Arc<dyn PhysicalExpr> =
                    Arc::new(Column::new(self.schema.field(i).name(), i));
                vec![vec![PhysicalSortExpr::new(key, SortOptions::default())]]
            }
            None => vec![],
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
            .collect::<Vec<_>>()
            .into_iter()
            .peekable();
        Box::new(PartStream {
            table: self.table.clone(),
            projection: self.projection.clone(),
            schema: Arc::clone(&self.schema),
            parts,
            current: None,
            batch_size,
            skip: self.skip,
        })
    }

    /// Exact row counts (estimates where [`PartTable::row_count`] gives one) and the key's
    /// range, for the whole table; a partition of several has unknown statistics.
    fn statistics(
        &self,
        partitions: &[&RowRanges],
        whole: bool,
        fetch: Option<usize>,
    ) -> Statistics {
        // Exact only for the whole table: every part, nothing skipped.
        let units: u64 = partitions.iter().map(|p| p.len()).sum();
        if !whole || self.skip > 0 || units != self.table.part_count() {
            return Statistics::new_unknown(&self.schema);
        }
        let rows = match (self.table.row_count(), fetch) {
            (RowCount::Exact(n), Some(f)) => Precision::Exact(n.min(f as u64) as usize),
            (RowCount::Exact(n), None) => Precision::Exact(n as usize),
            (RowCount::Estimate(n), Some(f)) => Precision::Inexact(n.min(f as u64) as usize),
            (RowCount::Estimate(n), None) => Precision::Inexact(n as usize),
        };
        let key = self.table.key();
        let key_name = key.map(|(i, _)| self.table.schema().field(i).name().clone());
        let key_range = key.and_then(|(_, range)| range);
        let column_statistics = self
            .schema
            .fields()
            .iter()
            .map(|f| {
                let mut stats = ColumnStatistics::new_unknown();
                if !f.is_nullable() {
                    stats = stats.with_null_count(Precision::Exact(0));
                }
                if let (true, Some((lo, hi))) = (Some(f.name()) == key_name.as_ref(), key_range) {
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
                if self.skip > 0 {
                    write!(f, ", skip={}", self.skip)?;
                }
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
            DisplayFormatType::TreeRender => write!(f, "{}", self.table.tree_lines().join("\n")),
        }
    }
}

impl<T: PartTable> PartSource<T> {
    /// The position of the key column in the projected schema, if it is projected.
    fn key_index(&self) -> Option<usize> {
        let (i, _) = self.table.key()?;
        self.schema
            .index_of(self.table.schema().field(i).name())
            .ok()
    }
}

impl<T: PartTable> PartExec<T> {
    /// A plan generating `table` projected to `projection`, at most `fetch` rows (then in one
    /// partition, so that `LIMIT` returns the first rows of the table), else in
    /// `target_partitions` partitions (at most one per part).
    pub fn try_new(
        table: T,
        projection: Option<Vec<usize>>,
        fetch: Option<usize>,
        target_partitions: usize,
    ) -> Result<Self> {
        let source = PartSource::try_new(table, projection)?;
        let parts = source.all_parts();
        Ok(Self::from_source(source, parts, fetch, target_partitions))
    }

    /// A plan whose partitions generate exactly the parts `partitions`, the first
    /// `skip` rows of them dropped (e.g. a plan decoded on a cluster executor). `projection`
    /// and `fetch` are as for [`Self::try_new`].
    pub fn with_partitions(
        table: T,
        projection: Option<Vec<usize>>,
        skip: u64,
        fetch: Option<usize>,
        partitions: Vec<RowRanges>,
    ) -> Result<Self> {
        let mut source = PartSource::try_new(table, projection)?;
        source.skip = skip;
        let parts = source.all_parts();
        Ok(Self::from_partitions(source, parts, fetch, partitions))
    }

    /// Rows dropped from the front of the first part (an `OFFSET` pushed into it).
    pub fn skip(&self) -> u64 {
        self.source().skip
    }

    /// The selected parts, in order.
    fn selected_parts(&self) -> impl DoubleEndedIterator<Item = u64> + '_ {
        self.selected().ranges().iter().flat_map(|r| r.clone())
    }

    /// This plan with its first `skip` rows skipped and at most `fetch` of the rest kept (one
    /// partition, in row order): the parts before the one holding row `skip` are not
    /// generated (their rows are counted, see [`PartTable::part_rows`]), and the rows of
    /// that part before it are dropped. `None` when the plan already skips rows or holds
    /// run-time filters.
    pub(crate) fn with_offset(&self, skip: usize, fetch: Option<usize>) -> Option<Self> {
        if self.has_runtime_filters() || self.skip() > 0 {
            return None;
        }
        // A limit already in the scan keeps its first rows: the offset counts within them.
        let fetch = match (self.fetch(), fetch) {
            (Some(kept), f) => Some(kept.saturating_sub(skip).min(f.unwrap_or(usize::MAX))),
            (None, f) => f,
        };
        let (mut before, mut first) = (0u64, None);
        let parts: Vec<u64> = self.selected_parts().collect();
        for (i, &p) in parts.iter().enumerate() {
            let rows = self.table().part_rows(p);
            if before + rows > skip as u64 {
                first = Some(i);
                break;
            }
            before += rows;
        }
        let mut source = self.source().clone();
        let units = match first {
            Some(i) => {
                source.skip = skip as u64 - before;
                self.selected().slice(i as u64, parts.len() as u64)
            }
            None => RowRanges::empty(),
        };
        Some(Self::from_partitions(
            source,
            units.clone(),
            fetch,
            vec![units],
        ))
    }

    /// This plan reduced to its last parts holding at least `n` rows, in one partition: what
    /// a top-`n` sort on the key, descending, reads. `None` when the plan skips or limits
    /// rows.
    pub(crate) fn with_last(&self, n: usize) -> Option<Self> {
        if self.fetch().is_some() || self.skip() > 0 {
            return None;
        }
        let (mut kept, mut rows) = (0u64, 0u64);
        for p in self.selected_parts().rev() {
            if rows >= n as u64 {
                break;
            }
            rows += self.table().part_rows(p);
            kept += 1;
        }
        let all = self.selected().len();
        let units = self.selected().slice(all - kept, all);
        let source = self.source().clone();
        Some(Self::from_partitions(
            source,
            units.clone(),
            None,
            vec![units],
        ))
    }

    /// Whether `order`'s first key is the table's key column with the given direction.
    fn sorts_by_key(&self, order: &[PhysicalSortExpr], descending: bool) -> bool {
        let (Some(first), Some(key)) = (order.first(), self.source().key_index()) else {
            return false;
        };
        first
            .expr
            .downcast_ref::<Column>()
            .is_some_and(|c| c.index() == key && first.options.descending == descending)
    }

    /// Whether `order` sorts the output in generation order (by the key, ascending).
    pub(crate) fn sorts_in_row_order(&self, order: &[PhysicalSortExpr]) -> bool {
        self.sorts_by_key(order, false)
    }

    /// Whether `order` sorts the output against generation order (by the key, descending).
    pub(crate) fn sorts_against_row_order(&self, order: &[PhysicalSortExpr]) -> bool {
        self.sorts_by_key(order, true)
    }

    /// The table generated.
    pub fn table(&self) -> &T {
        &self.source().table
    }

    /// The projection (column positions of the table), `None` for all columns.
    pub fn projection(&self) -> Option<&[usize]> {
        self.source().projection.as_deref()
    }
}
