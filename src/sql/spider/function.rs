//! The table function `spider(distribution, cardinality [, seed [, options]])`.

use std::sync::Arc;

use datafusion::catalog::{TableFunctionArgs, TableFunctionImpl, TableProvider};
use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::logical_expr::Expr;

use crate::exec::SyntheticTableProvider;
use crate::functions::args::u64_from_scalar;
use crate::functions::spider::parse_option_string;
use crate::table::SpiderOrigin;
use crate::table::spider::spider_table;

/// `spider(distribution, cardinality [, seed [, options]])`: a lazily generated Spider
/// table. `options` is a string of `key=value` pairs, e.g. `'percentage=0.3 buffer=0.2'`.
#[derive(Debug, Default)]
pub struct SpiderFunction;

const USAGE: &str = "spider(distribution, cardinality [, seed [, options]])";
const ARG_NAMES: [&str; 4] = ["distribution", "cardinality", "seed", "options"];

fn literal(args: &[Expr], i: usize) -> Result<&ScalarValue> {
    match &args[i] {
        Expr::Literal(v, _) => Ok(v),
        e => plan_err!(
            "spider: argument #{} ({}) must be a constant, got {e}; usage: {USAGE}",
            i + 1,
            ARG_NAMES[i]
        ),
    }
}

fn string_arg(args: &[Expr], i: usize) -> Result<String> {
    match literal(args, i)? {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Ok(s.clone()),
        v => plan_err!(
            "spider: argument #{} ({}) must be a string, got {v} ({}); usage: {USAGE}",
            i + 1,
            ARG_NAMES[i],
            v.data_type()
        ),
    }
}

impl TableFunctionImpl for SpiderFunction {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        if !(2..=4).contains(&exprs.len()) {
            return plan_err!(
                "spider: expected 2 to 4 arguments, got {}; usage: {USAGE}",
                exprs.len()
            );
        }
        let distribution = string_arg(exprs, 0)?;
        let cardinality = u64_from_scalar(
            "spider",
            "cardinality",
            literal(exprs, 1)?,
            1,
            i64::MAX as u64,
        )?;
        let seed = match exprs.get(2) {
            Some(_) => u64_from_scalar("spider", "seed", literal(exprs, 2)?, 0, u64::MAX)?,
            None => 0,
        };
        let options = match exprs.get(3) {
            Some(_) => parse_option_string(&string_arg(exprs, 3)?)?,
            None => vec![],
        };
        let table = spider_table(SpiderOrigin {
            name: "spider".to_string(),
            distribution,
            cardinality,
            seed,
            options,
        })?;
        Ok(Arc::new(SyntheticTableProvider::new(Arc::new(table))))
    }
}
