//! Categorical generators: `choice` (uniform pick from a list) and `weighted` (pick with
//! weights).

use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type};
use datafusion::common::{Result, plan_err};

use super::spec::{Call, GeneratorSpec, checked};
use crate::functions::args::{list_arg, sql_literal};
use crate::functions::column::ColumnFunction;
use crate::functions::tabular::{Pick, PickIndex};
use crate::generate::tabular::{Choice, Weighted};

/// `choice([v1, v2, ...])`.
pub const CHOICE: GeneratorSpec = GeneratorSpec {
    name: "choice",
    signature: "choice([v1, v2, ...]) -> element type: one of the values, uniformly",
    doc: "One of the values, uniformly, of the list's element type. Parameter: a non-empty list of \
        one type (NULL elements allowed, then the column is nullable).",
    pii: "",
    min_args: 1,
    max_args: 1,
    column_args: &[],
    build: choice,
};

fn choice(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let name = c.name;
    let values = list_arg(name, "values", &c.args[0])?;
    let index = PickIndex::Choice(checked(name, Choice::new(values.len()))?);
    if values.len() > u32::MAX as usize {
        return plan_err!(
            "{name}(): values must have at most 2^32 - 1 elements, got {}",
            values.len()
        );
    }
    Ok(Arc::new(Pick::new(index, values, c.describe.clone())))
}

/// `weighted([v1, ...], [w1, ...])`.
pub const WEIGHTED: GeneratorSpec = GeneratorSpec {
    name: "weighted",
    signature: "weighted([v1, ...], [w1, ...]) -> element type: value i with probability w_i / sum(w); weights >= 0, sum > 0",
    doc: "Value `i` with probability `w_i / Σw`, of the values' element type. Parameters: one \
        weight per value, each `>= 0`, sum `> 0`. Integer weights draw `x` uniformly in \
        `[0, Σw)` and pick the first value whose cumulative weight exceeds `x` — probabilities \
        are exactly `w_i/Σw`; float weights use Vose's alias table (exact up to double \
        rounding).",
    pii: "",
    min_args: 2,
    max_args: 2,
    column_args: &[],
    build: weighted,
};

fn weighted(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    let (name, args) = (c.name, c.args);
    let values = list_arg(name, "values", &args[0])?;
    let weights = list_arg(name, "weights", &args[1])?;
    if weights.null_count() > 0 {
        return plan_err!(
            "{name}(): weights must not contain NULL, got {}",
            sql_literal(&args[1])
        );
    }
    let index = if weights.data_type().is_integer() {
        let w = datafusion::arrow::compute::cast(&weights, &DataType::Int64)?;
        let w = w.as_primitive::<Int64Type>().values().to_vec();
        checked(name, Weighted::integer(values.len(), &w))?
    } else if weights.data_type().is_floating() || weights.data_type().is_numeric() {
        let w = datafusion::arrow::compute::cast(&weights, &DataType::Float64)?;
        let w = w.as_primitive::<Float64Type>().values().to_vec();
        checked(name, Weighted::float(values.len(), &w))?
    } else {
        return plan_err!(
            "{name}(): invalid value for 'weights': {} ({}); allowed: a list of numbers",
            sql_literal(&args[1]),
            weights.data_type()
        );
    };
    Ok(Arc::new(Pick::new(
        PickIndex::Weighted(index),
        values,
        c.describe.clone(),
    )))
}
