//! The cluster codecs without a cluster: every plan of this crate (synthetic scans of every
//! table kind and option, TPC-H scans, the GeoParquet sink) and every provider, encoded and
//! decoded through `datafusion-proto` with our codecs around Ballista's, gives the same plan
//! display and the same output.
#![cfg(feature = "cluster")]

use crate::common;

use std::sync::Arc;

use datafusion::physical_plan::{ExecutionPlan, collect, displayable};
use datafusion::prelude::SessionContext;
use datafusion_proto::bytes::{
    logical_plan_from_bytes_with_extension_codec, logical_plan_to_bytes_with_extension_codec,
    physical_plan_from_bytes_with_extension_codec, physical_plan_to_bytes_with_extension_codec,
};
use datafusion_synth::cluster::{SynthLogicalCodec, SynthPhysicalCodec};
use datafusion_synth::execute_sql;

use common::{ctx, hash};

/// Tables of every kind, with options and relations.
const SETUP: &[&str] = &[
    "CREATE EXTERNAL TABLE sp STORED AS SPIDER LOCATION 'spider://sp' OPTIONS ('distribution' 'parcel', 'cardinality' '5000', 'seed' '9', 'dither' '0.3', 'format' 'wkt')",
    "CREATE SYNTHETIC TABLE customers (id BIGINT GENERATED ALWAYS AS (sequence(1, 1)), name VARCHAR GENERATED ALWAYS AS (full_name('de_DE')), weight DOUBLE GENERATED ALWAYS AS (uniform(1.0, 5.0))) WITH (rows = 2000, seed = 7)",
    "CREATE SCHEMA crm",
    "CREATE SYNTHETIC TABLE crm.users (uid BIGINT GENERATED ALWAYS AS (unique_int(1, 1000000)), fname VARCHAR GENERATED ALWAYS AS (first_name('ja_JP'))) WITH (rows = 500, seed = 3)",
    "CREATE SYNTHETIC TABLE orders (id BIGINT GENERATED ALWAYS AS (sequence(1, 1)), customer BIGINT GENERATED ALWAYS AS (foreign_key('customers', 'id', 'weighted', 'weight')), who BIGINT GENERATED ALWAYS AS (orphan_key('crm.users', 'uid', 0.1)), pick BIGINT GENERATED ALWAYS AS (parent_row('customers', 'zipf', 1.1)) HIDDEN, name VARCHAR GENERATED ALWAYS AS (lookup('customers', 'name', pick)), boss BIGINT GENERATED ALWAYS AS (self_key(id, 10)), at BYTEA GENERATED ALWAYS AS (spider_geometry('gaussian', 'seed=4')) ) WITH (rows = 3000, seed = 11)",
    "CREATE SYNTHETIC TABLE lines (o BIGINT GENERATED ALWAYS AS (fanout_parent()), n BIGINT GENERATED ALWAYS AS (fanout_index())) WITH (parent = 'orders', count = 'uniform(1, 4)', seed = 5)",
    "CREATE EXTERNAL TABLE nation STORED AS TPCH LOCATION 'tpch://nation' OPTIONS ('table' 'nation', 'scale_factor' '0.01')",
];

const QUERIES: &[&str] = &[
    "SELECT * FROM spider('diagonal', 4000, 2, 'percentage=0.3 buffer=0.2 format=wkb')",
    "SELECT * FROM spider('bit', 3000, 1, 'probability=0.3 digits=8 geometry=box maxsize=0.01,0.01')",
    "SELECT id, x FROM spider('sierpinski', 3000, 1, 'format=xy') WHERE id BETWEEN 10 AND 1200",
    "SELECT * FROM sp",
    "SELECT * FROM customers",
    "SELECT * FROM orders",
    "SELECT * FROM lines",
    "SELECT * FROM orders LIMIT 7 OFFSET 100",
    "SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.id ORDER BY o.id",
    "SELECT * FROM nation",
    "SELECT * FROM tpch('region', 1)",
];

async fn setup(partitions: usize) -> SessionContext {
    let ctx = ctx(partitions, 1000);
    for sql in SETUP {
        execute_sql(&ctx, sql)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
    }
    ctx
}

/// A context that has none of the tables: decoding must not need the client's catalog.
fn fresh() -> SessionContext {
    ctx(3, 1000)
}

#[tokio::test]
async fn physical_plans_round_trip_with_identical_display_and_output() {
    let ctx = setup(3).await;
    let codec = SynthPhysicalCodec::default();
    for sql in QUERIES {
        let plan = ctx
            .sql(sql)
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let bytes = physical_plan_to_bytes_with_extension_codec(Arc::clone(&plan), &codec)
            .unwrap_or_else(|e| panic!("{sql}: encode: {e}"));
        let decoded: Arc<dyn ExecutionPlan> =
            physical_plan_from_bytes_with_extension_codec(&bytes, &fresh().task_ctx(), &codec)
                .unwrap_or_else(|e| panic!("{sql}: decode: {e}"));
        assert_eq!(
            displayable(decoded.as_ref()).indent(true).to_string(),
            displayable(plan.as_ref()).indent(true).to_string(),
            "{sql}"
        );
        let want = hash(&collect(plan, ctx.task_ctx()).await.unwrap());
        let got = hash(&collect(decoded, fresh().task_ctx()).await.unwrap());
        assert_eq!(got, want, "{sql}");
    }
}

#[tokio::test]
async fn logical_plans_round_trip_with_identical_output() {
    // One partition: the row order of the results is then fixed.
    let ctx = setup(1).await;
    let codec = SynthLogicalCodec::default();
    for sql in QUERIES {
        let df = ctx.sql(sql).await.unwrap();
        let plan = df.logical_plan().clone();
        let bytes = logical_plan_to_bytes_with_extension_codec(&plan, &codec)
            .unwrap_or_else(|e| panic!("{sql}: encode: {e}"));
        let other = common::ctx(1, 1000);
        let decoded =
            logical_plan_from_bytes_with_extension_codec(&bytes, &other.task_ctx(), &codec)
                .unwrap_or_else(|e| panic!("{sql}: decode: {e}"));
        assert_eq!(
            decoded.display_indent().to_string(),
            plan.display_indent().to_string(),
            "{sql}"
        );
        let want = hash(&ctx.sql(sql).await.unwrap().collect().await.unwrap());
        let got = other
            .execute_logical_plan(decoded)
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        assert_eq!(hash(&got), want, "{sql}");
    }
}

/// What Ballista's scheduler does per task: restrict the stage's leaves to the task's slice
/// of partitions, encode, decode on the executor, run the slice. Every slice together gives
/// every row once.
#[tokio::test]
async fn restricted_task_plans_generate_their_own_partitions() {
    use ballista_scheduler::state::task_builder::restrict_plan_to_partitions;
    use datafusion::arrow::array::AsArray;
    use datafusion::arrow::datatypes::Int64Type;
    use datafusion::prelude::SessionConfig;
    let state = datafusion_synth::cluster::session::scheduler_session_state(
        SessionConfig::new().with_target_partitions(4),
    )
    .unwrap();
    let sched = SessionContext::new_with_state(state);
    let client = setup(4).await;
    let codec = SynthPhysicalCodec::default();
    for sql in [
        "SELECT id FROM spider('uniform', 1000, 3, 'format=xy')",
        "SELECT id FROM orders",
        "SELECT c_custkey AS id FROM tpch('customer', 0.5)",
    ] {
        let logical = client
            .sql(sql)
            .await
            .unwrap()
            .into_optimized_plan()
            .unwrap();
        let plan = sched.state().create_physical_plan(&logical).await.unwrap();
        let n = plan.properties().partitioning.partition_count();
        assert!(n > 1, "{sql}: {n} partitions");
        let mut ids = Vec::new();
        for p in 0..n {
            let task = restrict_plan_to_partitions(Arc::clone(&plan), &[p]).unwrap();
            let bytes = physical_plan_to_bytes_with_extension_codec(task, &codec).unwrap();
            let decoded =
                physical_plan_from_bytes_with_extension_codec(&bytes, &fresh().task_ctx(), &codec)
                    .unwrap();
            assert_eq!(
                decoded.properties().partitioning.partition_count(),
                1,
                "{sql}"
            );
            let stream = decoded.execute(0, fresh().task_ctx()).unwrap();
            let batches: Vec<_> = futures::TryStreamExt::try_collect(stream).await.unwrap();
            for b in batches {
                ids.extend(
                    b.column(0)
                        .as_primitive::<Int64Type>()
                        .values()
                        .iter()
                        .copied(),
                );
            }
        }
        let want = common::int(&client, &format!("SELECT count(*) FROM ({sql})")).await;
        let distinct: std::collections::BTreeSet<i64> = ids.iter().copied().collect();
        assert_eq!(ids.len() as i64, want, "{sql}: rows over all tasks");
        assert_eq!(distinct.len(), ids.len(), "{sql}: no row twice");
    }
}

/// `COPY` plans (GeoParquet and plain Parquet sinks) round trip and write the same rows.
#[tokio::test]
async fn copy_plans_round_trip() {
    let ctx = setup(2).await;
    let codec = SynthPhysicalCodec::default();
    let dir = tempfile::tempdir().unwrap();
    for (i, (query, target)) in [
        ("SELECT * FROM spider('uniform', 3000, 3)", "geo/"),
        (
            "SELECT * FROM spider('parcel', 2000, 3, 'covering=1')",
            "parcel.parquet",
        ),
        ("SELECT * FROM customers", "customers/"),
    ]
    .iter()
    .enumerate()
    {
        let out = dir.path().join(format!("{i}-{target}"));
        let options = if query.contains("covering") {
            " OPTIONS ('covering' 'bbox')"
        } else {
            ""
        };
        let query = query.replace(", 'covering=1'", "");
        let sql = format!(
            "COPY ({query}) TO '{}' STORED AS PARQUET{options}",
            out.display()
        );
        let plan = ctx
            .sql(&sql)
            .await
            .unwrap()
            .create_physical_plan()
            .await
            .unwrap();
        let bytes = physical_plan_to_bytes_with_extension_codec(Arc::clone(&plan), &codec)
            .unwrap_or_else(|e| panic!("{sql}: encode: {e}"));
        let decoded =
            physical_plan_from_bytes_with_extension_codec(&bytes, &fresh().task_ctx(), &codec)
                .unwrap_or_else(|e| panic!("{sql}: decode: {e}"));
        assert_eq!(
            displayable(decoded.as_ref()).indent(true).to_string(),
            displayable(plan.as_ref()).indent(true).to_string(),
            "{sql}"
        );
        collect(decoded, fresh().task_ctx()).await.unwrap();
        // The covering adds a bbox column: compare the table's own columns.
        let cols = if query.contains("customers") {
            "*"
        } else {
            "id, geometry"
        };
        let back = format!("SELECT {cols} FROM '{}' ORDER BY id", out.display());
        let want = hash(
            &ctx.sql(&format!("{query} ORDER BY id"))
                .await
                .unwrap()
                .collect()
                .await
                .unwrap(),
        );
        let reader = ctx.clone().enable_url_table();
        let got = hash(&reader.sql(&back).await.unwrap().collect().await.unwrap());
        assert_eq!(got, want, "{sql}");
    }
}

/// The scheduler writes `COPY` to a directory one file per partition; that plan round
/// trips too.
#[tokio::test]
async fn scheduler_copy_plans_round_trip() {
    use datafusion::prelude::SessionConfig;
    let state = datafusion_synth::cluster::session::scheduler_session_state(
        SessionConfig::new().with_target_partitions(3),
    )
    .unwrap();
    let sched = SessionContext::new_with_state(state);
    let client = setup(3).await;
    let codec = SynthPhysicalCodec::default();
    let dir = tempfile::tempdir().unwrap();
    for (query, parallel) in [
        ("SELECT * FROM orders", true),
        (
            "SELECT id, x FROM spider('uniform', 1000, 1, 'format=xy') WHERE x < 0.5",
            true,
        ),
        ("SELECT * FROM spider('uniform', 1000, 1)", true),
        // A join: rows from two scans, written as DataFusion does.
        (
            "SELECT o.id, c.name FROM orders o JOIN customers c ON o.customer = c.id",
            false,
        ),
    ] {
        let sql = format!(
            "COPY ({query}) TO '{}/' STORED AS PARQUET",
            dir.path().display()
        );
        let logical = client
            .sql(&sql)
            .await
            .unwrap()
            .into_optimized_plan()
            .unwrap();
        let plan = sched.state().create_physical_plan(&logical).await.unwrap();
        let shown = displayable(plan.as_ref()).indent(true).to_string();
        assert_eq!(
            shown.contains("PartitionWriteExec"),
            parallel,
            "{sql}\n{shown}"
        );
        let bytes = physical_plan_to_bytes_with_extension_codec(Arc::clone(&plan), &codec).unwrap();
        let decoded =
            physical_plan_from_bytes_with_extension_codec(&bytes, &fresh().task_ctx(), &codec)
                .unwrap();
        assert_eq!(
            displayable(decoded.as_ref()).indent(true).to_string(),
            shown,
            "{sql}"
        );
    }
}
