//! Foreign keys between tables that both change: a child row's pick of a parent row must
//! name a parent that is alive (inserted, not yet deleted) for as long as the pick holds —
//! from the child version that drew it until the child version that changes it, the
//! child's delete or the end of the window. Then no event and no snapshot of the child
//! ever references a parent that does not exist at that time.
//!
//! A pick of a parent born later is folded onto the parents born by then (`pick mod
//! born`); a pick of a parent deleted too early is drawn again, uniformly among those
//! born, from the child row's own stream (up to [`REDRAWS`] times), then searched
//! downwards. All of it is a pure function of (child entity, value version), so every
//! view and every partitioning gets the same parents.

use std::sync::Arc;

use datafusion::arrow::array::{ArrayRef, AsArray, Int64Array};
use datafusion::arrow::datatypes::Int64Type;
use datafusion::common::{Result, exec_err};

use super::super::model::SyntheticTable;
use super::super::relation::pick::ParentRow;
use super::model::ChangeModel;
use crate::generate::lifecycle::Life;
use crate::generate::{RowRng, stream_seed};

/// Redraws of a pick whose parent is deleted too early, before searching.
const REDRAWS: u64 = 32;

/// The most parents searched after the redraws.
const SEARCH: u64 = 1 << 20;

/// `array`, the values of column `c` for entities `keys` at value versions `e`, with every
/// pick of a changing parent made alive (see the module docs); other columns unchanged.
pub(super) fn keep_parents_alive(
    table: &SyntheticTable,
    model: &ChangeModel,
    c: usize,
    keys: &[u64],
    e: &[u64],
    array: ArrayRef,
) -> Result<ArrayRef> {
    let col = &table.resolved()[c];
    let Some(pick) = col
        .def
        .function
        .as_any()
        .and_then(|a| a.downcast_ref::<ParentRow>())
    else {
        return Ok(array);
    };
    let Some(parent) = pick.parent_changes() else {
        return Ok(array);
    };
    let Some(values) = array.as_primitive_opt::<Int64Type>() else {
        return Ok(array);
    };
    let life = model.lifecycle();
    let mut child = Life::default();
    let mut scratch = Life::default();
    let mut out = Vec::with_capacity(values.len());
    for (i, &k) in keys.iter().enumerate() {
        let picked = values.value(i);
        if picked < 0 || picked as u64 >= pick.parents() {
            out.push(picked); // a deliberate orphan
            continue;
        }
        life.life_into(k, &mut child);
        let v = (e[i] as usize).min(child.starts.len() - 1);
        let from = model.time_ns(child.starts[v], k);
        // A value of the first life holds until the column changes or the delete; the
        // re-inserted version to the end.
        let until = if v < child.first_life() {
            let last = child.first_life() as u64 - 1;
            match model.next_change(c, k, v as u64, last) {
                Some(j) => Some(model.time_ns(child.starts[j as usize], k)),
                None => child.deleted.map(|d| model.time_ns(d, k)),
            }
        } else {
            None
        };
        let draw = RowRng::new(stream_seed(col.stream, "$alive", v as u32), k);
        match alive_parent(parent, picked as u64, from, until, draw, &mut scratch) {
            Some(j) => out.push(j as i64),
            None => {
                return exec_err!(
                    "table '{}': no row of parent '{}' is alive from {} to {} for row {k} (counting from 0) of column '{}'; let the parent exist from the start of its history (WITH (initial = …)) or start the child's history later",
                    table.name(),
                    pick.parent_name(),
                    show_ns(from),
                    until.map_or("the end".to_string(), show_ns),
                    col.def.name
                );
            }
        }
    }
    Ok(Arc::new(Int64Array::from(out)))
}

/// A parent alive from `from` until `until` (nanoseconds; `None`: to the end), starting
/// from `picked`.
fn alive_parent(
    parent: &ChangeModel,
    picked: u64,
    from: i64,
    until: Option<i64>,
    mut draw: RowRng,
    scratch: &mut Life,
) -> Option<u64> {
    let life = parent.lifecycle();
    let born = life.born_before(parent.step_after(from));
    if born == 0 {
        return None;
    }
    let mut alive = |j: u64| {
        life.life_into(j, scratch);
        let first = parent.time_ns(scratch.starts[0], j) <= from
            && match (scratch.deleted, until) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(d), Some(u)) => parent.time_ns(d, j) >= u,
            };
        // Or alive in its second life, which lasts to the end.
        first
            || scratch
                .reborn
                .is_some_and(|r| parent.time_ns(scratch.starts[r], j) <= from)
    };
    let mut candidate = picked % born;
    for _ in 0..REDRAWS {
        if alive(candidate) {
            return Some(candidate);
        }
        candidate = crate::generate::tabular::below(&mut draw, born);
    }
    (0..born.min(SEARCH))
        .map(|d| (candidate + born - d % born) % born)
        .find(|&j| alive(j))
}

fn show_ns(ns: i64) -> String {
    datafusion::arrow::temporal_conversions::timestamp_ns_to_datetime(ns)
        .map_or(ns.to_string(), |t| {
            t.format("%Y-%m-%dT%H:%M:%S%.9fZ").to_string()
        })
}
