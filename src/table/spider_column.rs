//! A Spider geometry as a column of a declared table: [`SpiderColumn`] evaluates the geometry
//! column of the Spider table its options describe at the rows asked for. With `seed=s` in
//! the options the table is `spider(d, n, s, options)` itself, so the column holds that
//! table's geometries row for row; without it the seed is the column's own stream.

use std::sync::{Arc, Mutex};

use datafusion::arrow::array::ArrayRef;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{Result, plan_err};

use super::model::{EvalPlan, SyntheticTable};
use super::spider::{GeometryFormat, SpiderSpec};
use crate::functions::{ColumnFunction, Rows};
use crate::generate::spider::SpiderDistribution;

/// The geometry of a Spider dataset per row (see the module docs).
#[derive(Debug)]
pub struct SpiderColumn {
    /// The dataset; its seed is replaced by the column's stream unless `fixed_seed`.
    spec: SpiderSpec,
    fixed_seed: bool,
    field: Field,
    /// WKT written as this string type (the declared `VARCHAR`'s `Utf8View`, say) rather
    /// than the Spider table's `Utf8`, keeping the `geoarrow.wkt` field metadata.
    text_type: Option<DataType>,
    describe: String,
    /// The table for the last stream evaluated (a column always uses one stream).
    built: Mutex<Option<(u64, Arc<SyntheticTable>, EvalPlan)>>,
}

impl SpiderColumn {
    /// The geometry column of `spec` (validated here). `fixed_seed`: use `spec.seed` rather
    /// than the column's stream. Flat `xy` output is refused: a column holds one geometry.
    pub fn new(spec: SpiderSpec, fixed_seed: bool, describe: String) -> Result<Self> {
        if spec.format == GeometryFormat::Xy {
            return plan_err!(
                "spider_geometry(): format must be wkb, wkt or native for a geometry column, got '{}' (flat coordinates are several columns: declare them with st_point over numeric columns instead)",
                spec.format_name()
            );
        }
        let table = spec.to_table("spider")?;
        let field = table.schema().field(1).as_ref().clone();
        Ok(SpiderColumn {
            spec,
            fixed_seed,
            field,
            text_type: None,
            describe,
            built: Mutex::new(None),
        })
    }

    fn table(&self, stream: u64) -> Result<(Arc<SyntheticTable>, EvalPlan)> {
        let seed = if self.fixed_seed {
            self.spec.seed
        } else {
            stream
        };
        let mut built = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((s, t, p)) = built.as_ref()
            && *s == seed
        {
            return Ok((Arc::clone(t), p.clone()));
        }
        let spec = SpiderSpec {
            seed,
            ..self.spec.clone()
        };
        let table = Arc::new(spec.to_table("spider")?);
        let plan = table.eval_plan(Some(&[1]))?;
        *built = Some((seed, Arc::clone(&table), plan.clone()));
        Ok((table, plan))
    }
}

impl ColumnFunction for SpiderColumn {
    fn field(&self, name: &str) -> Field {
        self.field.clone().with_name(name)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let (table, plan) = self.table(stream)?;
        let batch = table.evaluate(&plan, rows)?;
        match &self.text_type {
            Some(t) => Ok(cast(batch.column(0), t)?),
            None => Ok(Arc::clone(batch.column(0))),
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
            field: self.field.clone().with_data_type(data_type.clone()),
            text_type: Some(data_type.clone()),
            describe: self.describe.clone(),
            built: Mutex::new(None),
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
