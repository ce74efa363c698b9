//! `pattern('ORD-####-??')`: strings from a template of character classes.

use super::{TextGenerator, below};
use crate::generate::{ParamError, RowRng};

/// Longest accepted template, in characters.
pub const MAX_PATTERN_CHARS: usize = 4096;

const DIGITS: &[u8] = b"0123456789";
const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const ALNUM: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const HEX: &[u8] = b"0123456789abcdef";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Slot {
    /// Bytes copied as they are.
    Literal(Vec<u8>),
    /// One character drawn uniformly from the class.
    Class(&'static [u8]),
}

/// A template of character classes, left to right:
///
/// | char | produces |
/// |------|----------|
/// | `#`  | a digit `0-9` |
/// | `?`  | an upper-case letter `A-Z` |
/// | `_`  | a lower-case letter `a-z` |
/// | `*`  | an upper-case letter or digit `0-9A-Z` |
/// | `^`  | a lower-case hex digit `0-9a-f` |
/// | `\c` | the character `c` itself (escape) |
/// | other | itself |
///
/// Each class character is [`below`]`(class size)` on the row's stream, drawn in template
/// order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    slots: Vec<Slot>,
    len: usize,
}

impl Pattern {
    /// Parses `template`; a trailing lone `\` and templates over 4096 characters are errors.
    pub fn new(template: &str) -> Result<Self, ParamError> {
        let count = template.chars().count();
        if count > MAX_PATTERN_CHARS {
            return Err(ParamError::new(
                "template",
                format!("a text of {count} characters"),
                format!("at most {MAX_PATTERN_CHARS} characters"),
            ));
        }
        let mut slots: Vec<Slot> = Vec::new();
        let mut literal = Vec::new();
        let mut chars = template.chars();
        while let Some(c) = chars.next() {
            let class: Option<&'static [u8]> = match c {
                '#' => Some(DIGITS),
                '?' => Some(LETTERS),
                '_' => Some(LOWER),
                '*' => Some(ALNUM),
                '^' => Some(HEX),
                '\\' => {
                    let Some(escaped) = chars.next() else {
                        return Err(ParamError::new(
                            "template",
                            format!("'{template}'"),
                            "a template not ending in a lone '\\' (write '\\\\' for a backslash)",
                        ));
                    };
                    let mut buf = [0u8; 4];
                    literal.extend_from_slice(escaped.encode_utf8(&mut buf).as_bytes());
                    None
                }
                _ => {
                    let mut buf = [0u8; 4];
                    literal.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                    None
                }
            };
            if let Some(class) = class {
                if !literal.is_empty() {
                    slots.push(Slot::Literal(std::mem::take(&mut literal)));
                }
                slots.push(Slot::Class(class));
            }
        }
        if !literal.is_empty() {
            slots.push(Slot::Literal(literal));
        }
        let len = slots
            .iter()
            .map(|s| match s {
                Slot::Literal(b) => b.len(),
                Slot::Class(_) => 1,
            })
            .sum();
        Ok(Pattern { slots, len })
    }
}

impl TextGenerator for Pattern {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        let mut rng = RowRng::new(stream, row);
        for slot in &self.slots {
            match slot {
                Slot::Literal(bytes) => out.extend_from_slice(bytes),
                Slot::Class(class) => out.push(class[below(&mut rng, class.len() as u64) as usize]),
            }
        }
    }

    fn typical_len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_and_escapes() {
        let p = Pattern::new(r"ORD-##\#-?_*^é").unwrap();
        let mut out = Vec::new();
        p.write(1, 2, &mut out);
        let s = String::from_utf8(out).unwrap();
        let c: Vec<char> = s.chars().collect();
        assert_eq!(c.len(), 13, "{s}");
        assert!(s.starts_with("ORD-"));
        assert!(c[4].is_ascii_digit() && c[5].is_ascii_digit() && c[6] == '#' && c[7] == '-');
        assert!(c[8].is_ascii_uppercase() && c[9].is_ascii_lowercase());
        assert!(c[10].is_ascii_digit() || c[10].is_ascii_uppercase());
        assert!(c[11].is_ascii_hexdigit() && !c[11].is_ascii_uppercase());
        assert_eq!(c[12], 'é');
        assert!(Pattern::new("ab\\").is_err());
    }
}
