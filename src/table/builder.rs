//! Building a [`SyntheticTable`]: declare columns in any order; the builder resolves their
//! inputs by name, computes the dependency order and rejects unknown names, duplicates
//! and cycles (naming the cycle's path).

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::common::{Result, plan_err};

use super::column::ColumnDef;
use super::model::{ResolvedColumn, SyntheticTable};
use crate::functions::MAX_ROWS;

/// Builder of a [`SyntheticTable`].
#[derive(Debug, Clone)]
pub struct SyntheticTableBuilder {
    name: String,
    rows: u64,
    seed: u64,
    columns: Vec<ColumnDef>,
    descriptor: Option<String>,
    definition: Option<String>,
}

impl SyntheticTableBuilder {
    /// A table called `name` with `rows` rows and seed `seed`.
    pub fn new(name: impl Into<String>, rows: u64, seed: u64) -> Self {
        SyntheticTableBuilder {
            name: name.into(),
            rows,
            seed,
            columns: vec![],
            descriptor: None,
            definition: None,
        }
    }

    /// Adds a column.
    pub fn column(mut self, def: ColumnDef) -> Self {
        self.columns.push(def);
        self
    }

    /// Sets the compact descriptor shown by `EXPLAIN` (defaults to the column definitions).
    pub fn descriptor(mut self, descriptor: impl Into<String>) -> Self {
        self.descriptor = Some(descriptor.into());
        self
    }

    /// Sets the statement that recreates the table (e.g. its `CREATE SYNTHETIC TABLE` text),
    /// shown by `SHOW CREATE TABLE` (defaults to the descriptor).
    pub fn definition(mut self, definition: impl Into<String>) -> Self {
        self.definition = Some(definition.into());
        self
    }

    /// Validates and builds the table.
    pub fn build(self) -> Result<SyntheticTable> {
        if self.rows == 0 || self.rows > MAX_ROWS {
            return plan_err!(
                "invalid row count for table '{}': {}; allowed: an integer in 1..={MAX_ROWS}",
                self.name,
                self.rows
            );
        }
        let mut index = HashMap::new();
        for (i, c) in self.columns.iter().enumerate() {
            if index.insert(c.name.as_str(), i).is_some() {
                return plan_err!(
                    "duplicate column name '{}' in table '{}'",
                    c.name,
                    self.name
                );
            }
        }
        if !self.columns.iter().any(|c| !c.hidden) {
            return plan_err!("table '{}' has no visible column", self.name);
        }
        let mut inputs = Vec::with_capacity(self.columns.len());
        for c in &self.columns {
            c.function
                .check_rows(self.rows)
                .map_err(|e| e.context(format!("column '{}'", c.name)))?;
            if c.inputs.len() != c.function.arity() {
                return plan_err!(
                    "column '{}': {} expects {} input column(s), got {}",
                    c.name,
                    c.function.describe(&[]),
                    c.function.arity(),
                    c.inputs.len()
                );
            }
            let mut resolved = Vec::with_capacity(c.inputs.len());
            for input in &c.inputs {
                match index.get(input.as_str()) {
                    Some(&j) if j == inputs.len() => {
                        return plan_err!("column '{}' references itself", c.name);
                    }
                    Some(&j) => resolved.push(j),
                    None => {
                        return plan_err!(
                            "column '{}' references unknown column '{input}'",
                            c.name
                        );
                    }
                }
            }
            inputs.push(resolved);
        }
        let order = topological_order(&self.columns, &inputs)?;
        let columns = self
            .columns
            .into_iter()
            .zip(inputs)
            .map(|(def, inputs)| {
                let field = Arc::new(def.function.field(&def.name));
                let stream = def.stream_in(self.seed);
                ResolvedColumn {
                    def,
                    inputs,
                    field,
                    stream,
                }
            })
            .collect();
        let mut table = SyntheticTable::new(
            self.name,
            self.rows,
            self.seed,
            columns,
            order,
            self.descriptor,
        )?;
        table.set_definition(self.definition);
        Ok(table)
    }
}

/// Depth-first topological order; a cycle is reported with its path.
fn topological_order(columns: &[ColumnDef], inputs: &[Vec<usize>]) -> Result<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Active,
        Done,
    }
    let mut marks = vec![Mark::New; columns.len()];
    let mut order = Vec::with_capacity(columns.len());
    // Iterative DFS: (node, next input position).
    for root in 0..columns.len() {
        if marks[root] != Mark::New {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        marks[root] = Mark::Active;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&dep) = inputs[node].get(*next) {
                *next += 1;
                match marks[dep] {
                    Mark::New => {
                        marks[dep] = Mark::Active;
                        stack.push((dep, 0));
                    }
                    Mark::Active => {
                        let start = stack.iter().position(|&(n, _)| n == dep).unwrap_or(0);
                        let mut path: Vec<&str> = stack[start..]
                            .iter()
                            .map(|&(n, _)| columns[n].name.as_str())
                            .collect();
                        path.push(columns[dep].name.as_str());
                        return plan_err!("cyclic column references: {}", path.join(" -> "));
                    }
                    Mark::Done => {}
                }
            } else {
                marks[node] = Mark::Done;
                order.push(node);
                stack.pop();
            }
        }
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::{ColumnFunction, PointField, Sequence};

    fn seq(start: i64, step: i64) -> Arc<dyn ColumnFunction> {
        Arc::new(Sequence { start, step })
    }

    fn err(b: SyntheticTableBuilder) -> String {
        b.build().unwrap_err().strip_backtrace()
    }

    #[test]
    fn rejects_bad_definitions() {
        let t = || SyntheticTableBuilder::new("t", 10, 1);
        assert_eq!(
            err(t()
                .column(ColumnDef::new("a", seq(1, 1)))
                .column(ColumnDef::new("a", seq(1, 1)))),
            "Error during planning: duplicate column name 'a' in table 't'"
        );
        assert_eq!(
            err(t().column(ColumnDef::new("x", Arc::new(PointField(0))).with_inputs(["nope"]))),
            "Error during planning: column 'x' references unknown column 'nope'"
        );
        assert_eq!(
            err(t().column(ColumnDef::new("x", Arc::new(PointField(0))).with_inputs(["x"]))),
            "Error during planning: column 'x' references itself"
        );
        assert_eq!(
            err(t()
                .column(ColumnDef::new("a", Arc::new(PointField(0))).with_inputs(["b"]))
                .column(ColumnDef::new("b", Arc::new(PointField(0))).with_inputs(["c"]))
                .column(ColumnDef::new("c", Arc::new(PointField(0))).with_inputs(["a"]))),
            "Error during planning: cyclic column references: a -> b -> c -> a"
        );
        assert_eq!(
            err(t().column(ColumnDef::new("a", seq(1, 1)).hidden())),
            "Error during planning: table 't' has no visible column"
        );
        assert_eq!(
            err(SyntheticTableBuilder::new("t", 0, 1).column(ColumnDef::new("a", seq(1, 1)))),
            "Error during planning: invalid row count for table 't': 0; allowed: an integer in 1..=9223372036854775807"
        );
        assert!(
            err(SyntheticTableBuilder::new("t", 3, 1)
                .column(ColumnDef::new("a", seq(i64::MAX - 1, 1))))
            .contains("sequence(9223372036854775806, 1) overflows BIGINT within 3 rows")
        );
    }

    #[test]
    fn a_stream_override_uses_the_named_call_site() {
        let point = || {
            Arc::new(crate::functions::SpiderPoint(
                crate::generate::spider::PointGenerator {
                    distribution: crate::generate::spider::SpiderDistribution::Uniform(
                        Default::default(),
                    ),
                    affine: None,
                },
            ))
        };
        let t = SyntheticTableBuilder::new("t", 50, 9)
            .column(ColumnDef::new("x", point()))
            .column(ColumnDef::new("helper", point()).with_stream("x", 0))
            .column(ColumnDef::new("other", point()).with_stream("x", 1))
            .build()
            .unwrap();
        let b = t
            .evaluate_range(&t.eval_plan(None).unwrap(), 0, 50)
            .unwrap();
        assert_eq!(b.column(0), b.column(1), "(x, 0) is x's own stream");
        assert_ne!(b.column(0), b.column(2), "(x, 1) is another stream");
    }

    #[test]
    fn orders_columns_by_dependency() {
        // Declared in reverse dependency order; evaluated inputs first.
        let point = crate::functions::SpiderPoint(crate::generate::spider::PointGenerator {
            distribution: crate::generate::spider::SpiderDistribution::Uniform(Default::default()),
            affine: None,
        });
        let t = SyntheticTableBuilder::new("t", 10, 1)
            .column(ColumnDef::new("x", Arc::new(PointField(0))).with_inputs(["p"]))
            .column(ColumnDef::new("p", Arc::new(point)).hidden())
            .build()
            .unwrap();
        let plan = t.eval_plan(None).unwrap();
        assert_eq!(t.computed_columns(&plan), vec!["p", "x"]);
        assert_eq!(t.schema().fields().len(), 1);
    }
}
