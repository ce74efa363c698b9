//! The error type of parameter validation in the pure layer. Upper layers turn it into a
//! DataFusion planning error; its text names the parameter, the value and what is allowed.

use std::fmt;

/// An invalid generator parameter: which one, the offending value, and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamError {
    /// The parameter's name as the user spells it (e.g. `percentage`).
    pub param: String,
    /// The offending value, as the user gave it.
    pub value: String,
    /// What is allowed, e.g. `a number in [0, 1]`.
    pub allowed: String,
}

impl ParamError {
    /// A new error for `param` with `value`, allowing `allowed`.
    pub fn new(param: impl Into<String>, value: impl ToString, allowed: impl Into<String>) -> Self {
        ParamError {
            param: param.into(),
            value: compact_number(value.to_string()),
            allowed: allowed.into(),
        }
    }
}

/// A value as shown in an error: a float printed with more digits than any integer has
/// (`1e300` prints 301 digits) in scientific notation instead.
fn compact_number(text: String) -> String {
    let numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'-' || b == b'.');
    match text.parse::<f64>() {
        Ok(v) if numeric && text.len() > 20 => format!("{v:e}"),
        _ => text,
    }
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid value for '{}': {}; allowed: {}",
            self.param, self.value, self.allowed
        )
    }
}

impl std::error::Error for ParamError {}

/// Checks that `value` is finite and inside `[lo, hi]`.
pub fn check_range(param: &str, value: f64, lo: f64, hi: f64) -> Result<(), ParamError> {
    if value.is_finite() && value >= lo && value <= hi {
        Ok(())
    } else {
        Err(ParamError::new(
            param,
            value,
            format!("a finite number in [{lo}, {hi}]"),
        ))
    }
}

/// A short text that parses back to exactly `v`: plain digits for ordinary magnitudes
/// (`2`, `0.25`), exponent form for very large or small ones (`1e200`, `1e-9`).
pub fn format_number(v: f64) -> String {
    let a = v.abs();
    if a == 0.0 || (1e-5..1e16).contains(&a) || !a.is_finite() {
        v.to_string()
    } else {
        format!("{v:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn numbers_are_short_and_exact() {
        for (v, s) in [
            (2.0, "2"),
            (0.25, "0.25"),
            (-180.0, "-180"),
            (1e200, "1e200"),
            (1e-9, "1e-9"),
        ] {
            assert_eq!(format_number(v), s);
            assert_eq!(s.parse::<f64>().unwrap(), v);
        }
    }
}
