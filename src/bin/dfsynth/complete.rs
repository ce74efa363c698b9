//! Tab completion and the rustyline helper: SQL keywords (sqlparser's list), the tables of
//! the session's catalogs, every function registered in the session (scalar, aggregate,
//! window and table functions, so generators added later appear by themselves) and the
//! backslash commands.

use std::collections::BTreeSet;

use datafusion::prelude::SessionContext;
use datafusion::sql::sqlparser::keywords::ALL_KEYWORDS;
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use crate::commands;

/// The line editor's helper: completion from the live session.
pub struct SqlHelper {
    ctx: SessionContext,
}

impl SqlHelper {
    /// A helper completing from `ctx`.
    pub fn new(ctx: SessionContext) -> Self {
        SqlHelper { ctx }
    }

    /// Completions of `word` (keywords in the case the word is typed in).
    pub fn candidates(&self, word: &str) -> Vec<String> {
        if word.starts_with('\\') {
            return commands::NAMES
                .iter()
                .filter(|n| n.starts_with(word))
                .map(|n| n.to_string())
                .collect();
        }
        if word.is_empty() {
            return Vec::new();
        }
        let lower = word.to_ascii_lowercase();
        let lowercase_typed = word.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        let mut names = BTreeSet::new();
        for name in self.table_names().into_iter().chain(self.function_names()) {
            if name.to_ascii_lowercase().starts_with(&lower) {
                names.insert(name);
            }
        }
        let keywords = ALL_KEYWORDS
            .iter()
            .filter(|k| k.to_ascii_lowercase().starts_with(&lower))
            .map(|k| {
                if lowercase_typed {
                    k.to_ascii_lowercase()
                } else {
                    k.to_string()
                }
            })
            .filter(|k| !names.contains(k))
            .collect::<Vec<_>>();
        let mut all: Vec<String> = names.into_iter().collect();
        all.extend(keywords);
        all
    }

    fn table_names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for catalog in self.ctx.catalog_names() {
            let Some(c) = self.ctx.catalog(&catalog) else {
                continue;
            };
            for schema in c.schema_names() {
                if schema == "information_schema" {
                    continue;
                }
                if let Some(s) = c.schema(&schema) {
                    names.extend(s.table_names());
                }
            }
        }
        names
    }

    fn function_names(&self) -> Vec<String> {
        let state = self.ctx.state();
        let mut names: Vec<String> = state.scalar_functions().keys().cloned().collect();
        names.extend(state.aggregate_functions().keys().cloned());
        names.extend(state.window_functions().keys().cloned());
        names.extend(state.table_functions().keys().cloned());
        names
    }
}

impl Completer for SqlHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_' || *c == '\\' || *c == '?')
            .last()
            .map_or(pos, |(i, _)| i);
        let pairs = self
            .candidates(&before[start..])
            .into_iter()
            .map(|c| Pair {
                display: c.clone(),
                replacement: c,
            })
            .collect();
        Ok((start, pairs))
    }
}

impl Hinter for SqlHelper {
    type Hint = String;
}

impl Highlighter for SqlHelper {}

impl Validator for SqlHelper {}

impl Helper for SqlHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn completes_keywords_tables_functions_and_commands() {
        let ctx = SessionContext::new();
        datafusion_synth::register_all(&ctx).unwrap();
        ctx.sql(
            "CREATE EXTERNAL TABLE spots STORED AS SPIDER LOCATION 'spider://spots' \
             OPTIONS ('distribution' 'uniform', 'cardinality' '10')",
        )
        .await
        .unwrap();
        let h = SqlHelper::new(ctx);
        assert_eq!(h.candidates("SELE"), vec!["SELECT"]);
        assert_eq!(h.candidates("sele"), vec!["select"]);
        let sp = h.candidates("sp");
        assert!(sp.contains(&"spider".to_string()), "{sp:?}");
        assert!(sp.contains(&"spots".to_string()), "{sp:?}");
        assert!(
            h.candidates("approx_di")
                .contains(&"approx_distinct".to_string())
        );
        assert_eq!(h.candidates("\\ti"), vec!["\\timing"]);
        assert!(h.candidates("").is_empty());
    }
}
