//! [`PlanProgress`]: how many rows the scans of a running plan have produced so far, read
//! from their live `output_rows` metrics (updated batch by batch while the plan runs), and
//! how many they will produce in all when statistics know it exactly.

use std::sync::Arc;

use datafusion::physical_plan::ExecutionPlan;

use super::bounded::exact_rows;

/// The progress of a plan's scans (its leaves that keep metrics, such as synthetic scans and
/// file scans).
#[derive(Debug, Clone)]
pub struct PlanProgress {
    scans: Vec<Arc<dyn ExecutionPlan>>,
    total: Option<u64>,
}

impl PlanProgress {
    /// Finds the scans of `plan` (before or during its execution).
    pub fn new(plan: &Arc<dyn ExecutionPlan>) -> Self {
        let mut scans = Vec::new();
        let mut todo = vec![Arc::clone(plan)];
        while let Some(p) = todo.pop() {
            let children = p.children();
            if children.is_empty() {
                if p.metrics().is_some() {
                    scans.push(p);
                }
            } else {
                todo.extend(children.into_iter().cloned());
            }
        }
        let total = if scans.is_empty() {
            None
        } else {
            scans
                .iter()
                .map(|s| exact_rows(s.as_ref()))
                .try_fold(0u64, |sum, n| n.map(|n| sum.saturating_add(n)))
        };
        PlanProgress { scans, total }
    }

    /// Rows produced by the scans so far.
    pub fn rows_done(&self) -> u64 {
        self.scans
            .iter()
            .filter_map(|s| s.metrics()?.output_rows())
            .map(|n| n as u64)
            .sum()
    }

    /// Rows the scans produce in all, when every scan's statistics know it exactly.
    pub fn total_rows(&self) -> Option<u64> {
        self.total
    }

    /// The number of scans found.
    pub fn scans(&self) -> usize {
        self.scans.len()
    }
}
