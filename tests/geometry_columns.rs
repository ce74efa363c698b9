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
