//! Spider's uniform distribution: `p[d] = rnd()` for each dimension. Never rejected.

use super::point::{Point, PointDistribution};
use crate::generate::RowRng;

/// Uniform points in the unit square.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Uniform;

impl PointDistribution for Uniform {
    #[inline]
    fn sample(&self, _row: u64, rng: &mut RowRng) -> Point {
        let x = rng.next_f64();
        let y = rng.next_f64();
        [x, y]
    }
}
