//! The histogram of one numeric column: `width` equal bins over the extent's x range, counted
//! exactly (counts merge by addition, so any partitioning gives the same bars).

use super::shapes::{PathKind, Visitor};

/// Bin counts over `[x0, x1]`; values outside, NaN and infinities are not counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    x0: u64,
    x1: u64,
    pub bins: Vec<u64>,
}

impl Histogram {
    pub fn new(x0: f64, x1: f64, bins: u32) -> Self {
        Self {
            x0: x0.to_bits(),
            x1: x1.to_bits(),
            bins: vec![0; bins as usize],
        }
    }

    pub fn merge(&mut self, o: &Histogram) {
        for (a, b) in self.bins.iter_mut().zip(&o.bins) {
            *a += b;
        }
    }
}

impl Visitor for Histogram {
    fn point(&mut self, x: f64, _: f64) {
        let (x0, x1) = (f64::from_bits(self.x0), f64::from_bits(self.x1));
        if !(x0..=x1).contains(&x) {
            return;
        }
        let n = self.bins.len();
        let i = (((x - x0) / (x1 - x0)) * n as f64) as usize;
        self.bins[i.min(n - 1)] += 1;
    }
    fn path_begin(&mut self, _: PathKind) {}
    fn ring_begin(&mut self) {}
    fn vertex(&mut self, _: f64, _: f64) {}
    fn path_end(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_into_equal_bins() {
        let mut h = Histogram::new(0.0, 10.0, 5);
        for x in [0.0, 1.9, 2.0, 9.99, 10.0, 10.5, f64::NAN, -1.0] {
            h.point(x, 0.0);
        }
        assert_eq!(h.bins, vec![2, 1, 0, 0, 2]);
    }
}
