//! Every leaf kind of the crate, one line each: how the cluster finds, in a plan, the
//! leaves it restricts to the units of a task, and how the `OFFSET` and last-rows pushdowns
//! find the leaves whose rows are addressable by position.

use std::sync::Arc;

use datafusion::physical_expr::PhysicalSortExpr;
use datafusion::physical_plan::ExecutionPlan;

use super::leaf::RangeLeaf;
use super::parts::{ChangeExec, TpcdsExec, TpchExec};
use super::synthetic::SyntheticExec;

/// `plan` as a range leaf, when it is one of ours.
pub fn as_range_leaf(plan: &dyn ExecutionPlan) -> Option<Arc<dyn RangeLeaf>> {
    fn leaf<L: RangeLeaf + Clone>(plan: &dyn ExecutionPlan) -> Option<Arc<dyn RangeLeaf>> {
        plan.downcast_ref::<L>()
            .map(|l| Arc::new(l.clone()) as Arc<dyn RangeLeaf>)
    }
    leaf::<SyntheticExec>(plan)
        .or_else(|| leaf::<TpchExec>(plan))
        .or_else(|| leaf::<TpcdsExec>(plan))
        .or_else(|| leaf::<ChangeExec>(plan))
}

/// A leaf whose rows can be addressed by position before it runs: the pushdowns of
/// `OFFSET` ([`super::OffsetPushdown`]) and `ORDER BY key DESC LIMIT n`
/// ([`super::LastRowsPushdown`]) rebuild it to generate only the rows they need.
pub trait PositionalScan {
    /// The scan with its first `skip` rows skipped and at most `fetch` kept, in one partition.
    fn with_offset(&self, skip: usize, fetch: Option<usize>) -> Option<Arc<dyn ExecutionPlan>>;

    /// The scan reduced to (at least) its last `n` rows, in one partition, in row order.
    fn with_last(&self, n: usize) -> Option<Arc<dyn ExecutionPlan>>;

    /// Whether `order` sorts the output in row order.
    fn sorts_in_row_order(&self, order: &[PhysicalSortExpr]) -> bool;

    /// Whether `order` sorts the output against row order.
    fn sorts_against_row_order(&self, order: &[PhysicalSortExpr]) -> bool;
}

macro_rules! positional {
    ($t:ty) => {
        impl PositionalScan for $t {
            fn with_offset(
                &self,
                skip: usize,
                fetch: Option<usize>,
            ) -> Option<Arc<dyn ExecutionPlan>> {
                <$t>::with_offset(self, skip, fetch).map(|s| Arc::new(s) as Arc<dyn ExecutionPlan>)
            }

            fn with_last(&self, n: usize) -> Option<Arc<dyn ExecutionPlan>> {
                <$t>::with_last(self, n).map(|s| Arc::new(s) as Arc<dyn ExecutionPlan>)
            }

            fn sorts_in_row_order(&self, order: &[PhysicalSortExpr]) -> bool {
                <$t>::sorts_in_row_order(self, order)
            }

            fn sorts_against_row_order(&self, order: &[PhysicalSortExpr]) -> bool {
                <$t>::sorts_against_row_order(self, order)
            }
        }
    };
}

positional!(SyntheticExec);
positional!(TpchExec);
positional!(TpcdsExec);
positional!(ChangeExec);

/// `plan` as a positional scan, when it is one of ours.
pub fn as_positional(plan: &dyn ExecutionPlan) -> Option<&dyn PositionalScan> {
    fn scan<S: PositionalScan + ExecutionPlan>(
        plan: &dyn ExecutionPlan,
    ) -> Option<&dyn PositionalScan> {
        plan.downcast_ref::<S>().map(|s| s as &dyn PositionalScan)
    }
    scan::<SyntheticExec>(plan)
        .or_else(|| scan::<TpchExec>(plan))
        .or_else(|| scan::<TpcdsExec>(plan))
        .or_else(|| scan::<ChangeExec>(plan))
}
