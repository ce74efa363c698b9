//! `LEARN SYNTHETIC TABLE`: families, keys and categories come back from tables whose
//! distributions we know (our own); on real public data files (vega_datasets from PyPI, pinned
//! in the test venv) the statement runs, rare values never appear, no source name or address is
//! emitted, and the fidelity distances stay within bounds; every mode; bad input gives clear
//! errors.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::util::display::array_value_to_string;
use datafusion::prelude::SessionContext;

use crate::common::{ctx, python, run};

/// The statement's text, one line per row.
async fn learned(ctx: &SessionContext, sql: &str) -> String {
    let batches = run(ctx, sql).await;
    let mut lines = Vec::new();
    for b in &batches {
        let a = b.column(0);
        for r in 0..b.num_rows() {
            lines.push(array_value_to_string(a, r).unwrap());
        }
    }
    lines.join("\n")
}

/// The statement `LEARN SYNTHETIC TABLE name FROM 'path' WITH (mode = 'full')` returns.
async fn learned_fully(ctx: &SessionContext, name: &str, path: &Path) -> String {
    learned(
        ctx,
        &format!(
            "LEARN SYNTHETIC TABLE {name} FROM '{}' WITH (mode = 'full')",
            path.display()
        ),
    )
    .await
}

/// The numbers of the first call of `function(` in `text`.
fn args(text: &str, function: &str) -> Vec<f64> {
    let at = text
        .find(&format!("{function}("))
        .unwrap_or_else(|| panic!("no {function}( in:\n{text}"));
    let rest = &text[at + function.len() + 1..];
    let end = rest.find(')').unwrap();
    rest[..end]
        .split(',')
        .filter_map(|a| a.trim().parse().ok())
        .collect()
}

/// The declaration line of a column.
fn line<'a>(text: &'a str, column: &str) -> &'a str {
    text.lines()
        .find(|l| l.trim_start().starts_with(&format!("\"{column}\" ")))
        .unwrap_or_else(|| panic!("no column {column} in:\n{text}"))
}

async fn people(ctx: &SessionContext, dir: &Path) -> PathBuf {
    run(
        ctx,
        "CREATE SYNTHETIC TABLE people (
          id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
          first VARCHAR GENERATED ALWAYS AS (first_name('en_US')) NOT NULL,
          last VARCHAR GENERATED ALWAYS AS (last_name('en_US')) NOT NULL,
          email VARCHAR GENERATED ALWAYS AS (email(first, last, id)) NOT NULL,
          age DOUBLE GENERATED ALWAYS AS (normal(40.0, 10.0)) NULL 5 PERCENT,
          income DOUBLE GENERATED ALWAYS AS (lognormal(10.0, 0.5)),
          visits BIGINT GENERATED ALWAYS AS (poisson(3.0)),
          plan VARCHAR GENERATED ALWAYS AS (weighted(['free', 'pro', 'team', 'rare'], [700000, 200000, 99995, 5])),
          active BOOLEAN GENERATED ALWAYS AS (bernoulli(0.3)),
          spend DOUBLE GENERATED ALWAYS AS (income * 0.1 + normal(0.0, 100.0)),
          claim DOUBLE GENERATED ALWAYS AS (pareto(2.0, 3.0))
        ) WITH (rows = 100000, seed = 1)",
    )
    .await;
    let path = dir.join("people.parquet");
    run(ctx, &format!("COPY people TO '{}'", path.display())).await;
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn families_keys_categories_and_nulls_come_back() {
    let ctx = ctx(2, 8192);
    let dir = tempfile::tempdir().unwrap();
    let path = people(&ctx, dir.path()).await;
    let text = learned_fully(&ctx, "p2", &path).await;
    assert!(line(&text, "id").contains("sequence(1)"), "{text}");
    // Moments of 100,000 values: 40 ± 5 standard errors (sd 10 / √95,000 ≈ 0.03), rounded
    // to 4 significant digits.
    let age = args(line(&text, "age"), "normal");
    assert!(
        (age[0] - 40.0).abs() < 0.2 && (age[1] - 10.0).abs() < 0.2,
        "{age:?}"
    );
    let nulls: f64 = line(&text, "age")
        .split("NULL ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!((nulls - 5.0).abs() < 0.5, "{nulls}");
    let income = args(line(&text, "income"), "lognormal");
    assert!(
        (income[0] - 10.0).abs() < 0.05 && (income[1] - 0.5).abs() < 0.05,
        "{income:?}"
    );
    // Pareto: the scale is the 0.5 % quantile (2 · 0.995^(−1/3) ≈ 2.003), the shape its
    // maximum-likelihood estimate (≈ 3.02 against that scale).
    let claim = args(line(&text, "claim"), "pareto");
    assert!(
        (claim[0] - 2.0).abs() < 0.02 && (claim[1] - 3.0).abs() < 0.1,
        "{claim:?}"
    );
    let visits = args(line(&text, "visits"), "poisson");
    assert!((visits[0] - 3.0).abs() < 0.05, "{visits:?}");
    assert!(line(&text, "active").contains("bernoulli(0.3"), "{text}");
    // 'rare' is seen about 5 times, fewer than k = 11: never emitted.
    let plan = line(&text, "plan");
    assert!(
        plan.contains("'free'") && plan.contains("'pro'") && plan.contains("'team'"),
        "{plan}"
    );
    assert!(!plan.contains("'rare'"), "{plan}");
    // Personal fields: PII-free generators, never the values.
    assert!(line(&text, "email").contains("email("), "{text}");
    assert!(
        text.contains("-- disclosure:") && text.contains("-- fidelity:"),
        "{text}"
    );
    // The statement runs as is, and CREATE … LIKE creates the table.
    run(
        &ctx,
        &format!(
            "CREATE SYNTHETIC TABLE p3 LIKE '{}' WITH (mode = 'full', rows = 1000)",
            path.display()
        ),
    )
    .await;
    let n = run(&ctx, "SELECT count(*) FROM p3").await;
    assert_eq!(array_value_to_string(n[0].column(0), 0).unwrap(), "1000");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_mode_learns_and_the_same_input_gives_the_same_text() {
    let ctx = ctx(2, 8192);
    let dir = tempfile::tempdir().unwrap();
    let path = people(&ctx, dir.path()).await;
    let p = path.display();
    let footer = learned(
        &ctx,
        &format!("LEARN SYNTHETIC TABLE f FROM '{p}' WITH (mode = 'footer')"),
    )
    .await;
    assert!(
        footer.contains("footer statistics of 100000 rows, no row read"),
        "{footer}"
    );
    assert!(line(&footer, "age").contains("uniform("), "{footer}");
    let sql = format!(
        "LEARN SYNTHETIC TABLE s FROM '{p}' WITH (mode = 'sample', fraction = 0.3, sample_seed = 4)"
    );
    let sample = learned(&ctx, &sql).await;
    assert!(
        sample.contains("mode sample (fraction 0.3, seed 4)"),
        "{sample}"
    );
    assert_eq!(
        sample,
        learned(&ctx, &sql).await,
        "learning is deterministic"
    );
    // A registered table and a CSV file.
    let t = learned(
        &ctx,
        "LEARN SYNTHETIC TABLE t FROM people WITH (mode = 'full', rows = 10)",
    )
    .await;
    assert!(t.contains("WITH (rows = 10, seed = 0)"), "{t}");
    let csv = dir.path().join("people.csv");
    run(
        &ctx,
        &format!(
            "COPY (SELECT id, age, plan FROM people) TO '{}'",
            csv.display()
        ),
    )
    .await;
    let c = learned(
        &ctx,
        &format!(
            "LEARN SYNTHETIC TABLE c FROM '{}' WITH (fraction = 0.5)",
            csv.display()
        ),
    )
    .await;
    assert!(line(&c, "age").contains("normal("), "{c}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gives_clear_errors() {
    let ctx = ctx(2, 8192);
    let dir = tempfile::tempdir().unwrap();
    let err = |sql: String| {
        let ctx = ctx.clone();
        async move {
            match datafusion_synth::execute_sql(&ctx, &sql).await {
                Ok(df) => df.collect().await.map(|_| ()).expect_err(&sql),
                Err(e) => e,
            }
            .to_string()
        }
    };
    let missing = dir.path().join("nope.parquet");
    assert_eq!(
        err(format!(
            "LEARN SYNTHETIC TABLE t FROM '{}'",
            missing.display()
        ))
        .await,
        format!(
            "Error during planning: LEARN: cannot read '{}': no such file, directory or table",
            missing.display()
        )
    );
    let corrupt = dir.path().join("corrupt.parquet");
    std::fs::write(&corrupt, b"not a parquet file at all").unwrap();
    let e = err(format!(
        "LEARN SYNTHETIC TABLE t FROM '{}' WITH (mode = 'footer')",
        corrupt.display()
    ))
    .await;
    assert!(
        e.starts_with(&format!(
            "Error during planning: LEARN: cannot read '{}' as Parquet:",
            corrupt.display()
        )),
        "{e}"
    );
    run(&ctx, "CREATE TABLE empty (a INT) AS SELECT 1 WHERE false").await;
    assert_eq!(
        err("LEARN SYNTHETIC TABLE t FROM empty WITH (mode = 'full')".into()).await,
        "Error during planning: LEARN: 'empty' has no rows to learn from"
    );
    assert_eq!(
        err("LEARN SYNTHETIC TABLE t FROM empty WITH (mode = 'fast')".into()).await,
        "Error during planning: LEARN: invalid value for 'mode': 'fast'; allowed: 'footer', 'sample' or 'full'"
    );
    assert_eq!(
        err("LEARN SYNTHETIC TABLE t FROM empty WITH (mode = 'footer')".into()).await,
        "Error during planning: LEARN: mode 'footer' reads the footer of a local Parquet file; 'empty' is not one: use mode 'sample' or 'full'"
    );
    // An all-NULL column is NULL; a binary column is left out, and said so.
    run(&ctx, "CREATE TABLE odd AS SELECT CAST(NULL AS INT) AS nothing, X'00ff' AS blob, 1.5 AS x FROM (VALUES (1), (2), (3)) v(a)").await;
    let text = learned(
        &ctx,
        "LEARN SYNTHETIC TABLE t FROM odd WITH (mode = 'full')",
    )
    .await;
    assert!(line(&text, "nothing").contains("AS (NULL)"), "{text}");
    assert!(
        text.contains(
            "--   blob: not learned: type Binary is not supported (the column is left out)"
        ),
        "{text}"
    );
}

/// A data file of the pinned `vega_datasets` package.
fn vega(file: &str) -> PathBuf {
    let out = std::process::Command::new(python())
        .args([
            "-c",
            "import os, vega_datasets; print(os.path.dirname(vega_datasets.__file__))",
        ])
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
        .join("_data")
        .join(file)
}

/// The distinct values of a text column.
async fn values(ctx: &SessionContext, sql: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for b in run(ctx, sql).await {
        let a = datafusion::arrow::compute::cast(b.column(0), &DataType::Utf8).unwrap();
        let s = a.as_string::<i32>();
        for r in 0..s.len() {
            if s.is_valid(r) {
                out.insert(s.value(r).to_string());
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_public_data_is_learned_privately() {
    let ctx = ctx(2, 8192);
    // 3,376 US airports: rare states must not appear; positions follow the source.
    let airports = vega("airports.csv");
    let text = learned(
        &ctx,
        &format!(
            "LEARN SYNTHETIC TABLE airports FROM '{}' WITH (mode = 'full', rows = 1000000)",
            airports.display()
        ),
    )
    .await;
    run(&ctx, &format!("CREATE EXTERNAL TABLE src STORED AS CSV LOCATION '{}' OPTIONS ('format.has_header' 'true')", airports.display())).await;
    let rare = values(
        &ctx,
        "SELECT state FROM src GROUP BY state HAVING count(*) < 11",
    )
    .await;
    assert!(!rare.is_empty());
    let ddl = text.split(";\n-- fidelity").next().unwrap();
    datafusion_synth::execute_sql(&ctx, ddl)
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    let generated = values(&ctx, "SELECT DISTINCT state FROM airports").await;
    let leaked: Vec<_> = rare.intersection(&generated).collect();
    assert!(
        leaked.is_empty(),
        "rare states in 1M generated rows: {leaked:?}"
    );
    // Fidelity at the quantile points: with 3,376 source rows the two-sample KS noise is about
    // 1.36 / √3376 ≈ 0.023 at 95 %, t-digest's error is below 0.01: 0.05 leaves room for both.
    for column in ["latitude", "longitude"] {
        let report = text
            .lines()
            .find(|l| l.starts_with(&format!("--   {column}: KS ")))
            .unwrap();
        let d: f64 = report
            .split_whitespace()
            .nth(3)
            .unwrap()
            .trim_end_matches(';')
            .parse()
            .unwrap();
        assert!(d < 0.05, "{report}");
    }
    let tv = text
        .lines()
        .find(|l| l.starts_with("--   state: TV "))
        .expect("state is categorical");
    let d: f64 = tv
        .split_whitespace()
        .nth(3)
        .unwrap()
        .trim_end_matches(';')
        .parse()
        .unwrap();
    // Suppression moves at most the rare states' share (a few %) into one label.
    assert!(d < 0.05, "{tv}");

    // The 63 people of the LA riots data: names and addresses are never emitted.
    let riots = vega("la-riots.csv");
    let text = learned(
        &ctx,
        &format!(
            "LEARN SYNTHETIC TABLE riots FROM '{}' WITH (mode = 'full', rows = 1000000)",
            riots.display()
        ),
    )
    .await;
    assert!(
        line(&text, "first_name").contains("first_name('en_US')"),
        "{text}"
    );
    assert!(
        line(&text, "last_name").contains("last_name('en_US')"),
        "{text}"
    );
    assert!(
        line(&text, "address").contains("street_address('en_US')"),
        "{text}"
    );
    run(&ctx, &format!("CREATE EXTERNAL TABLE riots_src STORED AS CSV LOCATION '{}' OPTIONS ('format.has_header' 'true')", riots.display())).await;
    let ddl = text.split(";\n-- fidelity").next().unwrap();
    datafusion_synth::execute_sql(&ctx, ddl)
        .await
        .unwrap()
        .collect()
        .await
        .unwrap();
    // Addresses are never copied; no source name or address is in the statement.
    let source = values(&ctx, "SELECT address FROM riots_src").await;
    let generated = values(&ctx, "SELECT address FROM riots").await;
    let copied: Vec<_> = source.intersection(&generated).collect();
    assert!(
        copied.is_empty(),
        "source addresses in the output: {copied:?}"
    );
    for v in values(&ctx, "SELECT first_name || ' ' || last_name FROM riots_src")
        .await
        .iter()
        .chain(&source)
    {
        assert!(!ddl.contains(v.as_str()), "{v} in the statement");
    }
    // Names come from public word lists, so a common name can match a real one by chance
    // (one in a million rows may be "Jimmie Harris"); what must hold is that the source's
    // names have no influence: learning from the same file with every name replaced gives
    // the same generated names, row for row.
    let changed = tempfile::tempdir().unwrap();
    let changed = changed.path().join("riots.csv");
    run(&ctx, &format!("COPY (SELECT 'Someone' AS first_name, 'Else' AS last_name, age, gender, race, death_date, address, neighborhood, type, longitude, latitude FROM riots_src) TO '{}'", changed.display())).await;
    let names = "SELECT first_name, last_name FROM riots ORDER BY 1, 2";
    let mut hashes = Vec::new();
    for file in [&riots, &changed] {
        let ctx = crate::common::ctx(2, 8192);
        run(
            &ctx,
            &format!(
                "CREATE SYNTHETIC TABLE riots LIKE '{}' WITH (mode = 'full', rows = 100000)",
                file.display()
            ),
        )
        .await;
        hashes.push(crate::common::hash(&run(&ctx, names).await));
    }
    assert_eq!(
        hashes[0], hashes[1],
        "the generated names depend on the source's names"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foreign_keys_to_tables_learned_before_are_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let (customers, orders) = (
        dir.path().join("customers.parquet"),
        dir.path().join("orders.parquet"),
    );
    let source = ctx(2, 8192);
    run(&source, "CREATE SYNTHETIC TABLE customers (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL, score DOUBLE GENERATED ALWAYS AS (normal(0.0, 1.0))) WITH (rows = 2000, seed = 2)").await;
    run(&source, "CREATE SYNTHETIC TABLE orders (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL, customer_id BIGINT GENERATED ALWAYS AS (foreign_key('customers', 'id', 'zipf', 1.1)) NOT NULL, amount DOUBLE GENERATED ALWAYS AS (lognormal(3.0, 1.0))) WITH (rows = 50000, seed = 2)").await;
    run(
        &source,
        &format!("COPY customers TO '{}'", customers.display()),
    )
    .await;
    run(&source, &format!("COPY orders TO '{}'", orders.display())).await;
    let ctx = ctx(2, 8192);
    run(
        &ctx,
        &format!(
            "CREATE SYNTHETIC TABLE customers LIKE '{}' WITH (mode = 'full')",
            customers.display()
        ),
    )
    .await;
    let text = learned_fully(&ctx, "orders", &orders).await;
    assert!(
        line(&text, "customer_id").contains("foreign_key('customers', 'id')"),
        "{text}"
    );
    // Without the parent in the session, the same column is a plain number.
    let alone = learned(
        &crate::common::ctx(2, 8192),
        &format!(
            "LEARN SYNTHETIC TABLE orders FROM '{}' WITH (mode = 'full')",
            orders.display()
        ),
    )
    .await;
    assert!(
        !line(&alone, "customer_id").contains("foreign_key"),
        "{alone}"
    );
    run(
        &ctx,
        &format!(
            "CREATE SYNTHETIC TABLE orders LIKE '{}' WITH (mode = 'full')",
            orders.display()
        ),
    )
    .await;
    let orphans = run(&ctx, "SELECT count(*) FROM orders o LEFT JOIN customers c ON o.customer_id = c.id WHERE c.id IS NULL").await;
    assert_eq!(array_value_to_string(orphans[0].column(0), 0).unwrap(), "0");
}

/// The value of the one-row, one-column result of `sql` as f64.
async fn number(ctx: &SessionContext, sql: &str) -> f64 {
    let b = run(ctx, sql).await;
    let c = datafusion::arrow::compute::cast(b[0].column(0), &DataType::Float64).unwrap();
    c.as_primitive::<datafusion::arrow::datatypes::Float64Type>()
        .value(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn created_before_updated_holds_in_every_generated_row() {
    let ctx = ctx(2, 8192);
    let dir = tempfile::tempdir().unwrap();
    // updated = created + an exponential gap (mean 3 days); shipped is a date at least a day
    // after ordered; audited is unrelated to both.
    run(
        &ctx,
        "CREATE SYNTHETIC TABLE tickets (
          id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
          created TIMESTAMP GENERATED ALWAYS AS (timestamp_between(TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2025-12-31 00:00:00')) NOT NULL,
          gap_s DOUBLE GENERATED ALWAYS AS (exponential(1.0 / 259200.0)) NOT NULL HIDDEN,
          updated TIMESTAMP GENERATED ALWAYS AS (CAST(to_timestamp_micros(CAST(arrow_cast(created, 'Timestamp(Microsecond, None)') AS BIGINT) + CAST(gap_s * 1e6 AS BIGINT)) AS TIMESTAMP)) NULL 10 PERCENT,
          audited TIMESTAMP GENERATED ALWAYS AS (timestamp_between(TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP '2025-12-31 00:00:00')) NOT NULL,
          ordered DATE GENERATED ALWAYS AS (date_between(DATE '2025-01-01', DATE '2025-12-01')) NOT NULL,
          shipped DATE GENERATED ALWAYS AS (CAST(CAST(CAST(ordered AS INT) + 1 + poisson(4.0) AS INT) AS DATE)) NOT NULL
        ) WITH (rows = 50000, seed = 3)",
    )
    .await;
    let path = dir.path().join("tickets.parquet");
    run(&ctx, &format!("COPY tickets TO '{}'", path.display())).await;
    let text = learned_fully(&ctx, "t2", &path).await;
    assert!(
        line(&text, "updated").contains("\"__gap_updated\""),
        "{text}"
    );
    assert!(
        line(&text, "shipped").contains("\"__gap_shipped\""),
        "{text}"
    );
    assert!(
        line(&text, "updated").contains("never before created"),
        "{text}"
    );
    assert!(!line(&text, "audited").contains("__gap"), "{text}");
    assert!(!line(&text, "created").contains("__gap"), "{text}");
    assert!(text.contains("gap after created in microseconds"), "{text}");
    run(
        &ctx,
        &format!(
            "CREATE SYNTHETIC TABLE t3 LIKE '{}' WITH (mode = 'full', rows = 1000000)",
            path.display()
        ),
    )
    .await;
    // The order holds in every one of a million generated rows.
    let behind = number(&ctx, "SELECT count(*) FROM t3 WHERE updated < created").await;
    let late = number(&ctx, "SELECT count(*) FROM t3 WHERE shipped < ordered").await;
    assert_eq!((behind, late), (0.0, 0.0));
    // The gap looks like the source's: its median within 5 % (exponential, median 3 ln 2
    // days; the sketch and the quantile curve each add about 1 %).
    let gap = |t: &str| {
        format!(
            "SELECT approx_percentile_cont(0.5) WITHIN GROUP (ORDER BY CAST(arrow_cast(updated, 'Timestamp(Microsecond, None)') AS BIGINT) - CAST(arrow_cast(created, 'Timestamp(Microsecond, None)') AS BIGINT)) FROM {t}"
        )
    };
    let source = number(&ctx, &gap("tickets")).await;
    let generated = number(&ctx, &gap("t3")).await;
    assert!(
        (generated / source - 1.0).abs() < 0.05,
        "median gap {generated} vs {source}"
    );
    // The null rate of updated stays its own.
    let nulls = number(
        &ctx,
        "SELECT avg(CASE WHEN updated IS NULL THEN 1.0 ELSE 0.0 END) FROM t3",
    )
    .await;
    assert!((nulls - 0.10).abs() < 0.01, "{nulls}");
}

/// The rank-correlation report is Spearman's rho: the same number as SQL's `rank()` windows
/// and `corr` over the source (the table the file was written from), and about 0 in the generated rows (each column has its
/// own generator; 100,000 rows put the sampling error near 0.003).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rank_correlation_report_is_spearman_of_the_source() {
    let ctx = ctx(2, 8192);
    let dir = tempfile::tempdir().unwrap();
    let path = people(&ctx, dir.path()).await;
    let text = learned_fully(&ctx, "p", &path).await;
    let report = text
        .lines()
        .find(|l| l.contains("income ~ spend:"))
        .unwrap_or_else(|| panic!("no income ~ spend pair in:\n{text}"));
    let numbers: Vec<f64> = report
        .split(':')
        .nth(1)
        .unwrap()
        .split("->")
        .map(|v| v.trim().parse().unwrap())
        .collect();
    let want = run(
        &ctx,
        "SELECT corr(r1, r2) FROM (SELECT CAST(rank() OVER (ORDER BY income) AS DOUBLE) AS r1, \
         CAST(rank() OVER (ORDER BY spend) AS DOUBLE) AS r2 FROM people)",
    )
    .await;
    let want = want[0]
        .column(0)
        .as_primitive::<datafusion::arrow::datatypes::Float64Type>()
        .value(0);
    assert!(want > 0.5, "{want}");
    assert_eq!(
        format!("{:+.3}", numbers[0]),
        format!("{want:+.3}"),
        "{report}"
    );
    assert!(numbers[1].abs() < 0.05, "{report}");
}

/// A Zipf column comes back as `zipf(n, s)` with its exponent, and a Poisson one beside it
/// stays Poisson.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zipf_ranks_are_recovered() {
    let ctx = ctx(2, 8192);
    let dir = tempfile::tempdir().unwrap();
    run(
        &ctx,
        "CREATE SYNTHETIC TABLE ranks (
          id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
          word_rank BIGINT GENERATED ALWAYS AS (zipf(1000, 1.3)) NOT NULL,
          visits BIGINT GENERATED ALWAYS AS (poisson(3.0)) NOT NULL
        ) WITH (rows = 100000, seed = 3)",
    )
    .await;
    let path = dir.path().join("ranks.parquet");
    run(&ctx, &format!("COPY ranks TO '{}'", path.display())).await;
    let text = learned_fully(&ctx, "r", &path).await;
    let rank = line(&text, "word_rank");
    let zipf = args(rank, "zipf");
    assert!((zipf[1] - 1.3).abs() < 0.1, "{rank}");
    assert!(line(&text, "visits").contains("poisson("), "{text}");
    // The statement runs as is.
    run(&ctx, &text).await;
    assert_eq!(
        crate::common::first(&run(&ctx, "SELECT count(*) FROM r WHERE word_rank < 1").await),
        0
    );
}
