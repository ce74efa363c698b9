//! `SELECT … FROM 's3://bucket/key'`: S3 objects queried as URL tables. Their bucket's store
//! is installed before planning like a `COPY`'s ([`s3_url_tables`] lists them), and since
//! DataFusion reports any failure to open a URL table as `table '…' not found`,
//! [`explain_s3_table`] reads the location again to say why (missing credentials, a refused
//! connection, no such object).

use datafusion::common::DataFusionError;
use datafusion::datasource::listing::ListingTableUrl;
use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};
use futures::StreamExt;

use crate::sql::errors::error_text;

/// The single-quoted `s3://` strings of `sql` (the URL tables a query may read).
pub(crate) fn s3_url_tables(sql: &str) -> Vec<String> {
    let Ok(tokens) = Tokenizer::new(&GenericDialect {}, sql).tokenize() else {
        return vec![];
    };
    tokens
        .into_iter()
        .filter_map(|t| match t {
            Token::SingleQuotedString(s)
                if s.get(..5).is_some_and(|p| p.eq_ignore_ascii_case("s3://")) =>
            {
                Some(s)
            }
            _ => None,
        })
        .collect()
}

/// `e`, or, when it is DataFusion's `table '…' not found` for an `s3://` URL table of `sql`,
/// an error saying why the location cannot be read.
pub(crate) async fn explain_s3_table(
    ctx: &SessionContext,
    sql: &str,
    e: DataFusionError,
) -> DataFusionError {
    let message = e.to_string();
    if !message.contains("not found") {
        return e;
    }
    for location in s3_url_tables(sql) {
        if !message.contains(&format!("{location}' not found")) {
            continue;
        }
        let cannot = |why: String| {
            DataFusionError::Plan(format!("cannot read the table '{location}': {why}"))
        };
        let url = match ListingTableUrl::parse(&location) {
            Ok(u) => u,
            Err(err) => return cannot(error_text(&err)),
        };
        let store = match ctx.runtime_env().object_store(url.object_store()) {
            Ok(s) => s,
            Err(err) => return cannot(error_text(&err)),
        };
        let mut listing = store.list(Some(url.prefix()));
        return match listing.next().await {
            Some(Err(err)) => cannot(error_text(&DataFusionError::ObjectStore(Box::new(err)))),
            None => cannot("no object at this location (the bucket exists and is readable)".into()),
            // Objects are there: the failure was reading them as a table.
            Some(Ok(_)) => e,
        };
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_quoted_s3_locations_only() {
        assert_eq!(
            s3_url_tables(
                "SELECT * FROM 's3://b/x.parquet' JOIN 'local.csv' ON a = 'S3://c/y' -- 's3://z'"
            ),
            vec!["s3://b/x.parquet".to_string(), "S3://c/y".to_string()]
        );
        assert!(s3_url_tables("SELECT 's3:/' FROM t").is_empty());
    }
}
