//! `bernoulli(p)`: `true` with probability `p`.

use super::RowGenerator;
use crate::generate::params::format_number;
use crate::generate::{ParamError, RowRng};

/// `u < p` with `u` the row's first 53-bit uniform ([`RowRng::bernoulli`]): `p = 0` is never
/// true, `p = 1` always.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bernoulli {
    p: f64,
}

impl Bernoulli {
    /// `p` in `[0, 1]`.
    pub fn new(p: f64) -> Result<Self, ParamError> {
        if !(0.0..=1.0).contains(&p) {
            return Err(ParamError::new("p", format_number(p), "a number in [0, 1]"));
        }
        Ok(Bernoulli { p })
    }
}

impl RowGenerator for Bernoulli {
    type Value = bool;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> bool {
        RowRng::new(stream, row).bernoulli(self.p)
    }
}
