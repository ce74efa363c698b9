//! Error texts for people: [`error_text`] adds to an error's message the causes the message
//! leaves out, and [`explain_nesting`] turns the SQL parser's recursion limit into an error
//! that says what it is.
//!
//! DataFusion prints an object store error as its outermost message (`Generic S3 error:
//! HTTP error: error sending request`), which reads the same for a refused connection, an
//! unknown host and a timeout; the cause that tells them apart (`Connection refused`,
//! `dns error`, `operation timed out`) is further down the error's `source()` chain.

use std::error::Error;

use datafusion::common::DataFusionError;
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::parser::ParserError;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};

/// The error's message (without backtrace) followed by each cause in its `source()` chain
/// that the message does not already contain, separated by `: `.
pub fn error_text(e: &DataFusionError) -> String {
    let mut text = e.strip_backtrace();
    let mut source = e.source();
    while let Some(cause) = source {
        let shown = cause.to_string();
        if !shown.is_empty() && !text.contains(&shown) {
            text.push_str(": ");
            text.push_str(&shown);
        }
        source = cause.source();
    }
    text
}

/// `e`, or when `sql` failed to parse because it nests too deeply an error saying so, with
/// the limit and the setting that raises it. The parser's recursion limit (`limit`, 50 by
/// default) reports itself for parentheses, but inside a `CASE` it surfaces as an unrelated
/// syntax error (`Expected: end of statement`) from about `limit - 3` nested `CASE`s on: a
/// syntax error in a statement nesting that deep is taken for the limit.
pub fn explain_nesting(e: DataFusionError, sql: &str, limit: usize) -> DataFusionError {
    let DataFusionError::SQL(p, _) = e.find_root() else {
        return e;
    };
    let depth = nesting_depth(sql);
    let too_deep = matches!(**p, ParserError::RecursionLimitExceeded)
        || matches!(**p, ParserError::ParserError(_)) && depth + 4 >= limit;
    if !too_deep {
        return e;
    }
    DataFusionError::Plan(format!(
        "SQL nesting too deep: the statement nests {depth} levels of parentheses and CASE … END, more than the SQL parser's recursion limit ({limit}) allows; simplify it (e.g. one CASE with more WHEN branches instead of nested CASEs) or raise the limit with SET datafusion.sql_parser.recursion_limit = <n>"
    ))
}

/// The deepest nesting of parentheses and `CASE … END` in `sql` (0 if it does not tokenize).
pub fn nesting_depth(sql: &str) -> usize {
    let Ok(tokens) = Tokenizer::new(&GenericDialect {}, sql).tokenize() else {
        return 0;
    };
    let (mut depth, mut deepest) = (0usize, 0usize);
    for t in tokens {
        match t {
            Token::LParen => depth += 1,
            Token::Word(w) if w.keyword == Keyword::CASE => depth += 1,
            Token::RParen => depth = depth.saturating_sub(1),
            Token::Word(w) if w.keyword == Keyword::END => depth = depth.saturating_sub(1),
            _ => {}
        }
        deepest = deepest.max(depth);
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt;

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl Error for Layer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.1.as_deref().map(|l| l as &(dyn Error + 'static))
        }
    }

    #[test]
    fn causes_the_message_leaves_out_are_added() {
        let inner = Layer(
            "error sending request",
            Some(Box::new(Layer(
                "client error (Connect)",
                Some(Box::new(Layer("Connection refused (os error 111)", None))),
            ))),
        );
        let e = DataFusionError::External(Box::new(inner));
        assert_eq!(
            error_text(&e),
            "External error: error sending request: client error (Connect): Connection refused (os error 111)"
        );
    }

    #[test]
    fn the_recursion_limit_says_nesting_too_deep() {
        let e = DataFusionError::SQL(Box::new(ParserError::RecursionLimitExceeded), None);
        let text = explain_nesting(e, "SELECT ((1))", 50).to_string();
        assert!(
            text.starts_with(
                "Error during planning: SQL nesting too deep: the statement nests 2 levels"
            ),
            "{text}"
        );
        assert!(text.contains("(50)"), "{text}");
        let other = DataFusionError::Plan("x".into());
        assert_eq!(
            explain_nesting(other, "", 50).to_string(),
            "Error during planning: x"
        );
        // A syntax error in a shallow statement stays what it is.
        let syntax = || {
            DataFusionError::SQL(
                Box::new(ParserError::ParserError("Expected: x".into())),
                None,
            )
        };
        assert!(
            explain_nesting(syntax(), "SELECT (1", 50)
                .to_string()
                .contains("Expected: x")
        );
        let deep = format!(
            "SELECT {}1{}",
            "CASE WHEN a THEN ".repeat(47),
            " END".repeat(47)
        );
        assert_eq!(nesting_depth(&deep), 47);
        assert!(
            explain_nesting(syntax(), &deep, 50)
                .to_string()
                .contains("nests 47 levels")
        );
    }
}
