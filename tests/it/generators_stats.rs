//! Statistical conformance of every distribution, on 400,000 rows of one stream.
//!
//! Tolerances are derived from the sample size n, never tuned to the output:
//! * means within 5 standard errors, `5·σ/√n`;
//! * sample variances within 5 standard errors, `5·√((μ₄ - σ⁴)/n)` with μ₄ the 4th central
//!   moment of the distribution;
//! * category shares by a chi-square statistic below `df + 2√(df·t) + 2t` with `t = 20`, the
//!   Laurent–Massart (2000) bound: a correct generator fails with probability `< e⁻²⁰`;
//! * the Zipf rank-frequency log-log slope within 5 standard errors of `-s`, the error of
//!   each `ln count_k` being `1/√count_k`.
//!
//! All outputs are deterministic, so a pass or a failure is reproducible.

use crate::generators_support;

use datafusion::arrow::array::{ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, TimeUnit};
use datafusion::common::ScalarValue;
use generators_support::*;

const N: u64 = 400_000;

fn arrays(name: &str, args: &[ScalarValue]) -> Vec<ArrayRef> {
    range(build(name, args).as_ref(), N)
}

/// Values as doubles (integers, dates and timestamps cast through BIGINT).
fn numbers(name: &str, args: &[ScalarValue]) -> Vec<f64> {
    let mut out = Vec::with_capacity(N as usize);
    for a in arrays(name, args) {
        let a = match a.data_type() {
            DataType::Date32 | DataType::Timestamp(..) => cast(&a, &DataType::Int64).unwrap(),
            DataType::Boolean => cast(&a, &DataType::Float64).unwrap(),
            _ => a,
        };
        let a = cast(&a, &DataType::Float64).unwrap();
        out.extend_from_slice(a.as_primitive::<Float64Type>().values());
    }
    out
}

/// Checks the sample mean and variance against `mean`, `var` with 4th central moment `mu4`.
fn moments(label: &str, v: &[f64], mean: f64, var: f64, mu4: f64) {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    let s2 = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
    let tol_mean = 5.0 * (var / n).sqrt();
    let tol_var = 5.0 * ((mu4 - var * var) / n).sqrt();
    assert!(
        (m - mean).abs() <= tol_mean,
        "{label}: mean {m}, expected {mean} ± {tol_mean}"
    );
    assert!(
        (s2 - var).abs() <= tol_var,
        "{label}: variance {s2}, expected {var} ± {tol_var}"
    );
}

/// The Laurent–Massart bound on a chi-square with `df` degrees of freedom, `t = 20`.
fn chi_square_limit(df: usize) -> f64 {
    let (df, t) = (df as f64, 20.0);
    df + 2.0 * (df * t).sqrt() + 2.0 * t
}

/// Chi-square of `counts` against `probabilities` (which sum to 1).
fn chi_square(label: &str, counts: &[u64], probabilities: &[f64]) {
    assert_eq!(counts.len(), probabilities.len());
    let n = counts.iter().sum::<u64>() as f64;
    let mut stat = 0.0;
    for (&c, &p) in counts.iter().zip(probabilities) {
        let e = n * p;
        assert!(e >= 5.0, "{label}: bin with expected count {e}: merge bins");
        stat += (c as f64 - e).powi(2) / e;
    }
    let limit = chi_square_limit(counts.len() - 1);
    assert!(
        stat <= limit,
        "{label}: chi-square {stat} over {} bins exceeds {limit}; counts {counts:?}",
        counts.len()
    );
}

#[test]
fn uniform_moments() {
    let w: f64 = 8.0;
    let v = numbers("uniform", &[f(2.0), f(10.0)]);
    assert!(v.iter().all(|x| (2.0..10.0).contains(x)));
    moments(
        "uniform(2.0, 10.0)",
        &v,
        6.0,
        w * w / 12.0,
        w.powi(4) / 80.0,
    );

    // Discrete uniform on N values: σ² = (N²-1)/12, μ₄ = (N²-1)(3N²-7)/240.
    let discrete = |label: &str, v: &[f64], lo: f64, hi: f64| {
        let k = hi - lo + 1.0;
        let var = (k * k - 1.0) / 12.0;
        let mu4 = (k * k - 1.0) * (3.0 * k * k - 7.0) / 240.0;
        assert!(v.iter().all(|x| (lo..=hi).contains(x)), "{label}");
        moments(label, v, (lo + hi) / 2.0, var, mu4);
    };
    let v = numbers("uniform", &[i(-5), i(5)]);
    discrete("uniform(-5, 5)", &v, -5.0, 5.0);
    let v = numbers("uniform", &[i(0), i(1_000_000_000_000)]);
    discrete("uniform(0, 10^12)", &v, 0.0, 1e12);
    let v = numbers("date_between", &[date("2020-01-01"), date("2020-12-31")]);
    discrete("date_between", &v, 18262.0, 18627.0);
    let v = numbers(
        "timestamp_between",
        &[
            ts("2024-01-01T00:00:00", TimeUnit::Second),
            ts("2024-01-02T00:00:00", TimeUnit::Second),
        ],
    );
    discrete("timestamp_between", &v, 1_704_067_200.0, 1_704_153_600.0);
    // Endpoints are reachable.
    let v = numbers("uniform", &[i(-1), i(1)]);
    for x in [-1.0, 0.0, 1.0] {
        assert!(v.contains(&x));
    }
    let counts = [-1.0, 0.0, 1.0].map(|x| v.iter().filter(|&&y| y == x).count() as u64);
    chi_square("uniform(-1, 1)", &counts, &[1.0 / 3.0; 3]);
}

#[test]
fn normal_and_lognormal_moments() {
    let v = numbers("normal", &[f(100.0), f(15.0)]);
    moments("normal(100, 15)", &v, 100.0, 225.0, 3.0 * 225.0 * 225.0);
    let v = numbers("normal", &[f(-3.0), f(0.0)]);
    assert!(v.iter().all(|&x| x == -3.0));

    let (mu, s): (f64, f64) = (0.5, 0.4);
    let s2 = s * s;
    let mean = (mu + s2 / 2.0).exp();
    let var = (s2.exp() - 1.0) * (2.0 * mu + s2).exp();
    let kurtosis = (4.0 * s2).exp() + 2.0 * (3.0 * s2).exp() + 3.0 * (2.0 * s2).exp() - 3.0;
    let v = numbers("lognormal", &[f(mu), f(s)]);
    assert!(v.iter().all(|&x| x > 0.0));
    moments("lognormal(0.5, 0.4)", &v, mean, var, kurtosis * var * var);
}

#[test]
fn exponential_and_pareto_moments() {
    let rate: f64 = 2.0;
    let v = numbers("exponential", &[f(rate)]);
    assert!(v.iter().all(|&x| x >= 0.0));
    moments(
        "exponential(2)",
        &v,
        1.0 / rate,
        1.0 / rate.powi(2),
        9.0 / rate.powi(4),
    );

    // Pareto(x_m, α) with α = 6 > 4 so that μ₄ is finite.
    let (xm, a): (f64, f64) = (2.0, 6.0);
    let mean = a * xm / (a - 1.0);
    let var = xm * xm * a / ((a - 1.0).powi(2) * (a - 2.0));
    let excess = 6.0 * (a.powi(3) + a * a - 6.0 * a - 2.0) / (a * (a - 3.0) * (a - 4.0));
    let v = numbers("pareto", &[f(xm), f(a)]);
    assert!(v.iter().all(|&x| x >= xm));
    moments("pareto(2, 6)", &v, mean, var, (excess + 3.0) * var * var);
}

#[test]
fn bernoulli_share() {
    for p in [0.0, 0.05, 0.3, 0.5, 1.0] {
        let v = numbers("bernoulli", &[f(p)]);
        // The variance of 0/1 values is a function of their mean: test the share only.
        let n = v.len() as f64;
        let share = v.iter().sum::<f64>() / n;
        let tol = 5.0 * (p * (1.0 - p) / n).sqrt();
        assert!(
            (share - p).abs() <= tol,
            "bernoulli({p}): share {share}, expected {p} ± {tol}"
        );
        if p == 0.0 || p == 1.0 {
            assert!(v.iter().all(|&x| x == p));
        }
    }
}

/// Poisson pmf.
fn poisson_pmf(lambda: f64, k: u64) -> f64 {
    (-lambda + k as f64 * lambda.ln() - libm::lgamma(k as f64 + 1.0)).exp()
}

#[test]
fn poisson_moments_and_shape() {
    // 3.5 uses inversion, the others PTRS (from λ = 10).
    for lambda in [0.0, 0.7, 3.5, 9.99, 10.0, 50.0, 1e6] {
        let v = numbers("poisson", &[f(lambda)]);
        assert!(v.iter().all(|&x| x >= 0.0 && x.fract() == 0.0));
        let label = format!("poisson({lambda})");
        moments(&label, &v, lambda, lambda, lambda * (1.0 + 3.0 * lambda));
        if lambda == 0.0 || lambda > 1000.0 {
            continue;
        }
        // Chi-square on the bins with expected count >= 20; the tails merged.
        let max = v.iter().fold(0.0f64, |a, &b| a.max(b)) as u64;
        let n = v.len() as f64;
        let keep: Vec<u64> = (0..=max)
            .filter(|&k| n * poisson_pmf(lambda, k) >= 20.0)
            .collect();
        let (lo, hi) = (keep[0], *keep.last().unwrap());
        let mut counts = vec![0u64; (hi - lo + 3) as usize];
        for &x in &v {
            let k = x as u64;
            let bin = if k < lo {
                0
            } else if k > hi {
                counts.len() - 1
            } else {
                (k - lo + 1) as usize
            };
            counts[bin] += 1;
        }
        let mut p: Vec<f64> = (lo..=hi).map(|k| poisson_pmf(lambda, k)).collect();
        let below: f64 = (0..lo).map(|k| poisson_pmf(lambda, k)).sum();
        let above = 1.0 - below - p.iter().sum::<f64>();
        p.insert(0, below);
        p.push(above);
        // Drop empty-probability tails (e.g. nothing below 0).
        let (counts, p): (Vec<u64>, Vec<f64>) = counts
            .into_iter()
            .zip(p)
            .filter(|(_, p)| n * p >= 5.0)
            .unzip();
        let total: f64 = p.iter().sum();
        let p: Vec<f64> = p.iter().map(|x| x / total).collect();
        chi_square(&label, &counts, &p);
    }
}

/// Counts of ranks 1..=n of `zipf(n, s)`.
fn zipf_counts(n: i64, s: f64) -> Vec<u64> {
    let v = numbers("zipf", &[i(n), f(s)]);
    let cap = n.min(1_000_000) as usize;
    let mut counts = vec![0u64; cap];
    for x in v {
        assert!(x >= 1.0 && x <= n as f64, "zipf({n}, {s}) gave {x}");
        if (x as usize) <= cap {
            counts[x as usize - 1] += 1;
        }
    }
    counts
}

/// Least-squares slope of `ln count_k` on `ln k` over ranks `1..=ranks`, and its standard
/// error from `var(ln count_k) ≈ 1/count_k`.
fn log_log_slope(counts: &[u64], ranks: usize) -> (f64, f64) {
    let xs: Vec<f64> = (1..=ranks).map(|k| (k as f64).ln()).collect();
    let ys: Vec<f64> = counts[..ranks].iter().map(|&c| (c as f64).ln()).collect();
    let xm = xs.iter().sum::<f64>() / ranks as f64;
    let ym = ys.iter().sum::<f64>() / ranks as f64;
    let sxx: f64 = xs.iter().map(|x| (x - xm).powi(2)).sum();
    let slope = xs
        .iter()
        .zip(&ys)
        .map(|(x, y)| (x - xm) * (y - ym))
        .sum::<f64>()
        / sxx;
    let var: f64 = xs
        .iter()
        .zip(&counts[..ranks])
        .map(|(x, &c)| (x - xm).powi(2) / c as f64)
        .sum::<f64>()
        / (sxx * sxx);
    (slope, var.sqrt())
}

#[test]
fn zipf_rank_frequency_slope() {
    for (n, s, ranks) in [
        (1_000_000i64, 1.0, 50),
        (1_000, 0.7, 50),
        (1i64 << 40, 1.3, 30),
        (100, 2.5, 8),
    ] {
        let counts = zipf_counts(n, s);
        let (slope, se) = log_log_slope(&counts, ranks);
        assert!(
            (slope + s).abs() <= 5.0 * se,
            "zipf({n}, {s}): slope {slope}, expected {} ± {}",
            -s,
            5.0 * se
        );
    }
}

#[test]
fn zipf_matches_its_pmf() {
    for (n, s) in [(50i64, 1.2), (20, 0.5), (5, 3.0), (1, 1.0)] {
        let counts = zipf_counts(n, s);
        let weights: Vec<f64> = (1..=n).map(|k| (k as f64).powf(-s)).collect();
        let total: f64 = weights.iter().sum();
        let p: Vec<f64> = weights.iter().map(|w| w / total).collect();
        if n == 1 {
            assert_eq!(counts, vec![N]);
            continue;
        }
        // Merge the tail so that every bin expects at least 5.
        let keep = p.iter().take_while(|&&q| q * N as f64 >= 20.0).count();
        let mut c: Vec<u64> = counts[..keep].to_vec();
        let mut q: Vec<f64> = p[..keep].to_vec();
        if keep < p.len() {
            c.push(counts[keep..].iter().sum());
            q.push(p[keep..].iter().sum());
        }
        chi_square(&format!("zipf({n}, {s})"), &c, &q);
    }
}

/// Counts of each value of a string column.
fn string_counts(name: &str, args: &[ScalarValue], values: &[&str]) -> Vec<u64> {
    let mut counts = vec![0u64; values.len()];
    for a in arrays(name, args) {
        for v in a.as_string::<i32>().iter() {
            let v = v.unwrap();
            counts[values.iter().position(|x| *x == v).unwrap()] += 1;
        }
    }
    counts
}

#[test]
fn choice_and_weighted_shares() {
    let values = ["a", "b", "c", "d", "e"];
    let counts = string_counts("choice", &[strs(&values)], &values);
    chi_square("choice", &counts, &[0.2; 5]);

    let values = ["a", "b", "c", "d"];
    let counts = string_counts("weighted", &[strs(&values), ints(&[5, 3, 2, 90])], &values);
    chi_square("weighted int", &counts, &[0.05, 0.03, 0.02, 0.90]);

    let values = ["x", "y", "z"];
    let w = [0.1, 0.25, 0.65];
    let counts = string_counts("weighted", &[strs(&values), floats(&w)], &values);
    chi_square("weighted float", &counts, &w);

    // Odd float weights (not summing to 1), one of them zero.
    let values = ["p", "q", "r", "s"];
    let w = [1.7, 0.0, 3.1, 0.2];
    let counts = string_counts("weighted", &[strs(&values), floats(&w)], &values);
    assert_eq!(counts[1], 0);
    let total: f64 = w.iter().sum();
    chi_square(
        "weighted odd floats",
        &[counts[0], counts[2], counts[3]],
        &[w[0] / total, w[2] / total, w[3] / total],
    );
}

#[test]
fn pattern_and_uuid_characters_are_uniform() {
    // Each digit position of a pattern is uniform over 0-9.
    let mut counts = [[0u64; 10]; 3];
    for a in arrays("pattern", &[s("###")]) {
        for v in a.as_string::<i32>().iter() {
            for (pos, b) in v.unwrap().bytes().enumerate() {
                counts[pos][(b - b'0') as usize] += 1;
            }
        }
    }
    for (pos, c) in counts.iter().enumerate() {
        chi_square(&format!("pattern digit {pos}"), c, &[0.1; 10]);
    }
    // The first hex digit of a UUID is uniform over 16 values.
    let mut first = [0u64; 16];
    for a in arrays("uuid", &[]) {
        for v in a.as_string::<i32>().iter() {
            let c = v.unwrap().as_bytes()[0] as char;
            first[c.to_digit(16).unwrap() as usize] += 1;
        }
    }
    chi_square("uuid first hex digit", &first, &[1.0 / 16.0; 16]);
}

#[test]
fn unique_int_sample_is_uniform_over_its_domain() {
    // 400,000 distinct values of [0, 10^9): their deciles are balanced.
    let v = numbers("unique_int", &[i(0), i(999_999_999)]);
    let mut counts = [0u64; 10];
    for x in v {
        counts[(x / 1e8) as usize] += 1;
    }
    chi_square("unique_int deciles", &counts, &[0.1; 10]);
}

#[test]
fn timestamp_series_jitter_is_uniform() {
    // With jitter 1 and a 1000-tick interval, t_r - start - r·1000 is uniform in [0, 1000).
    let v = numbers(
        "timestamp_series",
        &[
            ts("2024-01-01T00:00:00", TimeUnit::Millisecond),
            interval_ns(1_000_000_000),
            f(1.0),
        ],
    );
    let start = 1_704_067_200_000.0;
    let offsets: Vec<f64> = v
        .iter()
        .enumerate()
        .map(|(r, t)| t - start - r as f64 * 1000.0)
        .collect();
    assert!(offsets.iter().all(|o| (0.0..1000.0).contains(o)));
    let k: f64 = 1000.0;
    moments(
        "timestamp_series jitter",
        &offsets,
        (k - 1.0) / 2.0,
        (k * k - 1.0) / 12.0,
        (k * k - 1.0) * (3.0 * k * k - 7.0) / 240.0,
    );
}
