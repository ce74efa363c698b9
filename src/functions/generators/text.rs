//! Text generators: `pattern` (template of digits and letters), `uuid`, `lorem_words`, and
//! the locale-aware lorem `words`, `sentence` and `paragraph`.

use std::sync::Arc;

use datafusion::common::Result;

use super::semantic::locale_column;
use super::spec::{Call, GeneratorSpec, checked};
use crate::functions::args::{int_arg, str_arg};
use crate::functions::column::ColumnFunction;
use crate::functions::tabular::Text;
use crate::generate::faker::{Lorem, LoremKind};
use crate::generate::tabular::{LoremWords, Pattern, Uuid4};

/// `pattern(template)`.
pub const PATTERN: GeneratorSpec = GeneratorSpec {
    name: "pattern",
    signature: "pattern(template VARCHAR) -> VARCHAR: '#' digit, '?' A-Z, '_' a-z, '*' 0-9A-Z, '^' hex 0-9a-f, '\\c' literal c",
    doc: "The template with its class characters drawn uniformly: `#` digit `0-9`, `?` letter \
        `A-Z`, `_` letter `a-z`, `*` `0-9A-Z`, `^` hex digit `0-9a-f`, `\\c` the character `c` \
        literally (`\\#`, `\\\\`); every other character is copied. Parameter: text of at most \
        4096 characters, not ending in a lone `\\`.",
    pii: "",
    min_args: 1,
    max_args: 1,
    column_args: &[],
    build: pattern,
};

fn pattern(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let template = str_arg(c.name, "template", &c.args[0])?;
    let g = checked(c.name, Pattern::new(template))?;
    Ok(Arc::new(Text::new(g, c.describe.clone())))
}

/// `uuid()`.
pub const UUID: GeneratorSpec = GeneratorSpec {
    name: "uuid",
    signature: "uuid() -> VARCHAR: RFC 4122 version-4 UUID, lower-case hyphenated",
    doc: "RFC 4122 version-4 UUID, 36 lower-case characters: the row's two 64-bit draws, \
        big-endian, with version nibble 4 and variant `10`.",
    pii: "",
    min_args: 0,
    max_args: 0,
    column_args: &[],
    build: uuid,
};

fn uuid(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    Ok(Arc::new(Text::new(Uuid4, c.describe.clone())))
}

/// `lorem_words(n)`.
pub const LOREM_WORDS: GeneratorSpec = GeneratorSpec {
    name: "lorem_words",
    signature: "lorem_words(n BIGINT in [1, 10000]) -> VARCHAR: n lorem-ipsum words separated by spaces",
    doc: "`n` lorem-ipsum words separated by single spaces, from the English lorem list of the \
        `fake` crate (used as static data; `fake`'s random generator is not used), indexed by \
        the row's own draws. Parameter: integer `n` in `[1, 10000]`.",
    pii: "",
    min_args: 1,
    max_args: 1,
    column_args: &[],
    build: lorem_words,
};

fn lorem_words(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let n = int_arg(c.name, "n", &c.args[0])?;
    let g = checked(c.name, LoremWords::new(n))?;
    Ok(Arc::new(Text::new(g, c.describe.clone())))
}

/// `words(n [, locale])`.
pub const WORDS: GeneratorSpec = GeneratorSpec {
    name: "words",
    signature: "words(n BIGINT in [1, 10000] [, locale VARCHAR or column]) -> VARCHAR: n lorem words of the locale (en_US, zh_CN)",
    doc: "`n` lorem words of the locale (`en_US`: Latin lorem), separated by spaces. Parameter: \
        integer `n` in `[1, 10000]`.",
    pii: "Lorem text: no personal data.",
    min_args: 1,
    max_args: 2,
    column_args: &[1],
    build: |c| {
        let kind = checked(c.name, Lorem::words_kind(int_arg(c.name, "n", &c.args[0])?))?;
        let name = c.name;
        locale_column(c, 1, None, |l| Lorem::new(name, kind, l))
    },
};

/// `sentence([locale])`.
pub const SENTENCE: GeneratorSpec = GeneratorSpec {
    name: "sentence",
    signature: "sentence([locale VARCHAR or column]) -> VARCHAR: 4 to 12 lorem words, capitalized, with a full stop",
    doc: "A lorem sentence of 4 to 12 words of the locale, capitalized, with a full stop.",
    pii: "Lorem text: no personal data.",
    min_args: 0,
    max_args: 1,
    column_args: &[0],
    build: |c| {
        let name = c.name;
        locale_column(c, 0, None, |l| Lorem::new(name, LoremKind::Sentence, l))
    },
};

/// `paragraph([locale])`.
pub const PARAGRAPH: GeneratorSpec = GeneratorSpec {
    name: "paragraph",
    signature: "paragraph([locale VARCHAR or column]) -> VARCHAR: 3 to 6 lorem sentences",
    doc: "A lorem paragraph of 3 to 6 sentences of the locale.",
    pii: "Lorem text: no personal data.",
    min_args: 0,
    max_args: 1,
    column_args: &[0],
    build: |c| {
        let name = c.name;
        locale_column(c, 0, None, |l| Lorem::new(name, LoremKind::Paragraph, l))
    },
};
