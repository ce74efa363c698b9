//! Benchmark suites in SQL (TPC-H, TPC-DS): for a suite `x`, the table function
//! `x(table, scale_factor)`, `CREATE EXTERNAL TABLE … STORED AS X OPTIONS ('table' …,
//! 'scale_factor' …)`, and the statement `CREATE [OR REPLACE] X TABLES [IN schema] WITH
//! (scale_factor = N)` (or [`register_suite`]) which registers every table of the suite under
//! its own name. Each suite is a [`BenchmarkSuite`]: its name, its tables and its limits.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use async_trait::async_trait;
use datafusion::arrow::datatypes::DataType;
use datafusion::catalog::{
    MemorySchemaProvider, Session, TableFunctionArgs, TableFunctionImpl, TableProvider,
    TableProviderFactory,
};
use datafusion::common::{Result, ScalarValue, TableReference, plan_err};
use datafusion::dataframe::DataFrame;
use datafusion::logical_expr::{CreateExternalTable, Expr, LogicalPlanBuilder};
use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};

use super::external::check_declared_columns;
use crate::exec::PartTableProvider;
use crate::table::parts::BenchmarkTable;

/// A benchmark suite whose tables are generated in parts.
pub trait BenchmarkSuite: fmt::Debug + Default + Send + Sync + 'static {
    /// The table kind.
    type Table: BenchmarkTable;

    /// The table function's name and the prefix of its errors (`tpch`).
    const NAME: &'static str;

    /// The `STORED AS` key and the word of `CREATE … TABLES` (`TPCH`).
    const FORMAT: &'static str;

    /// The largest scale factor accepted.
    const MAX_SCALE_FACTOR: f64;

    /// The names of the suite's tables, in the specification's order.
    fn table_names() -> Vec<&'static str>;

    /// The table named `name` (an error naming the closest table when unknown) at scale
    /// factor `scale_factor` (checked).
    fn table(name: &str, scale_factor: f64) -> Result<Self::Table>;

    /// Checks a scale factor; `shown` is how the user wrote it.
    fn check_scale_factor(scale_factor: f64, shown: &str) -> Result<f64>;
}

/// A scale factor from a SQL constant: any number (integer, float or decimal) in range.
fn scale_factor_from_scalar<S: BenchmarkSuite>(v: &ScalarValue) -> Result<f64> {
    let shown = v.to_string();
    let sf = match v {
        v if v.is_null() => None,
        v if v.data_type().is_numeric() => match v.cast_to(&DataType::Float64) {
            Ok(ScalarValue::Float64(Some(x))) => Some(x),
            _ => None,
        },
        _ => None,
    };
    match sf {
        Some(x) => S::check_scale_factor(x, &shown),
        None => plan_err!(
            "{}: invalid value for 'scale_factor': {shown} ({}); allowed: a number > 0 and <= {}",
            S::NAME,
            v.data_type(),
            S::MAX_SCALE_FACTOR
        ),
    }
}

/// A scale factor from option text (`'10'`, `'0.01'`, `'1e3'`).
fn scale_factor_from_str<S: BenchmarkSuite>(s: &str) -> Result<f64> {
    match s.trim().parse::<f64>() {
        Ok(x) => S::check_scale_factor(x, s),
        Err(_) => S::check_scale_factor(f64::NAN, &format!("'{s}'")),
    }
}

/// The provider of `table` at `scale_factor`.
fn provider<S: BenchmarkSuite>(table: &str, scale_factor: f64) -> Result<Arc<dyn TableProvider>> {
    Ok(Arc::new(PartTableProvider::new(S::table(
        table,
        scale_factor,
    )?)))
}

/// The table function `x(table, scale_factor)`: one lazily generated table of suite `S`.
#[derive(Debug, Default)]
pub struct BenchmarkFunction<S>(PhantomData<S>);

impl<S: BenchmarkSuite> TableFunctionImpl for BenchmarkFunction<S> {
    fn call_with_args(&self, args: TableFunctionArgs) -> Result<Arc<dyn TableProvider>> {
        let name = S::NAME;
        let usage = format!("{name}(table, scale_factor)");
        let exprs = args.exprs();
        if exprs.len() != 2 {
            return plan_err!(
                "{name}: expected 2 arguments, got {}; usage: {usage}",
                exprs.len()
            );
        }
        let literal = |i: usize, arg: &str| match &exprs[i] {
            Expr::Literal(v, _) => Ok(v),
            e => plan_err!(
                "{name}: argument #{} ({arg}) must be a constant, got {e}; usage: {usage}",
                i + 1
            ),
        };
        let table = match literal(0, "table")? {
            ScalarValue::Utf8(Some(s))
            | ScalarValue::LargeUtf8(Some(s))
            | ScalarValue::Utf8View(Some(s)) => s.clone(),
            v => {
                return plan_err!(
                    "{name}: argument #1 (table) must be a string, got {v} ({}); usage: {usage}",
                    v.data_type()
                );
            }
        };
        // The table name is checked first: its error is the more useful one.
        S::table(&table, 1.0)?;
        let sf = scale_factor_from_scalar::<S>(literal(1, "scale_factor")?)?;
        provider::<S>(&table, sf)
    }
}

/// The `STORED AS X` table factory: options `table` and `scale_factor`, both required.
#[derive(Debug, Default)]
pub struct BenchmarkTableFactory<S>(PhantomData<S>);

#[async_trait]
impl<S: BenchmarkSuite> TableProviderFactory for BenchmarkTableFactory<S> {
    async fn create(
        &self,
        _state: &dyn Session,
        cmd: &CreateExternalTable,
    ) -> Result<Arc<dyn TableProvider>> {
        let stored = format!("STORED AS {}", S::FORMAT);
        if !cmd.table_partition_cols.is_empty() {
            return plan_err!("{stored}: PARTITIONED BY is not supported");
        }
        if !cmd.order_exprs.is_empty() {
            return plan_err!("{stored}: WITH ORDER is not supported");
        }
        if cmd.unbounded {
            return plan_err!("{stored}: UNBOUNDED is not supported (tables are bounded)");
        }
        let (mut table, mut sf) = (None, None);
        for (key, value) in &cmd.options {
            // DataFusion rewrites option keys without a dot to `format.<key>`.
            let key = key
                .strip_prefix("format.")
                .unwrap_or(key)
                .to_ascii_lowercase();
            match key.as_str() {
                "table" => {
                    S::table(value, 1.0)?;
                    table = Some(value.clone());
                }
                "scale_factor" => sf = Some(scale_factor_from_str::<S>(value)?),
                other => {
                    return plan_err!(
                        "{stored}: unknown option '{other}'; allowed: table, scale_factor"
                    );
                }
            }
        }
        let (Some(table), Some(sf)) = (table, sf) else {
            return plan_err!(
                "{stored}: OPTIONS must name 'table' (one of {}) and 'scale_factor'",
                S::table_names().join(", ")
            );
        };
        let provider = provider::<S>(&table, sf)?;
        check_declared_columns(&stored, cmd, &provider.schema())?;
        Ok(provider)
    }
}

/// Registers every table of suite `S` at scale factor `scale_factor` in `ctx` under its own
/// name, in `schema` of the default catalog when given (created if absent). With `replace`,
/// existing tables of those names are replaced; without it an existing name is an error
/// and nothing is registered.
pub fn register_suite<S: BenchmarkSuite>(
    ctx: &SessionContext,
    scale_factor: f64,
    schema: Option<&str>,
    replace: bool,
) -> Result<()> {
    S::check_scale_factor(scale_factor, &scale_factor.to_string())?;
    let format = S::FORMAT;
    let reference = |name: &'static str| match schema {
        Some(s) => TableReference::partial(s.to_string(), name),
        None => TableReference::bare(name),
    };
    if let Some(schema) = schema {
        let catalog_name = ctx
            .copied_config()
            .options()
            .catalog
            .default_catalog
            .clone();
        let Some(catalog) = ctx.catalog(&catalog_name) else {
            return plan_err!("CREATE {format} TABLES: no catalog '{catalog_name}'");
        };
        if catalog.schema(schema).is_none() {
            catalog.register_schema(schema, Arc::new(MemorySchemaProvider::new()))?;
        }
    }
    if !replace {
        for name in S::table_names() {
            if ctx.table_exist(reference(name))? {
                return plan_err!(
                    "CREATE {format} TABLES: table '{}' already exists; use CREATE OR REPLACE {format} TABLES",
                    reference(name)
                );
            }
        }
    }
    for name in S::table_names() {
        let provider = provider::<S>(name, scale_factor)?;
        ctx.deregister_table(reference(name))?;
        ctx.register_table(reference(name), provider)?;
    }
    Ok(())
}

/// The words of a statement (identifiers and keywords upper-cased, numbers and symbols as
/// written), without whitespace and comments; `None` when it cannot be tokenized.
fn words(sql: &str) -> Option<Vec<(String, Token)>> {
    let tokens = Tokenizer::new(&GenericDialect {}, sql).tokenize().ok()?;
    Some(
        tokens
            .into_iter()
            .filter(|t| !matches!(t, Token::Whitespace(_) | Token::EOF | Token::SemiColon))
            .map(|t| match &t {
                Token::Word(w) => (w.value.to_ascii_uppercase(), t),
                _ => (t.to_string(), t),
            })
            .collect(),
    )
}

/// Whether `sql` is a `CREATE [OR REPLACE] X TABLES …` statement of suite `S`.
pub fn is_create_suite<S: BenchmarkSuite>(sql: &str) -> bool {
    let Some(w) = words(sql) else { return false };
    let w: Vec<&str> = w.iter().map(|(w, _)| w.as_str()).collect();
    match w.as_slice() {
        ["CREATE", x, "TABLES", ..] | ["CREATE", "OR", "REPLACE", x, "TABLES", ..] => {
            *x == S::FORMAT
        }
        _ => false,
    }
}

/// Executes `CREATE [OR REPLACE] X TABLES [IN schema] [WITH] (scale_factor = N)`.
pub async fn create_suite_tables<S: BenchmarkSuite>(
    ctx: &SessionContext,
    sql: &str,
) -> Result<DataFrame> {
    let format = S::FORMAT;
    let grammar =
        format!("CREATE [OR REPLACE] {format} TABLES [IN <schema>] WITH (scale_factor = <number>)");
    let Some(w) = words(sql) else {
        return plan_err!("CREATE {format} TABLES: cannot read the statement; expected {grammar}");
    };
    let keys: Vec<&str> = w.iter().map(|(w, _)| w.as_str()).collect();
    let (replace, mut at) = match keys.as_slice() {
        ["CREATE", "OR", "REPLACE", _, "TABLES", ..] => (true, 5),
        ["CREATE", _, "TABLES", ..] => (false, 3),
        _ => return plan_err!("CREATE {format} TABLES: expected {grammar}"),
    };
    let mut schema = None;
    if keys.get(at) == Some(&"IN") {
        match w.get(at + 1) {
            Some((_, Token::Word(word))) => {
                // Unquoted identifiers are lower-cased, as DataFusion normalizes them.
                schema = Some(match word.quote_style {
                    Some(_) => word.value.clone(),
                    None => word.value.to_ascii_lowercase(),
                });
                at += 2;
            }
            _ => {
                return plan_err!(
                    "CREATE {format} TABLES: expected a schema name after IN; expected {grammar}"
                );
            }
        }
    }
    let rest = keys[at..].join(" ");
    let rest = rest.strip_prefix("WITH ").unwrap_or(&rest);
    let parts: Vec<&str> = rest.split(' ').collect();
    let sf = match parts.as_slice() {
        ["(", "SCALE_FACTOR", "=", value, ")"] => scale_factor_from_str::<S>(value)?,
        ["(", "SCALE_FACTOR", "=", "-", value, ")"] => {
            scale_factor_from_str::<S>(&format!("-{value}"))?
        }
        _ => {
            return plan_err!(
                "CREATE {format} TABLES: expected {grammar}, got '{}'",
                sql.trim()
            );
        }
    };
    register_suite::<S>(ctx, sf, schema.as_deref(), replace)?;
    // An empty result, like DataFusion's own DDL.
    Ok(DataFrame::new(
        ctx.state(),
        LogicalPlanBuilder::empty(false).build()?,
    ))
}
