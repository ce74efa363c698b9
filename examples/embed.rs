//! Embedding datafusion-synth in a Rust application: register the SQL surface in a session,
//! define a synthetic table from Rust with the builder, query it, and look rows up by index.
//!
//! Run with `cargo run --example embed`.

use std::sync::Arc;

use datafusion::arrow::array::UInt64Array;
use datafusion::arrow::util::pretty::print_batches;
use datafusion::common::Result;
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::SessionContext;
use datafusion_synth::functions::{PointField, Sequence, SpiderPoint};
use datafusion_synth::generate::spider::{Diagonal, PointGenerator, SpiderDistribution};
use datafusion_synth::{ColumnDef, SyntheticTableBuilder, SyntheticTableProvider, with_synth};

#[tokio::main]
async fn main() -> Result<()> {
    // 1. A session with everything registered (`register_all(&ctx)` does the same for an
    //    existing SessionContext).
    let state = with_synth(SessionStateBuilder::new().with_default_features()).build();
    let ctx = SessionContext::new_with_state(state);

    // 2. SQL: a billion-row table is only generated as far as the query reads it.
    let df = ctx
        .sql(
            "SELECT count(*) AS n, min(id), max(id) FROM spider('gaussian', 1000000000, 42) \
             WHERE id BETWEEN 1 AND 1000000",
        )
        .await?;
    print_batches(&df.collect().await?)?;

    // 3. A table defined from Rust: columns are functions of the row index and of other
    //    columns; `pt` is a hidden helper read by `x` and `y`.
    let point = SpiderPoint(PointGenerator {
        distribution: SpiderDistribution::Diagonal(Diagonal {
            percentage: 0.3,
            buffer: 0.2,
        }),
        affine: None,
    });
    let table = SyntheticTableBuilder::new("trips", 10_000_000, 7)
        .column(ColumnDef::new(
            "trip_id",
            Arc::new(Sequence {
                start: 1000,
                step: 10,
            }),
        ))
        .column(ColumnDef::new("pt", Arc::new(point)).hidden())
        .column(ColumnDef::new("x", Arc::new(PointField(0))).with_inputs(["pt"]))
        .column(ColumnDef::new("y", Arc::new(PointField(1))).with_inputs(["pt"]))
        .build()?;
    let table = Arc::new(table);
    ctx.register_table(
        "trips",
        Arc::new(SyntheticTableProvider::new(Arc::clone(&table))),
    )?;
    let df = ctx
        .sql("SELECT trip_id, x, y FROM trips WHERE trip_id IN (1000, 1010, 99999990) ORDER BY trip_id")
        .await?;
    print_batches(&df.collect().await?)?;

    // 4. Lookups: any rows, in any order, without scanning; the same values as the scan.
    let plan = table.eval_plan(None)?;
    let rows = UInt64Array::from(vec![9_999_999, 0, 1]);
    print_batches(&[table.evaluate_indices(&plan, &rows)?])?;
    Ok(())
}
