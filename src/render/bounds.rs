//! The extent of the data: the first pass of an image drawn without an `extent` option reads
//! every coordinate (NaN and infinities aside) into a bounding box; worker boxes merge.

use super::options::Extent;
use super::shapes::{PathKind, Visitor};

/// A bounding box that grows with every finite coordinate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds(pub Extent);

impl Default for Bounds {
    fn default() -> Self {
        Self([
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ])
    }
}

impl Bounds {
    fn add(&mut self, x: f64, y: f64) {
        if x.is_finite() && y.is_finite() {
            let b = &mut self.0;
            b[0] = b[0].min(x);
            b[1] = b[1].min(y);
            b[2] = b[2].max(x);
            b[3] = b[3].max(y);
        }
    }

    pub fn merge(&mut self, o: Bounds) {
        self.add(o.0[0], o.0[1]);
        self.add(o.0[2], o.0[3]);
    }

    /// The extent to draw: `None` when no finite coordinate was seen. A side of zero length
    /// (one point, a vertical line) is widened by half a unit each way; others by half a
    /// pixel's worth (1/2048) so that the edges stay inside the image.
    pub fn extent(&self) -> Option<Extent> {
        let [x0, y0, x1, y1] = self.0;
        if !(x0 <= x1 && y0 <= y1) {
            return None;
        }
        let widen = |lo: f64, hi: f64| {
            let span = hi - lo;
            if span > 0.0 && span.is_finite() {
                (lo - span / 2048.0, hi + span / 2048.0)
            } else {
                (lo - 0.5, hi + 0.5)
            }
        };
        let ((x0, x1), (y0, y1)) = (widen(x0, x1), widen(y0, y1));
        Some([x0, y0, x1, y1])
    }
}

impl Visitor for Bounds {
    fn point(&mut self, x: f64, y: f64) {
        self.add(x, y);
    }
    fn path_begin(&mut self, _: PathKind) {}
    fn ring_begin(&mut self) {}
    fn vertex(&mut self, x: f64, y: f64) {
        self.add(x, y);
    }
    fn path_end(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_with_finite_coordinates_only() {
        let mut b = Bounds::default();
        assert_eq!(b.extent(), None);
        b.point(1.0, 2.0);
        b.vertex(f64::NAN, 9.0);
        b.point(f64::INFINITY, 0.0);
        assert_eq!(b.extent(), Some([0.5, 1.5, 1.5, 2.5]));
        let mut c = Bounds::default();
        c.point(3.0, 4.0);
        b.merge(c);
        let e = b.extent().unwrap();
        assert!(
            e[0] < 1.0 && e[0] > 0.99 && e[3] > 4.0 && e[3] < 4.01,
            "{e:?}"
        );
    }
}
