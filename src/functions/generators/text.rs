//! Text generators: `pattern` (template of digits and letters), `uuid` and `lorem_words`.

use std::sync::Arc;

use datafusion::common::Result;

use super::{Call, GeneratorSpec, checked};
use crate::functions::ColumnFunction;
use crate::functions::tabular::Text;
use crate::functions::tabular::args::{int_arg, str_arg};
use crate::generate::tabular::{LoremWords, Pattern, Uuid4};

/// `pattern(template)`.
pub const PATTERN: GeneratorSpec = GeneratorSpec {
    name: "pattern",
    signature: "pattern(template VARCHAR) -> VARCHAR: '#' digit, '?' A-Z, '_' a-z, '*' 0-9A-Z, '^' hex 0-9a-f, '\\c' literal c",
    min_args: 1,
    max_args: 1,
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
    min_args: 0,
    max_args: 0,
    build: uuid,
};

fn uuid(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    Ok(Arc::new(Text::new(Uuid4, c.describe.clone())))
}

/// `lorem_words(n)`.
pub const LOREM_WORDS: GeneratorSpec = GeneratorSpec {
    name: "lorem_words",
    signature: "lorem_words(n BIGINT in [1, 10000]) -> VARCHAR: n lorem-ipsum words separated by spaces",
    min_args: 1,
    max_args: 1,
    build: lorem_words,
};

fn lorem_words(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let n = int_arg(c.name, "n", &c.args[0])?;
    let g = checked(c.name, LoremWords::new(n))?;
    Ok(Arc::new(Text::new(g, c.describe.clone())))
}
