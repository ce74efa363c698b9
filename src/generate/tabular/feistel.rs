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

    /// Replaces each `x` of `xs` (all `<= max`) by its image: the values of [`Self::permute`],
    /// computed a pass at a time over the whole slice. A pass over independent values has
    /// no branch, so the CPU overlaps the rounds of several values (one value's rounds are a
    /// dependency chain); the values that walk again are gathered and passed again.
    pub fn permute_all(&self, xs: &mut [u64]) {
        /// Values per gathering pass: the indices fit a small stack array.
        const CHUNK: usize = 512;
        let mut walk = [0u16; CHUNK];
        for chunk in xs.chunks_mut(CHUNK) {
            // A plain map first (no stores but the value, so it can vectorize), then the
            // indices of the values that must walk again.
            for x in chunk.iter_mut() {
                debug_assert!(*x <= self.max);
                *x = self.round_trip(*x);
            }
            let mut n = 0;
            for (i, &x) in chunk.iter().enumerate() {
                walk[n] = i as u16;
                n += usize::from(x > self.max);
            }
            while n > 0 {
                let mut m = 0;
                for j in 0..n {
                    let i = walk[j] as usize;
                    let y = self.round_trip(chunk[i]);
                    chunk[i] = y;
                    walk[m] = i as u16;
                    m += usize::from(y > self.max);
                }
                n = m;
            }
        }
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
    fn permute_all_gives_the_values_of_permute() {
        for max in [0u64, 1, 5, 1000, 9_000_000, 99_999_998, u64::MAX] {
            let f = Feistel::new(max, 7);
            let mut xs: Vec<u64> = (0..1500u64)
                .map(|i| (i * 7919) % max.saturating_add(1).max(1))
                .collect();
            if max == u64::MAX {
                xs = (0..1500u64)
                    .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15))
                    .collect();
            }
            let one: Vec<u64> = xs.iter().map(|&x| f.permute(x)).collect();
            f.permute_all(&mut xs);
            assert_eq!(xs, one, "max {max}");
        }
    }

    #[test]
    fn full_width_works() {
        let f = Feistel::new(u64::MAX, 1);
        assert_ne!(f.permute(0), f.permute(1));
    }
}
