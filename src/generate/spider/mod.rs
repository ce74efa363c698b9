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
mod distribution;
mod gaussian;
mod parcel;
mod point;
mod polygon;
mod shapes;
mod sierpinski;
mod uniform;

pub use affine::Affine;
pub use bit::Bit;
pub use boxes::BoxShape;
pub use diagonal::Diagonal;
pub use distribution::{DISTRIBUTION_NAMES, PointGenerator, SpiderDistribution};
pub use gaussian::Gaussian;
pub use parcel::{Parcel, ParcelTree};
pub use point::{MAX_ATTEMPTS, Point, PointDistribution, Rect, in_unit_square};
pub use polygon::{MAX_SEGMENTS, PolygonShape};
pub use shapes::{BoxGenerator, PolygonGenerator, SpiderGeometry, box_ring};
pub use sierpinski::Sierpinski;
pub use uniform::Uniform;
