//! GeoParquet 1.1 native point encoding: a `geoarrow.point` column (`spider(…,
//! 'format=native')`, or a declared `STRUCT<x DOUBLE, y DOUBLE>` native column) is written as
//! a `"point"` geometry column — the coordinates as DOUBLE leaves with statistics and no
//! dictionary, the exact bbox of the points, NULL points skipped — that GeoPandas reads as
//! the same points as the WKB file of the same dataset. Layouts GeoParquet cannot hold are
//! named errors.

use crate::common;

use std::collections::HashMap;
use std::sync::Arc;

use common::geo::{copy_serial_and_parallel, expected, geo_metadata, geopandas_check_encoding};
use common::{ctx, python, query};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, FixedSizeListArray, Float64Array, Int64Array, RecordBatch,
    StructArray,
};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::datatypes::{DataType, Field, Fields, Float64Type, Schema};
use datafusion::datasource::MemTable;
use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
use datafusion::prelude::SessionContext;
use serde_json::Value;

fn geo(path: &std::path::Path) -> Value {
    serde_json::from_str(&geo_metadata(path).expect("no geo metadata")).unwrap()
}

/// `spider(…, 'format=native')` written as GeoParquet: encoding `point`, the bbox of the WKB
/// file of the same points, DOUBLE leaves `geometry.x`, `geometry.y` without dictionary
/// pages, and GeoPandas reads the same count and bounds.
#[tokio::test]
async fn native_points_are_geoparquet_point_columns() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(3, 4096);
    for (k, (dist, opts)) in [("gaussian", ""), ("bit", "affine=2,0,-1,0,2,-1")]
        .into_iter()
        .enumerate()
    {
        let wkb = format!("spider('{dist}', 20000, {k}, '{opts}')");
        let native = format!("spider('{dist}', 20000, {k}, '{opts} format=native')");
        let (n, bounds) = expected(&ctx, &format!("SELECT * FROM {wkb}")).await;
        let (w, p) = (
            dir.path().join(format!("w{k}.parquet")),
            dir.path().join(format!("p{k}.parquet")),
        );
        query(
            &ctx,
            &format!("COPY (SELECT * FROM {wkb}) TO '{}'", w.display()),
        )
        .await;
        query(
            &ctx,
            &format!("COPY (SELECT * FROM {native}) TO '{}'", p.display()),
        )
        .await;
        let (gw, gp) = (geo(&w), geo(&p));
        let col = &gp["columns"]["geometry"];
        assert_eq!(col["encoding"], "point", "{gp}");
        assert_eq!(col["geometry_types"], serde_json::json!(["Point"]), "{gp}");
        assert_eq!(col["bbox"], gw["columns"]["geometry"]["bbox"], "{gp}");
        assert_eq!(col["bbox"], serde_json::json!(bounds.to_vec()), "{gp}");
        let reader = SerializedFileReader::new(std::fs::File::open(&p).unwrap()).unwrap();
        let group = reader.metadata().row_group(0);
        let paths: Vec<String> = group
            .columns()
            .iter()
            .map(|c| c.column_path().string())
            .collect();
        assert_eq!(paths, ["id", "geometry.x", "geometry.y"]);
        for c in &group.columns()[1..] {
            assert!(c.dictionary_page_offset().is_none(), "{}", c.column_path());
            assert!(c.statistics().is_some_and(|s| s.min_is_exact()));
        }
        geopandas_check_encoding(&python(), &p, n, "Point", bounds, "point");
    }
}

/// A declared native point column beside a WKB one: both are geometry columns of the file,
/// each with its encoding; the serial and the parallel writers write the same bytes.
#[tokio::test]
async fn declared_native_points_and_wkb_share_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let files = copy_serial_and_parallel(
        dir.path(),
        "t",
        "CREATE SYNTHETIC TABLE trips (
           id      BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           pickup  STRUCT<x DOUBLE, y DOUBLE> GENERATED ALWAYS AS (spider_geometry('uniform', 'format=native affine=360,0,-180,0,180,-90')) NOT NULL,
           parcel  BYTEA GENERATED ALWAYS AS (spider_geometry('parcel', 'cardinality=20000 geometry=box')) NOT NULL
         ) WITH (rows = 20000, seed = 5)",
        "SELECT * FROM trips",
        "",
    )
    .await;
    assert_eq!(
        std::fs::read(&files[0]).unwrap(),
        std::fs::read(&files[1]).unwrap(),
        "serial and parallel files differ"
    );
    let g = geo(&files[1]);
    assert_eq!(g["columns"]["pickup"]["encoding"], "point", "{g}");
    assert_eq!(g["columns"]["parcel"]["encoding"], "WKB", "{g}");
    assert_eq!(
        g["columns"]["parcel"]["geometry_types"],
        serde_json::json!(["Polygon"])
    );
    let b = g["columns"]["pickup"]["bbox"].as_array().unwrap().clone();
    let b: Vec<f64> = b.iter().map(|v| v.as_f64().unwrap()).collect();
    // 20,000 uniform points over the whole lon/lat range come close to its corners.
    assert!(
        b[0] >= -180.0 && b[0] < -179.0 && b[2] <= 180.0 && b[2] > 179.0,
        "{b:?}"
    );
    assert!(
        b[1] >= -90.0 && b[1] < -89.0 && b[3] <= 90.0 && b[3] > 89.0,
        "{b:?}"
    );
    // The bbox is the exact extent of the points.
    let ctx = ctx(2, 8192);
    ctx.register_parquet("t", files[1].to_str().unwrap(), Default::default())
        .await
        .unwrap();
    let r = query(
        &ctx,
        "SELECT min(get_field(pickup, 'x')), min(get_field(pickup, 'y')), max(get_field(pickup, 'x')), max(get_field(pickup, 'y')) FROM t",
    )
    .await;
    let got: Vec<f64> = (0..4)
        .map(|i| r[0].column(i).as_primitive::<Float64Type>().value(0))
        .collect();
    assert_eq!(got, b);
}

fn point_field(name: &str, data_type: DataType) -> Field {
    Field::new(name, data_type, true).with_metadata(HashMap::from([(
        "ARROW:extension:name".to_string(),
        "geoarrow.point".to_string(),
    )]))
}

fn xy_fields(nullable: bool) -> Fields {
    Fields::from(vec![
        Field::new("x", DataType::Float64, nullable),
        Field::new("y", DataType::Float64, nullable),
    ])
}

/// A session with table `t` (`id`, `p`) of `points`, one batch.
fn table(p: Field, points: ArrayRef) -> SessionContext {
    let ctx = ctx(1, 8192);
    let n = points.len() as i64;
    let schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        p,
    ]));
    let batch = RecordBatch::try_new(
        Arc::clone(&schema),
        vec![Arc::new(Int64Array::from_iter_values(0..n)), points],
    )
    .unwrap();
    let t = MemTable::try_new(schema, vec![vec![batch]]).unwrap();
    ctx.register_table("t", Arc::new(t)).unwrap();
    ctx
}

/// A session with table `t` whose `p` is a `geoarrow.point` struct of the DOUBLE fields
/// `fields` (name, nullable), holding `values` (one vector per field).
fn coordinate_table(fields: &[(&str, bool)], values: Vec<Vec<Option<f64>>>) -> SessionContext {
    let fields = Fields::from(
        fields
            .iter()
            .map(|&(n, nullable)| Field::new(n, DataType::Float64, nullable))
            .collect::<Vec<_>>(),
    );
    let columns: Vec<ArrayRef> = values
        .into_iter()
        .map(|v| Arc::new(Float64Array::from(v)) as ArrayRef)
        .collect();
    let points = StructArray::try_new(fields.clone(), columns, None).unwrap();
    table(point_field("p", DataType::Struct(fields)), Arc::new(points))
}

/// NULL points are skipped by the bbox (whatever their slots hold) and have NULL bbox
/// coverings; an empty point (NaN coordinates) does not extend the bbox either.
#[tokio::test]
async fn null_and_empty_points_stay_out_of_the_bbox() {
    let dir = tempfile::tempdir().unwrap();
    let x = Float64Array::from(vec![0.5, 100.0, f64::NAN, -1.0]);
    let y = Float64Array::from(vec![0.25, 100.0, f64::NAN, 2.0]);
    let points = StructArray::try_new(
        xy_fields(false),
        vec![Arc::new(x), Arc::new(y)],
        Some(NullBuffer::from(vec![true, false, true, true])),
    )
    .unwrap();
    let ctx = table(
        point_field("p", DataType::Struct(xy_fields(false))),
        Arc::new(points),
    );
    let path = dir.path().join("n.parquet");
    query(
        &ctx,
        &format!("COPY t TO '{}' OPTIONS ('covering' 'bbox')", path.display()),
    )
    .await;
    let g = geo(&path);
    assert_eq!(g["primary_column"], "p");
    assert_eq!(
        g["columns"]["p"]["bbox"],
        serde_json::json!([-1.0, 0.25, 0.5, 2.0])
    );
    assert_eq!(
        g["columns"]["p"]["covering"]["bbox"]["xmin"],
        serde_json::json!(["p_bbox", "xmin"])
    );
    ctx.register_parquet("back", path.to_str().unwrap(), Default::default())
        .await
        .unwrap();
    let r = query(
        &ctx,
        "SELECT p_bbox IS NULL, get_field(p_bbox, 'xmin'), get_field(p_bbox, 'ymax') FROM back ORDER BY id",
    )
    .await;
    let nulls: Vec<bool> = (0..4)
        .map(|i| r[0].column(0).as_boolean().value(i))
        .collect();
    assert_eq!(nulls, [false, true, false, false]);
    let xmin = r[0].column(1).as_primitive::<Float64Type>();
    let ymax = r[0].column(2).as_primitive::<Float64Type>();
    assert_eq!((xmin.value(0), ymax.value(0)), (0.5, 0.25));
    assert_eq!((xmin.value(3), ymax.value(3)), (-1.0, 2.0));
    assert!(xmin.value(2).is_nan());
}

/// A NULL coordinate (x or z) in a non-NULL point, interleaved coordinates and M
/// coordinates are errors that name the column.
#[tokio::test]
async fn layouts_geoparquet_cannot_hold_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.parquet");
    let copy = format!("COPY t TO '{}'", path.display());

    let x = Float64Array::from(vec![Some(0.5), None]);
    let y = Float64Array::from(vec![Some(0.25), Some(0.5)]);
    let points =
        StructArray::try_new(xy_fields(true), vec![Arc::new(x), Arc::new(y)], None).unwrap();
    let ctx = table(
        point_field("p", DataType::Struct(xy_fields(true))),
        Arc::new(points),
    );
    let e = ctx.sql(&copy).await.unwrap().collect().await.unwrap_err();
    assert!(
        e.to_string().contains(
            "GeoParquet: native point column 'p' has a NULL 'x' in a non-NULL point; GeoParquet allows NULL points, not NULL coordinates"
        ),
        "{e}"
    );

    let ctx = coordinate_table(
        &[("x", false), ("y", false), ("z", true)],
        vec![
            vec![Some(0.5), Some(1.5)],
            vec![Some(0.25), Some(2.5)],
            vec![Some(3.0), None],
        ],
    );
    let e = ctx.sql(&copy).await.unwrap().collect().await.unwrap_err();
    assert!(
        e.to_string()
            .contains("native point column 'p' has a NULL 'z' in a non-NULL point"),
        "{e}"
    );

    let item = Arc::new(Field::new("xy", DataType::Float64, false));
    let interleaved = FixedSizeListArray::try_new(
        Arc::clone(&item),
        2,
        Arc::new(Float64Array::from(vec![0.5, 0.25])),
        None,
    )
    .unwrap();
    let ctx = table(
        point_field("p", DataType::FixedSizeList(item, 2)),
        Arc::new(interleaved),
    );
    let e = ctx.sql(&copy).await.unwrap().collect().await.unwrap_err();
    assert!(
        e.to_string()
            .contains("GeoParquet: column 'p' is a geoarrow.point column of type FixedSizeList(2 x non-null Float64"),
        "{e}"
    );
    assert!(
        e.to_string().contains(
            "(interleaved coordinates); GeoParquet native points are a struct of DOUBLE x, y (separated coordinates)"
        ),
        "{e}"
    );

    let ctx = coordinate_table(
        &[("x", false), ("y", false), ("m", false)],
        vec![vec![Some(1.0)]; 3],
    );
    let e = ctx.sql(&copy).await.unwrap().collect().await.unwrap_err();
    assert!(
        e.to_string()
            .contains("allowed: a struct of DOUBLE fields x, y or x, y, z (GeoParquet 1.1 has no M coordinates)"),
        "{e}"
    );
}

/// A native point struct `{x, y, z}` is a `Point Z` column; its bbox is the x/y extent.
#[tokio::test]
async fn native_3d_points_are_point_z() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = coordinate_table(
        &[("x", false), ("y", false), ("z", false)],
        vec![
            vec![Some(0.5), Some(-1.5)],
            vec![Some(0.25), Some(2.5)],
            vec![Some(3.0), Some(4.0)],
        ],
    );
    let path = dir.path().join("z.parquet");
    query(&ctx, &format!("COPY t TO '{}'", path.display())).await;
    let g = geo(&path);
    assert_eq!(g["columns"]["p"]["encoding"], "point");
    assert_eq!(
        g["columns"]["p"]["geometry_types"],
        serde_json::json!(["Point Z"])
    );
    assert_eq!(
        g["columns"]["p"]["bbox"],
        serde_json::json!([-1.5, 0.25, 0.5, 2.5])
    );
}
