//! `lognormal(mu, sigma)`: doubles whose logarithm is normal.

use super::RowGenerator;
use crate::generate::params::format_number;
use crate::generate::{ParamError, RowRng};

/// `exp(mu + sigma · z)` with `z` the row's standard normal deviate (as in
/// [`Normal`](super::Normal)); `exp` from `libm`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogNormal {
    mu: f64,
    sigma: f64,
}

impl LogNormal {
    /// `mu` finite, `sigma` finite and `>= 0`.
    pub fn new(mu: f64, sigma: f64) -> Result<Self, ParamError> {
        if !mu.is_finite() {
            return Err(ParamError::new("mu", format_number(mu), "a finite number"));
        }
        if !(sigma.is_finite() && sigma >= 0.0) {
            return Err(ParamError::new(
                "sigma",
                format_number(sigma),
                "a finite number >= 0",
            ));
        }
        Ok(LogNormal { mu, sigma })
    }
}

impl RowGenerator for LogNormal {
    type Value = f64;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> f64 {
        libm::exp(RowRng::new(stream, row).normal(self.mu, self.sigma))
    }
}
