//! The SQL surface: the `spider(...)` table function, `CREATE EXTERNAL TABLE … STORED AS
//! SPIDER`, the benchmark suites TPC-H and TPC-DS (`tpch(...)`, `STORED AS TPCH`, `CREATE TPCH
//! TABLES`; `tpcds(...)` likewise), the views of tables that change over time (`changes(...)`,
//! `history(...)`, `as_of(...)`), and [`register_all`] / [`with_synth`] which install them in a session.
//!
//! Depends on every layer below it (`generate`, `functions`, `table`, `exec`, `learn`,
//! `geoparquet`); never on `repl` or `cluster`.

pub mod benchmark;
pub mod case_guard;
mod changes;
pub mod ddl;
#[cfg(feature = "delta")]
pub mod delta;
pub mod errors;
mod external;
mod generator_udf;
#[cfg(feature = "iceberg")]
pub mod iceberg;
mod learn;
#[cfg(feature = "s3")]
pub mod object_store;
mod register;
mod spider;
mod statement;
pub mod tpcds;
pub mod tpch;

pub use changes::{AsOfFunction, ChangesFunction, HistoryFunction};
pub use ddl::{ColumnSpec, SqlTableBuilder};
pub use errors::{error_text, explain_nesting};
pub use generator_udf::GeneratorOutsideTable;
pub use learn::{FIDELITY_ROWS, learn_text};
#[cfg(feature = "s3")]
pub use object_store::{
    S3ObjectStoreRegistry, register_object_stores, register_object_stores_with_env, s3_runtime_env,
    with_object_stores,
};
pub use register::{register_all, with_synth};
pub use spider::{SpiderFunction, SpiderTableFactory};
pub use statement::{SqlStatement, execute_sql, split_statements};
pub use tpcds::{TPCDS_FORMAT, TpcdsFunction, TpcdsTableFactory, register_tpcds};
pub use tpch::{TPCH_FORMAT, TpchFunction, TpchTableFactory, register_tpch};
