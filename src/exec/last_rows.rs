//! `ORDER BY key DESC LIMIT n` pushdown: a physical optimizer rule that, under a top-`n` sort
//! whose first key runs against the row order of a synthetic scan (a key column with a
//! positive step, descending; or a negative step, ascending), replaces the scan with a scan of
//! its last `n` rows only. The sort stays (it orders `n` rows); the rows before the last `n`
//! are never generated, so the query costs the same as `ORDER BY key LIMIT n` at any table
//! size. Over a TPC-H scan sorted by its key descending, only the last parts holding `n`
//! rows are generated. Anything between the sort and the scan other than projections passing the key
//! through (a filter, a join, runtime filters) leaves the plan as it was.

use std::sync::Arc;

use datafusion::common::Result;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::config::ConfigOptions;
use datafusion::physical_expr::PhysicalSortExpr;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::sorts::sort::SortExec;

use super::kinds::as_positional;
use super::plan_walk::{key_below_projection, with_input};

/// The `ORDER BY key DESC LIMIT n` pushdown rule (installed by `register_all` / `with_synth`).
#[derive(Debug, Default)]
pub struct LastRowsPushdown;

impl PhysicalOptimizerRule for LastRowsPushdown {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_down(|node| {
            let Some(sort) = node.downcast_ref::<SortExec>() else {
                return Ok(Transformed::no(node));
            };
            let Some(n) = sort.fetch() else {
                return Ok(Transformed::no(node));
            };
            let first = sort.expr().first();
            match last_rows(sort.input(), first, n)? {
                Some(input) => Ok(Transformed::yes(with_input(&node, input)?)),
                None => Ok(Transformed::no(node)),
            }
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "synthetic_last_rows_pushdown"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

/// `node` reduced to the last `n` rows of the synthetic scan below it, when `key` sorts that
/// scan against its row order through nothing but projections passing the key through.
fn last_rows(
    node: &Arc<dyn ExecutionPlan>,
    key: &PhysicalSortExpr,
    n: usize,
) -> Result<Option<Arc<dyn ExecutionPlan>>> {
    if let Some(scan) = as_positional(node.as_ref()) {
        if !scan.sorts_against_row_order(std::slice::from_ref(key)) {
            return Ok(None);
        }
        return Ok(scan.with_last(n));
    }
    let Some((input, below)) = key_below_projection(node, key) else {
        return Ok(None);
    };
    match last_rows(&input, &below, n)? {
        Some(input) => Ok(Some(with_input(node, input)?)),
        None => Ok(None),
    }
}
