//! The progress bar of a running statement (indicatif, on stderr): rows read by the plan's
//! scans / exact total when known, rows per second and ETA. It appears only after the
//! statement has run for a moment, and is cleared when the statement ends or is cancelled.

use std::sync::Arc;
use std::time::Duration;

use datafusion::physical_plan::ExecutionPlan;
use datafusion_synth::repl::PlanProgress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a statement runs before its bar appears.
const DELAY: Duration = Duration::from_millis(500);
/// How often the bar reads the plan's metrics.
const TICK: Duration = Duration::from_millis(100);

/// A bar following one plan; dropping it stops and clears it.
pub struct Progress {
    bar: ProgressBar,
    ticker: tokio::task::JoinHandle<()>,
}

impl Progress {
    /// Starts following `plan` (call before executing it), or `None` when there is nothing
    /// to show.
    pub fn start(plan: &Arc<dyn ExecutionPlan>) -> Option<Self> {
        let progress = PlanProgress::new(plan);
        if progress.scans() == 0 {
            return None;
        }
        let bar =
            ProgressBar::with_draw_target(progress.total_rows(), ProgressDrawTarget::hidden());
        let style = match progress.total_rows() {
            Some(_) => ProgressStyle::with_template(
                "[{elapsed_precise}] {wide_bar} {human_pos}/{human_len} rows ({per_sec:0}, ETA {eta})",
            ),
            None => ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {human_pos} rows ({per_sec:0})",
            ),
        };
        if let Ok(style) = style {
            bar.set_style(style);
        }
        let shown = bar.clone();
        let ticker = tokio::spawn(async move {
            tokio::time::sleep(DELAY).await;
            shown.set_draw_target(ProgressDrawTarget::stderr());
            loop {
                shown.set_position(progress.rows_done());
                tokio::time::sleep(TICK).await;
            }
        });
        Some(Progress { bar, ticker })
    }

    /// Runs `f` with the bar hidden (for writing to the terminal).
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.ticker.abort();
        self.bar.finish_and_clear();
    }
}
