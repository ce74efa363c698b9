//! `uniform(lo, hi)`: uniform integers in `[lo, hi]` and uniform doubles in `[lo, hi)`,
//! plus [`below`], the unbiased bounded integer draw every other generator uses.

use super::RowGenerator;
use crate::generate::params::format_number;
use crate::generate::{ParamError, RowRng};

/// An unbiased uniform integer in `[0, n)` for `n >= 1`, by Lemire's multiply-and-reject
/// method ("Fast random integer generation in an interval", 2019): `m = x · n` as a 128-bit
/// product of the next 64 random bits `x`; the high word is the result unless the low word
/// falls in the biased zone `< (2^64 - n) mod n`, in which case the next 64 bits are drawn.
#[inline]
pub fn below(rng: &mut RowRng, n: u64) -> u64 {
    debug_assert!(n > 0);
    let mut m = u128::from(rng.next_u64()) * u128::from(n);
    if (m as u64) < n {
        let threshold = n.wrapping_neg() % n;
        while (m as u64) < threshold {
            m = u128::from(rng.next_u64()) * u128::from(n);
        }
    }
    (m >> 64) as u64
}

/// Uniform `BIGINT` in `[lo, hi]` (both inclusive): `lo + below(hi - lo + 1)` on the row's
/// stream, or the raw 64 bits when the range is all of `BIGINT`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UniformInt {
    lo: i64,
    span: u64,
}

impl UniformInt {
    /// Integers in `[lo, hi]`; `lo <= hi`.
    pub fn new(lo: i64, hi: i64) -> Result<Self, ParamError> {
        if lo > hi {
            return Err(ParamError::new("lo", lo, format!("<= hi ({hi})")));
        }
        Ok(UniformInt {
            lo,
            span: hi.wrapping_sub(lo) as u64,
        })
    }
}

impl RowGenerator for UniformInt {
    type Value = i64;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> i64 {
        let mut rng = RowRng::new(stream, row);
        let offset = if self.span == u64::MAX {
            rng.next_u64()
        } else {
            below(&mut rng, self.span + 1)
        };
        self.lo.wrapping_add(offset as i64)
    }
}

/// Uniform `DOUBLE` in `[lo, hi)`: `lo + (hi - lo) · u` with `u` the row's first 53-bit
/// uniform (`RowRng::next_f64`). When `lo == hi` every value is `lo`. (Rounding can make a
/// value equal `hi` for wide ranges; it is never outside `[lo, hi]`.)
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UniformFloat {
    lo: f64,
    width: f64,
}

impl UniformFloat {
    /// Doubles in `[lo, hi)`; both finite, `lo <= hi`, `hi - lo` finite.
    pub fn new(lo: f64, hi: f64) -> Result<Self, ParamError> {
        if !lo.is_finite() {
            return Err(ParamError::new("lo", format_number(lo), "a finite number"));
        }
        if !hi.is_finite() {
            return Err(ParamError::new("hi", format_number(hi), "a finite number"));
        }
        if lo > hi {
            return Err(ParamError::new(
                "lo",
                format_number(lo),
                format!("<= hi ({})", format_number(hi)),
            ));
        }
        let width = hi - lo;
        if !width.is_finite() {
            return Err(ParamError::new(
                "hi",
                format_number(hi),
                "such that hi - lo is a finite DOUBLE",
            ));
        }
        Ok(UniformFloat { lo, width })
    }
}

impl RowGenerator for UniformFloat {
    type Value = f64;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> f64 {
        let u = RowRng::new(stream, row).next_f64();
        (self.lo + self.width * u).min(self.lo + self.width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_stays_in_range_and_hits_every_value() {
        let mut seen = [false; 7];
        for row in 0..1000 {
            let v = below(&mut RowRng::new(5, row), 7);
            seen[v as usize] = true;
        }
        assert!(seen.iter().all(|&s| s));
    }

    #[test]
    fn full_range_and_degenerate_range() {
        let g = UniformInt::new(i64::MIN, i64::MAX).unwrap();
        let _ = g.value(1, 2);
        let g = UniformInt::new(9, 9).unwrap();
        assert!((0..100).all(|r| g.value(3, r) == 9));
        assert!(UniformInt::new(2, 1).is_err());
    }
}
