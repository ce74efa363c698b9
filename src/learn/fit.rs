//! Fitting a numeric column: each candidate family gets its parameters from the column's
//! moments (maximum likelihood where it is closed-form), and is scored by the largest gap
//! between its CDF and the column's quantiles (a Kolmogorov–Smirnov distance read at the
//! quantile points). The best family under the tolerance wins; otherwise the column keeps its
//! empirical quantile curve.

use super::profile::ColumnProfile;

/// Largest accepted distance for a family (at the quantile points).
pub const TOLERANCE: f64 = 0.03;

/// A fitted family with its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Family {
    Normal {
        mean: f64,
        sd: f64,
    },
    LogNormal {
        mu: f64,
        sigma: f64,
    },
    Exponential {
        rate: f64,
    },
    Uniform {
        lo: f64,
        hi: f64,
    },
    Pareto {
        scale: f64,
        shape: f64,
    },
    Poisson {
        lambda: f64,
    },
    /// Ranks `1..=n` with `P(k) ∝ k^-s`.
    Zipf {
        n: f64,
        s: f64,
    },
}

impl Family {
    /// The generator call, with its parameters rounded by `round`.
    pub fn call(&self, round: impl Fn(f64) -> f64) -> String {
        match *self {
            Family::Normal { mean, sd } => {
                format!("normal({}, {})", num(round(mean)), num(round(sd)))
            }
            Family::LogNormal { mu, sigma } => {
                format!("lognormal({}, {})", num(round(mu)), num(round(sigma)))
            }
            Family::Exponential { rate } => format!("exponential({})", num(round(rate))),
            Family::Uniform { lo, hi } => {
                format!("uniform({}, {})", num(round(lo)), num(round(hi)))
            }
            Family::Pareto { scale, shape } => {
                format!("pareto({}, {})", num(round(scale)), num(round(shape)))
            }
            Family::Poisson { lambda } => format!("poisson({})", num(round(lambda))),
            Family::Zipf { n, s } => format!("zipf({}, {})", n as i64, num(round(s))),
        }
    }

    /// Whether the family draws integers (its quantiles are read as steps).
    pub fn discrete(&self) -> bool {
        matches!(self, Family::Poisson { .. } | Family::Zipf { .. })
    }

    pub fn name(&self) -> &'static str {
        match self {
            Family::Normal { .. } => "normal",
            Family::LogNormal { .. } => "lognormal",
            Family::Exponential { .. } => "exponential",
            Family::Uniform { .. } => "uniform",
            Family::Pareto { .. } => "pareto",
            Family::Poisson { .. } => "poisson",
            Family::Zipf { .. } => "zipf",
        }
    }

    fn cdf(&self, x: f64) -> f64 {
        match *self {
            Family::Normal { mean, sd } => normal_cdf((x - mean) / sd),
            Family::LogNormal { mu, sigma } if x > 0.0 => normal_cdf((x.ln() - mu) / sigma),
            Family::LogNormal { .. } => 0.0,
            Family::Exponential { rate } => (1.0 - (-rate * x).exp()).max(0.0),
            Family::Uniform { lo, hi } => ((x - lo) / (hi - lo)).clamp(0.0, 1.0),
            Family::Pareto { scale, shape } if x > scale => 1.0 - (scale / x).powf(shape),
            Family::Pareto { .. } => 0.0,
            Family::Poisson { lambda } => poisson_cdf(lambda, x),
            Family::Zipf { n, s } if x >= 1.0 => {
                (harmonic(x.floor().min(n), s) / harmonic(n, s)).min(1.0)
            }
            Family::Zipf { .. } => 0.0,
        }
    }
}

/// `Σ_{i=1}^{k} i^-s`: the first terms summed, the rest by Euler–Maclaurin (three terms;
/// the error is far below the distances compared).
fn harmonic(k: f64, s: f64) -> f64 {
    const DIRECT: f64 = 64.0;
    let direct = k.min(DIRECT) as u64;
    let mut sum: f64 = (1..=direct).map(|i| (i as f64).powf(-s)).sum();
    if k > DIRECT {
        let (m, k) = (DIRECT + 1.0, k);
        let integral = if (s - 1.0).abs() < 1e-12 {
            (k / m).ln()
        } else {
            (k.powf(1.0 - s) - m.powf(1.0 - s)) / (1.0 - s)
        };
        sum += integral
            + (m.powf(-s) + k.powf(-s)) / 2.0
            + s / 12.0 * (m.powf(-s - 1.0) - k.powf(-s - 1.0));
    }
    sum
}

/// The Zipf exponent in `[0.5, 6]` whose CDF is closest to the quantiles (golden-section
/// search on the distance; below 0.5 a Zipf is nearly uniform, which `uniform` says better).
fn zipf_exponent(n: f64, q: &[f64], probabilities: &[f64]) -> f64 {
    let d = |s: f64| distance(&Family::Zipf { n, s }, q, probabilities);
    let (mut a, mut b) = (0.5f64, 6.0f64);
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut c, mut e) = (b - g * (b - a), a + g * (b - a));
    let (mut dc, mut de) = (d(c), d(e));
    for _ in 0..48 {
        if dc <= de {
            (b, e, de) = (e, c, dc);
            c = b - g * (b - a);
            dc = d(c);
        } else {
            (a, c, dc) = (c, e, de);
            e = a + g * (b - a);
            de = d(e);
        }
    }
    (a + b) / 2.0
}

/// A number as SQL: a float literal (with a decimal point, so it is DOUBLE).
pub fn num(x: f64) -> String {
    let s = if x != 0.0 && (x.abs() >= 1e15 || x.abs() < 1e-6) {
        format!("{x:e}")
    } else {
        format!("{x}")
    };
    if s.contains(['.', 'e', 'E', 'N', 'i']) {
        s
    } else {
        format!("{s}.0")
    }
}

fn normal_cdf(z: f64) -> f64 {
    0.5 * libm::erfc(-z / std::f64::consts::SQRT_2)
}

fn poisson_cdf(lambda: f64, x: f64) -> f64 {
    if x < 0.0 {
        return 0.0;
    }
    if lambda > 500.0 {
        return normal_cdf((x + 0.5 - lambda) / lambda.sqrt());
    }
    let k = x.floor() as u64;
    let mut pmf = (-lambda).exp();
    let mut sum = pmf;
    for i in 1..=k.min(10_000) {
        pmf *= lambda / i as f64;
        sum += pmf;
    }
    sum.min(1.0)
}

/// The distance between `family` and the column's quantiles `q` at `probabilities`: the
/// largest |F(q_i) − p_i| over the inner points, where the tails the privacy level cut
/// (the first and last) are left out.
pub fn distance(family: &Family, q: &[f64], probabilities: &[f64]) -> f64 {
    let discrete = family.discrete();
    q.iter()
        .zip(probabilities)
        .skip(1)
        .take(q.len().saturating_sub(2))
        .map(|(x, p)| {
            if discrete {
                // An integer quantile x at p means F(x − 1) ≤ p ≤ F(x).
                let x = x.round();
                (family.cdf(x - 1.0) - p).max(p - family.cdf(x)).max(0.0)
            } else {
                (family.cdf(*x) - p).abs()
            }
        })
        .fold(0.0, f64::max)
}

/// The candidates for a column, with parameters from its moments (a Zipf's exponent from
/// its distance at `probabilities`).
pub fn candidates(p: &ColumnProfile, integer: bool, probabilities: &[f64]) -> Vec<Family> {
    let (Some(mean), Some(sd)) = (p.mean, p.sd) else {
        return vec![];
    };
    let mut out = Vec::new();
    if sd > 0.0 && sd.is_finite() {
        out.push(Family::Normal { mean, sd });
    }
    let all_positive = p.positive_share >= 1.0;
    if all_positive
        && let (Some(mu), Some(sigma)) = (p.log_mean, p.log_sd)
        && sigma > 0.0
    {
        out.push(Family::LogNormal { mu, sigma });
    }
    if p.min.is_some_and(|m| m >= 0.0) && mean > 0.0 && !integer {
        out.push(Family::Exponential { rate: 1.0 / mean });
    }
    // Pareto: the scale at the lowest quantile kept, the shape by maximum likelihood
    // (1 / mean of ln(x / scale)).
    if all_positive
        && !integer
        && let (Some(log_mean), Some(scale)) = (p.log_mean, p.quantiles.first().copied())
        && scale > 0.0
        && log_mean > scale.ln()
    {
        out.push(Family::Pareto {
            scale,
            shape: 1.0 / (log_mean - scale.ln()),
        });
    }
    if let (Some(lo), Some(hi)) = (p.quantiles.first(), p.quantiles.last())
        && hi > lo
    {
        // The uniform's ends from its inner quantiles: q(p) = lo + p (hi − lo).
        let n = p.quantiles.len();
        if n >= 4 {
            let (q1, q2) = (p.quantiles[1], p.quantiles[n - 2]);
            let width = (q2 - q1) / (0.9);
            let lo = (q1 + q2) / 2.0 - width / 2.0;
            out.push(Family::Uniform { lo, hi: lo + width });
        }
    }
    if integer && p.min.is_some_and(|m| m >= 0.0) && mean > 0.0 {
        out.push(Family::Poisson { lambda: mean });
    }
    // Zipf: ranks from 1 up to the highest quantile kept, the exponent by the distance.
    if integer
        && let (Some(&lo), Some(&hi)) = (p.quantiles.first(), p.quantiles.last())
        && lo >= 1.0
        && (2.0..9e15).contains(&hi)
    {
        let n = hi.round();
        let s = zipf_exponent(n, &p.quantiles, probabilities);
        out.push(Family::Zipf { n, s });
    }
    out
}

/// The best family within [`TOLERANCE`], with its distance.
pub fn best(p: &ColumnProfile, integer: bool, probabilities: &[f64]) -> Option<(Family, f64)> {
    if p.quantiles.len() != probabilities.len() {
        return None;
    }
    candidates(p, integer, probabilities)
        .into_iter()
        .map(|f| (f, distance(&f, &p.quantiles, probabilities)))
        .filter(|(_, d)| *d <= TOLERANCE)
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probabilities() -> Vec<f64> {
        let mut p = vec![0.005];
        p.extend((1..20).map(|i| i as f64 / 20.0));
        p.push(0.995);
        p
    }

    #[test]
    fn exact_quantiles_have_no_distance() {
        let f = Family::Uniform { lo: 2.0, hi: 6.0 };
        let p = probabilities();
        let q: Vec<f64> = p.iter().map(|p| 2.0 + 4.0 * p).collect();
        assert!(distance(&f, &q, &p) < 1e-12);
        let n = Family::Normal { mean: 0.0, sd: 1.0 };
        assert!((n.cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-9);
        assert!((Family::Poisson { lambda: 2.0 }.cdf(2.0) - 0.676_676_416_183_063_9).abs() < 1e-12);
    }

    #[test]
    fn numbers_are_double_literals() {
        assert_eq!(num(3.0), "3.0");
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(1e300), "1e300");
    }
}

#[cfg(test)]
mod pareto_tests {
    use super::*;
    use crate::learn::profile::{ColumnProfile, Kind};
    use datafusion::arrow::datatypes::DataType;

    #[test]
    fn pareto_is_recovered_from_exact_quantiles() {
        let mut p = vec![0.005];
        p.extend((1..20).map(|i| i as f64 / 20.0));
        p.push(0.995);
        let q: Vec<f64> = p.iter().map(|p| 2.0 * (1.0 - p).powf(-1.0 / 3.0)).collect();
        let profile = ColumnProfile {
            name: "x".into(),
            data_type: DataType::Float64,
            kind: Kind::Float,
            rows: 1000,
            non_null: 1000,
            distinct: 1000,
            min: Some(2.0),
            max: Some(50.0),
            mean: Some(3.0),
            sd: Some(1.7),
            log_mean: Some(2f64.ln() + 1.0 / 3.0),
            log_sd: Some(1.0 / 3.0),
            positive_share: 1.0,
            quantiles: q.clone(),
            mean_chars: None,
            mean_words: None,
            detected: vec![],
            true_share: None,
            categories: None,
        };
        let (f, d) = best(&profile, false, &p).unwrap();
        assert_eq!(f.name(), "pareto");
        assert!(d < 0.005, "{d}");
    }
}

#[cfg(test)]
mod zipf_tests {
    use super::*;
    use crate::learn::profile::{ColumnProfile, Kind};
    use datafusion::arrow::datatypes::DataType;

    #[test]
    fn the_sum_matches_direct_summation() {
        for (k, s) in [(1000.0, 1.3), (5000.0, 1.0), (70.0, 0.7), (3.0, 2.0)] {
            let direct: f64 = (1..=k as u64).map(|i| (i as f64).powf(-s)).sum();
            assert!((harmonic(k, s) - direct).abs() < 1e-9 * direct, "{k} {s}");
        }
    }

    #[test]
    fn zipf_is_recovered_from_exact_quantiles() {
        let (n, s) = (1000u64, 1.3f64);
        let mut p = vec![0.005];
        p.extend((1..20).map(|i| i as f64 / 20.0));
        p.push(0.995);
        let total: f64 = (1..=n).map(|i| (i as f64).powf(-s)).sum();
        // The p-quantile: the least k with F(k) >= p.
        let q: Vec<f64> = p
            .iter()
            .map(|&p| {
                let mut acc = 0.0;
                (1..=n)
                    .find(|&k| {
                        acc += (k as f64).powf(-s) / total;
                        acc >= p
                    })
                    .unwrap_or(n) as f64
            })
            .collect();
        let profile = ColumnProfile {
            name: "rank".into(),
            data_type: DataType::Int64,
            kind: Kind::Integer,
            rows: 100_000,
            non_null: 100_000,
            distinct: 900,
            min: Some(1.0),
            max: Some(n as f64),
            mean: Some(20.0),
            sd: Some(80.0),
            log_mean: Some(1.5),
            log_sd: Some(1.5),
            positive_share: 1.0,
            quantiles: q,
            mean_chars: None,
            mean_words: None,
            detected: vec![],
            true_share: None,
            categories: None,
        };
        let (f, d) = best(&profile, true, &p).unwrap();
        let Family::Zipf { s: got, .. } = f else {
            panic!("{f:?} at {d}");
        };
        assert!((got - s).abs() < 0.1, "{got}");
        assert!(d < 0.02, "{d}");
    }
}
