//! Lorem text from a locale's lorem list (`en_US`'s Latin lorem ipsum, `zh_CN`'s Chinese):
//! `n` words, a sentence (4 to 12 words, the first capitalized, ending in a full stop) or a
//! paragraph (3 to 6 sentences). Chinese text is written without spaces and ends in `。`.

use super::locale::{List, Locale};
use super::template::{Words, pick};
use crate::generate::tabular::below;
use crate::generate::{ParamError, RowRng};

/// Most words of `words(n)`.
pub const MAX_WORDS: i64 = 10_000;

/// What a lorem generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoremKind {
    /// `n` words.
    Words(u32),
    /// One sentence.
    Sentence,
    /// One paragraph.
    Paragraph,
}

/// A lorem generator prepared for one locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lorem {
    kind: LoremKind,
    words: Words,
    spaced: bool,
}

impl Lorem {
    /// `kind` in `locale`, which must have lorem words.
    pub fn new(function: &str, kind: LoremKind, locale: Locale) -> Result<Lorem, ParamError> {
        if let LoremKind::Words(n) = kind
            && !(1..=MAX_WORDS).contains(&i64::from(n))
        {
            return Err(ParamError::new(
                "n",
                n,
                format!("an integer in [1, {MAX_WORDS}]"),
            ));
        }
        locale.require(function, &[List::Lorem])?;
        Ok(Lorem {
            kind,
            words: locale.data().lorem,
            spaced: !matches!(locale, Locale::ZhCn | Locale::ZhTw | Locale::JaJp),
        })
    }

    /// `n` for [`LoremKind::Words`] from a user's BIGINT.
    pub fn words_kind(n: i64) -> Result<LoremKind, ParamError> {
        if !(1..=MAX_WORDS).contains(&n) {
            return Err(ParamError::new(
                "n",
                n,
                format!("an integer in [1, {MAX_WORDS}]"),
            ));
        }
        Ok(LoremKind::Words(n as u32))
    }

    fn write_words(&self, rng: &mut RowRng, n: u64, capitalize: bool, out: &mut Vec<u8>) {
        for i in 0..n {
            if i > 0 && self.spaced {
                out.push(b' ');
            }
            let start = out.len();
            out.extend_from_slice(pick(rng, self.words).as_bytes());
            if capitalize && i == 0 {
                out[start] = out[start].to_ascii_uppercase();
            }
        }
    }

    fn write_sentence(&self, rng: &mut RowRng, out: &mut Vec<u8>) {
        let n = 4 + below(rng, 9);
        self.write_words(rng, n, true, out);
        out.extend_from_slice(if self.spaced { "." } else { "。" }.as_bytes());
    }

    /// Appends one value.
    #[inline]
    pub fn write(&self, rng: &mut RowRng, out: &mut Vec<u8>) {
        match self.kind {
            LoremKind::Words(n) => self.write_words(rng, u64::from(n), false, out),
            LoremKind::Sentence => self.write_sentence(rng, out),
            LoremKind::Paragraph => {
                let n = 3 + below(rng, 4);
                for i in 0..n {
                    if i > 0 && self.spaced {
                        out.push(b' ');
                    }
                    self.write_sentence(rng, out);
                }
            }
        }
    }

    /// About how many bytes a value takes.
    pub fn typical_len(&self) -> usize {
        match self.kind {
            LoremKind::Words(n) => n as usize * 7,
            LoremKind::Sentence => 56,
            LoremKind::Paragraph => 256,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_paragraphs_have_their_shape() {
        let s = Lorem::new("sentence", LoremKind::Sentence, Locale::EnUs).unwrap();
        let p = Lorem::new("paragraph", LoremKind::Paragraph, Locale::EnUs).unwrap();
        for row in 0..500 {
            let mut out = Vec::new();
            s.write(&mut RowRng::new(1, row), &mut out);
            let t = String::from_utf8(out).unwrap();
            let words = t.split(' ').count();
            assert!((4..=12).contains(&words), "{t}");
            assert!(
                t.ends_with('.') && t.as_bytes()[0].is_ascii_uppercase(),
                "{t}"
            );
            let mut out = Vec::new();
            p.write(&mut RowRng::new(2, row), &mut out);
            let t = String::from_utf8(out).unwrap();
            assert!((3..=6).contains(&t.matches('.').count()), "{t}");
        }
        let zh = Lorem::new("sentence", LoremKind::Sentence, Locale::ZhCn).unwrap();
        let mut out = Vec::new();
        zh.write(&mut RowRng::new(1, 1), &mut out);
        assert!(String::from_utf8(out).unwrap().ends_with('。'));
        let e = Lorem::new("sentence", LoremKind::Sentence, Locale::DeDe).unwrap_err();
        assert!(e.allowed.contains("en_US, zh_CN"), "{e}");
        assert!(Lorem::words_kind(0).is_err());
    }
}
