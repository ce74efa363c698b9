//! `normal(mean, sd)`: Gaussian doubles.

use super::RowGenerator;
use crate::generate::params::format_number;
use crate::generate::{ParamError, RowRng};

/// Normal deviates `mean + sd · z`, with `z` from the row's Box–Muller pair
/// ([`RowRng::normal`]: radius from the first uniform, angle from the second, sine taken;
/// `libm` for `ln`/`sin`, so values are identical on every platform).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Normal {
    mean: f64,
    sd: f64,
}

impl Normal {
    /// `mean` finite, `sd` finite and `>= 0`.
    pub fn new(mean: f64, sd: f64) -> Result<Self, ParamError> {
        if !mean.is_finite() {
            return Err(ParamError::new(
                "mean",
                format_number(mean),
                "a finite number",
            ));
        }
        if !(sd.is_finite() && sd >= 0.0) {
            return Err(ParamError::new(
                "sd",
                format_number(sd),
                "a finite number >= 0",
            ));
        }
        Ok(Normal { mean, sd })
    }
}

impl RowGenerator for Normal {
    type Value = f64;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> f64 {
        RowRng::new(stream, row).normal(self.mean, self.sd)
    }
}
