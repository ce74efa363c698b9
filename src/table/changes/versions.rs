//! Evaluating a changing table's rows at given versions: row `i` is entity `keys[i]` as it
//! stands after update `versions[i]` (0: as inserted, the declared table's row).
//!
//! Each column holds, at version `v`, the value of the last version `<= v` that changed
//! it: its *value version*. An update changes a column with the column's probability
//! (helpers with their owner), and a column computed from other columns changes whenever
//! one of them does, so an email made from a name follows the name. Value version `e` of a
//! column is the column's own expression evaluated on the entity's row with the stream of
//! version `e` ([`Lifecycle::version_stream`]); rows of one batch with different value
//! versions are evaluated in groups and interleaved back. Foreign keys into a parent that
//! changes too are then made to point at parents alive while the value holds
//! ([`super::liveness`]).

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, RecordBatch, RecordBatchOptions, UInt32Array};
use datafusion::arrow::compute::{interleave, take};
use datafusion::common::{Result, exec_err};

use super::super::model::{EvalPlan, SyntheticTable};
use super::liveness::keep_parents_alive;
use super::model::ChangeModel;
use crate::functions::Rows;
use crate::generate::lifecycle::{Life, Lifecycle};

/// Evaluates `plan` for entity `keys[i]` at version `versions[i]`.
pub fn evaluate_versions(
    table: &SyntheticTable,
    model: &ChangeModel,
    plan: &EvalPlan,
    keys: &[u64],
    versions: &[u64],
) -> Result<RecordBatch> {
    if keys.len() != versions.len() {
        return exec_err!("{} keys for {} versions", keys.len(), versions.len());
    }
    let columns = table.resolved();
    let n = keys.len();
    // Every row's value version of every slot, from one pass over its updates.
    let slots = model.slots();
    let mut by_slot = vec![0u64; n * slots];
    if slots > 0 {
        for (i, row) in by_slot.chunks_mut(slots).enumerate() {
            model.value_versions(keys[i], versions[i], row);
        }
    }
    // A re-insert is a new entity under the same key: every column takes its version.
    let reborn: Vec<bool> = if model.options().reinserts > 0.0 {
        let mut life = Life::default();
        (0..n)
            .map(|i| {
                model.lifecycle().life_into(keys[i], &mut life);
                life.reborn == Some(versions[i] as usize)
            })
            .collect()
    } else {
        vec![false; n]
    };
    let mut value_versions: Vec<Option<Vec<u64>>> = vec![None; columns.len()];
    let mut values: Vec<Option<ArrayRef>> = vec![None; columns.len()];
    for &c in &plan.steps {
        let col = &columns[c];
        let mut e: Vec<u64> = match model.slot_of(c) {
            Some(s) => (0..n).map(|i| by_slot[i * slots + s]).collect(),
            None => vec![0; n],
        };
        for (i, r) in reborn.iter().enumerate() {
            if *r {
                e[i] = versions[i];
            }
        }
        for &input in &col.inputs {
            let Some(ie) = &value_versions[input] else {
                return exec_err!("column '{}' evaluated before its input", col.def.name);
            };
            for (a, b) in e.iter_mut().zip(ie) {
                *a = (*a).max(*b);
            }
        }
        let mut inputs: Vec<ArrayRef> = Vec::with_capacity(col.inputs.len());
        for &input in &col.inputs {
            match &values[input] {
                Some(a) => inputs.push(Arc::clone(a)),
                None => return exec_err!("column '{}' evaluated before its input", col.def.name),
            }
        }
        let array = evaluate_grouped(table, model, c, keys, &e, &inputs)?;
        if array.len() != n {
            return exec_err!(
                "column '{}' produced {} values for {} rows",
                col.def.name,
                array.len(),
                n
            );
        }
        values[c] = Some(array);
        value_versions[c] = Some(e);
    }
    let mut out = Vec::with_capacity(plan.output.len());
    for &c in &plan.output {
        match &values[c] {
            Some(a) => out.push(Arc::clone(a)),
            None => return exec_err!("column '{}' was not evaluated", columns[c].def.name),
        }
    }
    let options = RecordBatchOptions::new().with_row_count(Some(n));
    Ok(RecordBatch::try_new_with_options(
        Arc::clone(plan.schema()),
        out,
        &options,
    )?)
}

/// Column `c` for entity `keys[i]` at value version `e[i]`, grouping rows by version.
fn evaluate_grouped(
    table: &SyntheticTable,
    model: &ChangeModel,
    c: usize,
    keys: &[u64],
    e: &[u64],
    inputs: &[ArrayRef],
) -> Result<ArrayRef> {
    let col = &table.resolved()[c];
    let first = e.first().copied().unwrap_or(0);
    if e.iter().all(|&v| v == first) {
        let stream = Lifecycle::version_stream(col.stream, first);
        let array = col
            .def
            .function
            .evaluate(&Rows::Indices(keys), stream, inputs)?;
        return keep_parents_alive(table, model, c, keys, e, array);
    }
    let groups = group_rows(e);
    let mut pieces: Vec<ArrayRef> = Vec::with_capacity(groups.versions.len());
    let mut at: Vec<(usize, usize)> = vec![(0, 0); e.len()];
    for (g, &version) in groups.versions.iter().enumerate() {
        let rows = &groups.order[groups.starts[g]..groups.starts[g + 1]];
        for (j, &i) in rows.iter().enumerate() {
            at[i as usize] = (g, j);
        }
        let sub_keys: Vec<u64> = rows.iter().map(|&i| keys[i as usize]).collect();
        let sub_e = vec![version; rows.len()];
        let index = UInt32Array::from(rows.to_vec());
        let sub_inputs = inputs
            .iter()
            .map(|a| take(a.as_ref(), &index, None))
            .collect::<Result<Vec<_>, _>>()?;
        let stream = Lifecycle::version_stream(col.stream, version);
        let piece = col
            .def
            .function
            .evaluate(&Rows::Indices(&sub_keys), stream, &sub_inputs)?;
        pieces.push(keep_parents_alive(
            table, model, c, &sub_keys, &sub_e, piece,
        )?);
    }
    let refs: Vec<&dyn Array> = pieces.iter().map(|a| a.as_ref()).collect();
    Ok(interleave(&refs, &at)?)
}

/// Rows grouped by value version: `versions[g]` ascending, and the rows of group `g`
/// (ascending) at `order[starts[g]..starts[g + 1]]`.
struct Groups {
    versions: Vec<u64>,
    starts: Vec<usize>,
    order: Vec<u32>,
}

/// Groups the rows of `e` by version in linear time when the versions are small (they are
/// update counts: a direct table up to the larger of 4096 and the row count), otherwise
/// by sorting the distinct versions.
fn group_rows(e: &[u64]) -> Groups {
    let max = e.iter().copied().max().unwrap_or(0);
    let group_of: Vec<usize>;
    let versions: Vec<u64>;
    if max < (e.len() as u64).max(4096) {
        let mut slot = vec![u32::MAX; max as usize + 1];
        for &v in e {
            slot[v as usize] = 0;
        }
        let mut vs = Vec::new();
        for (v, s) in slot.iter_mut().enumerate() {
            if *s == 0 {
                *s = vs.len() as u32;
                vs.push(v as u64);
            }
        }
        group_of = e.iter().map(|&v| slot[v as usize] as usize).collect();
        versions = vs;
    } else {
        let mut vs = e.to_vec();
        vs.sort_unstable();
        vs.dedup();
        group_of = e
            .iter()
            .map(|v| vs.binary_search(v).unwrap_or_default())
            .collect();
        versions = vs;
    }
    let mut starts = vec![0usize; versions.len() + 1];
    for &g in &group_of {
        starts[g + 1] += 1;
    }
    for g in 0..versions.len() {
        starts[g + 1] += starts[g];
    }
    let mut next = starts.clone();
    let mut order = vec![0u32; e.len()];
    for (i, &g) in group_of.iter().enumerate() {
        order[next[g]] = i as u32;
        next[g] += 1;
    }
    Groups {
        versions,
        starts,
        order,
    }
}

#[cfg(test)]
mod tests {
    use super::group_rows;

    #[test]
    fn rows_are_grouped_by_version_in_order() {
        for e in [
            vec![2u64, 0, 2, 1, 0, 7],
            vec![5_000_000, 3, 5_000_000, 3, 9],
        ] {
            let g = group_rows(&e);
            let mut want: Vec<u64> = e.clone();
            want.sort_unstable();
            want.dedup();
            assert_eq!(g.versions, want);
            for (k, &v) in g.versions.iter().enumerate() {
                let rows: Vec<u32> = (0..e.len() as u32)
                    .filter(|&i| e[i as usize] == v)
                    .collect();
                assert_eq!(&g.order[g.starts[k]..g.starts[k + 1]], rows.as_slice());
            }
        }
    }
}
