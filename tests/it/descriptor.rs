//! The dataset identifier: `EXPLAIN` shows a compact descriptor of every parameter, and
//! running that descriptor as a `spider(...)` call recreates the same dataset (same bytes);
//! the descriptor of the recreated dataset is the descriptor itself.

use crate::common;

use common::{ctx, hash, query};
use datafusion::arrow::array::AsArray;

const CALLS: [&str; 16] = [
    "spider('uniform', 500, 1)",
    "spider('gaussian', 500, 2, 'format=wkt')",
    "spider('diagonal', 500, 3, 'percentage=0.3 buffer=0.2 format=xy')",
    "spider('bit', 500, 4, 'digits=7 format=native')",
    "spider('sierpinski', 500, 5, 'dimensions=2 affine=360,0,-180,0,180,-90')",
    "spider('uniform', 500, 6, 'geometry=box')",
    "spider('gaussian', 500, 7, 'geometry=box maxsize=0.25,0.125 format=flat')",
    "spider('diagonal', 500, 8, 'geometry=box format=native affine=0.6,-0.8,0,0.8,0.6,0')",
    "spider('bit', 500, 9, 'geometry=polygon')",
    "spider('sierpinski', 500, 10, 'geometry=polygon maxsize=0.3 segments=7 format=wkt')",
    "spider('uniform', 500, 11, 'segments=4..9 geometry=polygon affine=2,1,0,0,1,0')",
    "spider('parcel', 500, 12)",
    "spider('parcel', 500, 13, 'srange=0.1 dither=0 format=flat')",
    "spider('parcel', 500, 14, 'geometry=polygon dither=0.9 format=wkt')",
    "spider('parcel', 500, 15, 'geometry=box format=native affine=1,0.5,0,0,1,0')",
    "spider('PARCEL', 5e2, 16, 'SRANGE=0.25 format=XY')",
];

/// The `table=` descriptor of the scan in `EXPLAIN SELECT * FROM {call}`.
async fn descriptor(ctx: &datafusion::prelude::SessionContext, call: &str) -> String {
    let batches = query(ctx, &format!("EXPLAIN SELECT * FROM {call}")).await;
    for b in &batches {
        let plans = b.column(1).as_string::<i32>();
        for i in 0..b.num_rows() {
            let plan = plans.value(i);
            if let Some(rest) = plan.split("table=").nth(1) {
                return rest.split(", rows=").next().unwrap().to_string();
            }
        }
    }
    panic!("no descriptor for {call}")
}

#[tokio::test]
async fn descriptors_recreate_the_dataset() {
    let ctx = ctx(3, 100);
    for call in CALLS {
        let d = descriptor(&ctx, call).await;
        assert!(d.starts_with("spider('"), "{d}");
        let original = hash(&query(&ctx, &format!("SELECT * FROM {call} ORDER BY id")).await);
        let recreated = hash(&query(&ctx, &format!("SELECT * FROM {d} ORDER BY id")).await);
        assert_eq!(original, recreated, "{call} -> {d}");
        assert_eq!(
            descriptor(&ctx, &d).await,
            d,
            "the descriptor is a fixed point"
        );
    }
}

#[tokio::test]
async fn external_tables_have_the_same_descriptor() {
    let ctx = ctx(2, 8192);
    query(
        &ctx,
        "CREATE EXTERNAL TABLE p STORED AS SPIDER LOCATION 'spider://p' OPTIONS \
         ('distribution' 'parcel', 'cardinality' '1000', 'seed' '3', 'srange' '0.2', \
          'geometry' 'polygon', 'format' 'wkt')",
    )
    .await;
    let from_table = descriptor(&ctx, "p").await;
    assert_eq!(
        from_table,
        "spider('parcel', 1000, 3, 'srange=0.2 dither=0.5 geometry=polygon format=wkt')"
    );
    let a = hash(&query(&ctx, "SELECT * FROM p ORDER BY id").await);
    let b = hash(&query(&ctx, &format!("SELECT * FROM {from_table} ORDER BY id")).await);
    assert_eq!(a, b);
}
