//! Spider's diagonal distribution (`percentage` p, `buffer` b): with probability p a point
//! exactly on the line y = x, otherwise a point at signed distance `d ~ normal(0, b/5)`
//! from the diagonal: `(c + d/√2, c − d/√2)` with `c = rnd()`. The whole draw is repeated
//! from the row's own stream while the point lies outside the unit square (Spider/Beast).

use super::point::{MAX_ATTEMPTS, Point, PointDistribution, in_unit_square};
use crate::generate::RowRng;
use crate::generate::params::{ParamError, check_range};

/// The largest accepted buffer. Spider's web form allows [0, 1]; above 10 the band is ten
/// times wider than the square and almost every off-line draw would be rejected.
pub const MAX_BUFFER: f64 = 10.0;

/// Points on and around the diagonal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Diagonal {
    /// Share of points exactly on the diagonal, in `[0, 1]`.
    pub percentage: f64,
    /// Width of the band around the diagonal (≈ 5σ of the perpendicular distance), `>= 0`.
    pub buffer: f64,
}

impl Default for Diagonal {
    /// SpiderWeb's defaults: percentage 0.5, buffer 0.5.
    fn default() -> Self {
        Diagonal {
            percentage: 0.5,
            buffer: 0.5,
        }
    }
}

impl Diagonal {
    /// Checks `percentage` ∈ [0, 1] and `buffer` ∈ [0, 10].
    pub fn validate(&self) -> Result<(), ParamError> {
        check_range("percentage", self.percentage, 0.0, 1.0)?;
        check_range("buffer", self.buffer, 0.0, MAX_BUFFER)
    }
}

impl PointDistribution for Diagonal {
    #[inline]
    fn sample(&self, _row: u64, rng: &mut RowRng) -> Point {
        let mut c = 0.5;
        for _ in 0..MAX_ATTEMPTS {
            if rng.bernoulli(self.percentage) {
                let v = rng.next_f64();
                return [v, v];
            }
            c = rng.next_f64();
            let d = rng.normal(0.0, self.buffer / 5.0);
            let p = [
                c + d / std::f64::consts::SQRT_2,
                c - d / std::f64::consts::SQRT_2,
            ];
            if in_unit_square(p) {
                return p;
            }
        }
        // Unreachable in practice for buffer <= 10 (each off-line attempt is accepted with
        // probability > 0.1); the fallback keeps the function total: the foot on the line.
        [c, c]
    }
}
