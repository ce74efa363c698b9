//! The raster one rendering worker draws into: a grid of coverage sums, one `u32` per pixel,
//! where one pixel fully covered by one geometry adds [`UNIT`].
//!
//! Points add `UNIT` to their pixel; axis-aligned boxes add their exact area coverage per
//! pixel; other polygons (and every outline and line) are rasterized anti-aliased by
//! tiny-skia into a mask whose touched region is added to the grid and cleared. Every
//! geometry's contribution is an integer that depends on the geometry alone and sums
//! saturate, so rasters merge in any order to the same grid: the image is the same under
//! any partitioning of the query.

use tiny_skia::{FillRule, Mask, Path, PathBuilder, PathStroker, Stroke, Transform};

use super::options::{Extent, Mode};
use super::shapes::{PathKind, Visitor};

/// The coverage of one fully covered pixel.
pub const UNIT: u32 = 4096;

/// Coverage sums, row-major from the top-left pixel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub width: u32,
    pub height: u32,
    pub cells: Vec<u32>,
}

impl Grid {
    pub fn new(width: u32, height: u32) -> Self {
        Self {
            width,
            height,
            cells: vec![0; width as usize * height as usize],
        }
    }

    /// Adds `other` cell by cell (saturating, so the merge is associative).
    pub fn merge(&mut self, other: &Grid) {
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            *a = a.saturating_add(*b);
        }
    }

    fn add(&mut self, x: usize, y: usize, v: u32) {
        let i = y * self.width as usize + x;
        self.cells[i] = self.cells[i].saturating_add(v);
    }
}

/// Data coordinates to pixel coordinates (x to the right, y down from the top edge).
#[derive(Debug, Clone, Copy)]
struct ToPixels {
    x0: f64,
    y1: f64,
    sx: f64,
    sy: f64,
}

impl ToPixels {
    fn new(extent: Extent, width: u32, height: u32) -> Self {
        let [x0, y0, x1, y1] = extent;
        Self {
            x0,
            y1,
            sx: f64::from(width) / (x1 - x0),
            sy: f64::from(height) / (y1 - y0),
        }
    }

    fn px(&self, x: f64, y: f64) -> (f64, f64) {
        ((x - self.x0) * self.sx, (self.y1 - y) * self.sy)
    }
}

/// The first ring's first vertices, to recognise an axis-aligned box.
#[derive(Debug, Default)]
struct FirstRing {
    xy: [(f64, f64); 5],
    n: usize,
}

impl FirstRing {
    /// The box `[xmin, ymin, xmax, ymax]` when the ring is a closed axis-aligned rectangle.
    fn as_box(&self) -> Option<[f64; 4]> {
        if self.n != 5 || self.xy[0] != self.xy[4] {
            return None;
        }
        let p = &self.xy;
        let horizontal_first =
            p[0].1 == p[1].1 && p[1].0 == p[2].0 && p[2].1 == p[3].1 && p[3].0 == p[0].0;
        let vertical_first =
            p[0].0 == p[1].0 && p[1].1 == p[2].1 && p[2].0 == p[3].0 && p[3].1 == p[0].1;
        if !(horizontal_first || vertical_first) {
            return None;
        }
        let (xa, xb) = (p[0].0.min(p[2].0), p[0].0.max(p[2].0));
        let (ya, yb) = (p[0].1.min(p[2].1), p[0].1.max(p[2].1));
        Some([xa, ya, xb, yb])
    }
}

/// One worker's raster and the state of the path being read.
pub struct Raster {
    pub grid: Grid,
    to: ToPixels,
    mode: Mode,
    mask: Option<Mask>,
    builder: Option<PathBuilder>,
    stroker: PathStroker,
    kind: PathKind,
    rings: usize,
    first: FirstRing,
    ring_open: bool,
    non_finite: bool,
    /// Geometries not drawn because a coordinate is NaN or infinite.
    pub skipped: u64,
}

impl Raster {
    pub fn new(extent: Extent, width: u32, height: u32, mode: Mode) -> Self {
        Self {
            grid: Grid::new(width, height),
            to: ToPixels::new(extent, width, height),
            mode,
            mask: None,
            builder: Some(PathBuilder::new()),
            stroker: PathStroker::new(),
            kind: PathKind::Polygon,
            rings: 0,
            first: FirstRing::default(),
            ring_open: false,
            non_finite: false,
            skipped: 0,
        }
    }

    /// Adds the exact area coverage of a box given in data coordinates.
    fn deposit_box(&mut self, [xmin, ymin, xmax, ymax]: [f64; 4]) {
        let (w, h) = (f64::from(self.grid.width), f64::from(self.grid.height));
        let (left, bottom) = self.to.px(xmin, ymin);
        let (right, top) = self.to.px(xmax, ymax);
        let (left, right) = (left.max(0.0), right.min(w));
        let (top, bottom) = (top.max(0.0), bottom.min(h));
        if !(left < right && top < bottom) {
            return;
        }
        let unit = f64::from(UNIT);
        for iy in top.floor() as usize..(bottom.ceil() as usize).min(self.grid.height as usize) {
            let cy = (bottom.min(iy as f64 + 1.0) - top.max(iy as f64)).max(0.0);
            for ix in left.floor() as usize..(right.ceil() as usize).min(self.grid.width as usize) {
                let cx = (right.min(ix as f64 + 1.0) - left.max(ix as f64)).max(0.0);
                let v = (cx * cy * unit).round() as u32;
                if v > 0 {
                    self.grid.add(ix, iy, v);
                }
            }
        }
    }

    /// Fills `path` anti-aliased into the mask and moves the touched region into the grid.
    fn deposit_path(&mut self, path: &Path) {
        let (w, h) = (self.grid.width, self.grid.height);
        let mask = self
            .mask
            .get_or_insert_with(|| Mask::new(w, h).expect("checked image size"));
        mask.fill_path(path, FillRule::EvenOdd, true, Transform::identity());
        let b = path.bounds();
        let x_lo = (b.left().floor().max(0.0) as usize).min(w as usize);
        let x_hi = (b.right().ceil().max(0.0) as usize + 1).min(w as usize);
        let y_lo = (b.top().floor().max(0.0) as usize).min(h as usize);
        let y_hi = (b.bottom().ceil().max(0.0) as usize + 1).min(h as usize);
        let data = mask.data_mut();
        for y in y_lo..y_hi {
            for x in x_lo..x_hi {
                let i = y * w as usize + x;
                let m = data[i];
                if m > 0 {
                    data[i] = 0;
                    let v = (u32::from(m) * UNIT + 127) / 255;
                    self.grid.cells[i] = self.grid.cells[i].saturating_add(v);
                }
            }
        }
    }

    fn close_ring(&mut self) {
        if self.ring_open
            && self.kind == PathKind::Polygon
            && let Some(b) = self.builder.as_mut()
        {
            b.close();
        }
        self.ring_open = false;
    }
}

impl Visitor for Raster {
    fn point(&mut self, x: f64, y: f64) {
        if !(x.is_finite() && y.is_finite()) {
            self.skipped += 1;
            return;
        }
        let (px, py) = self.to.px(x, y);
        let (w, h) = (f64::from(self.grid.width), f64::from(self.grid.height));
        if !(0.0..=w).contains(&px) || !(0.0..=h).contains(&py) {
            return;
        }
        // A point on the right or bottom edge of the extent belongs to the last pixel.
        let ix = (px as usize).min(self.grid.width as usize - 1);
        let iy = (py as usize).min(self.grid.height as usize - 1);
        self.grid.add(ix, iy, UNIT);
    }

    fn path_begin(&mut self, kind: PathKind) {
        self.kind = kind;
        self.rings = 0;
        self.first.n = 0;
        self.ring_open = false;
        self.non_finite = false;
    }

    fn ring_begin(&mut self) {
        self.close_ring();
        self.rings += 1;
    }

    fn vertex(&mut self, x: f64, y: f64) {
        if !(x.is_finite() && y.is_finite()) {
            self.non_finite = true;
            return;
        }
        if self.rings == 1 {
            if self.first.n < 5 {
                self.first.xy[self.first.n] = (x, y);
            }
            self.first.n += 1;
        }
        let (px, py) = self.to.px(x, y);
        let b = self.builder.as_mut().expect("a builder between paths");
        if self.ring_open {
            b.line_to(px as f32, py as f32);
        } else {
            b.move_to(px as f32, py as f32);
            self.ring_open = true;
        }
    }

    fn path_end(&mut self) {
        self.close_ring();
        let mut builder = self.builder.take().unwrap_or_default();
        if self.non_finite {
            self.skipped += 1;
            builder.clear();
            self.builder = Some(builder);
            return;
        }
        let filled = self.kind == PathKind::Polygon && self.mode != Mode::Outline;
        if filled
            && self.rings == 1
            && let Some(b) = self.first.as_box()
        {
            builder.clear();
            self.builder = Some(builder);
            self.deposit_box(b);
            return;
        }
        let Some(path) = builder.finish() else {
            self.builder = Some(PathBuilder::new());
            return;
        };
        if filled {
            self.deposit_path(&path);
        } else {
            let stroke = Stroke {
                width: 1.0,
                ..Stroke::default()
            };
            if let Some(outline) = self.stroker.stroke(&path, &stroke, 1.0) {
                self.deposit_path(&outline);
            }
        }
        self.builder = Some(path.clear());
    }

    fn rect(&mut self, xmin: f64, ymin: f64, xmax: f64, ymax: f64) {
        if self.mode == Mode::Outline {
            // The default: the box as a ring, stroked.
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
        } else if [xmin, ymin, xmax, ymax].iter().all(|v| v.is_finite()) {
            self.deposit_box([xmin, ymin, xmax, ymax]);
        } else {
            self.skipped += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::shapes::walk_wkb;

    const UNIT_SQUARE: Extent = [0.0, 0.0, 1.0, 1.0];

    fn sum(g: &Grid) -> u64 {
        g.cells.iter().map(|&c| u64::from(c)).sum()
    }

    #[test]
    fn points_land_in_their_pixel_with_y_up() {
        let mut r = Raster::new(UNIT_SQUARE, 4, 4, Mode::Density);
        r.point(0.1, 0.1); // bottom-left
        r.point(1.0, 1.0); // top-right corner: the last pixel
        r.point(2.0, 0.5); // outside: dropped
        r.point(f64::NAN, 0.5);
        assert_eq!(r.grid.cells[12], UNIT);
        assert_eq!(r.grid.cells[3], UNIT);
        assert_eq!(sum(&r.grid), 2 * u64::from(UNIT));
        assert_eq!(r.skipped, 1);
    }

    #[test]
    fn a_box_covers_its_exact_area() {
        let mut r = Raster::new(UNIT_SQUARE, 10, 10, Mode::Density);
        // 0.25 x 0.5 of the square: 2.5 x 5 pixels.
        r.rect(0.0, 0.0, 0.25, 0.5);
        assert_eq!(sum(&r.grid), (2.5 * 5.0 * f64::from(UNIT)) as u64);
        // Half a pixel in x at column 2.
        assert_eq!(r.grid.cells[5 * 10 + 2], UNIT / 2);
    }

    #[test]
    fn a_triangle_covers_about_its_area() {
        let mut r = Raster::new(UNIT_SQUARE, 100, 100, Mode::Fill);
        r.path_begin(PathKind::Polygon);
        r.ring_begin();
        for (x, y) in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)] {
            r.vertex(x, y);
        }
        r.path_end();
        let area = sum(&r.grid) as f64 / f64::from(UNIT);
        assert!((area - 5000.0).abs() < 50.0, "{area}");
        // Above the hypotenuse nothing is lit.
        assert_eq!(r.grid.cells[99], 0);
        assert!(r.mask.as_ref().unwrap().data().iter().all(|&m| m == 0));
    }

    #[test]
    fn wkb_boxes_take_the_exact_path_and_merge_in_any_order() {
        let boxes: Vec<Vec<u8>> = (0..50)
            .map(|i| {
                let x = f64::from(i) / 50.0;
                let text = format!(
                    "POLYGON(({x} 0,{} 0,{} 0.3,{x} 0.3,{x} 0))",
                    x + 0.013,
                    x + 0.013
                );
                let g: wkt::Wkt<f64> = text.parse().unwrap();
                let mut out = Vec::new();
                wkb::writer::write_geometry(&mut out, &g, &Default::default()).unwrap();
                out
            })
            .collect();
        let draw = |range: std::ops::Range<usize>| {
            let mut r = Raster::new(UNIT_SQUARE, 64, 64, Mode::Density);
            for b in &boxes[range] {
                walk_wkb(b, &mut r).unwrap();
            }
            r.grid
        };
        let whole = draw(0..50);
        let mut split = draw(30..50);
        split.merge(&draw(0..30));
        assert_eq!(whole, split);
        let mut native = Raster::new(UNIT_SQUARE, 64, 64, Mode::Density);
        for i in 0..50 {
            let x = f64::from(i) / 50.0;
            native.rect(x, 0.0, x + 0.013, 0.3);
        }
        assert_eq!(whole, native.grid);
    }

    #[test]
    fn outlines_light_the_boundary_only() {
        let mut r = Raster::new(UNIT_SQUARE, 100, 100, Mode::Outline);
        r.rect(0.2, 0.2, 0.8, 0.8);
        assert!(r.grid.cells[50 * 100 + 20] > 0);
        assert_eq!(r.grid.cells[50 * 100 + 50], 0);
    }
}
