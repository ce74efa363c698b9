//! The definition of a synthetic table as SQL pieces (column names, declared types, column
//! expressions, options), shared by the `CREATE SYNTHETIC TABLE` statement and the Rust
//! builder (`SqlTableBuilder`), with the checks made while parsing them (expression depth).

use std::ops::ControlFlow;

use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::sql::sqlparser::ast::{
    DataType as SqlType, Expr as SqlExpr, Ident, Visit, Visitor,
};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::parser::{Parser, ParserError};
use datafusion::sql::sqlparser::tokenizer::Token;

use super::names::is_plain_ident;

/// Who errors are attributed to.
pub(crate) const WHO: &str = "CREATE SYNTHETIC TABLE";

/// The deepest nesting of a column expression (operators, function calls, parentheses).
/// Planning and evaluating an expression recurse over its tree; a bound keeps a deep
/// expression (such as a sum of thousands of terms) an error instead of a stack overflow.
pub const MAX_EXPR_DEPTH: usize = 128;

/// Measures expression depth, stopping as soon as it exceeds the bound.
struct Depth {
    depth: usize,
}

impl Visitor for Depth {
    type Break = ();

    fn pre_visit_expr(&mut self, _expr: &SqlExpr) -> ControlFlow<()> {
        self.depth += 1;
        if self.depth > MAX_EXPR_DEPTH {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }

    fn post_visit_expr(&mut self, _expr: &SqlExpr) -> ControlFlow<()> {
        self.depth -= 1;
        ControlFlow::Continue(())
    }
}

/// Rejects expressions nested deeper than [`MAX_EXPR_DEPTH`].
pub(crate) fn check_depth(column: &str, expr: &SqlExpr) -> Result<()> {
    if expr.visit(&mut Depth { depth: 0 }).is_break() {
        return plan_err!(
            "{WHO}: column '{column}': the expression is nested more than {MAX_EXPR_DEPTH} levels deep; split it into several (HIDDEN) columns"
        );
    }
    Ok(())
}

/// One column: `name TYPE GENERATED ALWAYS AS (expr) [NOT NULL] [HIDDEN] [NULL p PERCENT]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnSpec {
    /// The column name (quoted identifiers keep their case).
    pub name: Ident,
    /// The declared SQL type.
    pub data_type: SqlType,
    /// The column expression.
    pub expr: SqlExpr,
    /// `NOT NULL`: the expression must not be able to produce NULL.
    pub not_null: bool,
    /// `HIDDEN`: a helper column, usable by other columns, not part of the output.
    pub hidden: bool,
    /// `NULL p PERCENT`: a share of rows (in percent) set to NULL, by a mask independent of
    /// the values.
    pub null_percent: Option<f64>,
}

impl ColumnSpec {
    /// A visible, nullable column without nulls added.
    pub fn new(name: Ident, data_type: SqlType, expr: SqlExpr) -> Self {
        ColumnSpec {
            name,
            data_type,
            expr,
            not_null: false,
            hidden: false,
            null_percent: None,
        }
    }

    /// A column from SQL text: its exact name, its type (e.g. `"DOUBLE"`) and its expression
    /// (e.g. `"normal(100, 15) * 2"`).
    pub fn parse(name: &str, data_type: &str, expr: &str) -> Result<Self> {
        let ident = if is_plain_ident(name) {
            Ident::new(name)
        } else {
            Ident::with_quote('"', name)
        };
        let data_type = parse_whole(data_type, "type", |p| p.parse_data_type())?;
        let expr = parse_whole(expr, "expression", |p| p.parse_expr())?;
        check_depth(name, &expr)?;
        Ok(ColumnSpec::new(ident, data_type, expr))
    }

    /// Declares the column `NOT NULL`.
    pub fn not_null(mut self) -> Self {
        self.not_null = true;
        self
    }

    /// Hides the column from the output.
    pub fn hidden(mut self) -> Self {
        self.hidden = true;
        self
    }

    /// Sets `NULL percent PERCENT`.
    pub fn null_percent(mut self, percent: f64) -> Self {
        self.null_percent = Some(percent);
        self
    }
}

fn parse_whole<T>(
    text: &str,
    what: &str,
    f: impl FnOnce(&mut Parser) -> Result<T, ParserError>,
) -> Result<T> {
    let wrap =
        |e: ParserError| DataFusionError::Plan(format!("{WHO}: cannot parse {what} '{text}': {e}"));
    let mut p = Parser::new(&GenericDialect {})
        .try_with_sql(text)
        .map_err(wrap)?;
    let value = f(&mut p).map_err(wrap)?;
    let next = p.peek_token();
    if next.token != Token::EOF {
        return plan_err!("{WHO}: cannot parse {what} '{text}': unexpected '{next}'");
    }
    Ok(value)
}

/// A table definition: row count, seed and columns.
#[derive(Debug, Clone, PartialEq)]
pub struct TableSpec {
    /// The number of rows (for a fan-out child, computed when the table is planned).
    pub rows: u64,
    /// A one-to-many child: the parent table and the count of children per parent row.
    pub fanout: Option<FanoutSpec>,
    /// The table seed.
    pub seed: u64,
    /// The columns in declaration order.
    pub columns: Vec<ColumnSpec>,
    /// The history options (`history_start = '…'`, …) as written, in canonical order;
    /// empty for a table that does not change over time.
    pub history: Vec<(String, String)>,
}

/// `WITH (parent = 'orders', count = 'uniform(1, 7)')`: a child table with a number of rows
/// per parent row drawn from `count` (`fixed(c)`, `uniform(lo, hi)` or `poisson(mean)`).
#[derive(Debug, Clone, PartialEq)]
pub struct FanoutSpec {
    /// The parent table's name.
    pub parent: String,
    /// The count distribution as written.
    pub count: String,
}

/// The `WITH (…)` options: name and what is allowed.
pub const WITH_OPTIONS: [(&str, &str); 4] = [
    (
        "rows",
        "the number of rows (required), an integer in 1..=9223372036854775807, e.g. 1000000, 1e6 or 1_000_000",
    ),
    (
        "seed",
        "the table seed (default 0), an integer in 0..=18446744073709551615",
    ),
    (
        "parent",
        "a one-to-many child: the parent synthetic table, e.g. 'orders' (with count; replaces rows)",
    ),
    (
        "count",
        "children per parent row: 'fixed(c)', 'uniform(lo, hi)', 'poisson(mean)' or 'zipf(n, s)' (with parent)",
    ),
];
