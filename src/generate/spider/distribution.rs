//! The point distributions as one enum ([`SpiderDistribution`]) with their names and
//! parameters, and [`PointGenerator`] (a distribution with an optional affine transform).

use super::affine::Affine;
use super::bit::Bit;
use super::diagonal::Diagonal;
use super::gaussian::Gaussian;
use super::parcel::Parcel;
use super::point::{Point, PointDistribution};
use super::sierpinski::Sierpinski;
use super::uniform::Uniform;
use crate::generate::RowRng;
use crate::generate::params::{ParamError, format_number};

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
