//! Entity lifecycles of a table that changes over time: when each entity (a row of the
//! declared table, by its 0-based index `k`) is inserted, when it is updated, and whether
//! and when it is deleted. Everything is a pure function of (stream, `k`), so any entity's
//! whole history is computed in O(updates) without looking at another entity.
//!
//! Time is a grid of `steps` steps over the history window; an event at step `q` of entity
//! `k` happens `q · tick + k` nanoseconds after the window starts, where `tick` is at least
//! the number of entities (and a multiple of 1000): no two events ever share a nanosecond,
//! two events of one entity never share a microsecond, and time order is (step, entity).
//!
//! * **Births** are monotone in `k`: the first `initial` entities exist at step 0; entity
//!   `initial + j` of the `n` others is born at the curve's inverse at `(j + u) / n` (`u` a
//!   uniform draw), so the entities born before any step are a prefix of the keys.
//! * **Deletes**: with probability `delete_share` an entity is deleted at a uniform step
//!   after its birth; with probability `reinsert_share` a deleted key is then inserted again
//!   (key reuse: a new entity, all its columns drawn anew) at a uniform step after the
//!   delete, and lives on without updates to the window's end.
//! * **Updates**: the count is drawn from a [`FanCount`]; update `j` (0-based) of `u`
//!   falls in the `j`-th of `u` equal parts of the entity's life (birth to delete or window
//!   end), at a uniform point inside it. Steps are made strictly increasing; updates that
//!   no longer fit before the end are dropped.
//! * **Which columns an update changes**: update `j` changes column slot `s` with
//!   probability `p_s`, independently ([`Lifecycle::changes`]).

use super::fanout::FanCount;
use super::seed::{GOLDEN_GAMMA, RowRng, mix64, row_seed};

/// The most updates one entity may have (a count drawn larger is clamped).
pub const MAX_UPDATES: u64 = 100_000;

/// How entities are born over the window (after the initial population).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Births {
    /// A constant rate.
    Uniform,
    /// A rate growing linearly from zero (twice as many births in the second half-window
    /// as… the density is `2x`).
    Growing,
}

impl Births {
    /// The SQL spelling.
    pub fn name(self) -> &'static str {
        match self {
            Births::Uniform => "uniform",
            Births::Growing => "growing",
        }
    }

    /// The share of the window elapsed when a share `y` of the entities is born.
    fn inverse(self, y: f64) -> f64 {
        match self {
            Births::Uniform => y,
            Births::Growing => y.sqrt(),
        }
    }
}

/// The lifecycle model of a changing table (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Lifecycle {
    entities: u64,
    initial: u64,
    steps: u64,
    births: Births,
    updates: FanCount,
    delete_share: f64,
    reinsert_share: f64,
    stream: u64,
    /// The sub-stream of each column slot's change draws (`sub(4 + slot)`), computed once.
    slot_streams: Vec<u64>,
}

/// The history of one entity: the step at which each version starts (`starts[0]` is the
/// insert) and the step of its delete, if any. Reused across entities by
/// [`Lifecycle::life_into`] so that no entity allocates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Life {
    /// The step of version `v`'s start, strictly increasing.
    pub starts: Vec<u64>,
    /// The step of the delete (after the start of every version before it).
    pub deleted: Option<u64>,
    /// The version that re-inserts the key after the delete (its last version), if any.
    pub reborn: Option<usize>,
}

impl Life {
    /// The number of versions (the insert, the updates that fit and a re-insert).
    pub fn versions(&self) -> u64 {
        self.starts.len() as u64
    }

    /// The number of events: versions plus the delete.
    pub fn events(&self) -> u64 {
        self.versions() + u64::from(self.deleted.is_some())
    }

    /// The versions before the delete (all of them without a re-insert).
    pub fn first_life(&self) -> usize {
        self.reborn.unwrap_or(self.starts.len())
    }

    /// The step at which version `v` stops holding: the next version's start, the delete
    /// after the first life's last version, or `None` for the last version alive.
    pub fn end_of(&self, v: usize) -> Option<u64> {
        if v + 1 == self.first_life() {
            self.deleted
        } else {
            self.starts.get(v + 1).copied()
        }
    }
}

impl Lifecycle {
    /// A model of `entities` entities of which `initial` exist from step 0, over `steps`
    /// grid steps (at least 2), drawing from `stream`; `shares` are the delete and
    /// re-insert probabilities.
    pub fn new(
        entities: u64,
        initial: u64,
        steps: u64,
        births: Births,
        updates: FanCount,
        shares: (f64, f64),
        stream: u64,
    ) -> Self {
        let mut model = Lifecycle {
            entities,
            initial: initial.min(entities),
            steps: steps.max(2),
            births,
            updates,
            delete_share: shares.0,
            reinsert_share: shares.1,
            stream,
            slot_streams: Vec::new(),
        };
        model.slot_streams = (0..64).map(|s| model.sub(4 + s)).collect();
        model
    }

    /// The number of entities.
    pub fn entities(&self) -> u64 {
        self.entities
    }

    /// The number of initial entities (born at step 0).
    pub fn initial(&self) -> u64 {
        self.initial
    }

    /// The grid steps of the window.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The update count distribution.
    pub fn updates(&self) -> &FanCount {
        &self.updates
    }

    /// The share of entities deleted.
    pub fn delete_share(&self) -> f64 {
        self.delete_share
    }

    /// The birth curve.
    pub fn births(&self) -> Births {
        self.births
    }

    fn sub(&self, salt: u64) -> u64 {
        mix64(self.stream ^ salt.wrapping_mul(GOLDEN_GAMMA))
    }

    /// The step at which entity `k` is inserted; non-decreasing in `k`.
    #[inline]
    pub fn birth(&self, k: u64) -> u64 {
        if k < self.initial {
            return 0;
        }
        let n = self.entities - self.initial;
        let j = k - self.initial;
        let u = unit(row_seed(self.sub(1), k));
        let y = (j as f64 + u) / n as f64;
        let q = (self.births.inverse(y) * self.steps as f64) as u64;
        q.min(self.steps - 1)
    }

    /// The number of entities inserted at a step `< q`: they are keys `0..born_before(q)`.
    pub fn born_before(&self, q: u64) -> u64 {
        let (mut lo, mut hi) = (0u64, self.entities);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.birth(mid) < q {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The number of updates drawn for entity `k` (before truncation at the window end).
    #[inline]
    fn update_count(&self, k: u64) -> u64 {
        self.updates.count(self.sub(2), k).min(MAX_UPDATES)
    }

    /// Entity `k`'s history, written into `life` (its buffers reused).
    pub fn life_into(&self, k: u64, life: &mut Life) {
        let b = self.birth(k);
        life.starts.clear();
        life.starts.push(b);
        let mut rng = RowRng::new(self.sub(3), k);
        let room = self.steps - 1 - b;
        life.deleted = None;
        let mut end = self.steps;
        if rng.bernoulli(self.delete_share) && room > 0 {
            let d = b + 1 + (rng.next_f64() * room as f64) as u64;
            end = d.min(self.steps - 1);
            life.deleted = Some(end);
        }
        let count = self.update_count(k);
        let span = (end - b) as f64;
        let mut last = b;
        for j in 0..count {
            let x = (j as f64 + rng.next_f64()) / count as f64;
            let q = (b + (x * span) as u64).max(last + 1);
            if q >= end {
                break;
            }
            life.starts.push(q);
            last = q;
        }
        life.reborn = None;
        if let Some(d) = life.deleted
            && d + 1 < self.steps
            && self.reinsert_share > 0.0
        {
            let mut rng = RowRng::new(self.sub(5), k);
            if rng.bernoulli(self.reinsert_share) {
                let room = self.steps - 1 - d;
                life.reborn = Some(life.starts.len());
                life.starts
                    .push(d + 1 + (rng.next_f64() * room as f64) as u64);
            }
        }
    }

    /// Entity `k`'s history.
    pub fn life(&self, k: u64) -> Life {
        let mut life = Life::default();
        self.life_into(k, &mut life);
        life
    }

    /// The slots (bits, at most 64) that update `j` (1-based: version `j`) of entity `k`
    /// changes, of slots changing with probabilities `p` (all > 0): each slot independently
    /// with its probability; when that chooses none, one slot drawn in proportion to them,
    /// so every update changes something.
    #[inline]
    pub fn changed_slots(&self, k: u64, j: u64, p: &[f64]) -> u64 {
        let salt = j.wrapping_mul(GOLDEN_GAMMA);
        let mut mask = 0u64;
        for (s, (&q, &stream)) in p.iter().zip(&self.slot_streams).enumerate() {
            let h = mix64(row_seed(stream, k) ^ salt);
            if unit(h) < q {
                mask |= 1 << s;
            }
        }
        if mask != 0 || p.is_empty() {
            return mask;
        }
        let total: f64 = p.iter().take(64).sum();
        let mut x = unit(mix64(row_seed(self.sub(3), k) ^ salt)) * total;
        let last = p.len().min(64) - 1;
        for (s, &q) in p.iter().enumerate().take(64) {
            if x < q || s == last {
                return 1 << s;
            }
            x -= q;
        }
        0
    }

    /// Whether update `j` of entity `k` changes slot `slot` (see [`Self::changed_slots`]).
    #[inline]
    pub fn changes(&self, k: u64, j: u64, slot: usize, p: &[f64]) -> bool {
        slot < 64 && self.changed_slots(k, j, p) >> slot & 1 == 1
    }

    /// For every slot, the version whose value it holds at version `v` of entity `k`: the
    /// last update `<= v` that changed it, or 0 (the inserted value); written into `out`.
    pub fn value_versions(&self, k: u64, v: u64, p: &[f64], out: &mut [u64]) {
        out.fill(0);
        for j in 1..=v {
            let mut mask = self.changed_slots(k, j, p);
            while mask != 0 {
                let s = mask.trailing_zeros() as usize;
                if let Some(o) = out.get_mut(s) {
                    *o = j;
                }
                mask &= mask - 1;
            }
        }
    }

    /// The first version after `v` (up to `last`, inclusive) that changes slot `slot`.
    pub fn next_change(&self, k: u64, v: u64, last: u64, slot: usize, p: &[f64]) -> Option<u64> {
        (v + 1..=last).find(|&j| self.changes(k, j, slot, p))
    }

    /// The stream a column draws version `version` of its values from: version 0 is the
    /// column's own stream, so the inserted rows are the declared table's rows.
    #[inline]
    pub fn version_stream(stream: u64, version: u64) -> u64 {
        if version == 0 {
            stream
        } else {
            mix64(stream ^ mix64(version.wrapping_mul(GOLDEN_GAMMA) ^ 0x5EED_C0DE))
        }
    }

    /// A uniform draw in `[0, 1)` for (salt, a, b): delivery delays and duplicates.
    #[inline]
    pub fn draw(&self, salt: u64, a: u64, b: u64) -> f64 {
        unit(mix64(
            row_seed(self.sub(1000 + salt), a) ^ b.wrapping_mul(GOLDEN_GAMMA),
        ))
    }
}

#[inline]
fn unit(h: u64) -> f64 {
    (h >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(births: Births, initial: u64, deletes: f64) -> Lifecycle {
        let updates = FanCount::poisson(3.0).unwrap();
        Lifecycle::new(
            10_000,
            initial,
            1_000_000,
            births,
            updates,
            (deletes, 0.5),
            7,
        )
    }

    #[test]
    fn births_are_monotone_and_born_before_is_their_inverse() {
        for births in [Births::Uniform, Births::Growing] {
            let m = model(births, 500, 0.1);
            let mut last = 0;
            for k in 0..m.entities() {
                let b = m.birth(k);
                assert!(b >= last, "{births:?} k={k}");
                last = b;
            }
            assert_eq!(m.born_before(0), 0);
            assert_eq!(m.born_before(1), 500.max(m.born_before(1)));
            for q in [1, 10, 1000, 250_000, 999_999, 1_000_000] {
                let n = m.born_before(q);
                assert!(n == 0 || m.birth(n - 1) < q);
                assert!(n == m.entities() || m.birth(n) >= q);
            }
        }
    }

    #[test]
    fn lives_are_strictly_increasing_and_deletes_come_last() {
        let m = model(Births::Uniform, 0, 0.3);
        let mut deleted = 0;
        let mut updates = 0;
        for k in 0..m.entities() {
            let life = m.life(k);
            assert!(life.starts.windows(2).all(|w| w[0] < w[1]));
            if let Some(d) = life.deleted {
                deleted += 1;
                assert!(d > life.starts[life.first_life() - 1]);
                assert!(d < m.steps());
                if let Some(r) = life.reborn {
                    assert!(life.starts[r] > d && r + 1 == life.starts.len());
                }
            } else {
                assert!(life.reborn.is_none());
            }
            assert!(*life.starts.last().unwrap() < m.steps());
            updates += life.first_life() as u64 - 1;
        }
        // 10,000 Bernoulli(0.3): sd 45.8; 6 sd.
        assert!((deleted as f64 - 3000.0).abs() < 6.0 * 45.9, "{deleted}");
        // Poisson(3) per entity, sum sd sqrt(30000) = 173.
        assert!((updates as f64 - 30_000.0).abs() < 6.0 * 173.3, "{updates}");
    }

    #[test]
    fn value_versions_follow_changes() {
        let m = model(Births::Uniform, 0, 0.0);
        let p = [0.1, 0.4, 0.2];
        let mut out = [0u64; 3];
        for k in 0..100 {
            for v in 0..6 {
                m.value_versions(k, v, &p, &mut out);
                for (s, &e) in out.iter().enumerate() {
                    assert!(e <= v);
                    assert!(e == 0 || m.changes(k, e, s, &p));
                    assert!((e + 1..=v).all(|j| !m.changes(k, j, s, &p)));
                }
            }
            for j in 1..6 {
                // Every update changes at least one slot.
                assert!(m.changed_slots(k, j, &p) != 0);
            }
        }
        assert_eq!(Lifecycle::version_stream(9, 0), 9);
        assert_ne!(Lifecycle::version_stream(9, 1), 9);
    }
}
