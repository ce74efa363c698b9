//! The vocabulary of column expressions as the DDL planner reads it: the generators of the
//! registry, the relation functions (which need the session's tables), `nullify`, which
//! argument positions may name a column, and plain identifiers.

use datafusion::sql::sqlparser::ast::Function;

pub use crate::functions::registry::{
    GENERATOR_NAMES, build_generator, generator_signature, generator_spec,
};

/// The function rewritten to a null mask (not a generator).
pub const NULLIFY: &str = "nullify";

/// The relation functions, handled by the planner (they need the session's tables).
pub const RELATIONS: &[&str] = &[
    "parent_row",
    "lookup",
    "foreign_key",
    "orphan_key",
    "self_key",
    "fanout_parent",
    "fanout_index",
];

/// The argument positions of relation function `name` that name a column of the table.
pub fn relation_column_args(name: &str) -> &'static [usize] {
    match name {
        "lookup" => &[2],
        "self_key" => &[0],
        _ => &[],
    }
}

/// The argument positions of generator or relation `name` that may name a column.
pub fn column_args(name: &str) -> &'static [usize] {
    generator_spec(name).map_or(relation_column_args(name), |g| g.column_args)
}

/// The generator, relation or `nullify` a function call names, lower-cased unless quoted.
pub fn generator_name(f: &Function) -> Option<String> {
    let [part] = f.name.0.as_slice() else {
        return None;
    };
    let ident = part.as_ident()?;
    let name = if ident.quote_style.is_some() {
        ident.value.clone()
    } else {
        ident.value.to_ascii_lowercase()
    };
    (GENERATOR_NAMES.contains(&name.as_str())
        || name == NULLIFY
        || RELATIONS.contains(&name.as_str()))
    .then_some(name)
}

/// Whether `name` reads back as itself unquoted: lower-case ASCII letters, digits and `_`,
/// not starting with a digit.
pub fn is_plain_ident(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}
