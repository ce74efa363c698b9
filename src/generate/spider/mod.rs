//! The Spider distributions (uniform, gaussian, diagonal, bit, sierpinski, parcel), the
//! shapes built on points (boxes, polygons) and the affine transform, following
//! `shared/research/spider.md` (Spider / Beast semantics).
//!
//! Every point is a pure function of its row's own random stream ([`RowRng`]): there is no
//! state carried from one row to the next. Deviations from Spider are listed on each
//! distribution and in `docs/spider-deviations.md`.

mod affine;
mod bit;
mod boxes;
mod diagonal;
mod gaussian;
mod parcel;
mod polygon;
mod shapes;
mod sierpinski;
mod uniform;

pub use affine::Affine;
pub use bit::Bit;
pub use boxes::BoxShape;
pub use diagonal::Diagonal;
pub use gaussian::Gaussian;
pub use parcel::{Parcel, ParcelTree};
pub use polygon::{MAX_SEGMENTS, PolygonShape};
pub use shapes::{BoxGenerator, PolygonGenerator, SpiderGeometry, box_ring};
pub use sierpinski::Sierpinski;
pub use uniform::Uniform;

use crate::generate::RowRng;
use crate::generate::params::{ParamError, format_number};

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

/// The point distributions, with their parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SpiderDistribution {
    /// Uniform in the unit square.
    Uniform(Uniform),
    /// Normal around (0.5, 0.5) with σ = 0.1, rejected outside the unit square.
    Gaussian(Gaussian),
    /// A share exactly on the diagonal, the rest in a band around it.
    Diagonal(Diagonal),
    /// Coordinates on the 2^-digits grid with biased bits.
    Bit(Bit),
    /// The Sierpinski triangle with vertex weights 2/5, 2/5, 1/5.
    Sierpinski(Sierpinski),
    /// Disjoint boxes from a recursive split of the unit square (boxes only, see
    /// [`ParcelTree`]); it has no points: [`PointGenerator`] emits nothing for it.
    Parcel(Parcel),
}

/// The distribution names, in documentation order.
pub const DISTRIBUTION_NAMES: [&str; 6] = [
    "uniform",
    "gaussian",
    "diagonal",
    "bit",
    "sierpinski",
    "parcel",
];

impl SpiderDistribution {
    /// The distribution's name as used in SQL.
    pub fn name(&self) -> &'static str {
        match self {
            SpiderDistribution::Uniform(_) => "uniform",
            SpiderDistribution::Gaussian(_) => "gaussian",
            SpiderDistribution::Diagonal(_) => "diagonal",
            SpiderDistribution::Bit(_) => "bit",
            SpiderDistribution::Sierpinski(_) => "sierpinski",
            SpiderDistribution::Parcel(_) => "parcel",
        }
    }

    /// The distribution's parameters as `key=value` pairs (empty when it has none).
    pub fn parameters(&self) -> Vec<(&'static str, String)> {
        match self {
            SpiderDistribution::Diagonal(d) => vec![
                ("percentage", format_number(d.percentage)),
                ("buffer", format_number(d.buffer)),
            ],
            SpiderDistribution::Bit(b) => vec![
                ("probability", format_number(b.probability)),
                ("digits", b.digits.to_string()),
            ],
            SpiderDistribution::Parcel(p) => vec![
                ("srange", format_number(p.srange)),
                ("dither", format_number(p.dither)),
            ],
            _ => vec![],
        }
    }

    /// Checks the parameters.
    pub fn validate(&self) -> Result<(), ParamError> {
        match self {
            SpiderDistribution::Diagonal(d) => d.validate(),
            SpiderDistribution::Bit(b) => b.validate(),
            SpiderDistribution::Parcel(p) => p.validate(),
            _ => Ok(()),
        }
    }
}

/// Spider's 2-D point generator: a distribution followed by an optional affine transform.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointGenerator {
    /// The distribution.
    pub distribution: SpiderDistribution,
    /// The affine transform applied to every point, if any.
    pub affine: Option<Affine>,
}

impl PointGenerator {
    /// Calls `emit(point)` for every row of `rows`, in order, with the points of `stream`.
    /// The distribution is dispatched once, outside the loop. Parcel has no points: nothing
    /// is emitted for it.
    pub fn for_each(&self, stream: u64, rows: impl Iterator<Item = u64>, emit: impl FnMut(Point)) {
        match &self.distribution {
            SpiderDistribution::Uniform(d) => self.run(d, stream, rows, emit),
            SpiderDistribution::Gaussian(d) => self.run(d, stream, rows, emit),
            SpiderDistribution::Diagonal(d) => self.run(d, stream, rows, emit),
            SpiderDistribution::Bit(d) => self.run(d, stream, rows, emit),
            SpiderDistribution::Sierpinski(d) => self.run(d, stream, rows, emit),
            SpiderDistribution::Parcel(_) => {}
        }
    }

    /// The point of one row (a convenience for tests and lookups of single rows).
    pub fn point(&self, stream: u64, row: u64) -> Point {
        let mut out = [0.0; 2];
        self.for_each(stream, std::iter::once(row), |p| out = p);
        out
    }

    #[inline]
    fn run<D: PointDistribution>(
        &self,
        d: &D,
        stream: u64,
        rows: impl Iterator<Item = u64>,
        mut emit: impl FnMut(Point),
    ) {
        match &self.affine {
            None => rows.for_each(|row| emit(d.sample(row, &mut RowRng::new(stream, row)))),
            Some(a) => {
                rows.for_each(|row| emit(a.apply(d.sample(row, &mut RowRng::new(stream, row)))))
            }
        }
    }
}
