//! Walking a physical plan down to a synthetic scan, shared by the pushdown rules: a sort
//! key followed through a projection that passes its column on, and a node rebuilt over a
//! new input.

use std::sync::Arc;

use datafusion::common::Result;
use datafusion::physical_expr::PhysicalSortExpr;
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::execution_plan::{ChildrenPropertiesMode, ReplaceChildrenOptions};
use datafusion::physical_plan::expressions::Column;
use datafusion::physical_plan::projection::ProjectionExec;

/// When `node` is a projection that passes the column `key` sorts by on from its input: the
/// input and the same key as a column of it.
pub(super) fn key_below_projection(
    node: &Arc<dyn ExecutionPlan>,
    key: &PhysicalSortExpr,
) -> Option<(Arc<dyn ExecutionPlan>, PhysicalSortExpr)> {
    let p = node.downcast_ref::<ProjectionExec>()?;
    let column = key.expr.downcast_ref::<Column>()?;
    let below = p
        .expr()
        .get(column.index())?
        .expr
        .downcast_ref::<Column>()?;
    Some((
        Arc::clone(p.input()),
        PhysicalSortExpr::new(Arc::new(below.clone()), key.options),
    ))
}

/// `node` over `input` instead of its one child (its properties recomputed).
pub(super) fn with_input(
    node: &Arc<dyn ExecutionPlan>,
    input: Arc<dyn ExecutionPlan>,
) -> Result<Arc<dyn ExecutionPlan>> {
    Arc::clone(node).replace_children(
        vec![input],
        ReplaceChildrenOptions::new(ChildrenPropertiesMode::Recompute),
    )
}
