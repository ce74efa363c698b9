//! Key generators: `sequence` (start + step · row) and `unique_int` (distinct values in a
//! keyed pseudo-random order).

use std::sync::Arc;

use datafusion::common::Result;

use super::spec::{Call, GeneratorSpec, checked, int_column};
use crate::functions::args::int_arg;
use crate::functions::column::ColumnFunction;
use crate::functions::sequence::Sequence;
use crate::generate::tabular::UniqueInt;

/// `sequence(start[, step])`.
pub const SEQUENCE: GeneratorSpec = GeneratorSpec {
    name: "sequence",
    signature: "sequence(start BIGINT[, step BIGINT = 1]) -> BIGINT: start + step * row, a key column",
    doc: "`start + step·row` (row 0-based; `step` defaults to 1). A `BIGINT` column that is \
        exactly this call is a key: exact min/max statistics, and filters on it narrow the \
        generated row ranges. Parameters: integers; an overflow within the table's rows is an \
        error.",
    pii: "",
    min_args: 1,
    max_args: 2,
    column_args: &[],
    build: sequence,
};

fn sequence(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let start = int_arg(c.name, "start", &c.args[0])?;
    let step = match c.args.get(1) {
        Some(s) => int_arg(c.name, "step", s)?,
        None => 1,
    };
    Ok(Arc::new(Sequence { start, step }))
}

/// `unique_int(lo, hi)`.
pub const UNIQUE_INT: GeneratorSpec = GeneratorSpec {
    name: "unique_int",
    signature: "unique_int(lo BIGINT, hi BIGINT) -> BIGINT: distinct values of [lo, hi] in a keyed pseudo-random order; at most hi - lo + 1 rows",
    doc: "Distinct values of `[lo, hi]` in a keyed pseudo-random order. Parameters: integers, \
        `lo <= hi`; the table may have at most `hi − lo + 1` rows (more is an error at \
        `CREATE`). Row `r` ↦ `lo + π(r)`, `π` a 6-round balanced Feistel network keyed by the \
        call site's stream over the smallest even bit width covering the domain, with \
        cycle-walking into `[0, hi − lo]`: a bijection, so values are unique with no memory, and \
        a table of exactly `hi − lo + 1` rows contains every value once.",
    pii: "",
    min_args: 2,
    max_args: 2,
    column_args: &[],
    build: unique_int,
};

fn unique_int(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let lo = int_arg(c.name, "lo", &c.args[0])?;
    let hi = int_arg(c.name, "hi", &c.args[1])?;
    let g = checked(c.name, UniqueInt::new(lo, hi))?;
    Ok(int_column(
        g,
        c.describe.clone(),
        "the number of distinct values in [lo, hi]",
    ))
}
