//! Helpers shared by the generator tests: argument constructors, building and evaluating a
//! generator through the registry, and a canonical hash of Arrow arrays.
#![allow(dead_code)]

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::{DataType, IntervalMonthDayNano, TimeUnit};
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::common::ScalarValue;
use datafusion_synth::functions::{ColumnFunction, Rows, build_generator};
use datafusion_synth::generate::stream_seed;
use sha2::{Digest, Sha256};

mod semantic_cases;
#[allow(unused_imports)]
pub use semantic_cases::{COLUMN_ONLY, semantic_cases};

/// The stream of the tests: call 0 of column `c` of a table with seed 42.
pub fn stream() -> u64 {
    stream_seed(42, "c", 0)
}

pub fn i(v: i64) -> ScalarValue {
    ScalarValue::Int64(Some(v))
}

pub fn f(v: f64) -> ScalarValue {
    ScalarValue::Float64(Some(v))
}

pub fn s(v: &str) -> ScalarValue {
    ScalarValue::Utf8(Some(v.to_string()))
}

pub fn date(v: &str) -> ScalarValue {
    s(v).cast_to(&DataType::Date32).unwrap()
}

pub fn ts(v: &str, unit: TimeUnit) -> ScalarValue {
    s(v).cast_to(&DataType::Timestamp(unit, None)).unwrap()
}

pub fn interval_ns(nanos: i64) -> ScalarValue {
    ScalarValue::IntervalMonthDayNano(Some(IntervalMonthDayNano::new(0, 0, nanos)))
}

pub fn list(values: &[ScalarValue]) -> ScalarValue {
    let t = values[0].data_type();
    ScalarValue::List(ScalarValue::new_list_nullable(values, &t))
}

pub fn ints(values: &[i64]) -> ScalarValue {
    list(&values.iter().map(|&v| i(v)).collect::<Vec<_>>())
}

pub fn floats(values: &[f64]) -> ScalarValue {
    list(&values.iter().map(|&v| f(v)).collect::<Vec<_>>())
}

pub fn strs(values: &[&str]) -> ScalarValue {
    list(&values.iter().map(|&v| s(v)).collect::<Vec<_>>())
}

/// Builds `name(args)`, panicking with the error text on failure.
pub fn build(name: &str, args: &[ScalarValue]) -> Arc<dyn ColumnFunction> {
    build_generator(name, args).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The error text of `name(args)`, panicking if it builds.
pub fn build_err(name: &str, args: &[ScalarValue]) -> String {
    match build_generator(name, args) {
        Ok(g) => panic!("{name}({args:?}) unexpectedly built {g:?}"),
        Err(e) => e.strip_backtrace(),
    }
}

/// Evaluates `g` over `rows` in `stream`.
pub fn eval(g: &dyn ColumnFunction, rows: Rows<'_>, stream: u64) -> ArrayRef {
    let out = g.evaluate(&rows, stream, &[]).unwrap();
    assert_eq!(out.len(), rows.len());
    out
}

/// Evaluates rows `0..n` of `g` in [`stream`] in batches of 8192.
pub fn range(g: &dyn ColumnFunction, n: u64) -> Vec<ArrayRef> {
    let mut out = vec![];
    let mut start = 0;
    while start < n {
        let end = (start + 8192).min(n);
        out.push(eval(g, Rows::Range(start..end), stream()));
        start = end;
    }
    out
}

/// A SHA-256 over the data type and the display form of every value (shortest round-trip
/// text for floats, so it is exact), independent of batch boundaries.
pub fn hash(arrays: &[ArrayRef]) -> String {
    let mut h = Sha256::new();
    if let Some(first) = arrays.first() {
        h.update(first.data_type().to_string().as_bytes());
    }
    for a in arrays {
        for row in 0..a.len() {
            if a.is_null(row) {
                h.update(b"\0NULL\n");
            } else {
                h.update(array_value_to_string(a, row).unwrap().as_bytes());
                h.update(b"\n");
            }
        }
    }
    format!("{:x}", h.finalize())
}
