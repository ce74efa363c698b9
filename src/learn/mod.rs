//! Learning a look-alike table: from any table DataFusion reads (a registered table, Parquet,
//! CSV or JSON lines), in one of three modes (Parquet footers only, a seeded sample, a full
//! scan), a PII-free `CREATE SYNTHETIC TABLE` statement whose columns follow the source's
//! marginals — fitted families or empirical quantile curves, categories with k-anonymity,
//! semantic generators for personal fields, lorem for free text, null rates — with privacy
//! guardrails, a disclosure report (every number carried from the source) and, once the
//! statement ran, a fidelity report. Statistics and sketches, not a trained model: bounded
//! memory, seconds not hours. See docs/sql/learn.md.
//!
//! Depends on DataFusion only: it knows nothing of synthetic tables (no `crate::` import);
//! `sql` runs the statement it emits and the fidelity comparison.

mod correlation;
mod emit;
mod fidelity;
mod fit;
mod footer;
mod input;
mod options;
mod pairs;
mod profile;
mod quantiles;
mod relations;
mod semantic;

use datafusion::common::{Result, plan_err};
use datafusion::prelude::{DataFrame, SessionContext};

pub use correlation::{MAX_ROWS as CORRELATION_ROWS, Pair, numeric_columns, spearman};
pub use fidelity::{Fidelity, compare};
pub use options::{LearnOptions, Mode, OPTION_NAMES, Privacy};
pub use pairs::OrderedPair;
pub use profile::{ColumnProfile, Kind, profile};
pub use relations::ForeignKey;

/// What a run learned.
#[derive(Debug, Clone)]
pub struct Learned {
    /// The statement (with its comments), runnable as is.
    pub ddl: String,
    /// The profiles of the source's columns.
    pub profiles: Vec<ColumnProfile>,
    /// Rows of the emitted table.
    pub rows: u64,
    /// The rows profiled (the sample, or the whole source; none in footer mode).
    pub df: Option<DataFrame>,
    /// The foreign keys found, to tables of the session.
    pub keys: Vec<ForeignKey>,
    /// The date/timestamp columns that never precede another, emitted after it.
    pub pairs: Vec<OrderedPair>,
}

/// Learns the table `name` from `source` (a table of `ctx` or a file path).
pub async fn learn(
    ctx: &SessionContext,
    name: &str,
    source: &str,
    options: &LearnOptions,
) -> Result<Learned> {
    let probabilities = options.probabilities();
    let (profiles, source_rows, df) = match options.mode {
        Mode::Footer => {
            if input::file_kind(source) != Some("parquet")
                || !std::path::Path::new(source).is_file()
            {
                return plan_err!(
                    "LEARN: mode 'footer' reads the footer of a local Parquet file; '{source}' is not one: use mode 'sample' or 'full'"
                );
            }
            let profiles = footer::profile(source, &probabilities)?;
            let rows = profiles.first().map(|p| p.rows);
            (profiles, rows, None)
        }
        Mode::Sample { fraction, seed } => {
            let df = input::open(ctx, source).await?;
            let sample = input::sample(df, source, fraction, seed, options.max_sample_rows).await?;
            let profiles =
                profile::profile(&sample.df, &probabilities, options.max_categories).await?;
            (profiles, sample.source_rows, Some(sample.df))
        }
        Mode::Full => {
            let df = input::open(ctx, source).await?;
            let profiles = profile::profile(&df, &probabilities, options.max_categories).await?;
            let rows = profiles.first().map(|p| p.rows);
            (profiles, rows, Some(df))
        }
    };
    if profiles.is_empty() {
        return plan_err!("LEARN: '{source}' has no columns");
    }
    let learned_rows = profiles[0].rows;
    if learned_rows == 0 {
        return plan_err!(
            "LEARN: '{source}' has no rows to learn from{}",
            if matches!(options.mode, Mode::Sample { .. }) {
                " (in the sample: raise 'fraction' or use mode 'full')"
            } else {
                ""
            }
        );
    }
    let rows = options.rows.or(source_rows).unwrap_or(learned_rows).max(1);
    let keys = relations::foreign_keys(ctx, name, &profiles).await?;
    let pairs = match &df {
        Some(df) => pairs::ordered_pairs(df, &profiles, &probabilities).await?,
        None => vec![],
    };
    let across = Across {
        keys: &keys,
        pairs: &pairs,
    };
    let ddl = emit_table(
        name,
        source,
        options,
        &profiles,
        &across,
        learned_rows,
        rows,
    )?;
    Ok(Learned {
        ddl,
        profiles,
        rows,
        df,
        keys,
        pairs,
    })
}

/// What was found across columns: foreign keys and ordered date/timestamp pairs.
struct Across<'a> {
    keys: &'a [ForeignKey],
    pairs: &'a [OrderedPair],
}

/// The statement with its comments.
fn emit_table(
    name: &str,
    source: &str,
    options: &LearnOptions,
    profiles: &[ColumnProfile],
    across: &Across,
    learned_rows: u64,
    rows: u64,
) -> Result<String> {
    let read = match options.mode {
        Mode::Footer => format!("footer statistics of {learned_rows} rows, no row read"),
        _ => format!("{learned_rows} rows read"),
    };
    let mut head = vec![
        format!(
            "-- learned from '{source}': {read}, mode {}, privacy {} (k = {})",
            options.mode_text(),
            options.privacy_text(),
            options.k
        ),
        "-- disclosure: the numbers below are all this statement carries from the source".into(),
    ];
    let mut lines: Vec<(String, String)> = Vec::new();
    for p in profiles {
        let key = across.keys.iter().find(|k| k.column == p.name);
        let pair = across.pairs.iter().find(|o| o.then == p.name);
        match emit::column(p, options, rows, key, pair) {
            Some(c) => {
                let shown = if c.disclosed.is_empty() {
                    "nothing".to_string()
                } else {
                    c.disclosed.join("; ")
                };
                head.push(format!("--   {}: {shown}", p.name));
                for h in c.helpers {
                    lines.push((h, String::new()));
                }
                lines.push((c.declaration, c.comment));
            }
            None => head.push(format!(
                "--   {}: not learned: type {} is not supported (the column is left out)",
                p.name, p.data_type
            )),
        }
    }
    if lines.is_empty() {
        return plan_err!(
            "LEARN: '{source}' has no column of a supported type (numbers, decimals, text, booleans, dates, timestamps)"
        );
    }
    let mut out = head.join("\n");
    out.push_str(&format!(
        "\nCREATE SYNTHETIC TABLE {} (\n",
        emit::quote(name)
    ));
    let last = lines.len().saturating_sub(1);
    for (i, (decl, comment)) in lines.iter().enumerate() {
        let comma = if i < last { "," } else { "" };
        if comment.is_empty() {
            out.push_str(&format!("  {decl}{comma}\n"));
        } else {
            out.push_str(&format!("  {decl}{comma}  -- {comment}\n"));
        }
    }
    out.push_str(&format!(") WITH (rows = {rows}, seed = {})", options.seed));
    Ok(out)
}
