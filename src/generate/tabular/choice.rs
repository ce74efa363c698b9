//! `choice([v…])`: the index of a uniformly chosen list element.

use super::{RowGenerator, below};
use crate::generate::{ParamError, RowRng};

/// A uniform index in `[0, n)`: [`below`]`(n)` on the row's stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    n: u64,
}

impl Choice {
    /// Indices into a list of `n >= 1` values.
    pub fn new(n: usize) -> Result<Self, ParamError> {
        if n == 0 {
            return Err(ParamError::new("values", "[]", "a non-empty list"));
        }
        Ok(Choice { n: n as u64 })
    }
}

impl RowGenerator for Choice {
    type Value = u32;

    #[inline]
    fn value(&self, stream: u64, row: u64) -> u32 {
        below(&mut RowRng::new(stream, row), self.n) as u32
    }
}
