//! Points uniformly inside a locale's country ([`CountryArea`]): latitude and longitude
//! drawn uniformly over the country's *area* on the sphere, inside its Natural Earth
//! 1:110m outline ([`super::country_shapes`]).
//!
//! The outline is projected to the Lambert cylindrical equal-area plane, `(lon, sin lat)`,
//! where area is proportional to true area, and covered by a 64 × 64 grid over its bounding
//! box. The cells that meet the outline are kept, each with whether its centre is inside
//! and the outline edges that cross it. A draw picks a kept cell uniformly (they have equal
//! areas), a point uniformly in the cell, and keeps it when it is inside (the centre's
//! parity flipped once per edge crossed on the way from the centre); otherwise it draws
//! again, at most [`MAX_TRIES`] times (cells fully inside accept at once, so misses are
//! rare). So points are uniform over the area, and each is a pure function of (stream,
//! row) — or of (locale, key) for keyed draws.

use std::sync::Arc;

use super::Locale;
use super::country_shapes::COUNTRY_RINGS;
use crate::generate::RowRng;
use crate::generate::tabular::below;

/// Cells per side of the grid.
const GRID: usize = 64;

/// Draws before the fallback (the centre of the first cell fully inside). A draw misses
/// only in a border cell's outside part, so 32 misses in a row are far below 2^-32 likely.
pub const MAX_TRIES: usize = 32;

/// A point: latitude and longitude in degrees.
pub type LatLon = (f64, f64);

#[derive(Debug)]
struct Cell {
    x0: f64,
    y0: f64,
    center_inside: bool,
    /// Outline edges crossing the cell (projected coordinates).
    edges: Box<[[f64; 4]]>,
}

/// The area of one country, ready to draw points from (see the module docs).
#[derive(Debug, Clone)]
pub struct CountryArea {
    name: &'static str,
    cells: Arc<[Cell]>,
    width: f64,
    height: f64,
    /// A point surely inside, for the (practically unreachable) fallback.
    fallback: LatLon,
}

impl CountryArea {
    /// The country of `locale`.
    pub fn new(locale: Locale) -> Self {
        let (_, name, rings) = COUNTRY_RINGS
            .iter()
            .find(|(l, _, _)| *l == locale.name())
            .expect("every locale has a country outline");
        let project = |&(lon, lat): &(f64, f64)| (lon, libm::sin(lat.to_radians()));
        let rings: Vec<Vec<(f64, f64)>> = rings
            .iter()
            .map(|r| r.iter().map(project).collect())
            .collect();
        let edges: Vec<[f64; 4]> = rings
            .iter()
            .flat_map(|r| r.windows(2).map(|w| [w[0].0, w[0].1, w[1].0, w[1].1]))
            .collect();
        let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &[x, y, _, _] in &edges {
            (lo_x, lo_y, hi_x, hi_y) = (lo_x.min(x), lo_y.min(y), hi_x.max(x), hi_y.max(y));
        }
        let (width, height) = ((hi_x - lo_x) / GRID as f64, (hi_y - lo_y) / GRID as f64);
        let mut cells = Vec::new();
        for iy in 0..GRID {
            for ix in 0..GRID {
                let (x0, y0) = (lo_x + ix as f64 * width, lo_y + iy as f64 * height);
                let (x1, y1) = (x0 + width, y0 + height);
                let crossing: Vec<[f64; 4]> = edges
                    .iter()
                    .filter(|e| segment_meets_box(e, x0, y0, x1, y1))
                    .copied()
                    .collect();
                let center_inside = inside(&edges, x0 + width / 2.0, y0 + height / 2.0);
                if center_inside || !crossing.is_empty() {
                    cells.push(Cell {
                        x0,
                        y0,
                        center_inside,
                        edges: crossing.into_boxed_slice(),
                    });
                }
            }
        }
        let fallback = cells
            .iter()
            .find(|c| c.center_inside && c.edges.is_empty())
            .or_else(|| cells.iter().find(|c| c.center_inside))
            .map(|c| unproject(c.x0 + width / 2.0, c.y0 + height / 2.0))
            .expect("an outline covers the centre of some cell");
        CountryArea {
            name,
            cells: cells.into(),
            width,
            height,
            fallback,
        }
    }

    /// The country's name (as Natural Earth writes it).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The point of `row` in `stream`.
    #[inline]
    pub fn point(&self, stream: u64, row: u64) -> LatLon {
        let mut rng = RowRng::new(stream, row);
        for _ in 0..MAX_TRIES {
            let cell = &self.cells[below(&mut rng, self.cells.len() as u64) as usize];
            let x = cell.x0 + rng.next_f64() * self.width;
            let y = cell.y0 + rng.next_f64() * self.height;
            if cell.contains(x, y, self.width, self.height) {
                return unproject(x, y);
            }
        }
        self.fallback
    }
}

impl Cell {
    /// Whether `(x, y)` (inside the cell) is inside the outline: the centre's parity,
    /// flipped for each edge the segment from the centre to the point crosses.
    #[inline]
    fn contains(&self, x: f64, y: f64, width: f64, height: f64) -> bool {
        let (cx, cy) = (self.x0 + width / 2.0, self.y0 + height / 2.0);
        let mut inside = self.center_inside;
        for e in self.edges.iter() {
            if segments_cross([cx, cy, x, y], *e) {
                inside = !inside;
            }
        }
        inside
    }
}

/// Latitude and longitude in degrees of a projected point.
fn unproject(x: f64, y: f64) -> LatLon {
    (libm::asin(y.clamp(-1.0, 1.0)).to_degrees(), x)
}

/// The even-odd rule over all edges (a ray towards +x).
fn inside(edges: &[[f64; 4]], x: f64, y: f64) -> bool {
    let mut inside = false;
    for &[x1, y1, x2, y2] in edges {
        if (y1 > y) != (y2 > y) && x < x1 + (y - y1) * (x2 - x1) / (y2 - y1) {
            inside = !inside;
        }
    }
    inside
}

/// Whether segment `e` meets the box (Liang–Barsky clipping).
fn segment_meets_box(e: &[f64; 4], x0: f64, y0: f64, x1: f64, y1: f64) -> bool {
    let [ax, ay, bx, by] = *e;
    let (dx, dy) = (bx - ax, by - ay);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// Whether two segments cross (strictly: touching endpoints of random points have
/// probability zero).
#[inline]
fn segments_cross(a: [f64; 4], b: [f64; 4]) -> bool {
    let orient = |px: f64, py: f64, qx: f64, qy: f64, rx: f64, ry: f64| {
        (qx - px) * (ry - py) - (qy - py) * (rx - px)
    };
    let d1 = orient(b[0], b[1], b[2], b[3], a[0], a[1]);
    let d2 = orient(b[0], b[1], b[2], b[3], a[2], a[3]);
    let d3 = orient(a[0], a[1], a[2], a[3], b[0], b[1]);
    let d4 = orient(a[0], a[1], a[2], a[3], b[2], b[3]);
    (d1 > 0.0) != (d2 > 0.0) && (d3 > 0.0) != (d4 > 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The outline's edges in the projected plane, where the sampler's edges are straight.
    fn projected_edges(locale: &str) -> Vec<[f64; 4]> {
        let (_, _, rings) = COUNTRY_RINGS.iter().find(|(n, _, _)| *n == locale).unwrap();
        let p = |&(lon, lat): &(f64, f64)| (lon, libm::sin(lat.to_radians()));
        rings
            .iter()
            .flat_map(|r| {
                r.windows(2).map(move |w| {
                    let (a, b) = (p(&w[0]), p(&w[1]));
                    [a.0, a.1, b.0, b.1]
                })
            })
            .collect()
    }

    /// Every drawn point is inside the outline by the plain even-odd test over all edges.
    #[test]
    fn points_are_inside_their_country() {
        for l in Locale::ALL {
            let area = CountryArea::new(l);
            let edges = projected_edges(l.name());
            for row in 0..20_000 {
                let (lat, lon) = area.point(5, row);
                let y = libm::sin(lat.to_radians());
                assert!(inside(&edges, lon, y), "{l:?} row {row}: ({lat}, {lon})");
            }
        }
    }

    /// Uniform over area: the share of US points in Alaska (west of -130°, north of 50°)
    /// matches Alaska's share of the outline's area on the sphere (computed here from the
    /// midpoints of a fine equal-area grid), within 6 standard errors.
    #[test]
    fn points_are_uniform_over_the_area() {
        let area = CountryArea::new(Locale::EnUs);
        let n = 200_000;
        let alaska = |lat: f64, lon: f64| lon < -130.0 && lat > 50.0;
        let hits = (0..n)
            .filter(|&r| {
                let (lat, lon) = area.point(11, r);
                alaska(lat, lon)
            })
            .count() as f64;
        let edges = projected_edges("en_US");
        // Midpoints of a 0.25° longitude × 0.0025 sin(latitude) grid: equal-area samples.
        let (mut all, mut ak) = (0u64, 0u64);
        let mut y = -1.0 + 0.00125;
        while y < 1.0 {
            let lat = libm::asin(y).to_degrees();
            if lat > 15.0 && lat < 75.0 {
                let mut lon = -180.0 + 0.125;
                while lon < 180.0 {
                    if inside(&edges, lon, y) {
                        all += 1;
                        ak += u64::from(alaska(lat, lon));
                    }
                    lon += 0.25;
                }
            }
            y += 0.0025;
        }
        let p = ak as f64 / all as f64;
        let se = (p * (1.0 - p) / n as f64).sqrt();
        let got = hits / n as f64;
        // The reference grid's own error is well below the sampling error at this size.
        assert!(
            (got - p).abs() < 6.0 * se + 0.005,
            "Alaska share {got} vs area share {p}"
        );
    }
}
