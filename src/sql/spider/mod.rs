//! Spider tables in SQL: the `spider(distribution, cardinality [, seed [, options]])` table
//! function and the `STORED AS SPIDER` table factory.

mod factory;
mod function;

pub use factory::SpiderTableFactory;
pub use function::SpiderFunction;
