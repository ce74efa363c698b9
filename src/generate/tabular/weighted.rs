//! `weighted([v…], [w…])`: the index of a list element chosen with exact weights.

use super::{RowGenerator, below};
use crate::generate::params::format_number;
use crate::generate::{ParamError, RowRng};

/// Weighted indices.
///
/// * Integer weights: exact. Draw `x = below(Σw)` on the row's stream and return the first
///   index whose cumulative weight exceeds `x` (binary search), so index `i` has
///   probability exactly `w_i / Σw`.
/// * Float weights: Vose's alias method, built once (in index order, deterministically):
///   draw `i = below(n)`, then `u = next_f64()`; the result is `i` if `u < prob[i]`, else
///   `alias[i]`. Exact up to double rounding of the weights.
#[derive(Debug, Clone, PartialEq)]
pub enum Weighted {
    /// Cumulative integer weights (strictly increasing over non-zero weights).
    Integer {
        /// `cumulative[i] = w_0 + … + w_i`.
        cumulative: Vec<u64>,
    },
    /// Alias table of float weights.
    Alias {
        /// Probability of keeping column `i`.
        prob: Vec<f64>,
        /// The alias of column `i`.
        alias: Vec<u32>,
    },
}

fn check_len(n: usize, weights: usize) -> Result<(), ParamError> {
    if n == 0 {
        return Err(ParamError::new("values", "[]", "a non-empty list"));
    }
    if n != weights {
        return Err(ParamError::new(
            "weights",
            format!("a list of {weights}"),
            format!("one weight per value ({n})"),
        ));
    }
    if n > u32::MAX as usize {
        return Err(ParamError::new(
            "values",
            format!("a list of {n}"),
            "at most 2^32 - 1 values",
        ));
    }
    Ok(())
}

impl Weighted {
    /// Exact integer weights, one per value: each `>= 0`, sum `> 0` and `< 2^64`.
    pub fn integer(n: usize, weights: &[i64]) -> Result<Self, ParamError> {
        check_len(n, weights.len())?;
        let mut cumulative = Vec::with_capacity(n);
        let mut total: u64 = 0;
        for (i, &w) in weights.iter().enumerate() {
            if w < 0 {
                return Err(ParamError::new(
                    format!("weights[{}]", i + 1),
                    w,
                    "a weight >= 0",
                ));
            }
            total = total.checked_add(w as u64).ok_or_else(|| {
                ParamError::new(
                    "weights",
                    "a sum >= 2^64",
                    "weights summing to less than 2^64",
                )
            })?;
            cumulative.push(total);
        }
        if total == 0 {
            return Err(ParamError::new(
                "weights",
                "a sum of 0",
                "weights summing to more than 0",
            ));
        }
        Ok(Weighted::Integer { cumulative })
    }

    /// Float weights, one per value: each finite and `>= 0`, sum finite and `> 0`.
    pub fn float(n: usize, weights: &[f64]) -> Result<Self, ParamError> {
        check_len(n, weights.len())?;
        for (i, &w) in weights.iter().enumerate() {
            if !(w.is_finite() && w >= 0.0) {
                return Err(ParamError::new(
                    format!("weights[{}]", i + 1),
                    format_number(w),
                    "a finite weight >= 0",
                ));
            }
        }
        let total: f64 = weights.iter().sum();
        if !(total.is_finite() && total > 0.0) {
            return Err(ParamError::new(
                "weights",
                format!("a sum of {}", format_number(total)),
                "weights with a finite sum greater than 0",
            ));
        }
        // Vose: scaled weights n·w/Σw, split into small (< 1) and large (>= 1) stacks.
        let scale = n as f64 / total;
        let mut prob: Vec<f64> = weights.iter().map(|w| w * scale).collect();
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let mut small: Vec<u32> = Vec::new();
        let mut large: Vec<u32> = Vec::new();
        for (i, &p) in prob.iter().enumerate().rev() {
            if p < 1.0 {
                small.push(i as u32);
            } else {
                large.push(i as u32);
            }
        }
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            alias[s as usize] = l;
            prob[l as usize] = (prob[l as usize] + prob[s as usize]) - 1.0;
            if prob[l as usize] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // Leftovers are 1 up to rounding.
        for i in large.into_iter().chain(small) {
            prob[i as usize] = 1.0;
        }
        Ok(Weighted::Alias { prob, alias })
    }
}

impl RowGenerator for Weighted {
    type Value = u32;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> u32 {
        let mut rng = RowRng::new(stream, row);
        match self {
            Weighted::Integer { cumulative } => {
                let x = below(&mut rng, *cumulative.last().expect("non-empty"));
                cumulative.partition_point(|&c| c <= x) as u32
            }
            Weighted::Alias { prob, alias } => {
                let i = below(&mut rng, prob.len() as u64) as usize;
                if rng.next_f64() < prob[i] {
                    i as u32
                } else {
                    alias[i]
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_weights_are_never_chosen() {
        let w = Weighted::integer(3, &[0, 5, 0]).unwrap();
        assert!((0..1000).all(|r| w.value(1, r) == 1));
        let w = Weighted::float(3, &[0.0, 0.5, 0.0]).unwrap();
        assert!((0..1000).all(|r| w.value(1, r) == 1));
    }
}
