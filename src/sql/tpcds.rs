//! TPC-DS in SQL: the table function `tpcds(table, scale_factor)`, `CREATE EXTERNAL TABLE …
//! STORED AS TPCDS OPTIONS ('table' 'store_sales', 'scale_factor' '10')`, and the statement
//! `CREATE [OR REPLACE] TPCDS TABLES [IN schema] WITH (scale_factor = 1)` (or
//! [`register_tpcds`]) which registers all 24 tables under their TPC-DS names.

use datafusion::common::Result;
use datafusion::prelude::SessionContext;

use super::benchmark::{BenchmarkFunction, BenchmarkSuite, BenchmarkTableFactory, register_suite};
use crate::table::tpcds::{self, TPCDS_TABLES, TpcdsTable, TpcdsTableKind};

/// The `STORED AS` key of TPC-DS tables.
pub const TPCDS_FORMAT: &str = "TPCDS";

/// TPC-DS as a [`BenchmarkSuite`].
#[derive(Debug, Default)]
pub struct Tpcds;

impl BenchmarkSuite for Tpcds {
    type Table = TpcdsTable;
    const NAME: &'static str = "tpcds";
    const FORMAT: &'static str = TPCDS_FORMAT;
    const MAX_SCALE_FACTOR: f64 = tpcds::MAX_SCALE_FACTOR;

    fn table_names() -> Vec<&'static str> {
        TPCDS_TABLES.iter().map(|t| t.name()).collect()
    }

    fn table(name: &str, scale_factor: f64) -> Result<TpcdsTable> {
        TpcdsTable::try_new(TpcdsTableKind::from_name(name)?, scale_factor)
    }

    fn check_scale_factor(scale_factor: f64, shown: &str) -> Result<f64> {
        tpcds::check_scale_factor(scale_factor, shown)
    }
}

/// `tpcds(table, scale_factor)`: one lazily generated TPC-DS table.
pub type TpcdsFunction = BenchmarkFunction<Tpcds>;

/// The `STORED AS TPCDS` table factory: options `table` and `scale_factor`, both required.
pub type TpcdsTableFactory = BenchmarkTableFactory<Tpcds>;

/// Registers the 24 TPC-DS tables of scale factor `scale_factor` in `ctx` under their
/// TPC-DS names (`store_sales`, `date_dim`, …), in `schema` when given. With `replace`,
/// existing tables of those names are replaced; without it an existing name is an error
/// and nothing is registered.
pub fn register_tpcds(
    ctx: &SessionContext,
    scale_factor: f64,
    schema: Option<&str>,
    replace: bool,
) -> Result<()> {
    register_suite::<Tpcds>(ctx, scale_factor, schema, replace)
}
