//! `poisson(lambda)`: counts of a Poisson process.

use super::RowGenerator;
use crate::generate::params::format_number;
use crate::generate::{ParamError, RowRng};

/// Below this mean, inversion; from it on, PTRS.
const PTRS_FROM: f64 = 10.0;

/// Most PTRS attempts per row.
pub const MAX_ATTEMPTS: u32 = 10_000;

/// The largest accepted mean (counts stay far inside `BIGINT` and `f64` integers).
pub const MAX_LAMBDA: f64 = 1e12;

/// Poisson counts with mean `lambda`.
///
/// * `lambda < 10`: sequential inversion of the CDF with one uniform `u`: `k = 0`,
///   `p = F = e^-λ`; while `u > F`: `k += 1`, `p *= λ/k`, `F += p` (stopping if `p`
///   underflows to 0).
/// * `lambda >= 10`: PTRS, the transformed rejection method with squeeze of Hörmann
///   ("The transformed rejection method for generating Poisson random variables", 1993),
///   with its published constants `b = 0.931 + 2.53√λ`, `a = -0.059 + 0.02483·b`,
///   `1/α = 1.1239 + 1.1328/(b - 3.4)`, `v_r = 0.9277 - 3.6224/(b - 2)`, drawing pairs
///   `(U - 0.5, V)` from the row's stream until acceptance; `lgamma` from `libm`. Attempts
///   are capped at [`MAX_ATTEMPTS`] (about 1.1 are expected), after which the mean rounded
///   down is returned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Poisson {
    lambda: f64,
    exp_neg_lambda: f64,
    ln_lambda: f64,
    a: f64,
    b: f64,
    ln_inv_alpha: f64,
    v_r: f64,
}

impl Poisson {
    /// `lambda` in `[0, 1e12]`.
    pub fn new(lambda: f64) -> Result<Self, ParamError> {
        if !(0.0..=MAX_LAMBDA).contains(&lambda) {
            return Err(ParamError::new(
                "lambda",
                format_number(lambda),
                "a number in [0, 1e12]",
            ));
        }
        let b = 0.931 + 2.53 * lambda.sqrt();
        Ok(Poisson {
            lambda,
            exp_neg_lambda: libm::exp(-lambda),
            ln_lambda: libm::log(lambda),
            a: -0.059 + 0.02483 * b,
            b,
            ln_inv_alpha: libm::log(1.1239 + 1.1328 / (b - 3.4)),
            v_r: 0.9277 - 3.6224 / (b - 2.0),
        })
    }

    fn inversion(&self, rng: &mut RowRng) -> i64 {
        let u = rng.next_f64();
        let mut k = 0i64;
        let mut p = self.exp_neg_lambda;
        let mut cdf = p;
        while u > cdf && p > 0.0 {
            k += 1;
            p *= self.lambda / k as f64;
            cdf += p;
        }
        k
    }

    fn ptrs(&self, rng: &mut RowRng) -> i64 {
        for _ in 0..MAX_ATTEMPTS {
            let u = rng.next_f64() - 0.5;
            let v = rng.next_f64();
            let us = 0.5 - u.abs();
            let k = ((2.0 * self.a / us + self.b) * u + self.lambda + 0.43).floor();
            if us >= 0.07 && v <= self.v_r {
                return k as i64;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            let lhs = libm::log(v) + self.ln_inv_alpha - libm::log(self.a / (us * us) + self.b);
            let rhs = -self.lambda + k * self.ln_lambda - libm::lgamma(k + 1.0);
            if lhs <= rhs {
                return k as i64;
            }
        }
        self.lambda.floor() as i64
    }
}

impl RowGenerator for Poisson {
    type Value = i64;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> i64 {
        let mut rng = RowRng::new(stream, row);
        if self.lambda < PTRS_FROM {
            self.inversion(&mut rng)
        } else {
            self.ptrs(&mut rng)
        }
    }
}
