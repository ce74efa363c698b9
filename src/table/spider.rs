//! Spider tables as presets of the model: `id = sequence(1, 1)`, a hidden point (or box)
//! column drawn from the distribution, and the geometry encoded as WKB (default), WKT,
//! GeoArrow native structs or flat columns derived from it. Polygons are generated and
//! encoded in one column.

use std::sync::Arc;

use datafusion::common::{DataFusionError, Result};

use super::{ColumnDef, SyntheticTable, SyntheticTableBuilder};
use crate::functions::{
    BOX_FIELDS, BoxEncode, BoxEncoding, PointField, PointNative, PointToWkb, PointToWkt, Sequence,
    SpiderBox, SpiderPoint, SpiderPolygon,
};
use crate::generate::ParamError;
use crate::generate::spider::{
    Affine, BoxGenerator, BoxShape, PointGenerator, PolygonGenerator, SpiderDistribution,
    SpiderGeometry,
};

/// How a Spider table exposes its geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GeometryFormat {
    /// `geometry BINARY` holding ISO WKB with `geoarrow.wkb` field metadata.
    #[default]
    Wkb,
    /// `geometry VARCHAR` holding WKT with `geoarrow.wkt` field metadata.
    Wkt,
    /// Flat coordinate columns: `x DOUBLE, y DOUBLE` for points, `xmin, ymin, xmax, ymax`
    /// for boxes (option value `xy` or `flat`).
    Xy,
    /// GeoArrow native structs: `geoarrow.point` `{x, y}` or `geoarrow.box`
    /// `{xmin, ymin, xmax, ymax}`.
    Native,
}

impl GeometryFormat {
    /// The option value naming this format.
    pub fn name(&self) -> &'static str {
        match self {
            GeometryFormat::Wkb => "wkb",
            GeometryFormat::Wkt => "wkt",
            GeometryFormat::Xy => "xy",
            GeometryFormat::Native => "native",
        }
    }

    /// All format names (`flat` is a synonym of `xy`).
    pub const NAMES: [&'static str; 5] = ["wkb", "wkt", "native", "xy", "flat"];

    /// Parses a format name.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "wkb" => Some(GeometryFormat::Wkb),
            "wkt" => Some(GeometryFormat::Wkt),
            "xy" | "flat" => Some(GeometryFormat::Xy),
            "native" => Some(GeometryFormat::Native),
            _ => None,
        }
    }
}

/// Everything that defines a Spider dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct SpiderSpec {
    /// The distribution and its parameters.
    pub distribution: SpiderDistribution,
    /// Number of records.
    pub cardinality: u64,
    /// The seed.
    pub seed: u64,
    /// Optional affine transform.
    pub affine: Option<Affine>,
    /// Output encoding.
    pub format: GeometryFormat,
    /// Points, boxes or polygons.
    pub geometry: SpiderGeometry,
}

impl SpiderSpec {
    /// Validates every parameter.
    pub fn validate(&self) -> Result<(), ParamError> {
        if self.cardinality == 0 || self.cardinality > super::builder::MAX_ROWS {
            return Err(ParamError::new(
                "cardinality",
                self.cardinality,
                format!("an integer in 1..={}", super::builder::MAX_ROWS),
            ));
        }
        self.distribution.validate()?;
        self.geometry.validate()?;
        let parcel = matches!(self.distribution, SpiderDistribution::Parcel(_));
        if parcel && self.geometry == SpiderGeometry::Point {
            return Err(ParamError::new(
                "geometry",
                "point",
                "box or polygon for distribution 'parcel' (parcel generates boxes)",
            ));
        }
        if matches!(self.geometry, SpiderGeometry::Polygon(_))
            && matches!(self.format, GeometryFormat::Xy | GeometryFormat::Native)
        {
            return Err(ParamError::new(
                "format",
                self.format_name(),
                "wkb or wkt for geometry=polygon",
            ));
        }
        Ok(())
    }

    /// The `format` value as written in descriptors: `flat` for boxes' flat columns.
    pub fn format_name(&self) -> &'static str {
        match (self.format, self.geometry) {
            (GeometryFormat::Xy, SpiderGeometry::Box(_)) => "flat",
            (f, _) => f.name(),
        }
    }

    /// The call that recreates this dataset, e.g.
    /// `spider('diagonal', 1000, 7, 'percentage=0.3 buffer=0.2')`.
    pub fn descriptor(&self) -> String {
        let mut opts: Vec<String> = self
            .distribution
            .parameters()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let parcel = matches!(self.distribution, SpiderDistribution::Parcel(_));
        match (&self.geometry, parcel) {
            (SpiderGeometry::Point, _) => {}
            (g, true) => opts.push(format!("geometry={}", g.name())),
            (SpiderGeometry::Box(b), false) => {
                opts.push("geometry=box".to_string());
                opts.push(format!("maxsize={b}"));
            }
            (SpiderGeometry::Polygon(p), false) => {
                opts.push("geometry=polygon".to_string());
                opts.push(format!(
                    "maxsize={}",
                    crate::generate::params::format_number(p.maxsize)
                ));
                opts.push(format!("segments={}", p.segments()));
            }
        }
        if let Some(a) = &self.affine {
            opts.push(format!("affine={a}"));
        }
        if self.format != GeometryFormat::Wkb {
            opts.push(format!("format={}", self.format_name()));
        }
        let mut s = format!(
            "spider('{}', {}, {}",
            self.distribution.name(),
            self.cardinality,
            self.seed
        );
        if !opts.is_empty() {
            s.push_str(&format!(", '{}'", opts.join(" ")));
        }
        s.push(')');
        s
    }

    /// Builds the synthetic table.
    pub fn to_table(&self, name: &str) -> Result<SyntheticTable> {
        self.validate()
            .map_err(|e| DataFusionError::Plan(format!("spider: {e}")))?;
        let b = SyntheticTableBuilder::new(name, self.cardinality, self.seed)
            .descriptor(self.descriptor())
            .column(ColumnDef::new(
                "id",
                Arc::new(Sequence { start: 1, step: 1 }),
            ));
        let parcel = matches!(self.distribution, SpiderDistribution::Parcel(_));
        match self.geometry {
            SpiderGeometry::Point => self.point_columns(b),
            // Parcel polygons are the parcel boxes written as polygons: the same bytes as
            // geometry=box in WKB/WKT.
            SpiderGeometry::Polygon(_) if parcel => self.box_columns(b, Default::default()),
            SpiderGeometry::Box(shape) => self.box_columns(b, shape),
            SpiderGeometry::Polygon(shape) => {
                let polygons = SpiderPolygon {
                    generator: PolygonGenerator {
                        distribution: self.distribution,
                        shape,
                        cardinality: self.cardinality,
                    },
                    affine: self.affine,
                    wkt: self.format == GeometryFormat::Wkt,
                };
                b.column(ColumnDef::new(POLYGON_COLUMN, Arc::new(polygons)))
                    .build()
            }
        }
    }

    fn box_columns(&self, b: SyntheticTableBuilder, shape: BoxShape) -> Result<SyntheticTable> {
        {
            {
                let boxes = SpiderBox(BoxGenerator {
                    distribution: self.distribution,
                    shape,
                    cardinality: self.cardinality,
                });
                let b = b.column(ColumnDef::new(BOX_COLUMN, Arc::new(boxes)).hidden());
                let enc = |encoding| BoxEncode {
                    encoding,
                    affine: self.affine,
                };
                match self.format {
                    GeometryFormat::Wkb => b.column(
                        ColumnDef::new("geometry", Arc::new(enc(BoxEncoding::Wkb)))
                            .with_inputs([BOX_COLUMN]),
                    ),
                    GeometryFormat::Wkt => b.column(
                        ColumnDef::new("geometry", Arc::new(enc(BoxEncoding::Wkt)))
                            .with_inputs([BOX_COLUMN]),
                    ),
                    GeometryFormat::Native => b.column(
                        ColumnDef::new("geometry", Arc::new(enc(BoxEncoding::Native)))
                            .with_inputs([BOX_COLUMN]),
                    ),
                    GeometryFormat::Xy => BOX_FIELDS.iter().enumerate().fold(b, |b, (k, n)| {
                        b.column(
                            ColumnDef::new(*n, Arc::new(enc(BoxEncoding::Bound(k))))
                                .with_inputs([BOX_COLUMN]),
                        )
                    }),
                }
                .build()
            }
        }
    }

    fn point_columns(&self, b: SyntheticTableBuilder) -> Result<SyntheticTable> {
        let point = SpiderPoint(PointGenerator {
            distribution: self.distribution,
            affine: self.affine,
        });
        let mut b = b.column(ColumnDef::new(POINT_COLUMN, Arc::new(point)).hidden());
        b = match self.format {
            GeometryFormat::Wkb => b.column(
                ColumnDef::new("geometry", Arc::new(PointToWkb)).with_inputs([POINT_COLUMN]),
            ),
            GeometryFormat::Wkt => b.column(
                ColumnDef::new("geometry", Arc::new(PointToWkt)).with_inputs([POINT_COLUMN]),
            ),
            GeometryFormat::Xy => b
                .column(ColumnDef::new("x", Arc::new(PointField(0))).with_inputs([POINT_COLUMN]))
                .column(ColumnDef::new("y", Arc::new(PointField(1))).with_inputs([POINT_COLUMN])),
            GeometryFormat::Native => b.column(
                ColumnDef::new("geometry", Arc::new(PointNative)).with_inputs([POINT_COLUMN]),
            ),
        };
        b.build()
    }
}

/// The hidden column holding each row's point. Its name fixes the point stream, so every
/// format of one dataset has the same points.
pub const POINT_COLUMN: &str = "__point";

/// The hidden column holding each row's box (before any affine transform). Its name fixes
/// the box stream (parcel: the tree's node streams), shared by every box format.
pub const BOX_COLUMN: &str = "__box";

/// The polygon column; its name fixes the polygon stream (both encodings share it).
pub const POLYGON_COLUMN: &str = "geometry";
