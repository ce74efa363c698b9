//! Spider's Sierpinski distribution, computed per row without a cross-row chain.
//!
//! Spider runs a "chaos game": rows 0, 1, 2 are the vertices (0,0), (1,0), (0.5, √3/2) and
//! every later point is the midpoint between the previous point and a vertex chosen with
//! weights 2/5, 2/5, 1/5. Its points follow (after burn-in) the chain's stationary law.
//!
//! Here rows 0, 1, 2 are the same three vertices, and row i ≥ 3 is an exact draw from that
//! stationary law: a walk of [`STEPS`] midpoint moves from (0,0), each towards a vertex
//! drawn with the same weights from the row's own stream. After 53 halvings the start point
//! weighs less than 2^-53, below double precision. Deviation from Spider: consecutive rows
//! are independent draws, not successive states of one chain.

use super::point::{Point, PointDistribution};
use crate::generate::RowRng;

/// Number of midpoint moves per row.
pub const STEPS: u32 = 54;

/// Base-5 digits extracted from one 64-bit draw (5^27 < 2^63).
const DIGITS_PER_DRAW: u32 = 27;

const VERTICES: [Point; 3] = [[0.0, 0.0], [1.0, 0.0], [0.5, 0.866_025_403_784_438_6]];

/// The Sierpinski triangle, vertex weights 2/5, 2/5, 1/5.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Sierpinski;

/// The vertex picked by a die with five faces: faces 0, 1 → (0,0); 2, 3 → (1,0); 4 → apex.
#[inline]
fn vertex(face: u64) -> Point {
    VERTICES[[0, 0, 1, 1, 2][face as usize]]
}

impl PointDistribution for Sierpinski {
    #[inline]
    fn sample(&self, row: u64, rng: &mut RowRng) -> Point {
        if row < 3 {
            return VERTICES[row as usize];
        }
        let mut p = [0.0, 0.0];
        let mut step = 0;
        while step < STEPS {
            // Successive base-5 digits of the fraction bits/2^64: each digit is a fair die.
            let mut bits = rng.next_u64();
            for _ in 0..DIGITS_PER_DRAW.min(STEPS - step) {
                let wide = u128::from(bits) * 5;
                let face = (wide >> 64) as u64;
                bits = wide as u64;
                let v = vertex(face);
                p = [(p[0] + v[0]) * 0.5, (p[1] + v[1]) * 0.5];
                step += 1;
            }
        }
        p
    }
}
