//! Geometry constructors over numeric columns: `st_point(x, y)` builds a WKB point and
//! `st_box(xmin, ymin, xmax, ymax)` a WKB polygon of the box (`BINARY` with `geoarrow.wkb`
//! metadata, as `spider()` writes geometry) from columns of the table, so a geometry can
//! depend on other columns (a drop-off near its pickup, a building around its entrance).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type};
use datafusion::common::{DataFusionError, Result, plan_err};
use geoarrow_schema::WkbType;

use super::spec::{Call, GeneratorSpec};
use crate::functions::column::ColumnFunction;
use crate::functions::geometry::wkb_points;
use crate::functions::rows::Rows;

/// WKB size of a box polygon: header (9) + ring length (4) + five 2-D points (80).
const WKB_BOX_BYTES: usize = 93;

/// `st_point(x, y)`.
pub const ST_POINT: GeneratorSpec = GeneratorSpec {
    name: "st_point",
    signature: "st_point(x numeric column, y numeric column) -> BINARY: a WKB point (geoarrow.wkb) from two columns; NULL when either is NULL",
    doc: "A WKB point (`BYTEA`, `geoarrow.wkb` metadata — what `spider()` writes, so \
        `COPY … TO '….parquet'` writes GeoParquet metadata) from two numeric columns of the \
        table; NULL when either coordinate is. Arguments must be column names: an expression \
        such as `px + normal(…)` goes into a `HIDDEN` column first.",
    pii: "",
    min_args: 2,
    max_args: 2,
    column_args: &[0, 1],
    build: st_point,
};

/// `st_box(xmin, ymin, xmax, ymax)`.
pub const ST_BOX: GeneratorSpec = GeneratorSpec {
    name: "st_box",
    signature: "st_box(xmin numeric column, ymin numeric column, xmax numeric column, ymax numeric column) -> BINARY: a WKB polygon (geoarrow.wkb) of the box with these corners (in any order); NULL when any is NULL",
    doc: "The box's WKB polygon (a closed five-point ring; corners in any order, NULL when one is \
        NULL) from four numeric columns of the table, with `geoarrow.wkb` metadata.",
    pii: "",
    min_args: 4,
    max_args: 4,
    column_args: &[0, 1, 2, 3],
    build: st_box,
};

fn st_point(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    from_columns(c, &["x", "y"])
}

fn st_box(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    from_columns(c, &["xmin", "ymin", "xmax", "ymax"])
}

/// A constructor over the numeric columns named `what` (2: a point, 4: a box).
fn from_columns(c: &Call<'_>, what: &[&str]) -> Result<Arc<dyn ColumnFunction>> {
    let name = c.name;
    for (i, what) in what.iter().enumerate() {
        match c.column(i) {
            Some(col) if col.data_type.is_numeric() => {}
            Some(col) => {
                return plan_err!(
                    "{name}(): invalid value for '{what}': column {} of type {}; allowed: a numeric column",
                    col.name,
                    col.data_type
                );
            }
            None => {
                return plan_err!(
                    "{name}(): invalid value for '{what}': {}; allowed: the name of a numeric column of the table",
                    c.args[i]
                );
            }
        }
    }
    Ok(Arc::new(GeometryFromColumns {
        arity: what.len(),
        nullable: c.nullable_inputs(),
        describe: c.describe.clone(),
    }))
}

/// A WKB geometry per row from its input columns: a point from (x, y), a box polygon from
/// (xmin, ymin, xmax, ymax).
#[derive(Debug, Clone)]
pub struct GeometryFromColumns {
    arity: usize,
    nullable: bool,
    describe: String,
}

impl ColumnFunction for GeometryFromColumns {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Binary, self.nullable).with_extension_type(WkbType::default())
    }

    fn evaluate(&self, rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        if inputs.len() != self.arity {
            return Err(DataFusionError::Internal(format!(
                "{}: expected {} inputs",
                self.describe, self.arity
            )));
        }
        let cols = inputs
            .iter()
            .map(|a| cast(a, &DataType::Float64))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let v: Vec<&datafusion::arrow::array::Float64Array> = cols
            .iter()
            .map(|a| a.as_primitive::<Float64Type>())
            .collect();
        if self.arity == 2 {
            return Ok(Arc::new(wkb_points(v[0], v[1])?));
        }
        let n = rows.len();
        let mut out = BinaryBuilder::with_capacity(n, n * WKB_BOX_BYTES);
        let options = wkb::writer::WriteOptions::default();
        let failed = |e| DataFusionError::Execution(format!("WKB encoding failed: {e}"));
        for i in 0..n {
            if v.iter().any(|a| a.is_null(i)) {
                out.append_null();
                continue;
            }
            let rect = geo_types::Rect::new(
                geo_types::coord! { x: v[0].value(i), y: v[1].value(i) },
                geo_types::coord! { x: v[2].value(i), y: v[3].value(i) },
            );
            wkb::writer::write_polygon(&mut out, &rect.to_polygon(), &options).map_err(failed)?;
            out.append_value([]);
        }
        Ok(Arc::new(out.finish()))
    }

    fn arity(&self) -> usize {
        self.arity
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe.clone()
    }
}
