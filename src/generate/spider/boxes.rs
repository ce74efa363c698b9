//! Boxes around the points of a distribution, Beast's rule (`PointBasedGenerator`, see
//! `shared/research/spider.md` §2.7): per dimension the centre is squeezed,
//! `c' = c·(1 − m) + m/2`, so that a box of side up to `m` fits in the unit square, then the
//! side is `s ~ U(0, m)` and the box is `[c' − s/2, c' + s/2]`. The centre is the row's point
//! (drawn first from the row's stream), the two sides are the next two draws (x, then y).
//! Because of the squeeze no box ever leaves the unit square, so Beast's redraw loop never
//! runs and is not needed.

use super::point::{Point, Rect};
use crate::generate::RowRng;
use crate::generate::params::{ParamError, format_number};

/// Box sizes: the largest side per dimension.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxShape {
    /// Largest width and height, each in `(0, 1]`.
    pub maxsize: [f64; 2],
}

impl Default for BoxShape {
    /// SpiderWeb's default: `maxsize=0.01,0.01`.
    fn default() -> Self {
        BoxShape {
            maxsize: [0.01, 0.01],
        }
    }
}

/// Checks one `maxsize` value: a finite number in `(0, 1]`.
pub fn check_maxsize(shown: &str, v: f64) -> Result<(), ParamError> {
    if v.is_finite() && v > 0.0 && v <= 1.0 {
        Ok(())
    } else {
        Err(ParamError::new(
            "maxsize",
            shown,
            "numbers in (0, 1] (boxes: width,height; polygons: one diameter)",
        ))
    }
}

impl BoxShape {
    /// Checks both sizes are in `(0, 1]`.
    pub fn validate(&self) -> Result<(), ParamError> {
        let shown = self.to_string();
        check_maxsize(&shown, self.maxsize[0])?;
        check_maxsize(&shown, self.maxsize[1])
    }

    /// The box around `center` (a point of the unit square), sides drawn from `rng`.
    #[inline]
    pub fn sample(&self, center: Point, rng: &mut RowRng) -> Rect {
        let [mw, mh] = self.maxsize;
        let cx = center[0] * (1.0 - mw) + mw / 2.0;
        let cy = center[1] * (1.0 - mh) + mh / 2.0;
        let w = rng.uniform(0.0, mw);
        let h = rng.uniform(0.0, mh);
        [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0]
    }
}

impl std::fmt::Display for BoxShape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{},{}",
            format_number(self.maxsize[0]),
            format_number(self.maxsize[1])
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_fit_the_unit_square_and_respect_maxsize() {
        let shape = BoxShape {
            maxsize: [0.3, 0.05],
        };
        for row in 0..10_000u64 {
            let mut rng = RowRng::new(5, row);
            // Extreme centres included: the corners of the square.
            let c = match row % 4 {
                0 => [0.0, 0.0],
                1 => [1.0, 1.0],
                _ => [rng.next_f64(), rng.next_f64()],
            };
            let b = shape.sample(c, &mut rng);
            assert!(
                b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= 1.0 && b[3] <= 1.0,
                "{b:?}"
            );
            assert!(b[2] - b[0] <= 0.3 && b[3] - b[1] <= 0.05);
            assert!(b[0] <= b[2] && b[1] <= b[3]);
        }
    }
}
