//! Planning a table definition into a [`SyntheticTable`]: each column's call sites become
//! hidden helpers ([`super::rewrite`]); a column that is exactly one generator call of the
//! declared type is that generator (so a `sequence` keeps its key pushdowns and exact
//! statistics); any other expression is ordinary DataFusion SQL over the helpers and the
//! other columns, planned with the session's `SqlToRel` and evaluated per batch by an
//! [`ExprColumn`].

use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Schema};
use datafusion::common::tree_node::{TreeNode, TreeNodeRecursion};
use datafusion::common::{DFSchema, DataFusionError, Result, plan_err};
use datafusion::execution::SessionState;
use datafusion::logical_expr::{Expr, ExprSchemable, cast};
use datafusion::sql::sqlparser::ast::{Expr as SqlExpr, ExprWithAlias, visit_expressions};

use super::call::{explain_unknown_function, not_deterministic, physical_expr};
use super::history::change_options;
use super::relations::child_index;
use super::rewrite::{Rewritten, rewrite_column};
use super::scope::{ColumnScope, Scope};
use super::show::definition_text;
use super::spec::{ColumnSpec, TableSpec};
use super::types::lossless;
use crate::functions::{ColumnFunction, ExprColumn};
use crate::table::changes::ChangeModel;
use crate::table::{ColumnDef, SyntheticTable, SyntheticTableBuilder, TableOrigin};

/// Plans `spec` as table `name` (the registered name); `shown_name` is how the definition
/// text names it.
pub(crate) fn plan_table(
    state: &SessionState,
    name: &str,
    shown_name: &str,
    spec: &TableSpec,
) -> Result<SyntheticTable> {
    let mut scope = Scope::new(state, spec.seed);
    scope.names = spec
        .columns
        .iter()
        .map(|c| scope.normalize(&c.name))
        .collect();
    let mut seen = HashSet::new();
    for n in &scope.names {
        if !seen.insert(n.as_str()) {
            return plan_err!("duplicate column name '{n}' in table '{name}'");
        }
    }
    if spec.columns.is_empty() {
        return plan_err!("table '{name}' has no column");
    }
    scope.declared = spec
        .columns
        .iter()
        .zip(&scope.names)
        .map(|(c, n)| declared_type(state, n, c))
        .collect::<Result<_>>()?;
    scope.not_null = spec.columns.iter().map(|c| c.not_null).collect();
    if let Some(f) = &spec.fanout {
        let (index, parent) = child_index(state, name, f, spec.seed)?;
        scope.fanout = Some(index);
        scope.note_parent(&f.parent, &parent);
    }
    let rows = scope.fanout.as_ref().map_or(spec.rows, |f| f.total());
    let names = scope.names.clone();
    let mut planned = Vec::with_capacity(spec.columns.len());
    for ((c, n), t) in spec.columns.iter().zip(&names).zip(&scope.declared.clone()) {
        let mut cx = ColumnScope::new(&scope, n);
        let r = rewrite_column(&mut cx, c)?;
        let mut helpers = cx.helpers;
        // A generator that can produce the declared type natively does so (e.g. text as
        // `Utf8View` for VARCHAR) rather than being cast per batch.
        if r.direct
            && !fits(helpers[0].function.field(n).data_type(), t)
            && let Some(f) = helpers[0].function.with_output_type(t)
        {
            helpers[0].function = f;
        }
        let key =
            (r.direct && helpers[0].inputs.is_empty()).then(|| Arc::clone(&helpers[0].function));
        scope.keys.push(key);
        planned.push((r, helpers));
    }
    // The type and nullability other columns see: the declared type; nullable unless
    // NOT NULL, or unless the column is a generator that never produces NULL.
    let visible_fields: Vec<FieldRef> = (0..names.len())
        .map(|i| {
            let (r, helpers) = &planned[i];
            let generated = helpers.first().map(|h| h.function.field("x"));
            match generated {
                Some(f) if r.direct && fits(f.data_type(), &scope.declared[i]) => Arc::new(
                    Field::new(&names[i], f.data_type().clone(), f.is_nullable()),
                ),
                _ => Arc::new(Field::new(
                    &names[i],
                    scope.declared[i].clone(),
                    !spec.columns[i].not_null,
                )),
            }
        })
        .collect();
    let definition = definition_text(shown_name, spec);
    let mut builder =
        SyntheticTableBuilder::new(name, rows, spec.seed).definition(definition.clone());
    let mut helper_defs = Vec::new();
    for (i, (c, (r, helpers))) in spec.columns.iter().zip(planned).enumerate() {
        let col = &names[i];
        let cx = ColumnScope::new(&scope, col);
        for h in &helpers {
            h.function.check_rows(rows).map_err(|e| cx.wrap(e))?;
        }
        let direct_type = helpers.first().map(|h| h.function.field(col));
        let def = match direct_type {
            Some(f) if r.direct && fits(f.data_type(), &scope.declared[i]) => {
                if c.not_null && f.is_nullable() {
                    return plan_err!(
                        "column '{col}' is declared NOT NULL but its expression {} can be NULL",
                        c.expr
                    );
                }
                ColumnDef::new(col.clone(), Arc::clone(&helpers[0].function))
                    .with_inputs(helpers[0].inputs.clone())
            }
            _ => {
                let expression = Expression {
                    spec: c,
                    declared: &scope.declared[i],
                    rewritten: &r,
                    helpers: &helpers,
                    visible_fields: &visible_fields,
                };
                let (function, inputs) = plan_expression(&cx, &expression)?;
                // The helpers the expression reads, and those they read (a foreign key's
                // lookup reads its pick).
                let mut needed: HashSet<String> = inputs.iter().cloned().collect();
                for h in helpers.iter().rev() {
                    if needed.contains(&h.name) {
                        needed.extend(h.inputs.iter().cloned());
                    }
                }
                for h in helpers {
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
    if let Some(options) = change_options(&spec.history)? {
        let model = ChangeModel::new(&table, options)?;
        table.set_changes(model);
    }
    table.set_origin(TableOrigin::Declared {
        name: name.to_string(),
        definition,
        parents: scope.into_parents(),
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

/// The Arrow type of the declared SQL type, as DataFusion maps it in this session.
fn declared_type(state: &SessionState, col: &str, c: &ColumnSpec) -> Result<DataType> {
    let sql = format!("CAST(NULL AS {})", c.data_type);
    let expr = state
        .create_logical_expr(&sql, &DFSchema::empty())
        .map_err(|e| {
            DataFusionError::Plan(format!("column '{col}': {}", super::scope::message(e)))
        })?;
    expr.get_type(&DFSchema::empty())
}

/// A column expression to plan: the column, its declared type, the rewritten expression with
/// its helpers, and the fields of the other columns as the expression sees them.
struct Expression<'a> {
    spec: &'a ColumnSpec,
    declared: &'a DataType,
    rewritten: &'a Rewritten,
    helpers: &'a [super::scope::Helper],
    visible_fields: &'a [FieldRef],
}

/// Plans the rewritten expression of the column `cx` plans; returns the function and its
/// inputs.
fn plan_expression(
    cx: &ColumnScope<'_, '_>,
    e: &Expression<'_>,
) -> Result<(Arc<dyn ColumnFunction>, Vec<String>)> {
    let (state, col, names) = (cx.scope.state, cx.col, &cx.scope.names);
    let (c, declared, r) = (e.spec, e.declared, e.rewritten);
    let helper_names: HashSet<&str> = e.helpers.iter().map(|h| h.name.as_str()).collect();
    // References: other columns of the table or this column's helpers.
    let check = visit_expressions(&r.expr, |e| match e {
        SqlExpr::Identifier(i) => {
            let n = cx.scope.normalize(i);
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
        .zip(e.visible_fields)
        .filter(|(n, _)| n.as_str() != col)
        .map(|(_, f)| Arc::clone(f))
        .collect();
    fields.extend(
        e.helpers
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
        .map_err(|e| cx.wrap(explain_unknown_function(state, e)))?;
    if let Some(f) = not_deterministic(&logical) {
        return plan_err!(
            "column '{col}': {f}() in {} is not deterministic (its values depend on when or how often it runs); use a generator such as uniform(0.0, 1.0) or a constant",
            c.expr
        );
    }
    let (_, field) = logical.to_field(&schema).map_err(|e| cx.wrap(e))?;
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
    // NOT NULL over an expression DataFusion types nullable: refused when a NULL can come
    // from the SQL itself (a NULL literal, a nullable input); otherwise (a function typed
    // nullable by default, as cos(x) or least(a, b)) checked on every batch at run time.
    let reads_nullable = logical.column_refs().iter().any(|r| {
        schema
            .field_with_unqualified_name(&r.name)
            .map_or(true, |f| f.is_nullable())
    });
    if c.not_null && nullable && (reads_nullable || has_null_literal(&logical)) {
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
    let physical = physical_expr(state, logical, &input_df).map_err(|e| cx.wrap(e))?;
    let mut text = c.expr.to_string();
    if let Some(p) = c.null_percent {
        text = format!("{text} NULL {p} PERCENT");
    }
    let function = ExprColumn::new(physical, input_schema, declared.clone(), nullable, text);
    let function = if c.not_null && nullable {
        function.checked_not_null(col)
    } else {
        function
    };
    Ok((Arc::new(function), inputs))
}

/// Whether the expression holds a NULL literal anywhere (`CASE … THEN NULL`).
fn has_null_literal(e: &Expr) -> bool {
    let mut found = false;
    let _ = e.apply(|e| {
        if let Expr::Literal(v, _) = e
            && v.is_null()
        {
            found = true;
            return Ok(TreeNodeRecursion::Stop);
        }
        Ok(TreeNodeRecursion::Continue)
    });
    found
}
