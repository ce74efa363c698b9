//! The built table and its evaluation.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, RecordBatch, RecordBatchOptions, UInt64Array};
use datafusion::arrow::datatypes::{FieldRef, Schema, SchemaRef};
use datafusion::common::{Result, exec_err, plan_err};

use super::changes::ChangeModel;
use super::column::ColumnDef;
use super::origin::TableOrigin;
use crate::functions::{ColumnFunction, Rows};

/// A column after resolution: its definition, input column indices, field and stream.
#[derive(Debug, Clone)]
pub(crate) struct ResolvedColumn {
    pub def: ColumnDef,
    pub inputs: Vec<usize>,
    pub field: FieldRef,
    pub stream: u64,
}

/// A synthetic table: `rows` rows, a seed and columns that are expressions over the row
/// index. Every cell is a pure function of (seed, column, row).
#[derive(Debug)]
pub struct SyntheticTable {
    name: String,
    rows: u64,
    seed: u64,
    columns: Vec<ResolvedColumn>,
    /// All columns in dependency order.
    order: Vec<usize>,
    /// Visible columns: schema position → column index.
    visible: Vec<usize>,
    schema: SchemaRef,
    descriptor: String,
    definition: Option<String>,
    origin: Option<TableOrigin<Arc<SyntheticTable>>>,
    /// How the table changes over its history window, when it has one.
    changes: Option<Arc<ChangeModel>>,
}

/// What to compute for one projection: the needed columns in dependency order and which of
/// them form the output. Computed once per scan and reused for every batch.
#[derive(Debug, Clone)]
pub struct EvalPlan {
    pub(crate) steps: Vec<usize>,
    pub(crate) output: Vec<usize>,
    schema: SchemaRef,
}

impl EvalPlan {
    /// The output schema.
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }
}

impl SyntheticTable {
    pub(crate) fn new(
        name: String,
        rows: u64,
        seed: u64,
        columns: Vec<ResolvedColumn>,
        order: Vec<usize>,
        descriptor: Option<String>,
    ) -> Result<Self> {
        let visible: Vec<usize> = (0..columns.len())
            .filter(|&i| !columns[i].def.hidden)
            .collect();
        let schema = Arc::new(Schema::new(
            visible
                .iter()
                .map(|&i| Arc::clone(&columns[i].field))
                .collect::<Vec<_>>(),
        ));
        let descriptor = descriptor.unwrap_or_else(|| {
            let cols: Vec<String> = visible
                .iter()
                .map(|&i| format!("{} = {}", columns[i].def.name, describe(&columns, i)))
                .collect();
            format!("{}({})", name, cols.join(", "))
        });
        Ok(SyntheticTable {
            name,
            rows,
            seed,
            columns,
            order,
            visible,
            schema,
            descriptor,
            definition: None,
            origin: None,
            changes: None,
        })
    }

    pub(crate) fn set_definition(&mut self, definition: Option<String>) {
        self.definition = definition;
    }

    pub(crate) fn set_changes(&mut self, changes: ChangeModel) {
        self.changes = Some(Arc::new(changes));
    }

    /// How the table changes over its history window (`WITH (history_start = …)`), if it
    /// does.
    pub fn changes(&self) -> Option<&Arc<ChangeModel>> {
        self.changes.as_ref()
    }

    /// Every column, helpers included, in declaration order.
    pub(crate) fn resolved(&self) -> &[ResolvedColumn] {
        &self.columns
    }

    /// The visible columns' indices among all columns, in schema order.
    pub(crate) fn visible_columns(&self) -> &[usize] {
        &self.visible
    }

    pub(crate) fn set_origin(&mut self, origin: TableOrigin<Arc<SyntheticTable>>) {
        self.origin = Some(origin);
    }

    /// How the table was made, when another process can make it again from that (tables
    /// from `spider(...)`, `STORED AS SPIDER` and `CREATE SYNTHETIC TABLE`); `None` for a
    /// table built in Rust from column functions.
    pub fn origin(&self) -> Option<&TableOrigin<Arc<SyntheticTable>>> {
        self.origin.as_ref()
    }

    /// The statement that recreates the table (what `SHOW CREATE TABLE` shows): the
    /// definition given to the builder, else the descriptor.
    pub fn definition(&self) -> &str {
        self.definition.as_deref().unwrap_or(&self.descriptor)
    }

    /// The table's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The number of rows.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// The table seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The output schema (visible columns).
    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// A compact descriptor from which the same table can be recreated.
    pub fn descriptor(&self) -> &str {
        &self.descriptor
    }

    /// Each visible column's name and definition, e.g. `("id", "sequence(1, 1)")`.
    pub fn column_definitions(&self) -> Vec<(String, String)> {
        self.visible
            .iter()
            .map(|&i| (self.columns[i].def.name.clone(), describe(&self.columns, i)))
            .collect()
    }

    /// `(start, step)` of the visible column at schema position `index` if it is a key
    /// (`start + step · row`).
    pub fn sequence_of(&self, index: usize) -> Option<(i64, i64)> {
        let col = self.columns.get(*self.visible.get(index)?)?;
        col.def.function.as_sequence()
    }

    /// For the visible column at schema position `index` when it is one input-free function
    /// whose rows `0..n` hold distinct values: `n` and the function (to check that rows
    /// past the table's end can be generated). Orphan keys use the rows past the end.
    pub(crate) fn distinct_key(&self, index: usize) -> Option<(u64, &Arc<dyn ColumnFunction>)> {
        let col = self.columns.get(*self.visible.get(index)?)?;
        if !col.inputs.is_empty() {
            return None;
        }
        Some((col.def.function.distinct_rows()?, &col.def.function))
    }

    /// The plan computing the schema columns `projection` (all when `None`) and exactly the
    /// columns they depend on.
    pub fn eval_plan(&self, projection: Option<&[usize]>) -> Result<EvalPlan> {
        let output: Vec<usize> = match projection {
            None => self.visible.clone(),
            Some(p) => {
                let mut out = Vec::with_capacity(p.len());
                for &i in p {
                    match self.visible.get(i) {
                        Some(&c) => out.push(c),
                        None => return plan_err!("projection index {i} out of range"),
                    }
                }
                out
            }
        };
        let mut needed = vec![false; self.columns.len()];
        let mut pending = output.clone();
        while let Some(c) = pending.pop() {
            if !needed[c] {
                needed[c] = true;
                pending.extend_from_slice(&self.columns[c].inputs);
            }
        }
        let steps = self.order.iter().copied().filter(|&c| needed[c]).collect();
        let schema = Arc::new(Schema::new(
            output
                .iter()
                .map(|&c| Arc::clone(&self.columns[c].field))
                .collect::<Vec<_>>(),
        ));
        Ok(EvalPlan {
            steps,
            output,
            schema,
        })
    }

    /// The names of the columns `plan` computes, in evaluation order (hidden helpers
    /// included): what a projection costs.
    pub fn computed_columns(&self, plan: &EvalPlan) -> Vec<&str> {
        plan.steps
            .iter()
            .map(|&c| self.columns[c].def.name.as_str())
            .collect()
    }

    /// Evaluates `plan` for `rows`. Row indices must be below [`Self::rows`].
    pub fn evaluate(&self, plan: &EvalPlan, rows: &Rows<'_>) -> Result<RecordBatch> {
        let mut values: Vec<Option<ArrayRef>> = vec![None; self.columns.len()];
        let mut inputs: Vec<ArrayRef> = Vec::new();
        for &c in &plan.steps {
            let col = &self.columns[c];
            inputs.clear();
            for &i in &col.inputs {
                match &values[i] {
                    Some(a) => inputs.push(Arc::clone(a)),
                    None => {
                        return exec_err!("column '{}' evaluated before its input", col.def.name);
                    }
                }
            }
            let array = col.def.function.evaluate(rows, col.stream, &inputs)?;
            if array.len() != rows.len() {
                return exec_err!(
                    "column '{}' produced {} values for {} rows",
                    col.def.name,
                    array.len(),
                    rows.len()
                );
            }
            values[c] = Some(array);
        }
        let mut columns = Vec::with_capacity(plan.output.len());
        for &c in &plan.output {
            match &values[c] {
                Some(a) => columns.push(Arc::clone(a)),
                None => {
                    return exec_err!("column '{}' was not evaluated", self.columns[c].def.name);
                }
            }
        }
        let options = RecordBatchOptions::new().with_row_count(Some(rows.len()));
        Ok(RecordBatch::try_new_with_options(
            Arc::clone(&plan.schema),
            columns,
            &options,
        )?)
    }

    /// Evaluates the row range `start..end`.
    pub fn evaluate_range(&self, plan: &EvalPlan, start: u64, end: u64) -> Result<RecordBatch> {
        if start > end || end > self.rows {
            return exec_err!(
                "row range {start}..{end} is outside table '{}' (0..{})",
                self.name,
                self.rows
            );
        }
        self.evaluate(plan, &Rows::Range(start..end))
    }

    /// Evaluates the rows at `indices` (a lookup): the same values a scan gives for them.
    pub fn evaluate_indices(&self, plan: &EvalPlan, indices: &UInt64Array) -> Result<RecordBatch> {
        if indices.null_count() > 0 {
            return exec_err!("row indices for table '{}' must not be NULL", self.name);
        }
        if let Some(&bad) = indices.values().iter().find(|&&r| r >= self.rows) {
            return exec_err!(
                "row index {bad} is outside table '{}' (0..{})",
                self.name,
                self.rows
            );
        }
        self.evaluate(plan, &Rows::Indices(indices.values()))
    }
}

fn describe(columns: &[ResolvedColumn], i: usize) -> String {
    // Hidden helper columns are shown inline, by their own definition.
    let names: Vec<String> = columns[i]
        .inputs
        .iter()
        .map(|&j| {
            if columns[j].def.hidden {
                describe(columns, j)
            } else {
                columns[j].def.name.clone()
            }
        })
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    columns[i].def.function.describe(&names)
}
