//! Related tables in column expressions, without materializing the parent:
//!
//! * `parent_row(parent [, distribution [, s]])`: a `BIGINT` row index of the parent table
//!   (0-based), picked from the column's own stream: `'uniform'` (default), `'zipf'` with
//!   exponent `s` (parent row 0 the most referenced) or `'sequential'` (round-robin);
//! * `lookup(parent, column, pick)`: the parent's `column` evaluated at the row a `BIGINT`
//!   column `pick` names (a NULL pick gives NULL);
//! * `foreign_key(parent, key [, distribution [, s]])`: `lookup` of the parent's key at a
//!   `parent_row` of its own — every value exists in the parent, whatever the key's
//!   expression;
//! * `orphan_key(parent, key, share [, distribution [, s]])`: a foreign key of which a
//!   `share` of rows deliberately reference no parent (the key at a row past the parent's
//!   end; keys with distinct rows only);
//! * `self_key(key [, window])`: the table's own `key` column at an earlier row (a manager).
//!
//! [`relation`] turns such a call into hidden helper columns for the DDL planner.
//!
//! The parent is resolved in the session when the child is created and captured: dropping
//! or replacing it later does not change the child.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::catalog::TableProvider;
use datafusion::common::utils::datafusion_strsim::levenshtein;
use datafusion::common::{DataFusionError, Result, ScalarValue, TableReference, plan_err};
use datafusion::execution::SessionState;
use datafusion::sql::sqlparser::ast::Expr as SqlExpr;
use futures::FutureExt;

use super::call::{column_name, fold_constant};
use super::scope::{ColumnScope, message};
use super::spec::FanoutSpec;
use crate::exec::SyntheticTableProvider;
use crate::generate::fanout::FanOut;
use crate::table::SyntheticTable;
use crate::table::relation::{
    FanoutColumn, FanoutValue, Lookup, Orphans, ParentRow, PickDistribution, SelfKey, fanout_index,
};

/// The synthetic table `name` of the session, captured as it is now, for `function` of
/// the column.
fn parent_table(
    cx: &ColumnScope<'_, '_>,
    function: &str,
    name: &str,
) -> Result<Arc<SyntheticTable>> {
    let context = format!("column '{}': {function}()", cx.col);
    resolve_parent(cx.scope.state, &context, name)
}

/// The fan-out index of a one-to-many child table `table` (`WITH (parent = …, count = …)`)
/// with seed `seed`; and the parent.
pub(super) fn child_index(
    state: &SessionState,
    table: &str,
    spec: &FanoutSpec,
    seed: u64,
) -> Result<(Arc<FanOut>, Arc<SyntheticTable>)> {
    let context = format!("table '{table}': WITH (parent)");
    let parent = resolve_parent(state, &context, &spec.parent)?;
    let index = fanout_index(parent.rows(), &spec.count, seed)
        .map_err(|e| DataFusionError::Plan(format!("table '{table}': WITH (count): {e}")))?;
    if index.total() == 0 {
        return plan_err!(
            "table '{table}': WITH (count = '{}') gives no child rows over the {} rows of '{}'; a table needs at least one row",
            spec.count,
            parent.rows(),
            spec.parent
        );
    }
    Ok((Arc::new(index), parent))
}

/// The synthetic table `name`; errors start with `context`.
fn resolve_parent(state: &SessionState, context: &str, name: &str) -> Result<Arc<SyntheticTable>> {
    resolve_table(state, context, "parent table", name)
}

/// The table registered as `name` (a `role` such as `parent table`), of any kind; errors
/// start with `context` and suggest a close name.
pub(crate) fn resolve_provider(
    state: &SessionState,
    context: &str,
    role: &str,
    name: &str,
) -> Result<Arc<dyn TableProvider>> {
    let catalog = &state.config_options().catalog;
    let resolved =
        TableReference::from(name).resolve(&catalog.default_catalog, &catalog.default_schema);
    let schema = match state.schema_for_ref(TableReference::from(name)) {
        Ok(s) => s,
        Err(_) => {
            return plan_err!(
                "{context}: {role} '{name}' not found (no schema {}.{})",
                resolved.catalog,
                resolved.schema
            );
        }
    };
    // `table_exist` first: a schema that resolves unknown names asynchronously (e.g.
    // DataFusion's URL tables) would otherwise be asked to open a file named like the table.
    let lookup = if schema.table_exist(&resolved.table) {
        schema.table(&resolved.table).now_or_never()
    } else {
        Some(Ok(None))
    };
    let provider: Arc<dyn TableProvider> = match lookup {
        Some(Ok(Some(t))) => t,
        Some(Ok(None)) => {
            let hint = schema
                .table_names()
                .into_iter()
                .map(|t| (levenshtein(&t, &resolved.table), t))
                .filter(|(d, _)| *d <= 2)
                .min()
                .map(|(_, t)| format!("; did you mean '{t}'?"))
                .unwrap_or_default();
            return plan_err!("{context}: {role} '{name}' not found{hint}");
        }
        Some(Err(e)) => return Err(e),
        None => {
            return plan_err!(
                "{context}: the catalog holding '{name}' answers asynchronously; a {role} must live in an in-memory schema"
            );
        }
    };
    Ok(provider)
}

/// The synthetic table `name` (a `role` such as `parent table`); errors start with
/// `context`.
pub(crate) fn resolve_table(
    state: &SessionState,
    context: &str,
    role: &str,
    name: &str,
) -> Result<Arc<SyntheticTable>> {
    let provider = resolve_provider(state, context, role, name)?;
    match provider.downcast_ref::<SyntheticTableProvider>() {
        Some(p) => Ok(Arc::clone(p.table())),
        None => plan_err!(
            "{context}: table '{name}' is not a synthetic table; a {} must be created with CREATE SYNTHETIC TABLE (or spider())",
            role.strip_suffix(" table").unwrap_or(role)
        ),
    }
}

/// The pick distribution of `parent_row`/`foreign_key` from its optional arguments.
fn pick_distribution(
    cx: &ColumnScope<'_, '_>,
    function: &str,
    args: &[ScalarValue],
) -> Result<PickDistribution> {
    let text = |v: &ScalarValue| match v {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::Utf8View(Some(s))
        | ScalarValue::LargeUtf8(Some(s)) => Some(s.to_ascii_lowercase()),
        _ => None,
    };
    let exponent = |param: &str, v: &ScalarValue| match v.cast_to(&DataType::Float64) {
        Ok(ScalarValue::Float64(Some(x))) if x.is_finite() && x > 0.0 && x <= 1e6 => Ok(x),
        _ => Err(cx.arg_error(function, param, v, "a number in (0, 1e6]")),
    };
    let allowed = "'uniform', 'zipf' (with an exponent s > 0), 'pareto' (with a shape alpha > 0), 'weighted' (with a numeric column of the parent) or 'sequential'";
    match args {
        [] => Ok(PickDistribution::Uniform),
        [d] if text(d).as_deref() == Some("pareto") => Ok(PickDistribution::Pareto(1.16)),
        [d, a] if text(d).as_deref() == Some("pareto") => {
            Ok(PickDistribution::Pareto(exponent("alpha", a)?))
        }
        [d, w] if text(d).as_deref() == Some("weighted") => match text(w) {
            // The column name as written (not lower-cased).
            Some(_) => Ok(PickDistribution::Weighted(name_arg(
                cx,
                function,
                "weight column",
                w,
            )?)),
            None => Err(cx.error(format!(
                "{function}(): 'weighted' needs the name of a numeric column of the parent in quotes, got {w}"
            ))),
        },
        [d] if text(d).as_deref() == Some("weighted") => Err(cx.error(format!(
            "{function}(): 'weighted' needs the name of a numeric column of the parent, e.g. 'weighted', 'population'"
        ))),
        [d] if text(d).as_deref() == Some("uniform") => Ok(PickDistribution::Uniform),
        [d] if text(d).as_deref() == Some("sequential") => Ok(PickDistribution::Sequential),
        [d] if text(d).as_deref() == Some("zipf") => Ok(PickDistribution::Zipf(1.0)),
        [d, s] if text(d).as_deref() == Some("zipf") => {
            Ok(PickDistribution::Zipf(exponent("s", s)?))
        }
        [d, ..] => {
            let extra = args.len() > 2
                || !matches!(text(d).as_deref(), Some("zipf" | "pareto" | "weighted"))
                    && args.len() > 1;
            let shown = text(d).map_or_else(|| d.to_string(), |t| format!("'{t}'"));
            let shown = if extra {
                format!("{shown} with extra arguments")
            } else {
                shown
            };
            Err(cx.arg_error(function, "distribution", shown, allowed))
        }
    }
}

/// The text of a table or column name argument.
fn name_arg(
    cx: &ColumnScope<'_, '_>,
    function: &str,
    what: &str,
    v: &ScalarValue,
) -> Result<String> {
    match v {
        ScalarValue::Utf8(Some(s))
        | ScalarValue::Utf8View(Some(s))
        | ScalarValue::LargeUtf8(Some(s))
            if !s.is_empty() =>
        {
            Ok(s.clone())
        }
        v => Err(cx.arg_error(function, what, v, "a name in quotes such as 'customers'")),
    }
}

/// A relation call (`parent_row`, `lookup`, `foreign_key`, `orphan_key`, `self_key`,
/// `fanout_parent`, `fanout_index`) as helpers of the column; returns the reference to the
/// helper holding its value.
pub(super) fn relation(
    cx: &mut ColumnScope<'_, '_>,
    name: &str,
    args: &[&SqlExpr],
) -> Result<SqlExpr> {
    if let Some(value) = match name {
        "fanout_parent" => Some(FanoutValue::Parent),
        "fanout_index" => Some(FanoutValue::Index),
        _ => None,
    } {
        let Some(index) = &cx.scope.fanout else {
            return Err(cx.error(format!(
                "{name}() belongs to a one-to-many child table, declared WITH (parent = 'orders', count = 'uniform(1, 7)')"
            )));
        };
        if !args.is_empty() {
            return Err(cx.error(format!("{name}() takes no arguments, got {}", args.len())));
        }
        let f = FanoutColumn::new(Arc::clone(index), value);
        return Ok(cx.add_ref(Arc::new(f), vec![]));
    }
    if name == "self_key" {
        return self_key(cx, args);
    }
    let usage = match name {
        "parent_row" => "parent_row(parent [, distribution [, parameter]])",
        "lookup" => "lookup(parent, column, pick)",
        "orphan_key" => "orphan_key(parent, key, share [, distribution [, parameter]])",
        _ => "foreign_key(parent, key [, distribution [, parameter]])",
    };
    let (min, max) = match name {
        "parent_row" => (1, 3),
        "lookup" => (3, 3),
        "orphan_key" => (3, 5),
        _ => (2, 4),
    };
    if !(min..=max).contains(&args.len()) {
        return Err(cx.error(format!(
            "{name}() takes {min} to {max} arguments, got {}; usage: {usage}",
            args.len()
        )));
    }
    let mut values = Vec::with_capacity(args.len());
    for (i, a) in args.iter().enumerate() {
        if name == "lookup" && i == 2 {
            values.push(ScalarValue::Null);
        } else {
            values.push(fold_constant(cx, name, i + 1, a)?);
        }
    }
    let parent_name = name_arg(cx, name, "parent", &values[0])?;
    let parent = parent_table(cx, name, &parent_name)?;
    cx.scope.note_parent(&parent_name, &parent);
    match name {
        "parent_row" => {
            let dist = pick_distribution(cx, name, &values[1..])?;
            let pick = ParentRow::new(&parent, dist).map_err(|e| cx.wrap(e))?;
            Ok(cx.add_ref(Arc::new(pick), vec![]))
        }
        "lookup" => {
            let column = name_arg(cx, name, "column", &values[1])?;
            let Some(ident) = column_name(args[2]) else {
                return Err(cx.error(format!(
                    "lookup(): invalid value for 'pick' (argument 3): {}; allowed: the name of a BIGINT parent_row column of the table",
                    args[2]
                )));
            };
            let pick = cx.column_arg(name, 2, ident)?;
            if !pick.data_type.is_integer() {
                return Err(cx.error(format!(
                    "lookup(): invalid value for 'pick': column {} of type {}; allowed: a BIGINT parent_row column",
                    pick.name, pick.data_type
                )));
            }
            let f = Lookup::new(parent, &column, pick.nullable).map_err(|e| cx.wrap(e))?;
            Ok(cx.add_ref(Arc::new(f), vec![pick.name]))
        }
        "orphan_key" => {
            let key = name_arg(cx, name, "key", &values[1])?;
            let share = match values[2].cast_to(&DataType::Float64) {
                Ok(ScalarValue::Float64(Some(x))) if (0.0..=1.0).contains(&x) => x,
                _ => return Err(cx.arg_error(name, "share", &values[2], "a number in [0, 1]")),
            };
            let dist = pick_distribution(cx, name, &values[3..])?;
            let phantom = orphan_rows(cx, &parent, &key)?;
            let orphans = Orphans {
                share,
                rows: phantom,
            };
            let pick = ParentRow::new(&parent, dist)
                .map_err(|e| cx.wrap(e))?
                .with_orphans(orphans);
            let f = Lookup::new(parent, &key, false)
                .map_err(|e| cx.wrap(e))?
                .with_phantom_rows(phantom);
            let pick = cx.add(Arc::new(pick), vec![]);
            Ok(cx.add_ref(Arc::new(f), vec![pick]))
        }
        _ => {
            let key = name_arg(cx, name, "key", &values[1])?;
            let dist = pick_distribution(cx, name, &values[2..])?;
            let pick = ParentRow::new(&parent, dist).map_err(|e| cx.wrap(e))?;
            let f = Lookup::new(parent, &key, false).map_err(|e| cx.wrap(e))?;
            let pick = cx.add(Arc::new(pick), vec![]);
            Ok(cx.add_ref(Arc::new(f), vec![pick]))
        }
    }
}

/// The phantom rows past the end of `parent` whose `key` values no parent row has: the
/// key's rows must be distinct (a `sequence`, a `unique_int`) and its domain must have room.
fn orphan_rows(cx: &ColumnScope<'_, '_>, parent: &SyntheticTable, key: &str) -> Result<u64> {
    let pname = parent.name();
    let Ok(index) = parent.schema().index_of(key) else {
        // Lookup::new names the parent's columns.
        return Ok(1);
    };
    let Some((distinct, function)) = parent.distinct_key(index) else {
        return Err(cx.error(format!(
            "orphan_key(): key '{key}' of '{pname}' is not a sequence or unique_int column, so no value is known to be absent from the parent; use a CASE expression over foreign_key() for other keys"
        )));
    };
    let rows = parent.rows();
    let phantom = rows.min(distinct.saturating_sub(rows));
    if phantom == 0 {
        return Err(cx.error(format!(
            "orphan_key(): key '{key}' of '{pname}' uses every value of its domain ({distinct} values over {rows} rows), so no value is left for an orphan; widen the key's range"
        )));
    }
    let end = rows.saturating_add(phantom);
    function.check_rows(end).map_err(|e| {
        cx.error(format!(
            "orphan_key(): key '{key}' of '{pname}' cannot be generated past the parent's rows for orphans: {}",
            message(e)
        ))
    })?;
    Ok(phantom)
}

/// `self_key(key [, window])`: the table's own `key` column (declared before, one
/// input-free generator call) at an earlier row.
fn self_key(cx: &mut ColumnScope<'_, '_>, args: &[&SqlExpr]) -> Result<SqlExpr> {
    let usage = "self_key(key [, window])";
    if !(1..=2).contains(&args.len()) {
        return Err(cx.error(format!(
            "self_key() takes 1 to 2 arguments, got {}; usage: {usage}",
            args.len()
        )));
    }
    let Some(ident) = column_name(args[0]) else {
        return Err(cx.error(format!(
            "self_key(): invalid value for 'key' (argument 1): {}; allowed: the name of a key column of the table",
            args[0]
        )));
    };
    let arg = cx.column_arg("self_key", 0, ident)?;
    let at = cx.scope.position(&arg.name).unwrap_or(usize::MAX);
    let function = match cx.scope.keys.get(at) {
        Some(Some(f)) => Arc::clone(f),
        Some(None) => {
            return Err(cx.error(format!(
                "self_key(): key column '{}' must be one generator call that reads no other column (such as sequence(1) or unique_int(1, 1000000000))",
                arg.name
            )));
        }
        None => {
            return Err(cx.error(format!(
                "self_key(): key column '{}' must be declared before '{}'",
                arg.name, cx.col
            )));
        }
    };
    let window = match args.get(1) {
        None => None,
        Some(w) => {
            let value = fold_constant(cx, "self_key", 2, w)?;
            Some(window_rows(&value).ok_or_else(|| {
                cx.arg_error(
                    "self_key",
                    "window",
                    w,
                    "an integer >= 1 (the rows before a row it picks from)",
                )
            })?)
        }
    };
    let f = SelfKey::new(&arg.name, function, cx.scope.seed, window);
    Ok(cx.add_ref(Arc::new(f), vec![]))
}

/// A window of `self_key`: an integer >= 1, given as an integer or an integral number
/// (never a fraction, which would be silently truncated).
fn window_rows(v: &ScalarValue) -> Option<u64> {
    if v.data_type().is_integer() {
        return match v.cast_to(&DataType::Int64) {
            Ok(ScalarValue::Int64(Some(w))) if w >= 1 => Some(w as u64),
            _ => None,
        };
    }
    match v.cast_to(&DataType::Float64) {
        Ok(ScalarValue::Float64(Some(x))) if x >= 1.0 && x.fract() == 0.0 && x < 9.2e18 => {
            Some(x as u64)
        }
        _ => None,
    }
}
