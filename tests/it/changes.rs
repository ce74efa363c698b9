//! Tables that change over time: the change feed, the SCD type 2 history and the snapshots
//! agree by construction, and these tests check that they do. Replaying the feed gives every
//! snapshot (10M events); SCD2 intervals are contiguous; the op mix, update counts and
//! per-column changes follow the declaration within 6σ (chi-square for the counts); foreign
//! keys always name a parent alive at that time; every view is byte-identical under any
//! partitioning and batch size; delivery delays, duplicates and transactions keep their
//! bounds; and the Debezium JSON lines, applied by a consumer, give the snapshot.

use crate::common;

use common::ordered::{hash as ordered_hash, partitioned_rows};
use common::{ctx, int, python, run};

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{Int64Type, TimestampMicrosecondType};
use datafusion::prelude::SessionContext;

fn text(batches: &[RecordBatch]) -> String {
    datafusion::arrow::util::pretty::pretty_format_batches(batches)
        .unwrap()
        .to_string()
}

/// A customers table with a history: `rows` entities over 2026.
fn customers(rows: u64, extra: &str) -> String {
    format!(
        "CREATE OR REPLACE SYNTHETIC TABLE customers (
           id    BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           name  VARCHAR GENERATED ALWAYS AS (first_name('en_US')) NOT NULL,
           email VARCHAR GENERATED ALWAYS AS (email(name, name, id)) NOT NULL,
           tier  VARCHAR GENERATED ALWAYS AS (weighted(['gold', 'silver', 'bronze'], [1, 3, 6])) NOT NULL,
           score DOUBLE  GENERATED ALWAYS AS (uniform(0.0, 100.0)) NOT NULL
         ) WITH (rows = {rows}, seed = 42, history_start = '2026-01-01', history_end = '2027-01-01',
                 initial = 0.3, updates = 'poisson(2)', update_columns = 'name 0.3, tier 0.5, score 0.2',
                 deletes = 0.1{extra})"
    )
}

/// The rows of `sql` as text, sorted.
async fn sorted(ctx: &SessionContext, sql: &str) -> String {
    text(&run(ctx, &format!("SELECT * FROM ({sql}) ORDER BY 1, 2")).await)
}

/// The state at `at` replayed from the flat feed: per key the last event at or before `at`
/// (by LSN), its row unless it is a delete.
fn replay(at: &str, columns: &[&str]) -> String {
    let last: Vec<String> = columns
        .iter()
        .map(|c| format!("last_value({c} ORDER BY __lsn) AS {c}"))
        .collect();
    format!(
        "SELECT id, {} FROM (
           SELECT id, {}, last_value(__op ORDER BY __lsn) AS op
           FROM changes('t', 'flat') WHERE __event_time <= {at} GROUP BY id)
         WHERE op <> 'd'",
        columns.join(", "),
        last.join(", ")
    )
}

/// A narrow table of about `4 · rows` events.
fn narrow(rows: u64) -> String {
    format!(
        "CREATE OR REPLACE SYNTHETIC TABLE t (
           id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           v  BIGINT GENERATED ALWAYS AS (uniform(0, 1000000)) NOT NULL,
           w  BIGINT GENERATED ALWAYS AS (v % 1000 + uniform(0, 9)) NOT NULL
         ) WITH (rows = {rows}, seed = 3, history_start = '2026-01-01', history_end = '2027-01-01',
                 initial = 0.2, births = 'growing', updates = 'poisson(2.9)', update_columns = 'v 0.6',
                 deletes = 0.1)"
    )
}

const TIMES: [(&str, i64); 2] = [
    ("TIMESTAMP '2026-05-17 13:00:00'", 1_779_022_800_000_000),
    ("TIMESTAMP '2027-01-01 00:00:00'", 1_798_761_600_000_000),
];

#[tokio::test]
async fn replaying_the_feed_in_sql_gives_every_snapshot() {
    let ctx = ctx(2, 8192);
    run(&ctx, &narrow(250_000)).await;
    for (at, _) in TIMES {
        let replayed = replay(at, &["v", "w"]);
        let snapshot = format!("SELECT id, v, w FROM as_of('t', {at})");
        let missing = int(
            &ctx,
            &format!("SELECT count(*) FROM (({snapshot}) EXCEPT ALL ({replayed}))"),
        )
        .await;
        let extra = int(
            &ctx,
            &format!("SELECT count(*) FROM (({replayed}) EXCEPT ALL ({snapshot}))"),
        )
        .await;
        assert_eq!((missing, extra), (0, 0), "at {at}");
    }
}

/// The rows `(id, v, w)` of `batches`.
fn triples(batches: &[RecordBatch]) -> Vec<(i64, i64, i64)> {
    let mut out = Vec::new();
    for b in batches {
        let c = |i: usize| b.column(i).as_primitive::<Int64Type>();
        let (id, v, w) = (c(0), c(1), c(2));
        for r in 0..b.num_rows() {
            out.push((id.value(r), v.value(r), w.value(r)));
        }
    }
    out
}

#[tokio::test]
async fn replaying_ten_million_events_in_lsn_order_gives_every_snapshot() {
    let ctx = ctx(2, 8192);
    run(&ctx, &narrow(2_500_000)).await;
    // The feed in LSN order (one ordered stream), applied event by event as a consumer
    // would: insert, update (checking the before image), delete.
    let mut states: Vec<std::collections::HashMap<i64, (i64, i64)>> = vec![Default::default(); 2];
    let mut events = 0u64;
    let mut last_lsn = 0i64;
    let mut stream = ctx
        .sql("SELECT id, v, w, __op, __lsn, __event_time FROM changes('t', 'flat') ORDER BY __lsn")
        .await
        .unwrap()
        .execute_stream()
        .await
        .unwrap();
    use futures::StreamExt;
    while let Some(batch) = stream.next().await {
        let b = batch.unwrap();
        let c = |i: usize| b.column(i).as_primitive::<Int64Type>();
        let (id, v, w, lsn) = (c(0), c(1), c(2), c(4));
        let op = b.column(3).as_string::<i32>();
        let t = b.column(5).as_primitive::<TimestampMicrosecondType>();
        for r in 0..b.num_rows() {
            events += 1;
            assert!(lsn.value(r) > last_lsn);
            last_lsn = lsn.value(r);
            for (state, (_, at)) in states.iter_mut().zip(TIMES) {
                if t.value(r) > at {
                    continue;
                }
                let key = id.value(r);
                let row = (v.value(r), w.value(r));
                match op.value(r) {
                    "c" => assert!(state.insert(key, row).is_none(), "insert of live {key}"),
                    "u" => assert!(state.insert(key, row).is_some(), "update of dead {key}"),
                    "d" => assert_eq!(state.remove(&key), Some(row), "delete of {key}"),
                    other => panic!("op {other}"),
                }
            }
        }
    }
    assert!((9_900_000..10_100_000).contains(&events), "{events}");
    for (state, (at, _)) in states.iter().zip(TIMES) {
        let snapshot = triples(&run(&ctx, &format!("SELECT id, v, w FROM as_of('t', {at})")).await);
        assert_eq!(snapshot.len(), state.len(), "at {at}");
        for (id, v, w) in snapshot {
            assert_eq!(state.get(&id), Some(&(v, w)), "id {id} at {at}");
        }
    }
}

#[tokio::test]
async fn reused_keys_come_back_as_new_entities_and_every_view_agrees() {
    let ctx = ctx(2, 4096);
    let n = 40_000f64;
    run(
        &ctx,
        "CREATE SYNTHETIC TABLE t (
           id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           v  BIGINT GENERATED ALWAYS AS (uniform(0, 1000000000)) NOT NULL,
           w  BIGINT GENERATED ALWAYS AS (uniform(0, 1000000000)) NOT NULL
         ) WITH (rows = 40000, seed = 9, history_start = '2026-01-01', history_end = '2027-01-01',
                 initial = 0.5, updates = 'poisson(1)', update_columns = 'v 0.7',
                 deletes = 0.5, reinserts = 0.5)",
    )
    .await;
    // A quarter of the keys are inserted twice: Binomial(n, 0.25) within 6σ.
    let twice = int(
        &ctx,
        "SELECT count(*) FROM (SELECT id FROM changes('t', 'flat') WHERE __op = 'c' GROUP BY id HAVING count(*) = 2)",
    )
    .await as f64;
    assert!(
        (twice - 0.25 * n).abs() < 6.0 * (n * 0.25 * 0.75).sqrt(),
        "{twice}"
    );
    // Each key's events: insert, updates, delete, insert again — never two lives at once.
    let bad = int(
        &ctx,
        "SELECT count(*) FROM (
           SELECT __op, lag(__op) OVER (PARTITION BY id ORDER BY __lsn) AS prev,
                  __seq, row_number() OVER (PARTITION BY id ORDER BY __lsn) - 1 AS pos
           FROM changes('t', 'flat'))
         WHERE (__op = 'c' AND prev IS NOT NULL AND prev <> 'd') OR (__op <> 'c' AND (prev IS NULL OR prev = 'd'))
            OR __seq <> pos",
    )
    .await;
    assert_eq!(bad, 0);
    // A re-insert is a new entity: w, which no update changes, is drawn anew.
    let same_w = int(
        &ctx,
        "SELECT count(*) FROM (
           SELECT id, min(w) AS a, max(w) AS b FROM changes('t', 'flat') WHERE __op = 'c'
           GROUP BY id HAVING count(*) = 2) WHERE a = b",
    )
    .await;
    assert_eq!(same_w, 0);
    // Replay, history and snapshot agree at any time, across deletes and re-inserts.
    for (at, _) in TIMES
        .iter()
        .chain(&[("TIMESTAMP '2026-10-10 10:10:10'", 0)])
    {
        let replayed = replay(at, &["v", "w"]);
        let snapshot = format!("SELECT id, v, w FROM as_of('t', {at})");
        let history = format!(
            "SELECT id, v, w FROM history('t') WHERE valid_from <= {at} AND (valid_to IS NULL OR valid_to > {at})"
        );
        for (a, b) in [
            (&snapshot, &replayed),
            (&replayed, &snapshot),
            (&snapshot, &history),
            (&history, &snapshot),
        ] {
            let diff = int(
                &ctx,
                &format!("SELECT count(*) FROM (({a}) EXCEPT ALL ({b}))"),
            )
            .await;
            assert_eq!(diff, 0, "at {at}: {a} minus {b}");
        }
    }
    // SCD2: versions never overlap; a gap only where the key was deleted.
    let bad = int(
        &ctx,
        "SELECT count(*) FROM (
           SELECT valid_to, lead(valid_from) OVER (PARTITION BY id ORDER BY version) AS next
           FROM history('t')) WHERE next IS NOT NULL AND (valid_to IS NULL OR valid_to > next)",
    )
    .await;
    assert_eq!(bad, 0);
    let gaps = int(
        &ctx,
        "SELECT count(*) FROM (
           SELECT valid_to, lead(valid_from) OVER (PARTITION BY id ORDER BY version) AS next
           FROM history('t')) WHERE next IS NOT NULL AND valid_to < next",
    )
    .await;
    assert_eq!(gaps as f64, twice);
}

#[tokio::test]
async fn scd2_intervals_are_contiguous_and_the_history_at_any_time_is_the_snapshot() {
    let ctx = ctx(3, 4096);
    run(&ctx, &customers(50_000, "")).await;
    // Each version's valid_to is the next version's valid_from; only the last may be open.
    let gaps = int(
        &ctx,
        "SELECT count(*) FROM (
           SELECT valid_to, lead(valid_from) OVER (PARTITION BY id ORDER BY version) AS next,
                  version, count(*) OVER (PARTITION BY id) AS n
           FROM history('customers'))
         WHERE (version < n - 1 AND (valid_to IS NULL OR valid_to <> next))
            OR valid_to <= (SELECT min(valid_from) FROM history('customers')) - INTERVAL '1 day'",
    )
    .await;
    assert_eq!(gaps, 0);
    let overlaps = int(
        &ctx,
        "SELECT count(*) FROM (
           SELECT valid_from, lag(valid_to) OVER (PARTITION BY id ORDER BY version) AS prev
           FROM history('customers')) WHERE prev > valid_from",
    )
    .await;
    assert_eq!(overlaps, 0);
    // One current row per live key: exactly the final snapshot; closed last versions are the
    // deleted keys.
    let current = int(
        &ctx,
        "SELECT count(*) FROM history('customers') WHERE is_current",
    )
    .await;
    let live = int(&ctx, "SELECT count(*) FROM as_of('customers')").await;
    let deleted = int(
        &ctx,
        "SELECT count(*) FROM changes('customers', 'flat') WHERE __op = 'd'",
    )
    .await;
    assert_eq!((current, current + deleted), (live, 50_000));
    for at in [
        "TIMESTAMP '2026-01-01 00:00:00'",
        "TIMESTAMP '2026-03-03 03:03:03.303'",
        "TIMESTAMP '2026-12-31 23:59:59.999999'",
    ] {
        let history = sorted(
            &ctx,
            &format!(
                "SELECT id, name, email, tier, score FROM history('customers')
                 WHERE valid_from <= {at} AND (valid_to IS NULL OR valid_to > {at})"
            ),
        )
        .await;
        let snapshot = sorted(&ctx, &format!("SELECT * FROM as_of('customers', {at})")).await;
        assert_eq!(history, snapshot, "at {at}");
    }
    // Version 0 of every entity is the declared table's row.
    let first = sorted(
        &ctx,
        "SELECT id, name, email, tier, score FROM history('customers') WHERE version = 0",
    )
    .await;
    assert_eq!(first, sorted(&ctx, "SELECT * FROM customers").await);
}

/// The chi-square statistic of observed counts against expected ones.
fn chi_square(observed: &[f64], expected: &[f64]) -> f64 {
    observed
        .iter()
        .zip(expected)
        .map(|(o, e)| (o - e) * (o - e) / e)
        .sum()
}

#[tokio::test]
async fn op_mix_update_counts_and_changed_columns_follow_the_declaration() {
    let ctx = ctx(2, 8192);
    let n = 200_000u64;
    run(
        &ctx,
        &format!(
            "CREATE SYNTHETIC TABLE t (
               id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
               a  DOUBLE GENERATED ALWAYS AS (uniform(0.0, 1.0)) NOT NULL,
               b  DOUBLE GENERATED ALWAYS AS (normal(0.0, 1.0)) NOT NULL,
               c  DOUBLE GENERATED ALWAYS AS (exponential(1.0)) NOT NULL,
               d  DOUBLE GENERATED ALWAYS AS (a * 2) NOT NULL
             ) WITH (rows = {n}, seed = 11, history_start = '2026-01-01', history_end = '2026-02-01',
                     initial = 0.25, updates = 'poisson(2)', update_columns = 'a 0.3, b 0.5',
                     deletes = 0.1)"
        ),
    )
    .await;
    let nf = n as f64;
    let sd6 = |p: f64, trials: f64| 6.0 * (trials * p * (1.0 - p)).sqrt();
    // Deletes: Binomial(n, 0.1); creates: every entity once; initial: 25% at the start.
    let deletes = int(
        &ctx,
        "SELECT count(*) FROM changes('t', 'flat') WHERE __op = 'd'",
    )
    .await;
    assert!(
        (deletes as f64 - 0.1 * nf).abs() < sd6(0.1, nf),
        "{deletes}"
    );
    let creates = int(
        &ctx,
        "SELECT count(*) FROM changes('t', 'flat') WHERE __op = 'c'",
    )
    .await;
    assert_eq!(creates, n as i64);
    let at_start = int(
        &ctx,
        "SELECT count(*) FROM as_of('t', TIMESTAMP '2026-01-01 00:00:00.050')",
    )
    .await;
    assert_eq!(at_start, (0.25 * nf) as i64);
    // Updates per entity: Poisson(2), chi-square over 0..=6 and 7+ (7 degrees of freedom;
    // 40 is beyond the 1e-6 quantile, 35.3).
    let batches = run(
        &ctx,
        "SELECT least(u, 7) AS u, count(*) AS n FROM (
           SELECT id, count(*) - 1 AS u FROM history('t') GROUP BY id) GROUP BY least(u, 7) ORDER BY 1",
    )
    .await;
    let mut observed = [0f64; 8];
    for b in &batches {
        let (u, c) = (
            b.column(0).as_primitive::<Int64Type>(),
            b.column(1).as_primitive::<Int64Type>(),
        );
        for i in 0..b.num_rows() {
            observed[u.value(i) as usize] += c.value(i) as f64;
        }
    }
    let mut pmf = [0f64; 8];
    let mut p = (-2f64).exp();
    for (k, slot) in pmf.iter_mut().enumerate().take(7) {
        *slot = p;
        p *= 2.0 / (k as f64 + 1.0);
    }
    pmf[7] = 1.0 - pmf[..7].iter().sum::<f64>();
    let expected: Vec<f64> = pmf.iter().map(|p| p * nf).collect();
    let chi = chi_square(&observed, &expected);
    assert!(chi < 40.0, "chi-square {chi}: {observed:?} vs {expected:?}");
    // Which columns an update changes: a and b by their own draws, and when neither is drawn
    // (probability 0.7 · 0.5) one of them in proportion 0.3 : 0.5; c never; d with a.
    let changes = run(
        &ctx,
        "SELECT count(*) AS updates,
                sum(CASE WHEN a <> pa THEN 1 ELSE 0 END) AS a,
                sum(CASE WHEN b <> pb THEN 1 ELSE 0 END) AS b,
                sum(CASE WHEN c <> pc THEN 1 ELSE 0 END) AS c,
                sum(CASE WHEN (d <> pd) <> (a <> pa) THEN 1 ELSE 0 END) AS d_apart,
                sum(CASE WHEN a = pa AND b = pb THEN 1 ELSE 0 END) AS none
         FROM (SELECT a, b, c, d,
                      lag(a) OVER w AS pa, lag(b) OVER w AS pb, lag(c) OVER w AS pc, lag(d) OVER w AS pd
               FROM history('t') WINDOW w AS (PARTITION BY id ORDER BY version))
         WHERE pa IS NOT NULL",
    )
    .await;
    let col = |i: usize| changes[0].column(i).as_primitive::<Int64Type>().value(0) as f64;
    let updates = col(0);
    assert!(
        (updates - 2.0 * nf).abs() < 6.0 * (2.0 * nf).sqrt(),
        "{updates}"
    );
    let none = 0.7 * 0.5;
    for (i, p) in [(1, 0.3 + none * 0.3 / 0.8), (2, 0.5 + none * 0.5 / 0.8)] {
        assert!(
            (col(i) - p * updates).abs() < sd6(p, updates),
            "column {i}: {} vs {p}",
            col(i)
        );
    }
    assert_eq!((col(3), col(4), col(5)), (0.0, 0.0, 0.0));
}

/// Customers and their orders, both changing over 2026.
async fn customers_and_orders(ctx: &SessionContext) {
    run(ctx, &customers(20_000, ", reinserts = 0.5")).await;
    run(
        ctx,
        "CREATE OR REPLACE SYNTHETIC TABLE orders (
           id          BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           customer_id BIGINT  GENERATED ALWAYS AS (foreign_key('customers', 'id', 'zipf', 1.1)) NOT NULL,
           status      VARCHAR GENERATED ALWAYS AS (weighted(['new', 'paid', 'shipped'], [5, 3, 2])) NOT NULL
         ) WITH (rows = 100000, seed = 7, history_start = '2026-01-01', history_end = '2027-01-01',
                 updates = 'uniform(0, 3)', update_columns = 'status 0.8, customer_id 0.2',
                 deletes = 0.05, reinserts = 0.3)",
    )
    .await;
}

#[tokio::test]
async fn order_events_and_snapshots_only_reference_live_customers() {
    let ctx = ctx(2, 8192);
    customers_and_orders(&ctx).await;
    // When each customer is alive: the intervals of its versions (a deleted and re-inserted
    // customer has two lives), from the customers feed.
    run(
        &ctx,
        "CREATE OR REPLACE TABLE life AS SELECT id, from_t, to_t FROM (
           SELECT id, __op, __event_time AS from_t,
                  lead(__event_time) OVER (PARTITION BY id ORDER BY __lsn) AS to_t
           FROM changes('customers', 'flat')) WHERE __op <> 'd'",
    )
    .await;
    let bad = int(
        &ctx,
        "SELECT count(*) FROM changes('orders', 'flat') o LEFT JOIN life c
           ON o.customer_id = c.id AND c.from_t <= o.__event_time AND (c.to_t IS NULL OR c.to_t > o.__event_time)
         WHERE o.__op <> 'd' AND c.id IS NULL",
    )
    .await;
    assert_eq!(bad, 0);
    for at in ["'2026-02-01'", "'2026-07-15 12:00:00'", "'2026-12-31'"] {
        let bad = int(
            &ctx,
            &format!(
                "SELECT count(*) FROM as_of('orders', {at}) o
                 LEFT ANTI JOIN as_of('customers', {at}) c ON o.customer_id = c.id"
            ),
        )
        .await;
        assert_eq!(bad, 0, "at {at}");
    }
    let bad = int(
        &ctx,
        "SELECT count(*) FROM as_of('orders') o LEFT ANTI JOIN as_of('customers') c ON o.customer_id = c.id",
    )
    .await;
    assert_eq!(bad, 0);
    // The picks still follow the declared skew: the oldest customers are referenced most.
    let top = int(
        &ctx,
        "SELECT count(*) FROM changes('orders', 'flat') WHERE __op = 'c' AND customer_id <= 100",
    )
    .await;
    assert!(top > 10_000, "{top}");
}

/// Every view of a small table, as text, under one session configuration.
async fn all_views(target_partitions: usize, batch_size: usize) -> Vec<String> {
    let ctx = ctx(target_partitions, batch_size);
    run(
        &ctx,
        &customers(3000, ", transaction_ms = 86400000, reinserts = 0.4"),
    )
    .await;
    let mut out = Vec::new();
    for sql in [
        "SELECT * FROM changes('customers')",
        "SELECT * FROM changes('customers', 'debezium', 'snapshot=true max_delay_ms=86400000 duplicates=0.05')",
        "SELECT * FROM changes('customers', 'flat', 'max_delay_ms=3600000')",
        "SELECT * FROM changes('customers', 'cdf')",
        "SELECT * FROM history('customers')",
        "SELECT * FROM as_of('customers', '2026-06-01')",
        "SELECT email, __lsn FROM changes('customers', 'flat')",
    ] {
        let (_, batches) = partitioned_rows(&ctx, sql).await;
        out.push(ordered_hash(&batches));
    }
    out
}

#[tokio::test]
async fn every_view_is_identical_under_any_partitioning_and_batch_size() {
    let reference = all_views(1, 8192).await;
    for (p, b) in [(2, 37), (7, 1), (7, 8192), (3, 1000)] {
        assert_eq!(
            all_views(p, b).await,
            reference,
            "{p} partitions, batch {b}"
        );
    }
}

#[tokio::test]
async fn slices_of_the_feed_are_slices_of_the_whole_feed() {
    let ctx = ctx(4, 1000);
    run(&ctx, &customers(3000, "")).await;
    let (_, all) = partitioned_rows(&ctx, "SELECT * FROM changes('customers', 'flat')").await;
    let all = common::concat(&all[0].schema(), &all);
    for (offset, limit) in [(0, 10), (5, 1), (999, 2000), (9000, 10_000)] {
        let slice = run(
            &ctx,
            &format!("SELECT * FROM changes('customers', 'flat') OFFSET {offset} LIMIT {limit}"),
        )
        .await;
        let n = limit.min(all.num_rows().saturating_sub(offset));
        assert_eq!(
            ordered_hash(&slice),
            ordered_hash(&[all.slice(offset, n)]),
            "OFFSET {offset} LIMIT {limit}"
        );
    }
    // A time range: the same rows as the whole feed's, in the same order.
    let ranged = run(
        &ctx,
        "SELECT * FROM changes('customers', 'flat')
         WHERE __event_time >= TIMESTAMP '2026-04-01' AND __event_time < TIMESTAMP '2026-05-01'",
    )
    .await;
    let times = all
        .column_by_name("__event_time")
        .unwrap()
        .as_primitive::<TimestampMicrosecondType>();
    let (lo, hi) = (1_775_001_600_000_000i64, 1_777_593_600_000_000i64);
    let idx: Vec<u32> = (0..all.num_rows() as u32)
        .filter(|&i| (lo..hi).contains(&times.value(i as usize)))
        .collect();
    let expected = datafusion::arrow::compute::take_record_batch(
        &all,
        &datafusion::arrow::array::UInt32Array::from(idx),
    )
    .unwrap();
    assert!(expected.num_rows() > 300);
    assert_eq!(ordered_hash(&ranged), ordered_hash(&[expected]));
}

#[tokio::test]
async fn deliveries_keep_their_bounds_and_transactions_their_boundaries() {
    let ctx = ctx(1, 8192);
    run(&ctx, &customers(20_000, ", transaction_ms = 60000")).await;
    let delay_us = 3_600_000_000i64; // one hour
    let batches = run(
        &ctx,
        "SELECT __lsn, __event_time, __ingest_time, __tx_id, __tx_order, __tx_events
         FROM changes('customers', 'flat', 'max_delay_ms=3600000 duplicates=0.02')",
    )
    .await;
    let (mut rows, mut dups, mut late) = (0usize, 0usize, 0usize);
    let mut seen = std::collections::HashSet::new();
    let mut last_ingest = i64::MIN;
    let mut max_event = i64::MIN;
    for b in &batches {
        let lsn = b.column(0).as_primitive::<Int64Type>();
        let event = b.column(1).as_primitive::<TimestampMicrosecondType>();
        let ingest = b.column(2).as_primitive::<TimestampMicrosecondType>();
        for i in 0..b.num_rows() {
            rows += 1;
            let (e, g) = (event.value(i), ingest.value(i));
            // Delivered in ingest order; an event is ingested after it happens and at most
            // two delays later (a duplicate is redelivered within one more delay).
            assert!(g >= last_ingest && g >= e && g - e <= 2 * delay_us);
            last_ingest = g;
            // Out of order by at most the bound.
            if e < max_event {
                late += 1;
                assert!(max_event - e <= 2 * delay_us);
            }
            max_event = max_event.max(e);
            if !seen.insert(lsn.value(i)) {
                dups += 1;
            }
        }
    }
    let events = seen.len() as f64;
    assert!((dups as f64 - 0.02 * events).abs() < 6.0 * (events * 0.02 * 0.98).sqrt());
    assert!(late > 1000, "{late} late deliveries of {rows}");
    // Transactions: every event of one transaction in one minute, numbered 1..=size.
    let bad = int(
        &ctx,
        "SELECT count(*) FROM (
           SELECT __tx_id, min(__tx_events) AS size, max(__tx_events) AS size2, count(*) AS n,
                  min(__tx_order) AS lo, max(__tx_order) AS hi, count(DISTINCT __tx_order) AS d,
                  max(date_trunc('minute', __event_time)) AS m1, min(date_trunc('minute', __event_time)) AS m2
           FROM changes('customers', 'flat') GROUP BY __tx_id)
         WHERE size <> size2 OR n <> size OR lo <> 1 OR hi <> size OR d <> size OR m1 <> m2",
    )
    .await;
    assert_eq!(bad, 0);
    let multi = int(
        &ctx,
        "SELECT count(*) FROM changes('customers', 'flat') WHERE __tx_events > 1",
    )
    .await;
    assert!(multi > 1000, "{multi}");
}

#[tokio::test]
async fn a_debezium_consumer_applying_the_json_lines_gets_the_snapshot() {
    let ctx = ctx(2, 8192);
    customers_and_orders(&ctx).await;
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("orders.json");
    run(
        &ctx,
        &format!(
            "COPY (SELECT * FROM changes('orders', 'debezium', 'snapshot=true max_delay_ms=5000 duplicates=0.01'))
             TO '{}' STORED AS JSON",
            feed.display()
        ),
    )
    .await;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/debezium_apply.py");
    for (until, at) in [
        (Some(1_780_000_000_000_000i64), "'2026-05-28T20:26:40Z'"),
        (None, "'2027-01-01'"),
    ] {
        let out = dir.path().join("state.csv");
        let mut cmd = std::process::Command::new(python());
        cmd.arg(&script).arg(&feed).arg("--out").arg(&out);
        if let Some(us) = until {
            cmd.arg("--until-us").arg(us.to_string());
        }
        let result = cmd.output().unwrap();
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
        run(
            &ctx,
            &format!(
                "CREATE OR REPLACE EXTERNAL TABLE applied STORED AS CSV LOCATION '{}' OPTIONS ('format.has_header' 'true')",
                out.display()
            ),
        )
        .await;
        let applied = sorted(&ctx, "SELECT id, customer_id, status FROM applied").await;
        let snapshot = sorted(
            &ctx,
            &format!("SELECT id, customer_id, status FROM as_of('orders', {at})"),
        )
        .await;
        assert_eq!(applied, snapshot, "until {until:?}");
    }
}

#[tokio::test]
async fn statistics_are_exact_and_explain_shows_the_view() {
    let ctx = ctx(2, 8192);
    run(&ctx, &customers(5000, "")).await;
    for view in [
        "changes('customers')",
        "changes('customers', 'cdf')",
        "history('customers')",
        "as_of('customers', '2026-08-08')",
    ] {
        let counted = int(&ctx, &format!("SELECT count(*) FROM {view}")).await;
        let scanned = int(
            &ctx,
            &format!("SELECT count(*) FROM (SELECT * FROM {view} WHERE true)"),
        )
        .await;
        assert_eq!(counted, scanned, "{view}");
        let plan = text(&run(&ctx, &format!("EXPLAIN SELECT count(*) FROM {view}")).await);
        assert!(
            plan.contains(&format!("projection=[{counted}]"))
                || plan.contains(&counted.to_string()),
            "{plan}"
        );
    }
    let plan = text(&run(&ctx, "EXPLAIN SELECT * FROM changes('customers', 'flat')").await);
    assert!(
        plan.contains("ChangeExec: table=changes('customers', 'flat')"),
        "{plan}"
    );
    let nulls = run(&ctx, "SELECT count(*) FILTER (WHERE before IS NULL), count(*) FILTER (WHERE after IS NULL) FROM changes('customers')").await;
    let c = nulls[0].column(0).as_primitive::<Int64Type>();
    assert!(c.value(0) == 5000 && !nulls[0].column(1).is_null(0));
}

/// `sql/examples/cdc.sql` runs as shipped (at a tenth of its rows): every file is written,
/// the Debezium JSON lines applied by a consumer give the final state, and the SCD2 file
/// holds the history.
#[tokio::test]
async fn the_cdc_example_runs() {
    let dir = tempfile::tempdir().unwrap();
    let script =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/sql/examples/cdc.sql"))
            .unwrap()
            .replace("rows = 20000", "rows = 2000")
            .replace("rows = 100000", "rows = 10000")
            .replace("'cdc/", &format!("'{}/cdc/", dir.path().display()));
    let ctx = ctx(2, 8192).enable_url_table();
    let statements = datafusion_synth::split_statements(&script).unwrap();
    assert_eq!(statements.len(), 7);
    for s in &statements {
        run(&ctx, &s.text).await;
    }
    let cdc = dir.path().join("cdc");
    for (file, view) in [
        ("customers_scd2.parquet", "history('customers')"),
        ("orders_feed.parquet", "changes('orders', 'flat')"),
        (
            "orders_2026_06_30.parquet",
            "as_of('orders', TIMESTAMP '2026-06-30 23:59:59')",
        ),
    ] {
        let path = cdc.join(file);
        let written = int(&ctx, &format!("SELECT count(*) FROM '{}'", path.display())).await;
        assert_eq!(
            written,
            int(&ctx, &format!("SELECT count(*) FROM {view}")).await,
            "{file}"
        );
    }
    let out = dir.path().join("state.csv");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/debezium_apply.py");
    let result = std::process::Command::new(python())
        .arg(script)
        .arg(cdc.join("orders_debezium.json"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let lines = std::fs::read_to_string(&out).unwrap().lines().count() as i64;
    assert_eq!(
        lines - 1,
        int(&ctx, "SELECT count(*) FROM as_of('orders')").await
    );
}
