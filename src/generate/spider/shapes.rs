//! The geometry kind of a Spider dataset (point, box, polygon) and the generators of boxes
//! and polygons: from the points of a point distribution (Beast's squeeze rule) or from the
//! parcel tree. The affine transform is not applied here: encoders transform every vertex.

use super::{
    BoxShape, ParcelTree, Point, PointDistribution, PolygonShape, Rect, SpiderDistribution,
};
use crate::generate::RowRng;
use crate::generate::params::ParamError;

/// What each row of a Spider dataset is.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum SpiderGeometry {
    /// One point per row.
    #[default]
    Point,
    /// One axis-aligned box per row.
    Box(BoxShape),
    /// One star-shaped polygon per row (parcel: the box as a polygon).
    Polygon(PolygonShape),
}

impl SpiderGeometry {
    /// The option value naming this geometry.
    pub fn name(&self) -> &'static str {
        match self {
            SpiderGeometry::Point => "point",
            SpiderGeometry::Box(_) => "box",
            SpiderGeometry::Polygon(_) => "polygon",
        }
    }

    /// All geometry names.
    pub const NAMES: [&'static str; 3] = ["point", "box", "polygon"];

    /// Checks the shape parameters.
    pub fn validate(&self) -> Result<(), ParamError> {
        match self {
            SpiderGeometry::Point => Ok(()),
            SpiderGeometry::Box(b) => b.validate(),
            SpiderGeometry::Polygon(p) => p.validate(),
        }
    }
}

/// Boxes of a dataset: Beast boxes around the points of a distribution, or parcel boxes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxGenerator {
    /// The distribution (point-based or parcel).
    pub distribution: SpiderDistribution,
    /// Box sizes (ignored by parcel).
    pub shape: BoxShape,
    /// The number of rows of the dataset (the parcel tree depends on it).
    pub cardinality: u64,
}

impl BoxGenerator {
    /// Calls `emit(box)` for each row of `rows`, in order (one descent per row for parcel).
    pub fn for_each(
        &self,
        stream: u64,
        rows: impl Iterator<Item = u64>,
        mut emit: impl FnMut(Rect),
    ) {
        macro_rules! around {
            ($d:expr) => {
                rows.for_each(|row| {
                    let mut rng = RowRng::new(stream, row);
                    let c = $d.sample(row, &mut rng);
                    emit(self.shape.sample(c, &mut rng))
                })
            };
        }
        match &self.distribution {
            SpiderDistribution::Uniform(d) => around!(d),
            SpiderDistribution::Gaussian(d) => around!(d),
            SpiderDistribution::Diagonal(d) => around!(d),
            SpiderDistribution::Bit(d) => around!(d),
            SpiderDistribution::Sierpinski(d) => around!(d),
            SpiderDistribution::Parcel(p) => {
                let tree = ParcelTree::new(*p, self.cardinality);
                rows.for_each(|row| emit(tree.box_of(stream, row)))
            }
        }
    }

    /// Calls `emit(box)` for the rows `start..end` in order (parcel: depth-first walk).
    pub fn for_range(&self, stream: u64, start: u64, end: u64, emit: impl FnMut(Rect)) {
        match &self.distribution {
            SpiderDistribution::Parcel(p) => {
                ParcelTree::new(*p, self.cardinality).for_range(stream, start, end, emit)
            }
            _ => self.for_each(stream, start..end, emit),
        }
    }
}

/// Polygons of a dataset: star-shaped polygons around the points of a distribution, or the
/// parcel boxes as rectangles.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PolygonGenerator {
    /// The distribution (point-based or parcel).
    pub distribution: SpiderDistribution,
    /// Polygon sizes and vertex counts (ignored by parcel).
    pub shape: PolygonShape,
    /// The number of rows of the dataset (the parcel tree depends on it).
    pub cardinality: u64,
}

/// The closed counter-clockwise ring of a box.
#[inline]
pub fn box_ring(b: &Rect, ring: &mut Vec<Point>) {
    ring.clear();
    ring.extend_from_slice(&[
        [b[0], b[1]],
        [b[2], b[1]],
        [b[2], b[3]],
        [b[0], b[3]],
        [b[0], b[1]],
    ]);
}

impl PolygonGenerator {
    /// Calls `emit(ring)` for each row of `rows`, in order, with the row's closed ring
    /// (parcel: one descent per row; use [`Self::for_range`] for contiguous rows).
    pub fn for_each(
        &self,
        stream: u64,
        rows: impl Iterator<Item = u64>,
        mut emit: impl FnMut(&[Point]),
    ) {
        let mut ring = Vec::with_capacity(self.shape.max_segments as usize + 1);
        let mut angles = Vec::with_capacity(self.shape.max_segments as usize);
        macro_rules! around {
            ($d:expr) => {
                rows.for_each(|row| {
                    let mut rng = RowRng::new(stream, row);
                    let c = $d.sample(row, &mut rng);
                    self.shape.sample(c, &mut rng, &mut angles, &mut ring);
                    emit(&ring)
                })
            };
        }
        match &self.distribution {
            SpiderDistribution::Uniform(d) => around!(d),
            SpiderDistribution::Gaussian(d) => around!(d),
            SpiderDistribution::Diagonal(d) => around!(d),
            SpiderDistribution::Bit(d) => around!(d),
            SpiderDistribution::Sierpinski(d) => around!(d),
            SpiderDistribution::Parcel(p) => {
                let tree = ParcelTree::new(*p, self.cardinality);
                rows.for_each(|row| {
                    box_ring(&tree.box_of(stream, row), &mut ring);
                    emit(&ring)
                })
            }
        }
    }

    /// Calls `emit(ring)` for the rows `start..end` in order (parcel: depth-first walk).
    pub fn for_range(&self, stream: u64, start: u64, end: u64, mut emit: impl FnMut(&[Point])) {
        match &self.distribution {
            SpiderDistribution::Parcel(p) => {
                let mut ring = Vec::with_capacity(5);
                ParcelTree::new(*p, self.cardinality).for_range(stream, start, end, |b| {
                    box_ring(&b, &mut ring);
                    emit(&ring)
                })
            }
            _ => self.for_each(stream, start..end, emit),
        }
    }
}
