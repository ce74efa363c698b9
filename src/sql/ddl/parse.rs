//! Parsing `CREATE [OR REPLACE] SYNTHETIC TABLE [IF NOT EXISTS] name (columns…) WITH (…)`
//! with sqlparser (DataFusion's re-export): the statement's own keywords are matched here;
//! names, types and column expressions are parsed by sqlparser's own `parse_identifier`,
//! `parse_data_type` and `parse_expr`.

use datafusion::common::{DataFusionError, Result, plan_err};

use datafusion::sql::sqlparser::ast::{DataType as SqlType, Expr as SqlExpr, Ident, ObjectName};
use datafusion::sql::sqlparser::dialect::Dialect;
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::parser::{Parser, ParserError};
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};

use super::history::{HISTORY_OPTIONS, canonical_history, is_history_option};
use super::spec::{ColumnSpec, FanoutSpec, TableSpec, WHO, WITH_OPTIONS, check_depth};
use crate::functions::args::u64_from_str;
use crate::table::MAX_ROWS;

/// A parsed `CREATE SYNTHETIC TABLE` statement.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateSyntheticTable {
    /// `OR REPLACE` was given.
    pub or_replace: bool,
    /// `IF NOT EXISTS` was given.
    pub if_not_exists: bool,
    /// The table name as written (possibly qualified).
    pub name: ObjectName,
    /// The table definition.
    pub table: TableSpec,
}

/// Whether `sql` starts with `CREATE [OR REPLACE] SYNTHETIC` (comments and case ignored).
pub fn is_create_synthetic(dialect: &dyn Dialect, sql: &str) -> bool {
    let Ok(tokens) = Tokenizer::new(dialect, sql).tokenize() else {
        return false;
    };
    let words: Vec<String> = tokens
        .iter()
        .filter(|t| !matches!(t, Token::Whitespace(_)))
        .take(4)
        .map(|t| match t {
            Token::Word(w) if w.quote_style.is_none() => w.value.to_ascii_uppercase(),
            _ => String::new(),
        })
        .collect();
    match words.as_slice() {
        [c, s, ..] if c == "CREATE" && s == "SYNTHETIC" => true,
        [c, o, r, s, ..] => c == "CREATE" && o == "OR" && r == "REPLACE" && s == "SYNTHETIC",
        _ => false,
    }
}

fn sql_error(e: ParserError) -> DataFusionError {
    DataFusionError::SQL(Box::new(e), None)
}

/// Parses one `CREATE SYNTHETIC TABLE` statement (an optional trailing `;` is allowed).
pub fn parse_create_synthetic(
    dialect: &dyn Dialect,
    sql: &str,
    recursion_limit: usize,
) -> Result<CreateSyntheticTable> {
    let mut p = Parser::new(dialect)
        .with_recursion_limit(recursion_limit)
        .try_with_sql(sql)
        .map_err(sql_error)?;
    parse_statement(&mut p).map_err(|e| match e {
        Parse::Sql(e) => sql_error(e),
        Parse::Plan(e) => e,
    })
}

/// A parse failure: a syntax error (from sqlparser or ours) or a bad value.
enum Parse {
    Sql(ParserError),
    Plan(DataFusionError),
}

impl From<ParserError> for Parse {
    fn from(e: ParserError) -> Self {
        Parse::Sql(e)
    }
}

impl From<DataFusionError> for Parse {
    fn from(e: DataFusionError) -> Self {
        Parse::Plan(e)
    }
}

/// Consumes the unquoted word `word` (case-insensitive) if it is next.
fn parse_word(p: &mut Parser, word: &str) -> bool {
    match &p.peek_token_ref().token {
        Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word) => {
            p.next_token();
            true
        }
        _ => false,
    }
}

fn expect_word(p: &mut Parser, word: &str) -> Result<(), ParserError> {
    if parse_word(p, word) {
        Ok(())
    } else {
        p.expected(word, p.peek_token())
    }
}

fn expect_keywords(p: &mut Parser, keywords: &[Keyword]) -> Result<(), ParserError> {
    for k in keywords {
        if !p.parse_keyword(*k) {
            return p.expected(&format!("{k:?}"), p.peek_token());
        }
    }
    Ok(())
}

fn parse_statement(p: &mut Parser) -> Result<CreateSyntheticTable, Parse> {
    expect_keywords(p, &[Keyword::CREATE])?;
    let or_replace = p.parse_keywords(&[Keyword::OR, Keyword::REPLACE]);
    expect_word(p, "SYNTHETIC")?;
    expect_keywords(p, &[Keyword::TABLE])?;
    let if_not_exists = p.parse_keywords(&[Keyword::IF, Keyword::NOT, Keyword::EXISTS]);
    if or_replace && if_not_exists {
        return Err(Parse::Plan(DataFusionError::Plan(format!(
            "{WHO}: OR REPLACE and IF NOT EXISTS cannot be used together"
        ))));
    }
    let name = p.parse_object_name(false)?;
    p.expect_token(&Token::LParen)?;
    let mut columns = Vec::new();
    loop {
        columns.push(parse_column(p)?);
        if p.consume_token(&Token::Comma) {
            // A trailing comma before `)` is allowed.
            if p.consume_token(&Token::RParen) {
                break;
            }
            continue;
        }
        p.expect_token(&Token::RParen)?;
        break;
    }
    let w = if p.parse_keyword(Keyword::WITH) {
        parse_with(p)?
    } else {
        With::default()
    };
    let (rows, fanout) = match (w.rows, w.parent, w.count) {
        (Some(rows), None, None) => (rows, None),
        (None, Some(parent), Some(count)) => (0, Some(FanoutSpec { parent, count })),
        (None, None, None) => {
            return Err(Parse::Plan(DataFusionError::Plan(format!(
                "{WHO}: missing WITH (rows = N): the number of rows is required, e.g. WITH (rows = 1000000, seed = 42) (or parent and count for a one-to-many child)"
            ))));
        }
        (Some(_), _, _) => {
            return Err(Parse::Plan(DataFusionError::Plan(format!(
                "{WHO}: rows cannot be given with parent and count: a child's rows are the sum of its parents' counts"
            ))));
        }
        (None, _, _) => {
            return Err(Parse::Plan(DataFusionError::Plan(format!(
                "{WHO}: parent and count go together, e.g. WITH (parent = 'orders', count = 'uniform(1, 7)')"
            ))));
        }
    };
    let seed = w.seed;
    while p.consume_token(&Token::SemiColon) {}
    if p.peek_token_ref().token != Token::EOF {
        return p
            .expected("end of statement", p.peek_token())
            .map_err(Parse::from);
    }
    Ok(CreateSyntheticTable {
        or_replace,
        if_not_exists,
        name,
        table: TableSpec {
            rows,
            fanout,
            seed: seed.unwrap_or(0),
            columns,
            history: canonical_history(w.history),
        },
    })
}

/// `name TYPE GENERATED ALWAYS AS (expr) [NOT NULL] [HIDDEN] [NULL p PERCENT]` (the options
/// in any order, each at most once).
fn parse_column(p: &mut Parser) -> Result<ColumnSpec, Parse> {
    let name: Ident = p.parse_identifier()?;
    let data_type: SqlType = p.parse_data_type()?;
    expect_keywords(p, &[Keyword::GENERATED, Keyword::ALWAYS, Keyword::AS])?;
    p.expect_token(&Token::LParen)?;
    let expr: SqlExpr = p.parse_expr()?;
    check_depth(&name.value, &expr)?;
    p.expect_token(&Token::RParen)?;
    let mut column = ColumnSpec::new(name, data_type, expr);
    let mut seen: Vec<&str> = Vec::new();
    let mut once = |what: &'static str, column: &ColumnSpec| -> Result<(), Parse> {
        if seen.contains(&what) {
            return Err(Parse::Plan(DataFusionError::Plan(format!(
                "{WHO}: column '{}': {what} is given more than once",
                column.name.value
            ))));
        }
        seen.push(what);
        Ok(())
    };
    loop {
        if p.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
            once("NOT NULL", &column)?;
            column.not_null = true;
        } else if parse_word(p, "HIDDEN") {
            once("HIDDEN", &column)?;
            column.hidden = true;
        } else if p.parse_keyword(Keyword::NULL) {
            once("NULL … PERCENT", &column)?;
            let text = number_text(p)?;
            expect_keywords(p, &[Keyword::PERCENT])?;
            let percent = text.replace('_', "").parse::<f64>().ok();
            match percent {
                Some(x) if (0.0..=100.0).contains(&x) => column.null_percent = Some(x),
                _ => {
                    return Err(Parse::Plan(DataFusionError::Plan(format!(
                        "{WHO}: column '{}': invalid value for 'NULL … PERCENT': {text}; allowed: a number in [0, 100]",
                        column.name.value
                    ))));
                }
            }
        } else {
            break;
        }
    }
    Ok(column)
}

/// The text of a (possibly signed) number: `5`, `-1`, `2.5`, `1e6`, `1_000_000`.
fn number_text(p: &mut Parser) -> Result<String, Parse> {
    let mut text = String::new();
    if p.consume_token(&Token::Minus) {
        text.push('-');
    } else {
        let _ = p.consume_token(&Token::Plus);
    }
    let t = p.next_token();
    match &t.token {
        Token::Number(n, _) => text.push_str(n),
        _ => return p.expected("a number", t).map_err(Parse::from),
    }
    // Dialects without numeric underscores tokenize `1_000_000` as `1` `_000_000`.
    if let Token::Word(w) = &p.peek_token_ref().token
        && w.quote_style.is_none()
        && w.value.starts_with('_')
        && w.value.chars().all(|c| c == '_' || c.is_ascii_digit())
    {
        text.push_str(&w.value);
        p.next_token();
    }
    Ok(text)
}

/// The options of `WITH (…)`.
#[derive(Debug, Default)]
struct With {
    rows: Option<u64>,
    seed: Option<u64>,
    parent: Option<String>,
    count: Option<String>,
    history: Vec<(String, String)>,
}

/// `( key = value [, …] )`.
fn parse_with(p: &mut Parser) -> Result<With, Parse> {
    p.expect_token(&Token::LParen)?;
    let mut w = With::default();
    let twice = |key: &str| {
        Err(Parse::Plan(DataFusionError::Plan(format!(
            "{WHO}: option '{key}' is given more than once"
        ))))
    };
    loop {
        let key = p.parse_identifier()?.value.to_ascii_lowercase();
        p.expect_token(&Token::Eq)?;
        match key.as_str() {
            "rows" | "seed" => {
                let (lo, hi) = if key == "rows" {
                    (1, MAX_ROWS)
                } else {
                    (0, u64::MAX)
                };
                // Not a number at all (NULL, a string, a name): the same error as a bad
                // number, naming the option, rather than the parser's "Expected: a number".
                if !matches!(
                    p.peek_token_ref().token,
                    Token::Number(..) | Token::Minus | Token::Plus
                ) {
                    let shown = p.peek_token_ref().token.to_string();
                    return Err(Parse::Plan(DataFusionError::Plan(format!(
                        "{WHO}: invalid value for '{key}': {shown}; allowed: an integer in {lo}..={hi}"
                    ))));
                }
                let text = number_text(p)?;
                let value = text.replace('_', "");
                let slot = if key == "rows" {
                    &mut w.rows
                } else {
                    &mut w.seed
                };
                if slot.is_some() {
                    return twice(&key);
                }
                // Errors show the value as written.
                let v = u64_from_str(WHO, &key, &value, lo, hi).map_err(|_| {
                    DataFusionError::Plan(format!(
                        "{WHO}: invalid value for '{key}': {text}; allowed: an integer in {lo}..={hi}"
                    ))
                })?;
                *slot = Some(v);
            }
            "parent" | "count" => {
                let slot = if key == "parent" {
                    &mut w.parent
                } else {
                    &mut w.count
                };
                if slot.is_some() {
                    return twice(&key);
                }
                let v = p.parse_literal_string().map_err(|_| {
                    DataFusionError::Plan(format!(
                        "{WHO}: {key} must be a quoted string, e.g. parent = 'orders', count = 'uniform(1, 7)'"
                    ))
                })?;
                *slot = Some(v);
            }
            k if is_history_option(k) => {
                if w.history.iter().any(|(g, _)| g == k) {
                    return twice(k);
                }
                let value = match &p.peek_token_ref().token {
                    Token::Number(..) | Token::Minus | Token::Plus => number_text(p)?,
                    _ => p.parse_literal_string().map_err(|_| {
                        DataFusionError::Plan(format!(
                            "{WHO}: {key} must be a quoted string or a number, e.g. {key} = '{}'",
                            if key.starts_with("history") {
                                "2026-01-01"
                            } else {
                                "…"
                            }
                        ))
                    })?,
                };
                w.history.push((key.clone(), value));
            }
            _ => {
                let names: Vec<&str> = WITH_OPTIONS
                    .iter()
                    .chain(HISTORY_OPTIONS.iter())
                    .map(|(k, _)| *k)
                    .collect();
                return Err(Parse::Plan(DataFusionError::Plan(format!(
                    "{WHO}: unknown option '{key}' in WITH (…); valid options: {}",
                    names.join(", ")
                ))));
            }
        }
        if p.consume_token(&Token::Comma) {
            continue;
        }
        p.expect_token(&Token::RParen)?;
        break;
    }
    Ok(w)
}

/// Ensures a name is a plain identifier list (what `object_name_to_table_reference` needs).
pub(crate) fn check_name(name: &ObjectName) -> Result<()> {
    if name.0.iter().all(|part| part.as_ident().is_some()) && !name.0.is_empty() {
        Ok(())
    } else {
        plan_err!("{WHO}: invalid table name {name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::sql::sqlparser::dialect::GenericDialect;

    fn parse(sql: &str) -> Result<CreateSyntheticTable> {
        parse_create_synthetic(&GenericDialect {}, sql, 50)
    }

    fn err(sql: &str) -> String {
        parse(sql).unwrap_err().strip_backtrace()
    }

    #[test]
    fn recognises_the_statement() {
        let d = GenericDialect {};
        assert!(is_create_synthetic(&d, "create synthetic table t"));
        assert!(is_create_synthetic(
            &d,
            "-- c\n CREATE /* x */ OR REPLACE SYNTHETIC TABLE"
        ));
        assert!(!is_create_synthetic(&d, "CREATE TABLE synthetic (a INT)"));
        assert!(!is_create_synthetic(&d, "SELECT 1"));
        assert!(!is_create_synthetic(&d, "CREATE \"SYNTHETIC\" TABLE t"));
    }

    #[test]
    fn parses_every_clause() {
        let s = parse(
            "CREATE OR REPLACE SYNTHETIC TABLE s.t (\n  id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,\n  \"X\" DOUBLE GENERATED ALWAYS AS (id * 2.5) HIDDEN NULL 2.5 PERCENT,\n) WITH (rows = 1_000_000, SEED = 7);",
        )
        .unwrap();
        assert!(s.or_replace && !s.if_not_exists);
        assert_eq!(s.name.to_string(), "s.t");
        assert_eq!(s.table.rows, 1_000_000);
        assert_eq!(s.table.seed, 7);
        let c = &s.table.columns;
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].name.value, "id");
        assert!(c[0].not_null && !c[0].hidden && c[0].null_percent.is_none());
        assert_eq!(c[0].expr.to_string(), "sequence(1)");
        assert_eq!(c[1].name.to_string(), "\"X\"");
        assert!(c[1].hidden && !c[1].not_null);
        assert_eq!(c[1].null_percent, Some(2.5));
        let s = parse("create synthetic table if not exists t (a int generated always as (1)) with (rows = 1e6)").unwrap();
        assert!(s.if_not_exists);
        assert_eq!((s.table.rows, s.table.seed), (1_000_000, 0));
    }

    #[test]
    fn rejects_bad_statements() {
        let col = "(a INT GENERATED ALWAYS AS (1))";
        assert_eq!(
            err(&format!("CREATE SYNTHETIC TABLE t {col}")),
            "Error during planning: CREATE SYNTHETIC TABLE: missing WITH (rows = N): the number of rows is required, e.g. WITH (rows = 1000000, seed = 42) (or parent and count for a one-to-many child)"
        );
        assert_eq!(
            err(&format!("CREATE SYNTHETIC TABLE t {col} WITH (rows = 0)")),
            "Error during planning: CREATE SYNTHETIC TABLE: invalid value for 'rows': 0; allowed: an integer in 1..=9223372036854775807"
        );
        assert_eq!(
            err(&format!(
                "CREATE SYNTHETIC TABLE t {col} WITH (rows = 9223372036854775808)"
            )),
            "Error during planning: CREATE SYNTHETIC TABLE: invalid value for 'rows': 9223372036854775808; allowed: an integer in 1..=9223372036854775807"
        );
        assert_eq!(
            err(&format!("CREATE SYNTHETIC TABLE t {col} WITH (rows = -5)")),
            "Error during planning: CREATE SYNTHETIC TABLE: invalid value for 'rows': -5; allowed: an integer in 1..=9223372036854775807"
        );
        assert_eq!(
            err(&format!(
                "CREATE SYNTHETIC TABLE t {col} WITH (rows = 1, rows = 2)"
            )),
            "Error during planning: CREATE SYNTHETIC TABLE: option 'rows' is given more than once"
        );
        assert_eq!(
            err(&format!(
                "CREATE SYNTHETIC TABLE t {col} WITH (rows = 1, sede = 2)"
            )),
            "Error during planning: CREATE SYNTHETIC TABLE: unknown option 'sede' in WITH (…); valid options: rows, seed, parent, count, history_start, history_end, births, initial, updates, update_columns, deletes, reinserts, key, transaction_ms"
        );
        assert_eq!(
            err(
                "CREATE SYNTHETIC TABLE t (a INT GENERATED ALWAYS AS (1) NULL 101 PERCENT) WITH (rows = 1)"
            ),
            "Error during planning: CREATE SYNTHETIC TABLE: column 'a': invalid value for 'NULL … PERCENT': 101; allowed: a number in [0, 100]"
        );
        assert_eq!(
            err(
                "CREATE SYNTHETIC TABLE t (a INT GENERATED ALWAYS AS (1) HIDDEN HIDDEN) WITH (rows = 1)"
            ),
            "Error during planning: CREATE SYNTHETIC TABLE: column 'a': HIDDEN is given more than once"
        );
        assert_eq!(
            err(&format!(
                "CREATE OR REPLACE SYNTHETIC TABLE IF NOT EXISTS t {col} WITH (rows = 1)"
            )),
            "Error during planning: CREATE SYNTHETIC TABLE: OR REPLACE and IF NOT EXISTS cannot be used together"
        );
        assert_eq!(
            err("CREATE SYNTHETIC TABLE t (a INT AS (1)) WITH (rows = 1)"),
            "SQL error: ParserError(\"Expected: GENERATED, found: AS at Line: 1, Column: 33\")"
        );
        assert!(
            err(&format!(
                "CREATE SYNTHETIC TABLE t {col} WITH (rows = 1) extra"
            ))
            .contains("Expected: end of statement, found: extra")
        );
    }
}
