//! `s3://` object stores against a real S3-compatible server (moto, from the pinned test venv
//! of `scripts/geo-venv.sh`, started per test on a free loopback port): COPY of Spider and
//! declarative tables to a file, a directory and a partitioned directory and back; GeoParquet
//! metadata on S3; configuration from the environment and from `aws.*` options; and the
//! failures (missing bucket, wrong credentials, unreachable endpoints, bad options).
#![cfg(feature = "s3")]

#[cfg(feature = "cluster")]
use crate::cluster_support;
use crate::common;

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::geo::geo_metadata;
use common::moto::{Moto, free_port, http, options_for};
use common::{ctx, hash, python, run};
use datafusion::arrow::array::RecordBatch;
use datafusion::execution::SessionStateBuilder;
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
use datafusion::prelude::{SessionConfig, SessionContext};
use datafusion_synth::sql::object_store::{AwsEnv, register_object_stores_with_env};
use object_store::ObjectStoreExt;
use object_store::path::Path as StorePath;

/// The environment variables that point a session at `moto`.
fn moto_env(moto: &Moto) -> AwsEnv {
    AwsEnv::from_vars([
        ("AWS_ENDPOINT", moto.endpoint()),
        ("AWS_ALLOW_HTTP", "true".into()),
        ("AWS_ACCESS_KEY_ID", "test".into()),
        ("AWS_SECRET_ACCESS_KEY", "test".into()),
        ("AWS_REGION", "us-east-1".into()),
    ])
}

/// A session with everything registered and S3 support configured by `AWS_*` settings in `env`.
fn s3_ctx(env: AwsEnv) -> SessionContext {
    let ctx = ctx(3, 4096);
    register_object_stores_with_env(&ctx, env).unwrap();
    ctx
}

/// The error text of a statement that must fail.
async fn error(ctx: &SessionContext, sql: &str) -> String {
    let e = error_of(ctx, sql).await;
    eprintln!("expected error: {e}");
    e
}

/// The error as `dfsynth` prints it: the message and the causes it leaves out.
async fn error_of(ctx: &SessionContext, sql: &str) -> String {
    match datafusion_synth::execute_sql(ctx, sql).await {
        Err(e) => datafusion_synth::sql::error_text(&e),
        Ok(df) => match df.collect().await {
            Err(e) => datafusion_synth::sql::error_text(&e),
            Ok(_) => panic!("{sql}: succeeded, expected an error"),
        },
    }
}

const PEOPLE: &str = "CREATE SYNTHETIC TABLE people (
    id BIGINT GENERATED ALWAYS AS (sequence(0)),
    country VARCHAR GENERATED ALWAYS AS (choice(['DE', 'FR', 'IN', 'US'])),
    score DOUBLE GENERATED ALWAYS AS (normal(100.0, 15.0)) NULL 10 PERCENT,
    visits BIGINT GENERATED ALWAYS AS (uniform(0, 50))
  ) WITH (rows = 20000, seed = 11)";

/// Sorted by id: the same hash whatever file order or partitioning the rows come back in.
async fn sorted(ctx: &SessionContext, sql: &str) -> (usize, String) {
    let batches: Vec<RecordBatch> = run(ctx, sql).await;
    let rows = batches.iter().map(|b| b.num_rows()).sum();
    (rows, hash(&batches))
}

/// COPY `source` to `target` (with `copy_tail` after the target, e.g. `PARTITIONED BY (…)`),
/// read it back through `CREATE EXTERNAL TABLE … LOCATION` and compare `select` (a query over
/// `{t}`) on both sides.
async fn round_trip(
    ctx: &SessionContext,
    moto: &Moto,
    name: &str,
    source: &str,
    target: &str,
    copy_tail: &str,
    select: &str,
) {
    let copied = run(
        ctx,
        &format!(
            "COPY {source} TO '{target}' {copy_tail} OPTIONS ({})",
            moto.options()
        ),
    )
    .await;
    let local = sorted(ctx, &select.replace("{t}", source)).await;
    assert!(local.0 > 0);
    assert_eq!(
        copied[0]
            .column(0)
            .as_any()
            .downcast_ref::<datafusion::arrow::array::UInt64Array>()
            .unwrap()
            .value(0) as usize,
        local.0,
        "COPY reports the rows written"
    );
    run(
        ctx,
        &format!("CREATE EXTERNAL TABLE {name} STORED AS PARQUET LOCATION '{target}'"),
    )
    .await;
    let back = sorted(ctx, &select.replace("{t}", name)).await;
    assert_eq!(back, local, "{target}: count and ordered hash");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copies_spider_and_synthetic_tables_to_s3_and_back() {
    let moto = Moto::start(&[]);
    moto.create_bucket("data");
    let ctx = ctx(3, 4096);
    run(&ctx, PEOPLE).await;
    let spider = "(SELECT * FROM spider('gaussian', 5000, 42))";
    let spider_cols = "SELECT id, geometry FROM {t} ORDER BY id";
    let people_cols = "SELECT id, country, score, visits FROM {t} ORDER BY id";
    let dir = |d: &str| format!("s3://data/{d}/");
    round_trip(
        &ctx,
        &moto,
        "sp_file",
        spider,
        "s3://data/spider.parquet",
        "",
        spider_cols,
    )
    .await;
    round_trip(
        &ctx,
        &moto,
        "sp_dir",
        spider,
        &dir("spider_dir"),
        "STORED AS PARQUET",
        spider_cols,
    )
    .await;
    round_trip(
        &ctx,
        &moto,
        "pe_file",
        "people",
        "s3://data/people.parquet",
        "",
        people_cols,
    )
    .await;
    round_trip(
        &ctx,
        &moto,
        "pe_dir",
        "people",
        &dir("people_dir"),
        "STORED AS PARQUET",
        people_cols,
    )
    .await;
    // Partitioned: the partition column comes back from the paths (as a string column last).
    round_trip(
        &ctx,
        &moto,
        "pe_part",
        "people",
        &dir("people_part"),
        "STORED AS PARQUET PARTITIONED BY (country)",
        "SELECT id, CAST(country AS VARCHAR) AS country, score, visits FROM {t} ORDER BY id",
    )
    .await;
    // One object per country under `country=…/`.
    let store = ctx
        .runtime_env()
        .object_store(ObjectStoreUrl::parse("s3://data/").unwrap())
        .unwrap();
    let mut prefixes = store
        .list_with_delimiter(Some(&StorePath::from("people_part")))
        .await
        .unwrap()
        .common_prefixes
        .into_iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>();
    prefixes.sort();
    assert_eq!(
        prefixes,
        ["DE", "FR", "IN", "US"].map(|c| format!("people_part/country={c}"))
    );
    // A plain SELECT on the path works too once the bucket is known.
    let n = common::int(
        &ctx,
        "SELECT count(*) FROM pe_part WHERE country = 'DE' AND visits >= 0",
    )
    .await;
    let m = common::int(&ctx, "SELECT count(*) FROM people WHERE country = 'DE'").await;
    assert_eq!(n, m);
}

/// The `geo` key-value metadata of a Parquet file's footer, parsed.
fn geo_json(
    bytes: impl datafusion::parquet::file::reader::ChunkReader + 'static,
) -> serde_json::Value {
    let reader = SerializedFileReader::new(bytes).unwrap();
    let kv = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .cloned()
        .unwrap_or_default();
    let geo = kv
        .iter()
        .find(|e| e.key == "geo")
        .and_then(|e| e.value.clone())
        .expect("no 'geo' key in the footer");
    serde_json::from_str(&geo).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn geoparquet_metadata_on_s3_is_what_a_local_copy_writes() {
    let moto = Moto::start(&[]);
    moto.create_bucket("geo");
    let ctx = ctx(3, 4096);
    let source = "(SELECT * FROM spider('uniform', 3000, 5))";
    run(
        &ctx,
        &format!(
            "COPY {source} TO 's3://geo/points.parquet' OPTIONS ({})",
            moto.options()
        ),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("points.parquet");
    run(&ctx, &format!("COPY {source} TO '{}'", local.display())).await;

    let store = ctx
        .runtime_env()
        .object_store(ObjectStoreUrl::parse("s3://geo/").unwrap())
        .unwrap();
    let bytes = store
        .get(&StorePath::from("points.parquet"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let on_s3 = geo_json(bytes);
    let on_disk = geo_json(std::fs::File::open(&local).unwrap());
    assert_eq!(on_s3, on_disk);
    let column = &on_s3["columns"]["geometry"];
    assert_eq!(column["encoding"], "WKB", "{on_s3}");
    assert_eq!(on_s3["primary_column"], "geometry");
    let bbox = column["bbox"].as_array().expect("bbox");
    assert_eq!(bbox.len(), 4);
    assert!(
        bbox.iter()
            .all(|v| v.as_f64().is_some_and(|v| (0.0..=1.0).contains(&v)))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_environment_configures_buckets_without_options() {
    let moto = Moto::start(&[]);
    moto.create_bucket("envb");
    let ctx = s3_ctx(moto_env(&moto));
    run(
        &ctx,
        "COPY (SELECT * FROM spider('diagonal', 2000, 3)) TO 's3://envb/d.parquet'",
    )
    .await;
    run(
        &ctx,
        "CREATE EXTERNAL TABLE d STORED AS PARQUET LOCATION 's3://envb/d.parquet'",
    )
    .await;
    assert_eq!(common::int(&ctx, "SELECT count(*) FROM d").await, 2000);
    // `ctx.sql` (not only `execute_sql`) reaches the bucket through the lazy registry.
    ctx.sql("CREATE EXTERNAL TABLE d2 STORED AS PARQUET LOCATION 's3://envb/d.parquet'")
        .await
        .unwrap();
    assert_eq!(common::int(&ctx, "SELECT count(*) FROM d2").await, 2000);
    // A session set up as `dfsynth` does: URL tables, then S3 support.
    let urls = SessionContext::new().enable_url_table();
    datafusion_synth::register_all(&urls).unwrap();
    register_object_stores_with_env(&urls, moto_env(&moto)).unwrap();
    let n = common::int(&urls, "SELECT count(*) FROM 's3://envb/d.parquet'").await;
    assert_eq!(n, 2000);
    // A URL table that cannot be read says why, not `table '…' not found`.
    let e = error(&urls, "SELECT * FROM 's3://envb/missing.parquet'").await;
    assert_eq!(
        e,
        "Error during planning: cannot read the table 's3://envb/missing.parquet': no object at this location (the bucket exists and is readable)"
    );
    let e = error(&urls, "SELECT * FROM 's3://nosuch/x.parquet'").await;
    assert!(
        e.starts_with("Error during planning: cannot read the table 's3://nosuch/x.parquet': ")
            && e.contains("NoSuchBucket"),
        "{e}"
    );
    // No credentials (and a server that refuses connections): the cause, not `not found`.
    let bare = SessionContext::new().enable_url_table();
    datafusion_synth::register_all(&bare).unwrap();
    let refused = format!("http://127.0.0.1:{}", free_port());
    register_object_stores_with_env(
        &bare,
        AwsEnv::from_vars([
            ("AWS_ENDPOINT", refused),
            ("AWS_ALLOW_HTTP", "true".into()),
            ("AWS_REGION", "us-east-1".into()),
        ]),
    )
    .unwrap();
    let e = error(&bare, "SELECT * FROM 's3://envb/d.parquet'").await;
    assert!(
        e.starts_with("Error during planning: cannot read the table 's3://envb/d.parquet': "),
        "{e}"
    );

    // The process environment, in a child process of this test binary (the environment of
    // this process is left alone).
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            // Test names are paths inside the one test binary (tests/it/main.rs).
            "s3::process_environment_child",
            "--ignored",
            "--nocapture",
        ])
        .env("AWS_ENDPOINT_URL", moto.endpoint())
        .env("AWS_ALLOW_HTTP", "true")
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("DFSYNTH_S3_CHILD", "1")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("1 passed"), "{text}");
}

/// Run by `the_environment_configures_buckets_without_options` with `AWS_*` set: the
/// process-environment constructors (`with_object_stores`, `s3_runtime_env`,
/// `register_object_stores`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run as a child process by the_environment_configures_buckets_without_options"]
async fn process_environment_child() {
    assert_eq!(std::env::var("DFSYNTH_S3_CHILD").as_deref(), Ok("1"));
    // SessionStateBuilder + with_object_stores.
    let builder = datafusion_synth::with_synth(SessionStateBuilder::new().with_default_features());
    let state = datafusion_synth::with_object_stores(builder)
        .unwrap()
        .build();
    let a = SessionContext::new_with_state(state);
    run(
        &a,
        "COPY (SELECT * FROM spider('bit', 700, 1)) TO 's3://envb/bit.parquet'",
    )
    .await;
    // s3_runtime_env, as a cluster executor uses it, without the aws namespace.
    let b = SessionContext::new_with_config_rt(
        SessionConfig::new(),
        datafusion_synth::s3_runtime_env().unwrap(),
    );
    b.sql("CREATE EXTERNAL TABLE bit STORED AS PARQUET LOCATION 's3://envb/bit.parquet'")
        .await
        .unwrap();
    assert_eq!(common::int(&b, "SELECT count(*) FROM bit").await, 700);
    // register_object_stores on a plain session.
    let c = SessionContext::new();
    datafusion_synth::register_object_stores(&c).unwrap();
    datafusion_synth::register_object_stores(&c).unwrap(); // a second call does nothing
    c.sql("CREATE EXTERNAL TABLE bit STORED AS PARQUET LOCATION 's3://envb/bit.parquet'")
        .await
        .unwrap();
    assert_eq!(common::int(&c, "SELECT count(*) FROM bit").await, 700);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn options_override_the_environment_per_bucket() {
    let moto = Moto::start(&[]);
    moto.create_bucket("optb");
    // The environment points at a port where nothing listens; the statement's options win.
    let ctx = s3_ctx(AwsEnv::from_vars([
        ("AWS_ENDPOINT", format!("http://127.0.0.1:{}", free_port())),
        ("AWS_ALLOW_HTTP", "true".to_string()),
    ]));
    run(
        &ctx,
        &format!(
            "COPY (SELECT * FROM spider('sierpinski', 1500, 2)) TO 's3://optb/s.parquet' OPTIONS ({})",
            moto.options()
        ),
    )
    .await;
    // Later statements on the same bucket use the store the options configured.
    run(
        &ctx,
        "CREATE EXTERNAL TABLE s STORED AS PARQUET LOCATION 's3://optb/s.parquet'",
    )
    .await;
    assert_eq!(common::int(&ctx, "SELECT count(*) FROM s").await, 1500);
    // On a plain session, `execute_sql` installs S3 support by itself.
    let plain = SessionContext::new();
    datafusion_synth::register_all(&plain).unwrap();
    run(
        &plain,
        &format!(
            "CREATE EXTERNAL TABLE s STORED AS PARQUET LOCATION 's3://optb/s.parquet' OPTIONS ({})",
            moto.options()
        ),
    )
    .await;
    assert_eq!(common::int(&plain, "SELECT count(*) FROM s").await, 1500);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_bucket_is_an_error() {
    let moto = Moto::start(&[]);
    let ctx = ctx(2, 4096);
    let copy = error(
        &ctx,
        &format!(
            "COPY (SELECT * FROM spider('uniform', 100)) TO 's3://nosuch/x.parquet' OPTIONS ({})",
            moto.options()
        ),
    )
    .await;
    assert!(copy.contains("NoSuchBucket"), "{copy}");
    let create = error(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION 's3://nosuch/x.parquet' OPTIONS ({})",
            moto.options()
        ),
    )
    .await;
    assert!(
        create.contains("NoSuchBucket") || create.contains("not found"),
        "{create}"
    );
    assert!(ctx.table("t").await.is_err(), "no table was created");
}

/// Creates an IAM user allowed everything on S3 through boto3 (installed with moto), then turns
/// authentication on; returns the user's access key id and secret.
fn moto_user(moto: &Moto) -> (String, String) {
    let script = format!(
        r#"
import json, boto3
iam = boto3.client("iam", endpoint_url="{0}", region_name="us-east-1",
                   aws_access_key_id="setup", aws_secret_access_key="setup")
iam.create_user(UserName="writer")
iam.put_user_policy(UserName="writer", PolicyName="s3",
    PolicyDocument=json.dumps({{"Version": "2012-10-17", "Statement": [
        {{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}}))
key = iam.create_access_key(UserName="writer")["AccessKey"]
print(key["AccessKeyId"], key["SecretAccessKey"])
"#,
        moto.endpoint()
    );
    let out = Command::new(python())
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut words = text.split_whitespace();
    let id = words.next().unwrap().to_string();
    let secret = words.next().unwrap().to_string();
    // From now on every request must be signed by a known user.
    let (status, body) = http(moto.port, "POST", "/moto-api/reset-auth", "0").unwrap();
    assert_eq!(status, 200, "{body}");
    (id, secret)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_are_rejected() {
    let moto = Moto::start(&[]);
    moto.create_bucket("auth");
    let (id, secret) = moto_user(&moto);
    let ctx = ctx(2, 4096);
    let copy = |key: &str, secret: &str| {
        format!(
            "COPY (SELECT * FROM spider('uniform', 100)) TO 's3://auth/x.parquet' OPTIONS ({})",
            options_for(&moto.endpoint(), key, secret)
        )
    };
    // The right key works.
    run(&ctx, &copy(&id, &secret)).await;
    // A wrong secret, then an unknown key: refused, and nothing more is written.
    let e = error(&ctx, &copy(&id, "wrong-secret")).await;
    assert!(e.contains("SignatureDoesNotMatch"), "{e}");
    let e = error(&ctx, &copy("AKIANOBODY", "whatever")).await;
    assert!(e.contains("InvalidAccessKeyId"), "{e}");
    let e = error(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION 's3://auth/x.parquet' OPTIONS ({})",
            options_for(&moto.endpoint(), &id, "wrong-secret")
        ),
    )
    .await;
    assert!(
        e.contains("SignatureDoesNotMatch") || e.contains("Forbidden"),
        "{e}"
    );
    run(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION 's3://auth/x.parquet' OPTIONS ({})",
            options_for(&moto.endpoint(), &id, &secret)
        ),
    )
    .await;
    assert_eq!(common::int(&ctx, "SELECT count(*) FROM t").await, 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_endpoints_fail_in_bounded_time() {
    let ctx = ctx(2, 4096);
    // Nothing listens on the port: connections are refused.
    let refused = options_for(&format!("http://127.0.0.1:{}", free_port()), "k", "s");
    for sql in [
        format!(
            "COPY (SELECT * FROM spider('uniform', 100)) TO 's3://b/x.parquet' OPTIONS ({refused})"
        ),
        format!(
            "CREATE EXTERNAL TABLE t STORED AS PARQUET LOCATION 's3://b/x.parquet' OPTIONS ({refused})"
        ),
    ] {
        let start = Instant::now();
        let e = error(&ctx, &sql).await;
        let took = start.elapsed();
        assert!(took < Duration::from_secs(30), "{took:?}: {e}");
        // Refused at once, retried twice (the default), then reported with the cause.
        assert!(
            e.contains("error sending request") && e.contains("after 2 retries"),
            "{e}"
        );
        assert!(e.contains("Connection refused"), "the cause is shown: {e}");
    }
    // A host name that does not resolve: the cause says so.
    let e = error(
        &ctx,
        &format!(
            "COPY (SELECT 1 AS a) TO 's3://b/x.parquet' OPTIONS ({}, 'aws.max_retries' '0')",
            options_for("http://no-such-host.invalid:9000", "k", "s")
        ),
    )
    .await;
    assert!(e.contains("dns error"), "the cause is shown: {e}");
    // A server that accepts connections and never answers: the request timeout ends it.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        let mut conns = Vec::new();
        silent.set_nonblocking(true).unwrap();
        let until = Instant::now() + Duration::from_secs(40);
        while Instant::now() < until {
            if let Ok((c, _)) = silent.accept() {
                conns.push(c);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    let start = Instant::now();
    let e = error(
        &ctx,
        &format!(
            "CREATE EXTERNAL TABLE t2 STORED AS PARQUET LOCATION 's3://b/x.parquet' OPTIONS ({}, 'aws.timeout' '2s', 'aws.max_retries' '1')",
            options_for(&format!("http://127.0.0.1:{port}"), "k", "s")
        ),
    )
    .await;
    let took = start.elapsed();
    // Two attempts of 2 s each: the timeout, not the server, ended it.
    assert!(
        took >= Duration::from_secs(4) && took < Duration::from_secs(30),
        "{took:?}: {e}"
    );
    assert!(
        e.contains(&format!("HEAD http://127.0.0.1:{port}/b/x.parquet"))
            && e.contains("after 1 retries"),
        "{e}"
    );
    assert!(e.contains("timed out"), "the cause is shown: {e}");
    drop(held);
}

#[tokio::test]
async fn bad_aws_options_are_plan_errors() {
    let ctx = ctx(2, 4096);
    let copy = |opts: &str| {
        format!("COPY (SELECT * FROM spider('uniform', 10)) TO 's3://b/x.parquet' OPTIONS ({opts})")
    };
    assert_eq!(
        error(&ctx, &copy("'aws.allow_http' 'maybe'")).await,
        "Error during planning: S3 option 'aws.allow_http' must be 'true' or 'false', got 'maybe'"
    );
    assert_eq!(
        error(&ctx, &copy("'aws.foo' 'bar'")).await,
        "Error during planning: S3 option 'aws.foo' (value 'bar') is not supported; the aws.* options are: \
         aws.access_key_id, aws.secret_access_key, aws.session_token, aws.region, aws.endpoint, \
         aws.allow_http, aws.skip_signature, aws.virtual_hosted_style_request, aws.connect_timeout, \
         aws.timeout, aws.max_retries"
    );
    assert_eq!(
        error(&ctx, &copy("'aws.endpoint' 'http://127.0.0.1:9000'")).await,
        "Error during planning: S3 endpoint 'http://127.0.0.1:9000' is plain HTTP: add 'aws.allow_http' 'true' to OPTIONS (or set AWS_ALLOW_HTTP=true) to allow it"
    );
    assert_eq!(
        error(&ctx, &copy("'aws.max_retries' '99'")).await,
        "Error during planning: S3 option 'aws.max_retries' must be an integer in 0..=10, got '99'"
    );
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("x.parquet");
    assert_eq!(
        error(
            &ctx,
            &format!(
                "COPY (SELECT 1 AS a) TO '{}' OPTIONS ('aws.region' 'eu-west-1')",
                local.display()
            )
        )
        .await,
        format!(
            "Error during planning: the options aws.region apply to s3:// locations only, but the location is '{}'",
            local.display()
        )
    );
    assert!(!Path::new(&local).exists());
    // `ctx.sql` directly (no `execute_sql`): the aws namespace checks the value itself.
    register_object_stores_with_env(&ctx, AwsEnv::from_vars::<String, String>([])).unwrap();
    let e = ctx
        .sql(&copy("'aws.allow_http' 'maybe'"))
        .await
        .unwrap()
        .collect()
        .await
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("S3 option 'aws.allow_http' must be 'true' or 'false', got 'maybe'"),
        "{e}"
    );
}

/// On a Ballista cluster (feature `cluster`): executors configured by their own `AWS_*`
/// environment write a COPY to S3; the objects hold the rows a local run writes, and the
/// GeoParquet `geo` metadata is the local one.
#[cfg(feature = "cluster")]
#[tokio::test(flavor = "multi_thread")]
async fn a_cluster_copies_to_s3() {
    let moto = Moto::start(&[]);
    moto.create_bucket("lake");
    let env: Vec<(String, String)> = moto_env(&moto).aws_vars();
    let cluster = cluster_support::Cluster::start_with_env(2, 30, &env);
    let remote = datafusion_synth::cluster::cluster_context(
        &cluster.url(),
        SessionConfig::new().with_target_partitions(4),
    )
    .await
    .unwrap();
    let query = "SELECT * FROM spider('diagonal', 50000, 4, 'geometry=box')";
    let sql = format!("COPY ({query}) TO 's3://lake/cluster/' STORED AS PARQUET");
    run(&remote, &sql).await;
    let sql = format!("COPY ({query}) TO 's3://lake/cluster.parquet'");
    run(&remote, &sql).await;
    // Read back in a local session configured by OPTIONS.
    let local = s3_ctx(AwsEnv::from_vars(Vec::<(String, String)>::new()));
    for (name, location) in [
        ("dir", "s3://lake/cluster/"),
        ("file", "s3://lake/cluster.parquet"),
    ] {
        run(
            &local,
            &format!(
                "CREATE EXTERNAL TABLE {name} STORED AS PARQUET LOCATION '{location}' OPTIONS ({})",
                moto.options()
            ),
        )
        .await;
        assert_eq!(
            sorted(&local, &format!("SELECT * FROM {name} ORDER BY id")).await,
            sorted(&local, &format!("{query} ORDER BY id")).await,
            "{location}"
        );
    }
    // The file's footer: the same `geo` metadata as a local COPY writes.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.parquet");
    run(&local, &format!("COPY ({query}) TO '{}'", path.display())).await;
    let store =
        datafusion_synth::sql::object_store::build_s3_store("lake", &moto_env(&moto), &[]).unwrap();
    let bytes = store
        .get(&StorePath::from("cluster.parquet"))
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let remote_file = dir.path().join("remote.parquet");
    std::fs::write(&remote_file, &bytes).unwrap();
    let geo = |p: &Path| geo_metadata(p).expect("geo metadata");
    assert_eq!(geo(&remote_file), geo(&path));
}
