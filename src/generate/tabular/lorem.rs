//! `lorem_words(n)`: `n` lorem-ipsum words separated by single spaces.

use super::{TextGenerator, below};
use crate::generate::{ParamError, RowRng};

/// Most words per value.
pub const MAX_WORDS: i64 = 10_000;

/// The word list: the English lorem list of the `fake` crate (`fake::locales::Data::
/// LOREM_WORD`, 249 entries, some repeated), used as static data only; `fake`'s RNG is not.
pub fn words() -> &'static [&'static str] {
    <fake::locales::EN as fake::locales::Data>::LOREM_WORD
}

/// `n` words, each [`below`]`(len)` on the row's stream as an index into [`words`], joined by
/// `' '`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoremWords {
    n: u32,
}

impl LoremWords {
    /// `n` words, `1 <= n <= 10000`.
    pub fn new(n: i64) -> Result<Self, ParamError> {
        if !(1..=MAX_WORDS).contains(&n) {
            return Err(ParamError::new(
                "n",
                n,
                format!("an integer in [1, {MAX_WORDS}]"),
            ));
        }
        Ok(LoremWords { n: n as u32 })
    }
}

impl TextGenerator for LoremWords {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        let words = words();
        let mut rng = RowRng::new(stream, row);
        for i in 0..self.n {
            if i > 0 {
                out.push(b' ');
            }
            out.extend_from_slice(words[below(&mut rng, words.len() as u64) as usize].as_bytes());
        }
    }

    fn typical_len(&self) -> usize {
        self.n as usize * 7
    }
}
