//! Which parts of a view can hold rows in a range of one column: a feed's parts by time
//! (`__event_time`, `__ingest_time`, `__lsn` of the flat feed; `ts_ms`/`ts_us` of the
//! Debezium feed, the ingest time; `_commit_timestamp` of the change data feed), a history's
//! or snapshot's parts by key. A superset: filters skip the other parts.

use std::ops::Range;

use super::feed::part_of;
use datafusion::arrow::datatypes::SchemaRef;

use super::super::model::SyntheticTable;
use super::kind::{ENTITIES_PER_PART, FeedFormat, ViewKind};
use super::model::ChangeModel;

/// The parts of the view `kind` (schema `schema`) of `table` (changing as `model` says)
/// that can hold a row whose column `column` lies in `[lo, hi]`.
#[allow(clippy::too_many_arguments)]
pub(super) fn parts_within(
    model: &ChangeModel,
    table: &SyntheticTable,
    kind: &ViewKind,
    schema: &SchemaRef,
    column: usize,
    lo: i128,
    hi: i128,
) -> Option<Range<u64>> {
    if lo > hi {
        return Some(0..0);
    }
    // Bounds past any BIGINT are open ends: clamped, every product below fits an i128.
    let wide = |v: i128| v.clamp(i128::from(i64::MIN), i128::from(i64::MAX));
    let (lo, hi) = (wide(lo), wide(hi));
    let name = schema.field(column).name().as_str();
    match kind {
        ViewKind::Feed {
            format, delivery, ..
        } => {
            let start = i128::from(model.options().start_ns);
            let delay = 2 * i128::from(delivery.max_delay_ms) * 1_000_000
                + i128::from(delivery.max_delay_ms > 0);
            let tx = i128::from(model.transaction_steps()) * i128::from(model.tick());
            // Event-time bounds in ns, widened to ingest time by the largest delay.
            let (lo_ns, hi_ns) = match (format, name) {
                (FeedFormat::Flat, "__event_time") => (lo * 1000, hi * 1000 + 999 + delay),
                (FeedFormat::Flat, "__lsn") => (start + lo - 1, start + hi - 1 + delay),
                (FeedFormat::Flat, "__ingest_time") | (FeedFormat::Debezium, "ts_us") => {
                    (lo * 1000, hi * 1000 + 999)
                }
                (FeedFormat::Debezium, "ts_ms") => (lo * 1_000_000, hi * 1_000_000 + 999_999),
                (FeedFormat::Cdf, "_commit_timestamp") => (lo * 1000 - tx - 1000, hi * 1000 + 999),
                _ => return None,
            };
            let part = |ns: i128| {
                let ns = ns.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
                part_of(model, ns)
            };
            Some(part(lo_ns)..part(hi_ns) + 1)
        }
        _ => {
            if column != model.key_position() {
                return None;
            }
            let (first, step) = table.sequence_of(column)?;
            if step <= 0 {
                return None;
            }
            let (first, step) = (i128::from(first), i128::from(step));
            let entities = i128::from(table.rows());
            let k_lo = (lo.max(first) - first).div_euclid(step).clamp(0, entities);
            let k_hi = (hi.min(first + step * entities) - first)
                .div_euclid(step)
                .clamp(-1, entities - 1);
            if k_hi < k_lo {
                return Some(0..0);
            }
            let per = i128::from(ENTITIES_PER_PART);
            Some((k_lo / per) as u64..(k_hi / per) as u64 + 1)
        }
    }
}
