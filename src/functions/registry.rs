//! The generator registry: every generator name usable in a synthetic table's column
//! expressions, how to build one from its constant arguments, and its signature for docs,
//! `\d` and did-you-mean hints.

use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::{
    DataType, Date32Type, Float64Type, Int64Type, TimeUnit, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType,
};
use datafusion::common::utils::datafusion_strsim::levenshtein;
use datafusion::common::{Result, ScalarValue, plan_err};

use super::tabular::args::{
    date_arg, int_arg, interval_arg, is_integer, list_arg, num_arg, param_error, refine,
    sql_literal, str_arg, timestamp_arg,
};
use super::tabular::{Flags, Pick, PickIndex, Sampled, Text};
use super::{ColumnFunction, Sequence};
use crate::generate::ParamError;
use crate::generate::tabular::{
    Bernoulli, Choice, DateBetween, Exponential, LogNormal, LoremWords, Normal, Pareto, Pattern,
    Poisson, TimestampBetween, TimestampSeries, UniformFloat, UniformInt, UniqueInt, Uuid4,
    Weighted, Zipf,
};

/// Every generator name usable in a CREATE SYNTHETIC TABLE column expression (lower case).
pub const GENERATOR_NAMES: &[&str] = &[
    "sequence",
    "unique_int",
    "uniform",
    "normal",
    "lognormal",
    "exponential",
    "pareto",
    "zipf",
    "bernoulli",
    "poisson",
    "choice",
    "weighted",
    "date_between",
    "timestamp_between",
    "timestamp_series",
    "pattern",
    "uuid",
    "lorem_words",
];

const SIGNATURES: &[(&str, &str)] = &[
    (
        "sequence",
        "sequence(start BIGINT[, step BIGINT = 1]) -> BIGINT: start + step * row, a key column",
    ),
    (
        "unique_int",
        "unique_int(lo BIGINT, hi BIGINT) -> BIGINT: distinct values of [lo, hi] in a keyed pseudo-random order; at most hi - lo + 1 rows",
    ),
    (
        "uniform",
        "uniform(lo, hi) -> BIGINT uniform in [lo, hi] when both are integers, else DOUBLE uniform in [lo, hi)",
    ),
    (
        "normal",
        "normal(mean DOUBLE, sd DOUBLE >= 0) -> DOUBLE: Gaussian",
    ),
    (
        "lognormal",
        "lognormal(mu DOUBLE, sigma DOUBLE >= 0) -> DOUBLE: exp(normal(mu, sigma))",
    ),
    (
        "exponential",
        "exponential(rate DOUBLE > 0) -> DOUBLE: exponential with mean 1/rate",
    ),
    (
        "pareto",
        "pareto(scale DOUBLE > 0, shape DOUBLE > 0) -> DOUBLE: Pareto (type I), values >= scale",
    ),
    (
        "zipf",
        "zipf(n BIGINT >= 1, s DOUBLE > 0) -> BIGINT: ranks 1..n with P(k) proportional to k^-s",
    ),
    (
        "bernoulli",
        "bernoulli(p DOUBLE in [0, 1]) -> BOOLEAN: true with probability p",
    ),
    (
        "poisson",
        "poisson(lambda DOUBLE in [0, 1e12]) -> BIGINT: Poisson counts with mean lambda",
    ),
    (
        "choice",
        "choice([v1, v2, ...]) -> element type: one of the values, uniformly",
    ),
    (
        "weighted",
        "weighted([v1, ...], [w1, ...]) -> element type: value i with probability w_i / sum(w); weights >= 0, sum > 0",
    ),
    (
        "date_between",
        "date_between(d1 DATE, d2 DATE) -> DATE: uniform in [d1, d2]",
    ),
    (
        "timestamp_between",
        "timestamp_between(t1 TIMESTAMP, t2 TIMESTAMP) -> TIMESTAMP: uniform in [t1, t2]",
    ),
    (
        "timestamp_series",
        "timestamp_series(start TIMESTAMP, interval INTERVAL > 0[, jitter DOUBLE in [0, 1] = 0]) -> TIMESTAMP: start + row * interval + jitter, never decreasing",
    ),
    (
        "pattern",
        "pattern(template VARCHAR) -> VARCHAR: '#' digit, '?' A-Z, '_' a-z, '*' 0-9A-Z, '^' hex 0-9a-f, '\\c' literal c",
    ),
    (
        "uuid",
        "uuid() -> VARCHAR: RFC 4122 version-4 UUID, lower-case hyphenated",
    ),
    (
        "lorem_words",
        "lorem_words(n BIGINT in [1, 10000]) -> VARCHAR: n lorem-ipsum words separated by spaces",
    ),
];

/// One-line signature + summary per generator, for docs, `\d` and error hints.
pub fn generator_signature(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    SIGNATURES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// The generator name closest to `name` (edit distance at most 2), for did-you-mean hints.
pub fn closest_generator(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    GENERATOR_NAMES
        .iter()
        .map(|g| (levenshtein(&name, g), *g))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, g)| g)
}

fn describe(name: &str, args: &[ScalarValue]) -> String {
    let args: Vec<String> = args.iter().map(sql_literal).collect();
    format!("{name}({})", args.join(", "))
}

fn arity(name: &str, args: &[ScalarValue], min: usize, max: usize) -> Result<()> {
    if (min..=max).contains(&args.len()) {
        return Ok(());
    }
    let expected = if min == max {
        format!("{min}")
    } else {
        format!("{min} to {max}")
    };
    let signature = generator_signature(name).unwrap_or(name);
    let signature = signature.split(" -> ").next().unwrap_or(signature);
    plan_err!(
        "{name}(): expected {expected} argument{}, got {}; usage: {signature}",
        if max == 1 && min == 1 { "" } else { "s" },
        args.len()
    )
}

fn checked<T>(name: &str, r: std::result::Result<T, ParamError>) -> Result<T> {
    r.map_err(|e| param_error(name, e))
}

fn float_column<G>(g: G, d: String) -> Arc<dyn ColumnFunction>
where
    G: crate::generate::tabular::RowGenerator<Value = f64>
        + std::fmt::Debug
        + Send
        + Sync
        + 'static,
{
    Arc::new(Sampled::<G, Float64Type>::new(g, DataType::Float64, d, ""))
}

fn int_column<G>(g: G, d: String, limit_reason: &'static str) -> Arc<dyn ColumnFunction>
where
    G: crate::generate::tabular::RowGenerator<Value = i64>
        + std::fmt::Debug
        + Send
        + Sync
        + 'static,
{
    Arc::new(Sampled::<G, Int64Type>::new(
        g,
        DataType::Int64,
        d,
        limit_reason,
    ))
}

fn timestamp_column<G>(
    g: G,
    unit: TimeUnit,
    tz: Option<Arc<str>>,
    d: String,
    limit_reason: &'static str,
) -> Arc<dyn ColumnFunction>
where
    G: crate::generate::tabular::RowGenerator<Value = i64>
        + std::fmt::Debug
        + Send
        + Sync
        + 'static,
{
    let t = DataType::Timestamp(unit, tz);
    match unit {
        TimeUnit::Second => Arc::new(Sampled::<G, TimestampSecondType>::new(
            g,
            t,
            d,
            limit_reason,
        )),
        TimeUnit::Millisecond => Arc::new(Sampled::<G, TimestampMillisecondType>::new(
            g,
            t,
            d,
            limit_reason,
        )),
        TimeUnit::Microsecond => Arc::new(Sampled::<G, TimestampMicrosecondType>::new(
            g,
            t,
            d,
            limit_reason,
        )),
        TimeUnit::Nanosecond => Arc::new(Sampled::<G, TimestampNanosecondType>::new(
            g,
            t,
            d,
            limit_reason,
        )),
    }
}

/// A timestamp constant of `ticks` in `unit` and zone `tz`, for error messages.
fn timestamp_scalar(ticks: i64, unit: TimeUnit, tz: Option<Arc<str>>) -> ScalarValue {
    match unit {
        TimeUnit::Second => ScalarValue::TimestampSecond(Some(ticks), tz),
        TimeUnit::Millisecond => ScalarValue::TimestampMillisecond(Some(ticks), tz),
        TimeUnit::Microsecond => ScalarValue::TimestampMicrosecond(Some(ticks), tz),
        TimeUnit::Nanosecond => ScalarValue::TimestampNanosecond(Some(ticks), tz),
    }
}

/// The finer of two units.
fn finer(a: TimeUnit, b: TimeUnit) -> TimeUnit {
    use super::tabular::args::ticks_per_second;
    if ticks_per_second(a) >= ticks_per_second(b) {
        a
    } else {
        b
    }
}

/// Builds generator `name` from its constant arguments (already constant-folded to
/// `ScalarValue`s: integers, floats, decimals, text, `DATE`, `TIMESTAMP`, `INTERVAL`, and
/// lists for `[a, b]`). A wrong count, type or range is a planning error naming the
/// function, the parameter, the value and what is allowed, e.g.
/// `normal(): sd must be a finite number >= 0, got -1`.
///
/// The returned function has arity 0 (it reads no columns): it is a pure function of
/// (row, stream seed) and evaluates `Rows::Range` and `Rows::Indices` identically.
pub fn build_generator(name: &str, args: &[ScalarValue]) -> Result<Arc<dyn ColumnFunction>> {
    let lower = name.to_ascii_lowercase();
    let name = lower.as_str();
    let d = describe(name, args);
    match name {
        "sequence" => {
            arity(name, args, 1, 2)?;
            let start = int_arg(name, "start", &args[0])?;
            let step = match args.get(1) {
                Some(s) => int_arg(name, "step", s)?,
                None => 1,
            };
            Ok(Arc::new(Sequence { start, step }))
        }
        "unique_int" => {
            arity(name, args, 2, 2)?;
            let lo = int_arg(name, "lo", &args[0])?;
            let hi = int_arg(name, "hi", &args[1])?;
            let g = checked(name, UniqueInt::new(lo, hi))?;
            Ok(int_column(
                g,
                d,
                "the number of distinct values in [lo, hi]",
            ))
        }
        "uniform" => {
            arity(name, args, 2, 2)?;
            if is_integer(&args[0]) && is_integer(&args[1]) {
                let lo = int_arg(name, "lo", &args[0])?;
                let hi = int_arg(name, "hi", &args[1])?;
                Ok(int_column(checked(name, UniformInt::new(lo, hi))?, d, ""))
            } else {
                let lo = num_arg(name, "lo", &args[0])?;
                let hi = num_arg(name, "hi", &args[1])?;
                Ok(float_column(checked(name, UniformFloat::new(lo, hi))?, d))
            }
        }
        "normal" => {
            arity(name, args, 2, 2)?;
            let mean = num_arg(name, "mean", &args[0])?;
            let sd = num_arg(name, "sd", &args[1])?;
            Ok(float_column(checked(name, Normal::new(mean, sd))?, d))
        }
        "lognormal" => {
            arity(name, args, 2, 2)?;
            let mu = num_arg(name, "mu", &args[0])?;
            let sigma = num_arg(name, "sigma", &args[1])?;
            Ok(float_column(checked(name, LogNormal::new(mu, sigma))?, d))
        }
        "exponential" => {
            arity(name, args, 1, 1)?;
            let rate = num_arg(name, "rate", &args[0])?;
            Ok(float_column(checked(name, Exponential::new(rate))?, d))
        }
        "pareto" => {
            arity(name, args, 2, 2)?;
            let scale = num_arg(name, "scale", &args[0])?;
            let shape = num_arg(name, "shape", &args[1])?;
            Ok(float_column(checked(name, Pareto::new(scale, shape))?, d))
        }
        "zipf" => {
            arity(name, args, 2, 2)?;
            let n = int_arg(name, "n", &args[0])?;
            let s = num_arg(name, "s", &args[1])?;
            Ok(int_column(checked(name, Zipf::new(n, s))?, d, ""))
        }
        "bernoulli" => {
            arity(name, args, 1, 1)?;
            let p = num_arg(name, "p", &args[0])?;
            Ok(Arc::new(Flags::new(checked(name, Bernoulli::new(p))?, d)))
        }
        "poisson" => {
            arity(name, args, 1, 1)?;
            let lambda = num_arg(name, "lambda", &args[0])?;
            Ok(int_column(checked(name, Poisson::new(lambda))?, d, ""))
        }
        "choice" => {
            arity(name, args, 1, 1)?;
            let values = list_arg(name, "values", &args[0])?;
            let index = PickIndex::Choice(checked(name, Choice::new(values.len()))?);
            if values.len() > u32::MAX as usize {
                return plan_err!(
                    "{name}(): values must have at most 2^32 - 1 elements, got {}",
                    values.len()
                );
            }
            Ok(Arc::new(Pick::new(index, values, d)))
        }
        "weighted" => {
            arity(name, args, 2, 2)?;
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
                    "{name}(): weights must be a list of numbers, got {} ({})",
                    sql_literal(&args[1]),
                    weights.data_type()
                );
            };
            Ok(Arc::new(Pick::new(PickIndex::Weighted(index), values, d)))
        }
        "date_between" => {
            arity(name, args, 2, 2)?;
            let d1 = date_arg(name, "d1", &args[0])?;
            let d2 = date_arg(name, "d2", &args[1])?;
            if d1 > d2 {
                // Dates, not the day numbers the generator sees.
                return plan_err!(
                    "{name}(): d1 must be <= d2 ({}), got {}",
                    sql_literal(&ScalarValue::Date32(Some(d2))),
                    sql_literal(&ScalarValue::Date32(Some(d1)))
                );
            }
            let g = checked(name, DateBetween::new(d1, d2))?;
            Ok(Arc::new(Sampled::<_, Date32Type>::new(
                g,
                DataType::Date32,
                d,
                "",
            )))
        }
        "timestamp_between" => {
            arity(name, args, 2, 2)?;
            let (t1, u1, tz1) = timestamp_arg(name, "t1", &args[0])?;
            let (t2, u2, tz2) = timestamp_arg(name, "t2", &args[1])?;
            if tz1 != tz2 {
                return plan_err!(
                    "{name}(): t1 and t2 must have the same time zone, got {} and {}",
                    tz1.as_deref().unwrap_or("none"),
                    tz2.as_deref().unwrap_or("none")
                );
            }
            let unit = finer(u1, u2);
            let (Some(t1), Some(t2)) = (refine(t1, u1, unit), refine(t2, u2, unit)) else {
                return plan_err!("{name}(): t1 and t2 must fit BIGINT {unit:?} ticks, got {d}");
            };
            if t1 > t2 {
                // Timestamps, not the ticks the generator sees.
                return plan_err!(
                    "{name}(): t1 must be <= t2 ({}), got {}",
                    sql_literal(&timestamp_scalar(t2, unit, tz1.clone())),
                    sql_literal(&timestamp_scalar(t1, unit, tz1.clone()))
                );
            }
            let g = checked(name, TimestampBetween::new(t1, t2))?;
            Ok(timestamp_column(g, unit, tz1, d, ""))
        }
        "timestamp_series" => {
            arity(name, args, 2, 3)?;
            let (start, unit, tz) = timestamp_arg(name, "start", &args[0])?;
            let interval = interval_arg(name, "interval", &args[1], unit)?;
            if interval <= 0 {
                // The interval as written, not its ticks.
                return plan_err!(
                    "{name}(): interval must be a duration > 0, got {}",
                    sql_literal(&args[1])
                );
            }
            let jitter = match args.get(2) {
                Some(j) => num_arg(name, "jitter", j)?,
                None => 0.0,
            };
            let g = checked(name, TimestampSeries::new(start, interval, jitter))?;
            Ok(timestamp_column(
                g,
                unit,
                tz,
                d,
                "the rows whose timestamps fit BIGINT ticks",
            ))
        }
        "pattern" => {
            arity(name, args, 1, 1)?;
            let template = str_arg(name, "template", &args[0])?;
            Ok(Arc::new(Text::new(
                checked(name, Pattern::new(template))?,
                d,
            )))
        }
        "uuid" => {
            arity(name, args, 0, 0)?;
            Ok(Arc::new(Text::new(Uuid4, d)))
        }
        "lorem_words" => {
            arity(name, args, 1, 1)?;
            let n = int_arg(name, "n", &args[0])?;
            Ok(Arc::new(Text::new(checked(name, LoremWords::new(n))?, d)))
        }
        _ => match closest_generator(name) {
            Some(g) => plan_err!("unknown generator '{name}'; did you mean '{g}'?"),
            None => plan_err!(
                "unknown generator '{name}'; the generators are: {}",
                GENERATOR_NAMES.join(", ")
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_signature() {
        for name in GENERATOR_NAMES {
            assert!(generator_signature(name).is_some(), "{name}");
        }
        assert_eq!(SIGNATURES.len(), GENERATOR_NAMES.len());
    }
}
