//! The statistics a GeoParquet file's `geo` metadata holds, gathered while its batches
//! stream through the writer: per geometry column (WKB or native points), the geometry
//! types and the exact bounding box; and each geometry's own bounding box (for `covering`
//! columns).

use std::collections::BTreeSet;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Schema};
use datafusion::common::{DataFusionError, Result, exec_err};

use super::bbox::{add_xy, extend_bbox, le_point, le_polygon, point_coordinates, type_name, union};
use super::columns::{GeoEncoding, encoding_of};
use super::covering::covering_json;

/// Geometry types and bounding box of one geometry column.
#[derive(Debug, Clone)]
struct ColumnStats {
    name: String,
    encoding: GeoEncoding,
    types: BTreeSet<&'static str>,
    bbox: [f64; 4],
}

/// The statistics of every geometry column of one file.
#[derive(Debug, Clone)]
pub struct GeoStats {
    columns: Vec<ColumnStats>,
    /// The file has bbox covering columns (named in the JSON).
    covering: bool,
}

impl GeoStats {
    /// Empty statistics for the geometry columns `names` of `schema`.
    pub fn new(schema: &Schema, names: &[String]) -> Result<Self> {
        let mut columns = Vec::with_capacity(names.len());
        for n in names {
            let Some(encoding) = encoding_of(schema.field_with_name(n)?)? else {
                return exec_err!("GeoParquet: column '{n}' is not a geometry column");
            };
            columns.push(ColumnStats {
                name: n.clone(),
                encoding,
                types: BTreeSet::new(),
                bbox: [
                    f64::INFINITY,
                    f64::INFINITY,
                    f64::NEG_INFINITY,
                    f64::NEG_INFINITY,
                ],
            });
        }
        Ok(GeoStats {
            columns,
            covering: false,
        })
    }

    /// The same, for a file with bbox covering columns.
    pub fn with_covering(mut self, covering: bool) -> Self {
        self.covering = covering;
        self
    }

    /// Adds the geometries of `batch` (nulls are skipped). A non-finite coordinate (an
    /// infinity) is an error: the `geo` metadata's bbox must be finite numbers (NaN
    /// coordinates are empty points and do not count).
    pub fn update(&mut self, batch: &RecordBatch) -> Result<()> {
        self.add(batch)?;
        for c in &self.columns {
            let [xmin, ymin, xmax, ymax] = c.bbox;
            // Before any geometry the box is (+inf, +inf, -inf, -inf): only data moves a
            // bound to the other infinity.
            if xmin == f64::NEG_INFINITY
                || ymin == f64::NEG_INFINITY
                || xmax == f64::INFINITY
                || ymax == f64::INFINITY
            {
                return exec_err!(
                    "GeoParquet: column '{}' has a geometry with an infinite coordinate (bbox {xmin}, {ymin}, {xmax}, {ymax}); GeoParquet bounding boxes are finite: filter or clamp such rows before COPY",
                    c.name
                );
            }
        }
        Ok(())
    }

    fn add(&mut self, batch: &RecordBatch) -> Result<()> {
        for c in &mut self.columns {
            let Some(array) = batch.column_by_name(&c.name) else {
                return exec_err!("GeoParquet: column '{}' missing from a batch", c.name);
            };
            if let GeoEncoding::Point { .. } = c.encoding {
                let (x, y, nulls) = point_coordinates(array, &c.name)?;
                for i in 0..array.len() {
                    if nulls.is_some_and(|n| n.is_null(i)) {
                        continue;
                    }
                    add_xy(&mut c.bbox, x.value(i), y.value(i));
                }
                continue;
            }
            let mut add = |bytes: &[u8]| -> Result<()> {
                // 2-D little-endian points (what spider() and st_point write) without a
                // full WKB parse; anything else through the reader.
                if let Some((x, y)) = le_point(bytes) {
                    if !c.types.contains("Point") {
                        c.types.insert("Point");
                    }
                    add_xy(&mut c.bbox, x, y);
                    return Ok(());
                }
                if let Some(b) = le_polygon(bytes) {
                    if !c.types.contains("Polygon") {
                        c.types.insert("Polygon");
                    }
                    union(&mut c.bbox, b);
                    return Ok(());
                }
                let g = wkb::reader::read_wkb(bytes).map_err(|e| {
                    DataFusionError::Execution(format!(
                        "GeoParquet: column '{}' holds invalid WKB: {e}",
                        c.name
                    ))
                })?;
                c.types.insert(type_name(&g));
                extend_bbox(&g, &mut c.bbox);
                Ok(())
            };
            match array.data_type() {
                DataType::Binary => {
                    for v in array.as_binary::<i32>().iter().flatten() {
                        add(v)?;
                    }
                }
                DataType::LargeBinary => {
                    for v in array.as_binary::<i64>().iter().flatten() {
                        add(v)?;
                    }
                }
                DataType::BinaryView => {
                    for v in array.as_binary_view().iter().flatten() {
                        add(v)?;
                    }
                }
                other => {
                    return exec_err!(
                        "GeoParquet: column '{}' is tagged geoarrow.wkb but has type {other}",
                        c.name
                    );
                }
            }
        }
        Ok(())
    }

    /// Adds the statistics of `other` (the same columns, e.g. another row group's).
    pub fn merge(&mut self, other: &GeoStats) {
        for (c, o) in self.columns.iter_mut().zip(&other.columns) {
            c.types.extend(o.types.iter().copied());
            union(&mut c.bbox, o.bbox);
        }
    }

    /// The GeoParquet 1.1 `geo` metadata JSON.
    pub fn json(&self) -> String {
        let primary = self
            .columns
            .iter()
            .find(|c| c.name == "geometry")
            .or(self.columns.first())
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let mut columns = serde_json::Map::new();
        for c in &self.columns {
            let mut col = serde_json::Map::new();
            col.insert("encoding".into(), c.encoding.name().into());
            let types: Vec<String> = match c.encoding.fixed_type() {
                Some(t) => vec![t.to_string()],
                None => c.types.iter().map(|t| t.to_string()).collect(),
            };
            col.insert("geometry_types".into(), serde_json::Value::from(types));
            if c.bbox[0] <= c.bbox[2] && c.bbox[1] <= c.bbox[3] {
                col.insert("bbox".into(), serde_json::Value::from(c.bbox.to_vec()));
            }
            col.insert("crs".into(), serde_json::Value::Null);
            if self.covering {
                col.insert("covering".into(), covering_json(&c.name));
            }
            columns.insert(c.name.clone(), serde_json::Value::Object(col));
        }
        serde_json::json!({
            "version": "1.1.0",
            "primary_column": primary,
            "columns": columns,
        })
        .to_string()
    }
}
