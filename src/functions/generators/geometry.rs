//! Geometry constructors over numeric columns: `st_point(x, y)` builds a WKB point
//! (`BINARY` with `geoarrow.wkb` metadata, as `spider()` writes geometry) from two columns of
//! the table, so a geometry can depend on other columns (a drop-off near its pickup).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryBuilder};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type};
use datafusion::common::{DataFusionError, Result, plan_err};
use geoarrow_schema::WkbType;

use super::{Call, GeneratorSpec};
use crate::functions::{ColumnFunction, Rows};

/// WKB size of a 2-D point: byte order (1) + type (4) + two doubles (16).
const WKB_POINT_BYTES: usize = 21;

/// `st_point(x, y)`.
pub const ST_POINT: GeneratorSpec = GeneratorSpec {
    name: "st_point",
    signature: "st_point(x numeric column, y numeric column) -> BINARY: a WKB point (geoarrow.wkb) from two columns; NULL when either is NULL",
    min_args: 2,
    max_args: 2,
    column_args: &[0, 1],
    build: st_point,
};

fn st_point(c: &Call<'_>) -> Result<Arc<dyn ColumnFunction>> {
    for (i, what) in [(0, "x"), (1, "y")] {
        match c.column(i) {
            Some(col) if col.data_type.is_numeric() => {}
            Some(col) => {
                return plan_err!(
                    "st_point(): {what} must be a numeric column, got column {} of type {}",
                    col.name,
                    col.data_type
                );
            }
            None => {
                return plan_err!(
                    "st_point(): {what} must name a numeric column of the table, got {}",
                    c.args[i]
                );
            }
        }
    }
    Ok(Arc::new(PointFromColumns {
        nullable: c.nullable_inputs(),
        describe: c.describe.clone(),
    }))
}

/// A WKB point per row from the x and y input columns.
#[derive(Debug, Clone)]
pub struct PointFromColumns {
    nullable: bool,
    describe: String,
}

impl ColumnFunction for PointFromColumns {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Binary, self.nullable).with_extension_type(WkbType::default())
    }

    fn evaluate(&self, rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let [x, y] = inputs else {
            return Err(DataFusionError::Internal(format!(
                "{}: expected 2 inputs",
                self.describe
            )));
        };
        let (x, y) = (cast(x, &DataType::Float64)?, cast(y, &DataType::Float64)?);
        let (x, y) = (
            x.as_primitive::<Float64Type>(),
            y.as_primitive::<Float64Type>(),
        );
        let n = rows.len();
        let mut out = BinaryBuilder::with_capacity(n, n * WKB_POINT_BYTES);
        let options = wkb::writer::WriteOptions::default();
        for i in 0..n {
            if x.is_null(i) || y.is_null(i) {
                out.append_null();
                continue;
            }
            let point = geo_types::Point::new(x.value(i), y.value(i));
            wkb::writer::write_point(&mut out, &point, &options)
                .map_err(|e| DataFusionError::Execution(format!("WKB encoding failed: {e}")))?;
            out.append_value([]);
        }
        Ok(Arc::new(out.finish()))
    }

    fn arity(&self) -> usize {
        2
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe.clone()
    }
}
