//! Statistical conformance of the Spider distributions. Every tolerance is derived from the
//! sample size: Z standard errors of the estimator (Z = 5, so a correct generator fails with
//! probability < 1e-6 per check; the seeds are fixed, so the outcome is deterministic).

use crate::common;

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

/// The boxes `[xmin, ymin, xmax, ymax]` of `spider(dist, n, seed, opts + ' format=flat')`.
async fn boxes(dist: &str, n: u64, seed: u64, opts: &str) -> Vec<[f64; 4]> {
    let ctx = common::ctx(2, 8192);
    let sql =
        format!("SELECT * FROM spider('{dist}', {n}, {seed}, '{opts} format=flat') ORDER BY id");
    let batches = common::query(&ctx, &sql).await;
    let b = common::concat(&batches[0].schema(), &batches);
    let c: Vec<Vec<f64>> = ["xmin", "ymin", "xmax", "ymax"]
        .iter()
        .map(|k| common::f64s(&b, k))
        .collect();
    (0..b.num_rows())
        .map(|i| [c[0][i], c[1][i], c[2][i], c[3][i]])
        .collect()
}

/// The exterior rings of the WKB polygons of `spider(dist, n, seed, opts)`.
async fn rings(dist: &str, n: u64, seed: u64, opts: &str) -> Vec<Vec<[f64; 2]>> {
    use datafusion::arrow::array::AsArray;
    use geo_traits::{CoordTrait, GeometryTrait, GeometryType, LineStringTrait, PolygonTrait};
    let ctx = common::ctx(2, 8192);
    let sql = format!("SELECT geometry FROM spider('{dist}', {n}, {seed}, '{opts}') ORDER BY id");
    let mut out = vec![];
    for batch in common::query(&ctx, &sql).await {
        for v in batch.column(0).as_binary::<i32>().iter() {
            let g = wkb::reader::read_wkb(v.unwrap()).unwrap();
            let GeometryType::Polygon(p) = g.as_type() else {
                panic!("not a polygon")
            };
            assert_eq!(p.num_interiors(), 0);
            out.push(
                p.exterior()
                    .unwrap()
                    .coords()
                    .map(|c| [c.x(), c.y()])
                    .collect(),
            );
        }
    }
    out
}

fn cross(o: [f64; 2], a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
}

/// Whether the closed segments pq and rs intersect.
fn segments_intersect(p: [f64; 2], q: [f64; 2], r: [f64; 2], s: [f64; 2]) -> bool {
    let (d1, d2) = (cross(r, s, p), cross(r, s, q));
    let (d3, d4) = (cross(p, q, r), cross(p, q, s));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        return true;
    }
    let on = |a: [f64; 2], b: [f64; 2], c: [f64; 2], d: f64| {
        d == 0.0
            && c[0] >= a[0].min(b[0])
            && c[0] <= a[0].max(b[0])
            && c[1] >= a[1].min(b[1])
            && c[1] <= a[1].max(b[1])
    };
    on(r, s, p, d1) || on(r, s, q, d2) || on(p, q, r, d3) || on(p, q, s, d4)
}

/// A valid simple polygon ring: closed, >= 3 distinct vertices, non-zero area, and no two
/// non-adjacent edges intersect.
fn assert_valid_ring(ring: &[[f64; 2]], what: &str) {
    let k = ring.len() - 1;
    assert!(k >= 3, "{what}: {k} vertices");
    assert_eq!(ring[0], ring[k], "{what}: ring not closed");
    let mut distinct: Vec<[u64; 2]> = ring[..k].iter().map(|p| p.map(f64::to_bits)).collect();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), k, "{what}: repeated vertex");
    let area: f64 = (0..k)
        .map(|i| cross([0.0, 0.0], ring[i], ring[i + 1]))
        .sum();
    assert!(area != 0.0, "{what}: zero area");
    for i in 0..k {
        for j in i + 1..k {
            let adjacent = j == i + 1 || (i == 0 && j == k - 1);
            if !adjacent && segments_intersect(ring[i], ring[i + 1], ring[j], ring[j + 1]) {
                panic!("{what}: edges {i} and {j} intersect: {ring:?}");
            }
        }
    }
}

#[tokio::test]
async fn boxes_fit_the_unit_square_with_uniform_sides() {
    let (mw, mh) = (0.2, 0.05);
    for dist in ["uniform", "gaussian", "diagonal", "bit", "sierpinski"] {
        let b = boxes(dist, N, 11, &format!("geometry=box maxsize={mw},{mh}")).await;
        assert_eq!(b.len() as u64, N);
        for r in &b {
            assert!(
                r[0] >= 0.0 && r[1] >= 0.0 && r[2] <= 1.0 && r[3] <= 1.0,
                "{dist}: {r:?}"
            );
            assert!(r[2] - r[0] <= mw && r[3] - r[1] <= mh, "{dist}: {r:?}");
        }
        // Sides ~ U(0, m): mean m/2, standard error m / sqrt(12 n).
        let n = N as f64;
        let w: Vec<f64> = b.iter().map(|r| r[2] - r[0]).collect();
        let h: Vec<f64> = b.iter().map(|r| r[3] - r[1]).collect();
        close(
            &format!("{dist} mean width"),
            mean(&w),
            mw / 2.0,
            mw / (12.0 * n).sqrt(),
        );
        close(
            &format!("{dist} mean height"),
            mean(&h),
            mh / 2.0,
            mh / (12.0 * n).sqrt(),
        );
    }
    // Centres: the squeezed uniform point c(1 - m) + m/2 has mean 1/2.
    let b = boxes("uniform", N, 12, "geometry=box maxsize=0.5,0.5").await;
    let cx: Vec<f64> = b.iter().map(|r| (r[0] + r[2]) / 2.0).collect();
    close(
        "box centre x",
        mean(&cx),
        0.5,
        0.5 * (1.0 / 12.0 / N as f64).sqrt(),
    );
}

#[tokio::test]
async fn boxes_follow_the_affine_transform() {
    // Scale and translate: the flat bounds are the transformed corners.
    let plain = boxes("uniform", 1000, 3, "geometry=box").await;
    let moved = boxes("uniform", 1000, 3, "geometry=box affine=2,0,1,0,-3,0").await;
    for (p, m) in plain.iter().zip(&moved) {
        assert_eq!(
            *m,
            [2.0 * p[0] + 1.0, -3.0 * p[3], 2.0 * p[2] + 1.0, -3.0 * p[1]]
        );
    }
    // A rotation: WKB holds the rotated quadrilateral, the flat columns its bounding box.
    let (c, s) = (0.6, 0.8);
    let affine = format!("affine={c},-{s},0,{s},{c},0");
    let quads = rings("uniform", 1000, 3, &format!("geometry=box {affine}")).await;
    let bounds = boxes("uniform", 1000, 3, &format!("geometry=box {affine}")).await;
    for ((p, q), b) in plain.iter().zip(&quads).zip(&bounds) {
        let rot = |x: f64, y: f64| [c * x - s * y, s * x + c * y];
        let want = [
            rot(p[0], p[1]),
            rot(p[2], p[1]),
            rot(p[2], p[3]),
            rot(p[0], p[3]),
            rot(p[0], p[1]),
        ];
        assert_eq!(q.as_slice(), want.as_slice());
        let xs = want.iter().map(|v| v[0]);
        let ys = want.iter().map(|v| v[1]);
        assert_eq!(b[0], xs.clone().fold(f64::INFINITY, f64::min));
        assert_eq!(b[2], xs.fold(f64::NEG_INFINITY, f64::max));
        assert_eq!(b[1], ys.clone().fold(f64::INFINITY, f64::min));
        assert_eq!(b[3], ys.fold(f64::NEG_INFINITY, f64::max));
    }
}

#[tokio::test]
async fn polygons_are_valid_inside_and_sized() {
    let m = 0.2;
    for dist in ["uniform", "gaussian", "diagonal", "bit", "sierpinski"] {
        let rs = rings(
            dist,
            20_000,
            5,
            &format!("geometry=polygon maxsize={m} segments=3..12"),
        )
        .await;
        let mut counts = [0u64; 13];
        for (i, r) in rs.iter().enumerate() {
            assert_valid_ring(r, &format!("{dist} row {i}"));
            counts[r.len() - 1] += 1;
            let xs = r.iter().map(|p| p[0]);
            let ys = r.iter().map(|p| p[1]);
            let (x0, x1) = (
                xs.clone().fold(f64::INFINITY, f64::min),
                xs.fold(f64::NEG_INFINITY, f64::max),
            );
            let (y0, y1) = (
                ys.clone().fold(f64::INFINITY, f64::min),
                ys.fold(f64::NEG_INFINITY, f64::max),
            );
            assert!(
                x0 >= 0.0 && y0 >= 0.0 && x1 <= 1.0 && y1 <= 1.0,
                "{dist} row {i} leaves the square"
            );
            assert!(
                x1 - x0 <= m && y1 - y0 <= m,
                "{dist} row {i} exceeds maxsize"
            );
        }
        // Vertex counts uniform on 3..=12: each share 1/10 within Z standard errors.
        let n = rs.len() as f64;
        for (k, &c) in counts.iter().enumerate().skip(3) {
            close(
                &format!("{dist} share of {k} vertices"),
                c as f64 / n,
                0.1,
                se_share(0.1, n),
            );
        }
    }
    // Under an affine every vertex is transformed (a shear keeps polygons valid).
    let plain = rings("uniform", 2000, 8, "geometry=polygon segments=5..9").await;
    let sheared = rings(
        "uniform",
        2000,
        8,
        "geometry=polygon segments=5..9 affine=1,0.5,2,0,1,0",
    )
    .await;
    for (p, s) in plain.iter().zip(&sheared) {
        assert_valid_ring(s, "sheared");
        let want: Vec<[f64; 2]> = p.iter().map(|v| [v[0] + 0.5 * v[1] + 2.0, v[1]]).collect();
        assert_eq!(s, &want);
    }
}
