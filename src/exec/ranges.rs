//! Sets of row ranges: the rows a scan generates after filters and limits, and their split
//! into partitions.
// Row sets are `Vec<Range<u64>>`: a one-range set is intended, not a mistaken `0..n` vector.
#![allow(clippy::single_range_in_vec_init)]

use std::fmt;
use std::ops::Range;

/// A sorted set of disjoint, non-empty, non-adjacent row ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowRanges(Vec<Range<u64>>);

impl RowRanges {
    /// All rows `0..rows`.
    pub fn full(rows: u64) -> Self {
        Self::from_ranges(vec![0..rows])
    }

    /// No rows.
    pub fn empty() -> Self {
        RowRanges(vec![])
    }

    /// Normalizes arbitrary ranges (sorts, drops empty ones, merges overlaps).
    pub fn from_ranges(mut ranges: Vec<Range<u64>>) -> Self {
        ranges.retain(|r| r.start < r.end);
        ranges.sort_by_key(|r| r.start);
        let mut out: Vec<Range<u64>> = Vec::with_capacity(ranges.len());
        for r in ranges {
            match out.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
        RowRanges(out)
    }

    /// The ranges.
    pub fn ranges(&self) -> &[Range<u64>] {
        &self.0
    }

    /// Total number of rows.
    pub fn len(&self) -> u64 {
        self.0.iter().map(|r| r.end - r.start).sum()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Intersection.
    pub fn intersect(&self, other: &RowRanges) -> RowRanges {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < a.len() && j < b.len() {
            let start = a[i].start.max(b[j].start);
            let end = a[i].end.min(b[j].end);
            if start < end {
                out.push(start..end);
            }
            if a[i].end < b[j].end {
                i += 1;
            } else {
                j += 1;
            }
        }
        RowRanges(out)
    }

    /// Union.
    pub fn union(&self, other: &RowRanges) -> RowRanges {
        let mut all = self.0.clone();
        all.extend(other.0.iter().cloned());
        Self::from_ranges(all)
    }

    /// The first `n` rows of the set.
    pub fn take(&self, n: u64) -> RowRanges {
        let mut left = n;
        let mut out = Vec::new();
        for r in &self.0 {
            if left == 0 {
                break;
            }
            let len = (r.end - r.start).min(left);
            out.push(r.start..r.start + len);
            left -= len;
        }
        RowRanges(out)
    }

    /// Rows at positions `from..to` of the set (positions count selected rows in order).
    pub fn slice(&self, from: u64, to: u64) -> RowRanges {
        let mut out = Vec::new();
        let mut pos = 0u64;
        for r in &self.0 {
            let len = r.end - r.start;
            let (lo, hi) = (from.max(pos), to.min(pos + len));
            if lo < hi {
                out.push(r.start + (lo - pos)..r.start + (hi - pos));
            }
            pos += len;
            if pos >= to {
                break;
            }
        }
        RowRanges(out)
    }

    /// Splits the set, in order, into `n` parts whose sizes differ by at most one row
    /// (never more parts than rows, at least one part).
    pub fn split(&self, n: usize) -> Vec<RowRanges> {
        let total = self.len();
        let parts = (n.max(1) as u64).min(total.max(1));
        (0..parts)
            .map(|k| {
                let from = (u128::from(total) * u128::from(k) / u128::from(parts)) as u64;
                let to = (u128::from(total) * u128::from(k + 1) / u128::from(parts)) as u64;
                self.slice(from, to)
            })
            .collect()
    }
}

impl fmt::Display for RowRanges {
    /// `[0..10, 20..30]`, eliding the middle of long lists.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 3;
        let shown: Vec<String> = if self.0.len() <= 2 * SHOWN + 1 {
            self.0
                .iter()
                .map(|r| format!("{}..{}", r.start, r.end))
                .collect()
        } else {
            let mut v: Vec<String> = self.0[..SHOWN]
                .iter()
                .map(|r| format!("{}..{}", r.start, r.end))
                .collect();
            v.push(format!("...{} more...", self.0.len() - 2 * SHOWN));
            v.extend(
                self.0[self.0.len() - SHOWN..]
                    .iter()
                    .map(|r| format!("{}..{}", r.start, r.end)),
            );
            v
        };
        write!(f, "[{}]", shown.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let a = RowRanges::from_ranges(vec![5..10, 0..3, 2..4, 10..12]);
        assert_eq!(a.ranges(), &[0..4, 5..12]);
        let b = RowRanges::from_ranges(vec![3..6, 11..20]);
        assert_eq!(a.intersect(&b).ranges(), &[3..4, 5..6, 11..12]);
        assert_eq!(a.union(&b).ranges(), &[0..20]);
        assert_eq!(a.take(6).ranges(), &[0..4, 5..7]);
        assert_eq!(a.slice(3, 6).ranges(), &[3..4, 5..7]);
        assert_eq!(a.len(), 11);
    }

    #[test]
    fn split_is_balanced_and_complete() {
        let a = RowRanges::from_ranges(vec![0..5, 10..17]);
        for n in 1..20 {
            let parts = a.split(n);
            assert_eq!(parts.len(), n.min(12));
            let joined = parts.iter().fold(RowRanges::empty(), |acc, p| acc.union(p));
            assert_eq!(joined, a);
            let sizes: Vec<u64> = parts.iter().map(RowRanges::len).collect();
            let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(max - min <= 1);
        }
        assert_eq!(RowRanges::empty().split(4).len(), 1);
    }
}
