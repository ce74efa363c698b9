//! Parcel: exactly n boxes, pairwise disjoint (sweep line, O(n log n)), inside the unit
//! square, tiling it (area sum 1) when dither = 0, and identical bytes under any
//! partitioning, batch size, row range or index lookup.

use crate::common;

use std::collections::BTreeMap;

use common::{concat, ctx, f64s, hash, query};
use datafusion::arrow::array::UInt64Array;
use datafusion_synth::functions::spider::{build_spec, parse_option_string};
use datafusion_synth::table::spider::SpiderTable;

const SIZES: [u64; 9] = [1, 2, 3, 7, 15, 16, 123, 1000, 100_000];

/// The boxes of `spider('parcel', n, seed, opts)` in id order.
async fn boxes(n: u64, seed: u64, opts: &str) -> Vec<[f64; 4]> {
    let ctx = ctx(3, 8192);
    let sql =
        format!("SELECT * FROM spider('parcel', {n}, {seed}, '{opts} format=flat') ORDER BY id");
    let batches = query(&ctx, &sql).await;
    let b = concat(&batches[0].schema(), &batches);
    let c: Vec<Vec<f64>> = ["xmin", "ymin", "xmax", "ymax"]
        .iter()
        .map(|k| f64s(&b, k))
        .collect();
    (0..b.num_rows())
        .map(|i| [c[0][i], c[1][i], c[2][i], c[3][i]])
        .collect()
}

/// Panics if two boxes' interiors intersect. Sweep over x: at every x the active boxes
/// must have pairwise disjoint y-intervals, kept in a map ordered by ymin (coordinates are
/// non-negative, so the bit patterns order like the values). Removals at an x come before
/// insertions at the same x (touching boxes do not overlap).
fn assert_disjoint(boxes: &[[f64; 4]]) {
    let mut events: Vec<(u64, bool, usize)> = Vec::with_capacity(2 * boxes.len());
    for (i, b) in boxes.iter().enumerate() {
        assert!(b[0] < b[2] && b[1] < b[3], "box {i} is empty: {b:?}");
        events.push((b[0].to_bits(), true, i));
        events.push((b[2].to_bits(), false, i));
    }
    events.sort_unstable();
    let mut active: BTreeMap<u64, usize> = BTreeMap::new();
    for (_, insert, i) in events {
        let b = boxes[i];
        let key = b[1].to_bits();
        if !insert {
            active.remove(&key);
            continue;
        }
        if let Some((_, &j)) = active.range(..=key).next_back() {
            assert!(
                boxes[j][3] <= b[1],
                "boxes {j} and {i} overlap: {:?} {b:?}",
                boxes[j]
            );
        }
        if let Some((_, &j)) = active.range(key..).next() {
            assert!(
                b[3] <= boxes[j][1],
                "boxes {i} and {j} overlap: {b:?} {:?}",
                boxes[j]
            );
        }
        active.insert(key, i);
    }
}

#[tokio::test]
async fn exact_count_disjoint_inside_and_tiling() {
    for n in SIZES {
        for (opts, tiles) in [
            ("srange=0.1 dither=0", true),
            ("srange=0.3 dither=0.4", false),
        ] {
            let b = boxes(n, 42, opts).await;
            assert_eq!(b.len() as u64, n, "n = {n}, {opts}");
            assert!(
                b.iter()
                    .all(|b| b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= 1.0 && b[3] <= 1.0),
                "n = {n}: a box leaves the unit square"
            );
            assert_disjoint(&b);
            let area: f64 = b.iter().map(|b| (b[2] - b[0]) * (b[3] - b[1])).sum();
            if tiles {
                // Each box's area is exact to ~1 ulp; n of them sum to 1 within n·2^-52.
                assert!(
                    (area - 1.0).abs() <= 1e-15 * n as f64 + 1e-15,
                    "n = {n}: area {area}"
                );
            } else {
                assert!(area < 1.0, "dither shrinks the boxes: {area}");
            }
        }
    }
}

#[tokio::test]
async fn split_positions_respect_srange() {
    // srange = 0.5 splits every side exactly in half: 16 boxes are the 4×4 grid.
    let b = boxes(16, 7, "srange=0.5 dither=0").await;
    for b in &b {
        assert_eq!((b[2] - b[0], b[3] - b[1]), (0.25, 0.25));
    }
}

#[tokio::test]
async fn every_size_is_identical_under_partitionings() {
    for n in SIZES {
        let sql = format!("SELECT * FROM spider('parcel', {n}, 42, 'dither=0.25') ORDER BY id");
        let expected = hash(&query(&ctx(1, 8192), &sql).await);
        for tp in [2, 3, 7] {
            for bs in [3, 8192] {
                if n > 1000 && bs < 8192 {
                    continue;
                }
                let got = hash(&query(&ctx(tp, bs), &sql).await);
                assert_eq!(got, expected, "n {n}, tp {tp}, bs {bs}");
            }
        }
    }
}

#[tokio::test]
async fn identical_bytes_under_any_partitioning_and_batch_size() {
    for n in [123u64, 100_000] {
        let sql =
            format!("SELECT * FROM spider('parcel', {n}, 5, 'srange=0.2 dither=0.3') ORDER BY id");
        let expected = hash(&query(&ctx(1, 8192), &sql).await);
        for tp in [2, 3, 7] {
            for bs in [1, 37, 1000, 8192] {
                if n > 1000 && bs < 37 {
                    continue;
                }
                assert_eq!(
                    hash(&query(&ctx(tp, bs), &sql).await),
                    expected,
                    "n {n}, tp {tp}, bs {bs}"
                );
            }
        }
        // A row range in the middle equals the same rows of the full table.
        let sub = format!(
            "SELECT * FROM spider('parcel', {n}, 5, 'srange=0.2 dither=0.3') WHERE id BETWEEN 50 AND 99 ORDER BY id"
        );
        let all = format!(
            "SELECT * FROM (SELECT * FROM spider('parcel', {n}, 5, 'srange=0.2 dither=0.3') ORDER BY id LIMIT 50 OFFSET 49)"
        );
        assert_eq!(
            hash(&query(&ctx(3, 7), &sub).await),
            hash(&query(&ctx(1, 8192), &all).await)
        );
    }
}

#[tokio::test]
async fn lookups_equal_scans() {
    for (geometry, format) in [("box", "flat"), ("box", "wkb"), ("polygon", "wkt")] {
        let opts = parse_option_string(&format!("dither=0.2 geometry={geometry} format={format}"))
            .unwrap();
        let table = build_spec("parcel", 1000, 9, &opts)
            .unwrap()
            .to_table("p")
            .unwrap();
        let plan = table.eval_plan(None).unwrap();
        let full = table.evaluate_range(&plan, 0, 1000).unwrap();
        let rows: Vec<u64> = vec![999, 0, 511, 512, 3, 3, 744];
        let looked = table
            .evaluate_indices(&plan, &UInt64Array::from(rows.clone()))
            .unwrap();
        for (k, &r) in rows.iter().enumerate() {
            assert_eq!(
                hash(&[looked.slice(k, 1)]),
                hash(&[full.slice(r as usize, 1)]),
                "{geometry}/{format} row {r}"
            );
        }
    }
}

#[tokio::test]
async fn the_largest_tree_is_addressable() {
    // n = 2^63 - 1: depth 63; the first and last rows come from one descent each.
    let ctx = ctx(2, 8192);
    let sql = "SELECT * FROM spider('parcel', 9223372036854775807, 1, 'srange=0.5 dither=0 format=flat') \
               WHERE id IN (1, 2, 9223372036854775806, 9223372036854775807) ORDER BY id";
    let batches = query(&ctx, sql).await;
    let b = concat(&batches[0].schema(), &batches);
    assert_eq!(b.num_rows(), 4);
    let c: Vec<Vec<f64>> = ["xmin", "ymin", "xmax", "ymax"]
        .iter()
        .map(|k| f64s(&b, k))
        .collect();
    // Halving splits: the first leaf (depth 63) is the 2^-32 x 2^-31 corner box, the last
    // (depth 62) the 2^-31 x 2^-31 box at the top-right corner.
    assert_eq!(
        [c[0][0], c[1][0], c[2][0], c[3][0]],
        [0.0, 0.0, 2f64.powi(-32), 2f64.powi(-31)]
    );
    assert_eq!(
        [c[0][3], c[1][3], c[2][3], c[3][3]],
        [1.0 - 2f64.powi(-31), 1.0 - 2f64.powi(-31), 1.0, 1.0]
    );
}

#[test]
fn the_sweep_accepts_touching_boxes() {
    assert_disjoint(&[
        [0.0, 0.0, 0.5, 0.5],
        [0.5, 0.0, 1.0, 0.5],
        [0.0, 0.5, 1.0, 1.0],
    ]);
}

#[test]
#[should_panic(expected = "overlap")]
fn the_sweep_finds_overlaps() {
    // The second box starts inside the first one's x range and y range.
    assert_disjoint(&[
        [0.0, 0.0, 0.5, 0.5],
        [0.6, 0.6, 0.9, 0.9],
        [0.4, 0.1, 0.55, 0.2],
    ]);
}

#[test]
#[should_panic(expected = "overlap")]
fn the_sweep_finds_contained_boxes() {
    assert_disjoint(&[[0.0, 0.0, 1.0, 1.0], [0.2, 0.2, 0.3, 0.3]]);
}
