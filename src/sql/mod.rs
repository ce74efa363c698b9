//! The SQL surface: the `spider(...)` table function, `CREATE EXTERNAL TABLE … STORED AS
//! SPIDER`, TPC-H (`tpch(...)`, `STORED AS TPCH`, `CREATE TPCH TABLES`), and [`register_all`] / [`with_synth`] which install them in a session.

pub(crate) mod args;
pub mod ddl;
mod generator_udf;
#[cfg(feature = "s3")]
pub mod object_store;
mod register;
mod spider_factory;
mod spider_function;
pub(crate) mod spider_options;
mod statement;
pub mod tpch;

pub use ddl::{ColumnSpec, SqlTableBuilder};
pub use generator_udf::GeneratorOutsideTable;
#[cfg(feature = "s3")]
pub use object_store::{
    S3ObjectStoreRegistry, register_object_stores, register_object_stores_with_env, s3_runtime_env,
    with_object_stores,
};
pub use register::{register_all, with_synth};
pub use spider_factory::SpiderTableFactory;
pub use spider_function::SpiderFunction;
pub use spider_options::{OPTION_KEYS, build_spec, parse_option_string};
pub use statement::{SqlStatement, execute_sql, split_statements};
pub use tpch::{TPCH_FORMAT, TpchFunction, TpchTableFactory, register_tpch};
