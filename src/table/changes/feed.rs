//! The events of a change feed and the order they are delivered in.
//!
//! The feed is cut into parts of fixed time spans ([`ChangeModel::part_steps`] grid steps,
//! whole transactions). A part holds the deliveries whose *ingest* time falls in its span;
//! it finds them by walking every entity born before the span ends ([`Lifecycle::birth`]
//! is monotone, so they are a prefix of the keys), sorts the events of the span by log
//! sequence number (time, then key), numbers the transactions, then draws each event's
//! delivery delay and duplicates and sorts the deliveries by ingest time. The walk costs
//! O(entities born) per part; the sort holds one part's events (about 262,144 expected).

use std::ops::Range;

use crate::generate::lifecycle::Life;

use super::model::ChangeModel;

/// What an event does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Op {
    /// Insert (`c`), or a snapshot read (`r`) of an initial entity when asked.
    Create,
    /// Update (`u`).
    Update,
    /// Delete (`d`).
    Delete,
}

/// How the feed is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "cluster", derive(serde::Serialize, serde::Deserialize))]
pub struct Delivery {
    /// The most an event's ingest time trails its event time, in milliseconds (uniform).
    pub max_delay_ms: u64,
    /// The probability that an event is delivered a second time.
    pub duplicates: f64,
}

/// One delivered event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    /// Ingest time, nanoseconds since the epoch.
    pub ingest_ns: i64,
    /// Event grid step and entity.
    pub step: u64,
    pub key: u64,
    /// The version the event starts (creates and updates) or ends (deletes).
    pub version: u64,
    pub op: Op,
    /// 0 for the first delivery, 1 for a duplicate.
    pub copy: u8,
    /// The transaction: id, the event's 1-based position in it, its number of events and
    /// the step and key of its last event.
    pub tx_id: i64,
    pub tx_order: u32,
    pub tx_events: u32,
    pub tx_last: (u64, u64),
}

/// One event before delivery.
#[derive(Debug, Clone, Copy)]
struct Event {
    step: u64,
    key: u64,
    version: u64,
    op: Op,
}

/// Calls `f(step, version, op)` for every event of `life`.
fn for_events(life: &Life, mut f: impl FnMut(u64, u64, Op)) {
    for (v, &q) in life.starts.iter().enumerate() {
        let op = if v == 0 || life.reborn == Some(v) {
            Op::Create
        } else {
            Op::Update
        };
        f(q, v as u64, op);
    }
    if let Some(d) = life.deleted {
        f(d, life.first_life() as u64 - 1, Op::Delete);
    }
}

/// The ingest times of the event of entity `key` at step `step`: its delivery and, for a
/// duplicate, the second one.
fn ingest_times(model: &ChangeModel, d: &Delivery, step: u64, key: u64) -> (i64, Option<i64>) {
    let t = model.time_ns(step, key);
    if d.max_delay_ms == 0 && d.duplicates <= 0.0 {
        // In time, once: the draws below would give exactly this.
        return (t, None);
    }
    let span = d.max_delay_ms as f64 * 1e6;
    let life = model.lifecycle();
    let first = t + (life.draw(0, key, step) * span) as i64;
    let second = (d.duplicates > 0.0 && life.draw(1, key, step) < d.duplicates)
        .then(|| first + (life.draw(2, key, step) * span) as i64);
    (first, second)
}

/// The part an ingest time falls in (the last part takes everything after the window).
pub(super) fn part_of(model: &ChangeModel, ns: i64) -> u64 {
    let rel = (ns as i128 - model.options().start_ns as i128).max(0) as u128;
    let step = (rel / u128::from(model.tick())) as u64;
    (step / model.part_steps()).min(model.part_count() - 1)
}

/// The grid steps whose events a part may deliver: its own span, widened back by the
/// largest delay, both ends on transaction boundaries.
fn scan_span(model: &ChangeModel, d: &Delivery, part: u64) -> (u64, u64) {
    let steps = model.lifecycle().steps();
    let lo = part * model.part_steps();
    let hi = if part + 1 == model.part_count() {
        steps
    } else {
        (lo + model.part_steps()).min(steps)
    };
    let delay_steps = (u128::from(d.max_delay_ms) * 1_000_000).div_ceil(u128::from(model.tick()))
        as u64
        + u64::from(d.max_delay_ms > 0 || d.duplicates > 0.0);
    let lo = lo.saturating_sub(delay_steps.saturating_mul(2));
    match model.transaction_steps() {
        0 => (lo, hi),
        tx => (lo / tx * tx, hi.div_ceil(tx).saturating_mul(tx).min(steps)),
    }
}

/// The deliveries of the consecutive feed parts `parts`, each in delivery order, from one
/// walk over the entities (a walk costs the same for one part as for several).
pub fn parts_deliveries(
    model: &ChangeModel,
    d: &Delivery,
    parts: Range<u64>,
) -> Vec<Vec<Delivered>> {
    if parts.is_empty() {
        return Vec::new();
    }
    let (lo, _) = scan_span(model, d, parts.start);
    let (_, hi) = scan_span(model, d, parts.end - 1);
    let life = model.lifecycle();
    let born = life.born_before(hi);
    let mut events = Vec::new();
    let mut buf = Life::default();
    for key in 0..born {
        life.life_into(key, &mut buf);
        let last = buf.starts.last().copied().unwrap_or(0);
        if buf.deleted.map_or(last, |d| d.max(last)) < lo {
            continue;
        }
        for_events(&buf, |step, version, op| {
            if (lo..hi).contains(&step) {
                events.push(Event {
                    step,
                    key,
                    version,
                    op,
                });
            }
        });
    }
    events.sort_unstable_by_key(|e| (e.step, e.key));
    let tx = model.transaction_steps();
    let mut out: Vec<Vec<Delivered>> = vec![Vec::new(); (parts.end - parts.start) as usize];
    let mut start = 0;
    while start < events.len() {
        let end = match tx {
            0 => start + 1,
            tx => {
                let id = events[start].step / tx;
                start
                    + events[start..]
                        .iter()
                        .take_while(|e| e.step / tx == id)
                        .count()
            }
        };
        let last = events[end - 1];
        let first = events[start];
        let tx_id = match tx {
            0 => model.lsn(first.step, first.key),
            tx => (first.step / tx) as i64 + 1,
        };
        for (i, e) in events[start..end].iter().enumerate() {
            let (a, b) = ingest_times(model, d, e.step, e.key);
            for (copy, ingest) in [(0u8, Some(a)), (1u8, b)] {
                let Some(ingest_ns) = ingest else { continue };
                let part = part_of(model, ingest_ns);
                if !parts.contains(&part) {
                    continue;
                }
                out[(part - parts.start) as usize].push(Delivered {
                    ingest_ns,
                    step: e.step,
                    key: e.key,
                    version: e.version,
                    op: e.op,
                    copy,
                    tx_id,
                    tx_order: i as u32 + 1,
                    tx_events: (end - start) as u32,
                    tx_last: (last.step, last.key),
                });
            }
        }
        start = end;
    }
    for o in &mut out {
        // Without delays and duplicates the deliveries are already in event order.
        if !o.is_sorted_by_key(|e| (e.ingest_ns, e.step, e.key, e.copy)) {
            o.sort_unstable_by_key(|e| (e.ingest_ns, e.step, e.key, e.copy));
        }
    }
    out
}

/// The number of rows of every feed part, in one pass over every entity (split over the
/// machine's cores): deliveries, or with `two_rows_per_update` (the Delta change data feed)
/// two rows per update.
pub fn part_counts(model: &ChangeModel, d: &Delivery, two_rows_per_update: bool) -> Vec<u64> {
    let entities = model.lifecycle().entities();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 16) as u64;
    let chunk = entities.div_ceil(threads).max(1 << 16);
    let ranges: Vec<Range<u64>> = (0..entities)
        .step_by(chunk as usize)
        .map(|lo| lo..(lo + chunk).min(entities))
        .collect();
    let mut counts = vec![0u64; model.part_count() as usize];
    let partial: Vec<Vec<u64>> = std::thread::scope(|s| {
        let handles: Vec<_> = ranges
            .into_iter()
            .map(|keys| s.spawn(move || range_counts(model, d, two_rows_per_update, keys)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for p in partial {
        for (c, n) in counts.iter_mut().zip(p) {
            *c += n;
        }
    }
    counts
}

/// [`part_counts`] of the entities `keys`.
fn range_counts(
    model: &ChangeModel,
    d: &Delivery,
    two_rows_per_update: bool,
    keys: Range<u64>,
) -> Vec<u64> {
    let life = model.lifecycle();
    let mut counts = vec![0u64; model.part_count() as usize];
    let mut buf = Life::default();
    for key in keys {
        life.life_into(key, &mut buf);
        for_events(&buf, |step, _, op| {
            let rows = if two_rows_per_update && op == Op::Update {
                2
            } else {
                1
            };
            let (a, b) = ingest_times(model, d, step, key);
            counts[part_of(model, a) as usize] += rows;
            if let Some(b) = b {
                counts[part_of(model, b) as usize] += rows;
            }
        });
    }
    counts
}
