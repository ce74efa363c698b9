//! Pure per-row generators of the tabular (non-spatial) columns: numbers, categories,
//! keys, times and text. Every value is a pure function of (stream, row, parameters): a
//! row draws its randomness from its own [`RowRng`](super::RowRng), never from a
//! sequential generator over rows, so any row can be computed alone, in any order.
//!
//! The algorithms are frozen (generator version 1): each type documents the exact
//! computation, and golden tests pin the outputs. Parameters are validated by the
//! constructors, which return a [`ParamError`](super::ParamError) naming the parameter.

pub mod bernoulli;
pub mod choice;
pub mod exponential;
pub mod feistel;
pub mod lognormal;
pub mod lorem;
pub mod normal;
pub mod pareto;
pub mod pattern;
pub mod poisson;
pub mod time;
pub mod uniform;
pub mod unique_int;
pub mod uuid;
pub mod weighted;
pub mod zipf;

pub use bernoulli::Bernoulli;
pub use choice::Choice;
pub use exponential::Exponential;
pub use feistel::Feistel;
pub use lognormal::LogNormal;
pub use lorem::LoremWords;
pub use normal::Normal;
pub use pareto::Pareto;
pub use pattern::Pattern;
pub use poisson::Poisson;
pub use time::{DateBetween, TimestampBetween, TimestampSeries};
pub use uniform::{UniformFloat, UniformInt, below};
pub use unique_int::UniqueInt;
pub use uuid::Uuid4;
pub use weighted::Weighted;
pub use zipf::Zipf;

/// A generator of one fixed-size value per row.
pub trait RowGenerator {
    /// The value type.
    type Value: Copy;

    /// The value of `row` in `stream`.
    fn value(&self, stream: u64, row: u64) -> Self::Value;

    /// Calls `f` with the values of `rows` in order. Generators with per-stream state
    /// (keys) override this to derive it once per call instead of once per row.
    #[inline]
    fn for_each(
        &self,
        stream: u64,
        rows: impl Iterator<Item = u64>,
        mut f: impl FnMut(Self::Value),
    ) {
        for row in rows {
            f(self.value(stream, row));
        }
    }

    /// When rows `0..n` get pairwise distinct values (a permutation), `n`. `None` when
    /// values may repeat. Orphan keys rely on it: a row past a parent's end then holds a
    /// value no parent row has.
    fn distinct_rows(&self) -> Option<u64> {
        None
    }

    /// Rows `0..row_limit()` can be generated (e.g. the size of a unique domain, or the
    /// first row whose timestamp would overflow). `u64::MAX` when unlimited.
    fn row_limit(&self) -> u64 {
        u64::MAX
    }
}

/// A generator of one text value per row, written as UTF-8 bytes.
pub trait TextGenerator {
    /// Appends the UTF-8 bytes of the value of `row` in `stream` to `out`.
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>);

    /// A typical value length in bytes, to size buffers.
    fn typical_len(&self) -> usize;

    /// For a generator whose rows `0..n` get pairwise distinct values, `n`: a table may have
    /// at most that many rows (checked when it is created, and for every batch).
    fn row_limit(&self) -> Option<u64> {
        None
    }
}
