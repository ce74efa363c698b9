//! Derivations from a point struct column: WKB (`geoarrow.wkb`), WKT (`geoarrow.wkt`) and
//! single coordinates. Encoders write into one values buffer per batch through the
//! georust `wkb` / `wkt` writers; the coordinate extraction is zero-copy.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BinaryArray, BinaryBuilder, Float64Array, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Float64Type};
use datafusion::common::{DataFusionError, Result, exec_err};
use geoarrow_schema::{WkbType, WktType};

use super::column::ColumnFunction;
use super::rows::Rows;

/// WKB size of a 2-D point: byte order (1) + type (4) + two doubles (16).
const WKB_POINT_BYTES: usize = 21;

fn xy(inputs: &[ArrayRef], who: &str) -> Result<(ArrayRef, ArrayRef)> {
    let Some(s) = inputs.first().and_then(|a| a.as_struct_opt()) else {
        return exec_err!("{who} expects one point struct input");
    };
    if s.num_columns() != 2 {
        return exec_err!("{who} expects a point struct {{x, y}}");
    }
    Ok((Arc::clone(s.column(0)), Arc::clone(s.column(1))))
}

/// ISO WKB points (little endian) of the coordinates `x`, `y`, through the georust `wkb`
/// writer into one values buffer; NULL where either coordinate is.
pub(crate) fn wkb_points(x: &Float64Array, y: &Float64Array) -> Result<BinaryArray> {
    let n = x.len();
    let mut out = BinaryBuilder::with_capacity(n, n * WKB_POINT_BYTES);
    let options = wkb::writer::WriteOptions::default();
    let any_nulls = x.null_count() + y.null_count() > 0;
    for (i, (&px, &py)) in x.values().iter().zip(y.values().iter()).enumerate() {
        if any_nulls && (x.is_null(i) || y.is_null(i)) {
            out.append_null();
            continue;
        }
        let point = geo_types::Point::new(px, py);
        wkb::writer::write_point(&mut out, &point, &options)
            .map_err(|e| DataFusionError::Execution(format!("WKB encoding failed: {e}")))?;
        out.append_value([]);
    }
    Ok(out.finish())
}

/// `st_aswkb(point)`: ISO WKB, little endian, as `BINARY` with `geoarrow.wkb` metadata.
#[derive(Debug, Clone, Copy, Default)]
pub struct PointToWkb;

impl ColumnFunction for PointToWkb {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Binary, false).with_extension_type(WkbType::default())
    }

    fn evaluate(&self, _rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let (x, y) = xy(inputs, "st_aswkb")?;
        Ok(Arc::new(wkb_points(
            x.as_primitive::<Float64Type>(),
            y.as_primitive::<Float64Type>(),
        )?))
    }

    fn arity(&self) -> usize {
        1
    }

    fn describe(&self, inputs: &[&str]) -> String {
        format!("st_aswkb({})", inputs.join(", "))
    }
}

/// `st_aswkt(point)`: WKT text `POINT(x y)` with `geoarrow.wkt` metadata.
#[derive(Debug, Clone, Copy, Default)]
pub struct PointToWkt;

impl ColumnFunction for PointToWkt {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Utf8, false).with_extension_type(WktType::default())
    }

    fn evaluate(&self, rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let (x, y) = xy(inputs, "st_aswkt")?;
        let (x, y) = (
            x.as_primitive::<Float64Type>(),
            y.as_primitive::<Float64Type>(),
        );
        let n = rows.len();
        let mut out = StringBuilder::with_capacity(n, n * 48);
        for (&px, &py) in x.values().iter().zip(y.values().iter()) {
            let point = geo_types::Point::new(px, py);
            wkt::to_wkt::write_point(&mut out, &point)
                .map_err(|e| DataFusionError::Execution(format!("WKT encoding failed: {e}")))?;
            out.append_value("");
        }
        Ok(Arc::new(out.finish()))
    }

    fn arity(&self) -> usize {
        1
    }

    fn describe(&self, inputs: &[&str]) -> String {
        format!("st_aswkt({})", inputs.join(", "))
    }
}

/// `point.x` / `point.y`: one coordinate of a point struct (zero-copy).
#[derive(Debug, Clone, Copy)]
pub struct PointField(pub usize);

impl ColumnFunction for PointField {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Float64, false)
    }

    fn evaluate(&self, _rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let (x, y) = xy(inputs, "point field")?;
        Ok(if self.0 == 0 { x } else { y })
    }

    fn arity(&self) -> usize {
        1
    }

    fn describe(&self, inputs: &[&str]) -> String {
        let axis = if self.0 == 0 { "x" } else { "y" };
        format!("{}.{axis}", inputs.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Float64Array, StructArray};
    use datafusion::arrow::datatypes::Fields;

    fn points() -> ArrayRef {
        let fields = Fields::from(vec![
            Field::new("x", DataType::Float64, false),
            Field::new("y", DataType::Float64, false),
        ]);
        Arc::new(
            StructArray::try_new(
                fields,
                vec![
                    Arc::new(Float64Array::from(vec![0.5, 1.0])) as ArrayRef,
                    Arc::new(Float64Array::from(vec![0.25, 0.0])) as ArrayRef,
                ],
                None,
            )
            .unwrap(),
        )
    }

    #[test]
    fn wkb_and_wkt_encode_points() {
        let rows = Rows::Range(0..2);
        let wkb = PointToWkb.evaluate(&rows, 0, &[points()]).unwrap();
        let wkb = wkb.as_binary::<i32>();
        let mut expected = vec![1u8, 1, 0, 0, 0];
        expected.extend_from_slice(&0.5f64.to_le_bytes());
        expected.extend_from_slice(&0.25f64.to_le_bytes());
        assert_eq!(wkb.value(0), expected.as_slice());
        let wkt = PointToWkt.evaluate(&rows, 0, &[points()]).unwrap();
        let wkt = wkt.as_string::<i32>();
        assert_eq!(wkt.value(0), "POINT(0.5 0.25)");
        assert_eq!(wkt.value(1), "POINT(1 0)");
    }

    #[test]
    fn wkb_field_carries_geoarrow_metadata() {
        let f = PointToWkb.field("geometry");
        assert_eq!(
            f.metadata().get("ARROW:extension:name").map(String::as_str),
            Some("geoarrow.wkb")
        );
        assert_eq!(f.data_type(), &DataType::Binary);
    }
}

/// `geoarrow_point(point)`: the point struct itself as a GeoArrow native `geoarrow.point`
/// column (separated coordinates `{x, y}`), zero-copy.
#[derive(Debug, Clone, Copy, Default)]
pub struct PointNative;

impl ColumnFunction for PointNative {
    fn field(&self, name: &str) -> Field {
        geoarrow_schema::PointType::new(geoarrow_schema::Dimension::XY, Default::default())
            .with_coord_type(geoarrow_schema::CoordType::Separated)
            .to_field(name, false)
    }

    fn evaluate(&self, _rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        xy(inputs, "geoarrow_point")?;
        Ok(Arc::clone(&inputs[0]))
    }

    fn arity(&self) -> usize {
        1
    }

    fn describe(&self, inputs: &[&str]) -> String {
        format!("geoarrow_point({})", inputs.join(", "))
    }
}
