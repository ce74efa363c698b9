//! The generator library seen by the DDL planner: the names, the builder and the signatures of
//! `crate::functions::registry` (helper 5a), in one place so the planner has one import.
//!
//! TEMPORARY until `issue5a` is merged: only `sequence(start[, step])`.

use std::sync::Arc;

use datafusion::common::{Result, ScalarValue, plan_err};

use crate::functions::{ColumnFunction, Sequence};

/// Every generator name usable in a column expression (lower case).
pub const GENERATOR_NAMES: &[&str] = &["sequence"];

/// Builds generator `name` from its constant arguments.
pub fn build_generator(name: &str, args: &[ScalarValue]) -> Result<Arc<dyn ColumnFunction>> {
    let int = |v: &ScalarValue, p: &str| match v {
        ScalarValue::Int64(Some(x)) => Ok(*x),
        v => plan_err!("{name}(): {p} must be an integer, got {v}"),
    };
    match (name, args) {
        ("sequence", [s]) => Ok(Arc::new(Sequence {
            start: int(s, "start")?,
            step: 1,
        })),
        ("sequence", [s, t]) => Ok(Arc::new(Sequence {
            start: int(s, "start")?,
            step: int(t, "step")?,
        })),
        _ => plan_err!("unknown generator {name}() with {} arguments", args.len()),
    }
}

/// One-line signature of a generator.
pub fn generator_signature(name: &str) -> Option<&'static str> {
    (name == "sequence").then_some("sequence(start[, step])")
}
