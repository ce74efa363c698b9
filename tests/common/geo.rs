//! GeoParquet helpers of the integration tests: the count and bounds of WKB geometries,
//! the `geo` metadata of a file, and the GeoPandas check of a file or directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use datafusion::arrow::array::AsArray;
use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
use datafusion::prelude::SessionContext;
use geo_traits::{CoordTrait, GeometryTrait, GeometryType, LineStringTrait, PolygonTrait};

use super::query;

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
            let g = wkb::reader::read_wkb(v.unwrap()).unwrap();
            n += 1;
            match g.as_type() {
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
        }
    }
    (n, b)
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
