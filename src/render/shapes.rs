//! Geometries as a stream of drawing events (points, and polygons or lines as paths of
//! vertices) read straight from their Arrow encodings: a zero-allocation WKB walker (ISO and
//! EWKB, either byte order, XY/Z/M/ZM; only x and y are read), WKT through the `wkt` crate
//! (it allocates per row: the slow path), and native points and boxes.

use geo_traits::{
    CoordTrait, GeometryCollectionTrait, GeometryTrait, GeometryType, LineStringTrait, LineTrait,
    MultiLineStringTrait, MultiPointTrait, MultiPolygonTrait, PolygonTrait, RectTrait,
    TriangleTrait,
};

/// What a path is: the rings of one polygon, or one line string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Polygon,
    Line,
}

/// Receives the drawing events of geometries. A path is `path_begin`, then per ring (one
/// for a line) `ring_begin` and its `vertex`es, then `path_end`.
pub trait Visitor {
    fn point(&mut self, x: f64, y: f64);
    fn path_begin(&mut self, kind: PathKind);
    fn ring_begin(&mut self);
    fn vertex(&mut self, x: f64, y: f64);
    fn path_end(&mut self);

    /// An axis-aligned box (native boxes): a one-ring polygon by default.
    fn rect(&mut self, xmin: f64, ymin: f64, xmax: f64, ymax: f64) {
        self.path_begin(PathKind::Polygon);
        self.ring_begin();
        for (x, y) in [
            (xmin, ymin),
            (xmax, ymin),
            (xmax, ymax),
            (xmin, ymax),
            (xmin, ymin),
        ] {
            self.vertex(x, y);
        }
        self.path_end();
    }
}

/// Nesting of geometry collections deeper than this is refused (a stack guard).
const MAX_DEPTH: usize = 32;

/// Walks the WKB value `b`; the error says what is wrong with it.
pub fn walk_wkb(b: &[u8], v: &mut impl Visitor) -> Result<(), String> {
    let mut r = Reader { b, at: 0 };
    r.geometry(v, 0)?;
    Ok(())
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

/// The header of one WKB geometry: byte order, base type and coordinate width.
struct Header {
    little: bool,
    base: u32,
    dims: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let end = self.at + N;
        let bytes = self
            .b
            .get(self.at..end)
            .ok_or_else(|| format!("truncated at byte {} of {}", self.at, self.b.len()))?;
        self.at = end;
        Ok(bytes.try_into().expect("N bytes"))
    }

    fn u32(&mut self, little: bool) -> Result<u32, String> {
        let b = self.take::<4>()?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self, little: bool) -> Result<f64, String> {
        let b = self.take::<8>()?;
        Ok(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    fn header(&mut self) -> Result<Header, String> {
        let little = match self.take::<1>()?[0] {
            0 => false,
            1 => true,
            o => return Err(format!("byte order {o} (allowed: 0 or 1)")),
        };
        let code = self.u32(little)?;
        // EWKB: flag bits for Z, M and an SRID; ISO: thousands for Z (1), M (2), ZM (3).
        let (z_flag, m_flag, srid) = (
            code & 0x8000_0000 != 0,
            code & 0x4000_0000 != 0,
            code & 0x2000_0000 != 0,
        );
        let iso = code & 0x0fff_ffff;
        let (base, iso_dims) = (iso % 1000, iso / 1000);
        if srid {
            self.take::<4>()?;
        }
        let extra = match iso_dims {
            0 => usize::from(z_flag) + usize::from(m_flag),
            1 | 2 => 1,
            3 => 2,
            _ => return Err(format!("geometry type code {code}")),
        };
        Ok(Header {
            little,
            base,
            dims: 2 + extra,
        })
    }

    fn xy(&mut self, h: &Header) -> Result<(f64, f64), String> {
        let x = self.f64(h.little)?;
        let y = self.f64(h.little)?;
        for _ in 2..h.dims {
            self.take::<8>()?;
        }
        Ok((x, y))
    }

    /// A count, checked against the bytes left (a corrupt count must not loop for long).
    fn count(&mut self, h: &Header, min_bytes: usize) -> Result<usize, String> {
        let n = self.u32(h.little)? as usize;
        let left = self.b.len() - self.at;
        if n.saturating_mul(min_bytes) > left {
            return Err(format!("count {n} exceeds the {left} bytes left"));
        }
        Ok(n)
    }

    fn ring(&mut self, h: &Header, v: &mut impl Visitor) -> Result<(), String> {
        let n = self.count(h, 8 * h.dims)?;
        v.ring_begin();
        for _ in 0..n {
            let (x, y) = self.xy(h)?;
            v.vertex(x, y);
        }
        Ok(())
    }

    fn polygon(&mut self, h: &Header, v: &mut impl Visitor) -> Result<(), String> {
        let rings = self.count(h, 4)?;
        v.path_begin(PathKind::Polygon);
        for _ in 0..rings {
            self.ring(h, v)?;
        }
        v.path_end();
        Ok(())
    }

    fn geometry(&mut self, v: &mut impl Visitor, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("collections nested deeper than {MAX_DEPTH}"));
        }
        let h = self.header()?;
        match h.base {
            1 => {
                let (x, y) = self.xy(&h)?;
                // The empty point is NaN NaN: nothing to draw.
                if !(x.is_nan() && y.is_nan()) {
                    v.point(x, y);
                }
            }
            2 => {
                v.path_begin(PathKind::Line);
                self.ring(&h, v)?;
                v.path_end();
            }
            3 => self.polygon(&h, v)?,
            4..=7 => {
                let n = self.count(&h, 5)?;
                for _ in 0..n {
                    self.geometry(v, depth + 1)?;
                }
            }
            t => return Err(format!("geometry type {t} (allowed: 1 to 7)")),
        }
        Ok(())
    }
}

/// Walks a geometry given through `geo_traits` (WKT values).
pub fn walk_traits(g: &impl GeometryTrait<T = f64>, v: &mut impl Visitor) {
    fn line(l: &impl LineStringTrait<T = f64>, v: &mut impl Visitor) {
        v.ring_begin();
        for c in l.coords() {
            v.vertex(c.x(), c.y());
        }
    }
    fn polygon(p: &impl PolygonTrait<T = f64>, v: &mut impl Visitor) {
        v.path_begin(PathKind::Polygon);
        if let Some(e) = p.exterior() {
            line(&e, v);
        }
        for i in p.interiors() {
            line(&i, v);
        }
        v.path_end();
    }
    match g.as_type() {
        GeometryType::Point(p) => {
            if let Some(c) = geo_traits::PointTrait::coord(p) {
                v.point(c.x(), c.y());
            }
        }
        GeometryType::LineString(l) => {
            v.path_begin(PathKind::Line);
            line(l, v);
            v.path_end();
        }
        GeometryType::Polygon(p) => polygon(p, v),
        GeometryType::MultiPoint(m) => {
            for p in m.points() {
                walk_traits(&p, v);
            }
        }
        GeometryType::MultiLineString(m) => {
            for l in m.line_strings() {
                v.path_begin(PathKind::Line);
                line(&l, v);
                v.path_end();
            }
        }
        GeometryType::MultiPolygon(m) => {
            for p in m.polygons() {
                polygon(&p, v);
            }
        }
        GeometryType::GeometryCollection(c) => {
            for g in c.geometries() {
                walk_traits(&g, v);
            }
        }
        GeometryType::Rect(r) => {
            let (lo, hi) = (r.min(), r.max());
            v.rect(lo.x(), lo.y(), hi.x(), hi.y());
        }
        GeometryType::Triangle(t) => {
            v.path_begin(PathKind::Polygon);
            v.ring_begin();
            for c in t.coords() {
                v.vertex(c.x(), c.y());
            }
            v.path_end();
        }
        GeometryType::Line(l) => {
            v.path_begin(PathKind::Line);
            v.ring_begin();
            for c in [l.start(), l.end()] {
                v.vertex(c.x(), c.y());
            }
            v.path_end();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records events as text.
    #[derive(Default)]
    struct Log(Vec<String>);

    impl Visitor for Log {
        fn point(&mut self, x: f64, y: f64) {
            self.0.push(format!("P {x} {y}"));
        }
        fn path_begin(&mut self, kind: PathKind) {
            self.0.push(format!("{kind:?}"));
        }
        fn ring_begin(&mut self) {
            self.0.push("R".into());
        }
        fn vertex(&mut self, x: f64, y: f64) {
            self.0.push(format!("{x} {y}"));
        }
        fn path_end(&mut self) {
            self.0.push("E".into());
        }
    }

    fn wkb_of(wkt_text: &str, endianness: wkb::Endianness) -> Vec<u8> {
        let g: wkt::Wkt<f64> = wkt_text.parse().unwrap();
        let mut out = Vec::new();
        wkb::writer::write_geometry(&mut out, &g, &wkb::writer::WriteOptions { endianness })
            .unwrap();
        out
    }

    #[test]
    fn wkb_and_wkt_give_the_same_events() {
        for text in [
            "POINT(1 2)",
            "LINESTRING(0 0,1 1,2 0)",
            "POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 1))",
            "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))",
            "GEOMETRYCOLLECTION(POINT(3 4),LINESTRING(0 0,1 1))",
            "POINT Z(1 2 3)",
            "POLYGON ZM((0 0 1 2,1 0 1 2,1 1 1 2,0 0 1 2))",
        ] {
            let g: wkt::Wkt<f64> = text.parse().unwrap();
            let mut expected = Log::default();
            walk_traits(&g, &mut expected);
            for e in [wkb::Endianness::LittleEndian, wkb::Endianness::BigEndian] {
                let mut got = Log::default();
                walk_wkb(&wkb_of(text, e), &mut got).unwrap();
                assert_eq!(got.0, expected.0, "{text} {e:?}");
            }
        }
    }

    #[test]
    fn bad_wkb_is_an_error_never_a_panic() {
        let good = wkb_of("POLYGON((0 0,4 0,4 4,0 0))", wkb::Endianness::LittleEndian);
        for cut in 0..good.len() {
            assert!(
                walk_wkb(&good[..cut], &mut Log::default()).is_err(),
                "{cut}"
            );
        }
        let mut huge = good.clone();
        huge[5..9].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(
            walk_wkb(&huge, &mut Log::default())
                .unwrap_err()
                .contains("exceeds")
        );
        assert!(walk_wkb(&[7, 1, 0, 0, 0], &mut Log::default()).is_err());
        // A collection nesting itself past the guard.
        let mut deep = Vec::new();
        for _ in 0..40 {
            deep.extend_from_slice(&[1, 7, 0, 0, 0, 1, 0, 0, 0]);
        }
        assert!(
            walk_wkb(&deep, &mut Log::default())
                .unwrap_err()
                .contains("nested")
        );
    }
}
