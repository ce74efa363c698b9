//! Related tables: foreign keys and lookups over a parent that is never materialized.
//! FK integrity at scale (anti-join empty), lookups equal the joined parent values, the zipf
//! skew of picks, temporal consistency through a lookup, identical bytes under partitions
//! and batch sizes, and parents captured at CREATE (dropping the parent changes nothing).

use crate::common;

use common::{int, run};

use datafusion::arrow::array::{AsArray, RecordBatch};
use datafusion::arrow::datatypes::Int64Type;

/// The batches as one table of text (every type, independent of batch boundaries).
fn text(batches: &[RecordBatch]) -> String {
    datafusion::arrow::util::pretty::pretty_format_batches(batches)
        .unwrap()
        .to_string()
}

fn customers(rows: u64) -> String {
    format!(
        "CREATE OR REPLACE SYNTHETIC TABLE customers (
           id     BIGINT  GENERATED ALWAYS AS (unique_int(1000000000, 9999999999)) NOT NULL,
           name   VARCHAR GENERATED ALWAYS AS (full_name()) NOT NULL,
           signup DATE    GENERATED ALWAYS AS (date_between(DATE '2015-01-01', DATE '2024-12-31')) NOT NULL
         ) WITH (rows = {rows}, seed = 1)"
    )
}

fn orders(rows: u64) -> String {
    format!(
        "CREATE OR REPLACE SYNTHETIC TABLE orders (
           id          BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           cust        BIGINT  GENERATED ALWAYS AS (parent_row('customers', 'zipf', 1.1)) NOT NULL HIDDEN,
           customer_id BIGINT  GENERATED ALWAYS AS (lookup('customers', 'id', cust)) NOT NULL,
           name        VARCHAR GENERATED ALWAYS AS (lookup('customers', 'name', cust)) NOT NULL,
           signup      DATE    GENERATED ALWAYS AS (lookup('customers', 'signup', cust)) NOT NULL,
           ordered     DATE    GENERATED ALWAYS AS (signup + CAST(exponential(0.01) AS INT)) NOT NULL,
           referrer    BIGINT  GENERATED ALWAYS AS (foreign_key('customers', 'id')) NULL 30 PERCENT
         ) WITH (rows = {rows}, seed = 2)"
    )
}

#[tokio::test]
async fn foreign_keys_always_find_their_parent_at_scale() {
    let ctx = common::ctx(2, 8192);
    run(&ctx, &customers(1_000_000)).await;
    run(&ctx, &orders(10_000_000)).await;
    let orphans = int(
        &ctx,
        "SELECT count(*) FROM orders o LEFT ANTI JOIN customers c ON o.customer_id = c.id",
    )
    .await;
    assert_eq!(orphans, 0);
    let orphans = int(
        &ctx,
        "SELECT count(*) FROM orders o LEFT ANTI JOIN customers c ON o.referrer = c.id WHERE o.referrer IS NOT NULL",
    )
    .await;
    assert_eq!(orphans, 0);
    // Temporal consistency through the lookup: no order before its customer signed up.
    let early = int(&ctx, "SELECT count(*) FROM orders WHERE ordered < signup").await;
    assert_eq!(early, 0);
}

#[tokio::test]
async fn lookups_equal_the_joined_parent_values_and_picks_follow_zipf() {
    let ctx = common::ctx(3, 1000);
    run(&ctx, &customers(2000)).await;
    run(&ctx, &orders(200_000)).await;
    let mismatches = int(
        &ctx,
        "SELECT count(*) FROM orders o JOIN customers c ON o.customer_id = c.id WHERE o.name <> c.name OR o.signup <> c.signup",
    )
    .await;
    assert_eq!(mismatches, 0);
    let joined = int(
        &ctx,
        "SELECT count(*) FROM orders o JOIN customers c ON o.customer_id = c.id",
    )
    .await;
    assert_eq!(joined, 200_000);
    // Zipf(1.1) over 2000 parents: parent row k has p_k = k^-1.1 / H. The most referenced
    // customer is parent row 0; its share is within 5 standard errors.
    let h: f64 = (1..=2000).map(|k| (k as f64).powf(-1.1)).sum();
    let top = run(
        &ctx,
        "SELECT count(*) AS c FROM orders GROUP BY customer_id ORDER BY c DESC",
    )
    .await;
    let counts: Vec<i64> = top
        .iter()
        .flat_map(|b| b.column(0).as_primitive::<Int64Type>().values().to_vec())
        .collect();
    let n = 200_000.0;
    for rank in [1usize, 2, 10] {
        let p = (rank as f64).powf(-1.1) / h;
        let c = counts[rank - 1] as f64;
        let se = (n * p * (1.0 - p)).sqrt();
        assert!(
            (c - n * p).abs() < 5.0 * se + 0.02 * n * p,
            "rank {rank}: {c} vs {}",
            n * p
        );
    }
    // The NULL share of the optional key is 30 % (within 5 standard errors).
    let nulls = int(&ctx, "SELECT count(*) FROM orders WHERE referrer IS NULL").await as f64;
    let se = (200_000.0f64 * 0.3 * 0.7).sqrt();
    assert!((nulls - 60_000.0).abs() < 5.0 * se, "{nulls}");
}

#[tokio::test]
async fn children_are_identical_across_partitions_and_batch_sizes() {
    let mut reference = None;
    for (p, b) in [(1, 8192), (2, 37), (7, 1000)] {
        let ctx = common::ctx(p, b);
        run(&ctx, &customers(500)).await;
        run(&ctx, &orders(5000)).await;
        let h = text(&run(&ctx, "SELECT * FROM orders ORDER BY id").await);
        match &reference {
            None => reference = Some(h),
            Some(r) => assert_eq!(&h, r, "{p} partitions, batch {b}"),
        }
    }
}

#[tokio::test]
async fn the_parent_is_captured_when_the_child_is_created() {
    let ctx = common::ctx(2, 8192);
    run(&ctx, &customers(500)).await;
    run(&ctx, &orders(3000)).await;
    let before = text(&run(&ctx, "SELECT * FROM orders ORDER BY id").await);
    // Replacing and then dropping the parent leaves the child as it was created.
    run(
        &ctx,
        "CREATE OR REPLACE SYNTHETIC TABLE customers (id BIGINT GENERATED ALWAYS AS (sequence(1)), name VARCHAR GENERATED ALWAYS AS (first_name()), signup DATE GENERATED ALWAYS AS (DATE '2000-01-01')) WITH (rows = 10)",
    )
    .await;
    assert_eq!(
        text(&run(&ctx, "SELECT * FROM orders ORDER BY id").await),
        before
    );
    run(&ctx, "DROP TABLE customers").await;
    assert_eq!(
        text(&run(&ctx, "SELECT * FROM orders ORDER BY id").await),
        before
    );
}

/// `sql/examples/network_events.sql` runs as shipped (at 20,000 events): the PARTITIONED BY
/// output reads back with the table's count per tenant, every event references an existing
/// user, tenant and endpoint, and no event precedes its endpoint's first sighting.
#[tokio::test]
async fn the_network_events_example_runs_and_reads_back_per_tenant() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("network_events");
    let script = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/sql/examples/network_events.sql"
    ))
    .unwrap()
    .replace("rows = 1000000", "rows = 20000")
    .replace("'network_events/'", &format!("'{}/'", out.display()));
    let ctx = common::ctx(2, 8192);
    for s in script.split(';').map(str::trim).filter(|s| {
        s.lines()
            .any(|l| !l.trim().is_empty() && !l.trim().starts_with("--"))
    }) {
        run(&ctx, s).await;
    }
    let expected = text(
        &run(
            &ctx,
            "SELECT tenant_id, count(*) AS n FROM network_events GROUP BY tenant_id ORDER BY tenant_id",
        )
        .await,
    );
    let options = datafusion::prelude::ParquetReadOptions::default().table_partition_cols(vec![(
        "tenant_id".to_string(),
        datafusion::arrow::datatypes::DataType::Int64,
    )]);
    ctx.register_parquet("written", out.to_str().unwrap(), options)
        .await
        .unwrap();
    let got = text(
        &run(
            &ctx,
            "SELECT tenant_id, count(*) AS n FROM written GROUP BY tenant_id ORDER BY tenant_id",
        )
        .await,
    );
    assert_eq!(got, expected);
    for (sql, what) in [
        (
            "SELECT count(*) FROM network_events e LEFT ANTI JOIN users u ON e.user_id = u.user_id",
            "events without their user",
        ),
        (
            "SELECT count(*) FROM network_events e LEFT ANTI JOIN tenants t ON e.tenant_id = t.tenant_id",
            "events without their tenant",
        ),
        (
            "SELECT count(*) FROM network_events e JOIN endpoints p ON e.endpoint_id = p.endpoint_id WHERE e.ts < p.first_seen",
            "events before their endpoint was first seen",
        ),
        (
            "SELECT count(*) FROM network_events e JOIN users u ON e.user_id = u.user_id WHERE e.tenant_id <> u.tenant_id",
            "events whose tenant is not their user's",
        ),
    ] {
        assert_eq!(int(&ctx, sql).await, 0, "{what}");
    }
}

const LINEITEMS: &str = "CREATE OR REPLACE SYNTHETIC TABLE lineitems (
  id       BIGINT GENERATED ALWAYS AS (sequence(0)) NOT NULL,
  o        BIGINT GENERATED ALWAYS AS (fanout_parent()) NOT NULL HIDDEN,
  order_id BIGINT GENERATED ALWAYS AS (lookup('customers', 'id', o)) NOT NULL,
  line     BIGINT GENERATED ALWAYS AS (fanout_index() + 1) NOT NULL,
  qty      BIGINT GENERATED ALWAYS AS (uniform(1, 50)) NOT NULL
) WITH (parent = 'customers', count = 'uniform(1, 7)', seed = 9)";

/// A fan-out child: the exact total is known without a scan; each parent has 1..=7
/// children numbered 1..=n, uniformly (chi-square over the 7 counts); rows are identical
/// under any partitioning and batch size, and any row range equals the same rows of a full
/// scan (OFFSET is pushed into the scan).
#[tokio::test]
async fn fan_out_children_have_exact_counts_and_addressable_rows() {
    let mut reference = None;
    for (p, b) in [(1, 8192), (2, 37), (7, 1000)] {
        let ctx = common::ctx(p, b);
        run(&ctx, &customers(20_000)).await;
        run(&ctx, LINEITEMS).await;
        let all = text(&run(&ctx, "SELECT * FROM lineitems ORDER BY id").await);
        match &reference {
            None => reference = Some(all),
            Some(r) => assert!(&all == r, "{p} partitions, batch {b}: rows differ"),
        }
    }
    let ctx = common::ctx(2, 8192);
    run(&ctx, &customers(20_000)).await;
    run(&ctx, LINEITEMS).await;
    let total = int(&ctx, "SELECT count(*) FROM lineitems").await;
    let per_parent = run(
        &ctx,
        "SELECT n, count(*) FROM (SELECT order_id, count(*) AS n, max(line) AS m, min(line) AS l FROM lineitems GROUP BY order_id HAVING m = n AND l = 1) GROUP BY n ORDER BY n",
    )
    .await;
    let mut hist = vec![0i64; 8];
    for b in &per_parent {
        let (n, c) = (
            b.column(0).as_primitive::<Int64Type>(),
            b.column(1).as_primitive::<Int64Type>(),
        );
        for i in 0..b.num_rows() {
            hist[n.value(i) as usize] = c.value(i);
        }
    }
    assert_eq!(hist[0], 0);
    // Every parent has children, numbered 1..=n.
    assert_eq!(hist.iter().sum::<i64>(), 20_000);
    assert_eq!(
        hist.iter()
            .enumerate()
            .map(|(n, c)| n as i64 * c)
            .sum::<i64>(),
        total
    );
    let e = 20_000.0 / 7.0;
    let chi2: f64 = hist[1..].iter().map(|&c| (c as f64 - e).powi(2) / e).sum();
    assert!(
        chi2 < 30.0,
        "chi-square {chi2} over 6 degrees of freedom: {hist:?}"
    );
    // The last rows alone equal the tail of the full scan.
    let tail = text(
        &run(
            &ctx,
            &format!("SELECT * FROM lineitems ORDER BY id OFFSET {}", total - 100),
        )
        .await,
    );
    let full = run(&ctx, "SELECT * FROM lineitems ORDER BY id").await;
    let full = common::concat(&full[0].schema(), &full);
    let expected = text(&[full.slice((total - 100) as usize, 100)]);
    assert!(tail == expected, "the tail differs from the full scan's");
    let orphans = int(
        &ctx,
        "SELECT count(*) FROM customers c LEFT ANTI JOIN lineitems l ON c.id = l.order_id",
    )
    .await;
    assert_eq!(orphans, 0);
}
