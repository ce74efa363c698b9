//! `dfsynth serve` over real HTTP (a server on a loopback port, raw HTTP/1.1 requests): the
//! errors are SQL's own texts (HTTP 400, with the field they name), the preview is the PNG
//! `COPY … STORED AS PNG` writes, downloads are the files `COPY` writes (byte for byte), GeoJSON
//! and WKT carry the generated geometries, a closed connection stops the generation, and the
//! limits hold. The page itself is driven by a real browser in `serve_browser.rs`.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use datafusion::prelude::SessionContext;
use datafusion_synth::serve::{MAX_URI_LEN, ServeOptions, serve};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::ctx;

/// A server on a free loopback port; it stops when the test's runtime ends.
async fn start(options: ServeOptions) -> (SessionContext, SocketAddr) {
    let ctx = ctx(3, 1000);
    let (tx, rx) = tokio::sync::oneshot::channel();
    let options = ServeOptions {
        bind: "127.0.0.1:0".parse().unwrap(),
        ..options
    };
    let served = ctx.clone();
    tokio::spawn(async move {
        serve(
            served,
            options,
            move |addr| {
                let _ = tx.send(addr);
            },
            std::future::pending(),
        )
        .await
        .unwrap();
    });
    (ctx, rx.await.unwrap())
}

struct Reply {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Decodes a `Transfer-Encoding: chunked` body.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = raw
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line");
        let size_text = std::str::from_utf8(&raw[..line_end]).unwrap();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        raw = &raw[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

/// One GET request, read to the end.
async fn get(addr: SocketAddr, path: &str) -> Reply {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let head_end = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let rest = &raw[head_end + 4..];
    let body = if headers
        .get("transfer-encoding")
        .is_some_and(|v| v == "chunked")
    {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Reply {
        status,
        headers,
        body,
    }
}

/// The error text the same SQL gives.
async fn sql_error(ctx: &SessionContext, sql: &str) -> String {
    let result = match ctx.sql(sql).await {
        Ok(df) => df.collect().await.map(|_| ()),
        Err(e) => Err(e),
    };
    datafusion_synth::sql::error_text(&result.expect_err(sql))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_the_texts_of_sql_with_their_field() {
    let (ctx, addr) = start(ServeOptions::default()).await;
    let cases = [
        (
            "/api/dataset?distribution=diagonal&cardinality=1000&percentage=2",
            "SELECT * FROM spider('diagonal', 1000, 0, 'percentage=2')",
            Some("percentage"),
        ),
        (
            "/api/dataset?distribution=diagnal&cardinality=1000",
            "SELECT * FROM spider('diagnal', 1000, 0)",
            Some("distribution"),
        ),
        (
            "/api/dataset?distribution=uniform&cardinality=abc",
            "SELECT * FROM spider('uniform', 'abc', 0)",
            Some("cardinality"),
        ),
        (
            "/api/dataset?distribution=uniform&cardinality=0",
            "SELECT * FROM spider('uniform', 0, 0)",
            Some("cardinality"),
        ),
        (
            "/api/dataset?kind=tpch&table=lineitems&scale_factor=1",
            "SELECT * FROM tpch('lineitems', 1)",
            None,
        ),
        (
            "/api/preview.png?distribution=uniform&cardinality=10&image.width=0",
            "COPY (SELECT * FROM spider('uniform', 10)) TO '/tmp/never.png' OPTIONS ('width' '0')",
            Some("image.width"),
        ),
        (
            "/api/preview.png?distribution=uniform&cardinality=10&image.width=100000",
            "COPY (SELECT * FROM spider('uniform', 10)) TO '/tmp/never.png' OPTIONS ('width' '100000')",
            Some("image.width"),
        ),
    ];
    for (path, sql, field) in cases {
        let reply = get(addr, path).await;
        assert_eq!(reply.status, 400, "{path}: {}", reply.text());
        let expected = sql_error(&ctx, sql).await;
        assert_eq!(reply.text(), expected, "{path}");
        if let Some(field) = field {
            assert_eq!(
                reply.headers.get("x-error-field").map(String::as_str),
                Some(field),
                "{path}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_and_oversized_requests_are_refused() {
    let (_ctx, addr) = start(ServeOptions::default()).await;
    let cases: [(&str, u16, &str); 5] = [
        (
            "/api/dataset?distribution=uniform&foo=1",
            400,
            "unknown parameter 'foo'; allowed: kind, table, scale_factor, name, sql, output, filename, the Spider options (distribution, cardinality, seed, geometry, percentage, buffer, probability, digits, srange, dither, maxsize, segments, dimensions, affine, format) and image.<width|height|extent|geometry|x|y|mode|scale|colormap|background|color>",
        ),
        (
            "/api/dataset?seed=1&seed=2",
            400,
            "the parameter 'seed' is given more than once",
        ),
        (
            "/api/dataset?kind=sql&sql=SELECT%201",
            400,
            "queries are not accepted by this server: start it with `dfsynth serve --allow-sql` to allow them",
        ),
        (
            "/api/download?distribution=uniform&output=xlsx",
            400,
            "invalid value for 'output': 'xlsx'; allowed: parquet, csv, ndjson, geojson, wkt",
        ),
        (
            "/api/download?kind=tpch&table=nation&scale_factor=1&output=geojson",
            400,
            "Error during planning: GeoJSON: the result has no geometry column (WKB or WKT); its columns: n_nationkey (Int64), n_name (Utf8View), n_regionkey (Int64), n_comment (Utf8View)",
        ),
    ];
    for (path, status, text) in cases {
        let reply = get(addr, path).await;
        assert_eq!(
            (reply.status, reply.text().as_str()),
            (status, text),
            "{path}"
        );
    }
    // Percent-encoding gone wrong is read as the characters it is, then refused as a value.
    let reply = get(addr, "/api/dataset?distribution=%ZZuniform").await;
    assert_eq!(reply.status, 400);
    assert!(reply.text().contains("'%ZZuniform'"), "{}", reply.text());
    let long = format!("/api/dataset?sql={}", "a".repeat(MAX_URI_LEN));
    let reply = get(addr, &long).await;
    assert_eq!(reply.status, 414);
    assert_eq!(
        reply.text(),
        format!(
            "the request URI is {} bytes long; at most {MAX_URI_LEN} are accepted",
            long.len()
        )
    );
    assert_eq!(get(addr, "/etc/passwd").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_description_gives_descriptor_sql_and_rows() {
    let (_ctx, addr) = start(ServeOptions::default()).await;
    let reply = get(
        addr,
        "/api/dataset?distribution=diagonal&cardinality=1e4&seed=7&percentage=0.3&buffer=0.2",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let d: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(
        d["query"],
        "SELECT * FROM spider('diagonal', 1e4, 7, 'percentage=0.3 buffer=0.2')"
    );
    assert_eq!(
        d["descriptor"],
        "spider('diagonal', 10000, 7, 'percentage=0.3 buffer=0.2')"
    );
    assert_eq!(d["rows"], 10000);
    assert_eq!(d["columns"][0]["name"], "id");
    let form: serde_json::Value =
        serde_json::from_slice(&get(addr, "/api/form").await.body).unwrap();
    assert_eq!(form["distributions"].as_array().unwrap().len(), 6);
    assert_eq!(form["tpcds"].as_array().unwrap().len(), 24);
    assert_eq!(form["allow_sql"], false);
    let page = get(addr, "/").await;
    assert!(page.text().contains("<script src=\"/app.js\">"));
}

/// Runs `copy` (a `COPY … TO '{path}'`) into a temporary file and returns its bytes.
async fn copy_bytes(ctx: &SessionContext, copy: &str, file: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    let sql = copy.replace("{path}", path.to_str().unwrap());
    ctx.sql(&sql).await.unwrap().collect().await.unwrap();
    std::fs::read(&path).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_is_the_png_of_copy() {
    let (ctx, addr) = start(ServeOptions {
        preview_rows: 5000,
        ..ServeOptions::default()
    })
    .await;
    let reply = get(
        addr,
        "/api/preview.png?distribution=parcel&cardinality=20000&seed=3&geometry=box&image.width=200&image.mode=outline",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.headers["content-type"], "image/png");
    assert_eq!(reply.headers["x-rows-drawn"], "5000");
    let expected = copy_bytes(
        &ctx,
        "COPY (SELECT * FROM spider('parcel', 20000, 3, 'geometry=box') LIMIT 5000) TO '{path}' OPTIONS ('width' '200', 'mode' 'outline')",
        "p.png",
    )
    .await;
    assert!(
        reply.body == expected,
        "the preview differs from COPY's PNG"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn downloads_are_the_files_copy_writes() {
    let (ctx, addr) = start(ServeOptions::default()).await;
    let query = "SELECT * FROM spider('diagonal', 3000, 5, 'percentage=0.3')";
    for (format, file) in [
        ("csv", "d.csv"),
        ("ndjson", "d.json"),
        ("parquet", "d.parquet"),
    ] {
        let reply = get(
            addr,
            &format!("/api/download?distribution=diagonal&cardinality=3000&seed=5&percentage=0.3&output={format}"),
        )
        .await;
        assert_eq!(reply.status, 200, "{format}: {}", reply.text());
        assert_eq!(
            reply.headers["content-disposition"],
            format!(
                "attachment; filename=\"diagonal.{}\"",
                if format == "ndjson" { "ndjson" } else { format }
            )
        );
        let expected = copy_bytes(&ctx, &format!("COPY ({query}) TO '{{path}}'"), file).await;
        assert_eq!(reply.body.len(), expected.len(), "{format}");
        assert!(
            reply.body == expected,
            "{format}: the download differs from COPY's file"
        );
    }
    // The running downloads are gone once finished.
    assert_eq!(get(addr, "/api/downloads").await.text(), "[]");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn geojson_and_wkt_carry_the_generated_geometries() {
    let (ctx, addr) = start(ServeOptions::default()).await;
    let xy = crate::common::query(
        &ctx,
        "SELECT CAST(id AS DOUBLE) AS id, x, y FROM spider('gaussian', 500, 9, 'format=xy')",
    )
    .await;
    let all = crate::common::concat(&xy[0].schema(), &xy);
    let (ids, xs, ys) = (
        crate::common::f64s(&all, "id"),
        crate::common::f64s(&all, "x"),
        crate::common::f64s(&all, "y"),
    );
    let point_of: HashMap<u64, (f64, f64)> = (0..ids.len())
        .map(|i| (ids[i] as u64, (xs[i], ys[i])))
        .collect();
    let reply = get(
        addr,
        "/api/download?distribution=gaussian&cardinality=500&seed=9&output=geojson",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let fc: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(fc["type"], "FeatureCollection");
    assert_eq!(fc["features"].as_array().unwrap().len(), 500);
    // One feature per line; coordinates written exactly (shortest round-trip text).
    let text = reply.text();
    let mut seen = 0;
    for line in text.lines().filter(|l| l.contains("\"Feature\"")) {
        let f: serde_json::Value = serde_json::from_str(line.trim_end_matches(',')).unwrap();
        let (x, y) = point_of[&f["properties"]["id"].as_u64().unwrap()];
        let point = format!("{{\"type\":\"Point\",\"coordinates\":[{x},{y}]}}");
        assert!(line.contains(&point), "{line} lacks {point}");
        seen += 1;
    }
    assert_eq!(seen, 500);
    let reply = get(
        addr,
        "/api/download?distribution=parcel&cardinality=200&geometry=polygon&output=wkt",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let text = reply.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 200);
    for line in lines {
        let g: wkt::Wkt<f64> = line.parse().unwrap_or_else(|e| panic!("{line}: {e}"));
        assert!(matches!(g, wkt::Wkt::Polygon(_)), "{line}");
    }
}

/// Reads a download's first bytes, then closes the connection.
async fn start_and_abandon(addr: SocketAddr, path: &str) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 64 * 1024];
    let mut read = 0;
    while read < 64 * 1024 {
        let n = s.read(&mut buf[read..]).await.unwrap();
        assert!(n > 0, "the download ended early");
        read += n;
    }
    drop(s);
}

async fn downloads(addr: SocketAddr) -> Vec<serde_json::Value> {
    let reply = get(addr, "/api/downloads").await;
    serde_json::from_slice::<serde_json::Value>(&reply.body)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_download_stops_the_generation_and_the_limit_holds() {
    let (_ctx, addr) = start(ServeOptions {
        max_downloads: 1,
        ..ServeOptions::default()
    })
    .await;
    let huge = "/api/download?distribution=uniform&cardinality=10000000000&output=csv";
    // One download at a time: a second is refused while the first runs.
    let mut first = TcpStream::connect(addr).await.unwrap();
    first
        .write_all(format!("GET {huge} HTTP/1.1\r\nHost: {addr}\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut buf = [0u8; 4096];
    assert!(first.read(&mut buf).await.unwrap() > 0);
    let running = downloads(addr).await;
    assert_eq!(running.len(), 1);
    assert_eq!(running[0]["rows_total"], 10_000_000_000u64);
    let second = get(addr, huge).await;
    assert_eq!(
        (second.status, second.text().as_str()),
        (
            429,
            "too many downloads at once: at most 1 run at a time; wait for one to finish"
        )
    );
    drop(first);
    // Closing the connection ends the download and its generation.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !downloads(addr).await.is_empty() {
        assert!(
            Instant::now() < deadline,
            "the abandoned download still runs"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    start_and_abandon(addr, huge).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let running = downloads(addr).await;
        if running.is_empty() {
            break;
        }
        let done = running[0]["rows_done"].as_u64().unwrap();
        assert!(
            done < 1_000_000_000,
            "{done} rows generated for an abandoned download"
        );
        assert!(
            Instant::now() < deadline,
            "the abandoned download still runs"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_with_the_flag_and_never_statements() {
    let (ctx, addr) = start(ServeOptions {
        allow_sql: true,
        ..ServeOptions::default()
    })
    .await;
    datafusion_synth::execute_sql(
        &ctx,
        "CREATE SYNTHETIC TABLE people (id BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL, age DOUBLE GENERATED ALWAYS AS (normal(40.0, 5.0))) WITH (rows = 100)",
    )
    .await
    .unwrap();
    let reply = get(
        addr,
        "/api/dataset?kind=sql&sql=SELECT%20age%20FROM%20people%20WHERE%20age%20%3E%2050",
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let reply = get(addr, "/api/dataset?kind=table&name=people").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let d: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(d["rows"], 100);
    let form: serde_json::Value =
        serde_json::from_slice(&get(addr, "/api/form").await.body).unwrap();
    assert!(
        form["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "people")
    );
    for statement in [
        "COPY%20(SELECT%201)%20TO%20'%2Ftmp%2Fx.csv'",
        "DROP%20TABLE%20people",
        "SELECT%201)%20TO%20'%2Ftmp%2Fx.csv'%20--",
    ] {
        let reply = get(addr, &format!("/api/dataset?kind=sql&sql={statement}")).await;
        assert_eq!(reply.status, 400, "{statement}: {}", reply.text());
    }
    assert!(ctx.table("people").await.is_ok());
    assert!(!std::path::Path::new("/tmp/x.csv").exists());
}
