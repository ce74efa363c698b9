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
        let feistel = Feistel::new(self.max, stream);
        for row in rows {
            f(self.lo.wrapping_add(feistel.permute(row) as i64));
        }
    }

    fn row_limit(&self) -> u64 {
        self.domain_size()
    }
}
