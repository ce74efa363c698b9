//! Bounding boxes and geometry types of geometries as Arrow holds them: WKB values (with
//! fast paths for the little-endian 2-D points and polygons our generators write, checked
//! against the full `wkb` reader) and native point structs. The GeoParquet statistics and
//! covering columns are built on these.

use datafusion::arrow::array::{Array, AsArray, Float64Array, StructArray};
use datafusion::arrow::datatypes::Float64Type;
use datafusion::common::{DataFusionError, Result, exec_err};
use geo_traits::{
    CoordTrait, GeometryCollectionTrait, GeometryTrait, GeometryType, LineStringTrait,
    MultiLineStringTrait, MultiPointTrait, MultiPolygonTrait, PointTrait, PolygonTrait,
};

/// The `x` and `y` coordinates of a native point column and its nulls.
pub(super) fn point_coordinates<'a>(
    array: &'a dyn Array,
    name: &str,
) -> Result<(
    &'a Float64Array,
    &'a Float64Array,
    Option<&'a datafusion::arrow::buffer::NullBuffer>,
)> {
    let Some(s) = array.as_struct_opt() else {
        return exec_err!(
            "GeoParquet: column '{name}' is a native point column but has type {}",
            array.data_type()
        );
    };
    let coordinate = |field: &str| -> Result<&'a Float64Array> {
        coordinate_of(s, field).ok_or_else(|| {
            DataFusionError::Execution(format!(
                "GeoParquet: native point column '{name}' lacks a DOUBLE field '{field}'"
            ))
        })
    };
    let (x, y) = (coordinate("x")?, coordinate("y")?);
    // GeoParquet: only a whole point may be NULL, never one of its coordinates.
    let z = coordinate_of(s, "z");
    for (field, c) in [("x", Some(x)), ("y", Some(y)), ("z", z)] {
        if let Some(cn) = c.and_then(|c| c.nulls()).filter(|n| n.null_count() > 0)
            && (0..s.len()).any(|i| cn.is_null(i) && !s.is_null(i))
        {
            return exec_err!(
                "GeoParquet: native point column '{name}' has a NULL '{field}' in a non-NULL point; GeoParquet allows NULL points, not NULL coordinates"
            );
        }
    }
    Ok((x, y, s.nulls()))
}

fn coordinate_of<'a>(s: &'a StructArray, field: &str) -> Option<&'a Float64Array> {
    s.column_by_name(field)?.as_primitive_opt::<Float64Type>()
}

/// The GeoParquet geometry type name of `g` (e.g. `Polygon`, `Point Z`).
pub(super) fn type_name(g: &impl GeometryTrait<T = f64>) -> &'static str {
    use geo_traits::Dimensions::*;
    let base = match g.as_type() {
        GeometryType::Point(_) => 0,
        GeometryType::LineString(_) | GeometryType::Line(_) => 1,
        GeometryType::Polygon(_) | GeometryType::Rect(_) | GeometryType::Triangle(_) => 2,
        GeometryType::MultiPoint(_) => 3,
        GeometryType::MultiLineString(_) => 4,
        GeometryType::MultiPolygon(_) => 5,
        GeometryType::GeometryCollection(_) => 6,
    };
    const NAMES: [[&str; 4]; 7] = [
        ["Point", "Point Z", "Point M", "Point ZM"],
        [
            "LineString",
            "LineString Z",
            "LineString M",
            "LineString ZM",
        ],
        ["Polygon", "Polygon Z", "Polygon M", "Polygon ZM"],
        [
            "MultiPoint",
            "MultiPoint Z",
            "MultiPoint M",
            "MultiPoint ZM",
        ],
        [
            "MultiLineString",
            "MultiLineString Z",
            "MultiLineString M",
            "MultiLineString ZM",
        ],
        [
            "MultiPolygon",
            "MultiPolygon Z",
            "MultiPolygon M",
            "MultiPolygon ZM",
        ],
        [
            "GeometryCollection",
            "GeometryCollection Z",
            "GeometryCollection M",
            "GeometryCollection ZM",
        ],
    ];
    let dim = match g.dim() {
        Xyz => 1,
        Xym => 2,
        Xyzm => 3,
        _ => 0,
    };
    NAMES[base][dim]
}

/// The bounding box `[xmin, ymin, xmax, ymax]` of one WKB geometry (NaNs when empty).
pub(super) fn wkb_bbox(bytes: &[u8]) -> Result<[f64; 4]> {
    if let Some((x, y)) = le_point(bytes) {
        return Ok([x, y, x, y]);
    }
    if let Some(b) = le_polygon(bytes) {
        return Ok(if b[0] > b[2] { [f64::NAN; 4] } else { b });
    }
    let g = wkb::reader::read_wkb(bytes)
        .map_err(|e| DataFusionError::Execution(format!("GeoParquet: invalid WKB: {e}")))?;
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    extend_bbox(&g, &mut b);
    if b[0] > b[2] {
        return Ok([f64::NAN; 4]);
    }
    Ok(b)
}

/// The coordinates of a little-endian 2-D WKB point (21 bytes: order 1, type 1, x, y).
#[inline]
pub(super) fn le_point(bytes: &[u8]) -> Option<(f64, f64)> {
    let b: &[u8; 21] = bytes.try_into().ok()?;
    if b[..5] != [1, 1, 0, 0, 0] {
        return None;
    }
    let x = f64::from_le_bytes(b[5..13].try_into().ok()?);
    let y = f64::from_le_bytes(b[13..21].try_into().ok()?);
    Some((x, y))
}

/// The bounding box of the exterior ring of a little-endian 2-D WKB polygon (what
/// `spider()`, `st_box` and `spider_geometry` write; infinities when it has no ring), read
/// without building the geometry. `None` for anything else, including a malformed polygon
/// (the full reader then reports it): every ring must lie within `bytes`, which it must end.
#[inline]
pub(super) fn le_polygon(bytes: &[u8]) -> Option<[f64; 4]> {
    if bytes.get(..5)? != [1, 3, 0, 0, 0] {
        return None;
    }
    let count = |at: usize| -> Option<usize> {
        let b: [u8; 4] = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
        usize::try_from(u32::from_le_bytes(b)).ok()
    };
    let rings = count(5)?;
    let mut at = 9;
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for ring in 0..rings {
        let n = count(at)?;
        at += 4;
        let end = at.checked_add(n.checked_mul(16)?)?;
        let coords = bytes.get(at..end)?;
        // The exterior ring bounds the polygon; the holes are only skipped.
        if ring == 0 {
            for c in coords.chunks_exact(16) {
                let x = f64::from_le_bytes(c[..8].try_into().ok()?);
                let y = f64::from_le_bytes(c[8..].try_into().ok()?);
                add_xy(&mut b, x, y);
            }
        }
        at = end;
    }
    (at == bytes.len()).then_some(b)
}

/// Extends `b` by the point (x, y); empty points (NaN coordinates) do not extend it.
#[inline]
pub(super) fn add_xy(b: &mut [f64; 4], x: f64, y: f64) {
    if !(x.is_nan() || y.is_nan()) {
        *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
}

/// Extends `b` by the box `o` (an empty box of infinities leaves it as it is).
#[inline]
pub(super) fn union(b: &mut [f64; 4], o: [f64; 4]) {
    *b = [
        b[0].min(o[0]),
        b[1].min(o[1]),
        b[2].max(o[2]),
        b[3].max(o[3]),
    ];
}

fn extend_coord(c: &impl CoordTrait<T = f64>, b: &mut [f64; 4]) {
    add_xy(b, c.x(), c.y());
}

fn extend_line(l: &impl LineStringTrait<T = f64>, b: &mut [f64; 4]) {
    for c in l.coords() {
        extend_coord(&c, b);
    }
}

fn extend_polygon(p: &impl PolygonTrait<T = f64>, b: &mut [f64; 4]) {
    // The exterior ring bounds the polygon.
    if let Some(r) = p.exterior() {
        extend_line(&r, b);
    }
}

/// Extends `b` by the coordinates of `g`.
pub(super) fn extend_bbox(g: &impl GeometryTrait<T = f64>, b: &mut [f64; 4]) {
    match g.as_type() {
        GeometryType::Point(p) => {
            if let Some(c) = p.coord() {
                extend_coord(&c, b);
            }
        }
        GeometryType::LineString(l) => extend_line(l, b),
        GeometryType::Polygon(p) => extend_polygon(p, b),
        GeometryType::MultiPoint(m) => {
            for p in m.points() {
                if let Some(c) = p.coord() {
                    extend_coord(&c, b);
                }
            }
        }
        GeometryType::MultiLineString(m) => {
            for l in m.line_strings() {
                extend_line(&l, b);
            }
        }
        GeometryType::MultiPolygon(m) => {
            for p in m.polygons() {
                extend_polygon(&p, b);
            }
        }
        GeometryType::GeometryCollection(gc) => {
            for g in gc.geometries() {
                extend_bbox(&g, b);
            }
        }
        GeometryType::Rect(_) | GeometryType::Triangle(_) | GeometryType::Line(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use geo_types::{LineString, Polygon, coord};

    use super::*;

    fn wkb_of(p: &Polygon<f64>, endianness: wkb::Endianness) -> Vec<u8> {
        let mut out = vec![];
        let options = wkb::writer::WriteOptions { endianness };
        wkb::writer::write_polygon(&mut out, p, &options).unwrap();
        out
    }

    /// The bbox through the full reader (the reference the fast path must agree with).
    fn read_bbox(bytes: &[u8]) -> [f64; 4] {
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        extend_bbox(&wkb::reader::read_wkb(bytes).unwrap(), &mut b);
        b
    }

    #[test]
    fn the_polygon_fast_path_agrees_with_the_reader() {
        let ring = |pts: &[(f64, f64)]| {
            LineString::from(
                pts.iter()
                    .map(|&(x, y)| coord! {x: x, y: y})
                    .collect::<Vec<_>>(),
            )
        };
        let outer = ring(&[(0.5, -1.0), (3.0, 0.0), (2.0, 4.5), (0.5, -1.0)]);
        let hole = ring(&[(1.0, 0.0), (2.0, 0.5), (1.5, 1.0), (1.0, 0.0)]);
        let with_hole = Polygon::new(outer.clone(), vec![hole]);
        let plain = Polygon::new(outer, vec![]);
        for p in [&with_hole, &plain] {
            let bytes = wkb_of(p, wkb::Endianness::LittleEndian);
            assert_eq!(le_polygon(&bytes), Some(read_bbox(&bytes)));
            assert_eq!(le_polygon(&bytes), Some([0.5, -1.0, 3.0, 4.5]));
            // Truncated or with trailing bytes: left to the reader.
            assert_eq!(le_polygon(&bytes[..bytes.len() - 1]), None);
            let mut longer = bytes.clone();
            longer.push(0);
            assert_eq!(le_polygon(&longer), None);
            // Big endian: left to the reader.
            assert_eq!(le_polygon(&wkb_of(p, wkb::Endianness::BigEndian)), None);
        }
        let empty = wkb_of(
            &Polygon::new(LineString::new(vec![]), vec![]),
            wkb::Endianness::LittleEndian,
        );
        assert_eq!(wkb_bbox(&empty).unwrap().map(f64::is_nan), [true; 4]);
        // A ring count far beyond the bytes is no allocation and no panic.
        let mut huge = vec![1, 3, 0, 0, 0];
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(le_polygon(&huge), None);
    }
}
