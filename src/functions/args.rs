//! Reading user-given arguments into Rust values: SQL literals (`ScalarValue`s) of generator
//! calls and table functions, and the text of option strings. Every error has one wording,
//! `who: invalid value for 'param': value; allowed: what`, where `who` is a generator call
//! (`normal()`), a table function or a table kind (`spider`).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef};
use datafusion::arrow::datatypes::{DataType, TimeUnit};
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::common::{DataFusionError, Result, ScalarValue};

use crate::generate::ParamError;
use crate::generate::params::format_number;

/// A planning error naming who was called, the parameter, the value and what is allowed.
pub fn param_error(who: &str, e: ParamError) -> DataFusionError {
    DataFusionError::Plan(format!("{who}: {e}"))
}

/// A generator argument's error: `name(): invalid value for 'param': value; allowed: …`.
pub fn call_error(function: &str, e: ParamError) -> DataFusionError {
    param_error(&format!("{function}()"), e)
}

/// A constant argument of the wrong kind, shown with its type.
fn bad(function: &str, param: &str, value: &ScalarValue, allowed: &str) -> DataFusionError {
    let shown = format!("{} ({})", sql_literal(value), value.data_type());
    call_error(function, ParamError::new(param, shown, allowed))
}

/// Whether `v` is an integer scalar (any width, signed or not).
pub fn is_integer(v: &ScalarValue) -> bool {
    v.data_type().is_integer()
}

/// An integer argument (any integer type that fits `BIGINT`).
pub fn int_arg(function: &str, param: &str, v: &ScalarValue) -> Result<i64> {
    let out = match v {
        ScalarValue::Int8(Some(x)) => Some(i64::from(*x)),
        ScalarValue::Int16(Some(x)) => Some(i64::from(*x)),
        ScalarValue::Int32(Some(x)) => Some(i64::from(*x)),
        ScalarValue::Int64(Some(x)) => Some(*x),
        ScalarValue::UInt8(Some(x)) => Some(i64::from(*x)),
        ScalarValue::UInt16(Some(x)) => Some(i64::from(*x)),
        ScalarValue::UInt32(Some(x)) => Some(i64::from(*x)),
        ScalarValue::UInt64(Some(x)) => i64::try_from(*x).ok(),
        _ => None,
    };
    out.ok_or_else(|| bad(function, param, v, "a BIGINT integer"))
}

/// A numeric argument (any integer, float or decimal type) as a double.
pub fn num_arg(function: &str, param: &str, v: &ScalarValue) -> Result<f64> {
    if v.is_null() {
        return Err(bad(function, param, v, "a number"));
    }
    if is_integer(v) {
        return int_arg(function, param, v).map(|x| x as f64);
    }
    match v {
        ScalarValue::Float16(Some(x)) => Ok(f64::from(*x)),
        ScalarValue::Float32(Some(x)) => Ok(f64::from(*x)),
        ScalarValue::Float64(Some(x)) => Ok(*x),
        ScalarValue::Decimal128(Some(_), _, _)
        | ScalarValue::Decimal256(Some(_), _, _)
        | ScalarValue::Decimal64(Some(_), _, _)
        | ScalarValue::Decimal32(Some(_), _, _) => match v.cast_to(&DataType::Float64) {
            Ok(ScalarValue::Float64(Some(x))) => Ok(x),
            _ => Err(bad(function, param, v, "a number")),
        },
        _ => Err(bad(function, param, v, "a number")),
    }
}

/// A text argument.
pub fn str_arg<'a>(function: &str, param: &str, v: &'a ScalarValue) -> Result<&'a str> {
    match v {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => Ok(s.as_str()),
        _ => Err(bad(function, param, v, "a text literal")),
    }
}

/// A date argument (`DATE '2024-01-31'`, or text in that form) as days since the epoch.
pub fn date_arg(function: &str, param: &str, v: &ScalarValue) -> Result<i32> {
    let cast = match v {
        ScalarValue::Date32(Some(d)) => return Ok(*d),
        ScalarValue::Date64(Some(_))
        | ScalarValue::Utf8(Some(_))
        | ScalarValue::LargeUtf8(Some(_))
        | ScalarValue::Utf8View(Some(_)) => v.cast_to(&DataType::Date32).ok(),
        _ => None,
    };
    match cast {
        Some(ScalarValue::Date32(Some(d))) => Ok(d),
        _ => Err(bad(function, param, v, "a DATE such as DATE '2024-01-31'")),
    }
}

/// A timestamp argument: ticks, unit and time zone. Text is read as
/// `TIMESTAMP '...'` (nanoseconds, no time zone).
pub fn timestamp_arg(
    function: &str,
    param: &str,
    v: &ScalarValue,
) -> Result<(i64, TimeUnit, Option<Arc<str>>)> {
    let v2 = match v {
        ScalarValue::Utf8(Some(_))
        | ScalarValue::LargeUtf8(Some(_))
        | ScalarValue::Utf8View(Some(_)) => v
            .cast_to(&DataType::Timestamp(TimeUnit::Nanosecond, None))
            .unwrap_or(ScalarValue::Null),
        _ => v.clone(),
    };
    match v2 {
        ScalarValue::TimestampSecond(Some(t), tz) => Ok((t, TimeUnit::Second, tz)),
        ScalarValue::TimestampMillisecond(Some(t), tz) => Ok((t, TimeUnit::Millisecond, tz)),
        ScalarValue::TimestampMicrosecond(Some(t), tz) => Ok((t, TimeUnit::Microsecond, tz)),
        ScalarValue::TimestampNanosecond(Some(t), tz) => Ok((t, TimeUnit::Nanosecond, tz)),
        _ => Err(bad(
            function,
            param,
            v,
            "a TIMESTAMP such as TIMESTAMP '2024-01-31 12:00:00'",
        )),
    }
}

/// Ticks of `unit` per second.
pub fn ticks_per_second(unit: TimeUnit) -> i64 {
    match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000_000_000,
    }
}

/// Converts `ticks` of `from` into the finer or equal unit `to`.
pub fn refine(ticks: i64, from: TimeUnit, to: TimeUnit) -> Option<i64> {
    ticks.checked_mul(ticks_per_second(to) / ticks_per_second(from))
}

/// A fixed-duration interval argument (`INTERVAL '5 minutes'`, days allowed, months not)
/// in ticks of `unit`.
pub fn interval_arg(function: &str, param: &str, v: &ScalarValue, unit: TimeUnit) -> Result<i64> {
    let nanos: Option<i128> = match v {
        ScalarValue::IntervalMonthDayNano(Some(i)) if i.months == 0 => {
            Some(i128::from(i.days) * 86_400_000_000_000 + i128::from(i.nanoseconds))
        }
        ScalarValue::IntervalDayTime(Some(i)) => {
            Some(i128::from(i.days) * 86_400_000_000_000 + i128::from(i.milliseconds) * 1_000_000)
        }
        ScalarValue::DurationSecond(Some(d)) => Some(i128::from(*d) * 1_000_000_000),
        ScalarValue::DurationMillisecond(Some(d)) => Some(i128::from(*d) * 1_000_000),
        ScalarValue::DurationMicrosecond(Some(d)) => Some(i128::from(*d) * 1_000),
        ScalarValue::DurationNanosecond(Some(d)) => Some(i128::from(*d)),
        _ => None,
    };
    let Some(nanos) = nanos else {
        return Err(bad(
            function,
            param,
            v,
            "a fixed-length INTERVAL such as INTERVAL '5 minutes' (days allowed, months and years not)",
        ));
    };
    let per_tick = i128::from(1_000_000_000 / ticks_per_second(unit));
    if nanos % per_tick != 0 {
        return Err(bad(
            function,
            param,
            v,
            &format!("a whole number of {unit:?} ticks (the unit of start)"),
        ));
    }
    i64::try_from(nanos / per_tick)
        .map_err(|_| bad(function, param, v, "an interval that fits BIGINT ticks"))
}

/// The element array of a list argument (`[a, b, …]`).
pub fn list_arg(function: &str, param: &str, v: &ScalarValue) -> Result<ArrayRef> {
    let values = match v {
        ScalarValue::List(a) if a.len() == 1 && a.is_valid(0) => a.value(0),
        ScalarValue::LargeList(a) if a.len() == 1 && a.is_valid(0) => a.value(0),
        ScalarValue::FixedSizeList(a) if a.len() == 1 && a.is_valid(0) => a.value(0),
        _ => return Err(bad(function, param, v, "a list such as ['a', 'b']")),
    };
    if values.is_empty() {
        return Err(call_error(
            function,
            ParamError::new(param, "[]", "a non-empty list"),
        ));
    }
    if values.data_type() == &DataType::Null {
        return Err(call_error(
            function,
            ParamError::new(
                param,
                sql_literal(v),
                "a list of elements of one non-NULL type",
            ),
        ));
    }
    Ok(values)
}

/// Builds a list argument from separate elements, which must all have one type (NULLs
/// aside): for callers that receive `[a, b, …]` as elements rather than a folded list.
pub fn list_from_elements(
    function: &str,
    param: &str,
    elements: &[ScalarValue],
) -> Result<ScalarValue> {
    let mut data_type: Option<(usize, DataType)> = None;
    for (i, e) in elements.iter().enumerate() {
        if e.is_null() {
            continue;
        }
        let t = e.data_type();
        match &data_type {
            None => data_type = Some((i, t)),
            Some((j, first)) if *first != t => {
                let shown = format!("{first} (element {}) and {t} (element {})", j + 1, i + 1);
                return Err(call_error(
                    function,
                    ParamError::new(param, shown, "elements of one type"),
                ));
            }
            _ => {}
        }
    }
    let Some((_, data_type)) = data_type else {
        let shown = format!("{} NULL elements", elements.len());
        return Err(call_error(
            function,
            ParamError::new(param, shown, "at least one non-NULL element"),
        ));
    };
    let elements: Vec<ScalarValue> = elements
        .iter()
        .map(|e| {
            if e.is_null() {
                ScalarValue::try_from(&data_type)
            } else {
                Ok(e.clone())
            }
        })
        .collect::<Result<_>>()?;
    Ok(ScalarValue::List(ScalarValue::new_list_nullable(
        &elements, &data_type,
    )))
}

/// A readable SQL form of a constant, for `describe` and errors.
pub fn sql_literal(v: &ScalarValue) -> String {
    if v.is_null() {
        return "NULL".to_string();
    }
    match v {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
        | ScalarValue::Utf8View(Some(s)) => {
            format!("'{}'", s.replace('\'', "''"))
        }
        ScalarValue::Float64(Some(x)) => format_number(*x),
        ScalarValue::Float32(Some(x)) => format_number(f64::from(*x)),
        ScalarValue::List(_) | ScalarValue::LargeList(_) | ScalarValue::FixedSizeList(_) => {
            let values = match v {
                ScalarValue::List(a) => a.value(0),
                ScalarValue::LargeList(a) => a.value(0),
                ScalarValue::FixedSizeList(a) => a.value(0),
                _ => unreachable!("matched above"),
            };
            array_literal(&values)
        }
        ScalarValue::Date32(_) | ScalarValue::Date64(_) => format!("DATE '{v}'"),
        ScalarValue::TimestampSecond(..)
        | ScalarValue::TimestampMillisecond(..)
        | ScalarValue::TimestampMicrosecond(..)
        | ScalarValue::TimestampNanosecond(..) => match v.to_array() {
            Ok(a) => format!(
                "TIMESTAMP '{}'",
                array_value_to_string(&a, 0).unwrap_or_else(|_| v.to_string())
            ),
            Err(_) => v.to_string(),
        },
        ScalarValue::IntervalMonthDayNano(_)
        | ScalarValue::IntervalDayTime(_)
        | ScalarValue::IntervalYearMonth(_) => match v.to_array() {
            Ok(a) => format!(
                "INTERVAL '{}'",
                array_value_to_string(&a, 0).unwrap_or_else(|_| v.to_string())
            ),
            Err(_) => v.to_string(),
        },
        _ => v.to_string(),
    }
}

/// `[a, b, …]` of an element array.
pub fn array_literal(values: &ArrayRef) -> String {
    let items: Vec<String> = (0..values.len())
        .map(|i| match ScalarValue::try_from_array(values, i) {
            Ok(s) => sql_literal(&s),
            Err(_) => "?".to_string(),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// An unsigned integer in `lo..=hi` from a SQL literal. A float literal (`1e18`) is accepted
/// when its value is an integer: SQL parses `1e18` as a double, which holds every such
/// count exactly (a fraction such as `2.5` is refused, never truncated).
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
    let value = exact_u64(s);
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

/// The integer a double holds, when it is a non-negative integer below 2^64.
fn integral_f64(x: f64) -> Option<u64> {
    (x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 18_446_744_073_709_551_616.0)
        .then_some(x as u64)
}

/// The integer a decimal text denotes exactly, if it is one below 2^64: `1000`, `+7`,
/// `1_000_000`, `1e18`, `1.5e9`, `2.50e1`. Computed on the digits, never through a double,
/// so `9007199254740993` and `9.007199254740993e15` are that number; `2.5`, `1e-3`, `-1`
/// and `1e20` are not.
pub fn exact_u64(text: &str) -> Option<u64> {
    let t = text.trim();
    let t = t.strip_prefix('+').unwrap_or(t).replace('_', "");
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i32>().ok()?),
        None => (t.as_str(), 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let exponent = exponent.checked_sub(i32::try_from(frac.len()).ok()?)?;
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Some(0);
    }
    // Trailing zeros pay for a negative exponent; what remains must not be a fraction.
    let kept = digits.trim_end_matches('0');
    let zeros = i32::try_from(digits.len() - kept.len()).ok()?;
    let (digits, exponent) = if exponent < 0 {
        if zeros < -exponent {
            return None;
        }
        (&digits[..digits.len() - (-exponent) as usize], 0)
    } else {
        (digits, exponent)
    };
    if digits.len() > 20 {
        return None;
    }
    let mut value: u128 = digits.parse().ok()?;
    for _ in 0..exponent {
        value = value
            .checked_mul(10)
            .filter(|v| *v <= u128::from(u64::MAX))?;
    }
    u64::try_from(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_read_exactly_from_text() {
        for (text, want) in [
            ("1000", Some(1000)),
            ("+7", Some(7)),
            ("1_000_000", Some(1_000_000)),
            ("1e18", Some(1_000_000_000_000_000_000)),
            ("1.5e9", Some(1_500_000_000)),
            ("2.50e1", Some(25)),
            ("9007199254740993", Some(9_007_199_254_740_993)),
            ("9.007199254740993e15", Some(9_007_199_254_740_993)),
            ("9223372036854775807", Some(i64::MAX as u64)),
            ("18446744073709551615", Some(u64::MAX)),
            ("0", Some(0)),
            ("0.0", Some(0)),
            ("1e0", Some(1)),
            ("100e-2", Some(1)),
            ("2.5", None),
            ("1e-3", None),
            ("-1", None),
            ("1e20", None),
            ("18446744073709551616", None),
            ("1e999999999", None),
            ("", None),
            ("e5", None),
            ("abc", None),
            ("1.2.3", None),
            ("NaN", None),
            ("inf", None),
        ] {
            assert_eq!(exact_u64(text), want, "{text:?}");
        }
    }

    #[test]
    fn integral_doubles_are_counts_and_fractions_are_refused() {
        let v = |x: f64| {
            u64_from_scalar(
                "t",
                "rows",
                &ScalarValue::Float64(Some(x)),
                1,
                i64::MAX as u64,
            )
        };
        assert_eq!(v(1e18).unwrap(), 1_000_000_000_000_000_000);
        assert_eq!(v(1e16).unwrap(), 10_000_000_000_000_000);
        assert_eq!(
            v(2.5).unwrap_err().strip_backtrace(),
            "Error during planning: t: invalid value for 'rows': 2.5; allowed: an integer in 1..=9223372036854775807"
        );
        assert!(v(1e19).is_err());
        assert!(v(f64::INFINITY).is_err());
    }
}
