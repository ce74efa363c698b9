//! The SQL surface: the `spider(...)` table function, `CREATE EXTERNAL TABLE … STORED AS
//! SPIDER`, TPC-H (`tpch(...)`, `STORED AS TPCH`, `CREATE TPCH TABLES`), and [`register_all`] / [`with_synth`] which install them in a session.

pub(crate) mod args;
pub mod ddl;
mod generator_udf;
mod register;
mod spider_factory;
mod spider_function;
pub(crate) mod spider_options;
mod statement;
pub mod tpch;

pub use ddl::{ColumnSpec, SqlTableBuilder};
pub use generator_udf::GeneratorOutsideTable;
pub use register::{register_all, with_synth};
pub use spider_factory::SpiderTableFactory;
pub use spider_function::SpiderFunction;
pub use spider_options::{OPTION_KEYS, build_spec, parse_option_string};
pub use statement::{SqlStatement, execute_sql, split_statements};
pub use tpch::{TPCH_FORMAT, TpchFunction, TpchTableFactory, register_tpch};
