//! Star-shaped polygons around the points of a distribution (Beast / Sedona rule, see
//! `shared/research/spider.md` §2.7): the centre is squeezed like a box's,
//! `c' = c·(1 − m) + m/2` with `m` the diameter `maxsize`; the number of vertices is
//! `k ~ U{a..b}` (`segments=a..b`); `k` angles `θ ~ U(0, 2π)` are sorted and vertex `j` is
//! `c' + r_j·(cos θ_j, sin θ_j)` with `r_j ~ U(0, m/2]`. The ring is closed (the first vertex
//! is repeated at the end), so every polygon lies inside the unit square.
//!
//! Validity. Sorted angles make a star-shaped ring around `c'`, which is simple as long as
//! no angular gap between consecutive vertices (including the wrap-around one) reaches π;
//! otherwise an edge can pass on the wrong side of the centre and cross another edge
//! (Beast and Sedona do not check this). For `k ≥ 4` the angles are therefore redrawn from
//! the row's stream while the largest gap is ≥ π (on average at most 2 draws); triangles are
//! always simple. Deviation from Beast: Beast draws `k + 1` angles and drops the largest
//! (Sedona, followed here, draws `k`), and neither redraws.

use super::point::{MAX_ATTEMPTS, Point};
use crate::generate::RowRng;
use crate::generate::params::{ParamError, format_number};

/// The largest number of vertices accepted for `segments`.
pub const MAX_SEGMENTS: u32 = 1000;

/// Polygon sizes and vertex counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PolygonShape {
    /// The largest diameter, in `(0, 1]`.
    pub maxsize: f64,
    /// The smallest number of vertices, `>= 3`.
    pub min_segments: u32,
    /// The largest number of vertices, `>= min_segments`.
    pub max_segments: u32,
}

impl Default for PolygonShape {
    /// `maxsize=0.01`, `segments=3..5` (the default named in Beast's code comment).
    fn default() -> Self {
        PolygonShape {
            maxsize: 0.01,
            min_segments: 3,
            max_segments: 5,
        }
    }
}

impl PolygonShape {
    /// Checks `maxsize` ∈ (0, 1] and `3 <= min_segments <= max_segments <= 1000`.
    pub fn validate(&self) -> Result<(), ParamError> {
        super::boxes::check_maxsize(&format_number(self.maxsize), self.maxsize)?;
        let (a, b) = (self.min_segments, self.max_segments);
        if a < 3 || a > b || b > MAX_SEGMENTS {
            return Err(ParamError::new(
                "segments",
                format!("{a}..{b}"),
                format!(
                    "a number of vertices n or a range a..b with 3 <= a <= b <= {MAX_SEGMENTS}"
                ),
            ));
        }
        Ok(())
    }

    /// The `segments` value as written in descriptors: `a..b`.
    pub fn segments(&self) -> String {
        format!("{}..{}", self.min_segments, self.max_segments)
    }

    /// Writes the closed ring of the polygon around `center` into `ring` (cleared first):
    /// `k + 1` points, the last equal to the first. `angles` is scratch space reused across
    /// rows (no per-row allocation once it has grown).
    pub fn sample(
        &self,
        center: Point,
        rng: &mut RowRng,
        angles: &mut Vec<f64>,
        ring: &mut Vec<Point>,
    ) {
        let m = self.maxsize;
        let c = [
            center[0] * (1.0 - m) + m / 2.0,
            center[1] * (1.0 - m) + m / 2.0,
        ];
        let span = u64::from(self.max_segments - self.min_segments) + 1;
        let k =
            self.min_segments as usize + ((rng.next_u64() as u128 * span as u128) >> 64) as usize;
        let tau = 2.0 * std::f64::consts::PI;
        let mut valid = false;
        for _ in 0..MAX_ATTEMPTS {
            angles.clear();
            angles.extend((0..k).map(|_| rng.uniform(0.0, tau)));
            angles.sort_unstable_by(f64::total_cmp);
            if k == 3 || max_gap(angles) < std::f64::consts::PI {
                valid = true;
                break;
            }
        }
        if !valid {
            // Unreachable in practice (each attempt succeeds with probability >= 1/2):
            // evenly spaced angles keep the function total.
            angles.clear();
            angles.extend((0..k).map(|j| tau * j as f64 / k as f64));
        }
        ring.clear();
        for &theta in angles.iter() {
            let r = m / 2.0 * (1.0 - rng.next_f64());
            ring.push([c[0] + r * libm::cos(theta), c[1] + r * libm::sin(theta)]);
        }
        ring.push(ring[0]);
    }
}

/// The largest angular gap between consecutive sorted angles, wrap-around included.
fn max_gap(sorted: &[f64]) -> f64 {
    let wrap = sorted[0] + 2.0 * std::f64::consts::PI - sorted[sorted.len() - 1];
    sorted.windows(2).map(|w| w[1] - w[0]).fold(wrap, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_are_closed_star_shaped_and_inside() {
        let shape = PolygonShape {
            maxsize: 0.2,
            min_segments: 3,
            max_segments: 9,
        };
        let (mut angles, mut ring) = (vec![], vec![]);
        let mut seen = [false; 10];
        for row in 0..5000u64 {
            let mut rng = RowRng::new(1, row);
            let c = [rng.next_f64(), rng.next_f64()];
            shape.sample(c, &mut rng, &mut angles, &mut ring);
            let k = ring.len() - 1;
            seen[k] = true;
            assert!((3..=9).contains(&k));
            assert_eq!(ring[0], ring[k]);
            assert!(
                ring.iter()
                    .all(|p| (0.0..=1.0).contains(&p[0]) && (0.0..=1.0).contains(&p[1]))
            );
        }
        assert!(seen[3..=9].iter().all(|s| *s), "every vertex count occurs");
    }
}
