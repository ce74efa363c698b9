//! Every cell is a pure function of (seed, column, row): identical bytes under any
//! partitioning, batch size, projection, LIMIT/OFFSET slice, filter, and for lookups by an
//! index array versus a scan.

use crate::common;

use std::sync::Arc;

use common::{concat, ctx, hash, query};
use datafusion::arrow::array::{RecordBatch, UInt64Array};
use datafusion::arrow::compute::take_record_batch;
use datafusion::physical_plan::{ExecutionPlanProperties, collect_partitioned};
use datafusion_synth::SyntheticExec;

const TABLES: [&str; 7] = [
    "spider('uniform', {n}, 42)",
    "spider('gaussian', {n}, 42, 'format=xy')",
    "spider('diagonal', {n}, 42, 'percentage=0.3 buffer=0.2 format=wkt')",
    "spider('bit', {n}, 42, 'probability=0.3 digits=12')",
    "spider('sierpinski', {n}, 42, 'format=xy')",
    "spider('uniform', {n}, 7, 'affine=2,1,-1,0.5,3,4 format=xy')",
    "spider('diagonal', {n}, 9, 'percentage=0.5 buffer=0.5 affine=-1,0,1,0,1,0')",
];

fn table(t: &str, n: u64) -> String {
    t.replace("{n}", &n.to_string())
}

/// The reference: one partition, default batch size, rows in id order.
async fn reference(t: &str) -> RecordBatch {
    let batches = query(&ctx(1, 8192), &format!("SELECT * FROM {t}")).await;
    concat(&batches[0].schema(), &batches)
}

#[tokio::test]
async fn identical_under_partitions_and_batch_sizes() {
    for t in TABLES {
        for (n, batch_sizes) in [(3_001u64, &[1usize, 7, 8192][..]), (40_000, &[7, 8192][..])] {
            let t = table(t, n);
            let expected = hash(&[reference(&t).await]);
            for partitions in [1, 2, 3, 7] {
                for &batch_size in batch_sizes {
                    let ctx = ctx(partitions, batch_size);
                    let sql = format!("SELECT * FROM {t} ORDER BY id");
                    assert_eq!(
                        hash(&query(&ctx, &sql).await),
                        expected,
                        "{t}: {partitions} partitions, batch size {batch_size}"
                    );
                    // Partition streams are contiguous slices: concatenated in partition
                    // order they are the table itself, with no sort.
                    let plan = ctx
                        .sql(&format!("SELECT * FROM {t}"))
                        .await
                        .unwrap()
                        .create_physical_plan()
                        .await
                        .unwrap();
                    assert!(plan.downcast_ref::<SyntheticExec>().is_some(), "{t}");
                    assert_eq!(
                        plan.output_partitioning().partition_count(),
                        partitions,
                        "{t}"
                    );
                    let parts = collect_partitioned(Arc::clone(&plan), ctx.task_ctx())
                        .await
                        .unwrap();
                    let batches: Vec<RecordBatch> = parts.into_iter().flatten().collect();
                    assert!(batches.iter().all(|b| b.num_rows() <= batch_size));
                    assert_eq!(hash(&batches), expected, "{t}: partition order");
                }
            }
        }
    }
}

#[tokio::test]
async fn projections_compute_the_same_values() {
    for t in TABLES {
        let t = table(t, 5_000);
        let full = reference(&t).await;
        let names: Vec<String> = full
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        // Every column alone, and the columns reversed.
        let mut projections: Vec<Vec<String>> = names.iter().map(|n| vec![n.clone()]).collect();
        projections.push(names.iter().rev().cloned().collect());
        for cols in projections {
            let sql = format!("SELECT {} FROM {t} ORDER BY id", cols.join(", "));
            let indices: Vec<usize> = cols
                .iter()
                .map(|c| full.schema().index_of(c).unwrap())
                .collect();
            let expected = full.project(&indices).unwrap();
            for partitions in [1, 3] {
                let got = query(&ctx(partitions, 1000), &sql).await;
                assert_eq!(hash(&got), hash(std::slice::from_ref(&expected)), "{sql}");
            }
        }
    }
}

#[tokio::test]
async fn limit_offset_slices_are_the_first_rows() {
    for t in TABLES {
        let t = table(t, 10_000);
        let full = reference(&t).await;
        for (offset, limit) in [
            (0usize, 1usize),
            (0, 3),
            (250, 100),
            (9_990, 50),
            (4_000, 5_000),
        ] {
            let expected = full.slice(offset, limit.min(10_000 - offset));
            for partitions in [1, 2, 3, 7] {
                for batch_size in [7, 8192] {
                    let sql = format!("SELECT * FROM {t} LIMIT {limit} OFFSET {offset}");
                    let got = query(&ctx(partitions, batch_size), &sql).await;
                    assert_eq!(
                        hash(&got),
                        hash(std::slice::from_ref(&expected)),
                        "{sql} ({partitions})"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn lookups_by_index_array_equal_the_scan() {
    for t in TABLES {
        let t = table(t, 20_000);
        let full = reference(&t).await;
        let provider = ctx(1, 8192)
            .sql(&format!("SELECT * FROM {t}"))
            .await
            .unwrap();
        let plan = provider.create_physical_plan().await.unwrap();
        let exec = plan.downcast_ref::<SyntheticExec>().unwrap();
        let table = exec.table();
        let eval = table.eval_plan(None).unwrap();
        // Arbitrary order, repeats, first and last rows.
        let rows: Vec<u64> = (0..5_000u64)
            .map(|i| (i * 7_919 + 13) % 20_000)
            .chain([0, 19_999, 5, 5])
            .collect();
        let indices = UInt64Array::from(rows.clone());
        let looked_up = table.evaluate_indices(&eval, &indices).unwrap();
        let expected = take_record_batch(&full, &indices).unwrap();
        assert_eq!(
            hash(&[looked_up]),
            hash(std::slice::from_ref(&expected)),
            "{t}"
        );
        // The same rows through SQL: a filter on id (ids are 1-based) narrows the scan.
        let mut sorted = rows.clone();
        sorted.sort_unstable();
        sorted.dedup();
        let ids: Vec<String> = sorted.iter().map(|r| (r + 1).to_string()).collect();
        let sql = format!(
            "SELECT * FROM {t} WHERE id IN ({}) ORDER BY id",
            ids.join(", ")
        );
        let got = query(&ctx(3, 100), &sql).await;
        let sorted_idx = UInt64Array::from(sorted);
        let expected = take_record_batch(&full, &sorted_idx).unwrap();
        assert_eq!(hash(&got), hash(&[expected]), "{t}: id IN (...)");
    }
}

#[tokio::test]
async fn lookups_outside_the_table_are_errors() {
    let plan = ctx(1, 8192)
        .sql("SELECT * FROM spider('uniform', 10)")
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    let table = plan
        .downcast_ref::<SyntheticExec>()
        .unwrap()
        .table()
        .clone();
    let eval = table.eval_plan(None).unwrap();
    let err = table
        .evaluate_indices(&eval, &UInt64Array::from(vec![3, 10]))
        .unwrap_err();
    assert_eq!(
        err.strip_backtrace(),
        "Execution error: row index 10 is outside table 'spider' (0..10)"
    );
    let err = table
        .evaluate_indices(&eval, &UInt64Array::from(vec![Some(1), None]))
        .unwrap_err();
    assert_eq!(
        err.strip_backtrace(),
        "Execution error: row indices for table 'spider' must not be NULL"
    );
}

#[tokio::test]
async fn seeds_and_formats_share_points() {
    // The point stream is the same whatever the output format: WKB, WKT and x/y agree.
    let ctx = ctx(2, 1000);
    let xy = query(
        &ctx,
        "SELECT id, x, y FROM spider('gaussian', 2000, 5, 'format=xy') ORDER BY id",
    )
    .await;
    let wkt = query(
        &ctx,
        "SELECT id, geometry FROM spider('gaussian', 2000, 5, 'format=wkt') ORDER BY id",
    )
    .await;
    let xy = concat(&xy[0].schema(), &xy);
    let wkt = concat(&wkt[0].schema(), &wkt);
    let xs = common::f64s(&xy, "x");
    let ys = common::f64s(&xy, "y");
    use datafusion::arrow::array::AsArray;
    let texts = wkt.column(1).as_string::<i32>();
    for i in 0..2000 {
        assert_eq!(texts.value(i), format!("POINT({} {})", xs[i], ys[i]));
    }
    // Another seed gives other points.
    let other = query(
        &ctx,
        "SELECT x FROM spider('gaussian', 2000, 6, 'format=xy') ORDER BY id",
    )
    .await;
    let other = concat(&other[0].schema(), &other);
    assert_ne!(common::f64s(&other, "x"), xs);
}
