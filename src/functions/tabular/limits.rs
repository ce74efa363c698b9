//! Row-limit checks shared by the adapters: some generators can only produce rows
//! `0..limit` (a unique domain, a time series before overflow).

use datafusion::common::{Result, exec_err, plan_err};

use crate::functions::rows::Rows;

/// The largest row index of `rows`, if any.
fn max_row(rows: &Rows<'_>) -> Option<u64> {
    match rows {
        Rows::Range(r) => r.end.checked_sub(1).filter(|_| !r.is_empty()),
        Rows::Indices(ix) => ix.iter().copied().max(),
    }
}

/// `1 row`, `2 rows`.
fn rows_text(n: u64) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}

/// Plan-time check that a table of `rows` rows fits under `limit`.
pub(super) fn check_table_rows(describe: &str, limit: u64, what: &str, rows: u64) -> Result<()> {
    if rows > limit {
        return plan_err!(
            "{describe} can produce at most {} ({what}), but the table has {}",
            rows_text(limit),
            rows_text(rows)
        );
    }
    Ok(())
}

/// Evaluation-time check that every row of a batch is below `limit`.
pub(super) fn check_batch_rows(describe: &str, limit: u64, rows: &Rows<'_>) -> Result<()> {
    match max_row(rows) {
        Some(row) if row >= limit => {
            exec_err!(
                "{describe} can produce at most {}, asked for row {row}",
                rows_text(limit)
            )
        }
        _ => Ok(()),
    }
}
