//! The generator reference page, `docs/generators.md`, rendered from the registry: one section
//! per entry of [`GENERATORS`] with its signature, description, PII note and the locales it
//! accepts (found by building it in each locale, so the list cannot drift from the code).
//! `tests/docs.rs` fails when the committed page differs from [`generators_markdown`];
//! `UPDATE_DOCS=1 cargo test --test docs` rewrites it (DataFusion's `update_function_docs.sh`
//! pattern).

use datafusion::common::ScalarValue;

use super::generators::GeneratorSpec;
use super::registry::GENERATORS;
use crate::generate::faker::Locale;

/// The page's opening: what the page is, how it is made, and what holds for every generator.
const HEADER: &str = "\
# Generator reference

<!-- Generated from the generator registry (src/functions/registry.rs) by
     datafusion_synth::functions::reference::generators_markdown(). Do not edit:
     regenerate with `UPDATE_DOCS=1 cargo test --test docs`. -->

The functions usable in a `CREATE SYNTHETIC TABLE` column expression (`GENERATED ALWAYS AS
(…)`). Every value is a pure function of (call-site stream, row, arguments): a row draws from
its own SplitMix64 stream started at `row_seed(stream, row)`, never from a generator running
across rows, so values do not depend on partitioning, batch size, projection or the order in
which rows are computed. Arguments are constants, except where a signature says `column`: there
the argument names another column of the table, read per row. The algorithms are frozen
(generator version 1, see [reproducibility](reproducibility.md)); `tests/it/generators.rs` and
`tests/it/semantic.rs` pin a SHA-256 of the first values of each one.
In Rust, `datafusion_synth::functions::build_generator(name, &args)` builds any of them as a
`ColumnFunction`; `generator_signature(name)` returns the one-line summary and
`GENERATOR_NAMES` lists them all.

Examples, the algorithms the tabular generators share, error texts and speed are in
[tabular generators](tabular-generators.md); locales, columns as arguments, data licences and
the PII rules of the people, address, internet and finance fields are in
[semantic generators](semantic-generators.md). **Locales** below lists the locales a
generator accepts as a constant `locale` argument, its other arguments left at their defaults
(for `phone`, the range reserved for fiction).
";

/// The reference page: [`HEADER`], an index table, then one section per generator in
/// registry order.
pub fn generators_markdown() -> String {
    let mut out = String::from(HEADER);
    out.push_str("\n| generator | returns |\n|---|---|\n");
    for g in GENERATORS {
        let returns = g.signature.split_once(" -> ").map_or("", |(_, r)| r);
        out.push_str(&format!(
            "| [`{}`](#{}) | {} |\n",
            g.name,
            g.name,
            table_text(returns)
        ));
    }
    for g in GENERATORS {
        out.push_str(&format!(
            "\n## `{}`\n\n`{}`\n\n{}\n",
            g.name, g.signature, g.doc
        ));
        if !g.pii.is_empty() {
            out.push_str(&format!("\n**PII:** {}\n", g.pii));
        }
        if let Some(locales) = generator_locales(g) {
            let names: Vec<String> = locales.iter().map(|l| format!("`{l}`")).collect();
            out.push_str(&format!("\n**Locales:** {}\n", names.join(", ")));
        }
    }
    out
}

/// `text` as the plain text of a table cell: the characters Markdown would read as a cell
/// border, emphasis or HTML are escaped.
fn table_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '|' | '*' | '_' | '<' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The locales `spec` accepts as a constant `locale` argument, in [`Locale::ALL`] order, or
/// `None` when it has no `locale` parameter. Each locale is tried by building the generator
/// with that locale and its defaults; an argument before the locale (`words(n, locale)`'s
/// `n`) gets the value 1.
pub fn generator_locales(spec: &GeneratorSpec) -> Option<Vec<&'static str>> {
    let pos = locale_position(spec.signature)?;
    let accepted = Locale::ALL
        .iter()
        .filter(|l| {
            let mut args = vec![ScalarValue::Int64(Some(1)); pos];
            args.push(ScalarValue::Utf8(Some(l.name().to_string())));
            spec.build(&args).is_ok()
        })
        .map(|l| l.name())
        .collect();
    Some(accepted)
}

/// The 0-based position of the parameter named `locale` in a signature
/// `name(params) -> …`: the parameters before it are counted by their separating commas,
/// skipping those inside a value range such as `[1, 10000]`.
pub fn locale_position(signature: &str) -> Option<usize> {
    let open = signature.find('(')?;
    let params = &signature[open + 1..signature.find(") -> ")?];
    let (mut pos, mut in_range) = (0, false);
    for (i, c) in params.char_indices() {
        let rest = &params[i..];
        match c {
            '[' if rest[1..].starts_with(|d: char| d.is_ascii_digit()) => in_range = true,
            ']' => in_range = false,
            ',' if !in_range => pos += 1,
            _ => {}
        }
        let starts_word = i == 0 || params[..i].ends_with([' ', '[']);
        let is_locale = rest
            .strip_prefix("locale")
            .is_some_and(|after| after.is_empty() || after.starts_with([' ', ']', ',']));
        if starts_word && is_locale {
            return Some(pos);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_locale_parameter_after_value_ranges_and_optional_brackets() {
        let sig = |name: &str| {
            GENERATORS
                .iter()
                .find(|g| g.name == name)
                .unwrap()
                .signature
        };
        assert_eq!(locale_position(sig("first_name")), Some(0));
        assert_eq!(locale_position(sig("phone")), Some(0));
        assert_eq!(locale_position(sig("words")), Some(1));
        assert_eq!(locale_position(sig("email")), None);
        assert_eq!(locale_position(sig("uniform")), None);
        assert_eq!(
            locale_position("f(a BIGINT in [1, 2], b, locale) -> X"),
            Some(2)
        );
        assert_eq!(locale_position("f(locales VARCHAR) -> X"), None);
    }
}
