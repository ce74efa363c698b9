//! GeoParquet: `COPY` of a table with a `geoarrow.wkb` column writes GeoParquet 1.1 `geo`
//! metadata that a real client reads: GeoPandas opens the files as geometries with the
//! count and total bounds computed here. Python comes from `DFSYNTH_PYTHON`, or from
//! `scripts/geo-venv.sh` (which creates a pinned venv from PyPI); the test fails, never
//! skips, if that cannot be set up. Non-geometry COPYs stay byte-identical to DataFusion's.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::geo::{
    copy_serial_and_parallel, crate_dir, expected, geo_metadata, geopandas_check, wkb_bounds,
};
use common::{ctx, python, query};
use datafusion::arrow::array::AsArray;
use datafusion::execution::SessionStateBuilder;
use datafusion::parquet::basic::Encoding;
use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
use datafusion::prelude::{SessionConfig, SessionContext};

#[tokio::test]
async fn geopandas_reads_copied_points_boxes_and_polygons() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(3, 4096);
    let cases = [
        ("gaussian", "", "Point", false),
        (
            "diagonal",
            "geometry=box maxsize=0.05,0.02",
            "Polygon",
            true,
        ),
        (
            "uniform",
            "geometry=polygon maxsize=0.1 segments=3..8",
            "Polygon",
            false,
        ),
        ("parcel", "dither=0.2 affine=2,0,-1,0,2,-1", "Polygon", true),
        (
            "sierpinski",
            "geometry=polygon affine=1,1,0,-1,1,0",
            "Polygon",
            false,
        ),
    ];
    for (i, (dist, opts, gtype, to_dir)) in cases.into_iter().enumerate() {
        let src = format!("spider('{dist}', 20000, {i}, '{opts}')");
        let (n, bounds) = expected(&ctx, &format!("SELECT * FROM {src}")).await;
        assert_eq!(n, 20000);
        let path = if to_dir {
            let p = dir.path().join(format!("d{i}/"));
            let sql = format!(
                "COPY (SELECT * FROM {src}) TO '{}' STORED AS PARQUET",
                p.display()
            );
            query(&ctx, &sql).await;
            p
        } else {
            // `COPY table TO file` through a registered table.
            query(&ctx, &format!("CREATE VIEW t{i} AS SELECT * FROM {src}")).await;
            let p = dir.path().join(format!("f{i}.parquet"));
            query(&ctx, &format!("COPY t{i} TO '{}'", p.display())).await;
            p
        };
        geopandas_check(&python, &path, n, gtype, bounds);
    }
    // The Rust API path: `write_geoparquet` of a DataFrame goes through the same sink.
    let src = "SELECT * FROM spider('diagonal', 20000, 7, 'geometry=box maxsize=0.05,0.02')";
    let (n, bounds) = expected(&ctx, src).await;
    let path = dir.path().join("rust.parquet");
    let df = ctx.sql(src).await.unwrap();
    datafusion_synth::geoparquet::write_geoparquet(df, path.to_str().unwrap(), vec![], None)
        .await
        .unwrap();
    geopandas_check(&python, &path, n, "Polygon", bounds);
}

#[tokio::test]
async fn with_synth_sessions_write_geo_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let state = datafusion_synth::with_synth(SessionStateBuilder::new().with_default_features())
        .with_config(SessionConfig::new().with_target_partitions(2))
        .build();
    let ctx = SessionContext::new_with_state(state);
    let p = dir.path().join("b.parquet");
    query(
        &ctx,
        &format!(
            "COPY (SELECT * FROM spider('parcel', 16, 1, 'srange=0.5 dither=0')) TO '{}'",
            p.display()
        ),
    )
    .await;
    assert_eq!(
        geo_metadata(&p).unwrap(),
        r#"{"columns":{"geometry":{"bbox":[0.0,0.0,1.0,1.0],"crs":null,"encoding":"WKB","geometry_types":["Polygon"]}},"primary_column":"geometry","version":"1.1.0"}"#
    );
}

#[tokio::test]
async fn copies_without_geometry_are_datafusions_own_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let sql = |p: &Path| {
        format!(
            "COPY (SELECT value AS id, value * 0.5 AS x FROM generate_series(1, 50000)) TO '{}'",
            p.display()
        )
    };
    let plain = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(2));
    let ours = ctx(2, 8192);
    let (a, b) = (dir.path().join("a.parquet"), dir.path().join("b.parquet"));
    query(&plain, &sql(&a)).await;
    query(&ours, &sql(&b)).await;
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(geo_metadata(&b).is_none());
    // A flat-coordinate Spider table has no WKB column: no geo metadata.
    let c = dir.path().join("c.parquet");
    query(
        &ours,
        &format!(
            "COPY (SELECT * FROM spider('parcel', 100, 1, 'format=flat')) TO '{}'",
            c.display()
        ),
    )
    .await;
    assert!(geo_metadata(&c).is_none());
}

#[tokio::test]
async fn partitioned_copies_write_geo_metadata_per_file() {
    // Hive-style partitions: every file gets its own exact bbox; together they cover the
    // whole dataset, and GeoPandas reads the directory as one GeoDataFrame.
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(2, 1000);
    let src = "spider('parcel', 4000, 3, 'srange=0.3 dither=0')";
    let out = dir.path().join("parts/");
    query(
        &ctx,
        &format!(
            "COPY (SELECT id, geometry, CAST(id % 2 AS VARCHAR) AS part FROM {src}) TO '{}' \
             STORED AS PARQUET PARTITIONED BY (part)",
            out.display()
        ),
    )
    .await;
    let mut files = 0;
    let mut bboxes = vec![];
    for part in ["0", "1"] {
        let sub = out.join(format!("part={part}"));
        for entry in std::fs::read_dir(&sub).unwrap() {
            let path = entry.unwrap().path();
            let geo = geo_metadata(&path).expect("geo metadata in every file");
            let v: serde_json::Value = serde_json::from_str(&geo).unwrap();
            assert_eq!(v["version"], "1.1.0");
            assert_eq!(v["columns"]["geometry"]["geometry_types"][0], "Polygon");
            let b: Vec<f64> = v["columns"]["geometry"]["bbox"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            bboxes.push(b);
            files += 1;
        }
        let (n, bounds) =
            expected(&ctx, &format!("SELECT * FROM {src} WHERE id % 2 = {part}")).await;
        geopandas_check(&python, &sub, n, "Polygon", bounds);
    }
    assert!(files >= 2);
    // With dither 0 the parcel tiles the square: the union of the bboxes is the unit square.
    let union = bboxes.iter().fold(
        [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ],
        |u, b| {
            [
                u[0].min(b[0]),
                u[1].min(b[1]),
                u[2].max(b[2]),
                u[3].max(b[3]),
            ]
        },
    );
    assert_eq!(union, [0.0, 0.0, 1.0, 1.0]);
}

/// The table of two WKB columns the serial/parallel comparisons copy.
const TWO_GEOMETRIES: &str = "CREATE SYNTHETIC TABLE two_geometries (
   id      BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
   pickup  BYTEA  GENERATED ALWAYS AS (spider_geometry('uniform')) NOT NULL,
   parcel  BYTEA  GENERATED ALWAYS AS (spider_geometry('parcel', 'cardinality=20000 geometry=box')) NOT NULL
 ) WITH (rows = 20000, seed = 5)";

/// The parallel writer (row groups encoded on their own tasks) writes the same file as
/// the serial one: the same bytes, so the same decoded rows, row groups and `geo`
/// metadata — for points, polygons and a table with two WKB columns, over many row groups.
#[tokio::test]
async fn the_parallel_writer_writes_the_serial_writers_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        "SELECT * FROM spider('gaussian', 25000, 3)",
        "SELECT * FROM spider('bit', 9000, 4, 'geometry=polygon maxsize=0.01 segments=3..8')",
        "SELECT * FROM two_geometries",
    ];
    for (k, select) in cases.iter().enumerate() {
        let files =
            copy_serial_and_parallel(dir.path(), &format!("{k}"), TWO_GEOMETRIES, select, "").await;
        let (serial, parallel) = (&files[0], &files[1]);
        let rg = |p: &Path| {
            SerializedFileReader::new(std::fs::File::open(p).unwrap())
                .unwrap()
                .metadata()
                .num_row_groups()
        };
        assert!(rg(serial) > 2, "{select}: several row groups");
        assert_eq!(rg(serial), rg(parallel), "{select}");
        assert_eq!(geo_metadata(serial), geo_metadata(parallel), "{select}");
        assert_eq!(
            std::fs::read(serial).unwrap(),
            std::fs::read(parallel).unwrap(),
            "{select}: the files differ"
        );
    }
}

/// `OPTIONS ('covering' 'bbox')`: each WKB column gets a `<name>_bbox` struct column holding
/// every row's exact bounds, the `geo` metadata names it as the column's covering, the
/// parallel and serial writers still write the same file, and GeoPandas reads it.
#[tokio::test]
async fn bbox_coverings_hold_each_rows_bounds() {
    let dir = tempfile::tempdir().unwrap();
    for (k, select) in [
        "SELECT * FROM spider('diagonal', 20000, 3)",
        "SELECT * FROM spider('bit', 5000, 4, 'geometry=polygon maxsize=0.01 segments=3..8')",
    ]
    .iter()
    .enumerate()
    {
        let files = copy_serial_and_parallel(
            dir.path(),
            &format!("cov{k}"),
            TWO_GEOMETRIES,
            select,
            "OPTIONS ('covering' 'bbox')",
        )
        .await;
        assert_eq!(
            std::fs::read(&files[0]).unwrap(),
            std::fs::read(&files[1]).unwrap(),
            "{select}: serial and parallel files differ"
        );
        let geo = geo_metadata(&files[1]).unwrap();
        assert!(
            geo.contains(r#""covering":{"bbox":{"xmax":["geometry_bbox","xmax"],"xmin":["geometry_bbox","xmin"],"ymax":["geometry_bbox","ymax"],"ymin":["geometry_bbox","ymin"]}}"#),
            "{geo}"
        );
        // Every row's covering equals the bounds of its geometry.
        let ctx = ctx(2, 8192);
        ctx.register_parquet("c", files[1].to_str().unwrap(), Default::default())
            .await
            .unwrap();
        let batches = query(&ctx, "SELECT CAST(geometry AS BYTEA), geometry_bbox FROM c").await;
        let mut rows = 0;
        for b in &batches {
            let g = b.column(0).as_binary::<i32>();
            let s = b.column(1).as_struct();
            let f = |i: usize| {
                s.column(i)
                    .as_primitive::<datafusion::arrow::datatypes::Float64Type>()
                    .clone()
            };
            let (x0, y0, x1, y1) = (f(0), f(1), f(2), f(3));
            for i in 0..b.num_rows() {
                let bb = wkb_bounds(g.value(i));
                assert_eq!(bb, [x0.value(i), y0.value(i), x1.value(i), y1.value(i)]);
                rows += 1;
            }
        }
        assert!(rows >= 5000);
        let (n, b) = expected(&ctx, "SELECT CAST(geometry AS BYTEA) AS geometry FROM c").await;
        let gtype = if k == 0 { "Point" } else { "Polygon" };
        geopandas_check(&python(), &files[1], n, gtype, b);
    }
}

/// DuckDB filters a covered file by its bbox covering: parcel boxes in id order are
/// spatially clustered, so the Parquet statistics of the covering rule out most row groups
/// for a corner query; the count equals DataFusion's and DuckDB pushes the filter into its
/// scan (`scripts/check_covering_duckdb.py` prints how many row groups can be skipped).
#[tokio::test]
async fn duckdb_filters_by_the_bbox_covering() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("parcels.parquet");
    let ctx = ctx(2, 8192);
    query(
        &ctx,
        "SET datafusion.execution.parquet.max_row_group_size = 4096",
    )
    .await;
    query(
        &ctx,
        &format!(
            "COPY (SELECT * FROM spider('parcel', 50000, 9, 'dither=0.2') ORDER BY id) TO '{}' OPTIONS ('covering' 'bbox')",
            p.display()
        ),
    )
    .await;
    ctx.register_parquet("parcels", p.to_str().unwrap(), Default::default())
        .await
        .unwrap();
    let b = query(
        &ctx,
        "SELECT count(*) FROM parcels WHERE geometry_bbox.xmin > 0.75 AND geometry_bbox.ymin > 0.75",
    )
    .await;
    let expected = b[0]
        .column(0)
        .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
        .value(0);
    assert!(expected > 0);
    let out = Command::new(python())
        .arg(crate_dir().join("scripts/check_covering_duckdb.py"))
        .arg(&p)
        .args(["geometry_bbox", "0.75", "0.75", &expected.to_string()])
        .output()
        .expect("cannot run python");
    assert!(
        out.status.success(),
        "DuckDB check failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{}", String::from_utf8_lossy(&out.stdout));
}

/// WKB columns are written DELTA_BYTE_ARRAY-encoded, without dictionary and without min/max
/// statistics (Parquet's GEOMETRY type: no min/max); the `COPY` options override each per
/// column.
#[tokio::test]
async fn wkb_column_settings_and_their_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = ctx(2, 8192);
    let chunk = |p: &Path| {
        let r = SerializedFileReader::new(std::fs::File::open(p).unwrap()).unwrap();
        r.metadata().row_group(0).column(1).clone()
    };
    let select = "SELECT * FROM spider('uniform', 5000, 2)";
    let default = dir.path().join("default.parquet");
    query(&ctx, &format!("COPY ({select}) TO '{}'", default.display())).await;
    let c = chunk(&default);
    assert_eq!(c.column_path().string(), "geometry");
    assert!(c.statistics().is_none());
    assert!(c.dictionary_page_offset().is_none());
    assert!(
        c.encodings().any(|e| e == Encoding::DELTA_BYTE_ARRAY),
        "{:?}",
        c.encodings().collect::<Vec<_>>()
    );
    let chosen = dir.path().join("chosen.parquet");
    query(
        &ctx,
        &format!(
            "COPY ({select}) TO '{}' OPTIONS ('format.statistics_enabled::geometry' 'chunk', 'format.encoding::geometry' 'plain', 'format.dictionary_enabled::geometry' 'true')",
            chosen.display()
        ),
    )
    .await;
    let c = chunk(&chosen);
    assert!(c.statistics().is_some_and(|s| s.min_bytes_opt().is_some()));
    assert!(c.dictionary_page_offset().is_some());
    assert!(!c.encodings().any(|e| e == Encoding::DELTA_BYTE_ARRAY));
    // Either way the `geo` metadata is the same.
    assert_eq!(geo_metadata(&default), geo_metadata(&chosen));
}
