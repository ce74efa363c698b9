//! What a generator is to the registry: a name, a one-line signature and a builder from
//! constant arguments, plus the column adapters most builders share.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::common::{Result, ScalarValue, plan_err};

use crate::functions::args::{call_error, sql_literal};
use crate::functions::column::ColumnFunction;
use crate::functions::tabular::Sampled;
use crate::generate::ParamError;
use crate::generate::tabular::RowGenerator;

/// One generator: everything the registry, the DDL planner, `\d` and the docs need.
#[derive(Debug, Clone, Copy)]
pub struct GeneratorSpec {
    /// The SQL name, lower case.
    pub name: &'static str,
    /// `name(params) -> TYPE: summary`, shown by `\d`, usage hints and the docs.
    pub signature: &'static str,
    /// The reference description (Markdown, one paragraph): values, parameters and, where
    /// the generator has its own, the algorithm. Rendered into `docs/generators.md`.
    pub doc: &'static str,
    /// What keeps the values free of personal data (reserved ranges, fictional
    /// combinations), for the generators whose values look like personal data; empty for
    /// the others. Rendered into `docs/generators.md`.
    pub pii: &'static str,
    /// Fewest arguments accepted.
    pub min_args: usize,
    /// Most arguments accepted.
    pub max_args: usize,
    /// The argument positions (0-based) that may name a column of the table instead of
    /// being a constant, e.g. `email(first, last)`; the column's values are then read per
    /// row. Empty for generators of constants only.
    pub column_args: &'static [usize],
    /// Builds the column function once the argument count is known to be in range.
    pub build: fn(&Call<'_>) -> Result<Arc<dyn ColumnFunction>>,
}

/// A column named as a generator argument.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnArg {
    /// The column's name.
    pub name: String,
    /// Its type.
    pub data_type: DataType,
    /// Whether it may be NULL.
    pub nullable: bool,
}

/// One call site of a generator: its constant-folded arguments and readable definition.
#[derive(Debug)]
pub struct Call<'a> {
    /// The generator's name (lower case), for error messages.
    pub name: &'a str,
    /// The arguments, already constant-folded (`NULL` where a column is named).
    pub args: &'a [ScalarValue],
    /// Per argument, the column it names, if any (only at positions in
    /// [`GeneratorSpec::column_args`]). The built function reads these columns as its
    /// inputs, in argument order.
    pub columns: &'a [Option<ColumnArg>],
    /// The call as written back in SQL, e.g. `normal(0, 1)`, for `EXPLAIN` and `\d`.
    pub describe: String,
}

impl GeneratorSpec {
    /// Checks the argument count, then builds. A wrong count is a planning error with the
    /// usage line, e.g. `normal(): expected 2 arguments, got 1; usage: normal(mean ...)`.
    pub fn build(&self, args: &[ScalarValue]) -> Result<Arc<dyn ColumnFunction>> {
        self.build_with_columns(args, &[])
    }

    /// [`Self::build`] where some arguments name columns (`columns[i]` for argument `i`).
    pub fn build_with_columns(
        &self,
        args: &[ScalarValue],
        columns: &[Option<ColumnArg>],
    ) -> Result<Arc<dyn ColumnFunction>> {
        let name = self.name;
        let (min, max) = (self.min_args, self.max_args);
        if !(min..=max).contains(&args.len()) {
            let expected = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            let usage = self
                .signature
                .split(" -> ")
                .next()
                .unwrap_or(self.signature);
            return plan_err!(
                "{name}(): expected {expected} argument{}, got {}; usage: {usage}",
                if max == 1 && min == 1 { "" } else { "s" },
                args.len()
            );
        }
        let column = |i: usize| columns.get(i).and_then(|c| c.as_ref());
        let literals: Vec<String> = args
            .iter()
            .enumerate()
            .map(|(i, a)| column(i).map_or_else(|| sql_literal(a), |c| c.name.clone()))
            .collect();
        let describe = format!("{name}({})", literals.join(", "));
        let mut padded: Vec<Option<ColumnArg>> = columns.to_vec();
        padded.resize(args.len(), None);
        (self.build)(&Call {
            name,
            args,
            columns: &padded,
            describe,
        })
    }
}

impl Call<'_> {
    /// The column argument `i` names, if any.
    pub fn column(&self, i: usize) -> Option<&ColumnArg> {
        self.columns.get(i).and_then(|c| c.as_ref())
    }

    /// Whether any column argument may be NULL.
    pub fn nullable_inputs(&self) -> bool {
        self.columns.iter().flatten().any(|c| c.nullable)
    }
}

/// A generator's parameter error as a planning error naming the generator.
pub fn checked<T>(name: &str, r: std::result::Result<T, ParamError>) -> Result<T> {
    r.map_err(|e| call_error(name, e))
}

/// A DOUBLE column of a per-row generator.
pub fn float_column<G>(g: G, d: String) -> Arc<dyn ColumnFunction>
where
    G: RowGenerator<Value = f64> + std::fmt::Debug + Send + Sync + 'static,
{
    Arc::new(Sampled::<G, Float64Type>::new(g, DataType::Float64, d, ""))
}

/// A BIGINT column of a per-row generator; `limit_reason` says what bounds the row count.
pub fn int_column<G>(g: G, d: String, limit_reason: &'static str) -> Arc<dyn ColumnFunction>
where
    G: RowGenerator<Value = i64> + std::fmt::Debug + Send + Sync + 'static,
{
    Arc::new(Sampled::<G, Int64Type>::new(
        g,
        DataType::Int64,
        d,
        limit_reason,
    ))
}
