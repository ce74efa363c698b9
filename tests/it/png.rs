//! `COPY (…) TO 'x.png'`: images decoded and checked for real properties — pixels lit only
//! inside the data's extent, a diagonal dataset's density on the diagonal, the same bytes
//! under 1, 2 and 7 partitions, the same image from WKB, x/y and native columns of the same
//! points (and boxes), histograms, and every bad input as a clear error.
#![cfg(feature = "render")]

use std::path::Path;

use crate::common;

use common::{ctx, run};

/// The RGBA pixels of a PNG file.
struct Image {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
    bytes: Vec<u8>,
}

impl Image {
    fn read(path: &Path) -> Self {
        let bytes = std::fs::read(path).unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes.clone()))
            .read_info()
            .unwrap();
        let mut rgba = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut rgba).unwrap();
        assert_eq!(info.color_type, png::ColorType::Rgba);
        Self {
            width: info.width as usize,
            height: info.height as usize,
            rgba,
            bytes,
        }
    }

    /// Whether pixel (x, y) (y down from the top) differs from the white background.
    fn lit(&self, x: usize, y: usize) -> bool {
        self.rgba[(y * self.width + x) * 4..][..3] != [255, 255, 255]
    }

    fn lit_pixels(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for y in 0..self.height {
            for x in 0..self.width {
                if self.lit(x, y) {
                    out.push((x, y));
                }
            }
        }
        out
    }
}

async fn draw(partitions: usize, query: &str, options: &str, dir: &Path, name: &str) -> Image {
    let path = dir.join(name);
    let ctx = ctx(partitions, 8192);
    let options = if options.is_empty() {
        String::new()
    } else {
        format!(" OPTIONS ({options})")
    };
    let sql = format!(
        "COPY ({query}) TO '{}' STORED AS PNG{options}",
        path.display()
    );
    let batches = run(&ctx, &sql).await;
    let count = batches[0]
        .column(0)
        .as_any()
        .downcast_ref::<datafusion::arrow::array::UInt64Array>()
        .unwrap()
        .value(0);
    assert!(count > 0, "{sql}");
    Image::read(&path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_image_under_any_partitioning() {
    let dir = tempfile::tempdir().unwrap();
    for query in [
        "SELECT * FROM spider('gaussian', 30000, 4)",
        "SELECT * FROM spider('parcel', 5000, 2, 'dither=0.3')",
        "SELECT * FROM spider('uniform', 3000, 9, 'geometry=polygon maxsize=0.05')",
    ] {
        let mut images = Vec::new();
        for p in [1, 2, 7] {
            images.push(draw(p, query, "'width' '200'", dir.path(), &format!("p{p}.png")).await);
        }
        assert!(images[0].lit_pixels().len() > 100, "{query}");
        for i in &images[1..] {
            assert!(i.bytes == images[0].bytes, "{query}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pixels_are_lit_only_inside_the_data() {
    let dir = tempfile::tempdir().unwrap();
    // Unit-square data in an extent three units wide: only the middle third is lit.
    let img = draw(
        2,
        "SELECT * FROM spider('uniform', 20000, 1)",
        "'extent' '-1,-1,2,2', 'width' '300', 'height' '300'",
        dir.path(),
        "u.png",
    )
    .await;
    let lit = img.lit_pixels();
    assert!(lit.len() > 5000);
    assert!(
        lit.iter()
            .all(|&(x, y)| (100..200).contains(&x) && (100..200).contains(&y))
    );
    // The data's own extent (no option): the whole image is used, corner to corner.
    let own = draw(
        2,
        "SELECT * FROM spider('uniform', 20000, 1)",
        "'width' '100'",
        dir.path(),
        "own.png",
    )
    .await;
    assert_eq!((own.width, own.height), (100, 100));
    let lit = own.lit_pixels();
    let (xs, ys): (Vec<_>, Vec<_>) = lit.iter().copied().unzip();
    assert_eq!((xs.iter().min(), xs.iter().max()), (Some(&0), Some(&99)));
    assert_eq!((ys.iter().min(), ys.iter().max()), (Some(&0), Some(&99)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diagonal_dataset_is_dense_on_the_diagonal() {
    let dir = tempfile::tempdir().unwrap();
    let img = draw(
        2,
        "SELECT * FROM spider('diagonal', 50000, 5, 'percentage=0.5 buffer=0.1')",
        "'extent' '0,0,1,1', 'width' '100', 'height' '100', 'scale' 'linear', 'colormap' 'greys'",
        dir.path(),
        "d.png",
    )
    .await;
    // Greys run from white (low) to black (high): darkness is density. Ink within 5 pixels of the diagonal y = x (top-right to bottom-left in
    // image rows) against all ink. With buffer 0.1, the band's sigma is 0.02 = 2 pixels.
    let mut near = 0u64;
    let mut all = 0u64;
    for y in 0..100 {
        for x in 0..100 {
            let p = &img.rgba[(y * 100 + x) * 4..][..3];
            let ink = 765 - p.iter().map(|&c| u64::from(c)).sum::<u64>();
            all += ink;
            if (x as i64 - (99 - y as i64)).abs() <= 5 {
                near += ink;
            }
        }
    }
    assert!(near as f64 / all as f64 > 0.8, "{near} / {all}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wkb_xy_and_native_columns_of_the_same_geometries_draw_the_same_image() {
    let dir = tempfile::tempdir().unwrap();
    let opts = "'width' '160', 'extent' '0,0,1,1'";
    let mut points = Vec::new();
    for format in ["wkb", "xy", "native", "wkt"] {
        let q = format!("SELECT * FROM spider('sierpinski', 20000, 3, 'format={format}')");
        points.push(draw(2, &q, opts, dir.path(), &format!("{format}.png")).await);
    }
    for i in &points[1..] {
        assert!(i.bytes == points[0].bytes);
    }
    let mut boxes = Vec::new();
    for format in ["wkb", "native", "wkt"] {
        let q = format!("SELECT * FROM spider('parcel', 4000, 3, 'format={format}')");
        boxes.push(draw(2, &q, opts, dir.path(), &format!("box-{format}.png")).await);
    }
    for i in &boxes[1..] {
        assert!(i.bytes == boxes[0].bytes);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outlines_fills_and_histograms() {
    let dir = tempfile::tempdir().unwrap();
    let q = "SELECT * FROM spider('parcel', 64, 1, 'dither=0.5')";
    let opts = "'width' '256', 'extent' '0,0,1,1'";
    let fill = draw(1, q, &format!("{opts}, 'mode' 'fill'"), dir.path(), "f.png").await;
    let outline = draw(
        1,
        q,
        &format!("{opts}, 'mode' 'outline'"),
        dir.path(),
        "o.png",
    )
    .await;
    // Outlines are a subset of the area the fills cover (give or take the anti-aliased edge).
    let (f, o) = (fill.lit_pixels().len(), outline.lit_pixels().len());
    assert!(o < f, "outline {o} fill {f}");
    // A normal column: the tallest bar is in the middle.
    let ctx = ctx(2, 8192);
    run(
        &ctx,
        "CREATE SYNTHETIC TABLE n (v DOUBLE GENERATED ALWAYS AS (normal(10, 2))) WITH (rows = 50000, seed = 1)",
    )
    .await;
    let path = dir.path().join("h.png");
    run(
        &ctx,
        &format!("COPY (SELECT v FROM n) TO '{}' STORED AS PNG OPTIONS ('width' '50', 'height' '40', 'extent' '0,0,20,1')", path.display()),
    )
    .await;
    let h = Image::read(&path);
    let height = |x: usize| (0..h.height).filter(|&y| h.lit(x, y)).count();
    assert_eq!(height(24).max(height(25)), 40);
    assert!(height(2) < 3 && height(47) < 3);
}

async fn error(sql: &str) -> String {
    let ctx = ctx(2, 8192);
    match datafusion_synth::execute_sql(&ctx, sql).await {
        Err(e) => e.strip_backtrace(),
        Ok(df) => df.collect().await.unwrap_err().strip_backtrace(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("x.png");
    let to = to.display();
    let cases = [
        (
            format!("COPY (SELECT * FROM spider('uniform', 10) WHERE id < 0) TO '{to}'"),
            "Execution error: PNG: nothing to draw: the query returned no rows with finite coordinates, so the image has no extent; give one with OPTIONS ('extent' 'xmin,ymin,xmax,ymax') to draw an empty image",
        ),
        (
            format!("COPY (SELECT 'a' AS s) TO '{to}'"),
            "Error during planning: PNG: the query has no column to draw (s Utf8); allowed: a WKB (binary) or WKT (text) geometry column, a GeoArrow point or box struct, or numeric columns",
        ),
        (
            format!("COPY (SELECT 1 AS a, 2 AS b, 3 AS c) TO '{to}'"),
            "Error during planning: PNG: the query has 3 numeric columns and no geometry column; name the ones to draw with OPTIONS ('x' 'column' [, 'y' 'column'])",
        ),
        (
            format!(
                "COPY (SELECT * FROM spider('uniform', 10)) TO '{to}' OPTIONS ('width' '100000')"
            ),
            "Error during planning: PNG: invalid value for 'width': '100000'; allowed: an integer in 1..=8192",
        ),
        (
            format!("COPY (SELECT * FROM spider('uniform', 10)) TO '{to}' OPTIONS ('height' '0')"),
            "Error during planning: PNG: invalid value for 'height': '0'; allowed: an integer in 1..=8192",
        ),
        (
            format!(
                "COPY (SELECT * FROM spider('uniform', 10)) TO '{to}' OPTIONS ('extent' '1,0,0,1')"
            ),
            "Error during planning: PNG: invalid value for 'extent': '1,0,0,1'; allowed: four finite numbers 'xmin,ymin,xmax,ymax' with xmin < xmax and ymin < ymax",
        ),
        (
            format!(
                "COPY (SELECT * FROM spider('uniform', 10)) TO '{to}' OPTIONS ('colour_map' 'x')"
            ),
            "Error during planning: PNG: unknown option 'colour_map'; allowed: width, height, extent, geometry, x, y, mode, scale, colormap, background, color",
        ),
        (
            format!(
                "COPY (SELECT * FROM spider('uniform', 10)) TO '{to}' OPTIONS ('geometry' 'id')"
            ),
            "Error during planning: PNG: invalid value for 'geometry': 'id' is a Int64 column; allowed: a WKB (binary) or WKT (text) geometry column, a GeoArrow point or box struct, or numeric columns",
        ),
        (
            format!("COPY (SELECT * FROM spider('uniform', 10)) TO '{to}' OPTIONS ('x' 'nope')"),
            "Error during planning: PNG: invalid value for 'x': 'nope'; allowed: a column of the query (id Int64, geometry Binary)",
        ),
        (
            format!("COPY (SELECT CAST(X'0103' AS BYTEA) AS g) TO '{to}'"),
            "Execution error: PNG: column 'g' holds invalid WKB at row 0 of a batch: truncated at byte 1 of 2",
        ),
        (
            format!(
                "COPY (SELECT * FROM spider('uniform', 10)) TO '{}/' STORED AS PNG",
                dir.path().display()
            ),
            "PNG: invalid value for the target",
        ),
    ];
    for (sql, expected) in cases {
        let e = error(&sql).await;
        assert!(
            e.starts_with(expected) || e.contains(expected),
            "{sql}\n{e}\n{expected}"
        );
    }
    // NaN and infinite coordinates are skipped; the rest is drawn.
    let ctx = ctx(1, 8192);
    let n = run(
        &ctx,
        &format!(
            "COPY (SELECT * FROM (VALUES (0.0, 0.0), (1.0, 1.0), ('NaN'::double, 0.5), ('inf'::double, 0.5)) AS t(x, y)) TO '{to}'"
        ),
    )
    .await;
    assert_eq!(
        n[0].column(0)
            .as_any()
            .downcast_ref::<datafusion::arrow::array::UInt64Array>()
            .unwrap()
            .value(0),
        4
    );
    let img = Image::read(&dir.path().join("x.png"));
    assert_eq!(img.lit_pixels().len(), 2);
}
