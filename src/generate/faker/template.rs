//! Text templates of the semantic generators: `fake`'s `"{FirstName} {LastName}"` style
//! templates, parsed once into literal pieces and word lists, then written per row by
//! picking one word per placeholder on the row's stream. Also the digit formats
//! (`"#####"`, `"^##-###"`) of postcodes and building numbers.

use crate::generate::tabular::below;
use crate::generate::{ParamError, RowRng};

/// A word list.
pub type Words = &'static [&'static str];

/// One piece of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Copied as is.
    Lit(&'static str),
    /// One word of the list, picked uniformly.
    Pick(Words),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
    /// Whether a word starting with a lower-case letter is joined to the word before it
    /// (German street suffixes: `Horn` + `ufer` is `Hornufer`, `Smith` + `Avenue` keeps
    /// its space).
    glue: bool,
}

impl Template {
    /// Parses `tpl`, resolving each `{Placeholder}` with `resolve`. An unknown placeholder
    /// or an empty list is an error naming the template (a data bug, reported, not a panic).
    pub fn parse(
        tpl: &'static str,
        resolve: impl Fn(&str) -> Option<Words>,
    ) -> Result<Template, ParamError> {
        let mut parts = Vec::new();
        let mut rest = tpl;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Lit(&rest[..open]));
            }
            let Some(close) = rest[open..].find('}') else {
                return Err(ParamError::new("template", tpl, "balanced {placeholders}"));
            };
            let name = &rest[open + 1..open + close];
            match resolve(name) {
                Some(words) if !words.is_empty() => parts.push(Part::Pick(words)),
                _ => {
                    return Err(ParamError::new(
                        "template",
                        format!("{tpl} ({{{name}}})"),
                        "known placeholders with non-empty word lists",
                    ));
                }
            }
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Lit(rest));
        }
        Ok(Template { parts, glue: false })
    }

    /// This template, joining lower-case words to the word before them (see `glue`).
    pub fn glued(self) -> Template {
        Template { glue: true, ..self }
    }

    /// Appends the template's value for `rng` to `out`.
    #[inline]
    pub fn write(&self, rng: &mut RowRng, out: &mut Vec<u8>) {
        for part in &self.parts {
            match part {
                Part::Lit(s) => out.extend_from_slice(s.as_bytes()),
                Part::Pick(words) => {
                    let w = pick(rng, words);
                    if self.glue
                        && w.starts_with(|c: char| c.is_lowercase())
                        && out.last() == Some(&b' ')
                    {
                        out.pop();
                    }
                    out.extend_from_slice(w.as_bytes());
                }
            }
        }
    }

    /// About how many bytes a value takes.
    pub fn typical_len(&self) -> usize {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Lit(s) => s.len(),
                Part::Pick(w) => w.first().map_or(0, |s| s.len()),
            })
            .sum()
    }
}

/// A uniformly picked word: [`below`]`(len)` on `rng`. `words` must not be empty.
#[inline]
pub fn pick(rng: &mut RowRng, words: Words) -> &'static str {
    words[below(rng, words.len() as u64) as usize]
}

/// Appends a digit format: `#` a digit 0-9, `^` a digit 1-9, anything else copied.
#[inline]
pub fn write_digits(rng: &mut RowRng, format: &str, out: &mut Vec<u8>) {
    for b in format.bytes() {
        match b {
            b'#' => out.push(b'0' + below(rng, 10) as u8),
            b'^' => out.push(b'1' + below(rng, 9) as u8),
            b => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: Words = &["x"];
    const B: Words = &["y", "z"];

    #[test]
    fn parses_literals_and_placeholders() {
        let t = Template::parse("{A} and {B}!", |n| match n {
            "A" => Some(A),
            "B" => Some(B),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            t.parts,
            vec![
                Part::Pick(A),
                Part::Lit(" and "),
                Part::Pick(B),
                Part::Lit("!")
            ]
        );
        let mut out = Vec::new();
        t.write(&mut RowRng::new(1, 2), &mut out);
        let s = String::from_utf8(out).unwrap();
        assert!(s == "x and y!" || s == "x and z!", "{s}");
        assert!(Template::parse("{C}", |_| None).is_err());
        let g = Template::parse("{A} {B}", |n| {
            Some(if n == "A" {
                &["Horn"][..]
            } else {
                &["ufer"][..]
            })
        })
        .unwrap()
        .glued();
        let mut out = Vec::new();
        g.write(&mut RowRng::new(1, 1), &mut out);
        assert_eq!(out, b"Hornufer");
        assert!(Template::parse("{A", |_| Some(A)).is_err());
        assert!(Template::parse("{A}", |_| Some(&[])).is_err());
    }

    #[test]
    fn digit_formats() {
        let mut out = Vec::new();
        for row in 0..1000 {
            out.clear();
            write_digits(&mut RowRng::new(3, row), "^#-#", &mut out);
            assert_eq!(out.len(), 4);
            assert!((b'1'..=b'9').contains(&out[0]));
            assert!(out[1].is_ascii_digit() && out[3].is_ascii_digit());
            assert_eq!(out[2], b'-');
        }
    }
}
