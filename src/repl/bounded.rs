//! [`BoundedQuery`]: show the first rows of a result without producing the rest. A query
//! gets a `LIMIT` of one row more than is shown (pushed down by DataFusion, so a synthetic
//! scan generates only those rows and an `ORDER BY` becomes a top-k), its stream is pulled
//! until the rows to show are there and then dropped; the exact total comes from plan
//! statistics when they know it.

use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::common::Result;
use datafusion::common::stats::Precision;
use datafusion::dataframe::DataFrame;
use datafusion::execution::TaskContext;
use datafusion::logical_expr::LogicalPlan;
use datafusion::physical_plan::statistics::{StatisticsArgs, StatisticsContext};
use datafusion::physical_plan::{ExecutionPlan, execute_stream};
use futures::StreamExt;

use super::summary::RowSummary;

/// A statement planned to show at most `max_rows` rows of its result.
#[derive(Debug)]
pub struct BoundedQuery {
    plan: Arc<dyn ExecutionPlan>,
    total: Option<u64>,
    max_rows: usize,
}

impl BoundedQuery {
    /// Plans `df` to show at most `max_rows` (at least 1) rows. A query ([`is_query`]) is
    /// limited to `max_rows + 1` rows (the extra row tells whether rows were left unshown);
    /// other statements (`COPY`, `INSERT`, `EXPLAIN`, …) run unchanged.
    pub async fn plan(df: DataFrame, max_rows: usize) -> Result<Self> {
        let max_rows = max_rows.max(1);
        if is_query(df.logical_plan()) {
            let full = df.clone().create_physical_plan().await?;
            let total = exact_rows(full.as_ref());
            let plan = df
                .limit(0, Some(max_rows.saturating_add(1)))?
                .create_physical_plan()
                .await?;
            Ok(BoundedQuery {
                plan,
                total,
                max_rows,
            })
        } else {
            let plan = df.create_physical_plan().await?;
            let total = exact_rows(plan.as_ref());
            Ok(BoundedQuery {
                plan,
                total,
                max_rows,
            })
        }
    }

    /// The physical plan that [`BoundedQuery::fetch`] executes.
    pub fn plan_ref(&self) -> &Arc<dyn ExecutionPlan> {
        &self.plan
    }

    /// The exact number of rows of the whole result, when statistics know it.
    pub fn total_rows(&self) -> Option<u64> {
        self.total
    }

    /// Executes the plan, pulls batches until `max_rows` rows are there (or the result
    /// ends), drops the stream and returns the rows to show with their [`RowSummary`].
    pub async fn fetch(
        &self,
        task_ctx: Arc<TaskContext>,
    ) -> Result<(Vec<RecordBatch>, RowSummary)> {
        let mut stream = execute_stream(Arc::clone(&self.plan), task_ctx)?;
        let mut batches = Vec::new();
        let mut shown = 0;
        let mut more = false;
        while let Some(batch) = stream.next().await {
            let batch = batch?;
            let room = self.max_rows - shown;
            if batch.num_rows() > room {
                if room > 0 {
                    batches.push(batch.slice(0, room));
                }
                shown += room;
                more = true;
                break;
            }
            shown += batch.num_rows();
            batches.push(batch);
        }
        drop(stream);
        let summary = RowSummary {
            shown,
            total: self.total,
            more,
        };
        Ok((batches, summary))
    }
}

/// Whether `plan` is a query whose rows can be limited (not DDL, DML, `COPY`, `EXPLAIN`,
/// `DESCRIBE` or an extension statement).
pub fn is_query(plan: &LogicalPlan) -> bool {
    matches!(
        plan,
        LogicalPlan::Projection(_)
            | LogicalPlan::Filter(_)
            | LogicalPlan::Window(_)
            | LogicalPlan::Aggregate(_)
            | LogicalPlan::Sort(_)
            | LogicalPlan::Join(_)
            | LogicalPlan::Repartition(_)
            | LogicalPlan::Union(_)
            | LogicalPlan::TableScan(_)
            | LogicalPlan::Subquery(_)
            | LogicalPlan::SubqueryAlias(_)
            | LogicalPlan::Limit(_)
            | LogicalPlan::Values(_)
            | LogicalPlan::Distinct(_)
            | LogicalPlan::Unnest(_)
            | LogicalPlan::RecursiveQuery(_)
    )
}

/// The exact row count of `plan`'s output from its statistics, if they know it.
pub fn exact_rows(plan: &dyn ExecutionPlan) -> Option<u64> {
    let stats = StatisticsContext::new()
        .compute(plan, &StatisticsArgs::new())
        .ok()?;
    match stats.num_rows {
        Precision::Exact(n) => Some(n as u64),
        _ => None,
    }
}
