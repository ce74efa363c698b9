//! A keyed permutation of `[0, 2^bits)` by a balanced Feistel network, and of any
//! `[0, size)` by cycle-walking: unique values without memory.

use crate::generate::seed::{GOLDEN_GAMMA, mix64};

/// Rounds of the network.
pub const ROUNDS: usize = 6;

/// A keyed bijection of `[0, size)`.
///
/// The network works on `2·half` bits, the smallest even width `>= 2` covering `size - 1`.
/// A value `x` splits into `L = x >> half` and `R = x & mask`; each of the 6 rounds maps
/// `(L, R) → (R, L ^ (mix64(R ^ k_i) & mask))` with round keys
/// `k_i = mix64(key + (i + 1)·γ)` (γ the SplitMix64 golden gamma). A result `>= size` is
/// fed through the network again (cycle-walking) until it lands in `[0, size)`; since the
/// width is less than `4·size`, fewer than 4 passes are expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feistel {
    max: u64,
    half: u32,
    mask: u64,
    keys: [u64; ROUNDS],
}

impl Feistel {
    /// The permutation of `[0, max]` (`max + 1` values) keyed by `key`.
    pub fn new(max: u64, key: u64) -> Self {
        let bits = (64 - max.leading_zeros()).max(2);
        let half = bits.div_ceil(2);
        let mask = if half >= 64 {
            u64::MAX
        } else {
            (1u64 << half) - 1
        };
        let mut keys = [0u64; ROUNDS];
        for (i, k) in keys.iter_mut().enumerate() {
            *k = mix64(key.wrapping_add((i as u64 + 1).wrapping_mul(GOLDEN_GAMMA)));
        }
        Feistel {
            max,
            half,
            mask,
            keys,
        }
    }

    #[inline]
    fn round_trip(&self, x: u64) -> u64 {
        let mut l = x >> self.half;
        let mut r = x & self.mask;
        for &k in &self.keys {
            let f = mix64(r ^ k) & self.mask;
            (l, r) = (r, l ^ f);
        }
        (l << self.half) | r
    }

    /// The image of `x`, for `x <= max` (the caller guarantees it; a larger `x` could walk
    /// forever).
    #[inline]
    pub fn permute(&self, x: u64) -> u64 {
        debug_assert!(x <= self.max);
        let mut y = self.round_trip(x);
        while y > self.max {
            y = self.round_trip(y);
        }
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_a_bijection_for_awkward_sizes() {
        for max in [0u64, 1, 2, 3, 4, 5, 6, 7, 100, 1023, 1024, 4097] {
            let f = Feistel::new(max, 99);
            let mut seen = vec![false; max as usize + 1];
            for x in 0..=max {
                let y = f.permute(x);
                assert!(!seen[y as usize], "max {max}: {y} twice");
                seen[y as usize] = true;
            }
        }
    }

    #[test]
    fn full_width_works() {
        let f = Feistel::new(u64::MAX, 1);
        assert_ne!(f.permute(0), f.permute(1));
    }
}
