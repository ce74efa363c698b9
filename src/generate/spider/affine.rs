//! Spider's 2-D affine transform in SpiderWeb order `a1..a6`:
//! `x' = a1·x + a2·y + a3`, `y' = a4·x + a5·y + a6` (row-major; Beast's column-major order
//! is `[a1, a4, a2, a5, a3, a6]`).

use super::point::Point;
use crate::generate::params::ParamError;
use crate::generate::params::format_number;

/// An invertible 2-D affine transform.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine(pub [f64; 6]);

impl Affine {
    /// Validates six finite values with a non-singular linear part.
    pub fn new(values: &[f64]) -> Result<Self, ParamError> {
        let shown = values
            .iter()
            .map(f64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let Ok(a) = <[f64; 6]>::try_from(values) else {
            return Err(ParamError::new(
                "affine",
                shown,
                format!("exactly 6 numbers a1,a2,a3,a4,a5,a6, got {}", values.len()),
            ));
        };
        if a.iter().any(|v| !v.is_finite()) {
            return Err(ParamError::new("affine", shown, "6 finite numbers"));
        }
        let det = a[0] * a[4] - a[1] * a[3];
        if !det.is_finite() {
            return Err(ParamError::new(
                "affine",
                shown,
                "values whose determinant a1·a5 − a2·a4 is a finite number",
            ));
        }
        if det == 0.0 {
            return Err(ParamError::new(
                "affine",
                shown,
                "a non-singular matrix (a1·a5 − a2·a4 ≠ 0)",
            ));
        }
        Ok(Affine(a))
    }

    /// Applies the transform to a point.
    #[inline]
    pub fn apply(&self, p: Point) -> Point {
        let a = &self.0;
        [
            a[0] * p[0] + a[1] * p[1] + a[2],
            a[3] * p[0] + a[4] * p[1] + a[5],
        ]
    }
}

impl std::fmt::Display for Affine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|v| format_number(*v)).collect();
        f.write_str(&parts.join(","))
    }
}
