//! The options of learning: mode (footer statistics, a seeded sample, a full scan), privacy
//! level, the k of k-anonymity, the row count of the emitted table, and their parsing from
//! `key = value` pairs with errors naming the option, the value and what is allowed.

use datafusion::common::{DataFusionError, Result};

/// How much of the source is read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    /// Parquet footer statistics only: no row is read.
    Footer,
    /// A seeded sample: whole row groups of Parquet files, rows of other sources.
    Sample { fraction: f64, seed: u64 },
    /// Every row.
    Full,
}

/// How much of the source the emitted DDL may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// Inner quantiles (2.5 %..97.5 %), every number rounded to 2 significant digits, k at
    /// least 20, a dominant category capped at 90 %, keys restarted at 1.
    Strict,
    /// Inner quantiles (0.5 %..99.5 %) instead of min/max, values seen fewer than k times
    /// suppressed, free text replaced by lorem of similar length (the default).
    Balanced,
    /// The source's own min/max and every category: for data that is not personal.
    Off,
}

/// The options of one learning run.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnOptions {
    pub mode: Mode,
    pub privacy: Privacy,
    /// A categorical value seen fewer than `k` times is never emitted.
    pub k: u64,
    /// Rows of the emitted table (default: the source's).
    pub rows: Option<u64>,
    /// Seed of the emitted table.
    pub seed: u64,
    /// A text column with at most this many distinct values is categorical.
    pub max_categories: usize,
    /// Rows a sample keeps at most (bounded memory).
    pub max_sample_rows: usize,
}

impl Default for LearnOptions {
    fn default() -> Self {
        Self {
            mode: Mode::Sample {
                fraction: 0.01,
                seed: 0,
            },
            privacy: Privacy::Balanced,
            k: 11,
            rows: None,
            seed: 0,
            max_categories: 1000,
            max_sample_rows: 1_000_000,
        }
    }
}

/// The option names, for the error on an unknown one.
pub const OPTION_NAMES: [&str; 8] = [
    "mode",
    "fraction",
    "sample_seed",
    "privacy",
    "k",
    "rows",
    "seed",
    "max_categories",
];

fn bad(name: &str, value: &str, allowed: &str) -> DataFusionError {
    DataFusionError::Plan(format!(
        "LEARN: invalid value for '{name}': '{value}'; allowed: {allowed}"
    ))
}

fn integer(name: &str, value: &str, min: u64) -> Result<u64> {
    let v = value.trim().replace('_', "");
    let n = v
        .parse::<u64>()
        .ok()
        .or_else(|| {
            let f: f64 = v.parse().ok()?;
            (f.fract() == 0.0 && (0.0..9.2e18).contains(&f)).then_some(f as u64)
        })
        .filter(|n| *n >= min);
    n.ok_or_else(|| bad(name, value, &format!("an integer of at least {min}")))
}

impl LearnOptions {
    /// Options from `key = value` pairs (keys case-insensitive, each at most once).
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<Self> {
        let mut out = Self::default();
        let mut mode = "sample".to_string();
        let (mut fraction, mut sample_seed) = (0.01, 0u64);
        let mut seen: Vec<String> = Vec::new();
        for (key, value) in pairs {
            let key = key.to_ascii_lowercase();
            if seen.contains(&key) {
                return Err(DataFusionError::Plan(format!(
                    "LEARN: option '{key}' is given more than once"
                )));
            }
            seen.push(key.clone());
            let v = value.trim();
            match key.as_str() {
                "mode" => mode = v.to_ascii_lowercase(),
                "fraction" => {
                    fraction = v
                        .parse::<f64>()
                        .ok()
                        .filter(|f| *f > 0.0 && *f <= 1.0)
                        .ok_or_else(|| bad("fraction", value, "a number in (0, 1]"))?
                }
                "sample_seed" => sample_seed = integer("sample_seed", value, 0)?,
                "privacy" => {
                    out.privacy = match v.to_ascii_lowercase().as_str() {
                        "strict" => Privacy::Strict,
                        "balanced" => Privacy::Balanced,
                        "off" => Privacy::Off,
                        _ => return Err(bad("privacy", value, "'strict', 'balanced' or 'off'")),
                    }
                }
                "k" => out.k = integer("k", value, 1)?,
                "rows" => out.rows = Some(integer("rows", value, 1)?),
                "seed" => out.seed = integer("seed", value, 0)?,
                "max_categories" => {
                    out.max_categories = integer("max_categories", value, 1)?.min(100_000) as usize
                }
                other => {
                    return Err(DataFusionError::Plan(format!(
                        "LEARN: unknown option '{other}'; valid options: {}",
                        OPTION_NAMES.join(", ")
                    )));
                }
            }
        }
        out.mode = match mode.as_str() {
            "footer" | "statistics" => Mode::Footer,
            "sample" => Mode::Sample {
                fraction,
                seed: sample_seed,
            },
            "full" => Mode::Full,
            _ => return Err(bad("mode", &mode, "'footer', 'sample' or 'full'")),
        };
        if out.privacy == Privacy::Strict {
            out.k = out.k.max(20);
        }
        if out.privacy == Privacy::Off && !seen.iter().any(|k| k == "k") {
            out.k = 1;
        }
        Ok(out)
    }

    /// The mode as the DDL's comment names it.
    pub fn mode_text(&self) -> String {
        match self.mode {
            Mode::Footer => "footer".to_string(),
            Mode::Sample { fraction, seed } => format!("sample (fraction {fraction}, seed {seed})"),
            Mode::Full => "full".to_string(),
        }
    }

    /// The privacy level as the DDL's comment names it.
    pub fn privacy_text(&self) -> &'static str {
        match self.privacy {
            Privacy::Strict => "strict",
            Privacy::Balanced => "balanced",
            Privacy::Off => "off",
        }
    }

    /// The probabilities of the quantiles carried to the emitted DDL: the inner ends (0.5 %
    /// and 99.5 %, or 2.5 %/97.5 % strict, or 0/100 % with privacy off) and every 5 % between.
    pub fn probabilities(&self) -> Vec<f64> {
        let (lo, hi) = match self.privacy {
            Privacy::Strict => (0.025, 0.975),
            Privacy::Balanced => (0.005, 0.995),
            Privacy::Off => (0.0, 1.0),
        };
        let mut p = vec![lo];
        p.extend((1..20).map(|i| i as f64 / 20.0));
        p.push(hi);
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parses_and_refuses() {
        let o = LearnOptions::from_pairs(&pairs(&[
            ("mode", "sample"),
            ("fraction", "0.1"),
            ("rows", "1e6"),
        ]))
        .unwrap();
        assert_eq!(
            o.mode,
            Mode::Sample {
                fraction: 0.1,
                seed: 0
            }
        );
        assert_eq!(o.rows, Some(1_000_000));
        let err = |p: &[(&str, &str)]| LearnOptions::from_pairs(&pairs(p)).unwrap_err().to_string();
        assert_eq!(
            err(&[("mode", "fast")]),
            "Error during planning: LEARN: invalid value for 'mode': 'fast'; allowed: 'footer', 'sample' or 'full'"
        );
        assert_eq!(
            err(&[("fraction", "0")]),
            "Error during planning: LEARN: invalid value for 'fraction': '0'; allowed: a number in (0, 1]"
        );
        assert_eq!(
            err(&[("colour", "red")]),
            "Error during planning: LEARN: unknown option 'colour'; valid options: mode, fraction, sample_seed, privacy, k, rows, seed, max_categories"
        );
        assert_eq!(
            LearnOptions::from_pairs(&pairs(&[("privacy", "strict"), ("k", "5")]))
                .unwrap()
                .k,
            20
        );
    }
}
