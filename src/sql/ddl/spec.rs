//! The definition of a synthetic table as SQL pieces (column names, declared types, column
//! expressions, options), shared by the `CREATE SYNTHETIC TABLE` statement and the Rust
//! builder [`SqlTableBuilder`].

use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::execution::SessionState;
use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::ast::{DataType as SqlType, Expr as SqlExpr, Ident};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::parser::{Parser, ParserError};
use datafusion::sql::sqlparser::tokenizer::Token;

use super::parse::WHO;
use crate::table::SyntheticTable;

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
        let ident = if !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            && !name.starts_with(|c: char| c.is_ascii_digit())
        {
            Ident::new(name)
        } else {
            Ident::with_quote('"', name)
        };
        let data_type = parse_whole(data_type, "type", |p| p.parse_data_type())?;
        let expr = parse_whole(expr, "expression", |p| p.parse_expr())?;
        super::parse::check_depth(name, &expr)?;
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

/// The Rust equivalent of `CREATE SYNTHETIC TABLE`: columns given as SQL text, planned
/// exactly as the statement plans them (same streams, so the same values).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> datafusion::common::Result<()> {
/// use datafusion_synth::sql::SqlTableBuilder;
///
/// let ctx = datafusion::prelude::SessionContext::new();
/// datafusion_synth::register_all(&ctx)?;
/// SqlTableBuilder::new("orders", 1000)
///     .seed(42)
///     .column("id", "BIGINT", "sequence(1)")?
///     .column("twice", "BIGINT", "id * 2")?
///     .register(&ctx)?;
/// let batches = ctx.sql("SELECT sum(twice) FROM orders").await?.collect().await?;
/// # assert_eq!(batches[0].num_rows(), 1);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct SqlTableBuilder {
    name: String,
    spec: TableSpec,
}

impl SqlTableBuilder {
    /// A table called `name` (exact, not normalized) with `rows` rows and seed 0.
    pub fn new(name: impl Into<String>, rows: u64) -> Self {
        SqlTableBuilder {
            name: name.into(),
            spec: TableSpec {
                rows,
                fanout: None,
                seed: 0,
                columns: vec![],
            },
        }
    }

    /// Makes the table a one-to-many child of `parent` with `count` rows per parent row
    /// (`fixed(c)`, `uniform(lo, hi)` or `poisson(mean)`), as `WITH (parent = …, count = …)`;
    /// the row count is then computed and the `rows` given to [`Self::new`] is ignored.
    pub fn per_parent(mut self, parent: impl Into<String>, count: impl Into<String>) -> Self {
        self.spec.fanout = Some(FanoutSpec {
            parent: parent.into(),
            count: count.into(),
        });
        self
    }

    /// Sets the table seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.spec.seed = seed;
        self
    }

    /// Adds a visible column from SQL text (see [`ColumnSpec::parse`]).
    pub fn column(self, name: &str, data_type: &str, expr: &str) -> Result<Self> {
        Ok(self.column_spec(ColumnSpec::parse(name, data_type, expr)?))
    }

    /// Adds a column with its options (`NOT NULL`, `HIDDEN`, `NULL p PERCENT`).
    pub fn column_spec(mut self, column: ColumnSpec) -> Self {
        self.spec.columns.push(column);
        self
    }

    /// The table definition.
    pub fn spec(&self) -> &TableSpec {
        &self.spec
    }

    /// The equivalent `CREATE SYNTHETIC TABLE` statement.
    pub fn to_sql(&self) -> String {
        super::show::definition_text(&quote_name(&self.name), &self.spec)
    }

    /// Plans and validates the table in `state` (generators, types and functions are
    /// resolved there).
    pub fn build(&self, state: &SessionState) -> Result<SyntheticTable> {
        super::plan::plan_table(state, &self.name, &quote_name(&self.name), &self.spec)
    }

    /// Builds the table and registers it in `ctx` under its name (replacing a table of the
    /// same name).
    pub fn register(&self, ctx: &SessionContext) -> Result<()> {
        let table = self.build(&ctx.state())?;
        let provider = crate::exec::SyntheticTableProvider::new(std::sync::Arc::new(table));
        ctx.register_table(
            datafusion::common::TableReference::bare(self.name.clone()),
            std::sync::Arc::new(provider),
        )?;
        Ok(())
    }
}

/// `name` as a SQL identifier that reads back as exactly `name`.
pub(crate) fn quote_name(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if plain {
        name.to_string()
    } else {
        Ident::with_quote('"', name).to_string()
    }
}
