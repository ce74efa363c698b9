//! `spider_point(...)`: the 2-D point of a Spider distribution, as a GeoArrow separated
//! point struct `{x: DOUBLE, y: DOUBLE}`.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, Float64Array, StructArray};
use datafusion::arrow::buffer::ScalarBuffer;
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::Result;

use crate::functions::column::ColumnFunction;
use crate::functions::rows::{Rows, RowsFn};
use crate::generate::spider::{Point, PointGenerator};

/// The struct type of points: `{x: DOUBLE NOT NULL, y: DOUBLE NOT NULL}`.
pub fn point_struct_type() -> DataType {
    DataType::Struct(point_fields())
}

fn point_fields() -> Fields {
    Fields::from(vec![
        Field::new("x", DataType::Float64, false),
        Field::new("y", DataType::Float64, false),
    ])
}

/// Points of a Spider distribution, one per row.
#[derive(Debug, Clone)]
pub struct SpiderPoint(pub PointGenerator);

struct Fill<'a> {
    generator: &'a PointGenerator,
    stream: u64,
    xs: &'a mut Vec<f64>,
    ys: &'a mut Vec<f64>,
}

impl RowsFn<()> for Fill<'_> {
    fn call(self, rows: impl Iterator<Item = u64>) {
        let (xs, ys) = (self.xs, self.ys);
        self.generator.for_each(self.stream, rows, |p: Point| {
            xs.push(p[0]);
            ys.push(p[1]);
        });
    }
}

impl ColumnFunction for SpiderPoint {
    fn field(&self, name: &str) -> Field {
        Field::new(name, point_struct_type(), false)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        if let crate::generate::spider::SpiderDistribution::Parcel(_) = self.0.distribution {
            return datafusion::common::exec_err!(
                "spider_point: parcel generates boxes, not points (use geometry=box or polygon)"
            );
        }
        let mut xs = Vec::with_capacity(rows.len());
        let mut ys = Vec::with_capacity(rows.len());
        rows.with_iter(Fill {
            generator: &self.0,
            stream,
            xs: &mut xs,
            ys: &mut ys,
        });
        let x = Float64Array::new(ScalarBuffer::from(xs), None);
        let y = Float64Array::new(ScalarBuffer::from(ys), None);
        let array = StructArray::try_new(
            point_fields(),
            vec![Arc::new(x) as ArrayRef, Arc::new(y) as ArrayRef],
            None,
        )?;
        Ok(Arc::new(array))
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        let d = &self.0.distribution;
        let mut args = vec![format!("'{}'", d.name())];
        args.extend(d.parameters().into_iter().map(|(k, v)| format!("{k}={v}")));
        if let Some(a) = &self.0.affine {
            args.push(format!("affine={a}"));
        }
        format!("spider_point({})", args.join(", "))
    }
}
