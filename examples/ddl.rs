//! `CREATE SYNTHETIC TABLE` from Rust: define a table in SQL through `execute_sql` (the entry
//! point the REPL uses), query it, show its definition back.
//!
//! `cargo run --example ddl`

use datafusion::common::Result;
use datafusion::prelude::{SessionConfig, SessionContext};
use datafusion_synth::{execute_sql, register_all};

#[tokio::main]
async fn main() -> Result<()> {
    let config = SessionConfig::new().with_information_schema(true);
    let ctx = SessionContext::new_with_config(config);
    register_all(&ctx)?;
    let script = std::env::args().nth(1).unwrap_or_else(|| {
        "CREATE SYNTHETIC TABLE orders (
           id    BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           twice BIGINT GENERATED ALWAYS AS (id * 2),
           label VARCHAR GENERATED ALWAYS AS ('order-' || CAST(id AS VARCHAR))
         ) WITH (rows = 1e6, seed = 42);
         SELECT * FROM orders WHERE id BETWEEN 10 AND 12;
         SELECT count(*), sum(twice) FROM orders;
         SHOW CREATE TABLE orders"
            .to_string()
    });
    for stmt in datafusion_synth::split_statements(&script)? {
        println!("> {}", stmt.text);
        execute_sql(&ctx, &stmt.text).await?.show().await?;
    }
    Ok(())
}
