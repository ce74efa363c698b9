//! Related tables beyond plain foreign keys: the skewed and weighted pick distributions
//! (chi-square against their exact probabilities), deliberate orphans (exactly the rows that
//! differ from the same foreign key without orphans, and none of them in the parent) and
//! self-references (always an earlier row, identical under any partitioning).

use crate::common;

use common::{int, run};

use datafusion::arrow::array::AsArray;
use datafusion::arrow::datatypes::Int64Type;
use datafusion::prelude::SessionContext;

/// `(value, count)` pairs of a two-BIGINT-column result.
async fn counts(ctx: &SessionContext, sql: &str) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for b in run(ctx, sql).await {
        let (v, c) = (
            b.column(0).as_primitive::<Int64Type>(),
            b.column(1).as_primitive::<Int64Type>(),
        );
        out.extend((0..b.num_rows()).map(|i| (v.value(i), c.value(i))));
    }
    out
}

/// Asserts that `observed` counts over categories `0..probs.len()` follow `probs`: the
/// chi-square statistic stays below `df + 6·sqrt(2·df)` (about 4 standard deviations of
/// its distribution), so a fair generator fails with negligible probability.
fn assert_chi_square(what: &str, observed: &[(i64, i64)], probs: &[f64]) {
    let n: i64 = observed.iter().map(|(_, c)| c).sum();
    let mut seen = vec![0i64; probs.len()];
    for &(v, c) in observed {
        assert!(
            (0..probs.len() as i64).contains(&v),
            "{what}: value {v} out of range"
        );
        seen[v as usize] = c;
    }
    let chi2: f64 = probs
        .iter()
        .zip(&seen)
        .map(|(&p, &o)| {
            let e = p * n as f64;
            (o as f64 - e).powi(2) / e
        })
        .sum();
    let df = (probs.len() - 1) as f64;
    let limit = df + 6.0 * (2.0 * df).sqrt();
    assert!(
        chi2 < limit,
        "{what}: chi-square {chi2:.1} >= {limit:.1} (df {df}); {seen:?}"
    );
}

const ZONES: &str = "CREATE OR REPLACE SYNTHETIC TABLE zones (
    id  BIGINT GENERATED ALWAYS AS (sequence(0)) NOT NULL,
    pop DOUBLE GENERATED ALWAYS AS (CAST((id % 7) * 10 AS DOUBLE)) NOT NULL
) WITH (rows = 30, seed = 1)";

#[tokio::test]
async fn pareto_and_weighted_picks_follow_their_probabilities() {
    let ctx = common::ctx(2, 8192);
    run(&ctx, ZONES).await;
    run(
        &ctx,
        "CREATE SYNTHETIC TABLE trips (
           p BIGINT GENERATED ALWAYS AS (parent_row('zones', 'pareto', 1.16)) NOT NULL,
           w BIGINT GENERATED ALWAYS AS (foreign_key('zones', 'id', 'weighted', 'pop')) NOT NULL
         ) WITH (rows = 1000000, seed = 2)",
    )
    .await;
    // Pareto: P(row k) = ((k+1)^-a - (k+2)^-a) / (1 - 31^-a) over 30 parents.
    let a = 1.16f64;
    let mass = 1.0 - 31f64.powf(-a);
    let pareto: Vec<f64> = (0..30)
        .map(|k| (((k + 1) as f64).powf(-a) - ((k + 2) as f64).powf(-a)) / mass)
        .collect();
    let seen = counts(&ctx, "SELECT p, count(*) FROM trips GROUP BY p").await;
    assert_chi_square("pareto", &seen, &pareto);
    // Weighted by pop = (id % 7) · 10: rows with pop 0 are never picked.
    let weights: Vec<f64> = (0..30).map(|k| ((k % 7) * 10) as f64).collect();
    let total: f64 = weights.iter().sum();
    let seen = counts(&ctx, "SELECT w, count(*) FROM trips GROUP BY w").await;
    assert!(
        seen.iter().all(|&(v, _)| v % 7 != 0),
        "a zero weight was picked: {seen:?}"
    );
    let picked: Vec<(i64, i64)> = seen.clone();
    let (probs, obs): (Vec<f64>, Vec<(i64, i64)>) = {
        // Chi-square over the categories with a non-zero weight only.
        let keep: Vec<usize> = (0..30).filter(|k| weights[*k] > 0.0).collect();
        let probs = keep.iter().map(|&k| weights[k] / total).collect();
        let obs = picked
            .iter()
            .map(|&(v, c)| (keep.iter().position(|&k| k as i64 == v).unwrap() as i64, c))
            .collect();
        (probs, obs)
    };
    assert_chi_square("weighted", &obs, &probs);
}

#[tokio::test]
async fn orphans_are_exactly_the_rows_that_leave_the_parent() {
    let ctx = common::ctx(3, 8192);
    run(
        &ctx,
        "CREATE SYNTHETIC TABLE customers (
           seq BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           id  BIGINT GENERATED ALWAYS AS (unique_int(1, 1000000)) NOT NULL
         ) WITH (rows = 100000, seed = 1)",
    )
    .await;
    for (key, share) in [("seq", 0.05), ("id", 0.2)] {
        let child = |table: &str, call: &str| {
            format!(
                "CREATE OR REPLACE SYNTHETIC TABLE {table} (
                   n BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
                   k BIGINT GENERATED ALWAYS AS ({call}) NOT NULL
                 ) WITH (rows = 1000000, seed = 7)"
            )
        };
        run(
            &ctx,
            &child(
                "with_orphans",
                &format!("orphan_key('customers', '{key}', {share}, 'zipf', 1.1)"),
            ),
        )
        .await;
        run(
            &ctx,
            &child(
                "without",
                &format!("foreign_key('customers', '{key}', 'zipf', 1.1)"),
            ),
        )
        .await;
        let orphans = int(
            &ctx,
            &format!(
                "SELECT count(*) FROM with_orphans LEFT ANTI JOIN customers ON k = customers.{key}"
            ),
        )
        .await;
        let differ = int(
            &ctx,
            "SELECT count(*) FROM with_orphans a JOIN without b USING (n) WHERE a.k <> b.k",
        )
        .await;
        // Every row that differs from the plain foreign key is an orphan and no orphan value
        // is a parent key; the other rows are the plain foreign key's.
        assert_eq!(orphans, differ, "key {key}");
        let n = 1_000_000f64;
        let sd = (n * share * (1.0 - share)).sqrt();
        assert!(
            (orphans as f64 - n * share).abs() < 6.0 * sd,
            "key {key}: {orphans} orphans, expected {} ± {:.0}",
            n * share,
            6.0 * sd
        );
    }
}

#[tokio::test]
async fn self_keys_name_an_earlier_row_under_any_partitioning() {
    let sql = "CREATE SYNTHETIC TABLE employees (
                 id      BIGINT GENERATED ALWAYS AS (sequence(100)) NOT NULL,
                 code    BIGINT GENERATED ALWAYS AS (unique_int(1, 1000000000)) NOT NULL,
                 manager BIGINT GENERATED ALWAYS AS (self_key(id)),
                 mcode   BIGINT GENERATED ALWAYS AS (self_key(code)),
                 reply   BIGINT GENERATED ALWAYS AS (self_key(id, 5))
               ) WITH (rows = 200000, seed = 3)";
    let ctx = common::ctx(2, 8192);
    run(&ctx, sql).await;
    let check = "SELECT
        count(*) FILTER (WHERE manager IS NULL),
        count(*) FILTER (WHERE manager >= id),
        count(*) FILTER (WHERE reply < id - 5 OR reply >= id),
        count(*) FILTER (WHERE reply IS NULL),
        count(*) FILTER (WHERE mcode IS NULL)
      FROM employees";
    let b = run(&ctx, check).await;
    let got: Vec<i64> = (0..5)
        .map(|i| b[0].column(i).as_primitive::<Int64Type>().value(0))
        .collect();
    assert_eq!(
        got,
        vec![1, 0, 0, 1, 1],
        "one NULL (the first row), all others earlier"
    );
    // A self-key of `code` holds the code of an existing row.
    let missing = int(
        &ctx,
        "SELECT count(*) FROM employees e LEFT ANTI JOIN employees m ON e.mcode = m.code WHERE e.mcode IS NOT NULL",
    )
    .await;
    assert_eq!(missing, 0);
    // Uniform over earlier rows: the mean gap id - manager over row r is r/2, so the mean
    // of (id - manager) / (id - 100) is 1/2 (sd 1/sqrt(12) per row).
    let b = run(
        &ctx,
        "SELECT avg(CAST(id - manager AS DOUBLE) / CAST(id - 100 AS DOUBLE)) FROM employees WHERE manager IS NOT NULL",
    )
    .await;
    let mean = b[0]
        .column(0)
        .as_primitive::<datafusion::arrow::datatypes::Float64Type>()
        .value(0);
    let tol = 6.0 / (12.0f64 * 200000.0).sqrt();
    assert!((mean - 0.5).abs() < tol, "mean relative gap {mean}");
    let all = |partitions, batch| async move {
        let ctx = common::ctx(partitions, batch);
        run(&ctx, sql).await;
        let b = run(&ctx, "SELECT * FROM employees ORDER BY id").await;
        datafusion::arrow::util::pretty::pretty_format_batches(&b)
            .unwrap()
            .to_string()
    };
    let one = all(1, 8192).await;
    assert_eq!(one, all(7, 37).await);
    assert_eq!(one, all(2, 3).await);
}
