//! Rewriting a column expression's generator call sites into hidden helper columns.
//!
//! Every generator call site (a call to a name in `GENERATOR_NAMES`) becomes a helper built
//! with `build_generator` from its constant-folded arguments, whose stream is that of (user
//! column, call position); a relation call becomes the helpers of [`super::relations`];
//! `nullify(e, p)` and `NULL p PERCENT` become `CASE WHEN <bernoulli(p) helper> THEN NULL
//! ELSE e END`. What remains is ordinary SQL over the helpers and the other columns.
//!
//! Call positions count generator calls in post-order (arguments before the call, left to
//! right); a `nullify`'s own mask comes after the calls inside it, and `NULL p PERCENT`'s
//! mask after all calls of the column, so adding nulls never changes the non-null values.

use std::ops::ControlFlow;
use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{DataFusionError, Result, ScalarValue};
use datafusion::sql::sqlparser::ast::{Expr as SqlExpr, visit_expressions_mut};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::parser::Parser;

use super::call::{call_args, check_constant_args, column_name, fold_constant};
use super::names::{NULLIFY, RELATIONS, build_generator, generator_name, generator_spec};
use super::relations::relation;
use super::scope::{ColumnScope, helper_ref};
use super::spec::ColumnSpec;
use crate::functions::ColumnFunction;

/// One column after rewriting its call sites (the helpers are in its [`ColumnScope`]).
pub(super) struct Rewritten {
    /// The expression over the helpers and the other columns.
    pub expr: SqlExpr,
    /// The column is exactly one generator call (the first helper).
    pub direct: bool,
}

/// Replaces every generator call site of the column `cx` plans by a helper.
pub(super) fn rewrite_column(cx: &mut ColumnScope<'_, '_>, c: &ColumnSpec) -> Result<Rewritten> {
    check_constant_args(cx.col, &c.expr)?;
    let mut expr = c.expr.clone();
    let flow = visit_expressions_mut(&mut expr, |e| {
        let SqlExpr::Function(f) = e else {
            return ControlFlow::Continue(());
        };
        let Some(name) = generator_name(f) else {
            return ControlFlow::Continue(());
        };
        let result = call_site(cx, &name, f);
        match result {
            Ok(replacement) => {
                *e = replacement;
                ControlFlow::Continue(())
            }
            Err(err) => ControlFlow::Break(err),
        }
    });
    if let ControlFlow::Break(e) = flow {
        return Err(e);
    }
    let mut inner = &expr;
    while let SqlExpr::Nested(e) = inner {
        inner = e;
    }
    let mut direct = cx.helpers.len() == 1
        && matches!(inner, SqlExpr::Identifier(i) if i.value == cx.helpers[0].name);
    if let Some(percent) = c.null_percent {
        if c.not_null {
            return Err(DataFusionError::Plan(format!(
                "column '{}' is declared NOT NULL but has NULL {percent} PERCENT",
                cx.col
            )));
        }
        let mask = bernoulli(percent / 100.0).map_err(|e| cx.wrap(e))?;
        let mask = cx.add(mask, vec![]);
        expr = null_when(&mask, &expr)?;
        direct = false;
    }
    Ok(Rewritten { expr, direct })
}

/// The helper reference (or null-masked expression) replacing one call site.
fn call_site(
    cx: &mut ColumnScope<'_, '_>,
    name: &str,
    f: &datafusion::sql::sqlparser::ast::Function,
) -> Result<SqlExpr> {
    let args = call_args(cx.col, name, f)?;
    if name == NULLIFY {
        let [value, p] = args.as_slice() else {
            return Err(cx.error(format!(
                "nullify(expr, p) takes 2 arguments, got {}",
                args.len()
            )));
        };
        let p_value = fold_constant(cx, name, 2, p)?;
        let p = match p_value.cast_to(&DataType::Float64) {
            Ok(ScalarValue::Float64(Some(x))) if (0.0..=1.0).contains(&x) => x,
            _ => return Err(cx.arg_error("nullify", "p", p_value, "a number in [0, 1]")),
        };
        let mask = bernoulli(p).map_err(|e| cx.wrap(e))?;
        let mask = cx.add(mask, vec![]);
        return null_when(&mask, value);
    }
    if RELATIONS.contains(&name) {
        return relation(cx, name, &args);
    }
    let spec = generator_spec(name);
    let column_args = spec.map_or(&[][..], |g| g.column_args);
    let mut values = Vec::with_capacity(args.len());
    let mut columns = Vec::with_capacity(args.len());
    let mut inputs = Vec::new();
    for (i, a) in args.iter().enumerate() {
        match column_name(a).filter(|_| column_args.contains(&i)) {
            Some(ident) => {
                let arg = cx.column_arg(name, i, ident)?;
                inputs.push(arg.name.clone());
                values.push(ScalarValue::Null);
                columns.push(Some(arg));
            }
            None => {
                values.push(fold_constant(cx, name, i + 1, a)?);
                columns.push(None);
            }
        }
    }
    let function = match spec {
        Some(spec) => spec.build_with_columns(&values, &columns),
        None => build_generator(name, &values),
    }
    .map_err(|e| cx.wrap(e))?;
    Ok(cx.add_ref(function, inputs))
}

/// `CASE WHEN <mask> THEN NULL ELSE (expr) END`.
fn null_when(mask: &str, expr: &SqlExpr) -> Result<SqlExpr> {
    let text = format!("CASE WHEN {} THEN NULL ELSE ({expr}) END", helper_ref(mask));
    Parser::new(&GenericDialect {})
        .try_with_sql(&text)
        .and_then(|mut p| p.parse_expr())
        .map_err(|e| DataFusionError::Plan(format!("cannot build the null mask: {e}")))
}

fn bernoulli(p: f64) -> Result<Arc<dyn ColumnFunction>> {
    build_generator("bernoulli", &[ScalarValue::Float64(Some(p))])
}
