//! `LEARN SYNTHETIC TABLE name FROM 'source' [WITH (option = value, …)]`: learns a PII-free
//! `CREATE SYNTHETIC TABLE` statement from a table or file ([`crate::learn`]), runs it in a
//! scratch session to check it, compares up to 100,000 generated rows with what was learned,
//! and returns the statement with its disclosure and fidelity reports as comments, one row per
//! line (column `learned`). `CREATE SYNTHETIC TABLE name LIKE 'source' [WITH (…)]` learns the
//! same statement and runs it in the session.

use std::fmt::Write as _;
use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::{DataFusionError, Result};
use datafusion::dataframe::DataFrame;
use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};

use crate::learn::{
    CORRELATION_ROWS, LearnOptions, compare, learn, numeric_columns, profile, spearman,
};

/// Rows generated for the fidelity report.
pub const FIDELITY_ROWS: u64 = 100_000;

const USAGE: &str = "LEARN SYNTHETIC TABLE name FROM 'file or table' [WITH (mode = 'sample', fraction = 0.01, privacy = 'balanced', k = 11, rows = N, seed = S)]";

/// A parsed statement: is it `CREATE … LIKE`, the table's name, the source, the options.
struct Parsed {
    create: bool,
    name: String,
    source: String,
    options: Vec<(String, String)>,
}

fn tokens(sql: &str) -> Option<Vec<Token>> {
    let all = Tokenizer::new(&GenericDialect {}, sql).tokenize().ok()?;
    Some(
        all.into_iter()
            .filter(|t| !matches!(t, Token::Whitespace(_) | Token::SemiColon | Token::EOF))
            .collect(),
    )
}

fn word(t: Option<&Token>, keyword: &str) -> bool {
    matches!(t, Some(Token::Word(w)) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(keyword))
}

/// Whether `sql` is `LEARN SYNTHETIC TABLE …` or `CREATE SYNTHETIC TABLE … LIKE …`.
pub fn is_learn(sql: &str) -> bool {
    let Some(t) = tokens(sql) else {
        return false;
    };
    (word(t.first(), "LEARN") && word(t.get(1), "SYNTHETIC"))
        || (word(t.first(), "CREATE")
            && word(t.get(1), "SYNTHETIC")
            && word(t.get(2), "TABLE")
            && word(t.get(4), "LIKE"))
}

fn parse(sql: &str) -> Result<Parsed> {
    let t = tokens(sql).unwrap_or_default();
    let fail =
        || DataFusionError::Plan(format!("LEARN: cannot read the statement; usage: {USAGE}"));
    let create = word(t.first(), "CREATE");
    if !word(t.get(2), "TABLE") {
        return Err(fail());
    }
    let name = match t.get(3) {
        Some(Token::Word(w)) => w.value.clone(),
        _ => return Err(fail()),
    };
    if !(word(t.get(4), "FROM") || (create && word(t.get(4), "LIKE"))) {
        return Err(fail());
    }
    let source = match t.get(5) {
        Some(Token::SingleQuotedString(s)) => s.clone(),
        Some(Token::Word(w)) => w.value.clone(),
        _ => return Err(fail()),
    };
    let mut options = Vec::new();
    let mut i = 6;
    if word(t.get(i), "WITH") {
        if t.get(i + 1) != Some(&Token::LParen) {
            return Err(fail());
        }
        i += 2;
        loop {
            let key = match t.get(i) {
                Some(Token::Word(w)) => w.value.to_ascii_lowercase(),
                Some(Token::RParen) if options.is_empty() => break,
                _ => return Err(fail()),
            };
            if t.get(i + 1) != Some(&Token::Eq) {
                return Err(fail());
            }
            let value = match t.get(i + 2) {
                Some(Token::SingleQuotedString(s)) => s.clone(),
                Some(Token::Number(n, _)) => n.clone(),
                Some(Token::Word(w)) => w.value.clone(),
                _ => return Err(fail()),
            };
            options.push((key, value));
            i += 3;
            match t.get(i) {
                Some(Token::Comma) => i += 1,
                Some(Token::RParen) => break,
                _ => return Err(fail()),
            }
        }
        i += 1;
    }
    if i != t.len() {
        return Err(fail());
    }
    Ok(Parsed {
        create,
        name,
        source,
        options,
    })
}

/// Learns the statement, checks it in a scratch session and appends the fidelity report.
pub async fn learn_text(
    ctx: &SessionContext,
    name: &str,
    source: &str,
    options: &[(String, String)],
) -> Result<(String, String)> {
    let options = LearnOptions::from_pairs(options)?;
    let learned = learn(ctx, name, source, &options).await?;
    let scratch = SessionContext::new();
    super::register_all(&scratch)?;
    // The parents of its foreign keys, as the session has them.
    for k in &learned.keys {
        scratch.register_table(
            k.parent.as_str(),
            ctx.table_provider(k.parent.as_str()).await?,
        )?;
    }
    super::execute_sql(&scratch, &learned.ddl)
        .await
        .map_err(|e| {
            DataFusionError::Plan(format!(
                "LEARN: the learned statement does not run ({e}); please report it with the source's schema:\n{}",
                learned.ddl
            ))
        })?
        .collect()
        .await?;
    let n = learned.rows.min(FIDELITY_ROWS);
    let generated = scratch.table(name).await?.limit(0, Some(n as usize))?;
    let probabilities = options.probabilities();
    let batches = generated.collect().await?;
    let generated_df = scratch.read_batches(batches)?;
    let generated = profile(&generated_df, &probabilities, options.max_categories).await?;
    let report = compare(&learned.profiles, &generated, &probabilities, options.k);
    let mut text = learned.ddl.clone();
    let _ = write!(
        text,
        ";\n-- fidelity: {n} generated rows against the rows read (distance; null-rate and distinct-ratio differences)"
    );
    for f in report {
        let _ = write!(
            text,
            "\n--   {}: {} {:.4}; nulls {:+.4}; distinct {:+.4}",
            f.column, f.measure, f.distance, f.null_delta, f.distinct_delta
        );
    }
    // Rank correlations: each column has its own generator, so pairs the source ties
    // together come out independent; the report says which.
    if let Some(df) = &learned.df {
        let columns = numeric_columns(&learned.profiles);
        let source = spearman(df, &columns).await?;
        let generated = spearman(&generated_df, &columns).await?;
        let shown: Vec<String> = source
            .iter()
            .map(|s| {
                let g = generated
                    .iter()
                    .find(|g| g.a == s.a && g.b == s.b)
                    .map_or(f64::NAN, |g| g.rho);
                (s, g)
            })
            .filter(|(s, g)| s.rho.abs() >= 0.1 || g.abs() >= 0.1)
            .map(|(s, g)| format!("\n--   {} ~ {}: {:+.3} -> {:+.3}", s.a, s.b, s.rho, g))
            .collect();
        let _ = write!(
            text,
            "\n-- rank correlation (Spearman over at most {CORRELATION_ROWS} rows, source -> generated), pairs with |rho| >= 0.1: {}",
            if shown.is_empty() { "none" } else { "" }
        );
        for line in shown {
            text.push_str(&line);
        }
    }
    Ok((text, learned.ddl))
}

/// Runs `LEARN SYNTHETIC TABLE …` (the statement as rows) or `CREATE SYNTHETIC TABLE … LIKE …`
/// (the table created in `ctx`).
pub async fn learn_statement(ctx: &SessionContext, sql: &str) -> Result<DataFrame> {
    let p = parse(sql)?;
    let (text, ddl) = learn_text(ctx, &p.name, &p.source, &p.options).await?;
    if p.create {
        return super::execute_sql(ctx, &ddl).await;
    }
    let lines: Vec<&str> = text.lines().collect();
    let schema = Arc::new(Schema::new(vec![Field::new(
        "learned",
        DataType::Utf8,
        false,
    )]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![Arc::new(StringArray::from(lines))],
    )?;
    ctx.read_batch(batch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_statement() {
        let p = parse("LEARN SYNTHETIC TABLE t FROM 'data/x.parquet' WITH (mode = 'full', k = 5)")
            .unwrap();
        assert_eq!(
            (p.create, p.name.as_str(), p.source.as_str()),
            (false, "t", "data/x.parquet")
        );
        assert_eq!(
            p.options,
            vec![("mode".into(), "full".into()), ("k".into(), "5".into())]
        );
        assert!(
            parse("CREATE SYNTHETIC TABLE t LIKE people")
                .unwrap()
                .create
        );
        assert!(is_learn("learn synthetic table t from 'x.csv'"));
        assert!(!is_learn(
            "CREATE SYNTHETIC TABLE t (a BIGINT GENERATED ALWAYS AS (sequence(1))) WITH (rows = 1)"
        ));
        assert_eq!(
            parse("LEARN SYNTHETIC TABLE t FROM")
                .err()
                .unwrap()
                .to_string(),
            format!("Error during planning: LEARN: cannot read the statement; usage: {USAGE}")
        );
    }
}
