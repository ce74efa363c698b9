//! `spider_box(...)`: the boxes of a Spider dataset (Beast boxes around points, or parcel
//! boxes) as a struct `{xmin, ymin, xmax, ymax}` in the unit square, and the encodings
//! derived from it: WKB/WKT polygons, the GeoArrow native `geoarrow.box` struct and flat
//! bound columns.
//!
//! The affine transform is applied by the encoders to the four corners. WKB and WKT get the
//! transformed quadrilateral (exact under rotation and shear); the `geoarrow.box` struct and
//! the flat columns get the bounding box of the transformed corners (equal to the
//! transformed box when the affine has no rotation or shear).

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BinaryBuilder, Float64Array, StringBuilder, StructArray,
};
use datafusion::arrow::buffer::ScalarBuffer;
use datafusion::arrow::datatypes::{DataType, Field, Fields, Float64Type};
use datafusion::common::{Result, exec_err};
use geoarrow_schema::{BoxType, Dimension, WkbType, WktType};

use super::ring_encoder::{RingEncoder, wkb_polygon_bytes};
use crate::functions::column::ColumnFunction;
use crate::functions::rows::{Rows, RowsFn};
use crate::generate::spider::{Affine, BoxGenerator, Rect, box_ring};

/// The names of the box struct's fields and of the flat bound columns.
pub const BOX_FIELDS: [&str; 4] = ["xmin", "ymin", "xmax", "ymax"];

fn box_fields() -> Fields {
    match BoxType::new(Dimension::XY, Default::default()).data_type() {
        DataType::Struct(f) => f,
        _ => Fields::from(
            BOX_FIELDS
                .iter()
                .map(|n| Field::new(*n, DataType::Float64, false))
                .collect::<Vec<_>>(),
        ),
    }
}

fn box_array(cols: [Vec<f64>; 4]) -> Result<ArrayRef> {
    let arrays: Vec<ArrayRef> = cols
        .into_iter()
        .map(|c| Arc::new(Float64Array::new(ScalarBuffer::from(c), None)) as ArrayRef)
        .collect();
    Ok(Arc::new(StructArray::try_new(box_fields(), arrays, None)?))
}

/// Boxes of a Spider dataset, one per row, untransformed (in the unit square).
#[derive(Debug, Clone)]
pub struct SpiderBox(pub BoxGenerator);

struct Fill<'a> {
    generator: &'a BoxGenerator,
    stream: u64,
    cols: &'a mut [Vec<f64>; 4],
}

impl RowsFn<()> for Fill<'_> {
    fn call(self, rows: impl Iterator<Item = u64>) {
        let cols = self.cols;
        self.generator.for_each(self.stream, rows, |b: Rect| {
            for (c, v) in cols.iter_mut().zip(b) {
                c.push(v);
            }
        });
    }
}

impl ColumnFunction for SpiderBox {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Struct(box_fields()), false)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let n = rows.len();
        let mut cols: [Vec<f64>; 4] = std::array::from_fn(|_| Vec::with_capacity(n));
        match rows {
            // Contiguous rows: parcel walks its tree depth-first.
            Rows::Range(r) => self.0.for_range(stream, r.start, r.end, |b| {
                for (c, v) in cols.iter_mut().zip(b) {
                    c.push(v);
                }
            }),
            Rows::Indices(_) => rows.with_iter(Fill {
                generator: &self.0,
                stream,
                cols: &mut cols,
            }),
        }
        if cols[0].len() != n {
            return exec_err!("spider_box: generated {} boxes for {n} rows", cols[0].len());
        }
        box_array(cols)
    }

    fn check_rows(&self, rows: u64) -> Result<()> {
        if rows != self.0.cardinality {
            return exec_err!(
                "spider_box: the generator is built for {} rows, the table has {rows}",
                self.0.cardinality
            );
        }
        Ok(())
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        let d = &self.0.distribution;
        let mut args = vec![format!("'{}'", d.name())];
        args.extend(d.parameters().into_iter().map(|(k, v)| format!("{k}={v}")));
        if d.name() != "parcel" {
            args.push(format!("maxsize={}", self.0.shape));
        }
        format!("spider_box({})", args.join(", "))
    }
}

/// How a box column is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxEncoding {
    /// ISO WKB polygon (`geoarrow.wkb`).
    Wkb,
    /// WKT polygon (`geoarrow.wkt`).
    Wkt,
    /// GeoArrow native `geoarrow.box` struct (bounding box of the transformed corners).
    Native,
    /// One bound (`0..4` = xmin, ymin, xmax, ymax) of the transformed corners.
    Bound(usize),
}

/// Encodes a box struct column (see [`BoxEncoding`]), applying the affine transform.
#[derive(Debug, Clone, Copy)]
pub struct BoxEncode {
    /// The output encoding.
    pub encoding: BoxEncoding,
    /// The affine transform of the dataset, if any.
    pub affine: Option<Affine>,
}

/// The bounding box of the transformed corners of `b`.
#[inline]
fn transformed_bounds(a: &Option<Affine>, b: Rect) -> Rect {
    let Some(a) = a else { return b };
    let corners = [[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]]].map(|p| a.apply(p));
    let mut r = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for [x, y] in corners {
        r = [r[0].min(x), r[1].min(y), r[2].max(x), r[3].max(y)];
    }
    r
}

impl ColumnFunction for BoxEncode {
    fn field(&self, name: &str) -> Field {
        match self.encoding {
            BoxEncoding::Wkb => {
                Field::new(name, DataType::Binary, false).with_extension_type(WkbType::default())
            }
            BoxEncoding::Wkt => {
                Field::new(name, DataType::Utf8, false).with_extension_type(WktType::default())
            }
            BoxEncoding::Native => {
                BoxType::new(Dimension::XY, Default::default()).to_field(name, false)
            }
            BoxEncoding::Bound(_) => Field::new(name, DataType::Float64, false),
        }
    }

    fn evaluate(&self, rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let Some(s) = inputs.first().and_then(|a| a.as_struct_opt()) else {
            return exec_err!("box encoder expects one box struct input");
        };
        if s.num_columns() != 4 {
            return exec_err!("box encoder expects a box struct {{xmin, ymin, xmax, ymax}}");
        }
        let c: Vec<&[f64]> = (0..4)
            .map(|i| s.column(i).as_primitive::<Float64Type>().values().as_ref())
            .collect();
        let n = s.len();
        let boxes = (0..n).map(|i| [c[0][i], c[1][i], c[2][i], c[3][i]]);
        let mut ring = Vec::with_capacity(5);
        Ok(match self.encoding {
            BoxEncoding::Wkb => {
                let mut out = BinaryBuilder::with_capacity(rows.len(), n * wkb_polygon_bytes(5));
                let mut enc = RingEncoder::new(self.affine);
                for b in boxes {
                    box_ring(&b, &mut ring);
                    enc.append_wkb(&mut out, &ring)?;
                }
                Arc::new(out.finish())
            }
            BoxEncoding::Wkt => {
                let mut out = StringBuilder::with_capacity(n, n * 160);
                let mut enc = RingEncoder::new(self.affine);
                for b in boxes {
                    box_ring(&b, &mut ring);
                    enc.append_wkt(&mut out, &ring)?;
                }
                Arc::new(out.finish())
            }
            BoxEncoding::Native => {
                if self.affine.is_none() {
                    return Ok(Arc::clone(&inputs[0]));
                }
                let mut cols: [Vec<f64>; 4] = std::array::from_fn(|_| Vec::with_capacity(n));
                for b in boxes {
                    let t = transformed_bounds(&self.affine, b);
                    for (col, v) in cols.iter_mut().zip(t) {
                        col.push(v);
                    }
                }
                box_array(cols)?
            }
            BoxEncoding::Bound(k) => {
                if self.affine.is_none() {
                    return Ok(Arc::clone(s.column(k)));
                }
                let v: Vec<f64> = boxes
                    .map(|b| transformed_bounds(&self.affine, b)[k])
                    .collect();
                Arc::new(Float64Array::new(ScalarBuffer::from(v), None))
            }
        })
    }

    fn arity(&self) -> usize {
        1
    }

    fn describe(&self, inputs: &[&str]) -> String {
        let arg = inputs.join(", ");
        let aff = self
            .affine
            .map(|a| format!(", affine={a}"))
            .unwrap_or_default();
        match self.encoding {
            BoxEncoding::Wkb => format!("st_aswkb({arg}{aff})"),
            BoxEncoding::Wkt => format!("st_aswkt({arg}{aff})"),
            BoxEncoding::Native => format!("geoarrow_box({arg}{aff})"),
            BoxEncoding::Bound(k) => format!("{}({arg}{aff})", BOX_FIELDS[k]),
        }
    }
}
