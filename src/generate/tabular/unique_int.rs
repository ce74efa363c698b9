//! `unique_int(lo, hi)`: distinct integers from `[lo, hi]` in a keyed pseudo-random order.

use super::{Feistel, RowGenerator};
use crate::generate::ParamError;

/// Row `r` maps to `lo + π(r)` where `π` is the [`Feistel`] permutation of
/// `[0, hi - lo]` keyed by the stream seed. Rows `0..hi - lo + 1` get distinct values and,
/// when the table has exactly `hi - lo + 1` rows, every value of the domain appears once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UniqueInt {
    lo: i64,
    max: u64,
}

impl UniqueInt {
    /// The domain `[lo, hi]`; `lo <= hi`.
    pub fn new(lo: i64, hi: i64) -> Result<Self, ParamError> {
        if lo > hi {
            return Err(ParamError::new("lo", lo, format!("<= hi ({hi})")));
        }
        Ok(UniqueInt {
            lo,
            max: hi.wrapping_sub(lo) as u64,
        })
    }

    /// The number of values in the domain (`2^64` saturates to `u64::MAX`).
    pub fn domain_size(&self) -> u64 {
        self.max.saturating_add(1)
    }
}

impl RowGenerator for UniqueInt {
    type Value = i64;

    fn value(&self, stream: u64, row: u64) -> i64 {
        self.lo
            .wrapping_add(Feistel::new(self.max, stream).permute(row) as i64)
    }

    #[inline]
    fn for_each(&self, stream: u64, rows: impl Iterator<Item = u64>, mut f: impl FnMut(i64)) {
        // A batch at a time, so the rounds of independent rows overlap (see
        // `Feistel::permute_all`); the values are those of `value`.
        const BATCH: usize = 1024;
        let feistel = Feistel::new(self.max, stream);
        let mut buf = [0u64; BATCH];
        let mut rows = rows.peekable();
        while rows.peek().is_some() {
            let mut n = 0;
            for (slot, row) in buf.iter_mut().zip(rows.by_ref()) {
                *slot = row;
                n += 1;
            }
            feistel.permute_all(&mut buf[..n]);
            for &y in &buf[..n] {
                f(self.lo.wrapping_add(y as i64));
            }
        }
    }

    fn row_limit(&self) -> u64 {
        self.domain_size()
    }

    fn distinct_rows(&self) -> Option<u64> {
        Some(self.domain_size())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_each_gives_the_values_of_value_in_row_order() {
        // Longer than a batch, over a scattered set of rows (a lookup's indices).
        let g = UniqueInt::new(1_000_000, 9_999_999).unwrap();
        let rows: Vec<u64> = (0..3000u64).map(|i| (i * 104_729) % 9_000_000).collect();
        let mut got = Vec::new();
        g.for_each(42, rows.iter().copied(), |v| got.push(v));
        let want: Vec<i64> = rows.iter().map(|&r| g.value(42, r)).collect();
        assert_eq!(got, want);
    }
}
