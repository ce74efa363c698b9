//! TPC-H tables as a table kind: which table, which scale factor, how many rows, and how the
//! table splits into tpchgen *parts* (contiguous row runs that tpchgen generates
//! independently and that concatenate to the whole table). Generation itself is the
//! `tpchgen` / `tpchgen-arrow` crates' (byte-compatible with the official dbgen).

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, OnceLock};

use datafusion::arrow::datatypes::SchemaRef;
use datafusion::common::utils::datafusion_strsim::levenshtein;
use datafusion::common::{Result, plan_err};
use tpchgen::dates::GenerateUtils;

pub use super::parts::RowCount;
use super::parts::{BenchmarkTable, PartBatches, PartTable};
use tpchgen::generators::{
    CustomerGenerator, LineItemGenerator, NationGenerator, OrderGenerator, PartGenerator,
    PartSuppGenerator, RegionGenerator, SupplierGenerator,
};
use tpchgen_arrow::{
    CustomerArrow, LineItemArrow, NationArrow, OrderArrow, PartArrow, PartSuppArrow, RegionArrow,
    SupplierArrow,
};

/// The largest scale factor accepted: TPC-H's largest official one. Keys and row counts
/// stay far inside `i64` and the number of parts inside `i32`.
pub const MAX_SCALE_FACTOR: f64 = 100_000.0;

/// Rows of the *base* table (orders for lineitem, part for partsupp) per tpchgen part.
/// Parts are the unit of partitioning and of `LIMIT`; small enough that a limit stops early,
/// large enough that the per-part set-up (tpchgen's O(log n) seek) is negligible.
const BASE_ROWS_PER_PART: u64 = 1 << 14;

/// The eight TPC-H tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TpchTableKind {
    Region,
    Nation,
    Supplier,
    Customer,
    Part,
    PartSupp,
    Orders,
    LineItem,
}

/// Every TPC-H table, in the order of the specification.
pub const TPCH_TABLES: [TpchTableKind; 8] = [
    TpchTableKind::Part,
    TpchTableKind::Supplier,
    TpchTableKind::PartSupp,
    TpchTableKind::Customer,
    TpchTableKind::Orders,
    TpchTableKind::LineItem,
    TpchTableKind::Nation,
    TpchTableKind::Region,
];

impl TpchTableKind {
    /// The table's TPC-H name (lower case).
    pub fn name(self) -> &'static str {
        match self {
            Self::Region => "region",
            Self::Nation => "nation",
            Self::Supplier => "supplier",
            Self::Customer => "customer",
            Self::Part => "part",
            Self::PartSupp => "partsupp",
            Self::Orders => "orders",
            Self::LineItem => "lineitem",
        }
    }

    /// The table named `name` (case-insensitive); an unknown name is an error with the
    /// closest name and the list of tables.
    pub fn from_name(name: &str) -> Result<Self> {
        let lower = name.trim().to_ascii_lowercase();
        if let Some(t) = TPCH_TABLES.iter().find(|t| t.name() == lower) {
            return Ok(*t);
        }
        let names: Vec<&str> = TPCH_TABLES.iter().map(|t| t.name()).collect();
        let closest = names
            .iter()
            .map(|n| (levenshtein(&lower, n), *n))
            .filter(|(d, _)| *d <= 3)
            .min();
        match closest {
            Some((_, n)) => plan_err!(
                "tpch: invalid value for 'table': '{name}'; did you mean '{n}'? allowed: {}",
                names.join(", ")
            ),
            None => plan_err!(
                "tpch: invalid value for 'table': '{name}'; allowed: {}",
                names.join(", ")
            ),
        }
    }

    /// The Arrow schema tpchgen-arrow produces for this table.
    pub fn schema(self) -> SchemaRef {
        match self {
            Self::Region => RegionArrow::schema_ref(),
            Self::Nation => NationArrow::schema_ref(),
            Self::Supplier => SupplierArrow::schema_ref(),
            Self::Customer => CustomerArrow::schema_ref(),
            Self::Part => PartArrow::schema_ref(),
            Self::PartSupp => PartSuppArrow::schema_ref(),
            Self::Orders => OrderArrow::schema_ref(),
            Self::LineItem => LineItemArrow::schema_ref(),
        }
    }

    /// tpchgen's rows of the base table at scale factor 1 (nation and region are fixed).
    fn scale_base(self) -> Option<u64> {
        match self {
            Self::Region | Self::Nation => None,
            Self::Supplier => Some(10_000),
            Self::Customer => Some(150_000),
            Self::Part | Self::PartSupp => Some(200_000),
            Self::Orders | Self::LineItem => Some(1_500_000),
        }
    }
}

impl fmt::Display for TpchTableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Checks a scale factor: a finite number in `(0, MAX_SCALE_FACTOR]`.
pub fn check_scale_factor(sf: f64, shown: &str) -> Result<f64> {
    super::parts::check_scale_factor("tpch", sf, shown, MAX_SCALE_FACTOR)
}

/// One TPC-H table at one scale factor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TpchTable {
    kind: TpchTableKind,
    scale_factor: f64,
}

/// Up to this many orders (SF 100) lineitem's row count is computed exactly at planning
/// (one pass of tpchgen's line-count random stream, cached per scale factor: about 1 s in a
/// release build for SF 100); above it the count is the mean, 4 lines per order, and marked
/// inexact.
pub const EXACT_LINEITEM_MAX_ORDERS: u64 = 150_000_000;

impl TpchTable {
    /// `kind` at scale factor `scale_factor` (checked).
    pub fn try_new(kind: TpchTableKind, scale_factor: f64) -> Result<Self> {
        check_scale_factor(scale_factor, &scale_factor.to_string())?;
        Ok(TpchTable { kind, scale_factor })
    }

    /// Which table.
    pub fn kind(&self) -> TpchTableKind {
        self.kind
    }

    /// Rows of the base table (orders for lineitem, part for partsupp), as tpchgen computes
    /// them: `trunc(scale_base · sf)`.
    pub fn base_rows(&self) -> u64 {
        match self.kind.scale_base() {
            Some(base) => (base as f64 * self.scale_factor) as u64,
            None => match self.kind {
                TpchTableKind::Region => 5,
                _ => 25,
            },
        }
    }

    /// The minimum and maximum of the table's first (key) column, when the table has rows.
    pub fn key_range(&self) -> Option<(i64, i64)> {
        let base = self.base_rows() as i64;
        if base == 0 {
            return None;
        }
        Some(match self.kind {
            TpchTableKind::Region | TpchTableKind::Nation => (0, base - 1),
            TpchTableKind::Orders | TpchTableKind::LineItem => (
                OrderGenerator::make_order_key(1),
                OrderGenerator::make_order_key(base),
            ),
            _ => (1, base),
        })
    }

    /// tpchgen's part count (an `i32`: tpchgen numbers parts `1..=n`).
    fn tpchgen_parts(&self) -> i32 {
        match self.kind {
            TpchTableKind::Region | TpchTableKind::Nation => 1,
            _ => {
                let parts = self.base_rows().div_ceil(BASE_ROWS_PER_PART).max(1);
                i32::try_from(parts).unwrap_or(i32::MAX)
            }
        }
    }
}

impl PartTable for TpchTable {
    const EXEC_NAME: &'static str = "TpchExec";

    fn schema(&self) -> SchemaRef {
        self.kind.schema()
    }

    /// How many tpchgen parts the table is split into.
    fn part_count(&self) -> u64 {
        self.tpchgen_parts() as u64
    }

    /// tpchgen's split of the base rows (the last part takes the remainder; partsupp has 4
    /// rows per part); for lineitem the sum of the part's orders' line counts, drawn from
    /// tpchgen's line-count stream jumped to the part's first order (a few ns per order, no
    /// row is generated).
    fn part_rows(&self, part: u64) -> u64 {
        let n = self.tpchgen_parts();
        let Some(part) = i32::try_from(part).ok().filter(|p| (0..n).contains(p)) else {
            return 0;
        };
        let Some(base) = self.kind.scale_base() else {
            return self.base_rows();
        };
        let (p, base) = (part + 1, base as i32);
        let rows = GenerateUtils::calculate_row_count(base, self.scale_factor, p, n).max(0) as u64;
        match self.kind {
            TpchTableKind::PartSupp => rows * 4,
            TpchTableKind::LineItem => {
                let start = GenerateUtils::calculate_start_index(base, self.scale_factor, p, n);
                let mut random = OrderGenerator::create_line_count_random();
                random.advance_rows(start);
                let mut total = 0u64;
                for _ in 0..rows {
                    total += random.next_value() as u64;
                    random.row_finished();
                }
                total
            }
            _ => rows,
        }
    }

    fn row_count(&self) -> RowCount {
        let base = self.base_rows();
        match self.kind {
            TpchTableKind::PartSupp => RowCount::Exact(base * 4),
            TpchTableKind::LineItem if base <= EXACT_LINEITEM_MAX_ORDERS => {
                RowCount::Exact(cached_lineitem_rows(base))
            }
            TpchTableKind::LineItem => RowCount::Estimate(base * 4),
            _ => RowCount::Exact(base),
        }
    }

    /// Every table is generated in the order of its first column.
    fn key(&self) -> Option<(usize, Option<(i64, i64)>)> {
        Some((0, self.key_range()))
    }

    fn generate_part(&self, part: u64, batch_size: usize) -> PartBatches {
        let (sf, p, n) = (self.scale_factor, part as i32 + 1, self.tpchgen_parts());
        let batch_size = batch_size.max(1);
        match self.kind {
            TpchTableKind::Region => Box::new(
                RegionArrow::new(RegionGenerator::new(sf, p, n)).with_batch_size(batch_size),
            ),
            TpchTableKind::Nation => Box::new(
                NationArrow::new(NationGenerator::new(sf, p, n)).with_batch_size(batch_size),
            ),
            TpchTableKind::Supplier => Box::new(
                SupplierArrow::new(SupplierGenerator::new(sf, p, n)).with_batch_size(batch_size),
            ),
            TpchTableKind::Customer => Box::new(
                CustomerArrow::new(CustomerGenerator::new(sf, p, n)).with_batch_size(batch_size),
            ),
            TpchTableKind::Part => {
                Box::new(PartArrow::new(PartGenerator::new(sf, p, n)).with_batch_size(batch_size))
            }
            TpchTableKind::PartSupp => Box::new(
                PartSuppArrow::new(PartSuppGenerator::new(sf, p, n)).with_batch_size(batch_size),
            ),
            TpchTableKind::Orders => {
                Box::new(OrderArrow::new(OrderGenerator::new(sf, p, n)).with_batch_size(batch_size))
            }
            TpchTableKind::LineItem => Box::new(
                LineItemArrow::new(LineItemGenerator::new(sf, p, n)).with_batch_size(batch_size),
            ),
        }
    }

    fn descriptor(&self) -> String {
        format!("tpch('{}', {})", self.kind, self.scale_factor)
    }

    fn tree_lines(&self) -> Vec<String> {
        vec![
            format!("table={}", self.table_name()),
            format!("scale_factor={}", self.scale_factor()),
        ]
    }
}

impl BenchmarkTable for TpchTable {
    fn table_name(&self) -> &'static str {
        self.kind.name()
    }

    fn scale_factor(&self) -> f64 {
        self.scale_factor
    }
}

/// The number of lineitem rows of `orders` orders: the sum of tpchgen's per-order line
/// counts (1..=7), from the same random stream tpchgen uses.
pub fn lineitem_rows(orders: u64) -> u64 {
    let mut random = OrderGenerator::create_line_count_random();
    let mut total = 0u64;
    for _ in 0..orders {
        total += random.next_value() as u64;
        random.row_finished();
    }
    total
}

/// [`lineitem_rows`], computed once per order count.
fn cached_lineitem_rows(orders: u64) -> u64 {
    static CACHE: OnceLock<Mutex<HashMap<u64, u64>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(n) = cache.lock().ok().and_then(|c| c.get(&orders).copied()) {
        return n;
    }
    let n = lineitem_rows(orders);
    if let Ok(mut c) = cache.lock() {
        c.insert(orders, n);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_suggest() {
        for t in TPCH_TABLES {
            assert_eq!(
                TpchTableKind::from_name(&t.name().to_uppercase()).unwrap(),
                t
            );
        }
        let e = TpchTableKind::from_name("lineitems")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean 'lineitem'?"), "{e}");
    }

    #[test]
    fn lineitem_count_matches_dbgen_at_sf1() {
        // dbgen's published lineitem cardinality at SF 1.
        assert_eq!(lineitem_rows(1_500_000), 6_001_215);
    }

    /// Part row counts add up to the table's: lineitem's per-part line counts (each drawn
    /// from the stream jumped to the part's first order) sum to the whole table's count.
    #[test]
    fn part_rows_add_up_to_the_table() {
        for kind in TPCH_TABLES {
            let t = TpchTable::try_new(kind, 0.05).unwrap();
            let sum: u64 = (0..t.part_count()).map(|p| t.part_rows(p)).sum();
            assert_eq!(sum, t.row_count().value(), "{kind}");
            assert_eq!(t.part_rows(t.part_count()), 0);
            assert_eq!(t.part_rows(u64::MAX), 0);
        }
        let t = TpchTable::try_new(TpchTableKind::LineItem, 0.05).unwrap();
        let generated: usize = t
            .generate_part(2, 8192)
            .map(|b| b.unwrap().num_rows())
            .sum();
        assert_eq!(t.part_rows(2), generated as u64);
    }

    #[test]
    fn parts_cover_the_base_rows() {
        let t = TpchTable::try_new(TpchTableKind::Orders, 0.05).unwrap();
        assert_eq!(t.base_rows(), 75_000);
        assert_eq!(t.part_count(), 5);
        let t = TpchTable::try_new(TpchTableKind::Nation, 1000.0).unwrap();
        assert_eq!(t.part_count(), 1);
        assert_eq!(t.row_count(), RowCount::Exact(25));
    }
}
