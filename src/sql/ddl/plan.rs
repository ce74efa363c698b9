//! Turning column expressions into column functions.
//!
//! For each column: every generator call site (a call to a name in `GENERATOR_NAMES`) becomes
//! a hidden helper column built with `build_generator` from its constant-folded arguments,
//! whose stream is that of (user column, call position); `nullify(e, p)` and
//! `NULL p PERCENT` become `CASE WHEN <bernoulli(p) helper> THEN NULL ELSE e END`; what
//! remains is ordinary DataFusion SQL over the helpers and the other columns, planned with
//! the session's `SqlToRel` and evaluated per batch by an [`ExprColumn`]. A column that is
//! exactly one generator call of the declared type is that generator (so a `sequence` keeps
//! its key pushdowns and exact statistics).
//!
//! Call positions count generator calls in post-order (arguments before the call, left to
//! right); a `nullify`'s own mask comes after the calls inside it, and `NULL p PERCENT`'s
//! mask after all calls of the column, so adding nulls never changes the non-null values.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Schema};
use datafusion::common::{DFSchema, DataFusionError, Result, ScalarValue, plan_err};
use datafusion::execution::SessionState;
use datafusion::logical_expr::{ExprSchemable, cast};
use datafusion::sql::planner::IdentNormalizer;
use datafusion::sql::sqlparser::ast::{
    Expr as SqlExpr, ExprWithAlias, Ident, visit_expressions, visit_expressions_mut,
};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::parser::Parser;

use super::call::{
    call_args, check_constant_args, column_name, fold_constant, generator_name, not_deterministic,
    physical_expr,
};
use super::generators::build_generator;
use super::relations::{RELATIONS, fanout_index, relation};
use super::show::definition_text;
use super::spec::{ColumnSpec, TableSpec};
use super::types::lossless;
use crate::functions::generators::ColumnArg;
use crate::functions::registry::generator_spec;
use crate::functions::{ColumnFunction, ExprColumn};
use crate::generate::fanout::FanOut;
use crate::table::{ColumnDef, SyntheticTable, SyntheticTableBuilder, TableOrigin};

/// The function rewritten to a null mask (not a generator).
pub const NULLIFY: &str = "nullify";

/// A generator call site turned into a hidden column.
pub(super) struct Helper {
    name: String,
    function: Arc<dyn ColumnFunction>,
    call: u32,
    /// The columns the generator reads (its column arguments), in argument order.
    inputs: Vec<String>,
}

/// What a generator's column argument may refer to: the table's columns, their declared
/// types and whether each is declared NOT NULL.
pub(super) struct Columns<'a> {
    names: &'a [String],
    declared: &'a [DataType],
    not_null: Vec<bool>,
    /// The fan-out index of a one-to-many child table.
    pub(super) fanout: Option<Arc<FanOut>>,
    /// The table seed.
    pub(super) seed: u64,
    /// For each column planned so far, its function when it is one input-free generator
    /// call (what `self_key` can evaluate at an earlier row).
    pub(super) keys: Vec<Option<Arc<dyn ColumnFunction>>>,
    /// The parent tables captured so far, by the name the definition uses.
    parents: RefCell<Vec<(String, Arc<SyntheticTable>)>>,
}

impl Columns<'_> {
    /// Records that the definition names `parent` as `name` (see [`TableOrigin`]).
    pub(super) fn note_parent(&self, name: &str, parent: &Arc<SyntheticTable>) {
        let mut parents = self.parents.borrow_mut();
        if !parents.iter().any(|(n, _)| n == name) {
            parents.push((name.to_string(), Arc::clone(parent)));
        }
    }

    /// The position of column `name`.
    pub(super) fn position(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }
}

/// One column after rewriting its call sites.
struct Rewritten {
    expr: SqlExpr,
    helpers: Vec<Helper>,
    /// The column is exactly one generator call (index into `helpers`).
    direct: bool,
}

/// Plans `spec` as table `name` (the registered name); `shown_name` is how the definition
/// text names it.
pub(crate) fn plan_table(
    state: &SessionState,
    name: &str,
    shown_name: &str,
    spec: &TableSpec,
) -> Result<SyntheticTable> {
    let normalizer =
        IdentNormalizer::new(state.config_options().sql_parser.enable_ident_normalization);
    let names: Vec<String> = spec
        .columns
        .iter()
        .map(|c| normalizer.normalize(c.name.clone()))
        .collect();
    let mut seen = HashSet::new();
    for n in &names {
        if !seen.insert(n.as_str()) {
            return plan_err!("duplicate column name '{n}' in table '{name}'");
        }
    }
    if spec.columns.is_empty() {
        return plan_err!("table '{name}' has no column");
    }
    let declared: Vec<DataType> = spec
        .columns
        .iter()
        .zip(&names)
        .map(|(c, n)| declared_type(state, n, c))
        .collect::<Result<_>>()?;
    let mut rewritten = Vec::with_capacity(spec.columns.len());
    let (fanout, fanout_parent) = match &spec.fanout {
        Some(f) => {
            let (index, parent) = fanout_index(state, name, f, spec.seed)?;
            (Some(index), Some((f.parent.clone(), parent)))
        }
        None => (None, None),
    };
    let rows = fanout.as_ref().map_or(spec.rows, |f| f.total());
    let mut columns = Columns {
        names: &names,
        declared: &declared,
        not_null: spec.columns.iter().map(|c| c.not_null).collect(),
        fanout,
        seed: spec.seed,
        keys: Vec::with_capacity(names.len()),
        parents: RefCell::new(fanout_parent.into_iter().collect()),
    };
    for ((c, n), t) in spec.columns.iter().zip(&names).zip(&declared) {
        let mut r = rewrite_column(state, n, c, &columns)?;
        // A generator that can produce the declared type natively does so (e.g. text as
        // `Utf8View` for VARCHAR) rather than being cast per batch.
        if r.direct
            && !fits(r.helpers[0].function.field(n).data_type(), t)
            && let Some(f) = r.helpers[0].function.with_output_type(t)
        {
            r.helpers[0].function = f;
        }
        columns.keys.push(
            (r.direct && r.helpers[0].inputs.is_empty())
                .then(|| Arc::clone(&r.helpers[0].function)),
        );
        rewritten.push(r);
    }
    // The type and nullability other columns see: the declared type; nullable unless
    // NOT NULL, or unless the column is a generator that never produces NULL.
    let visible_fields: Vec<FieldRef> =
        (0..names.len())
            .map(|i| {
                let r = &rewritten[i];
                let generated = r.helpers.first().map(|h| h.function.field("x"));
                match generated {
                    Some(f) if r.direct && fits(f.data_type(), &declared[i]) => Arc::new(
                        Field::new(&names[i], f.data_type().clone(), f.is_nullable()),
                    ),
                    _ => Arc::new(Field::new(
                        &names[i],
                        declared[i].clone(),
                        !spec.columns[i].not_null,
                    )),
                }
            })
            .collect();
    let definition = definition_text(shown_name, spec);
    let mut builder =
        SyntheticTableBuilder::new(name, rows, spec.seed).definition(definition.clone());
    let mut helper_defs = Vec::new();
    for (i, (c, r)) in spec.columns.iter().zip(rewritten).enumerate() {
        let col = &names[i];
        for h in &r.helpers {
            h.function
                .check_rows(rows)
                .map_err(|e| with_column(col, e))?;
        }
        let direct_type = r.helpers.first().map(|h| h.function.field(col));
        let def = match direct_type {
            Some(f) if r.direct && fits(f.data_type(), &declared[i]) => {
                if c.not_null && f.is_nullable() {
                    return plan_err!(
                        "column '{col}' is declared NOT NULL but its expression {} can be NULL",
                        c.expr
                    );
                }
                ColumnDef::new(col.clone(), Arc::clone(&r.helpers[0].function))
                    .with_inputs(r.helpers[0].inputs.clone())
            }
            _ => {
                let (function, inputs) =
                    plan_expression(state, col, c, &declared[i], &r, &names, &visible_fields)?;
                // The helpers the expression reads, and those they read (a foreign key's
                // lookup reads its pick).
                let mut needed: HashSet<String> = inputs.iter().cloned().collect();
                for h in r.helpers.iter().rev() {
                    if needed.contains(&h.name) {
                        needed.extend(h.inputs.iter().cloned());
                    }
                }
                for h in r.helpers {
                    if needed.contains(&h.name) {
                        helper_defs.push(
                            ColumnDef::new(h.name, h.function)
                                .hidden()
                                .with_stream(col.clone(), h.call)
                                .with_inputs(h.inputs),
                        );
                    }
                }
                ColumnDef::new(col.clone(), function).with_inputs(inputs)
            }
        };
        builder = builder.column(if c.hidden { def.hidden() } else { def });
    }
    for h in helper_defs {
        builder = builder.column(h);
    }
    let mut table = builder.build()?;
    table.set_origin(TableOrigin::Declared {
        name: name.to_string(),
        definition,
        parents: columns.parents.into_inner(),
    });
    Ok(table)
}

/// Whether a generator's output type `generated` is the declared type: equal, or (for the
/// structs of native geometry, whose SQL declaration `STRUCT<x DOUBLE, y DOUBLE>` cannot say
/// NOT NULL of a field) the same fields with no nullable field where the declaration has a
/// NOT NULL one.
fn fits(generated: &DataType, declared: &DataType) -> bool {
    match (generated, declared) {
        (DataType::Struct(g), DataType::Struct(d)) => {
            g.len() == d.len()
                && g.iter().zip(d.iter()).all(|(g, d)| {
                    g.name() == d.name()
                        && (d.is_nullable() || !g.is_nullable())
                        && fits(g.data_type(), d.data_type())
                })
        }
        _ => generated == declared,
    }
}

/// A plan error prefixed with the column: `column 'x': …`.
pub(super) fn with_column(col: &str, e: DataFusionError) -> DataFusionError {
    DataFusionError::Plan(format!("column '{col}': {}", message(e)))
}

/// The text of an error without DataFusion's `Error during planning: ` prefix.
pub(super) fn message(e: DataFusionError) -> String {
    match e {
        DataFusionError::Plan(m) => m,
        e => {
            let text = e.strip_backtrace();
            match text.strip_prefix("Error during planning: ") {
                Some(rest) => rest.to_string(),
                None => text,
            }
        }
    }
}

/// The Arrow type of the declared SQL type, as DataFusion maps it in this session.
fn declared_type(state: &SessionState, col: &str, c: &ColumnSpec) -> Result<DataType> {
    let sql = format!("CAST(NULL AS {})", c.data_type);
    let expr = state
        .create_logical_expr(&sql, &DFSchema::empty())
        .map_err(|e| with_column(col, e))?;
    expr.get_type(&DFSchema::empty())
}

/// The quoted identifier referring to helper `name`.
pub(super) fn helper_ref(name: &str) -> SqlExpr {
    SqlExpr::Identifier(Ident::with_quote('"', name))
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

/// Replaces every generator call site of column `col` by a helper.
fn rewrite_column(
    state: &SessionState,
    col: &str,
    c: &ColumnSpec,
    table: &Columns<'_>,
) -> Result<Rewritten> {
    check_constant_args(col, &c.expr)?;
    let normalizer =
        IdentNormalizer::new(state.config_options().sql_parser.enable_ident_normalization);
    let mut expr = c.expr.clone();
    let mut helpers: Vec<Helper> = Vec::new();
    let add =
        |function: Arc<dyn ColumnFunction>, inputs: Vec<String>, helpers: &mut Vec<Helper>| {
            let call = helpers.len() as u32;
            let name = format!("__{col}#{call}");
            helpers.push(Helper {
                name: name.clone(),
                function,
                call,
                inputs,
            });
            name
        };
    let mut top_is_call = false;
    let flow = visit_expressions_mut(&mut expr, |e| {
        let SqlExpr::Function(f) = e else {
            return ControlFlow::Continue(());
        };
        let Some(name) = generator_name(f) else {
            return ControlFlow::Continue(());
        };
        let result = (|| -> Result<SqlExpr> {
            let args = call_args(col, &name, f)?;
            if name == NULLIFY {
                let [value, p] = args.as_slice() else {
                    return plan_err!(
                        "column '{col}': nullify(expr, p) takes 2 arguments, got {}",
                        args.len()
                    );
                };
                let p_value = fold_constant(state, col, &name, 2, p)?;
                let p = match p_value.cast_to(&DataType::Float64) {
                    Ok(ScalarValue::Float64(Some(x))) if (0.0..=1.0).contains(&x) => x,
                    _ => {
                        return plan_err!(
                            "column '{col}': nullify(): invalid value for 'p': {p_value}; allowed: a number in [0, 1]"
                        );
                    }
                };
                let mask = add(
                    bernoulli(p).map_err(|e| with_column(col, e))?,
                    vec![],
                    &mut helpers,
                );
                return null_when(&mask, value);
            }
            if RELATIONS.contains(&name.as_str()) {
                return relation(state, col, &name, &args, table, &mut helpers, &add);
            }
            let column_args = generator_spec(&name).map_or(&[][..], |g| g.column_args);
            let mut values = Vec::with_capacity(args.len());
            let mut columns = Vec::with_capacity(args.len());
            let mut inputs = Vec::new();
            for (i, a) in args.iter().enumerate() {
                match column_name(a).filter(|_| column_args.contains(&i)) {
                    Some(ident) => {
                        let arg =
                            column_arg(col, &name, i, normalizer.normalize(ident.clone()), table)?;
                        inputs.push(arg.name.clone());
                        values.push(ScalarValue::Null);
                        columns.push(Some(arg));
                    }
                    None => {
                        values.push(fold_constant(state, col, &name, i + 1, a)?);
                        columns.push(None);
                    }
                }
            }
            let function = match generator_spec(&name) {
                Some(spec) => spec.build_with_columns(&values, &columns),
                None => build_generator(&name, &values),
            }
            .map_err(|e| with_column(col, e))?;
            Ok(helper_ref(&add(function, inputs, &mut helpers)))
        })();
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
    if helpers.len() == 1
        && let SqlExpr::Identifier(i) = inner
        && i.value == helpers[0].name
    {
        top_is_call = true;
    }
    if let Some(percent) = c.null_percent {
        if c.not_null {
            return plan_err!("column '{col}' is declared NOT NULL but has NULL {percent} PERCENT");
        }
        let mask = add(
            bernoulli(percent / 100.0).map_err(|e| with_column(col, e))?,
            vec![],
            &mut helpers,
        );
        expr = null_when(&mask, &expr)?;
        top_is_call = false;
    }
    Ok(Rewritten {
        expr,
        helpers,
        direct: top_is_call,
    })
}

/// The column `name` that argument `i` of generator `function` in column `col` names.
pub(super) fn column_arg(
    col: &str,
    function: &str,
    i: usize,
    name: String,
    table: &Columns<'_>,
) -> Result<ColumnArg> {
    if name == col {
        return plan_err!(
            "column '{col}': argument {} of {function}() refers to the column itself",
            i + 1
        );
    }
    match table.position(&name) {
        Some(at) => Ok(ColumnArg {
            name,
            data_type: table.declared[at].clone(),
            nullable: !table.not_null[at],
        }),
        None => plan_err!(
            "column '{col}': argument {} of {function}() names unknown column '{name}'; the columns are: {}",
            i + 1,
            table.names.join(", ")
        ),
    }
}

/// Plans the rewritten expression of column `col`; returns the function and its inputs.
fn plan_expression(
    state: &SessionState,
    col: &str,
    c: &ColumnSpec,
    declared: &DataType,
    r: &Rewritten,
    names: &[String],
    visible_fields: &[FieldRef],
) -> Result<(Arc<dyn ColumnFunction>, Vec<String>)> {
    let helper_names: HashSet<&str> = r.helpers.iter().map(|h| h.name.as_str()).collect();
    let normalizer =
        IdentNormalizer::new(state.config_options().sql_parser.enable_ident_normalization);
    // References: other columns of the table or this column's helpers.
    let check = visit_expressions(&r.expr, |e| match e {
        SqlExpr::Identifier(i) => {
            let n = normalizer.normalize(i.clone());
            if n == col {
                ControlFlow::Break(format!("column '{col}' references itself"))
            } else if names.contains(&n) || helper_names.contains(n.as_str()) {
                ControlFlow::Continue(())
            } else {
                ControlFlow::Break(format!("column '{col}' references unknown column '{n}'"))
            }
        }
        SqlExpr::CompoundIdentifier(_) => ControlFlow::Break(format!(
            "column '{col}': qualified reference {e} is not supported; refer to other columns of the table by name"
        )),
        _ => ControlFlow::Continue(()),
    });
    if let ControlFlow::Break(msg) = check {
        return Err(DataFusionError::Plan(msg));
    }
    let mut fields: Vec<FieldRef> = names
        .iter()
        .zip(visible_fields)
        .filter(|(n, _)| n.as_str() != col)
        .map(|(_, f)| Arc::clone(f))
        .collect();
    fields.extend(
        r.helpers
            .iter()
            .map(|h| Arc::new(h.function.field(&h.name))),
    );
    let schema = DFSchema::try_from(Schema::new(fields.clone()))?;
    let logical = state
        .create_logical_expr_from_sql_expr(
            ExprWithAlias {
                expr: r.expr.clone(),
                alias: None,
            },
            &schema,
        )
        .map_err(|e| with_column(col, e))?;
    if let Some(f) = not_deterministic(&logical) {
        return plan_err!(
            "column '{col}': {f}() in {} is not deterministic (its values depend on when or how often it runs); use a generator such as uniform(0.0, 1.0) or a constant",
            c.expr
        );
    }
    let (_, field) = logical.to_field(&schema).map_err(|e| with_column(col, e))?;
    let (actual, nullable) = (field.data_type().clone(), field.is_nullable());
    let logical = if &actual == declared {
        logical
    } else if lossless(&actual, declared) {
        cast(logical, declared.clone())
    } else {
        return plan_err!(
            "column '{col}' is declared {} ({declared}) but its expression {} has type {actual}, which does not convert to it without loss; write CAST(… AS {}) or declare the column with a matching type",
            c.data_type,
            c.expr,
            c.data_type
        );
    };
    if c.not_null && nullable {
        return plan_err!(
            "column '{col}' is declared NOT NULL but its expression {} can be NULL",
            c.expr
        );
    }
    // The inputs the expression reads, in schema order.
    let refs: HashSet<String> = logical
        .column_refs()
        .into_iter()
        .map(|c| c.name.clone())
        .collect();
    let position: HashMap<&str, usize> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name().as_str(), i))
        .collect();
    let mut inputs: Vec<String> = refs.into_iter().collect();
    inputs.sort_by_key(|n| position.get(n.as_str()).copied().unwrap_or(usize::MAX));
    let input_fields: Vec<FieldRef> = inputs
        .iter()
        .filter_map(|n| position.get(n.as_str()).map(|&i| Arc::clone(&fields[i])))
        .collect();
    let input_schema = Arc::new(Schema::new(input_fields));
    let input_df = Arc::new(DFSchema::try_from(input_schema.as_ref().clone())?);
    let physical = physical_expr(state, logical, &input_df).map_err(|e| with_column(col, e))?;
    let mut text = c.expr.to_string();
    if let Some(p) = c.null_percent {
        text = format!("{text} NULL {p} PERCENT");
    }
    let function = ExprColumn::new(physical, input_schema, declared.clone(), nullable, text);
    Ok((Arc::new(function), inputs))
}
