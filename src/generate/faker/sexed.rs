//! First names by sex, weighted by real frequency: [`SexedNames`] draws from the SSA lists
//! of [`super::ssa_names`] (`en_US` only; no other locale of `fake` splits names by sex).

use std::sync::Arc;

use super::Locale;
use super::ssa_names::{FEMALE, MALE};
use crate::generate::tabular::below;
use crate::generate::{ParamError, RowRng};

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    /// Female first names.
    Female,
    /// Male first names.
    Male,
}

/// A first name of one sex, drawn with probability proportional to its count: `x =
/// below(Σ counts)` on the row's stream, then the first name whose cumulative count
/// exceeds `x` (exact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SexedNames {
    names: &'static [(&'static str, u32)],
    cumulative: Arc<[u64]>,
}

impl SexedNames {
    /// The names of `sex` in `locale`; only `en_US` has them.
    pub fn new(sex: Sex, locale: Locale, function: &str) -> Result<Self, ParamError> {
        if locale != Locale::EnUs {
            return Err(ParamError::new(
                "locale",
                format!(
                    "'{}' (which has no first names by sex for {function})",
                    locale.name()
                ),
                "en_US: only the US names (SSA frequencies) are split by sex; use first_name() for other locales",
            ));
        }
        let names = match sex {
            Sex::Female => FEMALE,
            Sex::Male => MALE,
        };
        let cumulative = names
            .iter()
            .scan(0u64, |total, &(_, c)| {
                *total += u64::from(c);
                Some(*total)
            })
            .collect();
        Ok(SexedNames { names, cumulative })
    }

    /// Writes the name of `rng`'s next draw.
    #[inline]
    pub fn write(&self, rng: &mut RowRng, out: &mut Vec<u8>) {
        let total = self.cumulative[self.cumulative.len() - 1];
        let x = below(rng, total);
        let i = self.cumulative.partition_point(|&c| c <= x);
        out.extend_from_slice(self.names[i].0.as_bytes());
    }

    /// The longest name's length.
    pub fn typical_len(&self) -> usize {
        7
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_their_counts() {
        // Chi-square over the 10 most frequent names and the rest, 400,000 draws.
        for sex in [Sex::Female, Sex::Male] {
            let g = SexedNames::new(sex, Locale::EnUs, "f").unwrap();
            let total = *g.cumulative.last().unwrap() as f64;
            let mut seen = [0u64; 11];
            let n = 400_000u64;
            for row in 0..n {
                let mut out = Vec::new();
                g.write(&mut RowRng::new(9, row), &mut out);
                let name = std::str::from_utf8(&out).unwrap();
                let i = g.names.iter().position(|(m, _)| *m == name).unwrap();
                seen[i.min(10)] += 1;
            }
            let mut chi2 = 0.0;
            for (i, &o) in seen.iter().enumerate() {
                let p = if i < 10 {
                    f64::from(g.names[i].1) / total
                } else {
                    1.0 - g.names[..10]
                        .iter()
                        .map(|(_, c)| f64::from(*c))
                        .sum::<f64>()
                        / total
                };
                let e = p * n as f64;
                chi2 += (o as f64 - e).powi(2) / e;
            }
            // df 10: mean 10, sd sqrt(20); 10 + 6·4.5 ≈ 37.
            assert!(chi2 < 37.0, "{sex:?}: chi-square {chi2}");
        }
    }

    #[test]
    fn only_en_us_has_names_by_sex() {
        assert!(SexedNames::new(Sex::Male, Locale::EnUs, "f").is_ok());
        let e = SexedNames::new(Sex::Female, Locale::DeDe, "first_name_female").unwrap_err();
        assert_eq!(e.param, "locale");
    }
}
