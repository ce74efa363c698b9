//! Spider's Gaussian distribution: `p[d] = normal(0.5, 0.1)` per dimension, the whole point
//! redrawn from the row's own stream while it lies outside the unit square (Spider/Beast
//! rejection; Sedona keeps such points, SpatialBench clamps them).

use super::point::{MAX_ATTEMPTS, Point, PointDistribution, in_unit_square};
use crate::generate::RowRng;

/// Normal points around the centre of the unit square, σ = 0.1.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Gaussian;

/// Spider's mean.
pub const MEAN: f64 = 0.5;
/// Spider's standard deviation (Beast's documentation says 0.2; all code uses 0.1).
pub const SIGMA: f64 = 0.1;

impl PointDistribution for Gaussian {
    #[inline]
    fn sample(&self, _row: u64, rng: &mut RowRng) -> Point {
        for _ in 0..MAX_ATTEMPTS {
            let p = [rng.normal(MEAN, SIGMA), rng.normal(MEAN, SIGMA)];
            if in_unit_square(p) {
                return p;
            }
        }
        // Unreachable in practice (each attempt is rejected with probability ~1.1e-6);
        // the fallback keeps the function total: the mean.
        [MEAN, MEAN]
    }
}
