//! The one SQL entry point shared by the REPL, scripts and Rust applications: splitting a script
//! into statements (with their line numbers) and executing one statement, including the
//! statements DataFusion's own parser does not know (see [`execute_sql`]).

use datafusion::common::{DataFusionError, Result, plan_err};
use datafusion::dataframe::DataFrame;
use datafusion::prelude::SessionContext;
use datafusion::sql::parser::{DFParser, Statement as DFStatement};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};

use super::benchmark::{create_suite_tables, is_create_suite};
use super::case_guard::check_nested_case;
use super::errors::explain_nesting;
use super::tpcds::Tpcds;
use super::tpch::Tpch;

/// One statement of a script: its text (without the terminating `;`) and the 1-based line on
/// which it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlStatement {
    /// The statement text, trimmed, without the terminating `;`.
    pub text: String,
    /// The 1-based line of the script on which the statement starts.
    pub line: usize,
}

/// Splits a script into statements at top-level `;` (not inside strings, quoted identifiers or
/// comments). Empty statements are dropped. Fails only on text that cannot be tokenized (for
/// example an unterminated string), naming the position.
pub fn split_statements(sql: &str) -> Result<Vec<SqlStatement>> {
    let tokens = Tokenizer::new(&GenericDialect {}, sql)
        .tokenize_with_location()
        .map_err(|e| DataFusionError::SQL(Box::new(e.into()), None))?;
    let offsets = LineOffsets::new(sql);
    let mut statements = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte offset, line)
    for token in &tokens {
        match &token.token {
            Token::SemiColon => {
                if let Some((begin, line)) = start.take() {
                    let end = offsets.byte(sql, token.span.start.line, token.span.start.column);
                    push(&mut statements, &sql[begin..end], line);
                }
            }
            Token::Whitespace(_) | Token::EOF => {}
            _ if start.is_none() => {
                let line = token.span.start.line as usize;
                start = Some((
                    offsets.byte(sql, token.span.start.line, token.span.start.column),
                    line,
                ));
            }
            _ => {}
        }
    }
    if let Some((begin, line)) = start {
        push(&mut statements, &sql[begin..], line);
    }
    Ok(statements)
}

fn push(statements: &mut Vec<SqlStatement>, text: &str, line: usize) {
    let text = text.trim();
    if !text.is_empty() {
        statements.push(SqlStatement {
            text: text.to_string(),
            line,
        });
    }
}

/// Byte offsets of line starts, to turn the tokenizer's (line, column) into byte offsets.
struct LineOffsets(Vec<usize>);

impl LineOffsets {
    fn new(sql: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(sql.match_indices('\n').map(|(i, _)| i + 1));
        Self(starts)
    }

    /// The byte offset of 1-based `line` and 1-based character `column`.
    fn byte(&self, sql: &str, line: u64, column: u64) -> usize {
        let line_start = self
            .0
            .get((line as usize).saturating_sub(1))
            .copied()
            .unwrap_or(sql.len());
        let rest = &sql[line_start..];
        rest.char_indices()
            .nth((column as usize).saturating_sub(1))
            .map(|(i, _)| line_start + i)
            .unwrap_or(sql.len())
    }
}

/// Plans one SQL statement in `ctx` and returns it as a [`DataFrame`] (DDL and DML have already
/// taken effect, as with [`SessionContext::sql`]).
///
/// This is the entry point the `dfsynth` REPL uses, and the one Rust applications should use
/// for SQL text: besides everything [`SessionContext::sql`] accepts, it understands this
/// crate's own statements.
///
/// `CREATE [OR REPLACE] SYNTHETIC TABLE …` is handled by
/// [`create_synthetic_table`](super::ddl::create_synthetic_table) and
/// `CREATE [OR REPLACE] TPCH|TPCDS TABLES …` by
/// [`create_suite_tables`](super::benchmark::create_suite_tables);
/// everything else goes to DataFusion unchanged. With the `s3` feature, a `COPY … TO 's3://…'`
/// or `CREATE EXTERNAL TABLE … LOCATION 's3://…'` first installs S3 support in `ctx` if needed
/// and registers a store configured from the statement's `aws.*` options (see
/// [`register_object_stores`](super::object_store::register_object_stores)), and a
/// `SELECT … FROM 's3://…'` that cannot be read says why. A statement nesting `CASE` deeply
/// is checked for syntax errors first ([`super::case_guard`]), and nesting beyond the parser's
/// recursion limit is reported as such ([`explain_nesting`]).
pub async fn execute_sql(ctx: &SessionContext, sql: &str) -> Result<DataFrame> {
    let limit = ctx
        .copied_config()
        .options()
        .sql_parser
        .recursion_limit
        .get();
    plan_sql(ctx, sql, limit)
        .await
        .map_err(|e| explain_nesting(e, sql, limit))
}

/// Plans `sql`; `recursion_limit` is the session's SQL parser limit.
async fn plan_sql(ctx: &SessionContext, sql: &str, recursion_limit: usize) -> Result<DataFrame> {
    check_nested_case(sql, recursion_limit)?;
    if super::learn::is_learn(sql) {
        return Box::pin(super::learn::learn_statement(ctx, sql)).await;
    }
    if super::ddl::is_create_synthetic(&GenericDialect {}, sql) {
        return super::ddl::create_synthetic_table(ctx, sql).await;
    }
    if is_create_suite::<Tpch>(sql) {
        return create_suite_tables::<Tpch>(ctx, sql).await;
    }
    if is_create_suite::<Tpcds>(sql) {
        return create_suite_tables::<Tpcds>(ctx, sql).await;
    }
    // `s3://` locations: the store of each bucket must be registered before DataFusion plans
    // (a `CREATE EXTERNAL TABLE` reads the schema while planning).
    #[cfg(feature = "s3")]
    super::object_store::prepare_s3_locations(ctx, sql)?;
    check_copy_target(sql)?;
    #[cfg(feature = "delta")]
    {
        if let Some(copy) = super::delta::delta_copy(sql) {
            return super::delta::copy_to_delta(ctx, copy).await;
        }
        super::delta::create_on_first_insert(ctx, sql).await?;
    }
    let planned = ctx.sql(sql).await;
    #[cfg(feature = "s3")]
    let planned = match planned {
        Err(e) => Err(super::object_store::explain_s3_table(ctx, sql, e).await),
        ok => ok,
    };
    planned
}

/// `COPY … TO ''`: an error naming the empty target (DataFusion's own message speaks of a
/// missing file extension). Text that does not parse is left to DataFusion to report.
fn check_copy_target(sql: &str) -> Result<()> {
    let Ok(statements) = DFParser::parse_sql(sql) else {
        return Ok(());
    };
    for statement in statements {
        if let DFStatement::CopyTo(copy) = statement
            && copy.target.trim().is_empty()
        {
            return plan_err!(
                "COPY: invalid value for the target: '{}'; allowed: a file such as 'out.parquet' or a directory such as 'out/' (with STORED AS for a directory)",
                copy.target
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<(String, usize)> {
        split_statements(sql)
            .unwrap()
            .into_iter()
            .map(|s| (s.text, s.line))
            .collect()
    }

    #[test]
    fn splits_at_top_level_semicolons_only() {
        let sql = "SELECT 1;\n-- a comment; still a comment\nSELECT ';' AS \"a;b\"\n  , 2;\n\n;  SELECT /* ; */ 3";
        assert_eq!(
            texts(sql),
            vec![
                ("SELECT 1".to_string(), 1),
                ("SELECT ';' AS \"a;b\"\n  , 2".to_string(), 3),
                ("SELECT /* ; */ 3".to_string(), 6),
            ]
        );
    }

    #[test]
    fn keeps_statements_datafusion_cannot_parse() {
        let sql = "CREATE SYNTHETIC TABLE t (a INT GENERATED ALWAYS AS (uniform(1, 2)));\nSELECT 'é'; SELECT 2";
        assert_eq!(
            texts(sql),
            vec![
                (
                    "CREATE SYNTHETIC TABLE t (a INT GENERATED ALWAYS AS (uniform(1, 2)))"
                        .to_string(),
                    1
                ),
                ("SELECT 'é'".to_string(), 2),
                ("SELECT 2".to_string(), 2),
            ]
        );
    }

    #[test]
    fn reports_untokenizable_text() {
        let err = split_statements("SELECT 'abc").unwrap_err().to_string();
        assert!(err.contains("Unterminated string literal"), "{err}");
    }
}
