//! [`Lookup`]: any column of a captured parent table evaluated at the parent rows a pick
//! column names (the `Rows::Indices` path of the parent), NULL where the pick is.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::datatypes::{Field, Int64Type};
use datafusion::common::{Result, exec_err, plan_err};

use crate::functions::{ColumnFunction, Rows};
use crate::table::model::{EvalPlan, SyntheticTable};

/// One column of a captured parent table evaluated at the parent rows of its single input
/// column (a [`ParentRow`] column).
#[derive(Debug, Clone)]
pub struct Lookup {
    parent: Arc<SyntheticTable>,
    column: String,
    plan: EvalPlan,
    field: Field,
    /// The pick column may be NULL (then so is the value).
    nullable_picks: bool,
    /// Picks may name this many phantom rows past the parent's end (orphans).
    phantom: u64,
}

impl Lookup {
    /// Looks up `column` of `parent`; unknown columns are planning errors listing the
    /// parent's columns.
    pub fn new(parent: Arc<SyntheticTable>, column: &str, nullable_picks: bool) -> Result<Self> {
        let schema = parent.schema().clone();
        let Ok(index) = schema.index_of(column) else {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return plan_err!(
                "table '{}' has no column '{column}'; its columns are: {}",
                parent.name(),
                names.join(", ")
            );
        };
        let plan = parent.eval_plan(Some(&[index]))?;
        let field = schema.field(index).clone();
        Ok(Lookup {
            parent,
            column: column.to_string(),
            plan,
            field,
            nullable_picks,
            phantom: 0,
        })
    }

    /// Also evaluates picks naming one of `rows` phantom rows past the parent's end (the
    /// caller checked that the column can be generated there: [`Orphans`]).
    pub fn with_phantom_rows(mut self, rows: u64) -> Self {
        self.phantom = rows;
        self
    }
}

impl ColumnFunction for Lookup {
    fn field(&self, name: &str) -> Field {
        self.field
            .clone()
            .with_name(name)
            .with_nullable(self.field.is_nullable() || self.nullable_picks)
    }

    fn evaluate(&self, _rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let Some(picks) = inputs
            .first()
            .and_then(|a| a.as_primitive_opt::<Int64Type>())
        else {
            return exec_err!(
                "lookup('{}', '{}', …) needs one BIGINT parent_row column as input",
                self.parent.name(),
                self.column
            );
        };
        let parents = self.parent.rows() + self.phantom;
        // A NULL pick (a NULL PERCENT on the pick column) gives NULL; a pick outside the
        // parent (a user-made index) is an error, never a wrong row.
        let mut indices = Vec::with_capacity(picks.len());
        let in_range = |v: i64| v >= 0 && (v as u64) < parents;
        if picks.null_count() == 0 && picks.values().iter().all(|&v| in_range(v)) {
            // The common case, branch-free: every pick is a parent row.
            indices.extend(picks.values().iter().map(|&v| v as u64));
        } else {
            return self.evaluate_checked(picks, parents);
        }
        let batch = self.parent.evaluate(&self.plan, &Rows::Indices(&indices))?;
        Ok(batch.column(0).clone())
    }

    fn arity(&self) -> usize {
        1
    }

    fn describe(&self, inputs: &[&str]) -> String {
        format!(
            "lookup('{}', '{}', {})",
            self.parent.name(),
            self.column,
            inputs.first().copied().unwrap_or("?")
        )
    }
}

impl Lookup {
    /// [`ColumnFunction::evaluate`] for picks with NULLs or out-of-range values.
    fn evaluate_checked(
        &self,
        picks: &datafusion::arrow::array::Int64Array,
        parents: u64,
    ) -> Result<ArrayRef> {
        let mut indices = Vec::with_capacity(picks.len());
        for (i, v) in picks.iter().enumerate() {
            match v {
                Some(v) if v >= 0 && (v as u64) < parents => indices.push(v as u64),
                Some(v) => {
                    return exec_err!(
                        "lookup('{}', '{}', …): parent row {v} (row {i} of the batch) is outside the parent's rows 0..{parents}",
                        self.parent.name(),
                        self.column
                    );
                }
                None => indices.push(0),
            }
        }
        // Not `evaluate_indices`, whose bound is the parent's rows: phantom rows are past it.
        let batch = self.parent.evaluate(&self.plan, &Rows::Indices(&indices))?;
        let values = batch.column(0).clone();
        match picks.nulls() {
            None => Ok(values),
            Some(nulls) => {
                let mask = datafusion::arrow::array::BooleanArray::from(
                    (0..picks.len())
                        .map(|i| Some(nulls.is_null(i)))
                        .collect::<Vec<_>>(),
                );
                let null = datafusion::common::ScalarValue::try_from(values.data_type())?
                    .to_array_of_size(values.len())?;
                Ok(datafusion::arrow::compute::kernels::zip::zip(
                    &mask, &null, &values,
                )?)
            }
        }
    }
}
