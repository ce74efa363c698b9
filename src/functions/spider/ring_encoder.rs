//! Encoding closed rings (boxes and polygons) as WKB or WKT polygons through the georust
//! `wkb` / `wkt` writers. One `geo_types::Polygon` is reused for a whole batch (its ring's
//! buffer is cleared and refilled per row), so the hot loop allocates nothing per row. The
//! affine transform, if any, is applied to every vertex here.

use datafusion::arrow::array::{BinaryBuilder, StringBuilder};
use datafusion::common::{DataFusionError, Result};
use geo_types::{Coord, LineString, Polygon};

use crate::generate::spider::{Affine, Point};

/// A reusable polygon for encoding one ring at a time.
pub struct RingEncoder {
    polygon: Polygon<f64>,
    affine: Option<Affine>,
    options: wkb::writer::WriteOptions,
}

impl RingEncoder {
    /// An encoder applying `affine` to every vertex.
    pub fn new(affine: Option<Affine>) -> Self {
        RingEncoder {
            polygon: Polygon::new(LineString::new(Vec::with_capacity(16)), vec![]),
            affine,
            options: wkb::writer::WriteOptions::default(),
        }
    }

    fn load(&mut self, ring: &[Point]) {
        let affine = self.affine;
        self.polygon.exterior_mut(|ls| {
            ls.0.clear();
            ls.0.extend(ring.iter().map(|&p| {
                let [x, y] = match &affine {
                    Some(a) => a.apply(p),
                    None => p,
                };
                Coord { x, y }
            }));
        });
    }

    /// Appends the ring as one ISO WKB polygon value.
    pub fn append_wkb(&mut self, out: &mut BinaryBuilder, ring: &[Point]) -> Result<()> {
        self.load(ring);
        wkb::writer::write_polygon(out, &self.polygon, &self.options)
            .map_err(|e| DataFusionError::Execution(format!("WKB encoding failed: {e}")))?;
        out.append_value([]);
        Ok(())
    }

    /// Appends the ring as one WKT `POLYGON((…))` value.
    pub fn append_wkt(&mut self, out: &mut StringBuilder, ring: &[Point]) -> Result<()> {
        self.load(ring);
        wkt::to_wkt::write_polygon(out, &self.polygon)
            .map_err(|e| DataFusionError::Execution(format!("WKT encoding failed: {e}")))?;
        out.append_value("");
        Ok(())
    }
}

/// WKB size of a 2-D polygon with one ring of `n` points.
pub fn wkb_polygon_bytes(n: usize) -> usize {
    1 + 4 + 4 + 4 + 16 * n
}
