//! Shared harness of the fuzz targets: one current-thread runtime and a session with the
//! synthetic tables registered, and [`run`], which executes SQL and drains every result, so
//! that a target fails only on a panic (an error is a correct answer to bad input).

use std::sync::OnceLock;

use datafusion::prelude::{SessionConfig, SessionContext};
use datafusion_synth::{execute_sql, register_all, split_statements};
use futures::StreamExt;

/// The runtime every target runs its SQL on.
pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a current-thread runtime")
    })
}

/// A fresh session (2 partitions, small batches) with the synthetic tables registered.
pub fn session() -> SessionContext {
    let config = SessionConfig::new()
        .with_target_partitions(2)
        .with_batch_size(64);
    let ctx = SessionContext::new_with_config(config);
    register_all(&ctx).expect("the synthetic tables register");
    ctx
}

/// Runs each statement of `sql` on `ctx`; each query's output is read, at most `max_rows`
/// rows of it, so that a fuzzed `rows = 1e18` costs no more than a small table. Errors are
/// ignored: only panics (and hangs, which libFuzzer reports as timeouts) are findings.
pub fn run(ctx: &SessionContext, sql: &str, max_rows: usize) {
    // A statement may legitimately scan 10^18 rows (`SELECT count(*) FROM spider('bit',
    // 4e17)`): each input gets 5 s, then its streams are dropped (cancellation is a path
    // under test too); a hang that does not yield still trips libFuzzer's -timeout.
    let budget = std::time::Duration::from_secs(5);
    let _ = runtime()
        .block_on(async { tokio::time::timeout(budget, statements(ctx, sql, max_rows)).await });
}

async fn statements(ctx: &SessionContext, sql: &str, max_rows: usize) {
    {
        let Ok(statements) = split_statements(sql) else {
            return;
        };
        for s in statements.iter().take(8) {
            let Ok(df) = execute_sql(ctx, &s.text).await else {
                continue;
            };
            let Ok(df) = df.limit(0, Some(max_rows)) else {
                continue;
            };
            let Ok(mut stream) = df.execute_stream().await else {
                continue;
            };
            while let Some(batch) = stream.next().await {
                if batch.is_err() {
                    break;
                }
            }
        }
    }
}
