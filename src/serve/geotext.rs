//! The text downloads DataFusion has no writer for: GeoJSON (a `FeatureCollection`, the
//! other columns as properties) and WKT (one geometry per line, as Spider's generator
//! writes it). Both read the geometry column (WKB through the `wkb` crate, or WKT text)
//! batch by batch into one reused buffer per batch; no geometry is built.

use std::fmt::Write as _;

use datafusion::arrow::array::{
    Array, AsArray, BinaryArray, BinaryViewArray, LargeBinaryArray, RecordBatch,
};
use datafusion::arrow::datatypes::{DataType, Schema};
use datafusion::arrow::json::LineDelimitedWriter;
use datafusion::common::{DataFusionError, Result, exec_err, plan_err};
use geo_traits::{
    CoordTrait, GeometryCollectionTrait, GeometryTrait, GeometryType, LineStringTrait, LineTrait,
    MultiLineStringTrait, MultiPointTrait, MultiPolygonTrait, PointTrait, PolygonTrait, RectTrait,
    TriangleTrait,
};

/// The text formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    GeoJson,
    Wkt,
}

/// How the geometry column holds its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Wkb,
    Wkt,
}

/// Writes batches of one query as GeoJSON or WKT text.
#[derive(Debug)]
pub struct GeoText {
    format: TextFormat,
    column: usize,
    encoding: Encoding,
    /// The columns written as GeoJSON properties.
    properties: Vec<usize>,
    features: u64,
}

fn extension(schema: &Schema, i: usize) -> Option<&str> {
    schema
        .field(i)
        .metadata()
        .get("ARROW:extension:name")
        .map(String::as_str)
}

impl GeoText {
    /// Picks the geometry column of `schema` (the first `geoarrow.wkb`/`geoarrow.wkt`
    /// column, else a binary or text column named `geometry`/`geom`/`wkb`/`wkt`).
    pub fn try_new(schema: &Schema, format: TextFormat) -> Result<Self> {
        let binary = |t: &DataType| {
            matches!(
                t,
                DataType::Binary | DataType::LargeBinary | DataType::BinaryView
            )
        };
        let text =
            |t: &DataType| matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View);
        let pick = (0..schema.fields().len())
            .find_map(|i| {
                let t = schema.field(i).data_type();
                match extension(schema, i) {
                    Some("geoarrow.wkb") if binary(t) => Some((i, Encoding::Wkb)),
                    Some("geoarrow.wkt") if text(t) => Some((i, Encoding::Wkt)),
                    _ => None,
                }
            })
            .or_else(|| {
                schema.fields().iter().enumerate().find_map(|(i, f)| {
                    let name = f.name().to_ascii_lowercase();
                    let named = matches!(name.as_str(), "geometry" | "geom" | "wkb" | "wkt");
                    match f.data_type() {
                        t if named && binary(t) => Some((i, Encoding::Wkb)),
                        t if named && text(t) => Some((i, Encoding::Wkt)),
                        _ => None,
                    }
                })
            });
        let name = match format {
            TextFormat::GeoJson => "GeoJSON",
            TextFormat::Wkt => "WKT",
        };
        let Some((column, encoding)) = pick else {
            let columns: Vec<String> = schema
                .fields()
                .iter()
                .map(|f| format!("{} ({})", f.name(), f.data_type()))
                .collect();
            return plan_err!(
                "{name}: the result has no geometry column (WKB or WKT); its columns: {}",
                columns.join(", ")
            );
        };
        let properties = schema
            .fields()
            .iter()
            .enumerate()
            .filter(|(i, f)| *i != column && !matches!(f.data_type(), t if binary(t)))
            .map(|(i, _)| i)
            .collect();
        Ok(Self {
            format,
            column,
            encoding,
            properties,
            features: 0,
        })
    }

    /// The text before the first batch.
    pub fn head(&self) -> &'static str {
        match self.format {
            TextFormat::GeoJson => "{\"type\":\"FeatureCollection\",\"features\":[\n",
            TextFormat::Wkt => "",
        }
    }

    /// The text after the last batch.
    pub fn tail(&self) -> &'static str {
        match self.format {
            TextFormat::GeoJson => "\n]}\n",
            TextFormat::Wkt => "",
        }
    }

    /// Appends the rows of `batch` to `out`.
    pub fn write(&mut self, batch: &RecordBatch, out: &mut String) -> Result<()> {
        let properties = match self.format {
            TextFormat::GeoJson => Some(self.properties_json(batch)?),
            TextFormat::Wkt => None,
        };
        let mut lines = properties.as_deref().map(|p| p.split('\n'));
        let column = batch.column(self.column);
        for row in 0..batch.num_rows() {
            let props = lines.as_mut().and_then(|l| l.next()).unwrap_or("{}");
            if column.is_null(row) {
                self.feature_start(out);
                match self.format {
                    TextFormat::GeoJson => out.push_str("null"),
                    TextFormat::Wkt => out.push_str("GEOMETRYCOLLECTION EMPTY"),
                }
                self.feature_end(out, props);
                continue;
            }
            self.feature_start(out);
            match self.encoding {
                Encoding::Wkb => {
                    let bytes = wkb_value(column.as_ref(), row)?;
                    let g = wkb::reader::read_wkb(bytes).map_err(|e| {
                        DataFusionError::Execution(format!("row {row}: invalid WKB: {e}"))
                    })?;
                    self.geometry(&g, out)?;
                }
                Encoding::Wkt => {
                    let text = wkt_value(column.as_ref(), row);
                    match self.format {
                        TextFormat::Wkt => out.push_str(text),
                        TextFormat::GeoJson => {
                            let g: wkt::Wkt<f64> = text.parse().map_err(|e| {
                                DataFusionError::Execution(format!("row {row}: invalid WKT: {e}"))
                            })?;
                            geojson(&g, out);
                        }
                    }
                }
            }
            self.feature_end(out, props);
        }
        Ok(())
    }

    fn geometry(&self, g: &impl GeometryTrait<T = f64>, out: &mut String) -> Result<()> {
        match self.format {
            TextFormat::GeoJson => geojson(g, out),
            TextFormat::Wkt => wkt::to_wkt::write_geometry(out, g)
                .map_err(|e| DataFusionError::Execution(format!("WKT: {e}")))?,
        }
        Ok(())
    }

    fn feature_start(&mut self, out: &mut String) {
        if self.format == TextFormat::GeoJson {
            if self.features > 0 {
                out.push_str(",\n");
            }
            out.push_str("{\"type\":\"Feature\",\"geometry\":");
        }
        self.features += 1;
    }

    fn feature_end(&self, out: &mut String, properties: &str) {
        match self.format {
            TextFormat::GeoJson => {
                out.push_str(",\"properties\":");
                out.push_str(properties);
                out.push('}');
            }
            TextFormat::Wkt => out.push('\n'),
        }
    }

    /// The property columns of `batch` as JSON lines, one object per row.
    fn properties_json(&self, batch: &RecordBatch) -> Result<String> {
        let props = batch.project(&self.properties)?;
        let mut buf = Vec::with_capacity(props.num_rows() * 32);
        {
            let mut w = LineDelimitedWriter::new(&mut buf);
            w.write(&props)?;
            w.finish()?;
        }
        String::from_utf8(buf).map_err(|e| DataFusionError::Execution(e.to_string()))
    }
}

fn wkb_value(a: &dyn Array, row: usize) -> Result<&[u8]> {
    if let Some(b) = a.as_any().downcast_ref::<BinaryArray>() {
        return Ok(b.value(row));
    }
    if let Some(b) = a.as_any().downcast_ref::<LargeBinaryArray>() {
        return Ok(b.value(row));
    }
    if let Some(b) = a.as_any().downcast_ref::<BinaryViewArray>() {
        return Ok(b.value(row));
    }
    exec_err!("geometry column of type {} is not WKB", a.data_type())
}

fn wkt_value(a: &dyn Array, row: usize) -> &str {
    match a.data_type() {
        DataType::LargeUtf8 => a.as_string::<i64>().value(row),
        DataType::Utf8View => a.as_string_view().value(row),
        _ => a.as_string::<i32>().value(row),
    }
}

fn number(x: f64, out: &mut String) {
    if x.is_finite() {
        let _ = write!(out, "{x}");
    } else {
        out.push_str("null");
    }
}

fn coord(c: &impl CoordTrait<T = f64>, out: &mut String) {
    out.push('[');
    number(c.x(), out);
    out.push(',');
    number(c.y(), out);
    out.push(']');
}

fn list<I: Iterator>(items: I, out: &mut String, mut each: impl FnMut(I::Item, &mut String)) {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        each(item, out);
    }
    out.push(']');
}

fn line(l: &impl LineStringTrait<T = f64>, out: &mut String) {
    list(l.coords(), out, |c, o| coord(&c, o));
}

fn polygon(p: &impl PolygonTrait<T = f64>, out: &mut String) {
    list(
        p.exterior().into_iter().chain(p.interiors()),
        out,
        |r, o| line(&r, o),
    );
}

fn typed(kind: &str, out: &mut String) {
    out.push_str("{\"type\":\"");
    out.push_str(kind);
    out.push_str("\",\"coordinates\":");
}

/// Writes `g` as a GeoJSON geometry object (rects, triangles and lines as polygons and
/// line strings; empty points as empty multipoints).
fn geojson(g: &impl GeometryTrait<T = f64>, out: &mut String) {
    match g.as_type() {
        GeometryType::Point(p) => match p.coord() {
            Some(c) => {
                typed("Point", out);
                coord(&c, out);
            }
            None => {
                typed("MultiPoint", out);
                out.push_str("[]");
            }
        },
        GeometryType::LineString(l) => {
            typed("LineString", out);
            line(l, out);
        }
        GeometryType::Polygon(p) => {
            typed("Polygon", out);
            polygon(p, out);
        }
        GeometryType::MultiPoint(m) => {
            typed("MultiPoint", out);
            out.push('[');
            let mut first = true;
            for p in m.points() {
                if let Some(c) = p.coord() {
                    if !first {
                        out.push(',');
                    }
                    first = false;
                    coord(&c, out);
                }
            }
            out.push(']');
        }
        GeometryType::MultiLineString(m) => {
            typed("MultiLineString", out);
            list(m.line_strings(), out, |l, o| line(&l, o));
        }
        GeometryType::MultiPolygon(m) => {
            typed("MultiPolygon", out);
            list(m.polygons(), out, |p, o| polygon(&p, o));
        }
        GeometryType::GeometryCollection(c) => {
            out.push_str("{\"type\":\"GeometryCollection\",\"geometries\":");
            list(c.geometries(), out, |g, o| geojson(&g, o));
            out.push('}');
            return;
        }
        GeometryType::Rect(r) => {
            let (a, b) = (r.min(), r.max());
            let (x0, y0, x1, y1) = (a.x(), a.y(), b.x(), b.y());
            typed("Polygon", out);
            out.push('[');
            list(
                [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)].into_iter(),
                out,
                |(x, y), o| coord(&geo_types::coord! { x: x, y: y }, o),
            );
            out.push(']');
        }
        GeometryType::Triangle(t) => {
            typed("Polygon", out);
            out.push('[');
            let c = t.coords();
            list(c.iter().chain(c.first()), out, coord);
            out.push(']');
        }
        GeometryType::Line(l) => {
            typed("LineString", out);
            list(l.coords().iter(), out, coord);
        }
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(wkt_text: &str) -> String {
        let g: wkt::Wkt<f64> = wkt_text.parse().unwrap();
        let mut out = String::new();
        geojson(&g, &mut out);
        out
    }

    #[test]
    fn geometries_as_geojson() {
        assert_eq!(
            json("POINT (0.5 0.25)"),
            r#"{"type":"Point","coordinates":[0.5,0.25]}"#
        );
        assert_eq!(
            json("POLYGON ((0 0, 1 0, 1 1, 0 0))"),
            r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#
        );
        assert_eq!(
            json("GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))"),
            r#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"LineString","coordinates":[[0,0],[1,1]]}]}"#
        );
        assert_eq!(
            json("POINT EMPTY"),
            r#"{"type":"MultiPoint","coordinates":[]}"#
        );
    }
}
