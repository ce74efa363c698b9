//! `OFFSET` pushdown: a physical optimizer rule that turns `OFFSET skip [LIMIT fetch]` over a
//! synthetic scan into a scan of exactly the rows `[skip, skip + fetch)`, so that rows before
//! the offset are never generated (rows are addressable: a row is a pure function of its index).
//! Over a TPC-H scan, the parts before the one holding row `skip` are counted, not generated
//! (see `TpchTable::part_rows`), and that part's rows before it are dropped.
//!
//! DataFusion pushes only `skip + fetch` into a scan and skips rows after generating them; the
//! rule replaces the `GlobalLimitExec` when every plan between it and a [`SyntheticExec`] keeps
//! rows one for one and in an order the rule can see: projections, partition merges (the
//! synthetic scan of a limit has one partition), local limits that keep at least
//! `skip + fetch` rows, and sorts or sort-preserving merges whose order is the row order (a
//! key column with a positive step, ascending, possibly passed through projections). Anything else (a filter, a join, a sort on
//! another column, runtime filters) leaves the plan as it was.

use std::sync::Arc;

use datafusion::common::Result;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::config::ConfigOptions;
use datafusion::physical_expr::PhysicalSortExpr;
use datafusion::physical_optimizer::PhysicalOptimizerRule;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::coalesce_partitions::CoalescePartitionsExec;
use datafusion::physical_plan::limit::{GlobalLimitExec, LocalLimitExec};
use datafusion::physical_plan::projection::ProjectionExec;
use datafusion::physical_plan::sorts::sort::SortExec;
use datafusion::physical_plan::sorts::sort_preserving_merge::SortPreservingMergeExec;

use super::kinds::as_positional;
use super::plan_walk::{key_below_projection, with_input};

/// The `OFFSET` pushdown rule (installed by `register_all` / `with_synth`).
#[derive(Debug, Default)]
pub struct OffsetPushdown;

impl PhysicalOptimizerRule for OffsetPushdown {
    fn optimize(
        &self,
        plan: Arc<dyn ExecutionPlan>,
        _config: &ConfigOptions,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        plan.transform_down(|node| {
            let Some(limit) = node.downcast_ref::<GlobalLimitExec>() else {
                return Ok(Transformed::no(node));
            };
            if limit.skip() == 0 {
                return Ok(Transformed::no(node));
            }
            match push(limit.input(), limit.skip(), limit.fetch())? {
                Some(pushed) => Ok(Transformed::yes(pushed)),
                None => Ok(Transformed::no(node)),
            }
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "synthetic_offset_pushdown"
    }

    fn schema_check(&self) -> bool {
        true
    }
}

/// `node` with its first `skip` rows skipped and at most `fetch` kept, when that can be done
/// in the synthetic scan below it; the result has one partition.
fn push(
    node: &Arc<dyn ExecutionPlan>,
    skip: usize,
    fetch: Option<usize>,
) -> Result<Option<Arc<dyn ExecutionPlan>>> {
    if let Some(scan) = as_positional(node.as_ref()) {
        return Ok(scan.with_offset(skip, fetch));
    }
    // Plans that keep rows one for one: rebuild them over the pushed input.
    if let Some(p) = node.downcast_ref::<ProjectionExec>() {
        return rebuild(node, push(p.input(), skip, fetch)?);
    }
    // Plans whose only effect is to merge partitions or to order rows in row order: the
    // pushed scan has one partition in row order, so they are dropped.
    let input = if let Some(c) = node.downcast_ref::<CoalescePartitionsExec>() {
        (c.fetch().is_none_or(|f| keeps(f, skip, fetch))).then_some(c.input())
    } else if let Some(l) = node.downcast_ref::<LocalLimitExec>() {
        keeps(l.fetch(), skip, fetch).then_some(l.input())
    } else if let Some(m) = node.downcast_ref::<SortPreservingMergeExec>() {
        let in_row_order = row_order(m.input(), m.expr());
        (in_row_order && m.fetch().is_none_or(|f| keeps(f, skip, fetch))).then_some(m.input())
    } else if let Some(s) = node.downcast_ref::<SortExec>() {
        let in_row_order = row_order(s.input(), s.expr());
        (in_row_order && s.fetch().is_none_or(|f| keeps(f, skip, fetch))).then_some(s.input())
    } else {
        None
    };
    match input {
        Some(input) => push(input, skip, fetch),
        None => Ok(None),
    }
}

/// Whether a plan keeping `kept` rows keeps every row of `OFFSET skip LIMIT fetch`.
fn keeps(kept: usize, skip: usize, fetch: Option<usize>) -> bool {
    fetch.is_some_and(|f| kept >= skip.saturating_add(f))
}

/// Whether `order` over `input` (a synthetic scan, possibly under projections that pass the
/// sort column through) is the scan's row order.
fn row_order(input: &Arc<dyn ExecutionPlan>, order: &[PhysicalSortExpr]) -> bool {
    if let Some(scan) = as_positional(input.as_ref()) {
        return scan.sorts_in_row_order(order);
    }
    match order
        .first()
        .and_then(|first| key_below_projection(input, first))
    {
        Some((below, key)) => row_order(&below, &[key]),
        None => false,
    }
}

fn rebuild(
    node: &Arc<dyn ExecutionPlan>,
    input: Option<Arc<dyn ExecutionPlan>>,
) -> Result<Option<Arc<dyn ExecutionPlan>>> {
    input.map(|input| with_input(node, input)).transpose()
}
