//! TPC-DS tables as a table kind: which table, which scale factor, how many rows, and how
//! the table splits into parts (runs of dsdgen *source rows*: a row of a dimension table, a
//! ticket or order of a sales table with all its line items, and the returns of those line
//! items). Generation itself is the `tpcdsgen` / `tpcdsgen-arrow` crates' (a port of dsdgen,
//! byte-compatible with it); a part is generated from its first source row with dsdgen's
//! own random-stream jumps, so any split of the table concatenates to the same rows.
//!
//! `dbgen_version` is left out: dsdgen fills it with the wall-clock time of the run, which
//! would make the output differ from run to run.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::utils::datafusion_strsim::levenshtein;
use datafusion::common::{Result, plan_err};
use tpcdsgen::config::{Session, SessionBuilder, Table};
use tpcdsgen_arrow::{
    CallCenterArrow, CatalogPageArrow, CatalogReturnsArrow, CatalogSalesArrow,
    CustomerAddressArrow, CustomerArrow, CustomerDemographicsArrow, DateDimArrow,
    HouseholdDemographicsArrow, IncomeBandArrow, InventoryArrow, ItemArrow, PromotionArrow,
    ReasonArrow, ShipModeArrow, StoreArrow, StoreReturnsArrow, StoreSalesArrow, TimeDimArrow,
    WarehouseArrow, WebPageArrow, WebReturnsArrow, WebSalesArrow, WebSiteArrow,
};

use super::parts::{BenchmarkTable, PartBatches, PartTable, RowCount};
use super::tpcds_lines::{Channel, LineCounts, line_counts};

/// The largest scale factor accepted: TPC-DS's largest official one.
pub const MAX_SCALE_FACTOR: f64 = 100_000.0;

/// Source rows per part: small enough that `LIMIT` stops early and partitions balance,
/// large enough that a part's set-up (dsdgen's O(log n) stream jumps, the item permutation
/// of a sales table) is negligible.
const SOURCE_ROWS_PER_PART: u64 = 1 << 14;

/// Up to this many tickets/orders (store_sales at SF 100) a sales or returns table's row
/// count is exact at planning (one pass over two of dsdgen's random streams, cached per
/// scale factor); above it the count is the mean and marked inexact.
pub const EXACT_MAX_TICKETS: u64 = 24_000_000;

/// The 24 TPC-DS tables, in the specification's (alphabetical) order.
pub const TPCDS_TABLES: [TpcdsTableKind; 24] = [
    TpcdsTableKind(Table::CallCenter),
    TpcdsTableKind(Table::CatalogPage),
    TpcdsTableKind(Table::CatalogReturns),
    TpcdsTableKind(Table::CatalogSales),
    TpcdsTableKind(Table::Customer),
    TpcdsTableKind(Table::CustomerAddress),
    TpcdsTableKind(Table::CustomerDemographics),
    TpcdsTableKind(Table::DateDim),
    TpcdsTableKind(Table::HouseholdDemographics),
    TpcdsTableKind(Table::IncomeBand),
    TpcdsTableKind(Table::Inventory),
    TpcdsTableKind(Table::Item),
    TpcdsTableKind(Table::Promotion),
    TpcdsTableKind(Table::Reason),
    TpcdsTableKind(Table::ShipMode),
    TpcdsTableKind(Table::Store),
    TpcdsTableKind(Table::StoreReturns),
    TpcdsTableKind(Table::StoreSales),
    TpcdsTableKind(Table::TimeDim),
    TpcdsTableKind(Table::Warehouse),
    TpcdsTableKind(Table::WebPage),
    TpcdsTableKind(Table::WebReturns),
    TpcdsTableKind(Table::WebSales),
    TpcdsTableKind(Table::WebSite),
];

/// One of the [`TPCDS_TABLES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TpcdsTableKind(Table);

impl TpcdsTableKind {
    /// The table's TPC-DS name (lower case).
    pub fn name(self) -> &'static str {
        self.0.get_name()
    }

    /// The table named `name` (case-insensitive); an unknown name is an error with the
    /// closest name and the list of tables.
    pub fn from_name(name: &str) -> Result<Self> {
        let lower = name.trim().to_ascii_lowercase();
        if let Some(t) = TPCDS_TABLES.iter().find(|t| t.name() == lower) {
            return Ok(*t);
        }
        let names: Vec<&str> = TPCDS_TABLES.iter().map(|t| t.name()).collect();
        let closest = names
            .iter()
            .map(|n| (levenshtein(&lower, n), *n))
            .filter(|(d, _)| *d <= 3)
            .min();
        let hint = match (lower.as_str(), closest) {
            ("dbgen_version", _) => {
                " (left out: dsdgen fills it with the time of the run);".to_string()
            }
            (_, Some((_, n))) => format!("; did you mean '{n}'?"),
            _ => ";".to_string(),
        };
        plan_err!(
            "tpcds: invalid value for 'table': '{name}'{hint} allowed: {}",
            names.join(", ")
        )
    }

    /// The Arrow schema tpcdsgen-arrow produces for this table.
    pub fn schema(self) -> SchemaRef {
        use Table::*;
        match self.0 {
            CallCenter => CallCenterArrow::schema_ref(),
            CatalogPage => CatalogPageArrow::schema_ref(),
            CatalogReturns => CatalogReturnsArrow::schema_ref(),
            CatalogSales => CatalogSalesArrow::schema_ref(),
            Customer => CustomerArrow::schema_ref(),
            CustomerAddress => CustomerAddressArrow::schema_ref(),
            CustomerDemographics => CustomerDemographicsArrow::schema_ref(),
            DateDim => DateDimArrow::schema_ref(),
            HouseholdDemographics => HouseholdDemographicsArrow::schema_ref(),
            IncomeBand => IncomeBandArrow::schema_ref(),
            Inventory => InventoryArrow::schema_ref(),
            Item => ItemArrow::schema_ref(),
            Promotion => PromotionArrow::schema_ref(),
            Reason => ReasonArrow::schema_ref(),
            ShipMode => ShipModeArrow::schema_ref(),
            Store => StoreArrow::schema_ref(),
            StoreReturns => StoreReturnsArrow::schema_ref(),
            StoreSales => StoreSalesArrow::schema_ref(),
            TimeDim => TimeDimArrow::schema_ref(),
            Warehouse => WarehouseArrow::schema_ref(),
            WebPage => WebPageArrow::schema_ref(),
            WebReturns => WebReturnsArrow::schema_ref(),
            WebSales => WebSalesArrow::schema_ref(),
            // `DbgenVersion` is never a `TpcdsTableKind` (not in `TPCDS_TABLES`).
            WebSite | DbgenVersion => WebSiteArrow::schema_ref(),
        }
    }

    /// The sales channel whose line items make this table's rows (sales and returns).
    fn channel(self) -> Option<(Channel, bool)> {
        match self.0 {
            Table::StoreSales => Some((Channel::Store, false)),
            Table::StoreReturns => Some((Channel::Store, true)),
            Table::CatalogSales => Some((Channel::Catalog, false)),
            Table::CatalogReturns => Some((Channel::Catalog, true)),
            Table::WebSales => Some((Channel::Web, false)),
            Table::WebReturns => Some((Channel::Web, true)),
            _ => None,
        }
    }
}

impl fmt::Display for TpcdsTableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Checks a scale factor: a finite number in `(0, MAX_SCALE_FACTOR]`.
pub fn check_scale_factor(sf: f64, shown: &str) -> Result<f64> {
    super::parts::check_scale_factor("tpcds", sf, shown, MAX_SCALE_FACTOR)
}

/// One TPC-DS table at one scale factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TpcdsTable {
    kind: TpcdsTableKind,
    scale_factor: f64,
}

impl TpcdsTable {
    /// `kind` at scale factor `scale_factor` (checked).
    pub fn try_new(kind: TpcdsTableKind, scale_factor: f64) -> Result<Self> {
        check_scale_factor(scale_factor, &scale_factor.to_string())?;
        Ok(TpcdsTable { kind, scale_factor })
    }

    /// Which table.
    pub fn kind(&self) -> TpcdsTableKind {
        self.kind
    }

    /// A dsdgen session at this scale factor (C dsdgen compatibility, the crate's default).
    fn session(&self) -> Session {
        // The scale factor is checked at construction, the only input the builder checks.
        SessionBuilder::new()
            .with_scale_factor(self.scale_factor)
            .build()
            .unwrap_or_default()
    }

    /// dsdgen's source rows: the table's rows, or a sales channel's tickets/orders.
    pub fn source_rows(&self) -> u64 {
        let table = match self.kind.channel() {
            Some((channel, _)) => channel.sales_table(),
            None => self.kind.0,
        };
        self.session().get_scaling().get_row_count(table)
    }

    /// Source rows `start..end` (0-based) of part `part`.
    fn part_span(&self, part: u64) -> (u64, u64) {
        let n = self.source_rows();
        let start = part.saturating_mul(SOURCE_ROWS_PER_PART).min(n);
        (start, start.saturating_add(SOURCE_ROWS_PER_PART).min(n))
    }
}

/// Builds a tpcdsgen-arrow generator of source rows `$start..$end` (0-based).
macro_rules! rows {
    ($arrow:ident, $session:expr, $start:expr, $end:expr, $batch:expr) => {
        Box::new(
            $arrow::new($session)
                .with_source_row_range($start + 1, $end)
                .with_batch_size($batch),
        ) as PartBatches
    };
}

impl PartTable for TpcdsTable {
    const EXEC_NAME: &'static str = "TpcdsExec";

    fn schema(&self) -> SchemaRef {
        self.kind.schema()
    }

    fn part_count(&self) -> u64 {
        self.source_rows().div_ceil(SOURCE_ROWS_PER_PART).max(1)
    }

    /// A dimension table's part has one row per source row; a sales or returns table's
    /// rows are its tickets' line items (returned ones), counted from dsdgen's streams.
    fn part_rows(&self, part: u64) -> u64 {
        if part >= self.part_count() {
            return 0;
        }
        let (start, end) = self.part_span(part);
        match self.kind.channel() {
            None => end - start,
            Some((channel, returns)) => {
                let counts = line_counts(channel, &self.session(), start, end);
                if returns {
                    counts.returned
                } else {
                    counts.sold
                }
            }
        }
    }

    fn row_count(&self) -> RowCount {
        let source = self.source_rows();
        match self.kind.channel() {
            None => RowCount::Exact(source),
            Some((channel, returns)) if source <= EXACT_MAX_TICKETS => {
                let counts = cached_counts(channel, self.scale_factor, &self.session(), source);
                RowCount::Exact(if returns {
                    counts.returned
                } else {
                    counts.sold
                })
            }
            Some((channel, returns)) => {
                let sold = source * channel.mean_lines_x2() / 2;
                RowCount::Estimate(if returns { sold / 10 } else { sold })
            }
        }
    }

    /// Dimension tables are generated in the order of their surrogate key, the first
    /// column: `1..=rows`, dates from 1900-01-02 (Julian day 2415022), seconds of the day.
    fn key(&self) -> Option<(usize, Option<(i64, i64)>)> {
        if self.kind.channel().is_some() || self.kind.0 == Table::Inventory {
            return None;
        }
        let n = self.source_rows() as i64;
        let first = match self.kind.0 {
            Table::DateDim => 2_415_022,
            Table::TimeDim => 0,
            _ => 1,
        };
        Some((0, (n > 0).then(|| (first, first + n - 1))))
    }

    fn generate_part(&self, part: u64, batch_size: usize) -> PartBatches {
        let (start, end) = self.part_span(part);
        let (s, b) = (self.session(), batch_size.max(1));
        use Table::*;
        match self.kind.0 {
            CallCenter => rows!(CallCenterArrow, s, start, end, b),
            CatalogPage => rows!(CatalogPageArrow, s, start, end, b),
            CatalogReturns => rows!(CatalogReturnsArrow, s, start, end, b),
            CatalogSales => rows!(CatalogSalesArrow, s, start, end, b),
            Customer => rows!(CustomerArrow, s, start, end, b),
            CustomerAddress => rows!(CustomerAddressArrow, s, start, end, b),
            CustomerDemographics => rows!(CustomerDemographicsArrow, s, start, end, b),
            DateDim => rows!(DateDimArrow, s, start, end, b),
            HouseholdDemographics => rows!(HouseholdDemographicsArrow, s, start, end, b),
            IncomeBand => rows!(IncomeBandArrow, s, start, end, b),
            Inventory => rows!(InventoryArrow, s, start, end, b),
            Item => rows!(ItemArrow, s, start, end, b),
            Promotion => rows!(PromotionArrow, s, start, end, b),
            Reason => rows!(ReasonArrow, s, start, end, b),
            ShipMode => rows!(ShipModeArrow, s, start, end, b),
            Store => rows!(StoreArrow, s, start, end, b),
            StoreReturns => rows!(StoreReturnsArrow, s, start, end, b),
            StoreSales => rows!(StoreSalesArrow, s, start, end, b),
            TimeDim => rows!(TimeDimArrow, s, start, end, b),
            Warehouse => rows!(WarehouseArrow, s, start, end, b),
            WebPage => rows!(WebPageArrow, s, start, end, b),
            WebReturns => rows!(WebReturnsArrow, s, start, end, b),
            WebSales => rows!(WebSalesArrow, s, start, end, b),
            // `DbgenVersion` is never a `TpcdsTableKind` (not in `TPCDS_TABLES`).
            WebSite | DbgenVersion => rows!(WebSiteArrow, s, start, end, b),
        }
    }

    fn descriptor(&self) -> String {
        format!("tpcds('{}', {})", self.kind, self.scale_factor)
    }

    fn tree_lines(&self) -> Vec<String> {
        vec![
            format!("table={}", self.table_name()),
            format!("scale_factor={}", self.scale_factor()),
        ]
    }
}

impl BenchmarkTable for TpcdsTable {
    fn table_name(&self) -> &'static str {
        self.kind.name()
    }

    fn scale_factor(&self) -> f64 {
        self.scale_factor
    }
}

/// A channel's line items over its first `tickets` source rows, computed once per scale
/// factor.
fn cached_counts(channel: Channel, sf: f64, session: &Session, tickets: u64) -> LineCounts {
    type Key = (Channel, u64);
    static CACHE: OnceLock<Mutex<HashMap<Key, LineCounts>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let key = (channel, sf.to_bits());
    if let Some(n) = cache.lock().ok().and_then(|c| c.get(&key).copied()) {
        return n;
    }
    let counts = line_counts(channel, session, 0, tickets);
    if let Ok(mut c) = cache.lock() {
        c.insert(key, counts);
    }
    counts
}
