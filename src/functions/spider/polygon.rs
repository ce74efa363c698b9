//! `spider_polygon(...)`: the polygons of a Spider dataset (star-shaped polygons around
//! points, or parcel boxes as rectangles), written straight as WKB (`geoarrow.wkb`) or WKT
//! (`geoarrow.wkt`) polygons with every vertex transformed by the affine, if any.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, BinaryBuilder, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{Result, exec_err};
use geoarrow_schema::{WkbType, WktType};

use super::ring_encoder::{RingEncoder, wkb_polygon_bytes};
use crate::functions::column::ColumnFunction;
use crate::functions::rows::{Rows, RowsFn};
use crate::generate::spider::{Affine, Point, PolygonGenerator};

/// Polygons of a Spider dataset as WKB (`wkt = false`) or WKT.
#[derive(Debug, Clone, Copy)]
pub struct SpiderPolygon {
    /// The generator.
    pub generator: PolygonGenerator,
    /// The affine transform applied to every vertex.
    pub affine: Option<Affine>,
    /// WKT text instead of WKB.
    pub wkt: bool,
}

enum Out {
    Wkb(BinaryBuilder),
    Wkt(StringBuilder),
}

struct Fill<'a> {
    f: &'a SpiderPolygon,
    stream: u64,
    out: &'a mut Out,
    enc: &'a mut RingEncoder,
}

impl Fill<'_> {
    fn push(out: &mut Out, enc: &mut RingEncoder, ring: &[Point], err: &mut Result<()>) {
        if err.is_err() {
            return;
        }
        *err = match out {
            Out::Wkb(b) => enc.append_wkb(b, ring),
            Out::Wkt(b) => enc.append_wkt(b, ring),
        };
    }
}

impl RowsFn<Result<()>> for Fill<'_> {
    fn call(self, rows: impl Iterator<Item = u64>) -> Result<()> {
        let mut err = Ok(());
        let (out, enc) = (self.out, self.enc);
        self.f.generator.for_each(self.stream, rows, |ring| {
            Fill::push(out, enc, ring, &mut err)
        });
        err
    }
}

impl ColumnFunction for SpiderPolygon {
    fn field(&self, name: &str) -> Field {
        if self.wkt {
            Field::new(name, DataType::Utf8, false).with_extension_type(WktType::default())
        } else {
            Field::new(name, DataType::Binary, false).with_extension_type(WkbType::default())
        }
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, _inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let n = rows.len();
        // Capacity for the mean ring length (the builders grow if needed): a ring has
        // k + 1 points with k uniform in min..=max (parcel rings have 5).
        let s = &self.generator.shape;
        let vertices = ((s.min_segments + s.max_segments) / 2).max(4) as usize + 1;
        let mut out = if self.wkt {
            Out::Wkt(StringBuilder::with_capacity(n, n * 40 * vertices))
        } else {
            Out::Wkb(BinaryBuilder::with_capacity(
                n,
                n * wkb_polygon_bytes(vertices),
            ))
        };
        let mut enc = RingEncoder::new(self.affine);
        match rows {
            Rows::Range(r) => {
                let mut err = Ok(());
                self.generator.for_range(stream, r.start, r.end, |ring| {
                    Fill::push(&mut out, &mut enc, ring, &mut err)
                });
                err?
            }
            Rows::Indices(_) => rows.with_iter(Fill {
                f: self,
                stream,
                out: &mut out,
                enc: &mut enc,
            })?,
        }
        let array: ArrayRef = match out {
            Out::Wkb(mut b) => Arc::new(b.finish()),
            Out::Wkt(mut b) => Arc::new(b.finish()),
        };
        if array.len() != n {
            return exec_err!(
                "spider_polygon: generated {} polygons for {n} rows",
                array.len()
            );
        }
        Ok(array)
    }

    fn check_rows(&self, rows: u64) -> Result<()> {
        if rows != self.generator.cardinality {
            return exec_err!(
                "spider_polygon: the generator is built for {} rows, the table has {rows}",
                self.generator.cardinality
            );
        }
        Ok(())
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        let d = &self.generator.distribution;
        let mut args = vec![format!("'{}'", d.name())];
        args.extend(d.parameters().into_iter().map(|(k, v)| format!("{k}={v}")));
        if d.name() != "parcel" {
            let s = &self.generator.shape;
            args.push(format!(
                "maxsize={}",
                crate::generate::params::format_number(s.maxsize)
            ));
            args.push(format!("segments={}", s.segments()));
        }
        if let Some(a) = &self.affine {
            args.push(format!("affine={a}"));
        }
        let f = if self.wkt { "st_aswkt" } else { "st_aswkb" };
        format!("{f}(spider_polygon({}))", args.join(", "))
    }
}
