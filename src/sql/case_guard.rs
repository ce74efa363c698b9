//! A guard against the SQL parser's exponential time on a malformed nested `CASE`.
//!
//! When sqlparser fails to parse `CASE …` as an expression it parses the word `CASE` again as
//! an identifier (for dialects where a keyword may name a column), and each nested `CASE`
//! repeats that retry: a statement with `n` nested `CASE`s and a syntax error inside takes
//! time in `2^n` (18 levels: 4 s; 30: hours). A statement nesting `CASE` at least
//! [`GUARDED_CASE_DEPTH`] deep is therefore parsed once first with [`CaseGuardDialect`] —
//! sqlparser's generic dialect in every respect but that `CASE` is never retried as an
//! identifier — which fails in linear time; only a statement that parses goes on to
//! DataFusion (whose parse of a correct statement is linear).

use std::any::TypeId;

use datafusion::common::Result;
use datafusion::sql::parser::DFParserBuilder;
use datafusion::sql::sqlparser::dialect::{Dialect, GenericDialect};
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};

use super::ddl::{is_create_synthetic, parse_create_synthetic};

/// `CASE` nesting from which a statement is checked with [`CaseGuardDialect`] first.
pub const GUARDED_CASE_DEPTH: usize = 8;

/// The deepest nesting of `CASE … END` in `sql` (0 if it does not tokenize).
pub fn case_depth(sql: &str) -> usize {
    let Ok(tokens) = Tokenizer::new(&GenericDialect {}, sql).tokenize() else {
        return 0;
    };
    let (mut depth, mut deepest) = (0usize, 0usize);
    for t in tokens {
        if let Token::Word(w) = t {
            match w.keyword {
                Keyword::CASE => depth += 1,
                Keyword::END => depth = depth.saturating_sub(1),
                _ => {}
            }
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// `Err` with the syntax error when `sql` nests `CASE` [`GUARDED_CASE_DEPTH`] deep or more
/// and does not parse (checked in linear time with [`CaseGuardDialect`]); `Ok` otherwise.
pub fn check_nested_case(sql: &str, recursion_limit: usize) -> Result<()> {
    if case_depth(sql) < GUARDED_CASE_DEPTH {
        return Ok(());
    }
    if is_create_synthetic(&CaseGuardDialect, sql) {
        return parse_create_synthetic(&CaseGuardDialect, sql, recursion_limit).map(|_| ());
    }
    DFParserBuilder::new(sql)
        .with_dialect(&CaseGuardDialect)
        .with_recursion_limit(recursion_limit)
        .build()?
        .parse_statements()
        .map(|_| ())
}

/// sqlparser's [`GenericDialect`], except that the keyword `CASE` is never parsed again as
/// an identifier after `CASE …` failed to parse (see the module docs). Every other method
/// is the generic dialect's, and `dialect()` reports the generic dialect, so dialect-specific
/// rules apply as they do for it.
#[derive(Debug, Default, Clone, Copy)]
pub struct CaseGuardDialect;

impl Dialect for CaseGuardDialect {
    fn dialect(&self) -> TypeId {
        TypeId::of::<GenericDialect>()
    }

    fn is_reserved_for_identifier(&self, kw: Keyword) -> bool {
        kw == Keyword::CASE || GenericDialect {}.is_reserved_for_identifier(kw)
    }

    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        GenericDialect {}.is_delimited_identifier_start(ch)
    }

    fn is_identifier_start(&self, ch: char) -> bool {
        GenericDialect {}.is_identifier_start(ch)
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        GenericDialect {}.is_identifier_part(ch)
    }

    fn supports_unicode_string_literal(&self) -> bool {
        GenericDialect {}.supports_unicode_string_literal()
    }

    fn supports_partition_by_after_order_by(&self) -> bool {
        GenericDialect {}.supports_partition_by_after_order_by()
    }

    fn supports_array_join_syntax(&self) -> bool {
        GenericDialect {}.supports_array_join_syntax()
    }

    fn supports_group_by_expr(&self) -> bool {
        GenericDialect {}.supports_group_by_expr()
    }

    fn supports_group_by_with_modifier(&self) -> bool {
        GenericDialect {}.supports_group_by_with_modifier()
    }

    fn supports_left_associative_joins_without_parens(&self) -> bool {
        GenericDialect {}.supports_left_associative_joins_without_parens()
    }

    fn supports_connect_by(&self) -> bool {
        GenericDialect {}.supports_connect_by()
    }

    fn supports_match_recognize(&self) -> bool {
        GenericDialect {}.supports_match_recognize()
    }

    fn supports_pipe_operator(&self) -> bool {
        GenericDialect {}.supports_pipe_operator()
    }

    fn supports_start_transaction_modifier(&self) -> bool {
        GenericDialect {}.supports_start_transaction_modifier()
    }

    fn supports_window_function_null_treatment_arg(&self) -> bool {
        GenericDialect {}.supports_window_function_null_treatment_arg()
    }

    fn supports_dictionary_syntax(&self) -> bool {
        GenericDialect {}.supports_dictionary_syntax()
    }

    fn supports_window_clause_named_window_reference(&self) -> bool {
        GenericDialect {}.supports_window_clause_named_window_reference()
    }

    fn supports_parenthesized_set_variables(&self) -> bool {
        GenericDialect {}.supports_parenthesized_set_variables()
    }

    fn supports_select_wildcard_except(&self) -> bool {
        GenericDialect {}.supports_select_wildcard_except()
    }

    fn support_map_literal_syntax(&self) -> bool {
        GenericDialect {}.support_map_literal_syntax()
    }

    fn allow_extract_custom(&self) -> bool {
        GenericDialect {}.allow_extract_custom()
    }

    fn allow_extract_single_quotes(&self) -> bool {
        GenericDialect {}.allow_extract_single_quotes()
    }

    fn supports_extract_comma_syntax(&self) -> bool {
        GenericDialect {}.supports_extract_comma_syntax()
    }

    fn supports_create_view_comment_syntax(&self) -> bool {
        GenericDialect {}.supports_create_view_comment_syntax()
    }

    fn supports_parens_around_table_factor(&self) -> bool {
        GenericDialect {}.supports_parens_around_table_factor()
    }

    fn supports_values_as_table_factor(&self) -> bool {
        GenericDialect {}.supports_values_as_table_factor()
    }

    fn supports_create_index_with_clause(&self) -> bool {
        GenericDialect {}.supports_create_index_with_clause()
    }

    fn supports_explain_with_utility_options(&self) -> bool {
        GenericDialect {}.supports_explain_with_utility_options()
    }

    fn supports_limit_comma(&self) -> bool {
        GenericDialect {}.supports_limit_comma()
    }

    fn supports_update_order_by(&self) -> bool {
        GenericDialect {}.supports_update_order_by()
    }

    fn supports_from_first_select(&self) -> bool {
        GenericDialect {}.supports_from_first_select()
    }

    fn supports_projection_trailing_commas(&self) -> bool {
        GenericDialect {}.supports_projection_trailing_commas()
    }

    fn supports_asc_desc_in_column_definition(&self) -> bool {
        GenericDialect {}.supports_asc_desc_in_column_definition()
    }

    fn supports_try_convert(&self) -> bool {
        GenericDialect {}.supports_try_convert()
    }

    fn supports_bitwise_shift_operators(&self) -> bool {
        GenericDialect {}.supports_bitwise_shift_operators()
    }

    fn supports_comment_on(&self) -> bool {
        GenericDialect {}.supports_comment_on()
    }

    fn supports_load_extension(&self) -> bool {
        GenericDialect {}.supports_load_extension()
    }

    fn supports_named_fn_args_with_assignment_operator(&self) -> bool {
        GenericDialect {}.supports_named_fn_args_with_assignment_operator()
    }

    fn supports_struct_literal(&self) -> bool {
        GenericDialect {}.supports_struct_literal()
    }

    fn supports_empty_projections(&self) -> bool {
        GenericDialect {}.supports_empty_projections()
    }

    fn supports_nested_comments(&self) -> bool {
        GenericDialect {}.supports_nested_comments()
    }

    fn supports_multiline_comment_hints(&self) -> bool {
        GenericDialect {}.supports_multiline_comment_hints()
    }

    fn supports_user_host_grantee(&self) -> bool {
        GenericDialect {}.supports_user_host_grantee()
    }

    fn supports_string_escape_constant(&self) -> bool {
        GenericDialect {}.supports_string_escape_constant()
    }

    fn supports_array_typedef_with_brackets(&self) -> bool {
        GenericDialect {}.supports_array_typedef_with_brackets()
    }

    fn supports_match_against(&self) -> bool {
        GenericDialect {}.supports_match_against()
    }

    fn supports_set_names(&self) -> bool {
        GenericDialect {}.supports_set_names()
    }

    fn supports_comma_separated_set_assignments(&self) -> bool {
        GenericDialect {}.supports_comma_separated_set_assignments()
    }

    fn supports_filter_during_aggregation(&self) -> bool {
        GenericDialect {}.supports_filter_during_aggregation()
    }

    fn supports_select_wildcard_exclude(&self) -> bool {
        GenericDialect {}.supports_select_wildcard_exclude()
    }

    fn supports_data_type_signed_suffix(&self) -> bool {
        GenericDialect {}.supports_data_type_signed_suffix()
    }

    fn supports_interval_options(&self) -> bool {
        GenericDialect {}.supports_interval_options()
    }

    fn supports_quote_delimited_string(&self) -> bool {
        GenericDialect {}.supports_quote_delimited_string()
    }

    fn supports_select_wildcard_replace(&self) -> bool {
        GenericDialect {}.supports_select_wildcard_replace()
    }

    fn supports_select_wildcard_ilike(&self) -> bool {
        GenericDialect {}.supports_select_wildcard_ilike()
    }

    fn supports_select_wildcard_rename(&self) -> bool {
        GenericDialect {}.supports_select_wildcard_rename()
    }

    fn supports_optimize_table(&self) -> bool {
        GenericDialect {}.supports_optimize_table()
    }

    fn supports_install(&self) -> bool {
        GenericDialect {}.supports_install()
    }

    fn supports_detach(&self) -> bool {
        GenericDialect {}.supports_detach()
    }

    fn supports_prewhere(&self) -> bool {
        GenericDialect {}.supports_prewhere()
    }

    fn supports_with_fill(&self) -> bool {
        GenericDialect {}.supports_with_fill()
    }

    fn supports_limit_by(&self) -> bool {
        GenericDialect {}.supports_limit_by()
    }

    fn supports_interpolate(&self) -> bool {
        GenericDialect {}.supports_interpolate()
    }

    fn supports_settings(&self) -> bool {
        GenericDialect {}.supports_settings()
    }

    fn supports_select_format(&self) -> bool {
        GenericDialect {}.supports_select_format()
    }

    fn supports_comment_optimizer_hint(&self) -> bool {
        GenericDialect {}.supports_comment_optimizer_hint()
    }

    fn supports_constraint_keyword_without_name(&self) -> bool {
        GenericDialect {}.supports_constraint_keyword_without_name()
    }

    fn supports_key_column_option(&self) -> bool {
        GenericDialect {}.supports_key_column_option()
    }

    fn supports_comma_separated_trim(&self) -> bool {
        GenericDialect {}.supports_comma_separated_trim()
    }

    fn supports_cte_without_as(&self) -> bool {
        GenericDialect {}.supports_cte_without_as()
    }

    fn supports_select_item_multi_column_alias(&self) -> bool {
        GenericDialect {}.supports_select_item_multi_column_alias()
    }

    fn supports_xml_expressions(&self) -> bool {
        GenericDialect {}.supports_xml_expressions()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn nested(n: usize, inner: &str) -> String {
        format!(
            "SELECT {}{inner}{}",
            "CASE WHEN 1 > 0 THEN ".repeat(n),
            " ELSE 0 END".repeat(n)
        )
    }

    #[test]
    fn a_malformed_deep_case_fails_at_once() {
        let start = Instant::now();
        let e = check_nested_case(&nested(40, "1 >"), 50).unwrap_err();
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
        assert!(e.to_string().contains("Expected: END"), "{e}");
        assert!(check_nested_case(&nested(40, "1"), 50).is_ok());
        assert!(
            check_nested_case(&nested(3, "1 >"), 50).is_ok(),
            "shallow: not checked"
        );
        assert_eq!(case_depth(&nested(12, "1")), 12);
    }

    #[test]
    fn the_guard_dialect_is_the_generic_one() {
        assert_eq!(CaseGuardDialect.dialect(), GenericDialect {}.dialect());
        assert!(CaseGuardDialect.supports_group_by_expr());
        assert!(!GenericDialect {}.is_reserved_for_identifier(Keyword::CASE));
    }
}
