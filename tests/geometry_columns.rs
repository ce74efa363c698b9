//! `st_point(x, y)` in a declared table: every WKB point decodes to its row's x and y
//! columns exactly, NULL coordinates give NULL points, and the field carries the
//! `geoarrow.wkb` extension type (so `COPY` writes GeoParquet metadata).

mod common;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::Float64Type;
use datafusion_synth::execute_sql;

#[tokio::test]
async fn points_decode_to_their_columns() {
    let ctx = common::ctx(2, 100);
    execute_sql(
        &ctx,
        "CREATE SYNTHETIC TABLE t (
           x BIGINT GENERATED ALWAYS AS (uniform(-180, 180)) NOT NULL,
           y DOUBLE GENERATED ALWAYS AS (uniform(-90.0, 90.0)) NULL 20 PERCENT,
           g BYTEA GENERATED ALWAYS AS (st_point(x, y))
         ) WITH (rows = 5000, seed = 8)",
    )
    .await
    .unwrap();
    let df = ctx.table("t").await.unwrap();
    let field = df.schema().field_with_name(None, "g").unwrap().clone();
    assert_eq!(
        field
            .metadata()
            .get("ARROW:extension:name")
            .map(String::as_str),
        Some("geoarrow.wkb")
    );
    let batches = df.collect().await.unwrap();
    let mut nulls = 0;
    for b in &batches {
        let x = b
            .column(0)
            .as_primitive::<datafusion::arrow::datatypes::Int64Type>();
        let y = b.column(1).as_primitive::<Float64Type>();
        let g = b.column(2).as_binary::<i32>();
        for i in 0..b.num_rows() {
            assert_eq!(g.is_null(i), y.is_null(i));
            if g.is_null(i) {
                nulls += 1;
                continue;
            }
            let w = g.value(i);
            assert_eq!(w.len(), 21);
            assert_eq!(&w[..5], &[1, 1, 0, 0, 0]);
            let px = f64::from_le_bytes(w[5..13].try_into().unwrap());
            let py = f64::from_le_bytes(w[13..21].try_into().unwrap());
            assert_eq!(px, x.value(i) as f64);
            assert_eq!(py, y.value(i));
        }
    }
    // 20 % NULL within 5 standard errors.
    let se = (5000.0f64 * 0.2 * 0.8).sqrt();
    assert!((nulls as f64 - 1000.0).abs() < 5.0 * se, "{nulls}");
}

/// The `spider_geometry` cases: (options of spider_geometry, the same dataset through
/// spider() with seed 7 and 3,000 rows).
const SPIDER_CASES: &[(&str, &str)] = &[
    ("'uniform', 'seed=7'", "spider('uniform', 3000, 7)"),
    (
        "'gaussian', 'seed=7 format=wkt'",
        "spider('gaussian', 3000, 7, 'format=wkt')",
    ),
    (
        "'diagonal', 'seed=7 percentage=0.3 buffer=0.2 geometry=box maxsize=0.01,0.02'",
        "spider('diagonal', 3000, 7, 'percentage=0.3 buffer=0.2 geometry=box maxsize=0.01,0.02')",
    ),
    (
        "'bit', 'seed=7 geometry=polygon maxsize=0.01 segments=3..9 affine=2,0,1,0,2,1'",
        "spider('bit', 3000, 7, 'geometry=polygon maxsize=0.01 segments=3..9 affine=2,0,1,0,2,1')",
    ),
    (
        "'parcel', 'seed=7 cardinality=3000 geometry=box dither=0.1'",
        "spider('parcel', 3000, 7, 'geometry=box dither=0.1')",
    ),
    ("'sierpinski', 'seed=7'", "spider('sierpinski', 3000, 7)"),
];

/// `spider_geometry(…, 'seed=s …')` holds `spider(…, s, …)`'s geometries row for row, for
/// every geometry kind and encoding, under any partitioning and batch size.
#[tokio::test]
async fn declared_spider_geometry_equals_spider_row_for_row() {
    for (partitions, batch) in [(1, 8192), (2, 37), (7, 1000)] {
        let ctx = common::ctx(partitions, batch);
        for (args, spider) in SPIDER_CASES {
            let ty = if args.contains("wkt") {
                "VARCHAR"
            } else {
                "BYTEA"
            };
            execute_sql(
                &ctx,
                &format!(
                    "CREATE OR REPLACE SYNTHETIC TABLE t (
                       id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
                       g  {ty} GENERATED ALWAYS AS (spider_geometry({args})) NOT NULL
                     ) WITH (rows = 3000, seed = 1)"
                ),
            )
            .await
            .unwrap_or_else(|e| panic!("{args}: {e}"));
            let sql = format!(
                "SELECT count(*) FILTER (WHERE t.g = s.geometry), count(*) FROM t JOIN {spider} s USING (id)"
            );
            let b = execute_sql(&ctx, &sql)
                .await
                .unwrap()
                .collect()
                .await
                .unwrap();
            let equal = b[0]
                .column(0)
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .value(0);
            let all = b[0]
                .column(1)
                .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
                .value(0);
            assert_eq!(
                (equal, all),
                (3000, 3000),
                "{args} with {partitions} partitions"
            );
        }
    }
}

/// Without `seed=` the column's own stream seeds the dataset: two columns with the same
/// options differ, and the points stay in the unit square.
#[tokio::test]
async fn spider_geometry_columns_have_their_own_streams() {
    let ctx = common::ctx(2, 8192);
    execute_sql(
        &ctx,
        "CREATE SYNTHETIC TABLE t (
           a BYTEA GENERATED ALWAYS AS (spider_geometry('uniform')) NOT NULL,
           b BYTEA GENERATED ALWAYS AS (spider_geometry('uniform')) NOT NULL
         ) WITH (rows = 2000, seed = 1)",
    )
    .await
    .unwrap();
    let batches = ctx.table("t").await.unwrap().collect().await.unwrap();
    let mut same = 0;
    for batch in &batches {
        let (a, b) = (
            batch.column(0).as_binary::<i32>(),
            batch.column(1).as_binary::<i32>(),
        );
        for i in 0..batch.num_rows() {
            same += usize::from(a.value(i) == b.value(i));
            for w in [a.value(i), b.value(i)] {
                let x = f64::from_le_bytes(w[5..13].try_into().unwrap());
                let y = f64::from_le_bytes(w[13..21].try_into().unwrap());
                assert!((0.0..1.0).contains(&x) && (0.0..1.0).contains(&y));
            }
        }
    }
    assert_eq!(same, 0);
}
