//! What every Spider distribution shares: the point and rectangle types, the point
//! distribution trait, the bound on redraws and Spider's validity rule.

use crate::generate::RowRng;

/// A 2-D point.
pub type Point = [f64; 2];

/// An axis-aligned box `[xmin, ymin, xmax, ymax]`.
pub type Rect = [f64; 4];

/// The largest number of draws a rejecting distribution makes for one row. Spider redraws
/// a point until it lies in the unit square; with the validated parameters the chance of
/// reaching this bound is below 10^-500, and if it were reached the row's last candidate
/// is replaced by a valid fallback documented on the distribution.
pub const MAX_ATTEMPTS: u32 = 10_000;

/// A point distribution: one point per row from the row's own stream.
pub trait PointDistribution: Send + Sync {
    /// The point of `row`, drawn from `rng` (the row's own stream). Points lie in the
    /// unit square (before any affine transform).
    fn sample(&self, row: u64, rng: &mut RowRng) -> Point;
}

/// Spider's validity rule: every coordinate in `[0, 1]` (NaN is never valid).
#[inline]
pub fn in_unit_square(p: Point) -> bool {
    (0.0..=1.0).contains(&p[0]) && (0.0..=1.0).contains(&p[1])
}
