//! Tables that change over time: a declared table with a history window
//! (`WITH (history_start = …, history_end = …, updates = …, …)`) whose rows are entities
//! inserted, updated and deleted over the window, every lifecycle a pure function of the
//! entity's key ([`crate::generate::lifecycle`]). Its views — the change feed, the SCD
//! type 2 history and the snapshot as of any time — are tables generated in parts, all
//! computed from the same lifecycles and versioned rows, so they agree by construction.

mod batches;
mod feed;
mod filter;
mod kind;
mod liveness;
mod model;
mod rows;
mod versions;
mod view;

pub use feed::{Delivery, Op};
pub use kind::{ENTITIES_PER_PART, FeedFormat, ViewKind};
pub use model::{ChangeModel, ChangeOptions};
pub use versions::evaluate_versions;
pub use view::ChangeView;
