//! Whether a line-by-line typed buffer holds complete statements (ends with a top-level `;`).

use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};

/// True when `buffer` ends with a `;` outside strings, quoted identifiers and comments (only
/// whitespace and comments may follow it). Text that cannot be tokenized yet (an open string
/// or block comment) is incomplete.
pub fn statement_complete(buffer: &str) -> bool {
    let Ok(tokens) = Tokenizer::new(&GenericDialect {}, buffer).tokenize() else {
        return false;
    };
    tokens
        .iter()
        .rev()
        .find(|t| !matches!(t, Token::Whitespace(_) | Token::EOF))
        .is_some_and(|t| *t == Token::SemiColon)
}

#[cfg(test)]
mod tests {
    use super::statement_complete;

    #[test]
    fn complete_only_after_a_top_level_semicolon() {
        assert!(!statement_complete(""));
        assert!(!statement_complete("SELECT 1\n"));
        assert!(statement_complete("SELECT 1;\n"));
        assert!(statement_complete("SELECT 1\nFROM t;  -- done\n"));
        assert!(!statement_complete("SELECT ';\n"));
        assert!(!statement_complete("SELECT 1 /* ; */\n"));
        assert!(!statement_complete("SELECT 1; SELECT 2\n"));
        assert!(statement_complete("SELECT 'a;b', \"c;\";"));
        assert!(!statement_complete("SELECT 1 /* open comment;\n"));
    }
}
