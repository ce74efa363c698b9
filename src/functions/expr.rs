//! [`ExprColumn`]: a column computed by a DataFusion physical expression over other columns
//! of the same table (the derived columns of `CREATE SYNTHETIC TABLE`, e.g.
//! `price * qty` or `CASE WHEN … THEN NULL ELSE … END`). The expression is evaluated once
//! per batch, vectorized, by DataFusion's own kernels.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, RecordBatch, RecordBatchOptions};
use datafusion::arrow::datatypes::{DataType, Field, SchemaRef};
use datafusion::common::{Result, exec_err};
use datafusion::physical_expr::PhysicalExpr;

use super::column::ColumnFunction;
use super::rows::Rows;

/// A column computed by a physical expression over its input columns.
///
/// The expression must be deterministic (no volatile functions): the column's values are then
/// a pure function of its inputs' values, which are pure functions of the row.
#[derive(Debug, Clone)]
pub struct ExprColumn {
    expr: Arc<dyn PhysicalExpr>,
    input_schema: SchemaRef,
    data_type: DataType,
    nullable: bool,
    text: String,
    /// The column declared `NOT NULL` whose values are checked at run time, when DataFusion
    /// types the expression as nullable although no input can be NULL (`cos(x)`,
    /// `least(a, b)`): named in the error if a NULL does appear.
    checked: Option<String>,
}

impl ExprColumn {
    /// A column evaluating `expr` (planned against `input_schema`, whose fields are the
    /// input columns in order) to values of `data_type`. `text` is the SQL shown by `EXPLAIN`.
    pub fn new(
        expr: Arc<dyn PhysicalExpr>,
        input_schema: SchemaRef,
        data_type: DataType,
        nullable: bool,
        text: impl Into<String>,
    ) -> Self {
        ExprColumn {
            expr,
            input_schema,
            data_type,
            nullable,
            text: text.into(),
            checked: None,
        }
    }

    /// Declares the values NOT NULL for the column `column` although the expression is typed
    /// nullable: every batch is checked, and a NULL is an error naming the column and row.
    pub fn checked_not_null(mut self, column: impl Into<String>) -> Self {
        self.nullable = false;
        self.checked = Some(column.into());
        self
    }

    /// The schema of the input columns.
    pub fn input_schema(&self) -> &SchemaRef {
        &self.input_schema
    }
}

impl ColumnFunction for ExprColumn {
    fn field(&self, name: &str) -> Field {
        Field::new(name, self.data_type.clone(), self.nullable)
    }

    fn evaluate(&self, rows: &Rows<'_>, _stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let options = RecordBatchOptions::new().with_row_count(Some(rows.len()));
        let batch = RecordBatch::try_new_with_options(
            Arc::clone(&self.input_schema),
            inputs.to_vec(),
            &options,
        )?;
        let array = self.expr.evaluate(&batch)?.into_array(rows.len())?;
        if array.data_type() != &self.data_type {
            return exec_err!(
                "expression {} produced {} values, expected {}",
                self.text,
                array.data_type(),
                self.data_type
            );
        }
        if !self.nullable && array.null_count() > 0 {
            let at = (0..array.len()).find(|&i| array.is_null(i)).unwrap_or(0);
            let row = rows.row(at);
            return match &self.checked {
                Some(column) => exec_err!(
                    "column '{column}' is declared NOT NULL but its expression {} is NULL in row {row} (counting from 0)",
                    self.text
                ),
                None => exec_err!(
                    "expression {} produced NULL for a NOT NULL column in row {row} (counting from 0)",
                    self.text
                ),
            };
        }
        Ok(array)
    }

    fn arity(&self) -> usize {
        self.input_schema.fields().len()
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.text.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::Sequence;
    use datafusion::arrow::array::{AsArray, Int64Array};
    use datafusion::arrow::datatypes::{Int64Type, Schema};
    use datafusion::logical_expr::Operator;
    use datafusion::physical_expr::expressions::{BinaryExpr, Column, Literal};

    #[test]
    fn evaluates_over_inputs_for_ranges_and_indices() {
        let schema = Arc::new(Schema::new(vec![Field::new("a", DataType::Int64, false)]));
        let expr: Arc<dyn PhysicalExpr> = Arc::new(BinaryExpr::new(
            Arc::new(Column::new("a", 0)),
            Operator::Multiply,
            Arc::new(Literal::new(datafusion::common::ScalarValue::Int64(Some(
                3,
            )))),
        ));
        let f = ExprColumn::new(expr, schema, DataType::Int64, false, "a * 3");
        assert_eq!(f.arity(), 1);
        assert_eq!(f.describe(&["a"]), "a * 3");
        let seq = Sequence { start: 1, step: 1 };
        let rows = Rows::Indices(&[4, 0, 2]);
        let a = seq.evaluate(&rows, 0, &[]).unwrap();
        let out = f.evaluate(&rows, 0, &[a]).unwrap();
        assert_eq!(
            out.as_primitive::<Int64Type>(),
            &Int64Array::from(vec![15, 3, 9])
        );
    }
}
