//! The fidelity report: the profiles of generated rows against the source's, per column —
//! numbers by a Kolmogorov–Smirnov distance read at the source's quantile points, categories
//! by total variation distance (values suppressed by k-anonymity counted as one "other"),
//! booleans by the difference of their true shares, text by the relative difference of mean
//! lengths — with the null-rate and distinct-ratio differences.

use std::collections::HashMap;

use super::profile::{ColumnProfile, Kind};

/// One column's comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Fidelity {
    pub column: String,
    /// What `distance` is: `KS`, `TV`, `quantile`, `key`, `share` or `length`.
    pub measure: &'static str,
    pub distance: f64,
    /// Generated minus source null rate.
    pub null_delta: f64,
    /// Generated minus source distinct values per non-null value.
    pub distinct_delta: f64,
}

/// The CDF of a column at `x`, from its quantiles (linear between them).
fn cdf(q: &[f64], probabilities: &[f64], x: f64) -> f64 {
    if q.is_empty() {
        return 0.0;
    }
    if x < q[0] {
        return 0.0;
    }
    if x >= q[q.len() - 1] {
        return 1.0;
    }
    for i in 0..q.len() - 1 {
        if x < q[i + 1] {
            let span = q[i + 1] - q[i];
            let t = if span > 0.0 { (x - q[i]) / span } else { 1.0 };
            return probabilities[i] + t * (probabilities[i + 1] - probabilities[i]);
        }
    }
    1.0
}

fn share(p: &ColumnProfile) -> (f64, f64) {
    let rows = p.rows.max(1) as f64;
    let non_null = p.non_null.max(1) as f64;
    (1.0 - p.non_null as f64 / rows, p.distinct as f64 / non_null)
}

/// Total variation distance between two value-count lists; source values seen fewer than `k`
/// times and generated labels ending in `_other` count as one value.
fn total_variation(source: &[(String, u64)], generated: &[(String, u64)], k: u64) -> f64 {
    let mut s: HashMap<&str, f64> = HashMap::new();
    let st: u64 = source.iter().map(|(_, n)| n).sum();
    for (v, n) in source {
        let key = if *n < k { "\u{0}other" } else { v.as_str() };
        *s.entry(key).or_default() += *n as f64 / st.max(1) as f64;
    }
    let mut g: HashMap<&str, f64> = HashMap::new();
    let gt: u64 = generated.iter().map(|(_, n)| n).sum();
    for (v, n) in generated {
        let key = if v.ends_with("_other") {
            "\u{0}other"
        } else {
            v.as_str()
        };
        *g.entry(key).or_default() += *n as f64 / gt.max(1) as f64;
    }
    let keys: std::collections::BTreeSet<&str> = s.keys().chain(g.keys()).copied().collect();
    0.5 * keys
        .iter()
        .map(|k| (s.get(k).unwrap_or(&0.0) - g.get(k).unwrap_or(&0.0)).abs())
        .sum::<f64>()
}

/// Compares generated profiles with the source's, column by column (by name).
pub fn compare(
    source: &[ColumnProfile],
    generated: &[ColumnProfile],
    probabilities: &[f64],
    k: u64,
) -> Vec<Fidelity> {
    let mut out = Vec::new();
    for s in source {
        let Some(g) = generated.iter().find(|g| g.name == s.name) else {
            continue;
        };
        let (sn, sd) = share(s);
        let (gn, gd) = share(g);
        let key = |p: &ColumnProfile| {
            p.kind == Kind::Integer
                && p.non_null > 0
                && p.distinct as f64 >= 0.97 * p.non_null as f64
        };
        let (measure, distance) = match (&s.kind, &s.categories, &g.categories) {
            // Keys: generated rows are a prefix of the table, so their range is not comparable;
            // that they stay unique is.
            (Kind::Integer, _, _) if key(s) => ("key", if key(g) { 0.0 } else { 1.0 }),
            (Kind::Text, Some(sc), Some(gc)) => ("TV", total_variation(sc, gc, k)),
            (Kind::Text, _, _) => (
                "length",
                match (s.mean_chars, g.mean_chars) {
                    (Some(a), Some(b)) if a > 0.0 => (b - a).abs() / a,
                    _ => 0.0,
                },
            ),
            (Kind::Boolean, _, _) => (
                "share",
                (s.true_share.unwrap_or(0.0) - g.true_share.unwrap_or(0.0)).abs(),
            ),
            // Integers: quantiles are steps, so compare them directly, as a share of the
            // source's inner range.
            (Kind::Integer, _, _)
                if s.quantiles.len() == probabilities.len()
                    && g.quantiles.len() == probabilities.len() =>
            {
                let n = s.quantiles.len();
                let range = (s.quantiles[n - 1] - s.quantiles[0]).max(1.0);
                let d = (1..n - 1)
                    .map(|i| (s.quantiles[i] - g.quantiles[i]).abs() / range)
                    .fold(0.0, f64::max);
                ("quantile", d)
            }
            _ if s.quantiles.len() == probabilities.len()
                && g.quantiles.len() == probabilities.len() =>
            {
                let inner = 1..probabilities.len() - 1;
                let d = inner
                    .map(|i| {
                        (cdf(&g.quantiles, probabilities, s.quantiles[i]) - probabilities[i]).abs()
                    })
                    .fold(0.0, f64::max);
                ("KS", d)
            }
            _ => ("KS", f64::NAN),
        };
        out.push(Fidelity {
            column: s.name.clone(),
            measure,
            distance,
            null_delta: gn - sn,
            distinct_delta: gd - sd,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_variation_lumps_the_suppressed_tail() {
        let s = vec![
            ("a".to_string(), 50),
            ("b".to_string(), 40),
            ("c".to_string(), 5),
            ("d".to_string(), 5),
        ];
        let g = vec![
            ("a".to_string(), 50),
            ("b".to_string(), 40),
            ("x_other".to_string(), 10),
        ];
        assert!(total_variation(&s, &g, 11) < 1e-12);
        let g2 = vec![("a".to_string(), 100)];
        assert!((total_variation(&s, &g2, 11) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn cdf_interpolates_between_quantiles() {
        let p = [0.0, 0.5, 1.0];
        let q = [0.0, 10.0, 20.0];
        assert_eq!(cdf(&q, &p, 5.0), 0.25);
        assert_eq!(cdf(&q, &p, -1.0), 0.0);
        assert_eq!(cdf(&q, &p, 25.0), 1.0);
    }
}
