//! The column functions a Spider spec's geometry is computed with: a source drawn from the
//! distribution (points, boxes or polygons), whose name fixes its stream, and the encoders
//! deriving the output columns from it. The `spider(...)` table and a `spider_geometry(...)`
//! column are both assembled from this one layout, so they hold the same bytes.

use std::sync::Arc;

use super::boxes::{BOX_FIELDS, BoxEncode, BoxEncoding, SpiderBox};
use super::point::SpiderPoint;
use super::polygon::SpiderPolygon;
use super::spec::{BOX_COLUMN, GeometryFormat, POINT_COLUMN, POLYGON_COLUMN, SpiderSpec};
use crate::functions::column::ColumnFunction;
use crate::functions::geometry::{PointField, PointNative, PointToWkb, PointToWkt};
use crate::generate::spider::{
    BoxGenerator, PointGenerator, PolygonGenerator, SpiderDistribution, SpiderGeometry,
};

/// A named column function of the layout.
pub type NamedFunction = (&'static str, Arc<dyn ColumnFunction>);

/// How a spec's geometry is computed.
#[derive(Debug, Clone)]
pub struct GeometryColumns {
    /// The column drawn from the distribution. Its name fixes its stream.
    pub source: NamedFunction,
    /// The visible columns, each reading the source; empty when the source itself is the
    /// output (polygons, which are generated and encoded in one pass).
    pub outputs: Vec<NamedFunction>,
}

impl GeometryColumns {
    /// The layout of `spec`'s geometry (the spec is assumed valid).
    pub fn of(spec: &SpiderSpec) -> Self {
        let parcel = matches!(spec.distribution, SpiderDistribution::Parcel(_));
        match spec.geometry {
            SpiderGeometry::Point => Self::points(spec),
            // Parcel polygons are the parcel boxes written as polygons: the same bytes as
            // geometry=box in WKB/WKT.
            SpiderGeometry::Polygon(_) if parcel => Self::boxes(spec, Default::default()),
            SpiderGeometry::Box(shape) => Self::boxes(spec, shape),
            SpiderGeometry::Polygon(shape) => GeometryColumns {
                source: (
                    POLYGON_COLUMN,
                    Arc::new(SpiderPolygon {
                        generator: PolygonGenerator {
                            distribution: spec.distribution,
                            shape,
                            cardinality: spec.cardinality,
                        },
                        affine: spec.affine,
                        wkt: spec.format == GeometryFormat::Wkt,
                    }),
                ),
                outputs: vec![],
            },
        }
    }

    fn points(spec: &SpiderSpec) -> Self {
        let point = SpiderPoint(PointGenerator {
            distribution: spec.distribution,
            affine: spec.affine,
        });
        let outputs: Vec<NamedFunction> = match spec.format {
            GeometryFormat::Wkb => vec![("geometry", Arc::new(PointToWkb))],
            GeometryFormat::Wkt => vec![("geometry", Arc::new(PointToWkt))],
            GeometryFormat::Native => vec![("geometry", Arc::new(PointNative))],
            GeometryFormat::Xy => vec![
                ("x", Arc::new(PointField(0))),
                ("y", Arc::new(PointField(1))),
            ],
        };
        GeometryColumns {
            source: (POINT_COLUMN, Arc::new(point)),
            outputs,
        }
    }

    fn boxes(spec: &SpiderSpec, shape: crate::generate::spider::BoxShape) -> Self {
        let boxes = SpiderBox(BoxGenerator {
            distribution: spec.distribution,
            shape,
            cardinality: spec.cardinality,
        });
        let enc = |encoding| -> Arc<dyn ColumnFunction> {
            Arc::new(BoxEncode {
                encoding,
                affine: spec.affine,
            })
        };
        let outputs: Vec<NamedFunction> = match spec.format {
            GeometryFormat::Wkb => vec![("geometry", enc(BoxEncoding::Wkb))],
            GeometryFormat::Wkt => vec![("geometry", enc(BoxEncoding::Wkt))],
            GeometryFormat::Native => vec![("geometry", enc(BoxEncoding::Native))],
            GeometryFormat::Xy => BOX_FIELDS
                .iter()
                .enumerate()
                .map(|(k, n)| (*n, enc(BoxEncoding::Bound(k))))
                .collect(),
        };
        GeometryColumns {
            source: (BOX_COLUMN, Arc::new(boxes)),
            outputs,
        }
    }
}
