//! TPC-H in SQL: the table function `tpch(table, scale_factor)`, `CREATE EXTERNAL TABLE …
//! STORED AS TPCH OPTIONS ('table' 'lineitem', 'scale_factor' '10')`, and the statement
//! `CREATE [OR REPLACE] TPCH TABLES [IN schema] WITH (scale_factor = 1)` (or
//! [`register_tpch`]) which registers all eight tables under their TPC-H names.

use datafusion::common::Result;
use datafusion::prelude::SessionContext;

use super::benchmark::{BenchmarkFunction, BenchmarkSuite, BenchmarkTableFactory, register_suite};
use crate::table::tpch::{self, TPCH_TABLES, TpchTable, TpchTableKind};

/// The `STORED AS` key of TPC-H tables.
pub const TPCH_FORMAT: &str = "TPCH";

/// TPC-H as a [`BenchmarkSuite`].
#[derive(Debug, Default)]
pub struct Tpch;

impl BenchmarkSuite for Tpch {
    type Table = TpchTable;
    const NAME: &'static str = "tpch";
    const FORMAT: &'static str = TPCH_FORMAT;
    const MAX_SCALE_FACTOR: f64 = tpch::MAX_SCALE_FACTOR;

    fn table_names() -> Vec<&'static str> {
        TPCH_TABLES.iter().map(|t| t.name()).collect()
    }

    fn table(name: &str, scale_factor: f64) -> Result<TpchTable> {
        TpchTable::try_new(TpchTableKind::from_name(name)?, scale_factor)
    }

    fn check_scale_factor(scale_factor: f64, shown: &str) -> Result<f64> {
        tpch::check_scale_factor(scale_factor, shown)
    }
}

/// `tpch(table, scale_factor)`: one lazily generated TPC-H table.
pub type TpchFunction = BenchmarkFunction<Tpch>;

/// The `STORED AS TPCH` table factory: options `table` and `scale_factor`, both required.
pub type TpchTableFactory = BenchmarkTableFactory<Tpch>;

/// Registers the eight TPC-H tables of scale factor `scale_factor` in `ctx` under their
/// TPC-H names (`lineitem`, `orders`, …). With `replace`, existing tables of those names
/// are replaced; without it an existing name is an error and nothing is registered.
pub fn register_tpch(ctx: &SessionContext, scale_factor: f64, replace: bool) -> Result<()> {
    register_suite::<Tpch>(ctx, scale_factor, None, replace)
}
