//! The rows of the entity-ordered views: one per version (the SCD type 2 history) or one
//! per entity alive at a time (the snapshot), with the times each version holds.
//!
//! Times are compared in microseconds, the unit the views show: a version holds at `t`
//! when it started at or before `t` and its successor (update or delete) did not.

use std::ops::Range;

use crate::generate::lifecycle::Life;

use super::model::ChangeModel;

/// One row: entity `key` at version `version`, holding from `from_us` until `to_us`
/// (microseconds since the epoch; `None` while current).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionRow {
    pub key: u64,
    pub version: u64,
    pub from_us: i64,
    pub to_us: Option<i64>,
}

/// Microseconds of a time in nanoseconds (floor).
pub(super) fn micros(ns: i64) -> i64 {
    ns.div_euclid(1000)
}

/// The versions of every entity in `keys`, in (key, version) order.
pub fn history_rows(model: &ChangeModel, keys: Range<u64>) -> Vec<VersionRow> {
    let life = model.lifecycle();
    let mut buf = Life::default();
    let mut out = Vec::new();
    for key in keys {
        life.life_into(key, &mut buf);
        for v in 0..buf.starts.len() {
            out.push(VersionRow {
                key,
                version: v as u64,
                from_us: micros(model.time_ns(buf.starts[v], key)),
                to_us: buf.end_of(v).map(|q| micros(model.time_ns(q, key))),
            });
        }
    }
    out
}

/// The version of every entity in `keys` that holds at `at_us`, for those alive then.
pub fn snapshot_rows(model: &ChangeModel, keys: Range<u64>, at_us: i64) -> Vec<VersionRow> {
    let life = model.lifecycle();
    let mut buf = Life::default();
    let mut out = Vec::new();
    for key in keys {
        if micros(model.time_ns(life.birth(key), key)) > at_us {
            break; // births are monotone in the key
        }
        life.life_into(key, &mut buf);
        if let Some(d) = buf.deleted
            && micros(model.time_ns(d, key)) <= at_us
        {
            // Deleted by then: alive again only if re-inserted by then.
            match buf.reborn {
                Some(r) if micros(model.time_ns(buf.starts[r], key)) <= at_us => {
                    out.push(VersionRow {
                        key,
                        version: r as u64,
                        from_us: micros(model.time_ns(buf.starts[r], key)),
                        to_us: None,
                    });
                }
                _ => {}
            }
            continue;
        }
        let v = buf
            .starts
            .iter()
            .rposition(|&q| micros(model.time_ns(q, key)) <= at_us)
            .unwrap_or(0);
        out.push(VersionRow {
            key,
            version: v as u64,
            from_us: micros(model.time_ns(buf.starts[v], key)),
            to_us: None,
        });
    }
    out
}
