//! Spider tables as presets of the model: `id = sequence(1, 1)`, a hidden point column
//! drawn from the distribution, and the geometry encoded as WKB (default), WKT or flat
//! `x`, `y` columns derived from that one point.

use std::sync::Arc;

use datafusion::common::{DataFusionError, Result};

use super::{ColumnDef, SyntheticTable, SyntheticTableBuilder};
use crate::functions::{PointField, PointToWkb, PointToWkt, Sequence, SpiderPoint};
use crate::generate::ParamError;
use crate::generate::spider::{Affine, PointGenerator, SpiderDistribution};

/// How a Spider table exposes its geometry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GeometryFormat {
    /// `geometry BINARY` holding ISO WKB with `geoarrow.wkb` field metadata.
    #[default]
    Wkb,
    /// `geometry VARCHAR` holding WKT with `geoarrow.wkt` field metadata.
    Wkt,
    /// `x DOUBLE, y DOUBLE`.
    Xy,
}

impl GeometryFormat {
    /// The option value naming this format.
    pub fn name(&self) -> &'static str {
        match self {
            GeometryFormat::Wkb => "wkb",
            GeometryFormat::Wkt => "wkt",
            GeometryFormat::Xy => "xy",
        }
    }

    /// All format names.
    pub const NAMES: [&'static str; 3] = ["wkb", "wkt", "xy"];

    /// Parses a format name.
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "wkb" => Some(GeometryFormat::Wkb),
            "wkt" => Some(GeometryFormat::Wkt),
            "xy" => Some(GeometryFormat::Xy),
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
        self.distribution.validate()
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
        if let Some(a) = &self.affine {
            opts.push(format!("affine={a}"));
        }
        if self.format != GeometryFormat::Wkb {
            opts.push(format!("format={}", self.format.name()));
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
        let point = SpiderPoint(PointGenerator {
            distribution: self.distribution,
            affine: self.affine,
        });
        let mut b = SyntheticTableBuilder::new(name, self.cardinality, self.seed)
            .descriptor(self.descriptor())
            .column(ColumnDef::new(
                "id",
                Arc::new(Sequence { start: 1, step: 1 }),
            ))
            .column(ColumnDef::new(POINT_COLUMN, Arc::new(point)).hidden());
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
        };
        b.build()
    }
}

/// The hidden column holding each row's point. Its name fixes the point stream, so every
/// format of one dataset has the same points.
pub const POINT_COLUMN: &str = "__point";
