//! `zipf(n, s)`: ranks `1..=n` with `P(k) ∝ k^-s`.

use super::RowGenerator;
use crate::generate::params::format_number;
use crate::generate::{ParamError, RowRng};

/// Zipf ranks by rejection-inversion (Hörmann & Derflinger, "Rejection-inversion to
/// generate variates from monotone discrete distributions", 1996): O(1) expected work per
/// sample for any `n` (up to `2^63`) and any `s > 0`, no tables.
///
/// With `h(x) = x^-s`, `H(x) = ((x^(1-s)) - 1)/(1-s)` (its integral; `ln x` at `s = 1`) and
/// `H⁻¹`, computed through `expm1`/`log1p` so that `s` near 1 is exact: per attempt draw `u`
/// uniformly between `H(n + ½)` and `H(3/2) - 1`, `x = H⁻¹(u)`, `k = round(x)` clamped to
/// `[1, n]`; accept when `k - x <= 2 - H⁻¹(H(5/2) - h(2))` or `u >= H(k + ½) - h(k)`.
/// Attempts are capped at [`MAX_ATTEMPTS`] per row (fewer than 2 are expected for every
/// `s`; the cap only guards against non-finite arithmetic at extreme exponents), after which
/// the last candidate is returned (rank 1 if it is not a number).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Zipf {
    n: f64,
    s: f64,
    h_integral_x1: f64,
    h_integral_n: f64,
    squeeze: f64,
}

/// Most rejection attempts per row.
pub const MAX_ATTEMPTS: u32 = 10_000;

/// `log1p(x)/x`, continuous at 0.
fn log1p_over_x(x: f64) -> f64 {
    if x.abs() > 1e-8 {
        libm::log1p(x) / x
    } else {
        1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
    }
}

/// `expm1(x)/x`, continuous at 0.
fn expm1_over_x(x: f64) -> f64 {
    if x.abs() > 1e-8 {
        libm::expm1(x) / x
    } else {
        1.0 + x * 0.5 * (1.0 + x / 3.0 * (1.0 + 0.25 * x))
    }
}

impl Zipf {
    /// `n >= 1` ranks, exponent `s > 0` (finite).
    pub fn new(n: i64, s: f64) -> Result<Self, ParamError> {
        if n < 1 {
            return Err(ParamError::new("n", n, "an integer >= 1"));
        }
        if !(s.is_finite() && s > 0.0) {
            return Err(ParamError::new(
                "s",
                format_number(s),
                "a finite number > 0",
            ));
        }
        let mut z = Zipf {
            n: n as f64,
            s,
            h_integral_x1: 0.0,
            h_integral_n: 0.0,
            squeeze: 0.0,
        };
        z.h_integral_x1 = z.h_integral(1.5) - 1.0;
        z.h_integral_n = z.h_integral(z.n + 0.5);
        z.squeeze = 2.0 - z.h_integral_inv(z.h_integral(2.5) - z.h(2.0));
        Ok(z)
    }

    fn h(&self, x: f64) -> f64 {
        libm::exp(-self.s * libm::log(x))
    }

    fn h_integral(&self, x: f64) -> f64 {
        let ln_x = libm::log(x);
        expm1_over_x((1.0 - self.s) * ln_x) * ln_x
    }

    fn h_integral_inv(&self, x: f64) -> f64 {
        let t = (x * (1.0 - self.s)).max(-1.0);
        libm::exp(log1p_over_x(t) * x)
    }
}

impl RowGenerator for Zipf {
    type Value = i64;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> i64 {
        let mut rng = RowRng::new(stream, row);
        let mut k = 1.0;
        for _ in 0..MAX_ATTEMPTS {
            let u = self.h_integral_n + rng.next_f64() * (self.h_integral_x1 - self.h_integral_n);
            let x = self.h_integral_inv(u);
            k = (x + 0.5).floor().clamp(1.0, self.n);
            if k - x <= self.squeeze || u >= self.h_integral(k + 0.5) - self.h(k) {
                break;
            }
        }
        if k.is_nan() { 1 } else { k as i64 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_stay_in_range() {
        for (n, s) in [(1, 1.0), (2, 0.5), (10, 1.0), (1000, 2.5), (i64::MAX, 1.1)] {
            let z = Zipf::new(n, s).unwrap();
            for row in 0..2000 {
                let k = z.value(7, row);
                assert!(k >= 1 && k <= n, "zipf({n}, {s}) gave {k}");
            }
        }
    }
}
