//! The SQL surface is installed by `register_all` on a `SessionContext` and by `with_synth`
//! on a `SessionStateBuilder`, without removing DataFusion's own functions.

use datafusion::arrow::array::AsArray;
use datafusion::arrow::datatypes::Int64Type;
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::SessionContext;

async fn count(ctx: &SessionContext, sql: &str) -> i64 {
    let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
    batches[0].column(0).as_primitive::<Int64Type>().value(0)
}

async fn check(ctx: &SessionContext) {
    assert_eq!(
        count(ctx, "SELECT count(*) FROM spider('bit', 1234)").await,
        1234
    );
    assert_eq!(
        count(ctx, "SELECT count(*) FROM generate_series(1, 10)").await,
        10
    );
    ctx.sql(
        "CREATE EXTERNAL TABLE s STORED AS spider LOCATION 'spider://s' \
         OPTIONS ('distribution' 'uniform', 'cardinality' '77')",
    )
    .await
    .unwrap();
    assert_eq!(count(ctx, "SELECT count(*) FROM s").await, 77);
}

#[tokio::test]
async fn register_all_on_a_context() {
    let ctx = SessionContext::new();
    datafusion_synth::register_all(&ctx).unwrap();
    check(&ctx).await;
}

#[tokio::test]
async fn with_synth_on_a_state_builder() {
    let state =
        datafusion_synth::with_synth(SessionStateBuilder::new().with_default_features()).build();
    check(&SessionContext::new_with_state(state)).await;
}
