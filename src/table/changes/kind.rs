//! What a view of a changing table's history is: the feed (in one of three shapes, with
//! its delivery), the SCD type 2 history, or a snapshot; and the size of the views' parts.

use super::feed::Delivery;

/// Entities per part of the history and snapshot views.
pub const ENTITIES_PER_PART: u64 = 4096;

/// The shape of a change feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cluster", derive(serde::Serialize, serde::Deserialize))]
pub enum FeedFormat {
    /// Debezium's envelope: `before`, `after`, `source`, `op`, `ts_ms`, `transaction`.
    Debezium,
    /// Debezium's flattened form (ExtractNewRecordState): the row, `__op`, `__deleted`, ….
    Flat,
    /// Delta Lake's change data feed: the row, `_change_type`, `_commit_version`,
    /// `_commit_timestamp`; an update is two rows.
    Cdf,
}

impl FeedFormat {
    /// The SQL spelling.
    pub fn name(self) -> &'static str {
        match self {
            FeedFormat::Debezium => "debezium",
            FeedFormat::Flat => "flat",
            FeedFormat::Cdf => "cdf",
        }
    }
}

/// Which view of the history.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "cluster", derive(serde::Serialize, serde::Deserialize))]
pub enum ViewKind {
    /// The change feed; `snapshot` makes the initial entities snapshot reads (`r`).
    Feed {
        format: FeedFormat,
        snapshot: bool,
        delivery: Delivery,
    },
    /// The SCD type 2 history.
    History,
    /// The snapshot as of a time (microseconds since the epoch).
    AsOf(i64),
}
