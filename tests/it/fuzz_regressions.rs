//! Every input the fuzzers (`scripts/fuzz.sh`) found to crash or hang, kept under
//! `fuzz/regressions/<target>/`, run again the way its target runs it: each must end, within
//! a deadline, in a result or a clear error, never a panic.

use crate::common;

use std::time::{Duration, Instant};

use datafusion_synth::{execute_sql, split_statements};

/// Inputs of the `ddl` target: SQL, every statement planned and (256 rows of it) run.
#[tokio::test]
async fn ddl_inputs_end_in_a_result_or_an_error() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/ddl");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().collect();
    inputs.sort_by_key(|e| e.path());
    assert!(!inputs.is_empty());
    for entry in inputs {
        let bytes = std::fs::read(entry.path()).unwrap();
        let Ok(sql) = String::from_utf8(bytes) else {
            continue;
        };
        let ctx = common::ctx(2, 64);
        let start = Instant::now();
        let run = async {
            for s in split_statements(&sql).unwrap_or_default() {
                if let Ok(df) = execute_sql(&ctx, &s.text).await
                    && let Ok(df) = df.limit(0, Some(256))
                {
                    let _ = df.collect().await;
                }
            }
        };
        tokio::time::timeout(Duration::from_secs(10), run)
            .await
            .unwrap_or_else(|_| panic!("{}: still running after 10 s", entry.path().display()));
        eprintln!("{}: {:?}", entry.path().display(), start.elapsed());
    }
}

/// The hang the `ddl` target found: a syntax error inside nested `CASE`s made the SQL
/// parser's time double with every level; now it is reported at once.
#[tokio::test]
async fn a_syntax_error_inside_nested_cases_is_reported_at_once() {
    let ctx = common::ctx(1, 64);
    for depth in [10, 25, 40] {
        let sql = format!(
            "SELECT {}1 >{}",
            "CASE WHEN 1 > 0 THEN ".repeat(depth),
            " ELSE 0 END".repeat(depth)
        );
        let start = Instant::now();
        let e = execute_sql(&ctx, &sql).await.unwrap_err().to_string();
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{depth}: {:?}",
            start.elapsed()
        );
        assert!(e.contains("Expected: END"), "{depth}: {e}");
    }
}
