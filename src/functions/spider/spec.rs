//! What defines a Spider dataset: the distribution with its parameters, the cardinality,
//! the seed, an optional affine transform, points/boxes/polygons and the output encoding
//! ([`SpiderSpec`]), with its validation and the `spider(...)` call that recreates it; and
//! the names whose streams the geometry is drawn from.

use crate::generate::ParamError;
use crate::generate::spider::{Affine, SpiderDistribution, SpiderGeometry};

use crate::functions::rows::MAX_ROWS;

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
        if self.cardinality == 0 || self.cardinality > MAX_ROWS {
            return Err(ParamError::new(
                "cardinality",
                self.cardinality,
                format!("an integer in 1..={}", MAX_ROWS),
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
}

/// The hidden column holding each row's point. Its name fixes the point stream, so every
/// format of one dataset has the same points.
pub const POINT_COLUMN: &str = "__point";

/// The hidden column holding each row's box (before any affine transform). Its name fixes
/// the box stream (parcel: the tree's node streams), shared by every box format.
pub const BOX_COLUMN: &str = "__box";

/// The polygon column; its name fixes the polygon stream (both encodings share it).
pub const POLYGON_COLUMN: &str = "geometry";
