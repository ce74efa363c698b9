//! Reading generator calls in column expressions: which calls are generators, their
//! positional arguments, the check that arguments are constants (or column names where a
//! generator reads columns), constant folding, and the determinism check.

use std::ops::ControlFlow;
use std::sync::Arc;

use datafusion::arrow::array::{RecordBatch, RecordBatchOptions};
use datafusion::arrow::datatypes::Schema;
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::common::utils::datafusion_strsim::levenshtein;
use datafusion::common::{DFSchema, DFSchemaRef, DataFusionError, Result, ScalarValue, plan_err};
use datafusion::execution::SessionState;
use datafusion::logical_expr::simplify::SimplifyContext;
use datafusion::logical_expr::{Expr, Volatility};
use datafusion::optimizer::simplify_expressions::ExprSimplifier;
use datafusion::physical_expr::PhysicalExpr;
use datafusion::sql::sqlparser::ast::{
    Expr as SqlExpr, ExprWithAlias, Function, FunctionArg, FunctionArgExpr, FunctionArguments,
    Ident, visit_expressions,
};

use super::names::{GENERATOR_NAMES, NULLIFY, RELATIONS, column_args, generator_name};
use super::scope::{ColumnScope, message};

/// The positional arguments of a generator call; anything else is an error.
pub(super) fn call_args<'a>(col: &str, name: &str, f: &'a Function) -> Result<Vec<&'a SqlExpr>> {
    let clause = if f.over.is_some() {
        Some("OVER")
    } else if f.filter.is_some() {
        Some("FILTER")
    } else if f.null_treatment.is_some() {
        Some("IGNORE/RESPECT NULLS")
    } else if !f.within_group.is_empty() {
        Some("WITHIN GROUP")
    } else if !matches!(f.parameters, FunctionArguments::None) {
        Some("parameters")
    } else {
        None
    };
    if let Some(clause) = clause {
        return plan_err!("column '{col}': {name}() is a generator and takes no {clause} clause");
    }
    match &f.args {
        FunctionArguments::None => Ok(vec![]),
        FunctionArguments::Subquery(_) => {
            plan_err!("column '{col}': {name}() takes constant arguments, not a subquery")
        }
        FunctionArguments::List(list) => {
            if list.duplicate_treatment.is_some() || !list.clauses.is_empty() {
                return plan_err!(
                    "column '{col}': {name}() takes positional arguments only, got {}",
                    list
                );
            }
            list.args
                .iter()
                .map(|a| match a {
                    FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => Ok(e),
                    a => plan_err!(
                        "column '{col}': {name}() takes positional arguments only, got {a}"
                    ),
                })
                .collect()
        }
    }
}

/// The first column reference or generator call inside a generator argument, if any.
fn non_constant(arg: &SqlExpr) -> Option<String> {
    let found = visit_expressions(arg, |e| match e {
        SqlExpr::Identifier(_) | SqlExpr::CompoundIdentifier(_) => {
            ControlFlow::Break(e.to_string())
        }
        SqlExpr::Function(f) if generator_name(f).is_some() => ControlFlow::Break(e.to_string()),
        _ => ControlFlow::Continue(()),
    });
    match found {
        ControlFlow::Break(s) => Some(s),
        ControlFlow::Continue(()) => None,
    }
}

/// The column a generator argument names, when it is a bare (possibly parenthesized)
/// identifier.
pub(super) fn column_name(arg: &SqlExpr) -> Option<&Ident> {
    match arg {
        SqlExpr::Identifier(i) => Some(i),
        SqlExpr::Nested(e) => column_name(e),
        _ => None,
    }
}

/// Checks that the arguments of every generator call are constants, or column names where
/// the generator reads columns (`nullify`'s first argument is an expression).
pub(super) fn check_constant_args(col: &str, expr: &SqlExpr) -> Result<()> {
    let r = visit_expressions(expr, |e| {
        if let SqlExpr::Function(f) = e
            && let Some(name) = generator_name(f)
        {
            let args = match call_args(col, &name, f) {
                Ok(a) => a,
                Err(e) => return ControlFlow::Break(e),
            };
            let columns = column_args(&name);
            for (i, arg) in args.iter().enumerate() {
                if name == NULLIFY && i == 0 {
                    continue;
                }
                let takes_column = columns.contains(&i);
                if takes_column && column_name(arg).is_some() {
                    continue;
                }
                if let Some(bad) = non_constant(arg) {
                    let bad = if takes_column { arg.to_string() } else { bad };
                    let allowed = if takes_column {
                        "a constant or a column name (declare a HIDDEN column for an expression)"
                    } else {
                        "a constant"
                    };
                    return ControlFlow::Break(DataFusionError::Plan(format!(
                        "column '{col}': {name}(): invalid value for argument {}: {bad}; allowed: {allowed}",
                        i + 1
                    )));
                }
            }
        }
        ControlFlow::Continue(())
    });
    match r {
        ControlFlow::Break(e) => Err(e),
        ControlFlow::Continue(()) => Ok(()),
    }
}

/// Evaluates argument `position` (1-based) of `name`, a constant, to a scalar.
pub(super) fn fold_constant(
    cx: &ColumnScope<'_, '_>,
    name: &str,
    position: usize,
    arg: &SqlExpr,
) -> Result<ScalarValue> {
    let (state, col) = (cx.scope.state, cx.col);
    let context = |e: DataFusionError| {
        let msg = message(e);
        DataFusionError::Plan(format!(
            "column '{col}': argument {position} of {name}() ({arg}): {msg}"
        ))
    };
    let schema = DFSchema::empty();
    let logical = state
        .create_logical_expr_from_sql_expr(
            ExprWithAlias {
                expr: arg.clone(),
                alias: None,
            },
            &schema,
        )
        .map_err(context)?;
    if let Some(f) = not_deterministic(&logical) {
        return plan_err!(
            "column '{col}': {name}(): invalid value for argument {position}: {arg} ({f}() is not deterministic); allowed: a constant"
        );
    }
    let physical = physical_expr(state, logical, &Arc::new(schema)).map_err(context)?;
    let batch = RecordBatch::try_new_with_options(
        Arc::new(Schema::empty()),
        vec![],
        &RecordBatchOptions::new().with_row_count(Some(1)),
    )?;
    let value = physical.evaluate(&batch).map_err(context)?;
    value.to_scalar_at(0).map_err(context)
}

/// Simplifies (as DataFusion's optimizer would: e.g. `coalesce` becomes `CASE`, constants
/// fold) and plans a logical expression against `schema`.
pub(super) fn physical_expr(
    state: &SessionState,
    logical: Expr,
    schema: &DFSchemaRef,
) -> Result<Arc<dyn PhysicalExpr>> {
    let context = SimplifyContext::builder()
        .with_schema(Arc::clone(schema))
        .with_config_options(Arc::clone(state.config_options()))
        .build();
    let simplifier = ExprSimplifier::new(context);
    let coerced = simplifier.coerce(logical, schema)?;
    let simplified = simplifier.simplify(coerced)?;
    state.create_physical_expr(simplified, schema)
}

/// The first function in `expr` whose result is not a pure function of its arguments
/// (volatile like `random()`, or stable like `now()`): such a function would make a table's
/// values depend on when it is scanned.
pub(super) fn not_deterministic(expr: &Expr) -> Option<String> {
    let mut found = None;
    let _ = expr.apply(|e| {
        if let Expr::ScalarFunction(f) = e
            && f.func.signature().volatility != Volatility::Immutable
        {
            found = Some(f.func.name().to_string());
            return Ok(TreeNodeRecursion::Stop);
        }
        Ok(TreeNodeRecursion::Continue)
    });
    found.or_else(|| {
        expr.is_volatile()
            .then(|| "a volatile function".to_string())
    })
}

/// A scalar from a one-row columnar value.
pub(super) trait ToScalar {
    fn to_scalar_at(self, row: usize) -> Result<ScalarValue>;
}

impl ToScalar for datafusion::logical_expr::ColumnarValue {
    fn to_scalar_at(self, row: usize) -> Result<ScalarValue> {
        match self {
            datafusion::logical_expr::ColumnarValue::Scalar(s) => Ok(s),
            datafusion::logical_expr::ColumnarValue::Array(a) => {
                ScalarValue::try_from_array(&a, row)
            }
        }
    }
}

/// DataFusion's "Invalid function 'normall'" as our own error: an unknown function, with the
/// closest generator (or relation) name suggested before the closest DataFusion function,
/// since a column expression is mostly generator calls. Other errors pass unchanged.
pub(super) fn explain_unknown_function(
    state: &SessionState,
    e: DataFusionError,
) -> DataFusionError {
    let text = message(e);
    let Some(rest) = text.strip_prefix("Invalid function '") else {
        return DataFusionError::Plan(text);
    };
    let Some((name, _)) = rest.split_once('\'') else {
        return DataFusionError::Plan(text);
    };
    let closest = |names: &mut dyn Iterator<Item = &str>| {
        names
            .map(|n| (levenshtein(name, n), n.to_string()))
            .filter(|(d, n)| *d <= 2 && *d < n.len())
            .min()
            .map(|(_, n)| n)
    };
    let ours = GENERATOR_NAMES
        .iter()
        .copied()
        .chain(RELATIONS.iter().copied())
        .chain([NULLIFY]);
    let suggestion = closest(&mut ours.into_iter()).or_else(|| {
        closest(
            &mut state
                .scalar_functions()
                .keys()
                .map(String::as_str)
                .chain(state.aggregate_functions().keys().map(String::as_str)),
        )
    });
    DataFusionError::Plan(match suggestion {
        Some(s) => format!("unknown function '{name}'; did you mean '{s}'?"),
        None => format!(
            "unknown function '{name}': not a generator (docs/generators.md lists them) nor a function of this session"
        ),
    })
}
