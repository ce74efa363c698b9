//! Statistical conformance of the Spider distributions. Every tolerance is derived from the
//! sample size: Z standard errors of the estimator (Z = 5, so a correct generator fails with
//! probability < 1e-6 per check; the seeds are fixed, so the outcome is deterministic).

mod common;

use common::points;

const N: u64 = 200_000;
const Z: f64 = 5.0;

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn variance(v: &[f64]) -> f64 {
    let m = mean(v);
    v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64
}

/// Asserts |got - expected| <= Z · se.
fn close(what: &str, got: f64, expected: f64, se: f64) {
    assert!(
        (got - expected).abs() <= Z * se,
        "{what}: got {got}, expected {expected} ± {}",
        Z * se
    );
}

/// Standard error of a proportion p over n trials.
fn se_share(p: f64, n: f64) -> f64 {
    (p * (1.0 - p) / n).sqrt()
}

#[tokio::test]
async fn uniform_mean_and_variance() {
    let (xs, ys) = points("uniform", N, 1, "").await;
    let n = N as f64;
    for (axis, v) in [("x", &xs), ("y", &ys)] {
        assert!(v.iter().all(|c| (0.0..1.0).contains(c)));
        close(
            &format!("uniform mean {axis}"),
            mean(v),
            0.5,
            (1.0 / 12.0 / n).sqrt(),
        );
        // se of the sample variance: sqrt((mu4 - sigma^4) / n), mu4 = 1/80 for U(0,1).
        let se = ((1.0 / 80.0 - 1.0 / 144.0) / n).sqrt();
        close(
            &format!("uniform variance {axis}"),
            variance(v),
            1.0 / 12.0,
            se,
        );
    }
}

#[tokio::test]
async fn gaussian_mean_and_sigma() {
    let (xs, ys) = points("gaussian", N, 2, "").await;
    let n = N as f64;
    for (axis, v) in [("x", &xs), ("y", &ys)] {
        assert!(
            v.iter().all(|c| (0.0..=1.0).contains(c)),
            "rejection keeps the unit square"
        );
        close(
            &format!("gaussian mean {axis}"),
            mean(v),
            0.5,
            0.1 / n.sqrt(),
        );
        // se of the sample variance of a normal: sigma^2 · sqrt(2 / (n - 1)); truncation at
        // 5 sigma changes the variance by < 1e-7.
        close(
            &format!("gaussian variance {axis}"),
            variance(v),
            0.01,
            0.01 * (2.0 / (n - 1.0)).sqrt(),
        );
    }
}

#[tokio::test]
async fn diagonal_share_on_the_line_and_band() {
    let (p, b) = (0.3, 0.2);
    let (xs, ys) = points("diagonal", N, 3, &format!("percentage={p} buffer={b}")).await;
    let n = N as f64;
    let on_line = xs.iter().zip(&ys).filter(|(x, y)| x == y).count() as f64;
    // Spider redraws the whole point (Bernoulli included) when an off-line draw leaves the
    // square, so the accepted share on the line is p / (p + (1 - p) · a), where a is the
    // acceptance of off-line draws: a = 2 ∫_0^½ erf(m / σ) dm with σ = b / 5
    //   = erf(1 / 2σ) + 2σ/√π · (exp(-1 / 4σ²) - 1)  (= 0.954866 for b = 0.2).
    let sigma: f64 = b / 5.0;
    let a = 1.0 - 2.0 * sigma / std::f64::consts::PI.sqrt(); // erf(12.5) = 1, exp(-156) = 0
    let share = p / (p + (1.0 - p) * a);
    close(
        "diagonal share on the line",
        on_line / n,
        share,
        se_share(share, n),
    );
    // Off-line points: perpendicular distance |x - y| / √2 ~ |N(0, σ)|, beyond the buffer
    // (5σ) with probability 5.7e-7, beyond 6.5σ with probability 8e-11.
    let distances: Vec<f64> = xs
        .iter()
        .zip(&ys)
        .filter(|(x, y)| x != y)
        .map(|(x, y)| (x - y).abs() / std::f64::consts::SQRT_2)
        .collect();
    let beyond = distances.iter().filter(|d| **d > b).count();
    assert!(
        beyond <= 3,
        "{beyond} off-line points farther than the buffer"
    );
    let max = distances.iter().cloned().fold(0.0, f64::max);
    assert!(max <= 1.3 * b, "max distance {max}");
    assert!(xs.iter().chain(&ys).all(|c| (0.0..=1.0).contains(c)));
}

#[tokio::test]
async fn bit_values_on_the_grid_with_expected_mean() {
    let (q, k) = (0.2f64, 10i32);
    let (xs, ys) = points("bit", N, 4, &format!("probability={q} digits={k}")).await;
    let n = N as f64;
    let scale = 2f64.powi(k);
    for (axis, v) in [("x", &xs), ("y", &ys)] {
        assert!(
            v.iter()
                .all(|c| (c * scale).fract() == 0.0 && *c >= 0.0 && *c <= 1.0 - 1.0 / scale),
            "bit {axis}: values on the 2^-{k} grid"
        );
        // E = q · (1 - 2^-k); Var = q (1 - q) (1 - 4^-k) / 3.
        let expected = q * (1.0 - 1.0 / scale);
        let var = q * (1.0 - q) * (1.0 - 4f64.powi(-k)) / 3.0;
        close(
            &format!("bit mean {axis}"),
            mean(v),
            expected,
            (var / n).sqrt(),
        );
    }
    // Each bit is set with probability q: the top bit of x.
    let top = xs.iter().filter(|x| **x >= 0.5).count() as f64;
    close("bit top bit share", top / n, q, se_share(q, n));
}

#[tokio::test]
async fn sierpinski_inside_the_triangle_with_vertex_weights() {
    let (xs, ys) = points("sierpinski", N, 5, "").await;
    let n = N as f64;
    let h = 3f64.sqrt() / 2.0;
    // Rows 0..3 are the vertices, as in Spider.
    assert_eq!((xs[0], ys[0]), (0.0, 0.0));
    assert_eq!((xs[1], ys[1]), (1.0, 0.0));
    assert_eq!((xs[2], ys[2]), (0.5, h));
    let eps = 1e-12;
    let mut regions = [0usize; 3];
    for (x, y) in xs.iter().zip(&ys).skip(3) {
        assert!(
            *y >= -eps && *y <= 3f64.sqrt() * x + eps && *y <= 3f64.sqrt() * (1.0 - x) + eps,
            "({x}, {y}) outside the triangle"
        );
        // The last midpoint move picks the half-size sub-triangle the point lies in.
        let region = if *y >= h / 2.0 {
            2
        } else if *x < 0.5 {
            0
        } else {
            1
        };
        regions[region] += 1;
    }
    let m = n - 3.0;
    let weights = [0.4, 0.4, 0.2];
    // Chi-square with 2 degrees of freedom; 23.0 is its 1e-5 upper quantile.
    let chi2: f64 = regions
        .iter()
        .zip(weights)
        .map(|(&o, w)| (o as f64 - m * w).powi(2) / (m * w))
        .sum();
    assert!(chi2 < 23.0, "vertex regions {regions:?}, chi2 {chi2}");
    for (o, w) in regions.iter().zip(weights) {
        close(
            "sierpinski vertex region share",
            *o as f64 / m,
            w,
            se_share(w, m),
        );
    }
}

#[tokio::test]
async fn affine_maps_the_unit_square() {
    // x' = 2x + 1, y' = 3y - 1 maps [0,1]^2 to [1,3] x [-1,2]; the mean moves accordingly.
    let (xs, ys) = points("uniform", N, 6, "affine=2,0,1,0,3,-1").await;
    let n = N as f64;
    assert!(xs.iter().all(|x| (1.0..=3.0).contains(x)));
    assert!(ys.iter().all(|y| (-1.0..=2.0).contains(y)));
    close(
        "affine mean x",
        mean(&xs),
        2.0,
        2.0 * (1.0 / 12.0 / n).sqrt(),
    );
    close(
        "affine mean y",
        mean(&ys),
        0.5,
        3.0 * (1.0 / 12.0 / n).sqrt(),
    );
    // A shear mixes the coordinates exactly: compare with the untransformed points.
    let (ux, uy) = points("uniform", 1000, 6, "").await;
    let (sx, sy) = points("uniform", 1000, 6, "affine=1,0.5,0,0,1,0").await;
    for i in 0..1000 {
        assert_eq!(sx[i], ux[i] + 0.5 * uy[i]);
        assert_eq!(sy[i], uy[i]);
    }
}
