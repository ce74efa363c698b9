//! TPC-H in SQL: the table function `tpch(table, scale_factor)`, `CREATE EXTERNAL TABLE …
//! STORED AS TPCH OPTIONS ('table' 'lineitem', 'scale_factor' '10')`, and the statement
//! `CREATE [OR REPLACE] TPCH TABLES WITH (scale_factor = 1)` (or [`register_tpch`]) which
//! registers all eight tables under their TPC-H names.

use std::sync::Arc;

use async_trait::async_trait;
use datafusion::catalog::{
    Session, TableFunctionArgs, TableFunctionImpl, TableProvider, TableProviderFactory,
};
use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::dataframe::DataFrame;
use datafusion::logical_expr::{CreateExternalTable, Expr, LogicalPlanBuilder};
use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};

use super::external::check_declared_columns;
use crate::exec::TpchTableProvider;
use crate::table::tpch::{TPCH_TABLES, TpchTable, TpchTableKind, check_scale_factor};

/// The `STORED AS` key of TPC-H tables.
pub const TPCH_FORMAT: &str = "TPCH";

const USAGE: &str = "tpch(table, scale_factor)";

/// A scale factor from a SQL constant: any number (integer, float or decimal) in range.
fn scale_factor_from_scalar(v: &ScalarValue) -> Result<f64> {
    let shown = v.to_string();
    let sf = match v {
        v if v.is_null() => None,
        v if v.data_type().is_numeric() => v
            .cast_to(&datafusion::arrow::datatypes::DataType::Float64)
            .ok()
            .and_then(|f| match f {
                ScalarValue::Float64(Some(x)) => Some(x),
                _ => None,
            }),
        _ => None,
    };
    match sf {
        Some(x) => check_scale_factor(x, &shown),
        None => plan_err!(
            "tpch: invalid value for 'scale_factor': {shown} ({}); allowed: a number > 0 and <= {}",
            v.data_type(),
            crate::table::tpch::MAX_SCALE_FACTOR
        ),
    }
}

/// A scale factor from option text (`'10'`, `'0.01'`, `'1e3'`).
fn scale_factor_from_str(s: &str) -> Result<f64> {
    match s.trim().parse::<f64>() {
        Ok(x) => check_scale_factor(x, s),
        Err(_) => check_scale_factor(f64::NAN, &format!("'{s}'")),
    }
}

/// `tpch(table, scale_factor)`: one lazily generated TPC-H table.
#[derive(Debug, Default)]
pub struct TpchFunction;

impl TableFunctionImpl for TpchFunction {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let exprs = args.exprs();
        if exprs.len() != 2 {
            return plan_err!(
                "tpch: expected 2 arguments, got {}; usage: {USAGE}",
                exprs.len()
            );
        }
        let literal = |i: usize, name: &str| match &exprs[i] {
            Expr::Literal(v, _) => Ok(v),
            e => plan_err!(
                "tpch: argument #{} ({name}) must be a constant, got {e}; usage: {USAGE}",
                i + 1
            ),
        };
        let table = match literal(0, "table")? {
            ScalarValue::Utf8(Some(s))
            | ScalarValue::LargeUtf8(Some(s))
            | ScalarValue::Utf8View(Some(s)) => TpchTableKind::from_name(s)?,
            v => {
                return plan_err!(
                    "tpch: argument #1 (table) must be a string, got {v} ({}); usage: {USAGE}",
                    v.data_type()
                );
            }
        };
        let sf = scale_factor_from_scalar(literal(1, "scale_factor")?)?;
        Ok(Arc::new(TpchTableProvider::new(TpchTable::try_new(
            table, sf,
        )?)))
    }
}

/// The `STORED AS TPCH` table factory: options `table` and `scale_factor`, both required.
#[derive(Debug, Default)]
pub struct TpchTableFactory;

#[async_trait]
impl TableProviderFactory for TpchTableFactory {
    async fn create(
        &self,
        _state: &dyn Session,
        cmd: &CreateExternalTable,
    ) -> Result<Arc<dyn TableProvider>> {
        if !cmd.table_partition_cols.is_empty() {
            return plan_err!("STORED AS TPCH: PARTITIONED BY is not supported");
        }
        if !cmd.order_exprs.is_empty() {
            return plan_err!("STORED AS TPCH: WITH ORDER is not supported");
        }
        if cmd.unbounded {
            return plan_err!("STORED AS TPCH: UNBOUNDED is not supported (tables are bounded)");
        }
        let (mut table, mut sf) = (None, None);
        for (key, value) in &cmd.options {
            // DataFusion rewrites option keys without a dot to `format.<key>`.
            let key = key
                .strip_prefix("format.")
                .unwrap_or(key)
                .to_ascii_lowercase();
            match key.as_str() {
                "table" => table = Some(TpchTableKind::from_name(value)?),
                "scale_factor" => sf = Some(scale_factor_from_str(value)?),
                other => {
                    return plan_err!(
                        "STORED AS TPCH: unknown option '{other}'; allowed: table, scale_factor"
                    );
                }
            }
        }
        let (Some(table), Some(sf)) = (table, sf) else {
            return plan_err!(
                "STORED AS TPCH: OPTIONS must name 'table' (one of {}) and 'scale_factor'",
                TPCH_TABLES.map(|t| t.name()).join(", ")
            );
        };
        let provider = TpchTableProvider::new(TpchTable::try_new(table, sf)?);
        check_declared_columns("STORED AS TPCH", cmd, &provider.schema())?;
        Ok(Arc::new(provider))
    }
}

/// Registers the eight TPC-H tables of scale factor `scale_factor` in `ctx` under their
/// TPC-H names (`lineitem`, `orders`, …). With `replace`, existing tables of those names
/// are replaced; without it an existing name is an error and nothing is registered.
pub fn register_tpch(ctx: &SessionContext, scale_factor: f64, replace: bool) -> Result<()> {
    check_scale_factor(scale_factor, &scale_factor.to_string())?;
    if !replace {
        for kind in TPCH_TABLES {
            if ctx.table_exist(kind.name())? {
                return plan_err!(
                    "CREATE TPCH TABLES: table '{kind}' already exists; use CREATE OR REPLACE TPCH TABLES"
                );
            }
        }
    }
    for kind in TPCH_TABLES {
        let provider = TpchTableProvider::new(TpchTable::try_new(kind, scale_factor)?);
        ctx.deregister_table(kind.name())?;
        ctx.register_table(kind.name(), Arc::new(provider))?;
    }
    Ok(())
}

/// The words of a statement (identifiers and keywords upper-cased, numbers and symbols as
/// written), without whitespace and comments; `None` when it cannot be tokenized.
fn words(sql: &str) -> Option<Vec<String>> {
    let tokens = Tokenizer::new(&GenericDialect {}, sql).tokenize().ok()?;
    Some(
        tokens
            .into_iter()
            .filter(|t| !matches!(t, Token::Whitespace(_) | Token::EOF | Token::SemiColon))
            .map(|t| match t {
                Token::Word(w) => w.value.to_ascii_uppercase(),
                t => t.to_string(),
            })
            .collect(),
    )
}

/// Whether `sql` is a `CREATE [OR REPLACE] TPCH TABLES …` statement.
pub fn is_create_tpch(sql: &str) -> bool {
    let Some(w) = words(sql) else { return false };
    let w: Vec<&str> = w.iter().map(String::as_str).collect();
    matches!(
        w.as_slice(),
        ["CREATE", "TPCH", "TABLES", ..] | ["CREATE", "OR", "REPLACE", "TPCH", "TABLES", ..]
    )
}

/// Executes `CREATE [OR REPLACE] TPCH TABLES [WITH] (scale_factor = N)`.
pub async fn create_tpch_tables(ctx: &SessionContext, sql: &str) -> Result<DataFrame> {
    const GRAMMAR: &str = "CREATE [OR REPLACE] TPCH TABLES WITH (scale_factor = <number>)";
    let Some(w) = words(sql) else {
        return plan_err!("CREATE TPCH TABLES: cannot read the statement; expected {GRAMMAR}");
    };
    let (replace, rest) = match w.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["CREATE", "OR", "REPLACE", "TPCH", "TABLES", rest @ ..] => (true, rest.join(" ")),
        ["CREATE", "TPCH", "TABLES", rest @ ..] => (false, rest.join(" ")),
        _ => return plan_err!("CREATE TPCH TABLES: expected {GRAMMAR}"),
    };
    let rest = rest.strip_prefix("WITH ").unwrap_or(&rest);
    let parts: Vec<&str> = rest.split(' ').collect();
    let sf = match parts.as_slice() {
        ["(", "SCALE_FACTOR", "=", value, ")"] => scale_factor_from_str(value)?,
        ["(", "SCALE_FACTOR", "=", "-", value, ")"] => scale_factor_from_str(&format!("-{value}"))?,
        _ => {
            return plan_err!(
                "CREATE TPCH TABLES: expected {GRAMMAR}, got '{}'",
                sql.trim()
            );
        }
    };
    register_tpch(ctx, sf, replace)?;
    // An empty result, like DataFusion's own DDL.
    Ok(DataFrame::new(
        ctx.state(),
        LogicalPlanBuilder::empty(false).build()?,
    ))
}
