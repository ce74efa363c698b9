//! Parsing user-given numbers (SQL literals or option strings) into exact integers, with
//! errors that name the parameter, the value and what is allowed.

use datafusion::common::{DataFusionError, Result, ScalarValue};

use crate::generate::ParamError;

/// Largest integer a double represents exactly, for integral floats like `1e12`.
const MAX_EXACT_F64: f64 = 9_007_199_254_740_992.0;

/// A plan error from a parameter error, prefixed with the function's name.
pub fn param_error(who: &str, e: ParamError) -> DataFusionError {
    DataFusionError::Plan(format!("{who}: {e}"))
}

/// An unsigned integer in `lo..=hi` from a SQL literal. Integral floats (`1e6`) are
/// accepted up to 2^53.
pub fn u64_from_scalar(who: &str, param: &str, v: &ScalarValue, lo: u64, hi: u64) -> Result<u64> {
    let allowed = format!("an integer in {lo}..={hi}");
    let bad = |shown: String| param_error(who, ParamError::new(param, shown, allowed.clone()));
    let value: Option<u64> = match v {
        ScalarValue::Int8(Some(x)) => u64::try_from(*x).ok(),
        ScalarValue::Int16(Some(x)) => u64::try_from(*x).ok(),
        ScalarValue::Int32(Some(x)) => u64::try_from(*x).ok(),
        ScalarValue::Int64(Some(x)) => u64::try_from(*x).ok(),
        ScalarValue::UInt8(Some(x)) => Some(u64::from(*x)),
        ScalarValue::UInt16(Some(x)) => Some(u64::from(*x)),
        ScalarValue::UInt32(Some(x)) => Some(u64::from(*x)),
        ScalarValue::UInt64(Some(x)) => Some(*x),
        ScalarValue::Float32(Some(x)) => integral_f64(f64::from(*x)),
        ScalarValue::Float64(Some(x)) => integral_f64(*x),
        ScalarValue::Decimal128(Some(x), _, scale) => {
            let s = 10i128.checked_pow(u32::try_from(*scale).unwrap_or(u32::MAX));
            s.and_then(|s| (x % s == 0).then(|| x / s))
                .and_then(|x| u64::try_from(x).ok())
        }
        v if v.is_null() => {
            return Err(param_error(
                who,
                ParamError::new(param, "NULL", allowed.clone()),
            ));
        }
        v => {
            return Err(param_error(
                who,
                ParamError::new(param, format!("{v} ({})", v.data_type()), allowed.clone()),
            ));
        }
    };
    match value {
        Some(x) if (lo..=hi).contains(&x) => Ok(x),
        _ => Err(bad(v.to_string())),
    }
}

/// An unsigned integer in `lo..=hi` from option text (`"1000"`, `"1e6"`).
pub fn u64_from_str(who: &str, param: &str, s: &str, lo: u64, hi: u64) -> Result<u64> {
    let t = s.trim();
    let value = t
        .parse::<u64>()
        .ok()
        .or_else(|| t.parse::<f64>().ok().and_then(integral_f64));
    match value {
        Some(x) if (lo..=hi).contains(&x) => Ok(x),
        _ => Err(param_error(
            who,
            ParamError::new(param, s, format!("an integer in {lo}..={hi}")),
        )),
    }
}

/// A number from option text; range checks are the caller's.
pub fn f64_from_str(who: &str, param: &str, s: &str, allowed: &str) -> Result<f64> {
    s.trim()
        .parse::<f64>()
        .map_err(|_| param_error(who, ParamError::new(param, s, allowed)))
}

fn integral_f64(x: f64) -> Option<u64> {
    (x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x <= MAX_EXACT_F64).then_some(x as u64)
}
