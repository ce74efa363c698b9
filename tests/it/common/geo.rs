//! GeoParquet helpers of the integration tests: the count and bounds of WKB geometries,
//! the `geo` metadata of a file, and the GeoPandas check of a file or directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use datafusion::arrow::array::AsArray;
use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
use datafusion::prelude::SessionContext;
use geo_traits::{CoordTrait, GeometryTrait, GeometryType, LineStringTrait, PolygonTrait};

use super::{ctx, query};

pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Count and bounds of the WKB geometries of `sql` (column `geometry`), computed in Rust.
pub async fn expected(ctx: &SessionContext, sql: &str) -> (usize, [f64; 4]) {
    let batches = query(ctx, sql).await;
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let mut n = 0;
    let mut add = |x: f64, y: f64| b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    for batch in &batches {
        for v in batch
            .column_by_name("geometry")
            .unwrap()
            .as_binary::<i32>()
            .iter()
        {
            let w = wkb_bounds(v.unwrap());
            n += 1;
            add(w[0], w[1]);
            add(w[2], w[3]);
        }
    }
    (n, b)
}

/// The bounds `[xmin, ymin, xmax, ymax]` of a WKB point or polygon (its exterior ring).
pub fn wkb_bounds(bytes: &[u8]) -> [f64; 4] {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let mut add = |x: f64, y: f64| b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    match wkb::reader::read_wkb(bytes).unwrap().as_type() {
        GeometryType::Point(p) => {
            let c = geo_traits::PointTrait::coord(p).unwrap();
            add(c.x(), c.y());
        }
        GeometryType::Polygon(p) => {
            for c in p.exterior().unwrap().coords() {
                add(c.x(), c.y());
            }
        }
        _ => panic!("unexpected geometry type"),
    }
    b
}

/// `<setup>` then `COPY (<select> ORDER BY id) TO '<dir>/<name>_<parallel>.parquet'
/// <options>` with the serial writer, then the parallel one (row groups of 4,096 rows):
/// the two files, serial first.
pub async fn copy_serial_and_parallel(
    dir: &Path,
    name: &str,
    setup: &str,
    select: &str,
    options: &str,
) -> [PathBuf; 2] {
    let mut files = vec![];
    for parallel in [false, true] {
        let ctx = ctx(2, 1000);
        query(
            &ctx,
            &format!("SET datafusion.execution.parquet.allow_single_file_parallelism = {parallel}"),
        )
        .await;
        query(
            &ctx,
            "SET datafusion.execution.parquet.max_row_group_size = 4096",
        )
        .await;
        datafusion_synth::execute_sql(&ctx, setup).await.unwrap();
        let p = dir.join(format!("{name}_{parallel}.parquet"));
        query(
            &ctx,
            &format!("COPY ({select} ORDER BY id) TO '{}' {options}", p.display()),
        )
        .await;
        files.push(p);
    }
    files.try_into().unwrap()
}

pub fn geopandas_check(python: &str, path: &Path, n: usize, gtype: &str, b: [f64; 4]) {
    geopandas_check_encoding(python, path, n, gtype, b, "WKB");
}

/// [`geopandas_check`] of a file whose geometry column has GeoParquet `encoding`.
pub fn geopandas_check_encoding(
    python: &str,
    path: &Path,
    n: usize,
    gtype: &str,
    b: [f64; 4],
    encoding: &str,
) {
    let out = Command::new(python)
        .arg(crate_dir().join("scripts/check_geoparquet.py"))
        .arg(path)
        .arg(n.to_string())
        .arg(gtype)
        .args(b.iter().map(|v| format!("{v:?}")))
        .arg(encoding)
        .output()
        .expect("cannot run python");
    assert!(
        out.status.success(),
        "GeoPandas check of {} failed:\n{}{}",
        path.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn geo_metadata(path: &Path) -> Option<String> {
    let reader = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
    reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| {
            kv.iter()
                .find(|k| k.key == "geo")
                .and_then(|k| k.value.clone())
        })
}
