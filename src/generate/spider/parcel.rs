//! Spider's parcel distribution: the unit square split recursively into exactly `n`
//! disjoint boxes, each then shrunk by `dither` (`shared/research/spider.md` §2.6).
//!
//! The tree is Beast's: depth `D = ⌈log2 n⌉`; the first `M = 2n − 2^D` leaves (in
//! depth-first, low-side-first order) lie at depth `D`, the other `2^D − n` at depth `D − 1`.
//! Row `i < M` is the node at depth `D` with index `i`; row `i >= M` is the node at depth
//! `D − 1` with index `M/2 + (i − M)`. A node's path from the root is the binary digits of
//! its index (0 = low side). Every node is identified by its heap number `2^depth + index`,
//! and all its randomness comes from that number's own stream `RowRng(stream, node)`:
//!
//! * an internal node splits its longest side (tie: x, as Beast) at
//!   `min + len · U(srange, 1 − srange)` (first draw);
//! * a leaf is shrunk per dimension by `change = U(0, dither) · side`, `min += change/2`,
//!   `max −= change/2` (Beast/Sedona's centred shrink; draws x then y).
//!
//! So a row's box is a pure function of (seed, row): any row range, partitioning or lookup
//! gives the same boxes. A contiguous range is generated depth-first: moving to the next
//! leaf recomputes only the levels below the common ancestor (O(1) amortized per box); a
//! single row is a descent from the root (O(D)). Siblings share the split coordinate
//! exactly, so with `dither = 0` the boxes tile the unit square.

use super::point::Rect;
use crate::generate::RowRng;
use crate::generate::params::{ParamError, check_range};

/// Parcel parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parcel {
    /// Split position range: splits fall in `[srange, 1 − srange]` of the side; `[0, 0.5]`.
    pub srange: f64,
    /// Shrink factor of every box: each side loses up to `dither` of its length; `[0, 1]`.
    pub dither: f64,
}

impl Default for Parcel {
    /// SpiderWeb's defaults: srange 0.5, dither 0.5.
    fn default() -> Self {
        Parcel {
            srange: 0.5,
            dither: 0.5,
        }
    }
}

impl Parcel {
    /// Checks `srange` ∈ [0, 0.5] and `dither` ∈ [0, 1].
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range("srange", self.srange, 0.0, 0.5)?;
        check_range("dither", self.dither, 0.0, 1.0)
    }
}

/// The parcel tree of `n` boxes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParcelTree {
    parcel: Parcel,
    n: u64,
    /// D = ⌈log2 n⌉.
    depth: u32,
    /// M = 2n − 2^D leaves at depth D.
    deep: u64,
}

impl ParcelTree {
    /// The tree of `n >= 1` boxes (`n <= 2^63`).
    pub fn new(parcel: Parcel, n: u64) -> Self {
        let n = n.max(1);
        let depth = if n <= 1 {
            0
        } else {
            64 - (n - 1).leading_zeros()
        };
        let deep = (2 * u128::from(n) - (1u128 << depth)) as u64;
        ParcelTree {
            parcel,
            n,
            depth,
            deep,
        }
    }

    /// The depth `D` of the deepest leaves.
    pub fn depth(&self) -> u32 {
        self.depth
    }

    /// The number of leaves at depth `D` (`M = 2n − 2^D`).
    pub fn deep_leaves(&self) -> u64 {
        self.deep
    }

    /// The (depth, index) of row `row`'s leaf.
    #[inline]
    fn leaf(&self, row: u64) -> (u32, u64) {
        if row < self.deep {
            (self.depth, row)
        } else {
            (self.depth - 1, self.deep / 2 + (row - self.deep))
        }
    }

    /// The child `bit` (0 low, 1 high) of the node `node` whose box is `b`.
    #[inline]
    fn child(&self, stream: u64, node: u64, b: &Rect, bit: u64) -> Rect {
        let r = self.parcel.srange;
        let f = RowRng::new(stream, node).uniform(r, 1.0 - r);
        let (w, h) = (b[2] - b[0], b[3] - b[1]);
        if w >= h {
            let cut = b[0] + w * f;
            if bit == 0 {
                [b[0], b[1], cut, b[3]]
            } else {
                [cut, b[1], b[2], b[3]]
            }
        } else {
            let cut = b[1] + h * f;
            if bit == 0 {
                [b[0], b[1], b[2], cut]
            } else {
                [b[0], cut, b[2], b[3]]
            }
        }
    }

    /// The dithered box of leaf `node` whose undithered box is `b`.
    #[inline]
    fn dither(&self, stream: u64, node: u64, b: &Rect) -> Rect {
        let d = self.parcel.dither;
        if d == 0.0 {
            return *b;
        }
        let mut rng = RowRng::new(stream, node);
        let cx = rng.uniform(0.0, d) * (b[2] - b[0]);
        let cy = rng.uniform(0.0, d) * (b[3] - b[1]);
        [
            b[0] + cx / 2.0,
            b[1] + cy / 2.0,
            b[2] - cx / 2.0,
            b[3] - cy / 2.0,
        ]
    }

    /// The box of one row (a descent from the root, O(D)).
    pub fn box_of(&self, stream: u64, row: u64) -> Rect {
        let (d, index) = self.leaf(row.min(self.n - 1));
        let mut b = UNIT;
        for level in 0..d {
            let node = (1u64 << level) | (index >> (d - level));
            let bit = (index >> (d - level - 1)) & 1;
            b = self.child(stream, node, &b, bit);
        }
        self.dither(stream, (1u64 << d) | index, &b)
    }

    /// Calls `emit` with the boxes of the rows `start..end` in order, walking the tree
    /// depth-first: O(1) amortized per box plus O(D) for the first one.
    pub fn for_range(&self, stream: u64, start: u64, end: u64, mut emit: impl FnMut(Rect)) {
        let end = end.min(self.n);
        if start >= end {
            return;
        }
        // path[l] = the (undithered) box of the current leaf's ancestor at level l.
        let mut path = [UNIT; 65];
        let (mut d, mut index) = self.leaf(start);
        for level in 0..d {
            let node = (1u64 << level) | (index >> (d - level));
            let bit = (index >> (d - level - 1)) & 1;
            path[level as usize + 1] = self.child(stream, node, &path[level as usize], bit);
        }
        emit(self.dither(stream, (1u64 << d) | index, &path[d as usize]));
        for row in start + 1..end {
            let (nd, nindex) = self.leaf(row);
            // The deepest common ancestor of the previous leaf and this one.
            let low = d.min(nd);
            let a = index >> (d - low);
            let b = nindex >> (nd - low);
            let common = low - (64 - (a ^ b).leading_zeros());
            for level in common..nd {
                let node = (1u64 << level) | (nindex >> (nd - level));
                let bit = (nindex >> (nd - level - 1)) & 1;
                path[level as usize + 1] = self.child(stream, node, &path[level as usize], bit);
            }
            d = nd;
            index = nindex;
            emit(self.dither(stream, (1u64 << d) | index, &path[d as usize]));
        }
    }
}

const UNIT: Rect = [0.0, 0.0, 1.0, 1.0];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_rule() {
        for (n, d, m) in [
            (1, 0, 1),
            (2, 1, 2),
            (3, 2, 2),
            (7, 3, 6),
            (16, 4, 16),
            (123, 7, 118),
        ] {
            let t = ParcelTree::new(Parcel::default(), n);
            assert_eq!((t.depth(), t.deep_leaves()), (d, m), "n = {n}");
        }
    }

    #[test]
    fn range_walk_equals_descents() {
        for n in [1u64, 2, 3, 5, 7, 64, 100, 1000] {
            let t = ParcelTree::new(
                Parcel {
                    srange: 0.2,
                    dither: 0.3,
                },
                n,
            );
            for start in [0, n / 3, n - 1] {
                let mut got = vec![];
                t.for_range(9, start, n, |b| got.push(b));
                let want: Vec<Rect> = (start..n).map(|r| t.box_of(9, r)).collect();
                assert_eq!(got, want, "n = {n}, start = {start}");
            }
        }
    }

    #[test]
    fn tiles_the_unit_square_without_dither() {
        let t = ParcelTree::new(
            Parcel {
                srange: 0.1,
                dither: 0.0,
            },
            1000,
        );
        let mut area = 0.0;
        t.for_range(3, 0, 1000, |b| {
            assert!(b[0] < b[2] && b[1] < b[3]);
            area += (b[2] - b[0]) * (b[3] - b[1]);
        });
        assert!((area - 1.0).abs() < 1e-12, "{area}");
    }
}
