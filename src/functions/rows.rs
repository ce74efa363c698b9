//! The rows a batch is generated for: a contiguous range (scans) or an arbitrary list of
//! row indices (lookups).

use std::ops::Range;

/// The rows to evaluate, in output order.
#[derive(Debug, Clone)]
pub enum Rows<'a> {
    /// The contiguous range `start..end`.
    Range(Range<u64>),
    /// Arbitrary row indices (may repeat, any order).
    Indices(&'a [u64]),
}

impl Rows<'_> {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Rows::Range(r) => (r.end - r.start) as usize,
            Rows::Indices(ix) => ix.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row index at position `i` of the batch (`i < len()`).
    pub fn row(&self, i: usize) -> u64 {
        match self {
            Rows::Range(r) => r.start + i as u64,
            Rows::Indices(ix) => ix[i],
        }
    }

    /// Calls `f` with an iterator over the row indices. The match happens once, so `f` is
    /// monomorphized for each case and the per-row loop has no dispatch.
    #[inline]
    pub fn with_iter<T>(&self, f: impl RowsFn<T>) -> T {
        match self {
            Rows::Range(r) => f.call(r.clone()),
            Rows::Indices(ix) => f.call(ix.iter().copied()),
        }
    }
}

/// A computation over an iterator of row indices (generic over the iterator type).
pub trait RowsFn<T> {
    /// Runs the computation.
    fn call(self, rows: impl Iterator<Item = u64>) -> T;
}

/// Largest row count of any table: row numbers must fit in `BIGINT`.
pub const MAX_ROWS: u64 = i64::MAX as u64;
