//! `exponential(rate)`: waiting times of a Poisson process.

use super::RowGenerator;
use crate::generate::params::format_number;
use crate::generate::{ParamError, RowRng};

/// By inversion: `-ln(1 - u) / rate` with `u` the row's first 53-bit uniform, computed as
/// `-log1p(-u) / rate` (`libm`). Mean `1/rate`, variance `1/rate²`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exponential {
    rate: f64,
}

impl Exponential {
    /// `rate` finite and `> 0`.
    pub fn new(rate: f64) -> Result<Self, ParamError> {
        if !(rate.is_finite() && rate > 0.0) {
            return Err(ParamError::new(
                "rate",
                format_number(rate),
                "a finite number > 0",
            ));
        }
        Ok(Exponential { rate })
    }
}

impl RowGenerator for Exponential {
    type Value = f64;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> f64 {
        let u = RowRng::new(stream, row).next_f64();
        -libm::log1p(-u) / self.rate
    }
}
