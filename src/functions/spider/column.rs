//! A Spider geometry as a column of a declared table: [`SpiderColumn`] draws the source of
//! the spec's [`GeometryColumns`] at the rows asked for and encodes it, exactly as the
//! `spider(...)` table computes its geometry column. With `seed=s` in the options the
//! dataset is `spider(d, n, s, options)` itself, so the column holds that table's
//! geometries row for row; without it the seed is the column's own stream.

use std::sync::Arc;

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{Result, plan_err};

use super::geometry::{GeometryColumns, NamedFunction};
use super::spec::{GeometryFormat, SpiderSpec};
use crate::functions::args::param_error;
use crate::functions::column::ColumnFunction;
use crate::functions::rows::Rows;
use crate::generate::spider::SpiderDistribution;
use crate::generate::stream_seed;

/// The geometry of a Spider dataset per row (see the module docs).
#[derive(Debug)]
pub struct SpiderColumn {
    /// The dataset; its seed is replaced by the column's stream unless `fixed_seed`.
    spec: SpiderSpec,
    fixed_seed: bool,
    /// The source drawn from the distribution.
    source: NamedFunction,
    /// The encoder of the one output column, `None` when the source is the output.
    encoder: Option<NamedFunction>,
    field: Field,
    /// WKT written as this string type (the declared `VARCHAR`'s `Utf8View`, say) rather
    /// than the Spider table's `Utf8`, keeping the `geoarrow.wkt` field metadata.
    text_type: Option<DataType>,
    describe: String,
}

impl SpiderColumn {
    /// The geometry column of `spec` (validated here). `fixed_seed`: use `spec.seed` rather
    /// than the column's stream. Flat `xy` output is refused: a column holds one geometry.
    pub fn new(spec: SpiderSpec, fixed_seed: bool, describe: String) -> Result<Self> {
        if spec.format == GeometryFormat::Xy {
            return plan_err!(
                "spider_geometry(): invalid value for 'format': '{}' (flat coordinates are several columns: declare them with st_point over numeric columns instead); allowed: wkb, wkt or native for a geometry column",
                spec.format_name()
            );
        }
        spec.validate().map_err(|e| param_error("spider", e))?;
        let GeometryColumns { source, outputs } = GeometryColumns::of(&spec);
        source.1.check_rows(spec.cardinality)?;
        let encoder = outputs.into_iter().next();
        let field = match &encoder {
            Some((name, f)) => f.field(name),
            None => source.1.field(source.0),
        };
        Ok(SpiderColumn {
            spec,
            fixed_seed,
            source,
            encoder,
            field,
            text_type: None,
            describe,
        })
    }
}

impl ColumnFunction for SpiderColumn {
    fn field(&self, name: &str) -> Field {
        self.field.clone().with_name(name)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let seed = if self.fixed_seed {
            self.spec.seed
        } else {
            stream
        };
        let (name, source) = &self.source;
        let drawn = source.evaluate(rows, stream_seed(seed, name, 0), &[])?;
        let out = match &self.encoder {
            Some((name, encoder)) => {
                encoder.evaluate(rows, stream_seed(seed, name, 0), &[drawn])?
            }
            None => drawn,
        };
        match &self.text_type {
            Some(t) => Ok(cast(&out, t)?),
            None => Ok(out),
        }
    }

    /// WKT (`Utf8`) as another string type, e.g. `Utf8View` for a `VARCHAR` column, with
    /// its `geoarrow.wkt` metadata (GeoArrow allows every Arrow string type for WKT).
    fn with_output_type(&self, data_type: &DataType) -> Option<Arc<dyn ColumnFunction>> {
        let strings = [DataType::Utf8View, DataType::LargeUtf8];
        if self.field.data_type() != &DataType::Utf8 || !strings.contains(data_type) {
            return None;
        }
        Some(Arc::new(SpiderColumn {
            spec: self.spec.clone(),
            fixed_seed: self.fixed_seed,
            source: self.source.clone(),
            encoder: self.encoder.clone(),
            field: self.field.clone().with_data_type(data_type.clone()),
            text_type: Some(data_type.clone()),
            describe: self.describe.clone(),
        }))
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe.clone()
    }

    fn check_rows(&self, rows: u64) -> Result<()> {
        if rows > self.spec.cardinality {
            return match self.spec.distribution {
                SpiderDistribution::Parcel(_) => plan_err!(
                    "{}: the table has {rows} rows but the parcel dataset has cardinality={} parcels; give cardinality >= the table's rows",
                    self.describe,
                    self.spec.cardinality
                ),
                _ => plan_err!(
                    "{}: the table has {rows} rows, more than cardinality={}",
                    self.describe,
                    self.spec.cardinality
                ),
            };
        }
        Ok(())
    }
}
