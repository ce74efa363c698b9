//! [`ChangeModel`]: how a declared table changes over its history window — the entity
//! lifecycles ([`Lifecycle`]), the key column, which columns an update may change and
//! with what probability, the time grid and the transaction windows — built from the
//! table and its [`ChangeOptions`] with every check a user can fail.

use datafusion::common::{Result, plan_err};

use crate::generate::fanout::FanCount;
use crate::generate::lifecycle::{Births, Lifecycle};

use super::super::model::SyntheticTable;
use super::super::stream_of;

/// Who errors are attributed to.
const WHO: &str = "CREATE SYNTHETIC TABLE";

/// The expected events per feed part: a part's events are sorted in memory (16 bytes each).
const EVENTS_PER_PART: f64 = 262_144.0;

/// The most parts of a feed.
const MAX_PARTS: u64 = 1 << 16;

/// The change options of a declared table, typed (the SQL layer parses the text).
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeOptions {
    /// The window start, in nanoseconds since the epoch (UTC).
    pub start_ns: i64,
    /// The window end (exclusive).
    pub end_ns: i64,
    /// How entities are born over the window.
    pub births: Births,
    /// The share of entities that exist when the window starts.
    pub initial: f64,
    /// The number of updates per entity.
    pub updates: FanCount,
    /// The columns an update may change, with the probability that one update changes
    /// each; `None` for every column but the key, each with probability 0.5.
    pub update_columns: Option<Vec<(String, f64)>>,
    /// The share of entities deleted before the window ends.
    pub deletes: f64,
    /// The share of deleted keys inserted again (as new entities) after their delete.
    pub reinserts: f64,
    /// The key column; `None` for the first `sequence` column.
    pub key: Option<String>,
    /// The length of a transaction (commit window) in milliseconds; 0 for one event per
    /// transaction.
    pub transaction_ms: u64,
}

/// The change model of a table (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct ChangeModel {
    options: ChangeOptions,
    lifecycle: Lifecycle,
    /// Nanoseconds per grid step.
    tick: u64,
    /// The key: index among all columns, and its schema position.
    key: usize,
    key_position: usize,
    /// Per slot (a visible column an update may change, at most 64): the probability that
    /// an update changes it on its own draw. Per column (helpers included): its slot (its
    /// owner's), if it has one.
    slot_probability: Vec<f64>,
    slot: Vec<Option<usize>>,
    /// Grid steps per transaction (0: one event per transaction).
    transaction_steps: u64,
    /// Grid steps per feed part, a multiple of `transaction_steps`.
    part_steps: u64,
    /// The expected number of events.
    expected_events: f64,
}

impl ChangeModel {
    /// The model of `table` changing as `options` say.
    pub fn new(table: &SyntheticTable, options: ChangeOptions) -> Result<Self> {
        let name = table.name();
        let o = &options;
        if o.end_ns <= o.start_ns {
            return plan_err!(
                "{WHO}: invalid value for 'history_end': it must be after 'history_start' (the window ends before it starts)"
            );
        }
        check_share("initial", o.initial)?;
        check_share("deletes", o.deletes)?;
        check_share("reinserts", o.reinserts)?;
        let columns = table.resolved();
        let visible = table.visible_columns();
        let names: Vec<&str> = visible
            .iter()
            .map(|&c| columns[c].def.name.as_str())
            .collect();
        let key_position = match &o.key {
            Some(k) => match names.iter().position(|n| n == k) {
                Some(p) => p,
                None => {
                    return plan_err!(
                        "{WHO}: invalid value for 'key': '{k}'; allowed: a column of '{name}': {}",
                        names.join(", ")
                    );
                }
            },
            None => match (0..names.len()).find(|&p| table.sequence_of(p).is_some()) {
                Some(p) => p,
                None => {
                    return plan_err!(
                        "{WHO}: a table with a history needs a key: a column GENERATED ALWAYS AS (sequence(…)), named by WITH (key = '…') or found first"
                    );
                }
            },
        };
        if table.sequence_of(key_position).is_none() {
            return plan_err!(
                "{WHO}: invalid value for 'key': '{}'; allowed: a column GENERATED ALWAYS AS (sequence(start, step)), so that a key names one entity",
                names[key_position]
            );
        }
        let key = visible[key_position];
        let mut own = vec![0.0; visible.len()];
        match &o.update_columns {
            None => {
                for (p, v) in own.iter_mut().enumerate() {
                    if p != key_position {
                        *v = 0.5;
                    }
                }
            }
            Some(list) => {
                for (c, p) in list {
                    let Some(pos) = names.iter().position(|n| n == c) else {
                        return plan_err!(
                            "{WHO}: invalid value for 'update_columns': unknown column '{c}'; allowed: columns of '{name}': {}",
                            names.join(", ")
                        );
                    };
                    if pos == key_position {
                        return plan_err!(
                            "{WHO}: invalid value for 'update_columns': '{c}' is the key; a key never changes (a new key is a delete and an insert)"
                        );
                    }
                    if !(p.is_finite() && (0.0..=1.0).contains(p)) {
                        return plan_err!(
                            "{WHO}: invalid value for 'update_columns': probability {p} for '{c}'; allowed: a number in [0, 1]"
                        );
                    }
                    own[pos] = *p;
                }
            }
        }
        // Slots: the columns an update may change, in schema order; every column (helpers
        // too) takes its owner's slot.
        let slotted: Vec<usize> = (0..own.len()).filter(|&p| own[p] > 0.0).collect();
        if slotted.len() > 64 {
            return plan_err!(
                "{WHO}: invalid value for 'update_columns': {} columns may change; allowed: at most 64 (list them in update_columns)",
                slotted.len()
            );
        }
        let slot = columns
            .iter()
            .map(|col| {
                let owner = col.def.stream.as_ref().map_or(&col.def.name, |(o, _)| o);
                let position = names.iter().position(|n| n == owner)?;
                slotted.iter().position(|&p| p == position)
            })
            .collect();
        let own: Vec<f64> = slotted.iter().map(|&p| own[p]).collect();
        let entities = table.rows();
        let tick = entities.max(1).div_ceil(1000) * 1000;
        let window = (o.end_ns as i128 - o.start_ns as i128) as u128;
        let steps = (window / u128::from(tick)).min(u128::from(u64::MAX)) as u64;
        if steps < 16 {
            return plan_err!(
                "{WHO}: the history window of {window} ns is too short for {entities} rows: it needs at least {} ns (16 steps of {tick} ns, one nanosecond per row per step)",
                16 * u128::from(tick)
            );
        }
        let initial = (o.initial * entities as f64).round() as u64;
        let stream = stream_of(table.seed(), "$history", 0);
        let lifecycle = Lifecycle::new(
            entities,
            initial,
            steps,
            o.births,
            o.updates,
            (o.deletes, o.reinserts),
            stream,
        );
        let transaction_steps = if o.transaction_ms == 0 {
            0
        } else {
            (u128::from(o.transaction_ms) * 1_000_000)
                .div_ceil(u128::from(tick))
                .clamp(1, u128::from(steps)) as u64
        };
        let expected_events =
            entities as f64 * (1.0 + mean_count(&o.updates) + o.deletes * (1.0 + o.reinserts));
        let parts = ((expected_events / EVENTS_PER_PART).ceil() as u64).clamp(1, MAX_PARTS);
        let mut part_steps = steps.div_ceil(parts).max(1);
        if transaction_steps > 0 {
            part_steps = part_steps.div_ceil(transaction_steps) * transaction_steps;
        }
        Ok(ChangeModel {
            options,
            lifecycle,
            tick,
            key,
            key_position,
            slot_probability: own,
            slot,
            transaction_steps,
            part_steps,
            expected_events,
        })
    }

    /// The options the model was built from.
    pub fn options(&self) -> &ChangeOptions {
        &self.options
    }

    /// The entity lifecycles.
    pub fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }

    /// The key column's index among all columns.
    pub fn key(&self) -> usize {
        self.key
    }

    /// The key column's position in the table's schema.
    pub fn key_position(&self) -> usize {
        self.key_position
    }

    /// The number of slots (columns an update may change).
    pub fn slots(&self) -> usize {
        self.slot_probability.len()
    }

    /// Column `c`'s slot, if an update may change it.
    pub fn slot_of(&self, c: usize) -> Option<usize> {
        self.slot[c]
    }

    /// For every slot, the version whose value it holds at version `v` of entity `k`.
    pub fn value_versions(&self, k: u64, v: u64, out: &mut [u64]) {
        self.lifecycle
            .value_versions(k, v, &self.slot_probability, out);
    }

    /// The first version after `v`, up to `last`, that changes column `c`.
    pub fn next_change(&self, c: usize, k: u64, v: u64, last: u64) -> Option<u64> {
        let s = self.slot[c]?;
        self.lifecycle
            .next_change(k, v, last, s, &self.slot_probability)
    }

    /// Grid steps per transaction (0: one event per transaction).
    pub fn transaction_steps(&self) -> u64 {
        self.transaction_steps
    }

    /// Grid steps per feed part.
    pub fn part_steps(&self) -> u64 {
        self.part_steps
    }

    /// The number of feed parts (fixed by the definition).
    pub fn part_count(&self) -> u64 {
        self.lifecycle.steps().div_ceil(self.part_steps)
    }

    /// The expected number of events.
    pub fn expected_events(&self) -> f64 {
        self.expected_events
    }

    /// The time of an event of entity `k` at grid step `q`, in nanoseconds since the
    /// epoch.
    #[inline]
    pub fn time_ns(&self, q: u64, k: u64) -> i64 {
        self.options.start_ns + (q as i128 * self.tick as i128 + k as i128) as i64
    }

    /// The log sequence number of that event: nanoseconds since the window start, plus 1.
    #[inline]
    pub fn lsn(&self, q: u64, k: u64) -> i64 {
        (q as i128 * self.tick as i128 + k as i128 + 1) as i64
    }

    /// The first grid step whose events all happen after `ns` (nanoseconds since the
    /// epoch): events at steps `< step_after(ns)` may happen at or before `ns`.
    pub fn step_after(&self, ns: i64) -> u64 {
        let rel = ns as i128 - self.options.start_ns as i128;
        if rel < 0 {
            return 0;
        }
        ((rel / self.tick as i128) as u64).saturating_add(1)
    }

    /// Nanoseconds per grid step.
    pub fn tick(&self) -> u64 {
        self.tick
    }
}

fn check_share(option: &str, v: f64) -> Result<()> {
    if v.is_finite() && (0.0..=1.0).contains(&v) {
        Ok(())
    } else {
        plan_err!("{WHO}: invalid value for '{option}': {v}; allowed: a share in [0, 1]")
    }
}

/// The mean of a count distribution.
pub(crate) fn mean_count(c: &FanCount) -> f64 {
    match *c {
        FanCount::Fixed(n) => n as f64,
        FanCount::Uniform { lo, hi } => (lo + hi) as f64 / 2.0,
        FanCount::Poisson(_, mean) => mean,
        FanCount::Zipf(_, n, s) => {
            let (mut num, mut den) = (0.0, 0.0);
            for k in 1..=n {
                let w = (k as f64).powf(-s);
                num += k as f64 * w;
                den += w;
            }
            num / den
        }
    }
}
