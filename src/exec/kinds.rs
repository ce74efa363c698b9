//! Every leaf kind of the crate, one line each: how the cluster finds, in a plan, the
//! leaves it restricts to the units of a task.

use std::sync::Arc;

use datafusion::physical_plan::ExecutionPlan;

use super::leaf::RangeLeaf;
use super::synthetic::SyntheticExec;
use super::tpch::TpchExec;

/// `plan` as a range leaf, when it is one of ours.
pub fn as_range_leaf(plan: &dyn ExecutionPlan) -> Option<Arc<dyn RangeLeaf>> {
    fn leaf<L: RangeLeaf + Clone>(plan: &dyn ExecutionPlan) -> Option<Arc<dyn RangeLeaf>> {
        plan.downcast_ref::<L>()
            .map(|l| Arc::new(l.clone()) as Arc<dyn RangeLeaf>)
    }
    leaf::<SyntheticExec>(plan).or_else(|| leaf::<TpchExec>(plan))
}
