//! Spider's bit distribution (`probability` q, `digits` k): each coordinate is
//! `Σ_{i=1..k} bernoulli(q) · 2^-i`, so values lie on the grid {j / 2^k} in
//! `[0, 1 − 2^-k]`. Never rejected.

use super::point::{Point, PointDistribution};
use crate::generate::RowRng;
use crate::generate::params::{ParamError, check_range};

/// Points on a dyadic grid with biased bits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bit {
    /// Probability that a bit is set, in `[0, 1]`.
    pub probability: f64,
    /// Number of bits per coordinate, in `1..=52`.
    pub digits: u32,
}

impl Default for Bit {
    /// Spider's defaults: probability 0.2, digits 10.
    fn default() -> Self {
        Bit {
            probability: 0.2,
            digits: 10,
        }
    }
}

impl Bit {
    /// Checks `probability` ∈ [0, 1] and `digits` ∈ 1..=52.
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range("probability", self.probability, 0.0, 1.0)?;
        if !(1..=52).contains(&self.digits) {
            return Err(ParamError::new(
                "digits",
                self.digits,
                "an integer in 1..=52",
            ));
        }
        Ok(())
    }

    #[inline]
    fn coordinate(&self, rng: &mut RowRng) -> f64 {
        let mut v = 0.0;
        let mut weight = 0.5;
        for _ in 0..self.digits {
            if rng.bernoulli(self.probability) {
                v += weight;
            }
            weight *= 0.5;
        }
        v
    }
}

impl PointDistribution for Bit {
    #[inline]
    fn sample(&self, _row: u64, rng: &mut RowRng) -> Point {
        let x = self.coordinate(rng);
        let y = self.coordinate(rng);
        [x, y]
    }
}
