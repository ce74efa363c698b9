//! Writing synthetic tables into a Delta Lake table from a Rust application: declare a customer
//! table and an orders table with a foreign key, write the orders as a new Delta table (one
//! commit, version 0), append a second batch (version 1), then read version 0 back and the
//! commit log. Everything goes through `execute_sql`, as in `dfsynth`.
//!
//! Run with `cargo run --features delta --example delta [directory]` (default: a new
//! directory under the system's temporary directory).

use datafusion::arrow::util::pretty::print_batches;
use datafusion::common::Result;
use datafusion::prelude::SessionContext;
use datafusion_synth::{execute_sql, register_all};

#[tokio::main]
async fn main() -> Result<()> {
    let ctx = SessionContext::new();
    register_all(&ctx)?;
    let dir = match std::env::args().nth(1) {
        Some(d) => std::path::PathBuf::from(d),
        None => std::env::temp_dir().join(format!("dfsynth-delta-{}", std::process::id())),
    };
    let location = dir.join("orders");
    let location = location.display();

    let statements = [
        // Parents: PII-free customers (example.com emails).
        "CREATE SYNTHETIC TABLE customers (
           id    BIGINT  GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           first VARCHAR GENERATED ALWAYS AS (first_name('en_US')) NOT NULL,
           last  VARCHAR GENERATED ALWAYS AS (last_name('en_US')) NOT NULL,
           email VARCHAR GENERATED ALWAYS AS (email(first, last, id)) NOT NULL
         ) WITH (rows = 10000, seed = 42)"
            .to_string(),
        // Children: every order references a customer that exists (zipf-skewed).
        "CREATE SYNTHETIC TABLE orders (
           id          BIGINT GENERATED ALWAYS AS (sequence(1)) NOT NULL,
           customer_id BIGINT GENERATED ALWAYS AS (foreign_key('customers', 'id', 'zipf', 1.1)) NOT NULL,
           amount      DOUBLE GENERATED ALWAYS AS (round(exponential(0.02), 2)) NOT NULL,
           region      VARCHAR GENERATED ALWAYS AS (weighted(['EU', 'US', 'APAC'], [5, 4, 1])) NOT NULL
         ) WITH (rows = 100000, seed = 7)"
            .to_string(),
        // Version 0: the table is created with its rows in one commit, partitioned by region.
        format!("COPY orders TO '{location}' STORED AS DELTA PARTITIONED BY (region)"),
        // Version 1: an append through a registered table.
        format!("CREATE EXTERNAL TABLE lake_orders STORED AS DELTA LOCATION '{location}'"),
        "INSERT INTO lake_orders SELECT * FROM orders WHERE id <= 1000".to_string(),
        // Time travel: version 0 as it was written.
        format!(
            "CREATE EXTERNAL TABLE orders_v0 STORED AS DELTA LOCATION '{location}' OPTIONS ('version' '0')"
        ),
    ];
    for sql in &statements {
        execute_sql(&ctx, sql).await?.collect().await?;
    }
    let queries = [
        "SELECT count(*) AS v0_rows, round(sum(amount), 2) AS v0_amount FROM orders_v0",
        "SELECT count(*) AS orders, round(sum(amount), 2) AS amount FROM orders",
        "SELECT count(*) AS latest_rows FROM lake_orders",
        "SELECT version, operation, num_output_rows FROM delta_history('lake_orders') ORDER BY version",
    ];
    for sql in queries {
        print_batches(&execute_sql(&ctx, sql).await?.collect().await?)?;
    }
    println!("Delta table written to {location}");
    Ok(())
}
