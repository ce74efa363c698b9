//! `st_point(x, y)` in a declared table: every WKB point decodes to its row's x and y
//! columns exactly, NULL coordinates give NULL points, and the field carries the
//! `geoarrow.wkb` extension type (so `COPY` writes GeoParquet metadata).

use crate::common;

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
    (
        "'gaussian', 'seed=7 format=native affine=2,0,1,0,2,1'",
        "spider('gaussian', 3000, 7, 'format=native affine=2,0,1,0,2,1')",
    ),
    (
        "'uniform', 'seed=7 geometry=box maxsize=0.01,0.02 format=native'",
        "spider('uniform', 3000, 7, 'geometry=box maxsize=0.01,0.02 format=native')",
    ),
];

/// `spider_geometry(…, 'seed=s …')` holds `spider(…, s, …)`'s geometries row for row, for
/// every geometry kind and encoding, under any partitioning and batch size.
#[tokio::test]
async fn declared_spider_geometry_equals_spider_row_for_row() {
    for (partitions, batch) in [(1, 8192), (2, 37), (7, 1000)] {
        let ctx = common::ctx(partitions, batch);
        for (args, spider) in SPIDER_CASES {
            // Native points and boxes are declared as the SQL struct of their coordinates.
            let ty = if args.contains("wkt") {
                "VARCHAR"
            } else if args.contains("native") && args.contains("box") {
                "STRUCT<xmin DOUBLE, ymin DOUBLE, xmax DOUBLE, ymax DOUBLE>"
            } else if args.contains("native") {
                "STRUCT<x DOUBLE, y DOUBLE>"
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

/// `st_box(xmin, ymin, xmax, ymax)`: a closed five-point WKB ring at the row's corners
/// (ordered min/max whatever the argument order), NULL when a corner is NULL.
#[tokio::test]
async fn boxes_decode_to_their_corners() {
    let ctx = common::ctx(3, 77);
    execute_sql(
        &ctx,
        "CREATE SYNTHETIC TABLE b (
           x0 DOUBLE GENERATED ALWAYS AS (uniform(0.0, 1.0)) NOT NULL,
           y0 DOUBLE GENERATED ALWAYS AS (uniform(0.0, 1.0)) NULL 10 PERCENT,
           x1 DOUBLE GENERATED ALWAYS AS (x0 + normal(0.0, 0.01)) NOT NULL,
           y1 BIGINT GENERATED ALWAYS AS (uniform(-1, 2)) NOT NULL,
           g  BYTEA  GENERATED ALWAYS AS (st_box(x0, y0, x1, y1))
         ) WITH (rows = 3000, seed = 4)",
    )
    .await
    .unwrap();
    let batches = ctx.table("b").await.unwrap().collect().await.unwrap();
    let mut boxes = 0;
    for b in &batches {
        let f = |i: usize| {
            datafusion::arrow::compute::cast(
                b.column(i),
                &datafusion::arrow::datatypes::DataType::Float64,
            )
            .unwrap()
        };
        let (x0, y0, x1, y1) = (f(0), f(1), f(2), f(3));
        let (x0, y0, x1, y1) = (
            x0.as_primitive::<Float64Type>(),
            y0.as_primitive::<Float64Type>(),
            x1.as_primitive::<Float64Type>(),
            y1.as_primitive::<Float64Type>(),
        );
        let g = b.column(4).as_binary::<i32>();
        for i in 0..b.num_rows() {
            assert_eq!(g.is_null(i), y0.is_null(i));
            if g.is_null(i) {
                continue;
            }
            boxes += 1;
            let w = g.value(i);
            assert_eq!(w.len(), 93);
            assert_eq!(&w[..13], &[1, 3, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0]);
            let coords: Vec<f64> = w[13..]
                .chunks(8)
                .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
                .collect();
            let xs: Vec<f64> = coords.iter().step_by(2).copied().collect();
            let ys: Vec<f64> = coords.iter().skip(1).step_by(2).copied().collect();
            let (lx, hx) = (x0.value(i).min(x1.value(i)), x0.value(i).max(x1.value(i)));
            let (ly, hy) = (y0.value(i).min(y1.value(i)), y0.value(i).max(y1.value(i)));
            assert_eq!((xs[0], ys[0]), (xs[4], ys[4]), "closed ring");
            for (x, y) in xs.iter().zip(&ys) {
                assert!((*x == lx || *x == hx) && (*y == ly || *y == hy));
            }
            let fold = |v: &[f64], f: fn(f64, f64) -> f64| v.iter().copied().reduce(f).unwrap();
            assert_eq!((fold(&xs, f64::min), fold(&xs, f64::max)), (lx, hx));
            assert_eq!((fold(&ys, f64::min), fold(&ys, f64::max)), (ly, hy));
        }
    }
    assert!(boxes > 2500, "{boxes}");
}
