//! `COPY … TO` Parquet (a file and a directory) and CSV streams the generated rows through
//! DataFusion's own writers; reading the files back gives the same rows, and the GeoArrow
//! field metadata of the geometry survives in the Parquet schema.

use crate::common;

use common::{ctx, hash, query};
use datafusion::arrow::array::AsArray;
use datafusion::arrow::datatypes::UInt64Type;
use datafusion::prelude::{CsvReadOptions, ParquetReadOptions};

const SOURCE: &str = "spider('gaussian', 100000, 7)";

async fn copy(ctx: &datafusion::prelude::SessionContext, sql: &str) -> u64 {
    let batches = query(ctx, sql).await;
    batches[0].column(0).as_primitive::<UInt64Type>().value(0)
}

#[tokio::test]
async fn copy_to_a_parquet_file_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.parquet");
    let ctx = ctx(3, 8192);
    let n = copy(
        &ctx,
        &format!("COPY (SELECT * FROM {SOURCE}) TO '{}'", path.display()),
    )
    .await;
    assert_eq!(n, 100_000);
    let expected = hash(&query(&ctx, &format!("SELECT * FROM {SOURCE} ORDER BY id")).await);
    // DataFusion skips the Arrow field metadata of Parquet files unless asked to keep it.
    let keep_metadata = ParquetReadOptions::default().skip_metadata(false);
    ctx.register_parquet("g", path.to_str().unwrap(), keep_metadata)
        .await
        .unwrap();
    let back = query(&ctx, "SELECT * FROM g ORDER BY id").await;
    assert_eq!(hash(&back), expected);
    let field = back[0]
        .schema()
        .field_with_name("geometry")
        .unwrap()
        .clone();
    assert_eq!(
        field
            .metadata()
            .get("ARROW:extension:name")
            .map(String::as_str),
        Some("geoarrow.wkb")
    );
}

#[tokio::test]
async fn copy_to_a_parquet_directory_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let out = format!("{}/points/", dir.path().display());
    let ctx = ctx(4, 1000);
    let src = "spider('diagonal', 50000, 3, 'percentage=0.3 buffer=0.2 format=xy')";
    let n = copy(
        &ctx,
        &format!("COPY (SELECT * FROM {src}) TO '{out}' STORED AS PARQUET"),
    )
    .await;
    assert_eq!(n, 50_000);
    let files = std::fs::read_dir(&out).unwrap().count();
    assert!(files >= 1);
    ctx.register_parquet("p", &out, ParquetReadOptions::default())
        .await
        .unwrap();
    let back = query(&ctx, "SELECT * FROM p ORDER BY id").await;
    let expected = query(&ctx, &format!("SELECT * FROM {src} ORDER BY id")).await;
    assert_eq!(hash(&back), hash(&expected));
}

#[tokio::test]
async fn copy_to_csv_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.csv");
    let ctx = ctx(2, 8192);
    let src = "spider('bit', 20000, 11, 'probability=0.4 digits=30 format=xy')";
    let n = copy(
        &ctx,
        &format!("COPY (SELECT * FROM {src}) TO '{}'", path.display()),
    )
    .await;
    assert_eq!(n, 20_000);
    ctx.register_csv("c", path.to_str().unwrap(), CsvReadOptions::new())
        .await
        .unwrap();
    let back = query(&ctx, "SELECT id, x, y FROM c ORDER BY id").await;
    let expected = query(&ctx, &format!("SELECT * FROM {src} ORDER BY id")).await;
    assert_eq!(
        hash(&back),
        hash(&expected),
        "CSV text round-trips doubles exactly"
    );
}
