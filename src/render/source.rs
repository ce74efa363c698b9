//! What an image draws from a query's schema — a geometry column (WKB, WKT, a GeoArrow
//! native point or box), two numeric columns as points, or one numeric column as a
//! histogram — and the reading of a batch's rows into drawing events.

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Schema};
use datafusion::common::{Result, exec_err, plan_err};

use super::options::RenderOptions;
use super::shapes::{Visitor, walk_traits, walk_wkb};

/// How a geometry column is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Wkb,
    Wkt,
    /// `STRUCT<x DOUBLE, y DOUBLE [, …]>`.
    Point,
    /// `STRUCT<xmin, ymin, xmax, ymax DOUBLE>`.
    Box,
}

/// The columns an image is drawn from (indexes into the query's schema).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Geometry {
        column: usize,
        name: String,
        encoding: Encoding,
    },
    /// Two numeric columns, drawn as points (a 2-D histogram in density mode).
    Xy { x: usize, y: usize },
    /// One numeric column, drawn as a histogram of `width` bins.
    Histogram { x: usize, name: String },
}

const ALLOWED: &str = "a WKB (binary) or WKT (text) geometry column, a GeoArrow point or box struct, or numeric columns";

impl Source {
    /// Picks the columns: those the options name, else the first geometry column (GeoArrow
    /// metadata or a geometry type), else columns `x` and `y`, else the numeric columns when
    /// there are one or two.
    pub fn pick(schema: &Schema, options: &RenderOptions) -> Result<Self> {
        let index = |name: &str, option: &str| -> Result<usize> {
            schema
                .fields()
                .iter()
                .position(|f| f.name() == name)
                .or_else(|| {
                    schema
                        .fields()
                        .iter()
                        .position(|f| f.name().eq_ignore_ascii_case(name))
                })
                .map_or_else(
                    || {
                        plan_err!(
                            "PNG: invalid value for '{option}': '{name}'; allowed: a column of the query ({})",
                            columns(schema)
                        )
                    },
                    Ok,
                )
        };
        if let Some(name) = &options.geometry {
            let column = index(name, "geometry")?;
            let field = schema.field(column);
            return match encoding(field) {
                Some(encoding) => Ok(Source::Geometry {
                    column,
                    name: field.name().clone(),
                    encoding,
                }),
                None => plan_err!(
                    "PNG: invalid value for 'geometry': '{name}' is a {} column; allowed: {ALLOWED}",
                    field.data_type()
                ),
            };
        }
        if let Some(x_name) = &options.x {
            let x = numeric(schema, index(x_name, "x")?, "x")?;
            return match &options.y {
                Some(y_name) => Ok(Source::Xy {
                    x,
                    y: numeric(schema, index(y_name, "y")?, "y")?,
                }),
                None => Ok(Source::Histogram {
                    x,
                    name: schema.field(x).name().clone(),
                }),
            };
        }
        if options.y.is_some() {
            return plan_err!("PNG: option 'y' needs option 'x' too");
        }
        let fields = schema.fields();
        let tagged = fields.iter().position(|f| {
            f.metadata()
                .get("ARROW:extension:name")
                .is_some_and(|n| n.starts_with("geoarrow."))
                && encoding(f).is_some()
        });
        let by_type = || {
            fields.iter().position(|f| {
                matches!(
                    encoding(f),
                    Some(Encoding::Wkb | Encoding::Point | Encoding::Box)
                )
            })
        };
        if let Some(column) = tagged.or_else(by_type) {
            let field = schema.field(column);
            return Ok(Source::Geometry {
                column,
                name: field.name().clone(),
                encoding: encoding(field).expect("checked"),
            });
        }
        let named = |n: &str| {
            fields
                .iter()
                .position(|f| f.name() == n && is_numeric(f.data_type()))
        };
        if let (Some(x), Some(y)) = (named("x"), named("y")) {
            return Ok(Source::Xy { x, y });
        }
        let numbers: Vec<usize> = (0..fields.len())
            .filter(|&i| is_numeric(fields[i].data_type()))
            .collect();
        match numbers[..] {
            [x] => Ok(Source::Histogram {
                x,
                name: fields[x].name().clone(),
            }),
            [x, y] => Ok(Source::Xy { x, y }),
            [] => plan_err!(
                "PNG: the query has no column to draw ({}); allowed: {ALLOWED}",
                columns(schema)
            ),
            _ => plan_err!(
                "PNG: the query has {} numeric columns and no geometry column; name the ones to draw with OPTIONS ('x' 'column' [, 'y' 'column'])",
                numbers.len()
            ),
        }
    }

    /// Draws the rows of `batch` into `v`.
    pub fn draw(&self, batch: &RecordBatch, v: &mut impl Visitor) -> Result<()> {
        match self {
            Source::Geometry {
                column,
                name,
                encoding,
            } => draw_geometry(batch.column(*column).as_ref(), name, *encoding, v),
            Source::Xy { x, y } => {
                let (xs, ys) = (floats(batch, *x)?, floats(batch, *y)?);
                let (xs, ys) = (
                    xs.as_primitive::<Float64Type>(),
                    ys.as_primitive::<Float64Type>(),
                );
                for i in 0..batch.num_rows() {
                    if xs.is_valid(i) && ys.is_valid(i) {
                        v.point(xs.value(i), ys.value(i));
                    }
                }
                Ok(())
            }
            Source::Histogram { x, .. } => {
                let xs = floats(batch, *x)?;
                let xs = xs.as_primitive::<Float64Type>();
                for i in 0..batch.num_rows() {
                    if xs.is_valid(i) {
                        v.point(xs.value(i), 0.0);
                    }
                }
                Ok(())
            }
        }
    }
}

fn columns(schema: &Schema) -> String {
    schema
        .fields()
        .iter()
        .map(|f| format!("{} {}", f.name(), f.data_type()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_numeric(t: &DataType) -> bool {
    t.is_numeric() && !matches!(t, DataType::Float16)
}

fn numeric(schema: &Schema, i: usize, option: &str) -> Result<usize> {
    let f = schema.field(i);
    if is_numeric(f.data_type()) {
        Ok(i)
    } else {
        plan_err!(
            "PNG: invalid value for '{option}': '{}' is a {} column; allowed: a numeric column",
            f.name(),
            f.data_type()
        )
    }
}

fn floats(batch: &RecordBatch, i: usize) -> Result<std::sync::Arc<dyn Array>> {
    Ok(cast(batch.column(i), &DataType::Float64)?)
}

/// The geometry encoding of a field, from its type (and GeoArrow metadata for text).
fn encoding(f: &Field) -> Option<Encoding> {
    match f.data_type() {
        DataType::Binary | DataType::LargeBinary | DataType::BinaryView => Some(Encoding::Wkb),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => Some(Encoding::Wkt),
        DataType::Struct(children) => {
            let has = |n: &str| {
                children
                    .iter()
                    .any(|c| c.name() == n && c.data_type() == &DataType::Float64)
            };
            if has("xmin") && has("ymin") && has("xmax") && has("ymax") {
                Some(Encoding::Box)
            } else if has("x") && has("y") {
                Some(Encoding::Point)
            } else {
                None
            }
        }
        _ => None,
    }
}

fn draw_geometry(
    array: &dyn Array,
    name: &str,
    encoding: Encoding,
    v: &mut impl Visitor,
) -> Result<()> {
    let wkb_err = |i: usize, e: String| {
        exec_err!("PNG: column '{name}' holds invalid WKB at row {i} of a batch: {e}")
    };
    match (encoding, array.data_type()) {
        (Encoding::Wkb, DataType::Binary) => {
            let a = array.as_binary::<i32>();
            for i in 0..a.len() {
                if a.is_valid(i) {
                    walk_wkb(a.value(i), v).or_else(|e| wkb_err(i, e))?;
                }
            }
        }
        (Encoding::Wkb, DataType::LargeBinary) => {
            let a = array.as_binary::<i64>();
            for i in 0..a.len() {
                if a.is_valid(i) {
                    walk_wkb(a.value(i), v).or_else(|e| wkb_err(i, e))?;
                }
            }
        }
        (Encoding::Wkb, _) => {
            let a = array.as_binary_view();
            for i in 0..a.len() {
                if a.is_valid(i) {
                    walk_wkb(a.value(i), v).or_else(|e| wkb_err(i, e))?;
                }
            }
        }
        (Encoding::Wkt, _) => {
            let text = cast(array, &DataType::Utf8)?;
            let a = text.as_string::<i32>();
            for i in 0..a.len() {
                if a.is_valid(i) {
                    let g: wkt::Wkt<f64> = a.value(i).parse().or_else(|e| {
                        exec_err!(
                            "PNG: column '{name}' holds invalid WKT at row {i} of a batch: {e}"
                        )
                    })?;
                    walk_traits(&g, v);
                }
            }
        }
        (Encoding::Point, _) => {
            let s = array.as_struct();
            let (x, y) = (child(s, "x")?, child(s, "y")?);
            for i in 0..s.len() {
                if s.is_valid(i) && x.is_valid(i) && y.is_valid(i) {
                    v.point(x.value(i), y.value(i));
                }
            }
        }
        (Encoding::Box, _) => {
            let s = array.as_struct();
            let c = [
                child(s, "xmin")?,
                child(s, "ymin")?,
                child(s, "xmax")?,
                child(s, "ymax")?,
            ];
            for i in 0..s.len() {
                if s.is_valid(i) && c.iter().all(|a| a.is_valid(i)) {
                    v.rect(c[0].value(i), c[1].value(i), c[2].value(i), c[3].value(i));
                }
            }
        }
    }
    Ok(())
}

fn child<'a>(
    s: &'a datafusion::arrow::array::StructArray,
    name: &str,
) -> Result<&'a datafusion::arrow::array::Float64Array> {
    match s
        .column_by_name(name)
        .and_then(|c| c.as_primitive_opt::<Float64Type>())
    {
        Some(a) => Ok(a),
        None => exec_err!("PNG: the geometry struct lacks a DOUBLE field '{name}'"),
    }
}
