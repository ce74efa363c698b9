//! `pareto(scale, shape)`: heavy-tailed doubles `>= scale`.

use super::RowGenerator;
use crate::generate::params::format_number;
use crate::generate::{ParamError, RowRng};

/// By inversion: `scale · (1 - u)^(-1/shape)` with `u` the row's first 53-bit uniform,
/// computed as `scale · exp(-log1p(-u) / shape)` (`libm`). Mean `shape·scale/(shape-1)`
/// for `shape > 1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pareto {
    scale: f64,
    inv_shape: f64,
}

impl Pareto {
    /// `scale` and `shape` finite and `> 0`.
    pub fn new(scale: f64, shape: f64) -> Result<Self, ParamError> {
        if !(scale.is_finite() && scale > 0.0) {
            return Err(ParamError::new(
                "scale",
                format_number(scale),
                "a finite number > 0",
            ));
        }
        if !(shape.is_finite() && shape > 0.0) {
            return Err(ParamError::new(
                "shape",
                format_number(shape),
                "a finite number > 0",
            ));
        }
        Ok(Pareto {
            scale,
            inv_shape: 1.0 / shape,
        })
    }
}

impl RowGenerator for Pareto {
    type Value = f64;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> f64 {
        let u = RowRng::new(stream, row).next_f64();
        self.scale * libm::exp(-libm::log1p(-u) * self.inv_shape)
    }
}
